import type { Request } from 'express';
import { ForbiddenError, UnauthorizedError } from '@helpdesk/errors';
import type { ContactPrincipal, Principal, ServicePrincipal, StaffPrincipal } from './principal.js';
import type { PermissionName } from './permissions.js';

export function requirePrincipal(req: Request): Principal {
  if (!req.principal) throw new UnauthorizedError();
  return req.principal;
}

export function requireStaff(req: Request): StaffPrincipal {
  const principal = requirePrincipal(req);
  if (principal.kind !== 'staff') throw new ForbiddenError('This is for staff users only.');
  return principal;
}

/** A staff user holding `permission`; anyone else gets 403 naming what is missing. */
export function requirePermission(req: Request, permission: PermissionName): StaffPrincipal {
  return requireAnyPermission(req, [permission]);
}

/** A portal contact; the customer id to scope by comes from here, never from the request. */
export function requireContact(req: Request): ContactPrincipal {
  const principal = requirePrincipal(req);
  if (principal.kind !== 'contact') throw new ForbiddenError('This is for customer portal users only.');
  return principal;
}

/**
 * The service calling an internal route, when it is one of `callers`: each internal route names the
 * services that may ask for it, and refuses every other one (403), whatever else it holds.
 */
export function requireCaller(req: Request, callers: readonly string[]): ServicePrincipal {
  const principal = requirePrincipal(req);
  if (principal.kind !== 'service' || !callers.includes(principal.service)) {
    throw new ForbiddenError(`Only the ${callers.join(' or ')} service may ask for this.`);
  }
  return principal;
}

/** A staff user holding at least one of `anyOf`; anyone else gets 403 naming them (with one, as requirePermission does). */
export function requireAnyPermission(req: Request, anyOf: readonly PermissionName[]): StaffPrincipal {
  const staff = requireStaff(req);
  if (!anyOf.some((permission) => staff.permissions.includes(permission))) {
    const names = anyOf.map((permission) => `"${permission}"`).join(' or ');
    throw new ForbiddenError(`This needs the ${names} permission; ask an administrator to grant it.`);
  }
  return staff;
}
