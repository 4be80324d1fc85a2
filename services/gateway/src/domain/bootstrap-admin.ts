import type { Logger } from '@helpdesk/logging';
import type { GatewayDatabase } from '../persistence/client.js';
import { anyStaffUser, insertStaffUserIfAbsent } from '../persistence/staff-user.repository.js';
import { announceStaffUser } from './manage-staff.js';
import { hashPassword } from './passwords.js';

export class MissingAdministratorError extends Error {}

/** On first start, creates the administrator named in the configuration; afterwards does nothing. */
export async function bootstrapAdministrator(
  db: GatewayDatabase,
  admin: { email?: string; password?: string },
  log: Logger,
): Promise<void> {
  if (await anyStaffUser(db.pool)) return;
  if (!admin.email || !admin.password) {
    throw new MissingAdministratorError('no staff user exists yet: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first administrator');
  }
  const passwordHash = await hashPassword(admin.password);
  const created = await db.transaction(async (tx) => {
    const user = await insertStaffUserIfAbsent(tx, { email: admin.email!, name: 'Administrator', passwordHash, role: 'admin' });
    // Announced like any other staff user (the notifier's account owner is, by default, this one).
    if (user) await announceStaffUser(tx, 'created', user);
    return user;
  });
  if (created) log.info({ email: admin.email }, 'first administrator created');
}
