import type { EventDefinition } from './envelope.js';
import { ticketCreatedV1 } from './events/tickets/ticket-created.v1.js';
import { ticketUpdatedV1 } from './events/tickets/ticket-updated.v1.js';
import { ticketStatusChangedV1 } from './events/tickets/ticket-status-changed.v1.js';
import { ticketAssignedV1 } from './events/tickets/ticket-assigned.v1.js';
import { ticketNoteAddedV1 } from './events/tickets/ticket-note-added.v1.js';
import { ticketClosedV1 } from './events/tickets/ticket-closed.v1.js';
import { ticketReopenedV1 } from './events/tickets/ticket-reopened.v1.js';
import { customerCreatedV1 } from './events/customers/customer-created.v1.js';
import { customerUpdatedV1 } from './events/customers/customer-updated.v1.js';
import { contactAddedV1 } from './events/customers/contact-added.v1.js';
import { contactUpdatedV1 } from './events/customers/contact-updated.v1.js';
import { contactCustomerChangedV1 } from './events/customers/contact-customer-changed.v1.js';
import { contactDeactivatedV1 } from './events/customers/contact-deactivated.v1.js';
import { contactLoginEnabledV1 } from './events/customers/contact-login-enabled.v1.js';
import { contactLoginDisabledV1 } from './events/customers/contact-login-disabled.v1.js';
import { customerGroupCreatedV1 } from './events/customers/customer-group-created.v1.js';
import { customerGroupUpdatedV1 } from './events/customers/customer-group-updated.v1.js';
import { customerGroupDeletedV1 } from './events/customers/customer-group-deleted.v1.js';
import { locationAddedV1 } from './events/customers/location-added.v1.js';
import { locationUpdatedV1 } from './events/customers/location-updated.v1.js';
import { locationRemovedV1 } from './events/customers/location-removed.v1.js';
import { areaAddedV1 } from './events/customers/area-added.v1.js';
import { areaUpdatedV1 } from './events/customers/area-updated.v1.js';
import { areaRemovedV1 } from './events/customers/area-removed.v1.js';
import { notificationGroupCreatedV1 } from './events/customers/notification-group-created.v1.js';
import { notificationGroupUpdatedV1 } from './events/customers/notification-group-updated.v1.js';
import { notificationGroupDeletedV1 } from './events/customers/notification-group-deleted.v1.js';
import { portalInvitationIssuedV1 } from './events/gateway/portal-invitation-issued.v1.js';
import { portalInvitationAcceptedV1 } from './events/gateway/portal-invitation-accepted.v1.js';
import { passwordResetRequestedV1 } from './events/gateway/password-reset-requested.v1.js';
import { teamCreatedV1 } from './events/gateway/team-created.v1.js';
import { teamUpdatedV1 } from './events/gateway/team-updated.v1.js';
import { teamDeletedV1 } from './events/gateway/team-deleted.v1.js';
import { emailAccountCreatedV1 } from './events/mail-ingest/email-account-created.v1.js';
import { emailAccountUpdatedV1 } from './events/mail-ingest/email-account-updated.v1.js';
import { emailAccountDeletedV1 } from './events/mail-ingest/email-account-deleted.v1.js';
import { inboundEmailReceivedV1 } from './events/mail-ingest/inbound-email-received.v1.js';
import { inboundEmailBouncedV1 } from './events/mail-ingest/inbound-email-bounced.v1.js';
import { inboundEmailFiledV1 } from './events/tickets/inbound-email-filed.v1.js';
import { outgoingEmailQueuedV1 } from './events/notifier/outgoing-email-queued.v1.js';
import { customerAppCreatedV1 } from './events/gateway/customer-app-created.v1.js';
import { customerAppUpdatedV1 } from './events/gateway/customer-app-updated.v1.js';
import { customerAppDeletedV1 } from './events/gateway/customer-app-deleted.v1.js';
import { staffUserCreatedV1 } from './events/gateway/staff-user-created.v1.js';
import { staffUserUpdatedV1 } from './events/gateway/staff-user-updated.v1.js';
import { systemEmailUpdatedV1 } from './events/notifier/system-email-updated.v1.js';
import { contractCreatedV1 } from './events/contracts/contract-created.v1.js';
import { contractUpdatedV1 } from './events/contracts/contract-updated.v1.js';
import { contractEndedV1 } from './events/contracts/contract-ended.v1.js';
import { timeEntryLoggedV1 } from './events/contracts/time-entry-logged.v1.js';
import { timeEntryUpdatedV1 } from './events/contracts/time-entry-updated.v1.js';
import { timeEntryDeletedV1 } from './events/contracts/time-entry-deleted.v1.js';
import { contractThresholdReachedV1 } from './events/contracts/contract-threshold-reached.v1.js';
import { contractLimitPassedV1 } from './events/contracts/contract-limit-passed.v1.js';
import { contractTicketClosedV1 } from './events/contracts/contract-ticket-closed.v1.js';

/** Every event of the system, at every version still published. The only place events are declared. */
export const catalog: readonly EventDefinition[] = [
  ticketCreatedV1,
  ticketUpdatedV1,
  ticketStatusChangedV1,
  ticketAssignedV1,
  ticketNoteAddedV1,
  ticketClosedV1,
  ticketReopenedV1,
  customerCreatedV1,
  customerUpdatedV1,
  contactAddedV1,
  contactUpdatedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  contactLoginEnabledV1,
  contactLoginDisabledV1,
  customerGroupCreatedV1,
  customerGroupUpdatedV1,
  customerGroupDeletedV1,
  locationAddedV1,
  locationUpdatedV1,
  locationRemovedV1,
  areaAddedV1,
  areaUpdatedV1,
  areaRemovedV1,
  notificationGroupCreatedV1,
  notificationGroupUpdatedV1,
  notificationGroupDeletedV1,
  portalInvitationIssuedV1,
  portalInvitationAcceptedV1,
  passwordResetRequestedV1,
  teamCreatedV1,
  teamUpdatedV1,
  teamDeletedV1,
  emailAccountCreatedV1,
  emailAccountUpdatedV1,
  emailAccountDeletedV1,
  inboundEmailReceivedV1,
  inboundEmailBouncedV1,
  inboundEmailFiledV1,
  outgoingEmailQueuedV1,
  customerAppCreatedV1,
  customerAppUpdatedV1,
  customerAppDeletedV1,
  staffUserCreatedV1,
  staffUserUpdatedV1,
  systemEmailUpdatedV1,
  contractCreatedV1,
  contractUpdatedV1,
  contractEndedV1,
  timeEntryLoggedV1,
  timeEntryUpdatedV1,
  timeEntryDeletedV1,
  contractThresholdReachedV1,
  contractLimitPassedV1,
  contractTicketClosedV1,
];

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return catalog.find((definition) => definition.type === type && definition.version === version);
}
