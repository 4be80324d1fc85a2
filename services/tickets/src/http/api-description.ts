import { route, tagged, type RouteDescription } from '@helpdesk/openapi';
import { parseAttachmentId } from './attachments.schemas.js';
import { parseNoteId, parsePortalEmailHtmlQuery, parseStaffEmailHtmlQuery } from './email-html.schemas.js';
import { parsePortalListQuery, parsePortalNewTicket, parsePortalNote } from './portal-tickets.schemas.js';
import { AddedNote, TicketBody, TicketPage, parseAssignment, parseListQuery, parseNewNote, parseNewTicket, parseNotesQuery, parseStatusChange, parseTicketEdit, parseTicketId } from './tickets.schemas.js';

const ticket = { id: parseTicketId };
const ticketNote = { id: parseTicketId, noteId: parseNoteId };
/** An email's sanitised HTML as a document for a sandboxed frame (docs/web.md, "Email HTML"). */
const emailHtml = { 200: { description: 'The sanitised HTML as a document of its own, under its own Content-Security-Policy (no script; remote images inert unless allowed).', contentType: 'text/html' } };
const ifMatch = [{ name: 'If-Match', required: true, description: 'The ticket version the change is based on, as its ETag gave it ("7"); a stale one is a 409 of type `…/stale-version` whose ETag names the current version.' }];

// Each route once: the routes files serve these (libs/openapi `serve`), ticketsApi below describes them.
export const createTicketRoute = route({ method: 'post', path: '/api/tickets', summary: 'Create a ticket', description: 'Adding a new contact on the way needs the manage-contacts permission.', auth: 'staff', body: parseNewTicket, responses: { 201: { description: 'The ticket, with its ETag; Location names it.', schema: TicketBody } } });
export const listTicketsRoute = route({ method: 'get', path: '/api/tickets', summary: 'List tickets the agent may see', description: 'Keyset-paged: pass nextCursor as cursor for the next page.', auth: 'staff', query: parseListQuery, responses: { 200: { description: 'A page of tickets and nextCursor.', schema: TicketPage } } });
export const getTicketRoute = route({ method: 'get', path: '/api/tickets/{id}', summary: 'A ticket with its newest notes, history and attachments', auth: 'staff', params: ticket, responses: { 200: 'The ticket; its ETag is its version.' } });
export const editTicketRoute = route({ method: 'patch', path: '/api/tickets/{id}', summary: 'Edit a ticket', auth: 'staff', params: ticket, headers: ifMatch, body: parseTicketEdit, responses: { 200: { description: 'The ticket as changed, with its new ETag.', schema: TicketBody } } });
export const assignTicketRoute = route({ method: 'put', path: '/api/tickets/{id}/assignment', summary: 'Assign a ticket to a team or an agent', auth: 'staff', params: ticket, headers: ifMatch, body: parseAssignment, responses: { 200: { description: 'The ticket as changed, with its new ETag.', schema: TicketBody } } });
export const changeStatusRoute = route({ method: 'put', path: '/api/tickets/{id}/status', summary: 'Change the status of a ticket', auth: 'staff', params: ticket, headers: ifMatch, body: parseStatusChange, responses: { 200: { description: 'The ticket as changed, with its new ETag.', schema: TicketBody } } });
export const addNoteRoute = route({ method: 'post', path: '/api/tickets/{id}/notes', summary: 'Add a note (internal or public) to a ticket', auth: 'staff', params: ticket, headers: ifMatch, body: parseNewNote, responses: { 201: { description: 'The note and the ticket’s new version (also its ETag).', schema: AddedNote } } });
export const ticketNotesRoute = route({ method: 'get', path: '/api/tickets/{id}/notes', summary: 'A page of a ticket’s notes, counted back from the newest', auth: 'staff', params: ticket, query: parseNotesQuery, responses: { 200: 'The notes and the cursor of older ones.' } });
export const ticketHistoryRoute = route({ method: 'get', path: '/api/tickets/{id}/history', summary: 'The timeline of a ticket', auth: 'staff', params: ticket, responses: { 200: 'Every change, oldest first.' } });
export const ticketHtmlRoute = route({ method: 'get', path: '/api/tickets/{id}/html', summary: 'The HTML of the email that opened a ticket', description: '`remote=allow` shows its remote images.', auth: 'staff', params: ticket, query: parseStaffEmailHtmlQuery, responses: emailHtml });
export const noteHtmlRoute = route({ method: 'get', path: '/api/tickets/{id}/notes/{noteId}/html', summary: 'The HTML of the email that added a note', description: '`remote=allow` shows its remote images.', auth: 'staff', params: ticketNote, query: parseStaffEmailHtmlQuery, responses: emailHtml });

