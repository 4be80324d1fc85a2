import { allPermissionNames, isPermissionName, type PermissionName } from '@helpdesk/http';

/** Administrators hold every permission; agents what was granted to them. */
export function effectivePermissions(role: string, granted: string[]): PermissionName[] {
  return role === 'admin' ? allPermissionNames : granted.filter(isPermissionName);
}

/**
 * The customers a user may pick for a ticket: every customer for administrators and for members
 * of a team with access to all; otherwise the customers of their teams.
 */
export function customerAccess(role: string, access: { allCustomers: boolean; customerIds: string[] }): 'all' | string[] {
  if (role === 'admin' || access.allCustomers) return 'all';
  return [...new Set(access.customerIds)].sort();
}
