import type { Envelope } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';
import { loadDirectoryRows, type DirectoryRows } from '../../persistence/recipient-directory.repository.js';
import type { TicketPatch } from '../../persistence/outgoing-email.repository.js';
import { loadGroupContext, loadTicketContacts } from '../../persistence/projections.repository.js';
import { groupEventOf } from '../notification-groups/fan-out.js';
import { contractGroupEmails } from '../notification-groups/group-emails.js';
import { newMessageId } from '../message-id.js';
import { renderEmail } from '../templates/template-engine.js';
import type { Automation, ConditionField, RecipientKind, RecipientSpec, SendEmailAction } from './automation.js';
import type { Catalogue, CompiledAutomation } from './catalogue.js';
import { allOf, judged } from './conditions.js';
import { contractEventOf, contractRenderValues, inTicketThread, type ContractEvent } from './contract-events.js';
import { outcomeOf, recordRecipients, startRun, ticketSubject, type EmailPlan, type PlanOptions, type PlannedEmail, type RunEntry } from './plan-emails.js';
import { entryOf, onceEach, type ResolvedRecipient } from './recipients.js';

/**
 * Who a group of contract events may email, and the customers' names and groups, from the projections
 * (one statement): the contracts' customer contacts and support people whatever their state (a person who
 * left gets a not-sent row, docs/contracts.md "People who leave"), the account owner and notification
 * groups when an automation names them.
 */
export interface ContractPeople {
  customers: Map<string, { name: string; groupId: string | null }>;
  contacts: Map<string, DirectoryRows['contacts'][number]>;
  staff: Map<string, DirectoryRows['staff'][number]>;
  groupMembers: DirectoryRows['groupMembers'];
  accountOwner: DirectoryRows['accountOwner'];
  /** The contact of each ticket a contract update names (notifier_tickets): who may see it in the portal. */
  ticketContacts: Map<string, string | null>;
}

const unique = (ids: string[]) => [...new Set(ids)];

export async function loadContractPeople(sql: SqlExecutor, events: ContractEvent[], automations: Automation[]): Promise<ContractPeople> {
  const specs = automations.flatMap((automation) => automation.actions.flatMap((action) => action.to));
  const [rows, ticketContacts] = await Promise.all([
    loadDirectoryRows(sql, {
    contactIds: unique(events.map(({ contract }) => contract.customerContactId)),
    staffIds: unique(events.flatMap(({ contract }) => [contract.supportContactId, ...(contract.supportManagerId ? [contract.supportManagerId] : [])])),
    teamIds: [],
    groupIds: unique(specs.flatMap((spec) => (spec.kind === 'notification_group' && spec.groupId ? [spec.groupId] : []))),
    accountOwner: specs.some((spec) => spec.kind === 'account_owner'),
    customerIds: unique(events.map(({ contract }) => contract.customerId)),
    }),
    loadTicketContacts(sql, unique(events.filter(inTicketThread).map(({ ticket }) => ticket.ticketId))),
  ]);
  return {
    customers: new Map(rows.customers.map(({ id, name, groupId }) => [id, { name, groupId }])),
    contacts: new Map(rows.contacts.map((row) => [row.id, row])),
    staff: new Map(rows.staff.map((row) => [row.id, row])),
    groupMembers: rows.groupMembers,
    accountOwner: rows.accountOwner,
    ticketContacts,
  };
}

/**
 * Whether a contract update to this recipient joins the ticket's thread and links to it in the portal
 * (docs/contracts.md "The contract update and the ticket's thread"): only for the ticket's own contact.
 * The customers projection holds no portal visibility, so a contact who might see a colleague's ticket
 * is not assumed to; anyone else gets the update unthreaded, or a reply would become a note on a ticket
 * they cannot open.
 */
function mayFollowTicket(recipient: ResolvedRecipient, event: ContractEvent, people: ContractPeople): boolean {
  return (
    inTicketThread(event) &&
    recipient.kind === 'contract_customer_contact' &&
    people.ticketContacts.get(event.ticket.ticketId) === event.contract.customerContactId
  );
}

