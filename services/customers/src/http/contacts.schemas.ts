import { Email, Text, Type, compileParser, type Static } from '@helpdesk/validation';
import type { Contact } from '../persistence/contact.repository.js';
import { Uuid } from './ids.schemas.js';

const fields = { firstName: Text(100), lastName: Text(100), email: Email };

export const parseNewContact = compileParser(Type.Object(fields, { additionalProperties: false }), 'contact');

/** A sender of an email: the address, and the display name of the From header if it had one. */
export const parseContactByEmail = compileParser(
  Type.Object({ email: Email, name: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) }, { additionalProperties: false }),
  'contact by email',
);

export const parseContactChanges = compileParser(
  Type.Object(
    {
      firstName: Type.Optional(fields.firstName),
      lastName: Type.Optional(fields.lastName),
      email: Type.Optional(fields.email),
      confirmPortalAccessEnd: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  'contact change',
);

export const parseContactMove = compileParser(
  Type.Object({ customerId: Uuid, confirmPortalAccessEnd: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  'move',
);

const Instant = Type.String({ format: 'date-time' });

/** A contact as the API answers it: contactResponse is typed by it and the description gives it, so they cannot part. */
export const ContactBody = Type.Object({
  id: Uuid,
  customerId: Uuid,
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
  active: Type.Boolean(),
  portalState: Type.String({ enum: ['none', 'invited', 'active'], description: 'Portal access: none, invited (no password yet) or active.' }),
  deactivatedAt: Type.Union([Instant, Type.Null()]),
  createdAt: Instant,
  updatedAt: Instant,
});

export function contactResponse(contact: Contact): Static<typeof ContactBody> {
  return {
    id: contact.id,
    customerId: contact.customerId,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    active: contact.active,
    portalState: contact.portalState,
    deactivatedAt: contact.deactivatedAt?.toISOString() ?? null,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  };
}
