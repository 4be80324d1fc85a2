import type { Tx } from './client.js';
import { Prisma, type Ticket } from './generated/client.js';
import { keysetAfter, orderBy, ticketColumns, type ListPage } from './ticket-list-query.js';

export type { Ticket };

export interface NewTicketRow {
  subject: string;
  description: string;
  requesterEmail: string;
  priority: string;
  customerId: string | null;
  contactId: string | null;
  locationId: string | null;
  areaId: string | null;
  teamId: string | null;
  assigneeId: string | null;
  emailAccountId: string | null;
  contractId: string | null;
  createdByKind: string;
  createdById: string;
}

export type TicketChanges = Partial<
  Pick<Ticket, 'subject' | 'description' | 'priority' | 'status' | 'locationId' | 'areaId' | 'teamId' | 'assigneeId'>
>;

/** 'all', or the customer ids a staff user may see; tickets without a customer are visible to 'all' only. */
export type CustomerAccess = 'all' | readonly string[];

function staffScope(access: CustomerAccess): Prisma.TicketWhereInput {
  return access === 'all' ? {} : { customerId: { in: [...access] } };
}

export function insertTicket(tx: Tx, row: NewTicketRow): Promise<Ticket> {
  return tx.ticket.create({ data: row });
}

export function findStaffTicket(tx: Tx, access: CustomerAccess, id: string): Promise<Ticket | null> {
  return tx.ticket.findFirst({ where: { id, ...staffScope(access) } });
}

/**
 * Applies the change only if the ticket is still at `version` (`UPDATE … WHERE id = $1 AND version = $2`),
 * and counts the version up. A concurrent writer that got there first makes this return null: the
 * caller's change was based on a state that no longer exists, and must not overwrite the other.
 */
export async function updateTicketAtVersion(tx: Tx, id: string, version: number, changes: TicketChanges): Promise<Ticket | null> {
  const [updated] = await tx.ticket.updateManyAndReturn({ where: { id, version }, data: { ...changes, version: { increment: 1 } } });
  return updated ?? null;
}

/** A portal note changes the ticket whatever its version: appending cannot overwrite anyone's change. */
export function touchTicket(tx: Tx, id: string): Promise<Ticket> {
  return tx.ticket.update({ where: { id }, data: { version: { increment: 1 } } });
}

export async function currentVersion(tx: Tx, id: string): Promise<number | null> {
  return (await tx.ticket.findUnique({ where: { id }, select: { version: true } }))?.version ?? null;
}

export interface StaffTicketFilters {
  statuses?: readonly string[];
  customerId?: string;
  teamId?: string;
  assigneeId?: string;
  /** Text in the subject or in any note. */
  q?: string;
}

export function listStaffTickets(tx: Tx, access: CustomerAccess, filters: StaffTicketFilters, page: ListPage): Promise<Ticket[]> {
  const conditions = [
    access === 'all' ? undefined : equalsAny('t.customer_id', access, 'uuid'),
    filters.statuses && equalsAny('t.status', filters.statuses, 'text'),
    filters.customerId && Prisma.sql`t.customer_id = ${filters.customerId}::uuid`,
    filters.teamId && Prisma.sql`t.team_id = ${filters.teamId}::uuid`,
    filters.assigneeId && Prisma.sql`t.assignee_id = ${filters.assigneeId}::uuid`,
    // Collect the matches through both trigram indexes first: a rare word among millions of tickets is found without a scan.
    filters.q &&
      Prisma.sql`t.id IN (SELECT id FROM tickets WHERE subject ILIKE ${likePattern(filters.q)}
                          UNION SELECT ticket_id FROM ticket_notes WHERE body ILIKE ${likePattern(filters.q)})`,
    keysetAfter(page),
  ].filter((c): c is Prisma.Sql => Boolean(c));
  return tx.$queryRaw<Ticket[]>`SELECT ${ticketColumns} FROM tickets t
    WHERE ${conditions.length > 0 ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`}
    ${orderBy(page)} LIMIT ${page.limit}`;
}

/** `=` for one value keeps the index's order usable for ORDER BY … LIMIT; `= ANY` for several. */
function equalsAny(column: string, values: readonly string[], type: 'uuid' | 'text'): Prisma.Sql {
  if (values.length === 1) return Prisma.sql`${Prisma.raw(column)} = ${values[0]}::${Prisma.raw(type)}`;
  return Prisma.sql`${Prisma.raw(column)} = ANY(${[...values]}::${Prisma.raw(type)}[])`;
}

/** Matches the text anywhere; %, _ and \ in it are taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
