import type { CustomersDatabase } from '../persistence/client.js';
import { findCustomerContact } from '../persistence/contact.repository.js';
import { addMember } from '../persistence/notification-group.repository.js';
import { ensureActive } from './contact.js';
import { ContactNotFoundError } from './errors.js';
import { recordMembershipChange, requireNotificationGroup, type MemberKind } from './notification-group.js';

/**
 * Idempotent. A contact must be an active contact of the group's customer; a staff user is taken
 * by id, as the staff users live in the gateway.
 */
export function addNotificationGroupMember(
  db: CustomersDatabase,
  customerId: string,
  groupId: string,
  member: { kind: MemberKind; id: string },
): Promise<void> {
  return db.transaction(async (tx) => {
    await requireNotificationGroup(tx, customerId, groupId);
    if (member.kind === 'contact') {
      const contact = await findCustomerContact(tx, customerId, member.id);
      if (!contact) throw new ContactNotFoundError(member.id);
      ensureActive(contact);
    }
    if (await addMember(tx, groupId, member)) await recordMembershipChange(tx, groupId);
  });
}
