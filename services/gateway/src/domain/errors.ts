import { ConflictError, GoneError, NotFoundError, UnauthorizedError, ValidationError } from '@helpdesk/errors';

export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('The email address or the password is wrong.');
  }
}

export class MalformedInvitationTokenError extends ValidationError {
  constructor() {
    super('This invitation link is incomplete or damaged: open the link from the email again.', [{ pointer: '/token', message: 'is malformed' }]);
  }
}

export class UnknownInvitationError extends NotFoundError {
  constructor() {
    super('This invitation link is not valid.');
  }
}

export class InvitationUsedError extends GoneError {
  constructor() {
    super('This invitation link has already been used. Sign in with your email and password, or ask your support team for a new invitation.');
  }
}

export class InvitationVoidError extends GoneError {
  constructor() {
    super('This invitation link was replaced by a newer invitation or withdrawn: use the link from the most recent email.');
  }
}

export class InvitationExpiredError extends GoneError {
  constructor(expiredAt: Date) {
    super(`This invitation link expired on ${expiredAt.toISOString()}: ask your support team to send a new one.`);
  }
}

export class StaffUserNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Staff user ${id} does not exist.`);
  }
}

export class TeamNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Team ${id} does not exist.`);
  }
}

export class DuplicateNameError extends ConflictError {}
