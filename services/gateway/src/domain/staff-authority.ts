import { ForbiddenError } from '@helpdesk/errors';
import type { PermissionName, StaffPrincipal } from '@helpdesk/http';
import type { Tx } from '../persistence/client.js';
import { lockStaffUsers, permissionsOf, type StaffUser } from '../persistence/staff-user.repository.js';
import { effectivePermissions } from './effective-access.js';

/**
 * Who may hand out what: nobody grants a role or permission they do not hold, nobody changes their
 * own role or permissions, and nobody changes (or signs out) a user who holds more than they do —
 * otherwise a user with only `staff.manage` could make themselves an administrator, or demote every
 * administrator. Administrators hold everything, so these only ever limit agents.
 */
export type Actor = Pick<StaffPrincipal, 'userId' | 'role' | 'permissions'>;

function notHeld(actor: Actor, permissions: readonly string[]): string[] {
  return permissions.filter((permission) => !(actor.permissions as string[]).includes(permission));
}

/** The actor may give a user this role and these permissions. */
export function assertMayGrant(actor: Actor, role: 'admin' | 'agent' | undefined, permissions: readonly PermissionName[] | undefined): void {
  if (role === 'admin' && actor.role !== 'admin') throw new ForbiddenError('Only an administrator can make someone an administrator.');
  const missing = notHeld(actor, permissions ?? []);
  if (missing.length > 0) {
    throw new ForbiddenError(`You cannot grant permissions you do not hold yourself (${missing.join(', ')}): ask an administrator.`);
  }
}

/** The actor may change this user at all: the user holds nothing the actor does not. */
export function assertMayManage(actor: Actor, target: { id: string; role: string }, targetPermissions: readonly string[]): void {
  if (target.id === actor.userId) return;
  if (target.role === 'admin' && actor.role !== 'admin') throw new ForbiddenError('Only an administrator can change another administrator.');
  const missing = notHeld(actor, effectivePermissions(target.role, [...targetPermissions]));
  if (missing.length > 0) {
    throw new ForbiddenError(`This user holds permissions you do not (${missing.join(', ')}): only someone who holds them can change this user.`);
  }
}

/** Nobody changes their own role or permissions (a change to the same value is no change). */
export function assertNotOwnAuthority(
  actor: Actor,
  target: { id: string; role: string },
  targetPermissions: readonly string[],
  changes: { role?: string; permissions?: readonly string[] },
): void {
  if (target.id !== actor.userId) return;
  const roleChanges = changes.role !== undefined && changes.role !== target.role;
  const permissionsChange = changes.permissions !== undefined && [...changes.permissions].sort().join() !== [...targetPermissions].sort().join();
  if (roleChanges || permissionsChange) {
    throw new ForbiddenError('You cannot change your own role or permissions: ask another administrator.');
  }
}

/**
 * The acting user as their row is now, locked (with `others`, in one order) until the transaction
 * ends. Authority is decided on this, not on the principal read before the transaction: a demotion
 * or deactivation of the actor that commits first is seen here, and one that starts later waits
 * for this change. Refused when the actor is no longer active or no longer holds `needed`.
 */
export async function lockActor(tx: Tx, actorId: string, needed: PermissionName | undefined, others: string[] = []): Promise<{ actor: Actor; locked: Map<string, StaffUser> }> {
  const locked = new Map((await lockStaffUsers(tx, [actorId, ...others])).map((user) => [user.id, user]));
  const row = locked.get(actorId);
  if (!row?.active) throw new ForbiddenError('Your account is no longer active.');
  const actor: Actor = { userId: row.id, role: row.role === 'admin' ? 'admin' : 'agent', permissions: effectivePermissions(row.role, await permissionsOf(tx, row.id)) };
  if (needed && !actor.permissions.includes(needed)) throw new ForbiddenError(`You no longer hold the permission ${needed}: ask an administrator.`);
  return { actor, locked };
}
