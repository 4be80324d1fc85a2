import { Text, Type, compileParser, guardParser, invalidInput, refineParser, type ParserOf, type Static } from '@helpdesk/validation';
import { CalendarDate, ContractSnapshot, roundedHours } from '@helpdesk/contracts-schema';
import type { Contract, ContractFields, ContractState } from '../persistence/contract.repository.js';
import { calendarDay, contractFields, hourFigures } from '../domain/contracts/contract.js';
import type { ContractDetail } from '../domain/contracts/get-contract.js';
import type { PortalContract } from '../domain/contracts/list-portal-contracts.js';

// docs/contracts.md: every field rule answers 422 naming the field and the rule; the rules between
// fields and the people are checked by the domain (domain/contracts/field-rules.ts).
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
/** Hours with at most two decimals, as the events carry them. */
const Hours = Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, multipleOf: 0.01 });

const fieldSchemas = {
  description: Text(200),
  purchaseOrderNumber: Nullable(Type.String({ maxLength: 100 })),
  customerContactId: Uuid,
  supportContactId: Uuid,
  supportManagerId: Nullable(Uuid),
  startDate: Nullable(CalendarDate),
  endDate: Nullable(CalendarDate),
  hourRestriction: Type.Boolean(),
  contractHours: Nullable(Hours),
  thresholdHours: Nullable(Hours),
};
const optional = <K extends keyof typeof fieldSchemas>(key: K) => Type.Optional(fieldSchemas[key]);

const parseNew = compileParser(
  Type.Object(
    {
      customerId: Uuid,
      description: fieldSchemas.description,
      purchaseOrderNumber: optional('purchaseOrderNumber'),
      customerContactId: fieldSchemas.customerContactId,
      supportContactId: fieldSchemas.supportContactId,
      supportManagerId: optional('supportManagerId'),
      startDate: optional('startDate'),
      endDate: optional('endDate'),
      hourRestriction: Type.Boolean({ default: false }),
      contractHours: optional('contractHours'),
      thresholdHours: optional('thresholdHours'),
    },
    { additionalProperties: false },
  ),
  'contract',
  { unprocessable: true },
);

const changeSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    description: optional('description'),
    purchaseOrderNumber: optional('purchaseOrderNumber'),
    customerContactId: optional('customerContactId'),
    supportContactId: optional('supportContactId'),
    supportManagerId: optional('supportManagerId'),
    startDate: optional('startDate'),
    endDate: optional('endDate'),
    hourRestriction: optional('hourRestriction'),
    contractHours: optional('contractHours'),
    thresholdHours: optional('thresholdHours'),
  },
  { additionalProperties: false },
);
export const parseNewContract = refineParser(parseNew, ({ customerId, ...input }): { customerId: string; fields: ContractFields } => ({
  customerId,
  fields: normalised({ supportManagerId: null, startDate: null, endDate: null, contractHours: null, thresholdHours: null, ...input }) as ContractFields,
}));

/** A contract change: its schema's, but a customerId is explained first (the schema would only call it not allowed). */
export const parseContractChange = refineParser(
  guardParser(compileParser(changeSchema, 'contract change', { unprocessable: true }), (body) => {
    if (body !== null && typeof body === 'object' && 'customerId' in body) {
      throw invalidInput('contract change', [{ pointer: '/customerId', message: 'cannot be changed: a contract stays with the customer it was created for' }]);
    }
  }),
  ({ version, ...changes }): { version: number; changes: Partial<ContractFields> } => ({ version, changes: normalised(changes) }),
);

/**
 * Text trimmed; an empty purchase order number is none; hours rounded to the two decimals they are stored
 * with (`multipleOf 0.01` lets 9.999999999999 through), so the rules between them judge what is saved.
 */
function normalised(fields: Partial<Static<typeof changeSchema>>): Partial<ContractFields> {
  const hours = (value: number | null) => (value === null ? null : roundedHours(value));
  return {
    ...fields,
    ...(fields.description !== undefined && { description: fields.description.trim() }),
    ...(fields.purchaseOrderNumber !== undefined && { purchaseOrderNumber: fields.purchaseOrderNumber?.trim() || null }),
    ...(fields.contractHours !== undefined && { contractHours: hours(fields.contractHours) }),
    ...(fields.thresholdHours !== undefined && { thresholdHours: hours(fields.thresholdHours) }),
  };
}

export const parseContractEnd = compileParser(
  Type.Object({ endDate: Type.Optional(CalendarDate), version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
  'contract end',
  { unprocessable: true },
);

export const parseContractQuery = compileParser(
  Type.Object(
    {
      customerId: Uuid,
      state: Type.Union([Type.Literal('current'), Type.Literal('ended'), Type.Literal('all')], { default: 'all' }),
    },
    { additionalProperties: false },
  ),
  'query',
  { coerce: true, unprocessable: true },
) as ParserOf<{ customerId: string; state: ContractState }>;

export const parseContractId = compileParser(Uuid, 'contract id');

const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const { contractId: _id, ...contractState } = ContractSnapshot.properties;

/** A contract as the API answers it: contractResponse is typed by it and the description gives it, so they cannot part. */
export const ContractBody = Type.Object({
  id: Uuid,
  ...contractState,
  usedHours: Type.Number(),
  remainingMinutes: NullableInteger,
  remainingHours: NullableNumber,
  overageMinutes: NullableInteger,
  overageHours: NullableNumber,
  thresholdReached: Type.Boolean({ description: 'The used time is at or above the threshold.' }),
  version: Type.Integer({ minimum: 1, description: 'The version of the fields, which PATCH and /end take.' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ContractList = Type.Object({ items: Type.Array(ContractBody) });

export function contractResponse(contract: Contract): Static<typeof ContractBody> {
  return {
    id: contract.id,
    customerId: contract.customerId,
    ...contractFields(contract),
    endedOn: calendarDay(contract.endedOn),
    ...hourFigures(contract),
    // The fields' version, which PATCH and /end check: time logged on the contract does not move it.
    version: contract.detailsVersion,
    createdAt: contract.createdAt.toISOString(),
    updatedAt: contract.updatedAt.toISOString(),
  };
}

export function contractDetailResponse({ contract, names, attention, history }: ContractDetail) {
  const nameOf = (id: string | null) => (id === null ? null : (names[id] ?? null));
  return {
    ...contractResponse(contract),
    customerContactName: nameOf(contract.customerContactId),
    supportContactName: nameOf(contract.supportContactId),
    supportManagerName: nameOf(contract.supportManagerId),
    attention,
    history: history.map((line) => ({ kind: line.kind, actorId: line.actorId, actorName: line.actorName, detail: line.detail, at: line.at.toISOString() })),
  };
}

/** What a customer's contact sees: no history, no staff but the support contact's name. */
export function portalContractResponse({ contract, supportContactName }: PortalContract) {
  const { usedMinutes, usedHours, remainingMinutes, remainingHours } = hourFigures(contract);
  return {
    id: contract.id,
    description: contract.description,
    purchaseOrderNumber: contract.purchaseOrderNumber,
    startDate: calendarDay(contract.startDate),
    endDate: calendarDay(contract.endDate),
    hourRestriction: contract.hourRestriction,
    contractHours: contract.contractHours?.toNumber() ?? null,
    usedMinutes,
    usedHours,
    remainingMinutes,
    remainingHours,
    supportContactName,
  };
}
