import type { customerAppCreatedV1, Envelope, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { applyCustomerApp } from '../persistence/portal-settings.repository.js';

/** A customer app was created (whole state): kept unless a newer version of it was applied. */
export function onCustomerAppCreated(event: Envelope<EventData<typeof customerAppCreatedV1>>, tx: Tx): Promise<void> {
  const { appId, kind, enabled } = event.data;
  return applyCustomerApp(tx, { id: appId, kind, enabled, deleted: false, version: event.aggregate.version });
}
