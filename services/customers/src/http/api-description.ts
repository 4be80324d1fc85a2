import type { AggregateVersion } from '@helpdesk/contracts-schema';
import { permissions, type PermissionName } from '@helpdesk/http';
import { route, tagged, type RouteDescription } from '@helpdesk/openapi';
import { ContactBody, parseContactChanges, parseContactMove, parseNewContact } from './contacts.schemas.js';
import { parseCustomerGroup } from './customer-groups.schemas.js';
import { CustomerBody, CustomerPageBody, parseCustomerChanges, parseCustomerQuery, parseNewCustomer } from './customers.schemas.js';
import { parseContactId, parseCustomerGroupId, parseCustomerId, parseMemberId, parseNotificationGroupId } from './ids.schemas.js';
import { parseMemberKind, parseNewNotificationGroup, parseNotificationGroupChanges } from './notification-groups.schemas.js';
import { areaRoutes, locationRoutes, type OrgElementRoutes } from './org-elements.schemas.js';

const manageCustomers = permissions.manageCustomers.name;
const manageContacts = permissions.manageContacts.name;
const managePortalAccess = permissions.managePortalAccess.name;
/** Who may read customers and their contacts: a viewer, or anyone who may change them. */
const customerReaders: PermissionName[] = [permissions.viewCustomers.name, manageCustomers];
const customer = { id: parseCustomerId };
const contact = { id: parseContactId };
const customerGroup = { id: parseCustomerGroupId };
const notificationGroup = { ...customer, groupId: parseNotificationGroupId };
const groupMember = { ...notificationGroup, kind: parseMemberKind, memberId: parseMemberId };

// Each route once: the routes files serve these (libs/openapi `serve`), customersApi below describes them.
export const createCustomerRoute = route({ method: 'post', path: '/api/customers', summary: 'Create a customer', auth: 'staff', permission: manageCustomers, body: parseNewCustomer, responses: { 201: { description: 'The customer; Location names it.', schema: CustomerBody } } });
export const listCustomersRoute = route({ method: 'get', path: '/api/customers', summary: 'List the customers the agent reaches', description: 'By name; search matches any part of it. Keyset-paged by nextCursor.', auth: 'staff', permission: customerReaders, query: parseCustomerQuery, responses: { 200: { description: 'A page of customers and nextCursor.', schema: CustomerPageBody } } });
export const getCustomerRoute = route({ method: 'get', path: '/api/customers/{id}', summary: 'A customer with its contacts, locations, areas and notification groups', auth: 'staff', permission: customerReaders, params: customer, responses: { 200: 'The customer’s overview.' } });
export const changeCustomerRoute = route({ method: 'patch', path: '/api/customers/{id}', summary: 'Edit a customer', auth: 'staff', permission: manageCustomers, params: customer, body: parseCustomerChanges, responses: { 200: { description: 'The customer as changed.', schema: CustomerBody } } });

/** The routes of one kind of a customer's organisational elements (locations, areas): staff's and the portal's. */
function orgElementApi<Row extends AggregateVersion, Fields extends { name: string }>(spec: OrgElementRoutes<Row, Fields>) {
  const element = { elementId: spec.parseId };
  return {
    add: route({ method: 'post', path: `/api/customers/{id}/${spec.path}`, summary: `Add one of a customer’s ${spec.path}`, auth: 'staff', permission: manageCustomers, params: customer, body: spec.parseNew, responses: { 201: 'What was added; Location names it.' } }),
    change: route({ method: 'patch', path: `/api/customers/{id}/${spec.path}/{elementId}`, summary: `Edit one of a customer’s ${spec.path}`, auth: 'staff', permission: manageCustomers, params: { ...customer, ...element }, body: spec.parseChanges, responses: { 200: 'It as changed.' } }),
    remove: route({ method: 'delete', path: `/api/customers/{id}/${spec.path}/{elementId}`, summary: `Remove one of a customer’s ${spec.path}`, auth: 'staff', permission: manageCustomers, params: { ...customer, ...element }, responses: { 204: 'Removed.' } }),
    portalList: route({ method: 'get', path: `/api/portal/${spec.path}`, summary: `The ${spec.path} of the contact’s customer`, auth: 'contact', responses: { 200: 'They, as items.' } }),
    portalGet: route({ method: 'get', path: `/api/portal/${spec.path}/{elementId}`, summary: `One of the ${spec.path} of the contact’s customer`, auth: 'contact', params: element, responses: { 200: 'It.' } }),
  };
}
export type OrgElementApi<Row extends AggregateVersion, Fields extends { name: string }> = ReturnType<typeof orgElementApi<Row, Fields>>;
export const locationsApi = orgElementApi(locationRoutes);
export const areasApi = orgElementApi(areaRoutes);
const orgElements = [locationsApi, areasApi];

export const createCustomerGroupRoute = route({ method: 'post', path: '/api/customer-groups', summary: 'Create a customer group', auth: 'staff', permission: manageCustomers, body: parseCustomerGroup, responses: { 201: 'The group; Location names it.' } });
export const listCustomerGroupsRoute = route({ method: 'get', path: '/api/customer-groups', summary: 'The customer groups the agent reaches', auth: 'staff', permission: customerReaders, responses: { 200: 'The groups.' } });
export const renameCustomerGroupRoute = route({ method: 'patch', path: '/api/customer-groups/{id}', summary: 'Rename a customer group', auth: 'staff', permission: manageCustomers, params: customerGroup, body: parseCustomerGroup, responses: { 200: 'The group as changed.' } });
export const deleteCustomerGroupRoute = route({ method: 'delete', path: '/api/customer-groups/{id}', summary: 'Delete a customer group (its customers stay, in no group)', auth: 'staff', permission: manageCustomers, params: customerGroup, responses: { 204: 'Deleted.' } });
export const joinCustomerGroupRoute = route({ method: 'put', path: '/api/customer-groups/{id}/customers/{customerId}', summary: 'Put a customer into a group (leaving any other)', auth: 'staff', permission: manageCustomers, params: { ...customerGroup, customerId: parseCustomerId }, responses: { 204: 'The customer is in the group.' } });
export const leaveCustomerGroupRoute = route({ method: 'delete', path: '/api/customer-groups/{id}/customers/{customerId}', summary: 'Take a customer out of a group', auth: 'staff', permission: manageCustomers, params: { ...customerGroup, customerId: parseCustomerId }, responses: { 204: 'The customer is in no group.' } });

