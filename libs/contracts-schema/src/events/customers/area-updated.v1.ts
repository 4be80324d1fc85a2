import { defineEvent } from '../../envelope.js';
import { AreaSnapshot, exampleArea } from './shared.js';

export const areaUpdatedV1 = defineEvent({
  type: 'area.updated',
  version: 1,
  producer: 'customers',
  aggregate: 'area',
  description: 'An area was renamed; carries the new state.',
  schema: AreaSnapshot,
  example: { ...exampleArea, name: 'Finance' },
});
