import { ValidationError } from '@helpdesk/errors';
import { Text, Type, compileParser, refineParser } from '@helpdesk/validation';
import type { Automation } from '../domain/automations/automation.js';
import type { ContractEventSample, RunRecord, AutomationListItem } from '../persistence/automation.repository.js';
import { triggers } from '../domain/automations/triggers.js';

const Uuid = Type.String({ format: 'uuid' });
function oneOf<const T extends string>(values: readonly T[]) {
  return Type.Union(values.map((value) => Type.Literal(value)));
}

const Condition = Type.Object(
  {
    field: oneOf(['channel', 'customer', 'customer_group', 'priority', 'status', 'status_from', 'status_to', 'team', 'assignee', 'actor_kind', 'email_automatic']),
    op: oneOf(['in', 'not_in', 'is_true', 'is_false']),
    values: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const Recipient = Type.Object(
  {
    kind: oneOf([
      'requester',
      'contact',
      'assignee',
      'team',
      'notification_group',
      'account_owner',
      'contract_customer_contact',
      'contract_support_contact',
      'contract_support_manager',
    ]),
    groupId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
const Action = Type.Object(
  {
    type: Type.Literal('send_email'),
    templateId: Uuid,
    to: Type.Array(Recipient, { minItems: 1, maxItems: 10 }),
    personal: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const fields = {
  name: Text(200),
  trigger: Type.String({ minLength: 1, maxLength: 64 }),
  conditions: Type.Array(Condition, { maxItems: 20 }),
  actions: Type.Array(Action, { minItems: 1, maxItems: 10 }),
  enabled: Type.Boolean(),
};

const NewAutomation = Type.Object(
  { name: fields.name, trigger: fields.trigger, conditions: Type.Optional(fields.conditions), actions: fields.actions, enabled: Type.Optional(fields.enabled) },
  { additionalProperties: false },
);

/** A new automation: no conditions unless given; enabled unless said otherwise. */
export const parseNewAutomation = refineParser(compileParser(NewAutomation, 'automation'), (parsed) => ({ ...parsed, conditions: parsed.conditions ?? [], enabled: parsed.enabled ?? true }));

export const parseAutomationChange = compileParser(
  Type.Object({ ...Type.Partial(Type.Object(fields)).properties, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false, minProperties: 2 }),
  'change of the automation',
);

export const parseAutomationId = compileParser(Uuid, 'automation id');

/** A ticket trigger is tried on `ticketId`, a contract trigger on the newest event of `contractId` (the newest of any without). */
const dryRunTarget = { ticketId: Type.Optional(Uuid), contractId: Type.Optional(Uuid) };
export const parseDryRun = compileParser(Type.Object(dryRunTarget, { additionalProperties: false }), 'dry run');

export const parseUnsavedAutomationDryRun = refineParser(
  compileParser(Type.Object({ automation: NewAutomation, ...dryRunTarget }, { additionalProperties: false }), 'dry run'),
  ({ automation, ...target }) => ({ automation: { ...automation, conditions: automation.conditions ?? [], enabled: automation.enabled ?? true }, target }),
);

export const parseRunsQuery = compileParser(
  Type.Object({ cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }, { additionalProperties: false }),
  'runs query',
  { coerce: true },
);

/** Opaque to clients: the time and id of the last run of the page before. */
export function encodeRunCursor(run: { at: Date; id: string }): string {
  return Buffer.from(`${run.at.toISOString()}|${run.id}`).toString('base64url');
}

export function decodeRunCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = at ? new Date(at) : undefined;
  if (!date || Number.isNaN(date.getTime()) || !id || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new ValidationError('The cursor is not one this service gave out.', [{ pointer: '/cursor', message: 'is not one this service gave out' }]);
  }
  return { at: date, id };
}

export function automationResponse(automation: Automation | AutomationListItem) {
  return {
    id: automation.id,
    code: automation.code,
    name: automation.name,
    trigger: automation.trigger,
    conditions: automation.conditions,
    actions: automation.actions,
    enabled: automation.enabled,
    version: automation.version,
    createdAt: new Date(automation.createdAt).toISOString(),
    updatedAt: new Date(automation.updatedAt).toISOString(),
    updatedBy: automation.updatedBy,
    ...('lastRunAt' in automation ? { lastRunAt: automation.lastRunAt ? new Date(automation.lastRunAt).toISOString() : null } : {}),
  };
}

export function runResponse(run: RunRecord) {
  return {
    id: run.id,
    at: run.at.toISOString(),
    automationVersion: run.automationVersion,
    eventId: run.eventId,
    eventType: run.eventType,
    ticketId: run.ticketId,
    outcome: run.outcome,
    detail: run.detail,
    emails: run.emails,
  };
}

const contractTriggerKeys = triggers.filter((trigger) => trigger.about === 'contract').map((trigger) => trigger.key);
export const parseSampleContractEventsQuery = compileParser(
  Type.Object({ trigger: Type.Optional(oneOf(contractTriggerKeys)) }, { additionalProperties: false }),
  'sample contract events query',
  { coerce: true },
);

export function sampleContractEventResponse(sample: ContractEventSample) {
  const { contract, ticket } = sample.data as { contract: { description: string; customerId: string }; ticket: { number: number } };
  return {
    eventId: sample.id,
    type: sample.type,
    contractId: sample.contractId,
    description: contract.description,
    customerId: contract.customerId,
    ticketNumber: ticket.number,
    occurredAt: new Date(sample.occurredAt).toISOString(),
  };
}
