import type { SqlExecutor } from '@helpdesk/db';
import { ForbiddenError } from '@helpdesk/errors';
import type { PermissionName, StaffPrincipal } from '@helpdesk/http';
import { customerAccessOf } from '@helpdesk/team-access';

/**
 * Who may administer what the notifier owns (automations, templates, system emails, the email log):
 * holders of the named permission (the routes' descriptions name it, and serve checks it) who reach
 * every customer, because each of these spans all customers (an automation fires for any customer's
 * ticket; the log holds every customer's emails). Reach comes from this service's projection of the
 * teams (libs/team-access), as everywhere else.
 */
export async function requireNotifierAdmin(db: SqlExecutor, staff: StaffPrincipal, permission: PermissionName): Promise<StaffPrincipal> {
  if ((await customerAccessOf(db, staff)) !== 'all') {
    throw new ForbiddenError(
      `Automations, email templates, system emails and the email log concern every customer: this needs the "${permission}" permission and access to all customers (an administrator, or a member of a team with access to all customers).`,
    );
  }
  return staff;
}
