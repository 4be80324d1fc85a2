import type { CustomersDatabase } from '../persistence/client.js';
import { listActiveContacts, type Contact } from '../persistence/contact.repository.js';
import type { Customer } from '../persistence/customer.repository.js';
import { listNotificationGroups, type NotificationGroupWithMembers } from '../persistence/notification-group.repository.js';
import type { Area, Location } from '../persistence/org-element.repository.js';
import { requireCustomer } from './customer.js';
import { areas, locations } from './org-element.js';

export interface CustomerOverview {
  customer: Customer;
  contacts: Contact[];
  locations: Location[];
  areas: Area[];
  notificationGroups: NotificationGroupWithMembers[];
}

/** The customer with its active contacts, locations, areas and notification groups. */
export async function getCustomerOverview(db: CustomersDatabase, id: string): Promise<CustomerOverview> {
  const customer = await requireCustomer(db.client, id);
  const [contacts, customerLocations, customerAreas, notificationGroups] = await Promise.all([
    listActiveContacts(db.client, id),
    locations.table.list(db.client, id),
    areas.table.list(db.client, id),
    listNotificationGroups(db.client, id),
  ]);
  return { customer, contacts, locations: customerLocations, areas: customerAreas, notificationGroups };
}
