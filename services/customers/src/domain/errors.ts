import { ConflictError, ForbiddenError, NotFoundError } from '@helpdesk/errors';
import { portalOff } from './portal-settings.js';

const notFound = (what: string, id: string) => `${what} ${id} does not exist, or you may not see it.`;

export class CustomerNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(notFound('Customer', id));
  }
}

export class CustomerGroupNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(notFound('Customer group', id));
  }
}

export class ContactNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(notFound('Contact', id));
  }
}

/** A location or an area; `noun` says which. */
export class OrgElementNotFoundError extends NotFoundError {
  constructor(noun: string, id: string) {
    super(notFound(noun[0]!.toUpperCase() + noun.slice(1), id));
  }
}

export class NotificationGroupNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(notFound('Notification group', id));
  }
}

export class CustomerNameTakenError extends ConflictError {
  constructor(name: string) {
    super(`A customer named "${name}" already exists (names are compared without regard to case).`);
  }
}

export class CustomerGroupNameTakenError extends ConflictError {
  constructor(name: string) {
    super(`A customer group named "${name}" already exists (names are compared without regard to case).`);
  }
}

/** The address is held by an active contact the caller reaches: named, so that they can pick it or deactivate it. */
export class ContactEmailTakenError extends ConflictError {
  constructor(email: string, holder: { id: string; name: string }) {
    super(`${holder.name} (contact ${holder.id}) already has the email address ${email}; pick that contact, deactivate it first, or use another address.`);
  }
}

/**
 * The address is held by an active contact beyond the caller's team access: said without naming or
 * confirming anything of it (seed 004, beyond reach nothing is learnt), beyond that this address cannot be used.
 */
export class ContactEmailUnavailableError extends ConflictError {
  constructor(email: string) {
    super(`The email address ${email} cannot be used for a contact here. Use another address, or ask an administrator to look into it.`);
  }
}

/** Changing the email of a contact with a portal login ends that login: that is portal access management. */
export class EmailChangeNeedsPortalAccessError extends ForbiddenError {
  constructor(name: string) {
    super(
      `${name} has a portal login, which signs in and receives its links at this email address: changing it ends the login, which needs the ` +
        '"portal_access.manage" permission. Ask someone who holds it (or an administrator), or have them Disable Login first.',
    );
  }
}

/** The email change would end portal access: the caller must say that this is meant. */
export class EmailChangeEndsPortalAccessError extends ConflictError {
  constructor(name: string) {
    super(
      `Changing the email address of ${name} ends their portal login (the login does not move to the new address); Enable Login then invites them at the new one. ` +
        'To change the address, send the request again with "confirmPortalAccessEnd": true.',
    );
  }
}

export class ContactDeactivatedError extends ConflictError {
  constructor(name: string) {
    super(`${name} is a deactivated contact, kept for the history only: it cannot be changed, moved, invited or added to a group.`);
  }
}

export class PortalAccessAlreadyActiveError extends ConflictError {
  constructor(name: string) {
    super(`${name} already has portal access.`);
  }
}

/** Enable Login while no portal app is enabled (see portal-settings.ts): nobody could sign in. */
export class PortalSwitchedOffError extends ConflictError {
  constructor() {
    super(`${portalOff}: nobody can sign in, so login cannot be enabled.`);
  }
}

export class PortalLoginNotEnabledError extends ConflictError {
  constructor(name: string) {
    super(`${name} has no portal login to disable; use Enable Login to invite them.`);
  }
}

export class ContactAlreadyAtCustomerError extends ConflictError {
  constructor(name: string, customerName: string) {
    super(`${name} already belongs to ${customerName}.`);
  }
}

/** The move would end portal access: the caller must say that this is meant. */
export class PortalAccessWouldEndError extends ConflictError {
  constructor(name: string, customerName: string) {
    super(
      `Moving ${name} to ${customerName} ends the portal access of ${name}; they can be invited again for the new customer. ` +
        'To move the contact, send the request again with "confirmPortalAccessEnd": true.',
    );
  }
}

export class ContactChangedMeanwhileError extends ConflictError {
  constructor(name: string) {
    super(`${name} was changed by someone else while this request ran. Reload the contact and try again.`);
  }
}
