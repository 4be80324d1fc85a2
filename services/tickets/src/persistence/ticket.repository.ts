import type { Envelope } from '@helpdesk/contracts-schema';
import type { CustomerAccess } from '@helpdesk/team-access';
import { outboxInsert } from '@helpdesk/outbox';
import type { Pool, Tx } from './client.js';
import { Prisma, type Ticket } from './generated/client.js';
import type { HistoryRow } from './history.repository.js';
import { keysetAfter, orderBy, ticketColumns, type ListPage } from './ticket-list-query.js';

export type { Ticket };

/**
 * What the events about a ticket show beside its own columns, read from this service's projections
 * by the statement that writes the ticket (no statement of its own): its customer's name and group,
 * its contact's names, the address of its email account, and the name of the actor when the actor is
 * a contact (staff names are not known here: null).
 */
export interface TicketNames {
  customerName: string | null;
  customerGroupId: string | null;
  contactFirstName: string | null;
  contactLastName: string | null;
  replyMailbox: string | null;
  actorName: string | null;
}

/** A ticket as a statement that changed it returns it: with its names. */
export type NamedTicket = Ticket & { names: TicketNames };

/**
 * The names (json, TicketNames) of the ticket row `t` (an alias or CTE name), an expression for a SELECT
 * list or a RETURNING clause (`AS names`); `actorKind` and `actorId` are SQL expressions (parameters, or NULL).
 * Names are cut to the events' 200 characters; an address out of the events' bounds reads as none.
 */
export function ticketNamesSql(t: string, actorKind: string, actorId: string): string {
  return `(SELECT json_build_object(
      'customerName', left(c.name, 200), 'customerGroupId', c.group_id,
      'contactFirstName', left(p.first_name, 200), 'contactLastName', left(p.last_name, 200),
      'replyMailbox', a.address,
      'actorName', (SELECT left(NULLIF(concat_ws(' ', x.first_name, x.last_name), ''), 200) FROM contacts x WHERE ${actorKind} = 'contact' AND x.id = ${actorId}))
    FROM (SELECT 1) AS one
    LEFT JOIN customers c ON c.id = ${t}.customer_id
    LEFT JOIN contacts p ON p.id = ${t}.contact_id
    LEFT JOIN email_accounts a ON a.id = ${t}.email_account_id AND NOT a.deleted AND length(a.address) BETWEEN 3 AND 320)`;
}

export interface NewTicketRow {
  id: string;
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
  status: string;
  createdByKind: string;
  createdById: string;
  createdAt: Date;
  /** portal or agent here; email tickets are stored by the filing of inbound email. */
  channel: 'portal' | 'agent';
}

export type TicketChanges = Partial<
  Pick<Ticket, 'subject' | 'description' | 'priority' | 'status' | 'locationId' | 'areaId' | 'teamId' | 'assigneeId' | 'contractId' | 'closedAt'>
>;

/** 'all', or the customer ids a staff user may see; tickets without a customer are visible to 'all' only. */
export type { CustomerAccess };

function staffScope(access: CustomerAccess): Prisma.TicketWhereInput {
  return access === 'all' ? {} : { customerId: { in: [...access] } };
}

/**
 * Stores a new ticket at version 1, the first line of its history and its creation event in one
 * statement (data-modifying CTEs: atomic, one round trip, no interactive transaction). The number
 * comes from the tickets' sequence, so only the statement knows it: it writes it into the event's
 * `data.number`, over the stand-in the event was validated with; and the names the projections
 * know (TicketNames but the actor's, each a string or uuid) over those the caller gave (null, or
 * a new contact's names). A named statement: its text never changes, so each connection parses and
 * plans it once (it runs for every ticket, and parsing it each time cost more than its lookups).
 */
