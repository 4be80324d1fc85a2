import type { customerAppCreatedV1, customerAppDeletedV1, EventData, Envelope } from '@helpdesk/contracts-schema';
import type { Tx } from '../../persistence/client.js';
import { saveCustomerApp } from '../../persistence/projections.repository.js';

/** customer_app.created / customer_app.updated (whole state): whether the portal exists for emails to point at. */
export function onCustomerAppSnapshot(event: Envelope<EventData<typeof customerAppCreatedV1>>, tx: Tx): Promise<void> {
  const { appId, kind, enabled } = event.data;
  return saveCustomerApp(tx, { id: appId, kind, enabled, deleted: false }, event.aggregate.version);
}

export function onCustomerAppDeleted(event: Envelope<EventData<typeof customerAppDeletedV1>>, tx: Tx): Promise<void> {
  return saveCustomerApp(tx, { id: event.data.appId, kind: event.data.kind, enabled: false, deleted: true }, event.aggregate.version);
}
