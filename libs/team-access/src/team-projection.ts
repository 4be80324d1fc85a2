import type { Envelope, EventData, teamDeletedV1, teamUpdatedV1 } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';

/**
 * A service that resolves staff users' customers keeps this projection of the gateway's teams, in
 * three tables its Prisma schema declares (see services/tickets/prisma/schema.prisma):
 * `team_access` (team_id, ticket_access, deleted, version), `team_access_customers` (team_id,
 * customer_id) and `team_access_members` (team_id, user_id). Each team.* event carries the team's
 * whole state and its version: an event older than the one applied changes nothing, and a deleted
 * team stays as a marker, so that a late team.updated cannot bring it back.
 */
export async function applyTeamSnapshot(event: Envelope<EventData<typeof teamUpdatedV1>>, tx: SqlExecutor): Promise<void> {
  const { teamId, ticketAccess, customerIds, memberIds } = event.data;
  const applied = await tx.$executeRawUnsafe(
    `INSERT INTO team_access (team_id, ticket_access, deleted, version) VALUES ($1::uuid, $2, false, $3)
     ON CONFLICT (team_id) DO UPDATE SET ticket_access = EXCLUDED.ticket_access, version = EXCLUDED.version
     WHERE team_access.version < EXCLUDED.version AND NOT team_access.deleted`,
    teamId,
    ticketAccess,
    event.aggregate.version,
  );
  if (applied === 0) return;
  await replaceRows(tx, 'team_access_customers', 'customer_id', teamId, customerIds);
  await replaceRows(tx, 'team_access_members', 'user_id', teamId, memberIds);
}

export async function applyTeamDeleted(event: Envelope<EventData<typeof teamDeletedV1>>, tx: SqlExecutor): Promise<void> {
  const { teamId } = event.data;
  const applied = await tx.$executeRawUnsafe(
    `INSERT INTO team_access (team_id, ticket_access, deleted, version) VALUES ($1::uuid, 'selected', true, $2)
     ON CONFLICT (team_id) DO UPDATE SET deleted = true, version = EXCLUDED.version WHERE team_access.version < EXCLUDED.version`,
    teamId,
    event.aggregate.version,
  );
  if (applied === 0) return;
  await replaceRows(tx, 'team_access_customers', 'customer_id', teamId, []);
  await replaceRows(tx, 'team_access_members', 'user_id', teamId, []);
}

async function replaceRows(tx: SqlExecutor, table: 'team_access_customers' | 'team_access_members', column: 'customer_id' | 'user_id', teamId: string, ids: readonly string[]): Promise<void> {
  await tx.$executeRawUnsafe(`DELETE FROM ${table} WHERE team_id = $1::uuid`, teamId);
  if (ids.length > 0) {
    await tx.$executeRawUnsafe(`INSERT INTO ${table} (team_id, ${column}) SELECT $1::uuid, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, teamId, ids);
  }
}