export async function insertTicket(pool: Pool, row: NewTicketRow, history: HistoryRow, event: Envelope<unknown>): Promise<Ticket> {
  const outbox = outboxInsert(
    event,
    24,
    (envelope) =>
      `jsonb_set(${envelope}, '{data}', (${envelope}->'data') || jsonb_build_object('number', (SELECT number FROM ticket))
         || (SELECT jsonb_strip_nulls(${ticketNamesSql('ticket', 'NULL::text', 'NULL::uuid')}::jsonb - 'actorName') FROM ticket))`,
  );
  const { rows } = await pool.query<Ticket>({
    name: 'tickets-insert-ticket',
    text: `WITH ticket AS (
       INSERT INTO tickets (id, subject, description, requester_email, status, priority, customer_id, contact_id, location_id, area_id, team_id,
                            assignee_id, email_account_id, contract_id, created_by_kind, created_by_id, version, created_at, updated_at, channel)
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::uuid, $8::uuid, $9::uuid, $10::uuid, $11::uuid, $12::uuid, $13::uuid, $14::uuid, $15, $16::uuid, 1, $17, $17, $27)
       RETURNING *
     ), history AS (
       INSERT INTO ticket_history (ticket_id, at, actor_kind, actor_id, kind, field, from_value, to_value, note_id, visibility)
       SELECT id, created_at, created_by_kind, created_by_id, $18, $19, $20, $21, $22::uuid, $23 FROM ticket
     ), outbox AS (${outbox.sql})
     SELECT ${ticketColumns.text} FROM ticket t`,
    values: [
      row.id, row.subject, row.description, row.requesterEmail, row.status, row.priority, row.customerId, row.contactId, row.locationId,
      row.areaId, row.teamId, row.assigneeId, row.emailAccountId, row.contractId, row.createdByKind, row.createdById, row.createdAt,
      history.kind, history.field ?? null, history.from ?? null, history.to ?? null, history.noteId ?? null, history.visibility,
      ...outbox.values,
      row.channel,
    ],
  });
  return rows[0]!;
}

export function findStaffTicket(tx: Tx, access: CustomerAccess, id: string): Promise<Ticket | null> {
  return tx.ticket.findFirst({ where: { id, ...staffScope(access) } });
}

/** The column of each changeable field and the type of its parameter. */
const changeColumns: Record<keyof TicketChanges, readonly [column: string, type: string]> = {
  subject: ['subject', 'text'],
  description: ['description', 'text'],
  priority: ['priority', 'text'],
  status: ['status', 'text'],
  locationId: ['location_id', 'uuid'],
  areaId: ['area_id', 'uuid'],
  teamId: ['team_id', 'uuid'],
  assigneeId: ['assignee_id', 'uuid'],
  contractId: ['contract_id', 'uuid'],
  closedAt: ['closed_at', 'timestamptz'],
};

/**
 * Applies the change only if the ticket is still at `version` (`UPDATE … WHERE id = $1 AND version = $2`),
 * and counts the version up. A concurrent writer that got there first makes this return null: the
 * caller's change was based on a state that no longer exists, and must not overwrite the other.
 * Returns the ticket with the names its events show, read in the same statement.
 */
export async function updateTicketAtVersion(tx: Tx, id: string, version: number, changes: TicketChanges, actor: { kind: string; id: string }): Promise<NamedTicket | null> {
  const fields = (Object.keys(changes) as Array<keyof TicketChanges>).filter((field) => changes[field] !== undefined);
  const sets = fields.map((field, i) => `${changeColumns[field][0]} = $${i + 6}::${changeColumns[field][1]}`);
  const [updated] = await tx.$queryRawUnsafe<NamedTicket[]>(
    `UPDATE tickets AS t SET ${['version = t.version + 1', 'updated_at = $3', ...sets].join(', ')}
     WHERE t.id = $1::uuid AND t.version = $2
     RETURNING ${ticketColumns.text}, ${ticketNamesSql('t', '$4::text', '$5::uuid')} AS names`,
    id,
    version,
    new Date(),
    actor.kind,
    actor.id,
    ...fields.map((field) => changes[field]),
  );
  return updated ?? null;
}

/** A portal note changes the ticket whatever its version: appending cannot overwrite anyone's change. */
export async function touchTicket(tx: Tx, id: string, actor: { kind: string; id: string }): Promise<NamedTicket> {
  const [touched] = await tx.$queryRawUnsafe<NamedTicket[]>(
    `UPDATE tickets AS t SET version = t.version + 1, updated_at = $2 WHERE t.id = $1::uuid
     RETURNING ${ticketColumns.text}, ${ticketNamesSql('t', '$3::text', '$4::uuid')} AS names`,
    id,
    new Date(),
    actor.kind,
    actor.id,
  );
  return touched!;
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
