import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@helpdesk/errors';
import type { ConnectionProblem } from '../mail/imap-connection-test.js';

export class EmailAccountNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`There is no tickets-from-email account ${id}.`);
  }
}

/** The connection test failed: the message says what to fix, the pointer which field. */
export class ConnectionTestFailedError extends ValidationError {
  constructor(problem: ConnectionProblem) {
    super(`The account was not saved: the connection test failed. ${problem.message}`, [{ pointer: problem.field, message: problem.message }]);
  }
}

export class EmailAccountTakenError extends ConflictError {
  constructor(what: 'name' | 'mailbox') {
    super(
      what === 'name'
        ? 'Another tickets-from-email account has this name: choose another.'
        : 'Another tickets-from-email account already fetches this folder of this mailbox (same host, port and user): each mail would become two tickets. Change that account instead.',
    );
  }
}

export class EmailAccountChangedError extends ConflictError {
  constructor() {
    super('The account was changed by someone else while it was being saved: load it again and repeat your change.');
  }
}

/** Managing accounts needs reach over every customer: see docs/architecture.md, Mail ingest. */
export class NeedsAllCustomersError extends ForbiddenError {
  constructor() {
    super(
      'Tickets-from-email accounts serve every customer (an allocation replaces the customers chosen before, whoever they are): managing them needs the "email_accounts.manage" permission and access to all customers (an administrator, or a member of a team with access to all customers).',
    );
  }
}
