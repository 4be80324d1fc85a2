import { NotFoundError } from '@helpdesk/errors';

export class TicketNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Ticket ${id} does not exist, or you may not see it.`);
  }
}
