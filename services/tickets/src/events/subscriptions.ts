import {
  areaAddedV1,
  areaRemovedV1,
  areaUpdatedV1,
  contactAddedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  contactUpdatedV1,
  contractCreatedV1,
  contractEndedV1,
  contractUpdatedV1,
  customerCreatedV1,
  customerUpdatedV1,
  emailAccountCreatedV1,
  emailAccountDeletedV1,
  emailAccountUpdatedV1,
  locationAddedV1,
  locationRemovedV1,
  locationUpdatedV1,
  teamCreatedV1,
  teamDeletedV1,
  teamUpdatedV1,
  timeEntryDeletedV1,
  timeEntryLoggedV1,
  timeEntryUpdatedV1,
} from '@helpdesk/contracts-schema';
import { on, type EventHandler } from '@helpdesk/runtime';
import { applyTeamDeleted, applyTeamSnapshot } from '@helpdesk/team-access';
import type { TicketsConfig } from '../config.js';
import type { TicketsDatabase, Tx } from '../persistence/client.js';
import { onContactCustomerChanged } from './on-contact-customer-changed.js';
import { onContactDeactivated } from './on-contact-deactivated.js';
import { onContactSnapshot } from './on-contact-snapshot.js';
import { onContractSnapshot } from './on-contract.js';
import { onCustomerSnapshot } from './on-customer-snapshot.js';
import { onEmailAccountDeleted, onEmailAccountSnapshot } from './on-email-account.js';
import { onArea, onLocation } from './on-org-element.js';
import { onTimeEntryDeleted, onTimeEntryLogged, onTimeEntryUpdated } from './on-time-entry.js';

/**
 * Everything the tickets service consumes: the customers, contacts, locations and areas, the teams,
 * the email accounts and the contracts it keeps as projections, against which agents' access and a
 * ticket's ids are checked; and the time logged on its tickets.
 */
export const subscriptions: EventHandler<Tx, TicketsConfig, TicketsDatabase>[] = [
  on(customerCreatedV1, onCustomerSnapshot),
  on(customerUpdatedV1, onCustomerSnapshot),
  on(contactAddedV1, onContactSnapshot),
  on(contactUpdatedV1, onContactSnapshot),
  on(contactCustomerChangedV1, onContactCustomerChanged),
  on(contactDeactivatedV1, onContactDeactivated),
  on(locationAddedV1, onLocation(false)),
  on(locationUpdatedV1, onLocation(false)),
  on(locationRemovedV1, onLocation(true)),
  on(areaAddedV1, onArea(false)),
  on(areaUpdatedV1, onArea(false)),
  on(areaRemovedV1, onArea(true)),
  on(teamCreatedV1, applyTeamSnapshot),
  on(teamUpdatedV1, applyTeamSnapshot),
  on(teamDeletedV1, applyTeamDeleted),
  on(emailAccountCreatedV1, onEmailAccountSnapshot),
  on(emailAccountUpdatedV1, onEmailAccountSnapshot),
  on(emailAccountDeletedV1, onEmailAccountDeleted),
  on(contractCreatedV1, onContractSnapshot),
  on(contractUpdatedV1, onContractSnapshot),
  on(contractEndedV1, onContractSnapshot),
  on(timeEntryLoggedV1, onTimeEntryLogged),
  on(timeEntryUpdatedV1, onTimeEntryUpdated),
  on(timeEntryDeletedV1, onTimeEntryDeleted),
];
