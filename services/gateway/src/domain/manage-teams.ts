import { teamCreatedV1, teamDeletedV1, teamUpdatedV1, type EventData } from '@helpdesk/contracts-schema';
import { ValidationError } from '@helpdesk/errors';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayDatabase, Tx } from '../persistence/client.js';
import { findStaffUser } from '../persistence/staff-user.repository.js';
import {
  addTeamMember,
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

export async function createTeam(db: GatewayDatabase, input: Required<Pick<TeamInput, 'name'>> & TeamInput): Promise<TeamWithMembers> {
  return db.transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    const created = await insertTeam(tx, { name: input.name, ticketAccess: input.ticketAccess ?? 'selected' });
    await replaceTeamCustomers(tx, created.id, input.customerIds ?? []);
    const team = await existingTeam(tx, created.id);
    await recordEvent(tx, 'gateway', teamCreatedV1, team, teamSnapshot(team));
    return team;
  });
}

export async function changeTeam(db: GatewayDatabase, id: string, input: TeamInput): Promise<TeamWithMembers> {
  if (input.name === undefined && input.ticketAccess === undefined && input.customerIds === undefined) {
    throw new ValidationError('Send at least one of name, ticketAccess and customerIds.');
  }
  return db.transaction(async (tx) => {
    await existingTeam(tx, id);
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

export async function addMember(db: GatewayDatabase, teamId: string, userId: string): Promise<TeamWithMembers> {
  return db.transaction(async (tx) => {
    await existingTeam(tx, teamId);
    if (!(await findStaffUser(tx, userId))) throw new StaffUserNotFoundError(userId);
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
