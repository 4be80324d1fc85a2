import { Type } from '@helpdesk/validation';

/** What other services keep of a customer. */
export const CustomerSnapshot = Type.Object({
  customerId: Type.String({ format: 'uuid' }),
  name: Type.String({ minLength: 1 }),
  /** Portal dashboards show a contact their own tickets, or every ticket of their customer. */
  portalTicketVisibility: Type.Union([Type.Literal('own'), Type.Literal('customer')]),
  groupId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
});

/** What other services keep of a contact. */
export const ContactSnapshot = Type.Object({
  contactId: Type.String({ format: 'uuid' }),
  customerId: Type.String({ format: 'uuid' }),
  firstName: Type.String({ minLength: 1 }),
  lastName: Type.String({ minLength: 1 }),
  email: Type.String({ format: 'email' }),
});

export const exampleCustomer = {
  customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
  name: 'Emma Watson Ltd',
  portalTicketVisibility: 'own' as const,
  groupId: null,
};

export const exampleContact = {
  contactId: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69',
  customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
  firstName: 'Harry',
  lastName: 'Porter',
  email: 'harry@emmawatson.example',
};
