import type { SqlExecutor } from '@helpdesk/db';

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
 * here, only by the statements that write time entries under the ticket's row lock.
 */
export async function saveNewerTicket(sql: SqlExecutor, version: number, ticket: ProjectedTicket): Promise<void> {
  const newer = 't.version < EXCLUDED.version';
  const take = (column: string, when = newer) => `${column} = CASE WHEN ${when} THEN EXCLUDED.${column} ELSE t.${column} END`;
  await sql.$executeRawUnsafe(
    `INSERT INTO tickets AS t (id, number, subject, customer_id, contract_id, team_id, status, opened_at, version)
     VALUES ($1::uuid, $2, $3, $4::uuid, $5::uuid, $6::uuid, $7, $8::timestamptz, $9)
     ON CONFLICT (id) DO UPDATE SET
       ${['number', 'subject', 'customer_id', 'team_id', 'status'].map((column) => take(column)).join(', ')},
       ${take('contract_id', `${newer} AND $10`)},
       opened_at = LEAST(t.opened_at, EXCLUDED.opened_at),
       version = GREATEST(t.version, EXCLUDED.version)`,
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
