import { defineEvent } from '../../envelope.js';
import { AreaSnapshot, exampleArea } from './shared.js';

export const areaAddedV1 = defineEvent({
  type: 'area.added',
  version: 1,
  producer: 'customers',
  aggregate: 'area',
  description: 'An area was added to a customer.',
  schema: AreaSnapshot,
  example: exampleArea,
});
