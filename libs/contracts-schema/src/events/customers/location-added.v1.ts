import { defineEvent } from '../../envelope.js';
import { LocationSnapshot, exampleLocation } from './shared.js';

export const locationAddedV1 = defineEvent({
  type: 'location.added',
  version: 1,
  producer: 'customers',
  aggregate: 'location',
  description: 'A location was added to a customer.',
  schema: LocationSnapshot,
  example: exampleLocation,
});
