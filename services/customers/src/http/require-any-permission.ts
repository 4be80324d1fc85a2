import type { Request } from 'express';
import { ForbiddenError } from '@helpdesk/errors';
import { permissions, requireStaff, type PermissionName, type StaffPrincipal } from '@helpdesk/http';

/** Who may read customers and their contacts: a viewer, or anyone who may change them. */
export const customerReaders: PermissionName[] = [permissions.viewCustomers.name, permissions.manageCustomers.name];

/** A staff user holding at least one of `anyOf`; anyone else gets 403 naming them. */
export function requireAnyPermission(req: Request, anyOf: PermissionName[]): StaffPrincipal {
  const staff = requireStaff(req);
  if (!anyOf.some((permission) => staff.permissions.includes(permission))) {
    const names = anyOf.map((permission) => `"${permission}"`).join(' or ');
    throw new ForbiddenError(`This needs the ${names} permission; ask an administrator to grant it.`);
  }
  return staff;
}
