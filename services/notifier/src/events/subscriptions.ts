import { randomUUID } from 'node:crypto';
import {
  inboundEmailBouncedV1,
  passwordResetRequestedV1,
  portalInvitationIssuedV1,
  teamCreatedV1,
  teamDeletedV1,
  teamUpdatedV1,
  ticketCreatedV1,
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
import { onInboundEmailBounced } from './on-inbound-email-bounced.js';
import { onPasswordResetRequested } from './on-password-reset-requested.js';
import { onPortalInvitationIssued } from './on-portal-invitation-issued.js';
import { onTicketCreated } from './on-ticket-created.js';

type Context = ServiceContext<NotifierConfig, NotifierDatabase>;

/** What one consumed event changes: the emails it causes and the bounces it reports. */
interface Effects {
  emails?: NewOutgoingEmail[];
  bounces?: Bounce[];
}

/** One consumed event and its effects: decided in process, applied by the group's one statement. */
interface EffectsOn {
  event: EventDefinition;
  effectsOf(event: Envelope, context: Context): Effects;
}

function emailsOn<D extends EventDefinition>(event: D, emailsFor: (event: Envelope<EventData<D>>, context: Context) => NewOutgoingEmail[]): EffectsOn {
  return { event, effectsOf: (envelope, context) => ({ emails: emailsFor(envelope as Envelope<EventData<D>>, context) }) };
}

function bouncesOn<D extends EventDefinition>(event: D, bouncesFor: (event: Envelope<EventData<D>>) => Bounce[]): EffectsOn {
  return { event, effectsOf: (envelope) => ({ bounces: bouncesFor(envelope as Envelope<EventData<D>>) }) };
}

/** Everything the notifier consumes. */
const handlers = [
  emailsOn(ticketCreatedV1, onTicketCreated),
  emailsOn(portalInvitationIssuedV1, onPortalInvitationIssued),
  emailsOn(passwordResetRequestedV1, onPasswordResetRequested),
  bouncesOn(inboundEmailBouncedV1, onInboundEmailBounced),
];

/**
 * Events arrive in groups (those the broker delivered together): the emails of the whole group are
 * queued with their outgoing_email.queued events, the bounces recorded, and the events recorded as
 * handled, in one statement; the sender and the relay are then woken.
 */
export const eventGroups: EventGroupHandler<NotifierConfig, NotifierDatabase> = {
  events: handlers.map((handler) => handler.event),
  async handleGroup(events, context) {
    const effects = events.map((event) => ({ event, ...handlerOf(event).effectsOf(event, context) }));
    const emails = effects.flatMap(({ event, emails = [] }) => emails.map((email) => withAnnouncement(email, event, randomUUID())));
    const bounces = effects.flatMap(({ bounces = [] }) => bounces);
    const applied = await applyEventGroup(context.db.client, events.map((event) => event.id), emails, bounces);
    context.db.statementCommitted({ wroteOutbox: emails.length > 0 });
    return applied;
  },
};

function handlerOf(event: Envelope): EffectsOn {
  const handler = handlers.find((candidate) => candidate.event.type === event.type && candidate.event.version === event.version);
  if (!handler) throw new Error(`the notifier has no handler for ${event.type} v${event.version}`);
  return handler;
}

/**
 * What the notifier keeps of others, an event at a time: teams (who reaches every customer, and so may
 * administer automations, templates and the email log, which span every customer).
 */
export const subscriptions: EventHandler<Tx, NotifierConfig, NotifierDatabase>[] = [
  on(teamCreatedV1, applyTeamSnapshot),
  on(teamUpdatedV1, applyTeamSnapshot),
  on(teamDeletedV1, applyTeamDeleted),
];
