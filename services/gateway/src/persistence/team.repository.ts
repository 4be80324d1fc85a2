import type { Tx } from './client.js';
import type { Team } from './generated/client.js';

export type { Team };

export interface TeamWithMembers extends Team {
  memberIds: string[];
  customerIds: string[];
}

async function withMembers(tx: Tx, team: Team): Promise<TeamWithMembers> {
  const [members, customers] = await Promise.all([
    tx.teamMember.findMany({ where: { teamId: team.id }, orderBy: { userId: 'asc' } }),
    tx.teamCustomer.findMany({ where: { teamId: team.id }, orderBy: { customerId: 'asc' } }),
  ]);
  return { ...team, memberIds: members.map((m) => m.userId), customerIds: customers.map((c) => c.customerId) };
}

export async function findTeam(tx: Tx, id: string): Promise<TeamWithMembers | undefined> {
  const team = await tx.team.findUnique({ where: { id } });
  return team ? withMembers(tx, team) : undefined;
}

export async function listTeams(tx: Tx): Promise<TeamWithMembers[]> {
  const teams = await tx.team.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  return Promise.all(teams.map((team) => withMembers(tx, team)));
}

export function insertTeam(tx: Tx, team: { name: string; ticketAccess: string }): Promise<Team> {
  return tx.team.create({ data: team });
}

export function updateTeam(tx: Tx, id: string, changes: { name?: string; ticketAccess?: string }): Promise<Team> {
  return tx.team.update({ where: { id }, data: changes });
}

export async function deleteTeam(tx: Tx, id: string): Promise<void> {
  await tx.teamMember.deleteMany({ where: { teamId: id } });
  await tx.teamCustomer.deleteMany({ where: { teamId: id } });
  await tx.team.delete({ where: { id } });
}

export async function replaceTeamCustomers(tx: Tx, teamId: string, customerIds: string[]): Promise<void> {
  await tx.teamCustomer.deleteMany({ where: { teamId } });
  await tx.teamCustomer.createMany({ data: customerIds.map((customerId) => ({ teamId, customerId })) });
}

export async function addTeamMember(tx: Tx, teamId: string, userId: string): Promise<void> {
  await tx.teamMember.createMany({ data: [{ teamId, userId }], skipDuplicates: true });
}

export async function removeTeamMember(tx: Tx, teamId: string, userId: string): Promise<void> {
  await tx.teamMember.deleteMany({ where: { teamId, userId } });
}
