import { Type } from '@helpdesk/validation';

/**
 * The whole state of a team as other services keep it: who is in it and which customers' tickets
 * its members may see and pick ('all' customers, or the `customerIds` selected).
 */
export const TeamSnapshot = Type.Object({
  teamId: Type.String({ format: 'uuid' }),
  name: Type.String({ minLength: 1 }),
  ticketAccess: Type.Union([Type.Literal('all'), Type.Literal('selected')]),
  /** The selected customers; empty with 'all'-access teams that never selected any. */
  customerIds: Type.Array(Type.String({ format: 'uuid' })),
  memberIds: Type.Array(Type.String({ format: 'uuid' })),
});

export const exampleTeam = {
  teamId: '4d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a',
  name: 'First line',
  ticketAccess: 'selected' as const,
  customerIds: ['2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b'],
  memberIds: ['0c8f5e52-5d0a-4a4e-9d55-1f1f6f0c9a11'],
};
