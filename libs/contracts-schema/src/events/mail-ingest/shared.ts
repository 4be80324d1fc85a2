import { Type, type Static } from '@helpdesk/validation';

/**
 * Which customers' contacts may pick a ticket email account in the portal (seed 001): all customers
 * (the default, existing and new ones), the customers of one group, the customers selected, or none.
 */
export const EmailAccountAllocation = Type.Union([
  Type.Object({ kind: Type.Literal('all') }),
  Type.Object({ kind: Type.Literal('group'), groupId: Type.String({ format: 'uuid' }) }),
  Type.Object({ kind: Type.Literal('selected'), customerIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 5000 }) }),
  Type.Object({ kind: Type.Literal('none') }),
]);

export type EmailAccountAllocation = Static<typeof EmailAccountAllocation>;

/** What other services keep of a ticket email account: never its connection settings or secrets. */
export const EmailAccountSnapshot = Type.Object({
  emailAccountId: Type.String({ format: 'uuid' }),
  name: Type.String({ minLength: 1 }),
  /** The mailbox's address, shown to contacts beside the name. */
  address: Type.String({ minLength: 1 }),
  /** A disabled account fetches nothing and is offered to nobody. */
  enabled: Type.Boolean(),
  allocation: EmailAccountAllocation,
});

export const exampleEmailAccount = {
  emailAccountId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  name: 'Support',
  address: 'support@helpdesk.example',
  enabled: true,
  allocation: { kind: 'all' as const },
};
