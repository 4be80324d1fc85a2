import { ConflictError } from '@helpdesk/errors';
import type { PermissionName } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import {
  findStaffUser,
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
import { assertMayGrant, assertMayManage, assertNotOwnAuthority, type Actor } from './staff-authority.js';
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

export async function listStaff(db: GatewayDatabase): Promise<StaffUserView[]> {
  const users = await listStaffUsers(db.client);
  return Promise.all(users.map(async (user) => view(user, await permissionsOf(db.client, user.id))));
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
    const user = await insertStaffUser(tx, { email: input.email, name: input.name, role: input.role, passwordHash });
    await replacePermissions(tx, user.id, input.permissions);
    return view(user, [...input.permissions].sort());
  });
}

export interface StaffChanges {
  name?: string;
  role?: 'admin' | 'agent';
  active?: boolean;
  permissions?: PermissionName[];
}

/**
 * Changes a staff user within the actor's authority (staff-authority.ts). The last active
 * administrator cannot be demoted or deactivated: a change that could do that first locks every
 * active administrator's row, so of two concurrent demotions of the last two, the second waits for
 * the first, then counts one administrator and is refused.
 */
export async function changeStaff(db: GatewayDatabase, actor: Actor, id: string, changes: StaffChanges): Promise<StaffUserView> {
  return db.transaction(async (tx) => {
    const mayRemoveAdmin = changes.role === 'agent' || changes.active === false;
    const admins = mayRemoveAdmin ? await lockActiveAdministrators(tx) : [];
    const user = await findStaffUser(tx, id);
    if (!user) throw new StaffUserNotFoundError(id);
    const held = await permissionsOf(tx, id);
    assertMayManage(actor, user, held);
    assertNotOwnAuthority(actor, user, held, changes);
    assertMayGrant(actor, changes.role, changes.permissions);
    if (id === actor.userId && changes.active === false) throw new ConflictError('You cannot deactivate your own account.');
    const losesAdmin = user.role === 'admin' && user.active && mayRemoveAdmin;
    if (losesAdmin && admins.length <= 1) throw new ConflictError('This is the last active administrator: make someone else an administrator first.');
    const updated = await updateStaffUser(tx, id, { name: changes.name, role: changes.role, active: changes.active });
    if (changes.permissions) await replacePermissions(tx, id, changes.permissions);
    return view(updated, await permissionsOf(tx, id));
  });
}

/**
 * Ends every token the staff user holds, on every gateway at its next request (their token version
 * is in each token). Anyone may do it for themselves; for someone else it needs their authority.
 */
export async function signOutStaffEverywhere(db: GatewayDatabase, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await findStaffUser(tx, id);
    if (!user) throw new StaffUserNotFoundError(id);
    assertMayManage(actor, user, await permissionsOf(tx, id));
    await updateStaffUser(tx, id, { tokenVersion: { increment: 1 } });
  });
}
