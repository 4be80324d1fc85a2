import { Prisma } from './generated/client.js';

export const sortKeys = ['updatedAt', 'createdAt', 'number'] as const;
export type SortKey = (typeof sortKeys)[number];

/** One page of a keyset-paged list: the rows after `after` in the order of (sort key, id). */
export interface ListPage {
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  after?: { value: Date | number; id: string };
}

const sortColumns: Record<SortKey, { column: Prisma.Sql; type: Prisma.Sql }> = {
  updatedAt: { column: Prisma.raw('t.updated_at'), type: Prisma.raw('timestamptz') },
  createdAt: { column: Prisma.raw('t.created_at'), type: Prisma.raw('timestamptz') },
  number: { column: Prisma.raw('t.number'), type: Prisma.raw('integer') },
};

/** The columns of `tickets t` under the names of the Prisma model, so raw rows have the Ticket type. */
export const ticketColumns = Prisma.sql`t.id, t.number, t.subject, t.description, t.requester_email AS "requesterEmail",
  t.status, t.priority, t.customer_id AS "customerId", t.contact_id AS "contactId", t.location_id AS "locationId",
  t.area_id AS "areaId", t.team_id AS "teamId", t.assignee_id AS "assigneeId", t.email_account_id AS "emailAccountId",
  t.contract_id AS "contractId", t.created_by_kind AS "createdByKind", t.created_by_id AS "createdById", t.version,
  t.created_at AS "createdAt", t.updated_at AS "updatedAt", t.channel, t.closed_at AS "closedAt", t.linked_ticket_id AS "linkedTicketId",
  t.source_email_id AS "sourceEmailId", t.description_html AS "descriptionHtml", t.time_spent_minutes AS "timeSpentMinutes"`;

/**
 * The row comparison `(key, id) < (…)` is one range of an index on (…, key, id): each page starts
 * where the last ended, so rows are neither skipped nor repeated however deep the page.
 */
export function keysetAfter(page: ListPage): Prisma.Sql | undefined {
  if (!page.after) return undefined;
  const { column, type } = sortColumns[page.sort];
  const comparison = Prisma.raw(page.order === 'desc' ? '<' : '>');
  return Prisma.sql`(${column}, t.id) ${comparison} (${page.after.value}::${type}, ${page.after.id}::uuid)`;
}

export function orderBy(page: ListPage): Prisma.Sql {
  const direction = Prisma.raw(page.order === 'desc' ? 'DESC' : 'ASC');
  return Prisma.sql`ORDER BY ${sortColumns[page.sort].column} ${direction}, t.id ${direction}`;
}

