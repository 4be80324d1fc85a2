import { defineEvent } from '../../envelope.js';
import { LocationSnapshot, exampleLocation } from './shared.js';

export const locationUpdatedV1 = defineEvent({
  type: 'location.updated',
  version: 1,
  producer: 'customers',
  aggregate: 'location',
  description: "A location's name or address changed; carries the new state.",
  schema: LocationSnapshot,
  example: { ...exampleLocation, address: null },
});
