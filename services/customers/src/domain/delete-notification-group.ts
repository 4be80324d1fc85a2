import { notificationGroupDeletedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { deleteNotificationGroup as deleteNotificationGroupRow } from '../persistence/notification-group.repository.js';
import { versionAfterRemoval } from './removal.js';
import { requireNotificationGroup } from './notification-group.js';

export function deleteNotificationGroup(db: CustomersDatabase, customerId: string, id: string): Promise<void> {
  return db.transaction(async (tx) => {
    await requireNotificationGroup(tx, customerId, id);
    const deleted = await deleteNotificationGroupRow(tx, id);
    await recordEvent(tx, 'customers', notificationGroupDeletedV1, versionAfterRemoval(deleted), { notificationGroupId: id, customerId });
  });
}
