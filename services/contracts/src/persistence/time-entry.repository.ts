import type { Envelope } from '@helpdesk/contracts-schema';
import { inPgTransaction, type SqlExecutor } from '@helpdesk/db';
import { outboxInsertMany } from '@helpdesk/outbox';
import type { ContractHours } from '../domain/time/contract-hours.js';
import type { ContractsDatabase } from './client.js';
import { contractHoursColumns } from './contract-hours.repository.js';

export interface TimeEntry {
  id: string;
  ticketId: string;
  contractId: string | null;
  minutes: number;
  /** YYYY-MM-DD */
  workedOn: string;
  note: string | null;
  staffUserId: string;
  staffName: string | null;
  overLimit: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The ticket as time is logged on it: its customer (access), contract, running total. */
export interface LockedTicket {
  id: string;
  number: number;
  subject: string;
  customerId: string | null;
  contractId: string | null;
  totalMinutes: number;
}

export interface LockedTime {
  ticket: LockedTicket | null;
  /** The contract the time counts against (the ticket's for a new entry, the entry's for a change), locked; null without one. */
  contract: ContractHours | null;
  /** The name of the staff user doing it (the staff projection; null while unknown). */
  actorName: string | null;
}

const ticketColumns = `t.id, t.number, t.subject, t.customer_id AS "customerId", t.contract_id AS "contractId", t.total_minutes AS "totalMinutes"`;
const entryColumns = `e.id, e.ticket_id AS "ticketId", e.contract_id AS "contractId", e.minutes, e.worked_on::text AS "workedOn", e.note,
  e.staff_user_id AS "staffUserId", (SELECT s.name FROM staff_users s WHERE s.id = e.staff_user_id) AS "staffName",
  e.over_limit AS "overLimit", e.version, e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

const lockedContract = (contractId: string) =>
  `c AS (SELECT ${contractHoursColumns} FROM contracts c WHERE c.id = (${contractId}) FOR UPDATE)`;
const actorName = (actor: string) => `(SELECT s.name FROM staff_users s WHERE s.id = ${actor}) AS "actorName"`;

/**
 * Locks the ticket, then its contract (always in this order, as every writer of time does, so two
 * writers never wait for each other crosswise), and reads them: what a new entry's decision needs.
 * The contract's lock makes every total computed under it exact, on any number of instances.
 */
export async function lockTicketForTime(sql: SqlExecutor, ticketId: string, actorId: string): Promise<LockedTime> {
  const [row] = await sql.$queryRawUnsafe<Array<{ ticket: LockedTicket | null; contract: ContractHours | null; actorName: string | null }>>(
    `WITH t AS (SELECT ${ticketColumns} FROM tickets t WHERE t.id = $1::uuid FOR UPDATE),
     ${lockedContract('SELECT "contractId" FROM t')}
     SELECT (SELECT row_to_json(t) FROM t) AS ticket, (SELECT row_to_json(c) FROM c) AS contract, ${actorName('$2::uuid')}`,
    ticketId,
    actorId,
  );
  return row!;
}

/** Locks an entry, its ticket, then the contract it was billed to (see lockTicketForTime); entry null if there is none. */
export async function lockEntryForTime(sql: SqlExecutor, entryId: string, actorId: string): Promise<LockedTime & { entry: TimeEntry | null }> {
  const [row] = await sql.$queryRawUnsafe<Array<LockedTime & { entry: TimeEntry | null }>>(
    `WITH e AS (SELECT ${entryColumns} FROM time_entries e WHERE e.id = $1::uuid FOR UPDATE),
     t AS (SELECT ${ticketColumns} FROM tickets t WHERE t.id = (SELECT "ticketId" FROM e) FOR UPDATE),
     ${lockedContract('SELECT e."contractId" FROM e, t')}
     SELECT (SELECT row_to_json(e) FROM e) AS entry, (SELECT row_to_json(t) FROM t) AS ticket, (SELECT row_to_json(c) FROM c) AS contract,
       ${actorName('$2::uuid')}`,
    entryId,
    actorId,
  );
  const entry = row!.entry && { ...row!.entry, createdAt: new Date(row!.entry.createdAt), updatedAt: new Date(row!.entry.updatedAt) };
  return { ...row!, entry };
}

export type EntryWrite =
  | { kind: 'insert'; entry: Omit<TimeEntry, 'staffName' | 'version' | 'createdAt' | 'updatedAt'> }
  | { kind: 'update'; id: string; minutes: number; workedOn: string; note: string | null; overLimit: boolean }
  | { kind: 'delete'; id: string };

/** What a write of time leaves: the ticket's total, the contract's (when it has one), the history lines, the events. */
export interface TimeWrite {
  entry: EntryWrite;
  ticket: { id: string; totalMinutes: number };
  contract: { id: string; usedMinutes: number; version: number; thresholdReached: boolean } | null;
  history: Array<{ contractId: string; kind: string; actorId: string; detail: Record<string, unknown> }>;
  events: Envelope<unknown>[];
}

function entryStatement(write: EntryWrite): { sql: string; values: unknown[] } {
  switch (write.kind) {
    case 'insert': {
      const e = write.entry;
      return {
        sql: `INSERT INTO time_entries (id, ticket_id, contract_id, minutes, worked_on, note, staff_user_id, over_limit)
              VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::date, $6, $7::uuid, $8) RETURNING id`,
        values: [e.id, e.ticketId, e.contractId, e.minutes, e.workedOn, e.note, e.staffUserId, e.overLimit],
      };
    }
    case 'update':
      return {
        sql: `UPDATE time_entries SET minutes = $2, worked_on = $3::date, note = $4, over_limit = $5, version = version + 1, updated_at = now()
              WHERE id = $1::uuid RETURNING id`,
        values: [write.id, write.minutes, write.workedOn, write.note, write.overLimit],
      };
    case 'delete':
      return { sql: `DELETE FROM time_entries WHERE id = $1::uuid RETURNING id`, values: [write.id] };
  }
}

/**
 * Writes a decided change of time in one statement, under the locks taken before it in the same
 * transaction: the entry, the ticket's and the contract's totals (the contract's version counted up, its
 * threshold state), the contract's history lines and the events' outbox rows.
 */
export async function writeTime(sql: SqlExecutor, write: TimeWrite): Promise<void> {
  const entry = entryStatement(write.entry);
  const n = entry.values.length;
  const outbox = outboxInsertMany(write.events, n + 11);
  await sql.$executeRawUnsafe(
    `WITH entry AS (${entry.sql}),
     ticket AS (UPDATE tickets SET total_minutes = $${n + 2} WHERE id = $${n + 1}::uuid),
     contract AS (
       UPDATE contracts SET used_minutes = $${n + 4}, version = $${n + 5}, updated_at = now(),
         threshold_reached_at = CASE WHEN NOT $${n + 6} THEN NULL ELSE COALESCE(threshold_reached_at, now()) END
       WHERE id = $${n + 3}::uuid),
     history AS (
       INSERT INTO contract_history (contract_id, kind, actor_id, detail)
       SELECT * FROM unnest($${n + 7}::uuid[], $${n + 8}::text[], $${n + 9}::uuid[], $${n + 10}::jsonb[])),
     outbox AS (${outbox.sql})
     SELECT 1 FROM entry`,
    ...entry.values,
    write.ticket.id,
    write.ticket.totalMinutes,
    write.contract?.id ?? null,
    write.contract?.usedMinutes ?? 0,
    write.contract?.version ?? 0,
    write.contract?.thresholdReached ?? false,
    write.history.map((line) => line.contractId),
    write.history.map((line) => line.kind),
    write.history.map((line) => line.actorId),
    write.history.map((line) => JSON.stringify(line.detail)),
    ...outbox.values,
  );
}

/** The ticket (null when not known) with its entries, oldest work first. */
export async function findTicketTime(sql: SqlExecutor, ticketId: string): Promise<{ ticket: LockedTicket; entries: TimeEntry[] } | null> {
  const [ticket] = await sql.$queryRawUnsafe<LockedTicket[]>(`SELECT ${ticketColumns} FROM tickets t WHERE t.id = $1::uuid`, ticketId);
  if (!ticket) return null;
  const entries = await sql.$queryRawUnsafe<TimeEntry[]>(
    `SELECT ${entryColumns} FROM time_entries e WHERE e.ticket_id = $1::uuid ORDER BY e.worked_on, e.created_at, e.id`,
    ticketId,
  );
  return { ticket, entries };
}

/** An entry as a contract's list shows it: with its ticket's number and subject. */
export interface ContractTimeEntry extends TimeEntry {
  ticketNumber: number;
  ticketSubject: string;
}

/**
 * A page of the entries billed to a contract, the last logged first (keyset on created_at and id, so
 * that a page's position holds while entries are edited or logged meanwhile); `limit + 1` rows, the
 * extra one telling that a next page exists.
 */
export async function findContractEntries(sql: SqlExecutor, contractId: string, page: { before?: { at: Date; id: string }; limit: number }): Promise<ContractTimeEntry[]> {
  const rows = await sql.$queryRawUnsafe<ContractTimeEntry[]>(
    `SELECT ${entryColumns}, t.number AS "ticketNumber", t.subject AS "ticketSubject"
     FROM time_entries e JOIN tickets t ON t.id = e.ticket_id
     WHERE e.contract_id = $1::uuid AND ($2::timestamptz IS NULL OR (e.created_at, e.id) < ($2::timestamptz, $3::uuid))
     ORDER BY e.created_at DESC, e.id DESC LIMIT $4`,
    contractId,
    page.before?.at ?? null,
    page.before?.id ?? null,
    page.limit + 1,
  );
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) }));
}

/**
 * Runs a write of time in a transaction on the pool (`pg`: a few statements, without the cost of a
 * Prisma interactive transaction; see bench/README.md), then wakes the relay for the events it added.
 */
export async function inTimeTransaction<T>(db: ContractsDatabase, fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
  const result = await inPgTransaction(db.pool, fn);
  db.statementCommitted({ wroteOutbox: true });
  return result;
}
