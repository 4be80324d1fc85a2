import { notificationGroupCreatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { insertNotificationGroup, type NotificationGroupWithMembers } from '../persistence/notification-group.repository.js';
import { requireCustomer } from './customer.js';
import { notificationGroupSnapshot, type NotificationEvent } from './notification-group.js';

export interface NewNotificationGroup {
  name: string;
  description?: string | null;
  notifyOn: NotificationEvent[];
}

export function createNotificationGroup(db: CustomersDatabase, customerId: string, input: NewNotificationGroup): Promise<NotificationGroupWithMembers> {
  return db.transaction(async (tx) => {
    await requireCustomer(tx, customerId);
    const group = await insertNotificationGroup(tx, customerId, {
      name: input.name.trim(),
      description: input.description ?? null,
      notifyOn: input.notifyOn,
    });
    await recordEvent(tx, 'customers', notificationGroupCreatedV1, group, notificationGroupSnapshot(group));
    return group;
  });
}
