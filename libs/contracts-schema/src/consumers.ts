import { catalog } from './catalog.js';

/**
 * Who consumes what: the one declaration from which every consumer queue and its bindings follow.
 * Each service declares all of these queues when it connects, whatever the start order, so an event
 * published before its consumer first started waits in that consumer's queue instead of being lost.
 * A service's subscriptions must match its entry here (libs/runtime refuses to start otherwise).
 */
export const eventConsumers: Readonly<Record<string, readonly string[]>> = {
  gateway: ['contact.login_enabled', 'contact.updated', 'contact.customer_changed', 'contact.deactivated', 'contact.login_disabled'],
  tickets: [
    'customer.created',
    'customer.updated',
    'contact.added',
    'contact.updated',
    'contact.customer_changed',
    'contact.deactivated',
    'location.added',
    'location.updated',
    'location.removed',
    'area.added',
    'area.updated',
    'area.removed',
    'team.created',
    'team.updated',
    'team.deleted',
    'email_account.created',
    'email_account.updated',
    'email_account.deleted',
    // Filing inbound mail (issue 11 §6): the email, and the Message-IDs of the system's own emails.
    'inbound_email.received',
    'outgoing_email.queued',
    // Contracts and time (issue 13): which contract a ticket may take, and the time logged on its tickets.
    'contract.created',
    'contract.updated',
    'contract.ended',
    'time_entry.logged',
    'time_entry.updated',
    'time_entry.deleted',
  ],
  customers: [
    'portal_invitation.accepted',
    'team.created',
    'team.updated',
    'team.deleted',
    // Whether the portal is available and the invitation email on (issue 12 §1.3): invitations at contact creation, Enable Login.
    'customer_app.created',
    'customer_app.updated',
    'customer_app.deleted',
    'system_email.updated',
  ],
  notifier: [
    'ticket.created',
    'ticket.note_added',
    'ticket.status_changed',
    'ticket.assigned',
    'ticket.closed',
    'ticket.reopened',
    'ticket.updated',
    'portal_invitation.issued',
    // The account-created system email (issue 12, item 3).
    'portal_invitation.accepted',
    'password_reset.requested',
    'inbound_email.bounced',
    'team.created',
    'team.updated',
    'team.deleted',
    // Its projections (issue 12 §2): who and where its emails go to, what they may say.
    'contact.added',
    'contact.updated',
    'contact.customer_changed',
    'contact.deactivated',
    'customer.created',
    'customer.updated',
    'customer_group.created',
    'customer_group.updated',
    'customer_group.deleted',
    'staff_user.created',
    'staff_user.updated',
    'customer_app.created',
    'customer_app.updated',
    'customer_app.deleted',
    'email_account.created',
    'email_account.updated',
    'email_account.deleted',
    'notification_group.created',
    'notification_group.updated',
    'notification_group.deleted',
    // Contract emails through automations (issue 13 §4-6): the warnings and the contract update.
    'contract.threshold_reached',
    'contract.limit_passed',
    'contract.ticket_closed',
  ],
  // Its customer projection serves the customer search of Selected Customers; teams decide who may allocate;
  // inbound_email.filed completes each email's processing record.
  'mail-ingest': [
    'customer.created',
    'customer.updated',
    'customer_group.created',
    'customer_group.updated',
    'customer_group.deleted',
    'team.created',
    'team.updated',
    'team.deleted',
    'inbound_email.filed',
  ],
  // Contracts and hours (issue 13): staff reach a contract's customer through their teams; the people a contract
  // names; the tickets time is logged on (their customer and contract; ticket.closed also sends the contract update).
  contracts: [
    'team.created',
    'team.updated',
    'team.deleted',
    'customer.created',
    'customer.updated',
    'contact.added',
    'contact.updated',
    'contact.customer_changed',
    'contact.deactivated',
    'staff_user.created',
    'staff_user.updated',
    'ticket.created',
    'ticket.updated',
    'ticket.status_changed',
    'ticket.assigned',
    'ticket.closed',
    'ticket.reopened',
  ],
};

/** The services that consume an event type. */
export function consumersOf(type: string, consumers: Readonly<Record<string, readonly string[]>> = eventConsumers): string[] {
  return Object.entries(consumers)
    .filter(([, types]) => types.includes(type))
    .map(([service]) => service);
}

/** Every declared type is in the catalog (checked by a unit test, so a typo cannot silently route nothing). */
export function undeclaredConsumedTypes(consumers: Readonly<Record<string, readonly string[]>> = eventConsumers): string[] {
  const known = new Set(catalog.map((definition) => definition.type));
  return Object.values(consumers).flat().filter((type) => !known.has(type));
}
