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

/** Locks the team's row for the rest of the transaction; false when there is no such team. */
export async function lockTeam(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`SELECT 1 FROM teams WHERE id = ${id}::uuid FOR UPDATE`;
  return rows.length > 0;
}

export async function listTeams(tx: Tx): Promise<TeamWithMembers[]> {
  const teams = await tx.team.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  return Promise.all(teams.map((team) => withMembers(tx, team)));
}

export function insertTeam(tx: Tx, team: { name: string; ticketAccess: string }): Promise<Team> {
  return tx.team.create({ data: team });
}

/** Counts the version up in the same statement; with no changes, only that (its customers or members changed). */
export function updateTeam(tx: Tx, id: string, changes: { name?: string; ticketAccess?: string }): Promise<Team> {
  return tx.team.update({ where: { id }, data: { ...changes, version: { increment: 1 } } });
}

/** Returns the team as it was deleted (its last version). */
export async function deleteTeam(tx: Tx, id: string): Promise<Team> {
  await tx.teamMember.deleteMany({ where: { teamId: id } });
  await tx.teamCustomer.deleteMany({ where: { teamId: id } });
  return tx.team.delete({ where: { id } });
}

export async function replaceTeamCustomers(tx: Tx, teamId: string, customerIds: string[]): Promise<void> {
  await tx.teamCustomer.deleteMany({ where: { teamId } });
  await tx.teamCustomer.createMany({ data: customerIds.map((customerId) => ({ teamId, customerId })) });
}

/** Returns false when the user was already a member. */
export async function addTeamMember(tx: Tx, teamId: string, userId: string): Promise<boolean> {
  const { count } = await tx.teamMember.createMany({ data: [{ teamId, userId }], skipDuplicates: true });
  return count > 0;
}

/** Returns false when the user was not a member. */
export async function removeTeamMember(tx: Tx, teamId: string, userId: string): Promise<boolean> {
  const { count } = await tx.teamMember.deleteMany({ where: { teamId, userId } });
  return count > 0;
}

/** The customers a user's teams reach: all (a team with access to all), or the teams' customers. */
export async function customerReachOf(tx: Tx, userId: string): Promise<{ all: boolean; customerIds: string[] }> {
  const [row] = await tx.$queryRaw<Array<{ all: boolean; customerIds: string[] }>>`SELECT
      EXISTS (SELECT 1 FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ${userId}::uuid AND t.ticket_access = 'all') AS "all",
      COALESCE((SELECT array_agg(DISTINCT tc.customer_id::text) FROM team_members m JOIN team_customers tc ON tc.team_id = m.team_id WHERE m.user_id = ${userId}::uuid), '{}')::text[] AS "customerIds"`;
  return row ?? { all: false, customerIds: [] };
}
