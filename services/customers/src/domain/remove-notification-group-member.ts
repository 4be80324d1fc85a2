import type { CustomersDatabase } from '../persistence/client.js';
import { removeMember } from '../persistence/notification-group.repository.js';
import { recordMembershipChange, requireNotificationGroup, type MemberKind } from './notification-group.js';

/** Idempotent: removing someone who is not a member changes nothing. */
export function removeNotificationGroupMember(
  db: CustomersDatabase,
  customerId: string,
  groupId: string,
  member: { kind: MemberKind; id: string },
): Promise<void> {
  return db.transaction(async (tx) => {
    await requireNotificationGroup(tx, customerId, groupId);
    if (await removeMember(tx, groupId, member)) await recordMembershipChange(tx, groupId);
  });
}
