import { allPermissionNames, isPermissionName, type PermissionName } from '@helpdesk/http';

/** Administrators hold every permission; agents what was granted to them. */
export function effectivePermissions(role: string, granted: string[]): PermissionName[] {
  return role === 'admin' ? allPermissionNames : granted.filter(isPermissionName);
}

/**
 * The customers a user may pick for a ticket: every customer for administrators and for members
 * of a team with access to all; otherwise the union of their teams' customers.
 */
export function customerAccess(role: string, teams: Array<{ ticketAccess: string; customerIds: string[] }>): 'all' | string[] {
  if (role === 'admin' || teams.some((team) => team.ticketAccess === 'all')) return 'all';
  return [...new Set(teams.flatMap((team) => team.customerIds))].sort();
}
