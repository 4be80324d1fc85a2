import type { customerAppDeletedV1, Envelope, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { applyCustomerApp } from '../persistence/portal-settings.repository.js';

/** A customer app was deleted: kept as a deleted marker, so that a late created/updated of it changes nothing. */
export function onCustomerAppDeleted(event: Envelope<EventData<typeof customerAppDeletedV1>>, tx: Tx): Promise<void> {
  const { appId, kind } = event.data;
  return applyCustomerApp(tx, { id: appId, kind, enabled: false, deleted: true, version: event.aggregate.version });
}
