import { ValidationError } from '@helpdesk/errors';
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
    return existingTeam(tx, created.id);
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
    return existingTeam(tx, id);
  });
}

export async function removeTeam(db: GatewayDatabase, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await existingTeam(tx, id);
    await deleteTeam(tx, id);
  });
}

export async function addMember(db: GatewayDatabase, teamId: string, userId: string): Promise<TeamWithMembers> {
  return db.transaction(async (tx) => {
    await existingTeam(tx, teamId);
    if (!(await findStaffUser(tx, userId))) throw new StaffUserNotFoundError(userId);
    await addTeamMember(tx, teamId, userId);
    return existingTeam(tx, teamId);
  });
}

export async function removeMember(db: GatewayDatabase, teamId: string, userId: string): Promise<TeamWithMembers> {
  return db.transaction(async (tx) => {
    await existingTeam(tx, teamId);
    await removeTeamMember(tx, teamId, userId);
    return existingTeam(tx, teamId);
  });
}
