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

/** A customer app (today only the portal) as other services keep it: whole state, so the latest version is enough. */
export const CustomerAppSnapshot = Type.Object({
  appId: Type.String({ format: 'uuid' }),
  kind: Type.Literal('portal'),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  /** While no portal app is enabled, nobody signs in to the portal and no email may carry a portal link. */
  enabled: Type.Boolean(),
});

export const exampleCustomerApp = {
  appId: '6e5d4c3b-2a19-4f08-9e7d-6c5b4a392817',
  kind: 'portal' as const,
  name: 'Customer portal',
  enabled: true,
};

/** A staff user as other services keep it (whole state): who may receive an automation's email. */
export const StaffUserSnapshot = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  email: Type.String({ minLength: 3, maxLength: 320, pattern: '@' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.Union([Type.Literal('admin'), Type.Literal('agent')]),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const exampleStaffUser = {
  userId: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  email: 'alex@helpdesk.example',
  name: 'Alex Agent',
  role: 'admin' as const,
  active: true,
  createdAt: '2026-11-20T09:00:00.000Z',
};
