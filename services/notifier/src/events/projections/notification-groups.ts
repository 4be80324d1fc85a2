import type { EventData, Envelope, notificationGroupCreatedV1, notificationGroupDeletedV1 } from '@helpdesk/contracts-schema';
import type { Tx } from '../../persistence/client.js';
import { saveNotificationGroup } from '../../persistence/projections.repository.js';
import { bumpSettingsVersion } from '../../persistence/settings.repository.js';

/**
 * notification_group.created / notification_group.updated (whole state): who is emailed about which events.
 * The catalogue keeps which customers have groups (so other customers' events read none): it is made stale.
 */
export async function onNotificationGroupSnapshot(event: Envelope<EventData<typeof notificationGroupCreatedV1>>, tx: Tx): Promise<void> {
  const { notificationGroupId, customerId, name, notifyOn, members } = event.data;
  await saveNotificationGroup(tx, notificationGroupId, customerId, { name, notifyOn, members }, event.aggregate.version);
  await bumpSettingsVersion(tx);
}

export async function onNotificationGroupDeleted(event: Envelope<EventData<typeof notificationGroupDeletedV1>>, tx: Tx): Promise<void> {
  const { notificationGroupId, customerId } = event.data;
  await saveNotificationGroup(tx, notificationGroupId, customerId, null, event.aggregate.version);
  await bumpSettingsVersion(tx);
}
