import { notificationGroupUpdatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import {
  updateNotificationGroup as updateNotificationGroupRow,
  type NotificationGroupWithMembers,
} from '../persistence/notification-group.repository.js';
import { notificationGroupSnapshot, requireNotificationGroup, type NotificationEvent } from './notification-group.js';

export interface NotificationGroupChanges {
  name?: string;
  description?: string | null;
  notifyOn?: NotificationEvent[];
}

/** Name, description and the events the group is told about; members change one by one. */
export function updateNotificationGroup(
  db: CustomersDatabase,
  customerId: string,
  id: string,
  changes: NotificationGroupChanges,
): Promise<NotificationGroupWithMembers> {
  return db.transaction(async (tx) => {
    await requireNotificationGroup(tx, customerId, id);
    const group = await updateNotificationGroupRow(tx, id, { ...changes, ...(changes.name !== undefined && { name: changes.name.trim() }) });
    await recordEvent(tx, 'customers', notificationGroupUpdatedV1, group, notificationGroupSnapshot(group));
    return group;
  });
}
