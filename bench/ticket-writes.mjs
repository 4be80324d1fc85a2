// What a ticket creation writes, for the benchmarks' baselines: a database built by the tickets
// service's own migrations (every index and trigger production has), and the ticket row, its first
// history entry and its ticket.created outbox row with the columns and the event envelope that
// services/tickets/src/domain/open-ticket.ts writes. Uses the built dist (run `npm run build` first).

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function fromDist(file) {
  try {
    return require(path.join(root, file));
  } catch (error) {
    throw new Error(`cannot load ${file} (${error.message.split('\n')[0]}); run "npm run build" first`);
  }
}

/** Creates the database of `url` and applies what the tickets service applies at start-up, in the same order. */
export async function migrateTicketsDatabase(url) {
  const { ensureDatabase, migrate } = fromDist('libs/db/dist/index.js');
  const { serviceMigrations } = fromDist('libs/runtime/dist/index.js');
  const { ticketsService } = fromDist('services/tickets/dist/service.js');
  await ensureDatabase(url);
  return migrate(url, serviceMigrations(ticketsService));
}

/** The tickets service's generated Prisma client, on @prisma/adapter-pg over `pool`, as the service builds it. */
export function ticketsPrismaClient(pool) {
  const { PrismaClient } = fromDist('services/tickets/dist/persistence/generated/client.js');
  const { PrismaPg } = require('@prisma/adapter-pg');
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

const sampleSubjects = [
  'Printer on floor 3 is offline',
  'Cannot log in to the customer portal',
  'Invoice 2024-118 shows the wrong VAT rate',
  'VPN drops every 20 minutes',
  'Request: new laptop for a starter on Monday',
  'Shared mailbox does not receive external mail',
];

/** The n-th ticket as an agent types it (the body of POST /api/tickets). */
export function newTicketBody(n) {
  const subject = `${sampleSubjects[n % sampleSubjects.length]} (#${n})`;
  const description =
    'Hello support,\n\nsince this morning the problem described in the subject keeps coming back. ' +
    'We restarted the device and checked the cables, but nothing changed. Three colleagues are affected ' +
    'and we have a deadline on Friday. Could you please have a look as soon as possible?\n\n' +
    `Kind regards,\nDana Miller\nCustomer reference ${100000 + n}`;
  return { subject, description, requesterEmail: `dana.miller+${n % 997}@customer.example`, priority: 'normal' };
}

/**
 * The row Prisma's `tx.ticket.create` inserts for an agent's ticket without a customer: the id and
 * updated_at come from the client (@default(uuid()), @updatedAt), number, status, version and
 * created_at from the database.
 */
export function newTicketRow(n, staffId) {
  const body = newTicketBody(n);
  return {
    id: randomUUID(),
    subject: body.subject.trim(),
    description: body.description,
    requesterEmail: body.requesterEmail.toLowerCase(),
    priority: body.priority,
    customerId: null,
    contactId: null,
    locationId: null,
    areaId: null,
    teamId: null,
    assigneeId: null,
    emailAccountId: null,
    contractId: null,
    createdByKind: 'staff',
    createdById: staffId,
    updatedAt: new Date(),
  };
}

const ticketColumns =
  'id, subject, description, requester_email, priority, customer_id, contact_id, location_id, area_id, team_id, ' +
  'assignee_id, email_account_id, contract_id, created_by_kind, created_by_id, updated_at';
const ticketPlaceholders =
  '$1::uuid, $2, $3, $4, $5, $6::uuid, $7::uuid, $8::uuid, $9::uuid, $10::uuid, $11::uuid, $12::uuid, $13::uuid, $14, $15::uuid, $16::timestamptz';

export function ticketValues(row) {
  return [
    row.id, row.subject, row.description, row.requesterEmail, row.priority, row.customerId, row.contactId, row.locationId,
    row.areaId, row.teamId, row.assigneeId, row.emailAccountId, row.contractId, row.createdByKind, row.createdById, row.updatedAt,
  ];
}

/** The three statements of open-ticket.ts, one by one. */
export const insertTicketSql = `INSERT INTO tickets (${ticketColumns}) VALUES (${ticketPlaceholders}) RETURNING *`;
export const insertHistorySql = `INSERT INTO ticket_history (ticket_id, at, actor_kind, actor_id, kind, field, from_value, to_value, note_id, visibility)
  VALUES ($1::uuid, $2::timestamptz, $3, $4::uuid, 'created', NULL, NULL, NULL, NULL, 'public')`;
/** As libs/outbox's addToOutbox sends it. */
export const insertOutboxSql = 'INSERT INTO outbox (event_id, event_type, payload) VALUES ($1::uuid, $2, $3::jsonb)';

/** A column of a stored ticket row: snake_case from pg, camelCase from Prisma. */
const column = (ticket, camel, snake) => ticket[camel] ?? ticket[snake] ?? null;

/** The ticket.created v1 envelope of a stored ticket row. */
export function ticketCreatedEvent(ticket) {
  const get = (camel, snake) => column(ticket, camel, snake);
  const id = ticket.id;
  const createdAt = get('createdAt', 'created_at');
  return {
    id: randomUUID(),
    type: 'ticket.created',
    version: 1,
    aggregate: { type: 'ticket', id, version: ticket.version },
    occurredAt: new Date().toISOString(),
    producer: 'tickets',
    correlationId: randomUUID(),
    causationId: null,
    data: {
      ticketId: id,
      number: ticket.number,
      subject: ticket.subject,
      requesterEmail: get('requesterEmail', 'requester_email'),
      status: ticket.status,
      priority: ticket.priority,
      createdBy: { kind: get('createdByKind', 'created_by_kind'), id: get('createdById', 'created_by_id') },
      createdAt: createdAt.toISOString(),
      customerId: get('customerId', 'customer_id'),
      contactId: get('contactId', 'contact_id'),
      teamId: get('teamId', 'team_id'),
      assigneeId: get('assigneeId', 'assignee_id'),
      emailAccountId: get('emailAccountId', 'email_account_id'),
    },
  };
}

export const historyValues = (ticket) => [
  ticket.id,
  column(ticket, 'createdAt', 'created_at'),
  column(ticket, 'createdByKind', 'created_by_kind'),
  column(ticket, 'createdById', 'created_by_id'),
];
export const outboxValues = (event) => [event.id, event.type, JSON.stringify(event)];

/** The three writes one by one in a transaction of `client` (a pg.Client or a pool's client); resolves with the ticket row. */
export async function createTicketWithPg(client, row) {
  try {
    await client.query('BEGIN');
    const {
      rows: [ticket],
    } = await client.query(insertTicketSql, ticketValues(row));
    await client.query(insertHistorySql, historyValues(ticket));
    await client.query(insertOutboxSql, outboxValues(ticketCreatedEvent(ticket)));
    await client.query('COMMIT');
    return ticket;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * The same three writes as one statement: the history entry and the event take the number and
 * created_at the database gave the ticket. $17 is the envelope without those two; the statement
 * fills them in. Returns the ticket row.
 */
export const createTicketCteSql = `WITH ticket AS (
    INSERT INTO tickets (${ticketColumns}) VALUES (${ticketPlaceholders}) RETURNING *
  ), history AS (
    INSERT INTO ticket_history (ticket_id, at, actor_kind, actor_id, kind, visibility)
    SELECT id, created_at, created_by_kind, created_by_id, 'created', 'public' FROM ticket
  ), event AS (
    INSERT INTO outbox (event_id, event_type, payload)
    SELECT $18::uuid, 'ticket.created',
      jsonb_set(jsonb_set(jsonb_set(jsonb_set($17::jsonb,
        '{aggregate,version}', to_jsonb(version)),
        '{data,number}', to_jsonb(number)),
        '{data,status}', to_jsonb(status)),
        '{data,createdAt}', to_jsonb(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
    FROM ticket
  )
  SELECT * FROM ticket`;

/** The parameters of createTicketCteSql for `row`. */
export function createTicketCteValues(row) {
  const event = ticketCreatedEvent({ ...row, number: 0, status: 'new', version: 1, createdAt: new Date(0) });
  return [...ticketValues(row), JSON.stringify(event), event.id];
}
