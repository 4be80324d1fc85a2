import type { customerAppCreatedV1, customerAppDeletedV1, EventData, Envelope } from '@helpdesk/contracts-schema';
import type { Tx } from '../../persistence/client.js';
import { saveCustomerApp } from '../../persistence/projections.repository.js';
import { bumpSettingsVersion } from '../../persistence/settings.repository.js';

/**
 * customer_app.created / customer_app.updated (whole state): whether the portal exists for emails to point at.
 * Whether there is a portal is part of what decides on emails: every instance's catalogue is made stale.
 */
export async function onCustomerAppSnapshot(event: Envelope<EventData<typeof customerAppCreatedV1>>, tx: Tx): Promise<void> {
  const { appId, kind, enabled } = event.data;
  await saveCustomerApp(tx, { id: appId, kind, enabled, deleted: false }, event.aggregate.version);
  await bumpSettingsVersion(tx);
}

export async function onCustomerAppDeleted(event: Envelope<EventData<typeof customerAppDeletedV1>>, tx: Tx): Promise<void> {
  await saveCustomerApp(tx, { id: event.data.appId, kind: event.data.kind, enabled: false, deleted: true }, event.aggregate.version);
  await bumpSettingsVersion(tx);
}
