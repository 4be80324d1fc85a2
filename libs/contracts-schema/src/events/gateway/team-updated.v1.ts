import { defineEvent } from '../../envelope.js';
import { TeamSnapshot, exampleTeam } from './shared.js';

export const teamUpdatedV1 = defineEvent({
  type: 'team.updated',
  version: 1,
  producer: 'gateway',
  aggregate: 'team',
  description: 'A team changed (name, ticket access, selected customers or members); carries its whole state.',
  schema: TeamSnapshot,
  example: exampleTeam,
});
