import { permissions } from '@helpdesk/http';
import { tagged, type RouteDescription } from '@helpdesk/openapi';
import { parseContactChanges, parseContactMove, parseNewContact } from './contacts.schemas.js';
import { parseCustomerGroup } from './customer-groups.schemas.js';
import { parseCustomerChanges, parseCustomerQueryParameters, parseNewCustomer } from './customers.schemas.js';
import { parseContactId, parseCustomerGroupId, parseCustomerId, parseMemberId, parseNotificationGroupId } from './ids.schemas.js';
import { parseMemberKind, parseNewNotificationGroup, parseNotificationGroupChanges } from './notification-groups.schemas.js';
import { areaRoutes, locationRoutes } from './org-elements.schemas.js';
import { customerReaders } from './require-any-permission.js';

const manageCustomers = permissions.manageCustomers.name;
const manageContacts = permissions.manageContacts.name;
const customer = { id: parseCustomerId };
const contact = { id: parseContactId };
const orgElements = [locationRoutes, areaRoutes];

/** The customers service's public API (the gateway forwards /api/customers, /api/customer-groups, /api/contacts and the rest of /api/portal). */
export const customersApi: RouteDescription[] = [
  ...tagged(['Customers'],
    { method: 'post', path: '/api/customers', summary: 'Create a customer', auth: 'staff', permission: manageCustomers, body: parseNewCustomer, responses: { 201: 'The customer; Location names it.' } },
    { method: 'get', path: '/api/customers', summary: 'List the customers the agent reaches', description: 'By name; search matches any part of it. Keyset-paged by nextCursor.', auth: 'staff', permission: customerReaders, query: parseCustomerQueryParameters, responses: { 200: 'A page of customers and nextCursor.' } },
    { method: 'get', path: '/api/customers/{id}', summary: 'A customer with its contacts, locations, areas and notification groups', auth: 'staff', permission: customerReaders, params: customer, responses: { 200: 'The customer’s overview.' } },
    { method: 'patch', path: '/api/customers/{id}', summary: 'Edit a customer', auth: 'staff', permission: manageCustomers, params: customer, body: parseCustomerChanges, responses: { 200: 'The customer as changed.' } },
    ...orgElements.flatMap((spec): RouteDescription[] => [
      { method: 'post', path: `/api/customers/{id}/${spec.path}`, summary: `Add one of a customer’s ${spec.path}`, auth: 'staff', permission: manageCustomers, params: customer, body: spec.parseNew, responses: { 201: 'What was added; Location names it.' } },
      { method: 'patch', path: `/api/customers/{id}/${spec.path}/{elementId}`, summary: `Edit one of a customer’s ${spec.path}`, auth: 'staff', permission: manageCustomers, params: { ...customer, elementId: spec.parseId }, body: spec.parseChanges, responses: { 200: 'It as changed.' } },
      { method: 'delete', path: `/api/customers/{id}/${spec.path}/{elementId}`, summary: `Remove one of a customer’s ${spec.path}`, auth: 'staff', permission: manageCustomers, params: { ...customer, elementId: spec.parseId }, responses: { 204: 'Removed.' } },
    ]),
  ),
  ...tagged(['Customer groups'],
    { method: 'post', path: '/api/customer-groups', summary: 'Create a customer group', auth: 'staff', permission: manageCustomers, body: parseCustomerGroup, responses: { 201: 'The group; Location names it.' } },
    { method: 'get', path: '/api/customer-groups', summary: 'The customer groups the agent reaches', auth: 'staff', permission: customerReaders, responses: { 200: 'The groups.' } },
    { method: 'patch', path: '/api/customer-groups/{id}', summary: 'Rename a customer group', auth: 'staff', permission: manageCustomers, params: { id: parseCustomerGroupId }, body: parseCustomerGroup, responses: { 200: 'The group as changed.' } },
    { method: 'delete', path: '/api/customer-groups/{id}', summary: 'Delete a customer group (its customers stay, in no group)', auth: 'staff', permission: manageCustomers, params: { id: parseCustomerGroupId }, responses: { 204: 'Deleted.' } },
    { method: 'put', path: '/api/customer-groups/{id}/customers/{customerId}', summary: 'Put a customer into a group (leaving any other)', auth: 'staff', permission: manageCustomers, params: { id: parseCustomerGroupId, customerId: parseCustomerId }, responses: { 204: 'The customer is in the group.' } },
    { method: 'delete', path: '/api/customer-groups/{id}/customers/{customerId}', summary: 'Take a customer out of a group', auth: 'staff', permission: manageCustomers, params: { id: parseCustomerGroupId, customerId: parseCustomerId }, responses: { 204: 'The customer is in no group.' } },
  ),
  ...tagged(['Contacts'],
    { method: 'post', path: '/api/customers/{id}/contacts', summary: 'Add a contact to a customer (inviting them to the portal when asked)', auth: 'staff', permission: manageContacts, params: customer, body: parseNewContact, responses: { 201: 'The contact and its invitation, if any; Location names it.' } },
    { method: 'get', path: '/api/contacts/{id}', summary: 'A contact', auth: 'staff', permission: customerReaders, params: contact, responses: { 200: 'The contact.' } },
    { method: 'patch', path: '/api/contacts/{id}', summary: 'Edit a contact', auth: 'staff', permission: manageContacts, params: contact, body: parseContactChanges, responses: { 200: 'The contact as changed.' } },
    { method: 'post', path: '/api/contacts/{id}/deactivate', summary: 'Deactivate a contact (ending their portal access)', auth: 'staff', permission: manageContacts, params: contact, responses: { 200: 'The contact as changed.' } },
    { method: 'post', path: '/api/contacts/{id}/move', summary: 'Move a contact to another customer (ending their portal access)', auth: 'staff', permission: manageContacts, params: contact, body: parseContactMove, responses: { 200: 'The contact as changed.' } },
    { method: 'post', path: '/api/contacts/{id}/enable-login', summary: 'Let a contact sign in to the portal (an invitation when they have no password yet)', auth: 'staff', permission: permissions.managePortalAccess.name, params: contact, responses: { 200: 'The contact, and the invitation when one was sent.' } },
    { method: 'post', path: '/api/contacts/{id}/disable-login', summary: 'End a contact’s portal access', auth: 'staff', permission: permissions.managePortalAccess.name, params: contact, responses: { 200: 'The contact as changed.' } },
  ),
  ...tagged(['Notification groups'],
    { method: 'post', path: '/api/customers/{id}/notification-groups', summary: 'Create a notification group of a customer', auth: 'staff', permission: manageCustomers, params: customer, body: parseNewNotificationGroup, responses: { 201: 'The group; Location names it.' } },
    { method: 'patch', path: '/api/customers/{id}/notification-groups/{groupId}', summary: 'Edit a notification group', auth: 'staff', permission: manageCustomers, params: { ...customer, groupId: parseNotificationGroupId }, body: parseNotificationGroupChanges, responses: { 200: 'The group as changed.' } },
    { method: 'delete', path: '/api/customers/{id}/notification-groups/{groupId}', summary: 'Delete a notification group', auth: 'staff', permission: manageCustomers, params: { ...customer, groupId: parseNotificationGroupId }, responses: { 204: 'Deleted.' } },
    ...(['put', 'delete'] as const).map((method): RouteDescription => ({
      method,
      path: '/api/customers/{id}/notification-groups/{groupId}/members/{kind}/{memberId}',
      summary: method === 'put' ? 'Add a member (a contact or a staff user) to a notification group' : 'Remove a member from a notification group',
      auth: 'staff',
      permission: manageCustomers,
      params: { ...customer, groupId: parseNotificationGroupId, kind: parseMemberKind, memberId: parseMemberId },
      responses: { 204: method === 'put' ? 'A member.' : 'No longer a member.' },
    })),
  ),
  ...tagged(['Portal: profile'],
    { method: 'get', path: '/api/portal/me', summary: 'The signed-in contact and their customer', auth: 'contact', responses: { 200: 'The contact’s profile.' } },
    ...orgElements.flatMap((spec): RouteDescription[] => [
      { method: 'get', path: `/api/portal/${spec.path}`, summary: `The ${spec.path} of the contact’s customer`, auth: 'contact', responses: { 200: 'They, as items.' } },
      { method: 'get', path: `/api/portal/${spec.path}/{elementId}`, summary: `One of the ${spec.path} of the contact’s customer`, auth: 'contact', params: { elementId: spec.parseId }, responses: { 200: 'It.' } },
    ]),
  ),
];
