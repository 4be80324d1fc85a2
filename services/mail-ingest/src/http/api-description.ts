import { permissions } from '@helpdesk/http';
import { tagged, type RouteDescription } from '@helpdesk/openapi';
import { parseAllocation, parseCustomerSearch, parseEmailAccountChange, parseEmailAccountId, parseNewEmailAccount } from './email-accounts.schemas.js';
import { parseInboundEmailId, parseInboundEmailList } from './inbound-emails.schemas.js';

const manager = { auth: 'staff', permission: permissions.manageEmailAccounts.name, description: 'The administrator must reach every customer (no team restriction).' } as const;
const account = { id: parseEmailAccountId };
const email = { id: parseInboundEmailId };

/** mail-ingest's public API (the gateway forwards /api/email-accounts and /api/inbound-emails). Its internal listener's /internal/attachments is for the tickets service only. */
export const mailIngestApi: RouteDescription[] = [
  ...tagged(['Email accounts'],
    { method: 'get', path: '/api/email-accounts', summary: 'The mailboxes tickets come from', ...manager, responses: { 200: 'The accounts, without their secrets.' } },
    { method: 'post', path: '/api/email-accounts', summary: 'Add a mailbox (IMAP, password or OAuth 2)', ...manager, body: parseNewEmailAccount, responses: { 201: 'The account, after its connection test; Location names it.' } },
    { method: 'get', path: '/api/email-accounts/customer-search', summary: 'Customers to allocate a mailbox to, by name', ...manager, query: parseCustomerSearch, responses: { 200: 'The customers found.' } },
    { method: 'get', path: '/api/email-accounts/{id}', summary: 'A mailbox', ...manager, params: account, responses: { 200: 'The account, without its secrets.' } },
    { method: 'patch', path: '/api/email-accounts/{id}', summary: 'Edit a mailbox', ...manager, params: account, body: parseEmailAccountChange, responses: { 200: 'The account as changed.' } },
    { method: 'delete', path: '/api/email-accounts/{id}', summary: 'Delete a mailbox (what it brought stays)', ...manager, params: account, responses: { 204: 'Deleted.' } },
    { method: 'put', path: '/api/email-accounts/{id}/allocation', summary: 'Which customers a mailbox is for', ...manager, params: account, body: parseAllocation, responses: { 200: 'The account as changed.' } },
  ),
  ...tagged(['Inbound email'],
    { method: 'get', path: '/api/inbound-emails', summary: 'Inbound emails and what became of them (filed, quarantined, …)', ...manager, query: parseInboundEmailList, responses: { 200: 'A page of emails and nextCursor.' } },
    { method: 'get', path: '/api/inbound-emails/{id}', summary: 'One inbound email', ...manager, params: email, responses: { 200: 'The email and its outcome.' } },
    { method: 'get', path: '/api/inbound-emails/{id}/raw', summary: 'The raw source of an inbound email, as a download', ...manager, params: email, responses: { 200: { description: 'The message as received.', contentType: 'message/rfc822' } } },
    { method: 'post', path: '/api/inbound-emails/{id}/retry', summary: 'Process a quarantined email again', ...manager, params: email, responses: { 202: 'The email, queued for processing.' } },
  ),
];