export const addContactRoute = route({ method: 'post', path: '/api/customers/{id}/contacts', summary: 'Add a contact to a customer (inviting them to the portal when asked)', auth: 'staff', permission: manageContacts, params: customer, body: parseNewContact, responses: { 201: 'The contact and its invitation, if any; Location names it.' } });
export const getContactRoute = route({ method: 'get', path: '/api/contacts/{id}', summary: 'A contact', auth: 'staff', permission: customerReaders, params: contact, responses: { 200: { description: 'The contact.', schema: ContactBody } } });
export const changeContactRoute = route({ method: 'patch', path: '/api/contacts/{id}', summary: 'Edit a contact', auth: 'staff', permission: manageContacts, params: contact, body: parseContactChanges, responses: { 200: { description: 'The contact as changed.', schema: ContactBody } } });
export const deactivateContactRoute = route({ method: 'post', path: '/api/contacts/{id}/deactivate', summary: 'Deactivate a contact (ending their portal access)', auth: 'staff', permission: manageContacts, params: contact, responses: { 200: { description: 'The contact as changed.', schema: ContactBody } } });
export const moveContactRoute = route({ method: 'post', path: '/api/contacts/{id}/move', summary: 'Move a contact to another customer (ending their portal access)', auth: 'staff', permission: manageContacts, params: contact, body: parseContactMove, responses: { 200: { description: 'The contact as changed.', schema: ContactBody } } });
export const enableLoginRoute = route({ method: 'post', path: '/api/contacts/{id}/enable-login', summary: 'Let a contact sign in to the portal (an invitation when they have no password yet)', auth: 'staff', permission: managePortalAccess, params: contact, responses: { 200: 'The contact, and the invitation when one was sent.' } });
export const disableLoginRoute = route({ method: 'post', path: '/api/contacts/{id}/disable-login', summary: 'End a contact’s portal access', auth: 'staff', permission: managePortalAccess, params: contact, responses: { 200: { description: 'The contact as changed.', schema: ContactBody } } });

export const createNotificationGroupRoute = route({ method: 'post', path: '/api/customers/{id}/notification-groups', summary: 'Create a notification group of a customer', auth: 'staff', permission: manageCustomers, params: customer, body: parseNewNotificationGroup, responses: { 201: 'The group; Location names it.' } });
export const changeNotificationGroupRoute = route({ method: 'patch', path: '/api/customers/{id}/notification-groups/{groupId}', summary: 'Edit a notification group', auth: 'staff', permission: manageCustomers, params: notificationGroup, body: parseNotificationGroupChanges, responses: { 200: 'The group as changed.' } });
export const deleteNotificationGroupRoute = route({ method: 'delete', path: '/api/customers/{id}/notification-groups/{groupId}', summary: 'Delete a notification group', auth: 'staff', permission: manageCustomers, params: notificationGroup, responses: { 204: 'Deleted.' } });
const memberPath = '/api/customers/{id}/notification-groups/{groupId}/members/{kind}/{memberId}';
export const addGroupMemberRoute = route({ method: 'put', path: memberPath, summary: 'Add a member (a contact or a staff user) to a notification group', auth: 'staff', permission: manageCustomers, params: groupMember, responses: { 204: 'A member.' } });
export const removeGroupMemberRoute = route({ method: 'delete', path: memberPath, summary: 'Remove a member from a notification group', auth: 'staff', permission: manageCustomers, params: groupMember, responses: { 204: 'No longer a member.' } });

export const portalProfileRoute = route({ method: 'get', path: '/api/portal/me', summary: 'The signed-in contact and their customer', auth: 'contact', responses: { 200: 'The contact’s profile.' } });

/** The customers service's public API (the gateway forwards /api/customers, /api/customer-groups, /api/contacts and the rest of /api/portal). */
export const customersApi: RouteDescription[] = [
  ...tagged(['Customers'], createCustomerRoute, listCustomersRoute, getCustomerRoute, changeCustomerRoute, ...orgElements.flatMap(({ add, change, remove }) => [add, change, remove])),
  ...tagged(['Customer groups'], createCustomerGroupRoute, listCustomerGroupsRoute, renameCustomerGroupRoute, deleteCustomerGroupRoute, joinCustomerGroupRoute, leaveCustomerGroupRoute),
  ...tagged(['Contacts'], addContactRoute, getContactRoute, changeContactRoute, deactivateContactRoute, moveContactRoute, enableLoginRoute, disableLoginRoute),
  ...tagged(['Notification groups'], createNotificationGroupRoute, changeNotificationGroupRoute, deleteNotificationGroupRoute, addGroupMemberRoute, removeGroupMemberRoute),
  ...tagged(['Portal: profile'], portalProfileRoute, ...orgElements.flatMap(({ portalList, portalGet }) => [portalList, portalGet])),
];
