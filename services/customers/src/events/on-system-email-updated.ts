import type { Envelope, EventData, systemEmailUpdatedV1 } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { applySystemEmail } from '../persistence/portal-settings.repository.js';

/** A system email was switched on or off: kept unless a newer version of its switch was applied. */
export function onSystemEmailUpdated(event: Envelope<EventData<typeof systemEmailUpdatedV1>>, tx: Tx): Promise<void> {
  return applySystemEmail(tx, event.data.key, event.data.enabled, event.aggregate.version);
}
