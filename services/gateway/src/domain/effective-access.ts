import { allPermissionNames, isPermissionName, type PermissionName } from '@helpdesk/http';

/** Administrators hold every permission; agents what was granted to them. */
export function effectivePermissions(role: string, granted: string[]): PermissionName[] {
  return role === 'admin' ? allPermissionNames : granted.filter(isPermissionName);
}
