import type { PreparingPool, SqlExecutor } from '@helpdesk/db';
import { newlyProcessed } from '@helpdesk/idempotent-consumer';

/** A ticket as an event about it describes it: what this service needs to log time on it. */
export interface ProjectedTicket {
  id: string;
  number: number;
  subject: string;
  customerId: string | null;
  /** Undefined when the event does not say (recorded before tickets carried it): the row keeps what it has. */
  contractId: string | null | undefined;
  teamId: string | null;
  status: string;
  /** When it was opened: ticket.created says so; a change that arrives first stands in with its own time. */
  openedAt: string;
}

/**
 * Keeps the newest state of a ticket by its aggregate version, whatever order its events arrive in (the
 * rule of libs/db saveNewer, in one statement of its own because of two columns): `opened_at` takes the
 * earliest time any event gave (ticket.created's, once it comes), and `total_minutes` is never touched
 * here, only by the statements that write time entries under the ticket's row lock. `$10` says whether the
 * event said which contract the ticket is on.
 */
const upsertTicket = (rows: string, saysContract: string) => `INSERT INTO tickets AS t (id, number, subject, customer_id, contract_id, team_id, status, opened_at, version)
     ${rows}
     ON CONFLICT (id) DO UPDATE SET
       ${['number', 'subject', 'customer_id', 'team_id', 'status'].map((column) => takeNewer(column)).join(', ')},
       ${takeNewer('contract_id', `${newer} AND ${saysContract}`)},
       opened_at = LEAST(t.opened_at, EXCLUDED.opened_at),
       version = GREATEST(t.version, EXCLUDED.version)`;
const newer = 't.version < EXCLUDED.version';
const takeNewer = (column: string, when = newer) => `${column} = CASE WHEN ${when} THEN EXCLUDED.${column} ELSE t.${column} END`;

export async function saveNewerTicket(sql: SqlExecutor, version: number, ticket: ProjectedTicket): Promise<void> {
  await sql.$executeRawUnsafe(
    upsertTicket('VALUES ($1::uuid, $2, $3, $4::uuid, $5::uuid, $6::uuid, $7, $8::timestamptz, $9)', '$10'),
    ticket.id,
    ticket.number,
    ticket.subject,
    ticket.customerId,
    ticket.contractId ?? null,
    ticket.teamId,
    ticket.status,
    ticket.openedAt,
    version,
    ticket.contractId !== undefined,
  );
}

/** A ticket event of a group: its id, and the ticket as it describes it (none when it says too little to keep). */
export interface TicketEventEffect {
  eventId: string;
  version: number;
  ticket: ProjectedTicket | null;
}

/**
 * The same rule for a group of ticket events in one statement that also records them as applied by
 * `consumer` (libs/idempotent-consumer): an event applied before changes nothing. One event per ticket: a
 * statement cannot change a row twice (saveNewerTickets splits a group into such rounds). Resolves to the
 * ids of the events applied now.
 */
const upsertTicketsOnce = `WITH fresh AS (${newlyProcessed('$1', '$2')}),
  incoming AS (
    SELECT * FROM unnest($3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::uuid[], $8::uuid[], $9::boolean[], $10::uuid[], $11::text[], $12::timestamptz[], $13::int[])
      AS i(event_id, id, number, subject, customer_id, contract_id, says_contract, team_id, status, opened_at, version)
  ),
  saved AS (
    ${upsertTicket(
      `SELECT i.id, i.number, i.subject, i.customer_id, i.contract_id, i.team_id, i.status, i.opened_at, i.version
       FROM incoming i JOIN fresh f ON f.event_id = i.event_id`,
      '(SELECT i.says_contract FROM incoming i WHERE i.id = EXCLUDED.id)',
    )}
    RETURNING 1
  )
  SELECT event_id AS "eventId" FROM fresh`;

async function saveRound(pool: PreparingPool, consumer: string, round: TicketEventEffect[]): Promise<string[]> {
  const kept = round.filter((effect): effect is TicketEventEffect & { ticket: ProjectedTicket } => effect.ticket !== null);
  const column = <T>(pick: (effect: TicketEventEffect & { ticket: ProjectedTicket }) => T) => kept.map(pick);
  const { rows } = await pool.query<{ eventId: string }>({
    name: 'contracts-save-newer-tickets',
    text: upsertTicketsOnce,
    values: [
      consumer,
      round.map((effect) => effect.eventId),
      column((e) => e.eventId),
      column((e) => e.ticket.id),
      column((e) => e.ticket.number),
      column((e) => e.ticket.subject),
      column((e) => e.ticket.customerId),
      column((e) => e.ticket.contractId ?? null),
      column((e) => e.ticket.contractId !== undefined),
      column((e) => e.ticket.teamId),
      column((e) => e.ticket.status),
      column((e) => e.ticket.openedAt),
      column((e) => e.version),
    ],
  });
  return rows.map((row) => row.eventId);
}

/**
 * A group of ticket events, each applied once, in as few statements as there are events of one ticket in
 * the group (one under load, where each ticket's events come seconds apart): the first event of every
 * ticket in the first statement, the second in the next, and so on.
 */
export async function saveNewerTickets(pool: PreparingPool, consumer: string, effects: TicketEventEffect[]): Promise<string[]> {
  const rounds: TicketEventEffect[][] = [];
  const seen = new Map<string, number>();
  for (const effect of effects) {
    const key = effect.ticket?.id ?? effect.eventId;
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    (rounds[index] ??= []).push(effect);
  }
  const applied: string[] = [];
  for (const round of rounds) applied.push(...(await saveRound(pool, consumer, round)));
  return applied;
}
