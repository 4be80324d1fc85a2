import type { EventDefinition } from './envelope.js';
import { ticketCreatedV1 } from './events/tickets/ticket-created.v1.js';

/** Every event of the system, at every version still published. The only place events are declared. */
export const catalog: readonly EventDefinition[] = [ticketCreatedV1];

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return catalog.find((definition) => definition.type === type && definition.version === version);
}
