import { defineEvent } from '../../envelope.js';
import { NotificationGroupSnapshot, exampleNotificationGroup } from './shared.js';

export const notificationGroupUpdatedV1 = defineEvent({
  type: 'notification_group.updated',
  version: 1,
  producer: 'customers',
  aggregate: 'notification_group',
  description:
    'A notification group changed: its name, description, events or members (also when a member contact moved or was deactivated). Carries the whole new state.',
  schema: NotificationGroupSnapshot,
  example: exampleNotificationGroup,
});