export const portalListTicketsRoute = route({ method: 'get', path: '/api/portal/tickets', summary: 'The tickets of the contact’s customer', auth: 'contact', query: parsePortalListQuery, responses: { 200: 'A page of tickets and nextCursor.' } });
export const portalCreateTicketRoute = route({ method: 'post', path: '/api/portal/tickets', summary: 'Open a ticket from the portal', auth: 'contact', body: parsePortalNewTicket, responses: { 201: 'The ticket; Location names it.' } });
export const portalGetTicketRoute = route({ method: 'get', path: '/api/portal/tickets/{id}', summary: 'A ticket of the contact’s customer, with its public notes', auth: 'contact', params: ticket, responses: { 200: 'The ticket.' } });
export const portalTicketNotesRoute = route({ method: 'get', path: '/api/portal/tickets/{id}/notes', summary: 'A page of a ticket’s public notes', auth: 'contact', params: ticket, query: parseNotesQuery, responses: { 200: 'The notes and the cursor of older ones.' } });
export const portalTicketHtmlRoute = route({ method: 'get', path: '/api/portal/tickets/{id}/html', summary: 'The HTML of the email that opened a ticket', description: 'Remote images stay inert.', auth: 'contact', params: ticket, query: parsePortalEmailHtmlQuery, responses: emailHtml });
export const portalNoteHtmlRoute = route({ method: 'get', path: '/api/portal/tickets/{id}/notes/{noteId}/html', summary: 'The HTML of the email that added a public note', description: 'Remote images stay inert.', auth: 'contact', params: ticketNote, query: parsePortalEmailHtmlQuery, responses: emailHtml });
export const portalAddNoteRoute = route({ method: 'post', path: '/api/portal/tickets/{id}/notes', summary: 'Reply to a ticket from the portal', auth: 'contact', params: ticket, body: parsePortalNote, responses: { 201: 'The note.' } });
export const portalEmailAccountsRoute = route({ method: 'get', path: '/api/portal/email-accounts', summary: 'The mailboxes the contact’s customer may write to (the ticket form offers them)', auth: 'contact', responses: { 200: 'The email accounts allocated to the customer.' } });

export const attachmentRoute = route({
  method: 'get',
  path: '/api/attachments/{id}',
  summary: 'An attachment or inline image of an inbound email',
  description: 'For whoever may see its ticket (a contact: of its first email and public notes only). A download unless a raster image; never run by a browser.',
  tags: ['Tickets'],
  auth: 'signed-in',
  params: { id: parseAttachmentId },
  responses: { 200: { description: 'The bytes, with their content type.', contentType: 'application/octet-stream' } },
});

/** The tickets service's public API (served at /api-description; the gateway forwards /api/tickets, /api/portal/tickets, /api/portal/email-accounts, /api/attachments). */
export const ticketsApi: RouteDescription[] = [
  ...tagged(['Tickets'], createTicketRoute, listTicketsRoute, getTicketRoute, editTicketRoute, assignTicketRoute, changeStatusRoute, addNoteRoute, ticketNotesRoute, ticketHistoryRoute, ticketHtmlRoute, noteHtmlRoute),
  ...tagged(['Portal: tickets'], portalListTicketsRoute, portalCreateTicketRoute, portalGetTicketRoute, portalTicketNotesRoute, portalTicketHtmlRoute, portalNoteHtmlRoute, portalAddNoteRoute, portalEmailAccountsRoute),
  attachmentRoute,
];
