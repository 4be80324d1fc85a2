import { teamCreatedV1, teamDeletedV1, teamUpdatedV1, type EventData } from '@helpdesk/contracts-schema';
import { ForbiddenError, ValidationError } from '@helpdesk/errors';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayDatabase, Tx } from '../persistence/client.js';
import { findStaffUser } from '../persistence/staff-user.repository.js';
import {
  addTeamMember,
  customerReachOf,
  deleteTeam,
  findTeam,
  insertTeam,
  listTeams,
  removeTeamMember,
  replaceTeamCustomers,
  updateTeam,
  type TeamWithMembers,
} from '../persistence/team.repository.js';
import { DuplicateNameError, StaffUserNotFoundError, TeamNotFoundError } from './errors.js';
import type { Actor } from './staff-authority.js';

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

/**
 * Team access is a grant too: a `teams.manage` holder who is not an administrator may not give a
 * team (and so its members, themselves included) customers they cannot reach themselves, nor access
 * to all customers unless they have it, nor add themselves to a team. Narrowing access is allowed.
 */
async function assertWithinReach(tx: Tx, actor: Actor, grant: { ticketAccess?: string; customerIds?: readonly string[] }): Promise<void> {
  if (actor.role === 'admin') return;
  const reach = await customerReachOf(tx, actor.userId);
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

export function teams(db: GatewayDatabase): Promise<TeamWithMembers[]> {
  return listTeams(db.client);
}

export async function team(db: GatewayDatabase, id: string): Promise<TeamWithMembers> {
  return existingTeam(db.client, id);
}

export async function createTeam(db: GatewayDatabase, actor: Actor, input: Required<Pick<TeamInput, 'name'>> & TeamInput): Promise<TeamWithMembers> {
  return db.transaction(async (tx) => {
    await assertWithinReach(tx, actor, input);
    await assertNameFree(tx, input.name);
    const created = await insertTeam(tx, { name: input.name, ticketAccess: input.ticketAccess ?? 'selected' });
    await replaceTeamCustomers(tx, created.id, input.customerIds ?? []);
    const team = await existingTeam(tx, created.id);
    await recordEvent(tx, 'gateway', teamCreatedV1, team, teamSnapshot(team));
    return team;
  });
}

export async function changeTeam(db: GatewayDatabase, actor: Actor, id: string, input: TeamInput): Promise<TeamWithMembers> {
  if (input.name === undefined && input.ticketAccess === undefined && input.customerIds === undefined) {
    throw new ValidationError('Send at least one of name, ticketAccess and customerIds.');
  }
  return db.transaction(async (tx) => {
    const current = await existingTeam(tx, id);
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

export async function removeTeam(db: GatewayDatabase, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await existingTeam(tx, id);
    const deleted = await deleteTeam(tx, id);
    // A deletion's event carries the version after the last change, so it is newer than every other.
    await recordEvent(tx, 'gateway', teamDeletedV1, { id, version: deleted.version + 1 }, { teamId: id });
  });
}

export async function addMember(db: GatewayDatabase, actor: Actor, teamId: string, userId: string): Promise<TeamWithMembers> {
  return db.transaction(async (tx) => {
    const current = await existingTeam(tx, teamId);
    if (!(await findStaffUser(tx, userId))) throw new StaffUserNotFoundError(userId);
    if (userId === actor.userId && actor.role !== 'admin') throw new ForbiddenError('You cannot add yourself to a team: ask an administrator.');
    await assertWithinReach(tx, actor, current);
    if (!(await addTeamMember(tx, teamId, userId))) return existingTeam(tx, teamId);
    await updateTeam(tx, teamId, {});
    return announceChange(tx, teamId);
  });
}

export async function removeMember(db: GatewayDatabase, teamId: string, userId: string): Promise<TeamWithMembers> {
  return db.transaction(async (tx) => {
    await existingTeam(tx, teamId);
    if (!(await removeTeamMember(tx, teamId, userId))) return existingTeam(tx, teamId);
    await updateTeam(tx, teamId, {});
    return announceChange(tx, teamId);
  });
}
