import { pgExecutor } from '@helpdesk/db';
import type { StaffPrincipal } from '@helpdesk/http';
import { customerAccessOf } from '@helpdesk/team-access';
import type { TicketsDatabase } from '../persistence/client.js';
import type { StaffUser } from './ticket.js';

/** The calling agent, with the customers their teams reach by this service's projection of the teams. */
export async function staffUserOf(db: TicketsDatabase, principal: StaffPrincipal): Promise<StaffUser> {
  return { userId: principal.userId, customerAccess: await customerAccessOf(pgExecutor(db.pool), principal) };
}