/** A subject without the `[Ticket #N]` tag a template may carry: an email outside the thread must not be filed on the ticket. */
function withoutTicketTag(subject: string): string {
  return subject.replace(/\[Ticket #\d+\]\s*/gi, '').trim();
}

/** A person the contract names: an address, and why it may not be emailed (deactivated, a contact now of another customer). */
function personOf(kind: RecipientKind, row: { active: boolean; address: string | null; name: string | null; customerId?: string } | undefined, customerId?: string): ResolvedRecipient {
  if (!row?.address) return { kind, reason: 'recipient_unavailable' };
  const recipient = { kind, ...entryOf({ address: row.address, name: row.name }) };
  if (!row.active) return { ...recipient, reason: 'recipient_deactivated' };
  if (customerId !== undefined && row.customerId !== customerId) return { ...recipient, reason: 'contact_moved' };
  return recipient;
}

/** The recipients of a contract event's action, each address once; a contract without a support manager has no such recipient. */
export function resolveContractRecipients(specs: RecipientSpec[], event: ContractEvent, people: ContractPeople): ResolvedRecipient[] {
  const { contract } = event;
  return onceEach(
    specs.flatMap((spec): ResolvedRecipient[] => {
      switch (spec.kind) {
        case 'contract_customer_contact':
          return [personOf(spec.kind, people.contacts.get(contract.customerContactId), contract.customerId)];
        case 'contract_support_contact':
          return [personOf(spec.kind, people.staff.get(contract.supportContactId))];
        case 'contract_support_manager':
          return contract.supportManagerId ? [personOf(spec.kind, people.staff.get(contract.supportManagerId))] : [];
        case 'account_owner':
          return [people.accountOwner ? { kind: spec.kind, ...entryOf({ address: people.accountOwner.email, name: people.accountOwner.name }) } : { kind: spec.kind, reason: 'recipient_unavailable' }];
        case 'notification_group': {
          // A group is the customer's: it never hears of another customer's contracts.
          const members = people.groupMembers.filter((member) => member.groupId === spec.groupId && member.customerId === contract.customerId);
          if (members.length === 0) return [{ kind: spec.kind, groupId: spec.groupId, reason: 'recipient_unavailable' }];
          return members.map((member) => ({ kind: spec.kind, groupId: spec.groupId, ...entryOf(member) }));
        }
        default:
          // A ticket's people: validation refuses them on a contract trigger.
          return [{ kind: spec.kind, reason: 'recipient_unavailable' }];
      }
    }),
  );
}

/** The value a condition field has for a contract event: its customer, and that customer's group (the projection's). */
function contractConditionValue(field: ConditionField, event: ContractEvent, people: ContractPeople): string | null {
  if (field === 'customer') return event.contract.customerId;
  if (field === 'customer_group') return people.customers.get(event.contract.customerId)?.groupId ?? null;
  return null;
}

/**
 * What `automations` do about a contract event: for each, its conditions, then per action the recipients,
 * each with the email rendered for them (the recipient's name is a placeholder). A person who left gets a
 * row that is logged and never sent, with the reason. Auto-generated; the contract update in the ticket's
 * thread (contract-events.ts inTicketThread). Pure: the consumer and the dry run both call it.
 */
export function planContractEmails(
  event: ContractEvent,
  automations: CompiledAutomation[],
  catalogue: Pick<Catalogue, 'templates'>,
  people: ContractPeople,
  options: PlanOptions,
): EmailPlan {
  const plan: EmailPlan = { emails: [], runs: [] };
  for (const { automation } of automations) {
    const run = startRun(automation, event, event.ticket.ticketId, options);
    plan.runs.push(run);
    const evaluated = allOf(automation.conditions.map((condition) => judged(condition, contractConditionValue(condition.field, event, people))));
    run.detail.conditions = evaluated.conditions;
    if (!evaluated.passed) continue;
    const addressed = new Set<string>();
    for (const action of automation.actions) {
      const emails = contractEmailsOfAction(automation, action, event, catalogue, people, options, run, addressed);
      plan.emails.push(...emails);
      run.emailIds.push(...emails.map((email) => email.id));
    }
    run.outcome = outcomeOf(run, plan.emails);
  }
  return plan;
}

/** Reasons that still leave a row in the email log (an address the email would have gone to). */
const loggedReasons = new Set(['recipient_deactivated', 'contact_moved']);

function contractEmailsOfAction(
  automation: Automation,
  action: SendEmailAction,
  event: ContractEvent,
  catalogue: Pick<Catalogue, 'templates'>,
  people: ContractPeople,
  options: PlanOptions,
  run: RunEntry,
  addressed: Set<string>,
): PlannedEmail[] {
  const recipients = recordRecipients(run, resolveContractRecipients(action.to, event, people), addressed);
  const rows = recipients.filter((recipient) => recipient.address && (!recipient.reason || loggedReasons.has(recipient.reason)));
  if (rows.length === 0) return [];
  const template = catalogue.templates.get(action.templateId);
  if (!template?.compiled) {
    run.detail.notSent.push({ reason: 'template_missing', detail: `Template ${action.templateId} is not there (or no longer parses).` });
    return [];
  }
  const compiled = template.compiled;
  const customerName = people.customers.get(event.contract.customerId)?.name ?? null;
  return rows.flatMap((recipient): PlannedEmail[] => {
    const toAddress = recipient.address!;
    const threaded = mayFollowTicket(recipient, event, people);
    let rendered;
    try {
      rendered = renderEmail(compiled, contractRenderValues(event, customerName, recipient.name, threaded, options), { portalEnabled: options.portal.enabled, portalUrl: options.portal.url });
    } catch (error) {
      run.detail.notSent.push({ kind: recipient.kind, to: toAddress, reason: 'render_failed', detail: `Template ${template.key}: ${(error as Error).message}`.slice(0, 500) });
      return [];
    }
    addressed.add(toAddress.toLowerCase());
    if (!recipient.reason && rendered.portalLinkRendered) {
      run.detail.notSent.push({ kind: recipient.kind, to: toAddress, reason: 'portal_disabled', detail: `Template ${template.key} shows a portal link while the portal is switched off.` });
    }
    return [
      {
        id: options.newId(),
        messageId: newMessageId(options.sender),
        kind: `automation:${automation.code}`,
        toAddress,
        subject: threaded ? ticketSubject(rendered.subject, event.ticket.number) : withoutTicketTag(rendered.subject).slice(0, 300),
        textBody: rendered.text,
        htmlBody: rendered.html,
        causedByEvent: event.id,
        ticketId: threaded ? event.ticket.ticketId : null,
        // In the ticket's thread: In-Reply-To, References and Reply-To from notifier_tickets, in the insert.
        threadFromTicket: threaded,
        autoSubmitted: 'auto-generated',
        throttled: false,
        source: 'automation',
        templateKey: template.key,
        automationId: automation.id,
        automationCode: automation.code,
        notSentReason: recipient.reason ?? (rendered.portalLinkRendered ? 'portal_disabled' : null),
      },
    ];
  });
}

/**
 * What a group's contract events do: the automations they trigger, planned with planContractEmails on
 * the projections read once for the group, and the customers' notification groups that take the event
 * (only read when the catalogue knows the customer has some); nothing is read when neither applies.
 */
export async function planContractEvents(
  sql: SqlExecutor,
  envelopes: Envelope[],
  catalogue: Catalogue,
  options: PlanOptions,
): Promise<{ emails: Array<{ email: PlannedEmail; cause: Envelope }>; runs: RunEntry[]; tickets: TicketPatch[] }> {
  const events = envelopes.map((envelope) => ({ envelope, event: contractEventOf(envelope), automations: catalogue.enabledByEvent.get(envelope.type) ?? [] }));
  // Notification groups (seed 004) that may take the event: read only for customers the catalogue knows to have groups.
  const grouped = events.filter(({ event }) => catalogue.customersWithGroups.has(event.contract.customerId) && groupEventOf({ type: event.type }) !== undefined);
  const planned = events.filter((entry) => entry.automations.length > 0 || grouped.includes(entry));
  if (planned.length === 0) return { emails: [], runs: [], tickets: [] };
  const [people, groupContext] = await Promise.all([
    loadContractPeople(
      sql,
      planned.map(({ event }) => event),
      planned.flatMap(({ automations }) => automations.map(({ automation }) => automation)),
    ),
    loadGroupContext(sql, [...new Set(grouped.map(({ event }) => event.contract.customerId))]),
  ]);
  const plan = { emails: [] as Array<{ email: PlannedEmail; cause: Envelope }>, runs: [] as RunEntry[], tickets: [] as TicketPatch[] };
  for (const { envelope, event, automations } of planned) {
    const { emails, runs } = planContractEmails(event, automations, catalogue, people, options);
    const customerName = people.customers.get(event.contract.customerId)?.name ?? null;
    const emailed = new Set(emails.filter((email) => !email.notSentReason).map((email) => email.toAddress.toLowerCase()));
    const groupMails = grouped.some((entry) => entry.event === event) ? contractGroupEmails(event, customerName, groupContext, catalogue, options, emailed) : [];
    plan.emails.push(...[...emails, ...groupMails].map((email) => ({ email, cause: envelope })));
    plan.runs.push(...runs);
    // A threaded update joins the ticket's thread: later emails' References name it. Version 0: it changes no fact of the ticket.
    const threadIds = emails.filter((email) => email.threadFromTicket && !email.notSentReason).map((email) => email.messageId);
    if (threadIds.length > 0) plan.tickets.push({ ticketId: event.ticket.ticketId, number: event.ticket.number, version: 0, eventIds: [event.id], known: {}, threadIds });
  }
  return plan;
}
