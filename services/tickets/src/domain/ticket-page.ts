import type { ListPage, SortKey } from '../persistence/ticket-list-query.js';
import type { Ticket } from '../persistence/ticket.repository.js';

export interface TicketPage {
  tickets: Ticket[];
  /** Where the next page starts; absent on the last page. */
  next?: { value: Date | number; id: string };
}

/** The repositories are asked for one row more than the page holds: its presence says there is a next page. */
export function withLookahead<P extends Pick<ListPage, 'limit'>>(page: P): P {
  return { ...page, limit: page.limit + 1 };
}

export function toPage(rows: Ticket[], limit: number, sort: SortKey): TicketPage {
  const tickets = rows.slice(0, limit);
  const last = tickets.at(-1);
  if (rows.length <= limit || !last) return { tickets };
  return { tickets, next: { value: last[sort], id: last.id } };
}
