import { defineEvent } from '../../envelope.js';
import { TeamSnapshot, exampleTeam } from './shared.js';

export const teamCreatedV1 = defineEvent({
  type: 'team.created',
  version: 1,
  producer: 'gateway',
  aggregate: 'team',
  description: 'A team was created, with its ticket access and members.',
  schema: TeamSnapshot,
  example: exampleTeam,
});
