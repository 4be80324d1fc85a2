import { Text, Type, compileParser, refineParser, type Static } from '@helpdesk/validation';
import type { Customer, CustomerPageQuery } from '../persistence/customer.repository.js';
import type { CustomerOverview } from '../domain/get-customer-overview.js';
import type { CustomerPage } from '../domain/list-customers.js';
import { portalTicketVisibilities } from '../domain/customer.js';
import { contactResponse } from './contacts.schemas.js';
import { Uuid } from './ids.schemas.js';
import { notificationGroupResponse } from './notification-groups.schemas.js';
import { areaRoutes, locationRoutes } from './org-elements.schemas.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';

const visibilities = portalTicketVisibilities.map((v) => Type.Literal(v));
const GroupId = Type.Union([Uuid, Type.Null()]);
// Checked and normalised by the domain (email-domains.ts); here only their shape and a bound on the work.
const EmailDomains = Type.Array(Type.String({ maxLength: 300 }), { maxItems: 500 });

export const parseNewCustomer = compileParser(
  Type.Object(
    {
      name: Text(200),
      groupId: Type.Optional(GroupId),
      portalTicketVisibility: Type.Union(visibilities, { default: 'own' }),
      emailDomains: Type.Optional(EmailDomains),
    },
    { additionalProperties: false },
  ),
  'customer',
);

export const parseCustomerChanges = compileParser(
  Type.Object(
    {
      name: Type.Optional(Text(200)),
      groupId: Type.Optional(GroupId),
      portalTicketVisibility: Type.Optional(Type.Union(visibilities)),
      emailDomains: Type.Optional(EmailDomains),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  'customer change',
);

/** ?search=&limit=&cursor= of the customer list, before the cursor is decoded. */
const parseCustomerQueryParameters = compileParser(
  Type.Object(
    {
      search: Type.Optional(Type.String({ maxLength: 200 })),
      limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
      cursor: Type.Optional(Type.String({ maxLength: 1000 })),
    },
    { additionalProperties: false },
  ),
  'query',
  { coerce: true },
);

/** The query of the customer list: search trimmed (blank is none), the cursor decoded. */
export const parseCustomerQuery = refineParser(
  parseCustomerQueryParameters,
  ({ search, limit, cursor }): CustomerPageQuery => ({ limit, ...(search?.trim() ? { search: search.trim() } : {}), ...(cursor ? { after: decodeCursor(cursor) } : {}) }),
);

const Instant = Type.String({ format: 'date-time' });

/** A customer as the API answers it: customerResponse is typed by it and the description gives it, so they cannot part. */
export const CustomerBody = Type.Object({
  id: Uuid,
  name: Type.String(),
  groupId: GroupId,
  portalTicketVisibility: Type.String({ enum: [...portalTicketVisibilities] }),
  emailDomains: Type.Array(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
});

export const CustomerPageBody = Type.Object({ items: Type.Array(CustomerBody), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export function customerResponse(customer: Customer): Static<typeof CustomerBody> {
  return {
    id: customer.id,
    name: customer.name,
    groupId: customer.groupId,
    portalTicketVisibility: customer.portalTicketVisibility,
    emailDomains: customer.emailDomains,
    createdAt: customer.createdAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
  };
}

export function customerPageResponse(page: CustomerPage): Static<typeof CustomerPageBody> {
  return { items: page.items.map(customerResponse), nextCursor: page.continueAfter ? encodeCursor(page.continueAfter) : null };
}

export function customerOverviewResponse(overview: CustomerOverview) {
  return {
    ...customerResponse(overview.customer),
    contacts: overview.contacts.map(contactResponse),
    locations: overview.locations.map(locationRoutes.response),
    areas: overview.areas.map(areaRoutes.response),
    notificationGroups: overview.notificationGroups.map(notificationGroupResponse),
  };
}
