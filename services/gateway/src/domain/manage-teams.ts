import { teamCreatedV1, teamDeletedV1, teamUpdatedV1, type EventData } from '@helpdesk/contracts-schema';
import { ForbiddenError, ValidationError } from '@helpdesk/errors';
import { permissions } from '@helpdesk/http';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayDatabase, Tx } from '../persistence/client.js';
import { findStaffUser } from '../persistence/staff-user.repository.js';
import {
  addTeamMember,
  customerReachOf,
  deleteTeam,
  findTeam,
  insertTeam,
  lockTeam,
  listTeams,
  removeTeamMember,
  replaceTeamCustomers,
  updateTeam,
  type TeamWithMembers,
} from '../persistence/team.repository.js';
import { DuplicateNameError, StaffUserNotFoundError, TeamNotFoundError } from './errors.js';
import { lockActor, type Actor } from './staff-authority.js';

const manageTeams = permissions.manageTeams.name;

export interface TeamInput {
  name?: string;
  ticketAccess?: 'all' | 'selected';
  customerIds?: string[];
}

async function existingTeam(tx: Tx, id: string): Promise<TeamWithMembers> {
  const team = await findTeam(tx, id);
  if (!team) throw new TeamNotFoundError(id);
  return team;
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.team.findFirst({ where: { name: { equals: name, mode: 'insensitive' }, NOT: exceptId ? { id: exceptId } : undefined } });
  if (clash) throw new DuplicateNameError(`A team named "${name}" already exists.`);
}

type Reach = { all: boolean; customerIds: string[] };

/** What the actor reaches: everything for an administrator, else what their teams reach. */
async function reachOf(tx: Tx, actor: Actor): Promise<Reach> {
  return actor.role === 'admin' ? { all: true, customerIds: [] } : customerReachOf(tx, actor.userId);
}

/** The team reaches nothing beyond `reach`. */
function withinReach(reach: Reach, team: { ticketAccess: string; customerIds: readonly string[] }): boolean {
  if (reach.all) return true;
  const reachable = new Set(reach.customerIds);
  return team.ticketAccess !== 'all' && team.customerIds.every((id) => reachable.has(id));
}

/**
 * Team access is a grant too: a `teams.manage` holder who is not an administrator may not give a
 * team (and so its members, themselves included) customers they cannot reach themselves, nor access
 * to all customers unless they have it, nor add themselves to a team. Narrowing a team within
 * their reach is allowed (assertTeamWithinReach).
 */
async function assertWithinReach(tx: Tx, actor: Actor, grant: { ticketAccess?: string; customerIds?: readonly string[] }): Promise<void> {
  const reach = await reachOf(tx, actor);
  if (reach.all) return;
  if (grant.ticketAccess === 'all') throw new ForbiddenError('You cannot give a team access to all customers: you do not have it yourself. Ask an administrator.');
  const reachable = new Set(reach.customerIds);
  const beyond = (grant.customerIds ?? []).filter((id) => !reachable.has(id));
  if (beyond.length > 0) {
    throw new ForbiddenError(`You cannot give a team customers your own teams do not reach (${beyond.join(', ')}): ask an administrator.`);
  }
}

function teamSnapshot(team: TeamWithMembers): EventData<typeof teamUpdatedV1> {
  return {
    teamId: team.id,
    name: team.name,
    ticketAccess: team.ticketAccess === 'all' ? 'all' : 'selected',
    customerIds: team.customerIds,
    memberIds: team.memberIds,
  };
}

/**
 * Reads the team as the transaction left it and records team.updated with its whole state: the
 * tickets and customers services resolve an agent's customers from their projection of these.
 */
async function announceChange(tx: Tx, id: string): Promise<TeamWithMembers> {
  const team = await existingTeam(tx, id);
  await recordEvent(tx, 'gateway', teamUpdatedV1, team, teamSnapshot(team));
  return team;
}

/**
 * Changing a team at all (deleting it, removing a member or a customer) is allowed to a
 * non-administrator only for a team within their own reach, as giving access is: otherwise a holder
 * of `teams.manage` limited to one customer could strip everyone else's access.
 */
function assertTeamWithinReach(reach: Reach, team: TeamWithMembers): void {
  if (!withinReach(reach, team)) {
    throw new ForbiddenError('This team reaches customers you do not: only someone who reaches them (an administrator) can change it.');
  }
}

/**
 * The teams the actor may see: all for an administrator or someone with access to all customers;
 * otherwise those within their reach — a team's customer ids beyond it are not for them to learn.
 */
