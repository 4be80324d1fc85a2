import { AppError, ConflictError, NotFoundError, ValidationError } from '@helpdesk/errors';
import { nextStatuses, type TicketStatus } from './ticket.js';

export class TicketNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Ticket ${id} does not exist, or you may not see it.`);
  }
}

export class InvalidStatusChangeError extends ConflictError {
  constructor(from: TicketStatus, to: TicketStatus) {
    super(`A ticket cannot go from "${from}" to "${to}"; from "${from}" it can go to: ${nextStatuses(from).join(', ')}.`);
  }
}

/**
 * Someone changed the ticket since the caller read it; `currentVersion` is what to reload. Its own problem
 * type (`stale-version`) tells it from the other 409s (a status it cannot go to), so a page can offer to reload.
 */
export class VersionConflictError extends ConflictError {
  override readonly problemType = 'stale-version';
  constructor(
    number: number,
    expected: number,
    readonly currentVersion: number,
  ) {
    super(`Ticket #${number} was changed by someone else: you sent version ${expected}, it is now at version ${currentVersion}. Reload it and apply your change again.`);
  }
}

/** The same answer whether the customer exists or not: an agent learns nothing of customers beyond their teams. */
export class CustomerNotAllowedError extends ValidationError {
  constructor(customerId: string) {
    super(`You cannot open tickets for customer ${customerId}: it is not among your teams' customers.`, [
      { pointer: '/customerId', message: 'is not one of your teams\' customers' },
    ]);
  }
}

/** The customer or contact exists at the customers service, but its event has not reached us yet (or it does not exist). */
export class NotYetKnownError extends AppError {
  constructor(what: 'customer' | 'contact', id: string) {
    super('conflict', `The ${what} ${id} is not known to the tickets service (yet). If it was just created, try again in a moment.`, 'Conflict', [
      { pointer: `/${what}Id`, message: 'is not known here (yet)' },
    ]);
  }
}

export class AccountNotReadyError extends ConflictError {
  constructor() {
    super('Your account is still being set up; try again in a moment.');
  }
}

export class ContactNotOfCustomerError extends ValidationError {
  constructor(contactId: string, customerId: string) {
    super(`Contact ${contactId} is not an active contact of customer ${customerId}.`, [
      { pointer: '/contactId', message: 'is not an active contact of this customer' },
    ]);
  }
}

export class RequesterEmailMissingError extends ValidationError {
  constructor() {
    super('A ticket without a contact needs the requester\'s email address.', [{ pointer: '/requesterEmail', message: 'is required without a contact' }]);
  }
}
