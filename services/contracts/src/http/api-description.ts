import { permissions } from '@helpdesk/http';
import { route, tagged, type RouteDescription } from '@helpdesk/openapi';
import { ContractBody, ContractList, parseContractChange, parseContractEnd, parseContractId, parseContractQuery, parseNewContract } from './contracts.schemas.js';
import { TimeEntriesBody, TimeChangeBody, parseNewTimeEntry, parseTimeEntryQuery, parseTimeEntryChanges, parseTimeEntryDeletion, parseTimeEntryId } from './time-entries.schemas.js';

const manageContracts = permissions.manageContracts.name;
const rules = 'A field that breaks a rule is a 422 naming it (docs/contracts.md); a stale version a 409.';
const contract = { id: parseContractId };
const timeEntry = { id: parseTimeEntryId };

// Each route once: the routes files serve these (libs/openapi `serve`), the list below describes them.
export const createContractRoute = route({ method: 'post', path: '/api/contracts', summary: 'Create a contract of a customer', description: rules, auth: 'staff', permission: manageContracts, body: parseNewContract, responses: { 201: { description: 'The contract; Location names it.', schema: ContractBody } } });
export const listContractsRoute = route({ method: 'get', path: '/api/contracts', summary: 'The contracts of the customers the agent reaches', auth: 'staff', query: parseContractQuery, responses: { 200: { description: 'The contracts.', schema: ContractList } } });
export const getContractRoute = route({ method: 'get', path: '/api/contracts/{id}', summary: 'A contract with its hours used', auth: 'staff', params: contract, responses: { 200: 'The contract.' } });
export const changeContractRoute = route({ method: 'patch', path: '/api/contracts/{id}', summary: 'Edit a contract (with the version read)', description: rules, auth: 'staff', permission: manageContracts, params: contract, body: parseContractChange, responses: { 200: { description: 'The contract as changed.', schema: ContractBody } } });
export const endContractRoute = route({ method: 'post', path: '/api/contracts/{id}/end', summary: 'End a contract (today unless a date is given)', description: rules, auth: 'staff', permission: manageContracts, params: contract, body: parseContractEnd, optionalBody: true, responses: { 200: { description: 'The contract as ended.', schema: ContractBody } } });

export const logTimeRoute = route({ method: 'post', path: '/api/time-entries', summary: 'Log time on a ticket (against its contract, if any)', description: rules, auth: 'staff', body: parseNewTimeEntry, responses: { 201: { description: 'The time entry and the contract’s hours after it; Location names it.', schema: TimeChangeBody } } });
export const timeEntriesRoute = route({
  method: 'get',
  path: '/api/time-entries',
  summary: 'The time logged on a ticket, or billed to a contract',
  description:
    'With ticketId: `{ticketId, totalMinutes, entries}`, staff reaching the ticket’s customer. With contractId: `{contractId, items, nextCursor}`, the last logged first, each item with its ticket’s number and subject and `loggedAt`; staff reaching the contract’s customer (404 beyond, as if it did not exist).',
  auth: 'staff',
  query: parseTimeEntryQuery,
  responses: { 200: { description: 'The time entries.', schema: TimeEntriesBody } },
});
export const changeTimeEntryRoute = route({
  method: 'patch',
  path: '/api/time-entries/{id}',
  summary: 'Edit a time entry',
  description: `One’s own; another agent’s with the "${permissions.manageTimeEntries.name}" permission. ${rules}`,
  auth: 'staff',
  params: timeEntry,
  body: parseTimeEntryChanges,
  responses: { 200: { description: 'The time entry and the contract’s hours after it.', schema: TimeChangeBody } },
});
export const deleteTimeEntryRoute = route({
  method: 'delete',
  path: '/api/time-entries/{id}',
  summary: 'Delete a time entry',
  description: `With the version read, in the query or as a JSON body (one of them is required). One’s own; another agent’s with the "${permissions.manageTimeEntries.name}" permission.`,
  auth: 'staff',
  params: timeEntry,
  query: parseTimeEntryDeletion,
  body: parseTimeEntryDeletion,
  optionalBody: true,
  responses: { 200: { description: 'The deleted entry and the contract’s hours after it.', schema: TimeChangeBody } },
});

export const portalContractsRoute = route({ method: 'get', path: '/api/portal/contracts', summary: 'The contracts of the contact’s customer', tags: ['Portal: contracts'], auth: 'contact', responses: { 200: 'The contracts, with their hours used.' } });

/** The contracts service's public API (the gateway forwards /api/contracts, /api/time-entries and /api/portal/contracts). */
export const contractsApi: RouteDescription[] = [
  ...tagged(['Contracts'], createContractRoute, listContractsRoute, getContractRoute, changeContractRoute, endContractRoute),
  ...tagged(['Time entries'], logTimeRoute, timeEntriesRoute, changeTimeEntryRoute, deleteTimeEntryRoute),
  portalContractsRoute,
];
