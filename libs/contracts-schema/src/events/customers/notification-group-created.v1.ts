import { defineEvent } from '../../envelope.js';
import { NotificationGroupSnapshot, exampleNotificationGroup } from './shared.js';

export const notificationGroupCreatedV1 = defineEvent({
  type: 'notification_group.created',
  version: 1,
  producer: 'customers',
  aggregate: 'notification_group',
  description: 'A notification group was created for a customer; carries its whole state.',
  schema: NotificationGroupSnapshot,
  example: { ...exampleNotificationGroup, members: [] },
});
