import type { SqlExecutor } from '@helpdesk/db';
import type { ContractHours } from '../domain/time/contract-hours.js';

/**
 * A contract row `c` as ContractHours (its events' snapshot, whether the threshold is reached, its
 * version): dates as text (a calendar date has no time zone), hours as numbers.
 */
export const contractHoursColumns = `c.id AS "contractId", c.customer_id AS "customerId", c.description,
  c.purchase_order_number AS "purchaseOrderNumber", c.customer_contact_id AS "customerContactId",
  c.support_contact_id AS "supportContactId", c.support_manager_id AS "supportManagerId",
  c.start_date::text AS "startDate", c.end_date::text AS "endDate", c.ended_on::text AS "endedOn",
  c.hour_restriction AS "hourRestriction", c.contract_hours::float8 AS "contractHours", c.threshold_hours::float8 AS "thresholdHours",
  c.used_minutes AS "usedMinutes", c.threshold_reached_at IS NOT NULL AS "thresholdReached", c.version`;

/** What the contract update on a closed ticket tells: the contract, the ticket, and the minutes logged on it against the contract. */
export async function findClosedTicketHours(
  sql: SqlExecutor,
  ticketId: string,
  contractId: string,
): Promise<{ contract: ContractHours; number: number; subject: string; ticketMinutes: number } | undefined> {
  const [row] = await sql.$queryRawUnsafe<Array<{ contract: ContractHours; number: number; subject: string; ticketMinutes: number }>>(
    `SELECT (SELECT row_to_json(x) FROM (SELECT ${contractHoursColumns}) x) AS contract, t.number, t.subject,
       (SELECT COALESCE(sum(e.minutes), 0)::int FROM time_entries e WHERE e.ticket_id = t.id AND e.contract_id = c.id) AS "ticketMinutes"
     FROM tickets t JOIN contracts c ON c.id = $2::uuid WHERE t.id = $1::uuid`,
    ticketId,
    contractId,
  );
  return row;
}
