import type { SqlExecutor } from '@helpdesk/db';
import type { StaffPrincipal } from '@helpdesk/http';
import { customerAccessOf } from '@helpdesk/team-access';
import { NeedsAllCustomersError } from './account-errors.js';

/**
 * Who may manage tickets-from-email accounts: holders of `email_accounts.manage` who reach every
 * customer. An account serves all customers by default, a group or a selection, and saving an
 * allocation replaces the previous one whole, customers the caller might not see included; so a user
 * limited to some customers could neither see what they replace nor be kept to their own. Reach is
 * resolved from this service's projection of the teams (libs/team-access), as everywhere else.
 */
export async function requireAllCustomersReach(db: SqlExecutor, staff: StaffPrincipal): Promise<void> {
  if ((await customerAccessOf(db, staff)) !== 'all') throw new NeedsAllCustomersError();
}
