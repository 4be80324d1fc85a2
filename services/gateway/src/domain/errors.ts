import { ConflictError, ForbiddenError, GoneError, NotFoundError, UnauthorizedError, ValidationError } from '@helpdesk/errors';

export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('The email address or the password is wrong.');
  }
}

/** What a refused link is called, and what the person should do instead, by the link's purpose. */
const linkTexts = {
  invitation: {
    name: 'invitation link',
    used: 'Sign in with your email and password, or ask your support team for a new invitation.',
    replacedBy: 'a newer invitation',
    renew: 'ask your support team to send a new one',
  },
  password_reset: {
    name: 'password reset link',
    used: 'Sign in with your new password, or ask for another password reset.',
    replacedBy: 'a newer password reset link',
    renew: 'ask for another password reset',
  },
} as const;
type LinkPurpose = keyof typeof linkTexts;

export class MalformedLinkTokenError extends ValidationError {
  constructor(purpose: LinkPurpose) {
    super(`This ${linkTexts[purpose].name} is incomplete or damaged: open the link from the email again.`, [{ pointer: '/token', message: 'is malformed' }]);
  }
}

/** Forged, for another kind of account, or signed with a key that was removed. */
export class UnknownLinkError extends NotFoundError {
  constructor(purpose: LinkPurpose) {
    super(`This ${linkTexts[purpose].name} is not valid.`);
  }
}

export class LinkUsedError extends GoneError {
  constructor(purpose: LinkPurpose) {
    super(`This ${linkTexts[purpose].name} has already been used. ${linkTexts[purpose].used}`);
  }
}

export class LinkVoidError extends GoneError {
  constructor(purpose: LinkPurpose) {
    super(`This ${linkTexts[purpose].name} was replaced by ${linkTexts[purpose].replacedBy} or withdrawn: use the link from the most recent email.`);
  }
}

export class LinkExpiredError extends GoneError {
  constructor(purpose: LinkPurpose, expiredAt: Date) {
    super(`This ${linkTexts[purpose].name} expired on ${expiredAt.toISOString()}: ${linkTexts[purpose].renew}.`);
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

export class CustomerAppNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Customer app ${id} does not exist.`);
  }
}

/** What the portal answers while no portal app is enabled: the same whoever asks, so it tells nothing about any account. */
export const portalSwitchedOff = 'The customer portal is switched off. Write to us by email; every update on your tickets reaches you there.';

/** Email-only mode (no portal app enabled): every way into the portal is refused, and nothing is revoked. */
export class PortalDisabledError extends ForbiddenError {
  constructor() {
    super(portalSwitchedOff);
  }
}
