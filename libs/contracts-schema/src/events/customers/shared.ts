import { Type } from '@helpdesk/validation';

/** What other services keep of a customer. */
export const CustomerSnapshot = Type.Object({
  customerId: Type.String({ format: 'uuid' }),
  name: Type.String({ minLength: 1 }),
  /** Portal dashboards show a contact their own tickets, or every ticket of their customer. */
  portalTicketVisibility: Type.Union([Type.Literal('own'), Type.Literal('customer')]),
  groupId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  /**
   * The customer's own email domains (lower case, exact match, no subdomains): mail from an unknown
   * sender on one of them makes a new contact of this customer. Added after v1's first release.
   */
  emailDomains: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 100 })),
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

/** What other services keep of a customer group. */
export const CustomerGroupSnapshot = Type.Object({
  groupId: Type.String({ format: 'uuid' }),
  name: Type.String({ minLength: 1 }),
});

/** A site of a customer, offered when a ticket is created. */
export const LocationSnapshot = Type.Object({
  locationId: Type.String({ format: 'uuid' }),
  customerId: Type.String({ format: 'uuid' }),
  name: Type.String({ minLength: 1 }),
  address: Type.Union([Type.String(), Type.Null()]),
});

/** A part of a customer's organisation, offered when a ticket is created. */
export const AreaSnapshot = Type.Object({
  areaId: Type.String({ format: 'uuid' }),
  customerId: Type.String({ format: 'uuid' }),
  name: Type.String({ minLength: 1 }),
});

/** The whole state of a notification group: who is told about which events of the customer's tickets. */
export const NotificationGroupSnapshot = Type.Object({
  notificationGroupId: Type.String({ format: 'uuid' }),
  customerId: Type.String({ format: 'uuid' }),
  name: Type.String({ minLength: 1 }),
  description: Type.Union([Type.String(), Type.Null()]),
  /** Event names such as `ticket.created`; the customers service keeps the list of those it offers. */
  notifyOn: Type.Array(Type.String({ pattern: '^[a-z_]+\\.[a-z_]+$' })),
  members: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('contact'), Type.Literal('staff')]),
      id: Type.String({ format: 'uuid' }),
    }),
  ),
});

export const exampleCustomerGroup = { groupId: '4e3d2c1b-0a9f-4e8d-9c7b-6a5f4e3d2c1b', name: 'Key accounts' };

export const exampleLocation = {
  locationId: '6f5e4d3c-2b1a-4c9d-8e7f-6a5b4c3d2e1f',
  customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
  name: 'Head office',
  address: '1 Studio Lane, London',
};

export const exampleArea = { areaId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b', name: 'Accounting' };

export const exampleNotificationGroup = {
  notificationGroupId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
  name: 'IT leads',
  description: 'Told when a ticket opens or closes',
  notifyOn: ['ticket.created', 'ticket.closed'],
  members: [
    { kind: 'contact' as const, id: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69' },
    { kind: 'staff' as const, id: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d' },
  ],
};
