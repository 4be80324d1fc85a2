import { permissions } from '@helpdesk/http';
import { route, tagged, type RouteDescription } from '@helpdesk/openapi';
import { parseAllocation, parseCustomerSearch, parseEmailAccountChange, parseEmailAccountId, parseNewEmailAccount } from './email-accounts.schemas.js';
import { parseInboundEmailId, parseInboundEmailList } from './inbound-emails.schemas.js';

const manager = { auth: 'staff', permission: permissions.manageEmailAccounts.name, description: 'The administrator must reach every customer (no team restriction).' } as const;
const account = { id: parseEmailAccountId };
const email = { id: parseInboundEmailId };

// Each route once: the routes files serve these (libs/openapi `serve`), mailIngestApi below describes them.
export const listEmailAccountsRoute = route({ method: 'get', path: '/api/email-accounts', summary: 'The mailboxes tickets come from', ...manager, responses: { 200: 'The accounts, without their secrets.' } });
export const createEmailAccountRoute = route({ method: 'post', path: '/api/email-accounts', summary: 'Add a mailbox (IMAP, password or OAuth 2)', ...manager, body: parseNewEmailAccount, responses: { 201: 'The account, after its connection test; Location names it.' } });
export const customerSearchRoute = route({ method: 'get', path: '/api/email-accounts/customer-search', summary: 'Customers to allocate a mailbox to, by name', ...manager, query: parseCustomerSearch, responses: { 200: 'The customers found.' } });
export const getEmailAccountRoute = route({ method: 'get', path: '/api/email-accounts/{id}', summary: 'A mailbox', ...manager, params: account, responses: { 200: 'The account, without its secrets.' } });
export const changeEmailAccountRoute = route({ method: 'patch', path: '/api/email-accounts/{id}', summary: 'Edit a mailbox', ...manager, params: account, body: parseEmailAccountChange, responses: { 200: 'The account as changed.' } });
export const deleteEmailAccountRoute = route({ method: 'delete', path: '/api/email-accounts/{id}', summary: 'Delete a mailbox (what it brought stays)', ...manager, params: account, responses: { 204: 'Deleted.' } });
export const allocateEmailAccountRoute = route({ method: 'put', path: '/api/email-accounts/{id}/allocation', summary: 'Which customers a mailbox is for', ...manager, params: account, body: parseAllocation, responses: { 200: 'The account as changed.' } });

export const listInboundEmailsRoute = route({ method: 'get', path: '/api/inbound-emails', summary: 'Inbound emails and what became of them (filed, quarantined, …)', ...manager, query: parseInboundEmailList, responses: { 200: 'A page of emails and nextCursor.' } });
export const getInboundEmailRoute = route({ method: 'get', path: '/api/inbound-emails/{id}', summary: 'One inbound email', ...manager, params: email, responses: { 200: 'The email and its outcome.' } });
export const rawInboundEmailRoute = route({ method: 'get', path: '/api/inbound-emails/{id}/raw', summary: 'The raw source of an inbound email, as a download', ...manager, params: email, responses: { 200: { description: 'The message as received.', contentType: 'message/rfc822' } } });
export const retryInboundEmailRoute = route({ method: 'post', path: '/api/inbound-emails/{id}/retry', summary: 'Process a quarantined email again', ...manager, params: email, responses: { 202: 'The email, queued for processing.' } });

/** mail-ingest's public API (the gateway forwards /api/email-accounts and /api/inbound-emails). Its internal listener's /internal/attachments is for the tickets service only. */
export const mailIngestApi: RouteDescription[] = [
  ...tagged(['Email accounts'], listEmailAccountsRoute, createEmailAccountRoute, customerSearchRoute, getEmailAccountRoute, changeEmailAccountRoute, deleteEmailAccountRoute, allocateEmailAccountRoute),
  ...tagged(['Inbound email'], listInboundEmailsRoute, getInboundEmailRoute, rawInboundEmailRoute, retryInboundEmailRoute),
];
