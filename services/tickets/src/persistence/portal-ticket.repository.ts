import type { Pool, Tx } from './client.js';
import { Prisma, type Ticket, type TicketHistoryEntry, type TicketNote } from './generated/client.js';
import { findNotesBefore, type NotePageRequest } from './note.repository.js';
import { likePattern } from './ticket.repository.js';
import { keysetAfter, orderBy, ticketColumns, type ListPage } from './ticket-list-query.js';

/**
 * Whose tickets a portal contact sees: both ids come from the gateway's assertion, the visibility
 * from their customer's setting. Every function here requires it, so no portal query can forget it.
 */
export interface PortalScope {
  customerId: string;
  contactId: string;
  /** own: tickets whose contact they are; customer: every ticket of their customer. */
  visibility: 'own' | 'customer';
}

export interface PortalTicketFilters {
  statuses?: readonly string[];
  /** Text in the subject or in a public note; internal notes are never searched for the portal. */
  q?: string;
}

/** The portal always lists the most recently changed tickets first. */
export const portalOrder = { sort: 'updatedAt', order: 'desc' } as const;
export type PortalPage = Pick<ListPage, 'limit' | 'after'>;

function ticketScope(scope: PortalScope): Prisma.TicketWhereInput {
  return scope.visibility === 'customer' ? { customerId: scope.customerId } : { customerId: scope.customerId, contactId: scope.contactId };
}

export function findPortalTicket(tx: Tx, scope: PortalScope, id: string): Promise<Ticket | null> {
  return tx.ticket.findFirst({ where: { id, ...ticketScope(scope) } });
}

/** The dashboard query; exported so that the benchmark measures and EXPLAINs exactly this SQL. */
export function portalTicketListQuery(scope: PortalScope, filters: PortalTicketFilters, page: PortalPage): Prisma.Sql {
  const list: ListPage = { ...portalOrder, ...page };
  const conditions = [
    Prisma.sql`t.customer_id = ${scope.customerId}::uuid`,
    scope.visibility === 'own' ? Prisma.sql`t.contact_id = ${scope.contactId}::uuid` : undefined,
    filters.statuses && Prisma.sql`t.status = ANY(${[...filters.statuses]}::text[])`,
    // Checked row by row within the scope, which is one customer's tickets: no global trigram pass is needed.
    filters.q &&
      Prisma.sql`(t.subject ILIKE ${likePattern(filters.q)} OR EXISTS (SELECT 1 FROM ticket_notes n
                   WHERE n.ticket_id = t.id AND n.visibility = 'public' AND n.body ILIKE ${likePattern(filters.q)}))`,
    keysetAfter(list),
  ].filter((c): c is Prisma.Sql => Boolean(c));
  return Prisma.sql`SELECT ${ticketColumns} FROM tickets t WHERE ${Prisma.join(conditions, ' AND ')} ${orderBy(list)} LIMIT ${list.limit}`;
}

/** The dashboard is a hot path: its one query goes through `pg` on the pool, not Prisma. */
export async function listPortalTickets(pool: Pool, scope: PortalScope, filters: PortalTicketFilters, page: PortalPage): Promise<Ticket[]> {
  const query = portalTicketListQuery(scope, filters, page);
  return (await pool.query<Ticket>(query.text, query.values)).rows;
}

/** A page of the ticket's public notes, within the scope (see findNotesBefore). */
export function findPublicNotesBefore(tx: Tx, scope: PortalScope, ticketId: string, page: NotePageRequest): Promise<TicketNote[]> {
  return findNotesBefore(tx, { ticketId, visibility: 'public', ticket: ticketScope(scope) }, page);
}

/** One public note of a ticket within the scope, or null. */
export function findPublicNote(tx: Tx, scope: PortalScope, ticketId: string, noteId: string): Promise<TicketNote | null> {
  return tx.ticketNote.findFirst({ where: { id: noteId, ticketId, visibility: 'public', ticket: ticketScope(scope) } });
}

/** A public history line; a note is named by id only (its body is read with the notes, a page at a time). */
export type PublicHistoryEntry = TicketHistoryEntry & { note: Pick<TicketNote, 'id' | 'visibility'> | null };

export function listPublicHistory(tx: Tx, scope: PortalScope, ticketId: string): Promise<PublicHistoryEntry[]> {
  return tx.ticketHistoryEntry.findMany({
    where: { ticketId, visibility: 'public', ticket: ticketScope(scope) },
    include: { note: { select: { id: true, visibility: true } } },
    orderBy: { id: 'asc' },
  });
}
