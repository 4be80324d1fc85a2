import { permissions } from '@helpdesk/http';
import { tagged, type RouteDescription } from '@helpdesk/openapi';
import { parseContractChangeBody, parseContractEnd, parseContractId, parseContractQuery, parseNewContract } from './contracts.schemas.js';
import { parseNewTimeEntry, parseTimeEntryQuery, parseTimeEntryChanges, parseTimeEntryDeletion, parseTimeEntryId } from './time-entries.schemas.js';

const manageContracts = permissions.manageContracts.name;
const rules = 'A field that breaks a rule is a 422 naming it (docs/contracts.md); a stale version a 409.';
const contract = { id: parseContractId };
const timeEntry = { id: parseTimeEntryId };

/** The contracts service's public API (the gateway forwards /api/contracts, /api/time-entries and /api/portal/contracts). */
export const contractsApi: RouteDescription[] = [
  ...tagged(
    ['Contracts'],
    { method: 'post', path: '/api/contracts', summary: 'Create a contract of a customer', description: rules, auth: 'staff', permission: manageContracts, body: parseNewContract, responses: { 201: 'The contract; Location names it.' } },
    { method: 'get', path: '/api/contracts', summary: 'The contracts of the customers the agent reaches', auth: 'staff', query: parseContractQuery, responses: { 200: 'The contracts.' } },
    { method: 'get', path: '/api/contracts/{id}', summary: 'A contract with its hours used', auth: 'staff', params: contract, responses: { 200: 'The contract.' } },
    { method: 'patch', path: '/api/contracts/{id}', summary: 'Edit a contract (with the version read)', description: rules, auth: 'staff', permission: manageContracts, params: contract, body: parseContractChangeBody, responses: { 200: 'The contract as changed.' } },
    { method: 'post', path: '/api/contracts/{id}/end', summary: 'End a contract (today unless a date is given)', description: rules, auth: 'staff', permission: manageContracts, params: contract, body: parseContractEnd, optionalBody: true, responses: { 200: 'The contract as ended.' } },
  ),
  ...tagged(
    ['Time entries'],
    { method: 'post', path: '/api/time-entries', summary: 'Log time on a ticket (against its contract, if any)', description: rules, auth: 'staff', body: parseNewTimeEntry, responses: { 201: 'The time entry and the contract’s hours after it; Location names it.' } },
    {
      method: 'get',
      path: '/api/time-entries',
      summary: 'The time logged on a ticket, or billed to a contract',
      description: 'With ticketId: `{ticketId, totalMinutes, entries}`, staff reaching the ticket’s customer. With contractId: `{contractId, items, nextCursor}`, the last logged first, each item with its ticket’s number and subject and `loggedAt`; staff reaching the contract’s customer (404 beyond, as if it did not exist).',
      auth: 'staff',
      query: parseTimeEntryQuery,
      responses: { 200: 'The time entries.' },
    },
    {
      method: 'patch',
      path: '/api/time-entries/{id}',
      summary: 'Edit a time entry',
      description: `One’s own; another agent’s with the "${permissions.manageTimeEntries.name}" permission. ${rules}`,
      auth: 'staff',
      params: timeEntry,
      body: parseTimeEntryChanges,
      responses: { 200: 'The time entry and the contract’s hours after it.' },
    },
    {
      method: 'delete',
      path: '/api/time-entries/{id}',
      summary: 'Delete a time entry',
      description: `With the version read, in the query (or as a JSON body). One’s own; another agent’s with the "${permissions.manageTimeEntries.name}" permission.`,
      auth: 'staff',
      params: timeEntry,
      query: parseTimeEntryDeletion,
      responses: { 200: 'The deleted entry and the contract’s hours after it.' },
    },
  ),
  { method: 'get', path: '/api/portal/contracts', summary: 'The contracts of the contact’s customer', tags: ['Portal: contracts'], auth: 'contact', responses: { 200: 'The contracts, with their hours used.' } },
];
