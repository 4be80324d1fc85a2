import { staffUserCreatedV1, staffUserUpdatedV1, type EventData } from '@helpdesk/contracts-schema';
import { ConflictError, ForbiddenError } from '@helpdesk/errors';
import { permissions as allPermissions, type PermissionName } from '@helpdesk/http';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayDatabase, Tx } from '../persistence/client.js';
import { voidOpenResets } from '../persistence/password-reset.repository.js';
import {
  findStaffUserByEmail,
  insertStaffUser,
  listStaffUsers,
  lockActiveAdministrators,
  permissionsOf,
  replacePermissions,
  updateStaffUser,
  type StaffUser,
} from '../persistence/staff-user.repository.js';
import { StaffUserNotFoundError } from './errors.js';
import { assertMayGrant, assertMayManage, assertNotOwnAuthority, lockActor, type Actor } from './staff-authority.js';
import { hashPassword } from './passwords.js';
import { assertAcceptablePassword } from './password-policy.js';

export interface StaffUserView {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  permissions: string[];
}

function view(user: StaffUser, permissions: string[]): StaffUserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role, active: user.active, permissions };
}

function staffSnapshot(user: StaffUser): EventData<typeof staffUserUpdatedV1> {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role === 'admin' ? 'admin' : 'agent',
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
}

/**
 * Records staff_user.created or .updated with the user's whole state at their version, in the
 * transaction that made the change: the notifier keeps staff users (recipients of automations, the
 * account owner) from these. Permissions and token versions are not in it (nobody else needs them).
 */
export async function announceStaffUser(tx: Tx, change: 'created' | 'updated', user: StaffUser): Promise<void> {
  const definition = change === 'created' ? staffUserCreatedV1 : staffUserUpdatedV1;
  await recordEvent(tx, 'gateway', definition, { id: user.id, version: user.version }, staffSnapshot(user));
}

export async function listStaff(db: GatewayDatabase): Promise<StaffUserView[]> {
  const users = await listStaffUsers(db.client);
  return Promise.all(users.map(async (user) => view(user, await permissionsOf(db.client, user.id))));
}

const manageStaff = allPermissions.manageStaff.name;

/**
 * Locks what a staff change decides on, always in one order — every active administrator's row, then
 * the actor's and the others' in id order — so that no two changes deadlock (an administrator's row
 * can be both "an administrator" and an actor or target). Returns the administrators' ids, the actor
 * as they are now, and the rows locked.
 */
async function lockForStaffChange(tx: Tx, principal: Actor, others: string[]) {
  const admins = await lockActiveAdministrators(tx);
  return { admins, ...(await lockActor(tx, principal.userId, manageStaff, others)) };
}

export interface NewStaff {
  email: string;
  name: string;
  password: string;
  role: 'admin' | 'agent';
  permissions: PermissionName[];
}

export async function createStaff(db: GatewayDatabase, actor: Actor, input: NewStaff): Promise<StaffUserView> {
  assertMayGrant(actor, input.role, input.permissions);
  assertAcceptablePassword(input.password, input.email);
  if (await findStaffUserByEmail(db.client, input.email)) throw new ConflictError(`A staff user with the email ${input.email} already exists.`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    assertMayGrant((await lockForStaffChange(tx, actor, [])).actor, input.role, input.permissions);
    const user = await insertStaffUser(tx, { email: input.email, name: input.name, role: input.role, passwordHash });
    await replacePermissions(tx, user.id, input.permissions);
    await announceStaffUser(tx, 'created', user);
    return view(user, [...input.permissions].sort());
  });
}

export interface StaffChanges {
  name?: string;
  role?: 'admin' | 'agent';
  active?: boolean;
  permissions?: PermissionName[];
  /** A new password, set by someone else: how an administrator (who cannot reset by email) gets one. */
  password?: string;
}

/**
 * Changes a staff user within the actor's authority (staff-authority.ts), decided on the actor's
 * row as it is now, locked with the target's. The last active administrator cannot be demoted or
 * deactivated: every change first locks every active administrator's row, so of two concurrent
 * demotions of the last two, the second waits for the first, then counts one administrator and is
 * refused. Deactivation and a new password end every token and open reset link
 * the user holds, so a reactivation does not bring back a token or link issued before. Every change
 * counts the user's version up and records staff_user.updated (signing out everywhere is no change
 * of the user, and records nothing).
 */
export async function changeStaff(db: GatewayDatabase, principal: Actor, id: string, changes: StaffChanges): Promise<StaffUserView> {
  const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password);
  return db.transaction(async (tx) => {
    const mayRemoveAdmin = changes.role === 'agent' || changes.active === false;
    const { admins, actor, locked } = await lockForStaffChange(tx, principal, [id]);
    const user = locked.get(id);
    if (!user) throw new StaffUserNotFoundError(id);
    const held = await permissionsOf(tx, id);
    assertMayManage(actor, user, held);
    assertNotOwnAuthority(actor, user, held, changes);
    assertMayGrant(actor, changes.role, changes.permissions);
    if (id === actor.userId && changes.active === false) throw new ConflictError('You cannot deactivate your own account.');
    if (id === actor.userId && changes.password !== undefined) {
      throw new ForbiddenError('You cannot set your own password here: an agent uses the password reset; an administrator asks another administrator.');
    }
    if (changes.password !== undefined) assertAcceptablePassword(changes.password, user.email);
    const losesAdmin = user.role === 'admin' && user.active && mayRemoveAdmin;
    if (losesAdmin && admins.length <= 1) throw new ConflictError('This is the last active administrator: make someone else an administrator first.');
    const deactivated = user.active && changes.active === false;
    const updated = await updateStaffUser(tx, id, {
      name: changes.name,
      role: changes.role,
      active: changes.active,
      passwordHash,
      ...((deactivated || passwordHash) && { tokenVersion: { increment: 1 } }),
      version: { increment: 1 },
    });
    if (deactivated || passwordHash) await voidOpenResets(tx, 'staff', id);
    if (changes.permissions) await replacePermissions(tx, id, changes.permissions);
    await announceStaffUser(tx, 'updated', updated);
    return view(updated, await permissionsOf(tx, id));
  });
}

/**
 * Ends every token the staff user holds, on every gateway at its next request (their token version
 * is in each token). Anyone may do it for themselves; for someone else it needs their authority.
 */
export async function signOutStaffEverywhere(db: GatewayDatabase, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    // Oneself with any permission (the route asks for none then; one row, so no order to keep); someone else with staff.manage.
    const { actor: current, locked } = id === actor.userId ? await lockActor(tx, actor.userId, undefined) : await lockForStaffChange(tx, actor, [id]);
    const user = locked.get(id);
    if (!user) throw new StaffUserNotFoundError(id);
    assertMayManage(current, user, await permissionsOf(tx, id));
    await updateStaffUser(tx, id, { tokenVersion: { increment: 1 } });
  });
}
