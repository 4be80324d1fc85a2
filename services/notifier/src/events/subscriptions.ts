import { randomUUID } from 'node:crypto';
import {
  contactAddedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  contactUpdatedV1,
  customerAppCreatedV1,
  customerAppDeletedV1,
  customerAppUpdatedV1,
  customerCreatedV1,
  customerGroupCreatedV1,
  customerGroupDeletedV1,
  customerGroupUpdatedV1,
  customerUpdatedV1,
  emailAccountCreatedV1,
  emailAccountDeletedV1,
  emailAccountUpdatedV1,
  inboundEmailBouncedV1,
  notificationGroupCreatedV1,
  notificationGroupDeletedV1,
  notificationGroupUpdatedV1,
  passwordResetRequestedV1,
  portalInvitationAcceptedV1,
  portalInvitationIssuedV1,
  staffUserCreatedV1,
  staffUserUpdatedV1,
  teamCreatedV1,
  teamDeletedV1,
  teamUpdatedV1,
  type Envelope,
  type EventData,
  type EventDefinition,
} from '@helpdesk/contracts-schema';
import { on, type EventGroupHandler, type EventHandler, type ServiceContext } from '@helpdesk/runtime';
import { applyTeamDeleted, applyTeamSnapshot } from '@helpdesk/team-access';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase, Tx } from '../persistence/client.js';
import { applyEventGroup, type Bounce, type NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { withAnnouncement } from '../domain/announce-email.js';
import type { Catalogue } from '../domain/automations/catalogue.js';
import { catalogueOf, reloadCatalogue } from '../domain/automations/catalogue-store.js';
import { planOptions } from '../domain/automations/plan-options.js';
import { mergedPatches, planTicketEvents } from '../domain/automations/plan-group.js';
import { isTicketEvent, ticketEvents } from '../domain/automations/ticket-facts.js';
import { contractEvents, isContractEvent } from '../domain/automations/contract-events.js';
import { planContractEvents } from '../domain/automations/plan-contract-emails.js';
import { saveContractEventSamples } from '../persistence/automation.repository.js';
import { onInboundEmailBounced } from './on-inbound-email-bounced.js';
import { onPasswordResetRequested } from './on-password-reset-requested.js';
import { onPortalInvitationAccepted } from './on-portal-invitation-accepted.js';
import { onPortalInvitationIssued } from './on-portal-invitation-issued.js';
import { onContactCustomerChanged, onContactDeactivated, onContactSnapshot } from './projections/contacts.js';
import { onCustomerAppDeleted, onCustomerAppSnapshot } from './projections/customer-apps.js';
import { onCustomerGroupDeleted, onCustomerGroupSnapshot, onCustomerSnapshot } from './projections/customers.js';
import { onEmailAccountDeleted, onEmailAccountSnapshot } from './projections/email-accounts.js';
import { onNotificationGroupDeleted, onNotificationGroupSnapshot } from './projections/notification-groups.js';
import { onStaffUserSnapshot } from './projections/staff-users.js';

type Context = ServiceContext<NotifierConfig, NotifierDatabase>;

/** What one consumed event changes: the emails it causes and the bounces it reports. */
interface Effects {
  emails?: NewOutgoingEmail[];
  bounces?: Bounce[];
}

/**
 * One consumed event and its effects: decided in process from the catalogue (the portal's state, the
 * system emails' switches and templates), applied by the group's one statement.
 */
interface EffectsOn {
  event: EventDefinition;
  effectsOf(event: Envelope, context: Context, catalogue: Catalogue): Effects;
}

function emailsOn<D extends EventDefinition>(event: D, emailsFor: (event: Envelope<EventData<D>>, context: Context, catalogue: Catalogue) => NewOutgoingEmail[]): EffectsOn {
  return { event, effectsOf: (envelope, context, catalogue) => ({ emails: emailsFor(envelope as Envelope<EventData<D>>, context, catalogue) }) };
}

function bouncesOn<D extends EventDefinition>(event: D, bouncesFor: (event: Envelope<EventData<D>>) => Bounce[]): EffectsOn {
  return { event, effectsOf: (envelope) => ({ bounces: bouncesFor(envelope as Envelope<EventData<D>>) }) };
}

/** Everything else the notifier consumes. */
const handlers = [
  emailsOn(portalInvitationIssuedV1, onPortalInvitationIssued),
  emailsOn(portalInvitationAcceptedV1, onPortalInvitationAccepted),
  emailsOn(passwordResetRequestedV1, onPasswordResetRequested),
  bouncesOn(inboundEmailBouncedV1, onInboundEmailBounced),
];

/** How many times a group is planned again after the settings changed under it, before it fails (and is retried per event). */
const maxPlans = 3;

/**
 * Events arrive in groups (those the broker delivered together). Ticket and contract events go through
 * the automations of the in-memory catalogue; the others through their handlers. Then one statement
 * (applyEventGroup) records the group: the emails with their outgoing_email.queued events, the runs,
 * the tickets' facts and threads, the throttle, the bounces, and the events' ids, but only while the
 * stored settings version is the catalogue's; if it moved on, the catalogue is reloaded and the group
 * planned again. The sender and the relay are then woken. System emails are decided from the catalogue's
 * switches and templates too, so the version guard covers them and a group reads nothing before its statement.
 */
export const eventGroups: EventGroupHandler<NotifierConfig, NotifierDatabase> = {
  events: [...ticketEvents, ...contractEvents, ...handlers.map((handler) => handler.event)],
  async handleGroup(events, context) {
    const others = events.filter((event) => !isTicketEvent(event) && !isContractEvent(event));
    const ticketEnvelopes = events.filter(isTicketEvent);
    const contractEnvelopes = events.filter(isContractEvent);
    let catalogue = await catalogueOf(context.db);
    // The dry run of a contract trigger tries it on the newest such event (no exactness needed: its own statement).
    if (contractEnvelopes.length > 0) {
      await saveContractEventSamples(
        context.db.client,
        contractEnvelopes.map((event) => ({ id: event.id, type: event.type, contractId: event.aggregate.id, version: event.aggregate.version, occurredAt: event.occurredAt, data: event.data })),
      );
    }

    for (let plans = 1; ; plans++) {
      // Every email of the group is decided again with the catalogue of this try: a stale one (the portal
      // switched off, a switch turned off) must not reach the statement.
      const effects = others.map((event) => ({ event, ...handlerOf(event).effectsOf(event, context, catalogue) }));
      const otherEmails = effects.flatMap(({ event, emails = [] }) => emails.map((email) => withAnnouncement(email, event, randomUUID())));
      const bounces = effects.flatMap(({ bounces = [] }) => bounces);
      const options = planOptions(context.config, catalogue);
      const plan = await planTicketEvents(context.db.client, ticketEnvelopes, catalogue, options);
      const contractPlan = await planContractEvents(context.db.client, contractEnvelopes, catalogue, options);
      const emails = [...[...plan.emails, ...contractPlan.emails].map(({ email, cause }) => withAnnouncement(email, cause, email.id)), ...otherEmails];
      const result = await applyEventGroup(context.db.plannedOncePool, {
        eventIds: events.map((event) => event.id),
        emails,
        bounces,
        tickets: mergedPatches([...plan.tickets, ...contractPlan.tickets]),
        runs: [...plan.runs, ...contractPlan.runs],
        settingsVersion: catalogue.settingsVersion,
      });
      if (!result.stale) {
        context.db.statementCommitted({ wroteOutbox: emails.length > 0 });
        return result.applied;
      }
      if (plans >= maxPlans) throw new Error(`the notifier's settings changed ${maxPlans} times while a group of events was planned; it is tried again`);
      context.log.debug({ planned: catalogue.settingsVersion, stored: result.settingsVersion }, 'settings changed: catalogue reloaded, group planned again');
      catalogue = await reloadCatalogue(context.db);
    }
  },
};

function handlerOf(event: Envelope): EffectsOn {
  const handler = handlers.find((candidate) => candidate.event.type === event.type && candidate.event.version === event.version);
  if (!handler) throw new Error(`the notifier has no handler for ${event.type} v${event.version}`);
  return handler;
}

/**
 * What the notifier keeps of others, an event at a time (each in its own small transaction, version-
 * guarded: a late older event changes nothing): teams (who reaches every customer, and so may
 * administer automations, templates and the email log, which span every customer); and the
 * projections its emails are addressed and worded from (src/events/projections, migration 0007):
 * contacts, customers and groups, staff users, customer apps (is there a portal?), email accounts
 * (where replies go) and notification groups.
 */
export const subscriptions: EventHandler<Tx, NotifierConfig, NotifierDatabase>[] = [
  on(teamCreatedV1, applyTeamSnapshot),
  on(teamUpdatedV1, applyTeamSnapshot),
  on(teamDeletedV1, applyTeamDeleted),
  on(contactAddedV1, onContactSnapshot),
  on(contactUpdatedV1, onContactSnapshot),
  on(contactCustomerChangedV1, onContactCustomerChanged),
  on(contactDeactivatedV1, onContactDeactivated),
  on(customerCreatedV1, onCustomerSnapshot),
  on(customerUpdatedV1, onCustomerSnapshot),
  on(customerGroupCreatedV1, onCustomerGroupSnapshot),
  on(customerGroupUpdatedV1, onCustomerGroupSnapshot),
  on(customerGroupDeletedV1, onCustomerGroupDeleted),
  on(staffUserCreatedV1, onStaffUserSnapshot),
  on(staffUserUpdatedV1, onStaffUserSnapshot),
  on(customerAppCreatedV1, onCustomerAppSnapshot),
  on(customerAppUpdatedV1, onCustomerAppSnapshot),
  on(customerAppDeletedV1, onCustomerAppDeleted),
  on(emailAccountCreatedV1, onEmailAccountSnapshot),
  on(emailAccountUpdatedV1, onEmailAccountSnapshot),
  on(emailAccountDeletedV1, onEmailAccountDeleted),
  on(notificationGroupCreatedV1, onNotificationGroupSnapshot),
  on(notificationGroupUpdatedV1, onNotificationGroupSnapshot),
  on(notificationGroupDeletedV1, onNotificationGroupDeleted),
];
