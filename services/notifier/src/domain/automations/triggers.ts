import type { TemplateContextName } from '../templates/placeholders.js';
import type { ConditionField, RecipientKind } from './automation.js';
import type { TicketEvent } from './ticket-facts.js';

/** One trigger: the event it listens to, what more the event must be, and what an automation on it may use. */
export interface TriggerDefinition {
  key: string;
  label: string;
  /** What its events are about: a ticket (ticket.*), or a contract (contract.*, planned by plan-contract-emails.ts). */
  about: 'ticket' | 'contract';
  /** The event type it fires on. */
  event: string;
  /** Beyond the event type: e.g. a public note only. */
  matches(event: TicketEvent): boolean;
  conditionFields: readonly ConditionField[];
  recipients: readonly RecipientKind[];
  /** Template contexts whose placeholders the event provides. */
  contexts: readonly TemplateContextName[];
  /** Whether an action may be `personal` (carry the actor's own words). */
  personal: boolean;
}

const ticketFields: ConditionField[] = ['channel', 'customer', 'customer_group', 'priority', 'status', 'team', 'assignee', 'actor_kind'];
const statusFields: ConditionField[] = [...ticketFields, 'status_from', 'status_to'];
const recipients: RecipientKind[] = ['requester', 'contact', 'assignee', 'team', 'notification_group', 'account_owner'];
const always = () => true;

function trigger(key: string, label: string, event: string, rest: Partial<TriggerDefinition> & Pick<TriggerDefinition, 'contexts'>): TriggerDefinition {
  return { key, label, about: 'ticket', event, matches: always, conditionFields: ticketFields, recipients, personal: false, ...rest };
}

/** A contract trigger: conditions on the contract's customer, recipients the contract names (or the account owner, a group of its customer). */
function contractTrigger(event: string, label: string): TriggerDefinition {
  return {
    key: event,
    label,
    about: 'contract',
    event,
    matches: always,
    conditionFields: ['customer', 'customer_group'],
    recipients: ['contract_customer_contact', 'contract_support_contact', 'contract_support_manager', 'account_owner', 'notification_group'],
    contexts: ['contract'],
    personal: false,
  };
}

/** Every trigger an automation can have (GET /api/automations/triggers). */
export const triggers: readonly TriggerDefinition[] = [
  trigger('ticket.created', 'A ticket was opened', 'ticket.created', {
    conditionFields: [...ticketFields, 'email_automatic'],
    contexts: ['ticket'],
  }),
  trigger('ticket.created_by_email', 'A ticket was opened by an email', 'ticket.created', {
    matches: (event) => event.sourceEmail !== undefined,
    conditionFields: [...ticketFields, 'email_automatic'],
    contexts: ['ticket', 'ticket_email'],
  }),
  trigger('ticket.public_note_added', 'A public note was added (by an agent, or by the customer)', 'ticket.note_added', {
    matches: (event) => event.note?.visibility === 'public',
    conditionFields: [...ticketFields, 'email_automatic'],
    contexts: ['ticket', 'ticket_note'],
    personal: true,
  }),
  trigger('ticket.status_changed', 'The status changed', 'ticket.status_changed', { conditionFields: statusFields, contexts: ['ticket', 'ticket_change'] }),
  trigger('ticket.closed', 'A ticket was closed', 'ticket.closed', { conditionFields: statusFields, contexts: ['ticket', 'ticket_change'] }),
  trigger('ticket.reopened', 'A closed ticket was reopened', 'ticket.reopened', { conditionFields: statusFields, contexts: ['ticket', 'ticket_change'] }),
  trigger('ticket.assigned', 'The assignee or team changed', 'ticket.assigned', { contexts: ['ticket'] }),
  trigger('ticket.updated', "An agent edited the ticket's fields", 'ticket.updated', { contexts: ['ticket'] }),
  contractTrigger('contract.threshold_reached', "A contract's used hours reached its notification threshold"),
  contractTrigger('contract.limit_passed', "Time past a contract's hours was logged with confirmation"),
  contractTrigger('contract.ticket_closed', 'A ticket assigned to a contract was closed'),
];

const byKey = new Map(triggers.map((definition) => [definition.key, definition]));

export function triggerOf(key: string): TriggerDefinition | undefined {
  return byKey.get(key);
}

/** The allowed values of the condition fields that have a fixed set ('none': not set). */
export const conditionValues: Partial<Record<ConditionField, readonly string[]>> = {
  channel: ['portal', 'agent', 'email'],
  priority: ['low', 'normal', 'high', 'urgent'],
  status: ['new', 'open', 'pending', 'resolved', 'closed'],
  status_from: ['new', 'open', 'pending', 'resolved', 'closed'],
  status_to: ['new', 'open', 'pending', 'resolved', 'closed'],
  actor_kind: ['staff', 'contact', 'email'],
};

/** Fields whose values are ids of others' records (customers, groups, teams, staff users). */
export const idConditionFields: readonly ConditionField[] = ['customer', 'customer_group', 'team', 'assignee'];

export const booleanConditionFields: readonly ConditionField[] = ['email_automatic'];
