import {
  contactAddedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  contactUpdatedV1,
  customerCreatedV1,
  customerUpdatedV1,
} from '@helpdesk/contracts-schema';
import { on, type EventHandler } from '@helpdesk/runtime';
import type { TicketsConfig } from '../config.js';
import type { TicketsDatabase, Tx } from '../persistence/client.js';
import { onContactCustomerChanged } from './on-contact-customer-changed.js';
import { onContactDeactivated } from './on-contact-deactivated.js';
import { onContactSnapshot } from './on-contact-snapshot.js';
import { onCustomerSnapshot } from './on-customer-snapshot.js';

/** Everything the tickets service consumes: the customers and contacts it keeps as projections. */
export const subscriptions: EventHandler<Tx, TicketsConfig, TicketsDatabase>[] = [
  on(customerCreatedV1, onCustomerSnapshot),
  on(customerUpdatedV1, onCustomerSnapshot),
  on(contactAddedV1, onContactSnapshot),
  on(contactUpdatedV1, onContactSnapshot),
  on(contactCustomerChangedV1, onContactCustomerChanged),
  on(contactDeactivatedV1, onContactDeactivated),
];
