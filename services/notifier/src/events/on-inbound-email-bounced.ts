import type { Envelope, EventData, inboundEmailBouncedV1 } from '@helpdesk/contracts-schema';
import type { Bounce } from '../persistence/outgoing-email.repository.js';
import { bounceOf } from '../domain/record-bounce.js';

export function onInboundEmailBounced(event: Envelope<EventData<typeof inboundEmailBouncedV1>>): Bounce[] {
  return bounceOf(event.id, event.data);
}