export async function teams(db: GatewayDatabase, actor: Actor): Promise<TeamWithMembers[]> {
  const reach = await reachOf(db.client, actor);
  return (await listTeams(db.client)).filter((t) => withinReach(reach, t));
}

/** One team; a team beyond the actor's reach is not found, as in the list. */
export async function team(db: GatewayDatabase, actor: Actor, id: string): Promise<TeamWithMembers> {
  const found = await existingTeam(db.client, id);
  if (!withinReach(await reachOf(db.client, actor), found)) throw new TeamNotFoundError(id);
  return found;
}

/** The actor as they are now (locked), and the team, locked, so what is compared with it stays true until commit. */
async function lockedForChange(tx: Tx, principal: Actor, id: string): Promise<{ actor: Actor; current: TeamWithMembers }> {
  const { actor } = await lockActor(tx, principal.userId, manageTeams);
  if (!(await lockTeam(tx, id))) throw new TeamNotFoundError(id);
  return { actor, current: await existingTeam(tx, id) };
}

export async function createTeam(db: GatewayDatabase, principal: Actor, input: Required<Pick<TeamInput, 'name'>> & TeamInput): Promise<TeamWithMembers> {
  return db.transaction(async (tx) => {
    const { actor } = await lockActor(tx, principal.userId, manageTeams);
    await assertWithinReach(tx, actor, input);
    await assertNameFree(tx, input.name);
    const created = await insertTeam(tx, { name: input.name, ticketAccess: input.ticketAccess ?? 'selected' });
    await replaceTeamCustomers(tx, created.id, input.customerIds ?? []);
    const team = await existingTeam(tx, created.id);
    await recordEvent(tx, 'gateway', teamCreatedV1, team, teamSnapshot(team));
    return team;
  });
}

export async function changeTeam(db: GatewayDatabase, principal: Actor, id: string, input: TeamInput): Promise<TeamWithMembers> {
  if (input.name === undefined && input.ticketAccess === undefined && input.customerIds === undefined) {
    throw new ValidationError('Send at least one of name, ticketAccess and customerIds.');
  }
  return db.transaction(async (tx) => {
    const { actor, current } = await lockedForChange(tx, principal, id);
    assertTeamWithinReach(await reachOf(tx, actor), current);
    // Only what the change adds is a grant: customers the team already has stay as they are.
    const added = input.customerIds?.filter((customerId) => !current.customerIds.includes(customerId));
    const widened = input.ticketAccess === 'all' && current.ticketAccess !== 'all' ? 'all' : undefined;
    await assertWithinReach(tx, actor, { ticketAccess: widened, customerIds: added });
    if (input.name !== undefined) await assertNameFree(tx, input.name, id);
    await updateTeam(tx, id, { name: input.name, ticketAccess: input.ticketAccess });
    if (input.customerIds) await replaceTeamCustomers(tx, id, input.customerIds);
    return announceChange(tx, id);
  });
}

export async function removeTeam(db: GatewayDatabase, principal: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { actor, current } = await lockedForChange(tx, principal, id);
    assertTeamWithinReach(await reachOf(tx, actor), current);
    const deleted = await deleteTeam(tx, id);
    // A deletion's event carries the version after the last change, so it is newer than every other.
    await recordEvent(tx, 'gateway', teamDeletedV1, { id, version: deleted.version + 1 }, { teamId: id });
  });
}

export async function addMember(db: GatewayDatabase, principal: Actor, teamId: string, userId: string): Promise<TeamWithMembers> {
  return db.transaction(async (tx) => {
    const { actor, current } = await lockedForChange(tx, principal, teamId);
    if (!(await findStaffUser(tx, userId))) throw new StaffUserNotFoundError(userId);
    if (userId === actor.userId && actor.role !== 'admin') throw new ForbiddenError('You cannot add yourself to a team: ask an administrator.');
    await assertWithinReach(tx, actor, current);
    if (!(await addTeamMember(tx, teamId, userId))) return existingTeam(tx, teamId);
    await updateTeam(tx, teamId, {});
    return announceChange(tx, teamId);
  });
}

export async function removeMember(db: GatewayDatabase, principal: Actor, teamId: string, userId: string): Promise<TeamWithMembers> {
  return db.transaction(async (tx) => {
    const { actor, current } = await lockedForChange(tx, principal, teamId);
    assertTeamWithinReach(await reachOf(tx, actor), current);
    if (!(await removeTeamMember(tx, teamId, userId))) return existingTeam(tx, teamId);
    await updateTeam(tx, teamId, {});
    return announceChange(tx, teamId);
  });
}
