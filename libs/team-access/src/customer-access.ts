import type { SqlExecutor } from '@helpdesk/db';
import type { StaffPrincipal } from '@helpdesk/http';

/** The customers a staff user reaches: every one, or these (the union of their teams' selected customers). */
export type CustomerAccess = 'all' | readonly string[];

/**
 * Resolves a staff user's customers from the service's own projection of the teams (team.* events,
 * see team-projection.ts), given the teams the gateway put in the principal: administrators and
 * members of a team with access to all reach every customer; the others, their teams' customers.
 * A team the projection does not know (yet) reaches nothing: access fails closed.
 */
export async function customerAccessOf(db: SqlExecutor, staff: Pick<StaffPrincipal, 'role' | 'teamIds'>): Promise<CustomerAccess> {
  if (staff.role === 'admin') return 'all';
  if (staff.teamIds.length === 0) return [];
  const [row] = await db.$queryRawUnsafe<Array<{ all: boolean; customerIds: string[] }>>(
    `SELECT COALESCE(bool_or(t.ticket_access = 'all'), false) AS "all",
       COALESCE((SELECT array_agg(DISTINCT c.customer_id::text ORDER BY c.customer_id::text) FROM team_access_customers c
                 JOIN team_access live ON live.team_id = c.team_id AND NOT live.deleted
                 WHERE c.team_id = ANY($1::uuid[])), '{}')::text[] AS "customerIds"
     FROM team_access t WHERE t.team_id = ANY($1::uuid[]) AND NOT t.deleted`,
    staff.teamIds,
  );
  return row!.all ? 'all' : row!.customerIds;
}

export function reaches(access: CustomerAccess, customerId: string): boolean {
  return access === 'all' || access.includes(customerId);
}
