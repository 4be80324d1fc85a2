import { newMessageId } from '../message-id.js';
import { renderEmail } from '../templates/template-engine.js';
import type { Catalogue } from '../automations/catalogue.js';
import { renderValues, ticketSubject, type PlanOptions, type PlannedEmail } from '../automations/plan-emails.js';
import type { TicketEvent, TicketFacts } from '../automations/ticket-facts.js';
import { contractRenderValues, type ContractEvent } from '../automations/contract-events.js';
import { groupEventOf, groupRecipients, type GroupContext, type GroupEventName, type GroupRecipient } from './fan-out.js';

/** The editable template of each group event (seeded by migration 0006, `system`: edited, never deleted). */
const templateKeyOf: Record<GroupEventName, string> = {
  'ticket.created': 'group-ticket-created',
  'ticket.status_changed': 'group-ticket-status-changed',
  'ticket.closed': 'group-ticket-closed',
  'ticket.public_note_added': 'group-ticket-public-note',
  'contract.threshold_reached': 'group-contract-threshold',
};

/** Whether a ticket event may email a notification group of `customerId`: it is a group event and the customer has live groups. */
export function mayEmailGroups(event: TicketEvent, customerId: string | null, catalogue: Pick<Catalogue, 'customersWithGroups'>): boolean {
  return customerId !== null && catalogue.customersWithGroups.has(customerId) && groupEventOf({ type: event.type, visibility: event.note?.visibility }) !== undefined;
}

/**
 * The emails a customer's notification groups get about a ticket event (seed 004): one per member the
 * groups' settings name, from the group event's template, in the ticket's thread, `auto-generated`.
 * Not automations: the groups' own settings decide. A template that shows a portal link while the
 * portal is off withholds the email (`portal_disabled`).
 */
export function groupEmails(
  event: TicketEvent,
  ticket: TicketFacts,
  context: GroupContext,
  catalogue: Pick<Catalogue, 'templatesByKey'>,
  options: PlanOptions,
): PlannedEmail[] {
  const recipients = groupRecipients(
    { type: event.type, customerId: ticket.customerId, visibility: event.note?.visibility, to: event.change?.to ?? undefined, actor: event.actor ?? undefined },
    context.groups,
    context.contacts,
    context.staff,
  );
  // Nothing automatic answers automatic mail: a note an auto-responder wrote tells no group.
  if (recipients.length === 0 || event.sourceEmail?.automatic) return [];
  const template = catalogue.templatesByKey.get(templateKeyOf[recipients[0]!.event]);
  if (!template?.compiled) return [];
  let rendered;
  try {
    rendered = renderEmail(template.compiled, renderValues(event, ticket, options), { portalEnabled: options.portal.enabled, portalUrl: options.portal.url });
  } catch {
    // A render the engine's limits stop (a huge note): the group's email is lost, never the other emails of the event.
    return [];
  }
  const subject = ticketSubject(rendered.subject, ticket.number);
  return recipients.map((recipient) => ({
    id: options.newId(),
    messageId: newMessageId(options.sender),
    kind: `group:${recipient.groupId}`,
    toAddress: recipient.address,
    subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
    causedByEvent: event.id,
    ticketId: ticket.ticketId,
    threading: { inReplyTo: null, references: [], replyTo: ticket.replyMailbox },
    threadFromTicket: true,
    autoSubmitted: 'auto-generated',
    throttled: false,
    source: 'notification_group',
    templateKey: template.key,
    notSentReason: rendered.portalLinkRendered ? 'portal_disabled' : null,
  }));
}

/**
 * The emails a customer's notification groups get about a contract event (contract.threshold_reached is a
 * group event): one per member the groups name, rendered for that member (`recipient.name`) from
 * `group-contract-threshold`, about the contract, not in a ticket's thread, `auto-generated`.
 */
export function contractGroupEmails(
  event: ContractEvent,
  customerName: string | null,
  context: GroupContext,
  catalogue: Pick<Catalogue, 'templates'>,
  options: PlanOptions,
  /** Addresses (lower case) the event's automations already warn: one threshold crossing is one email to each. */
  alreadyEmailed: ReadonlySet<string>,
): PlannedEmail[] {
  const recipients = groupRecipients({ type: event.type, customerId: event.contract.customerId }, context.groups, context.contacts, context.staff).filter(
    (recipient) => !alreadyEmailed.has(recipient.address.toLowerCase()),
  );
  if (recipients.length === 0) return [];
  const key = templateKeyOf[recipients[0]!.event];
  const template = [...catalogue.templates.values()].find((candidate) => candidate.key === key);
  if (!template?.compiled) return [];
  const compiled = template.compiled;
  return recipients.flatMap((recipient: GroupRecipient): PlannedEmail[] => {
    let rendered;
    try {
      rendered = renderEmail(compiled, contractRenderValues(event, customerName, recipient.name ?? undefined, false, options), { portalEnabled: options.portal.enabled, portalUrl: options.portal.url });
    } catch {
      return [];
    }
    return [
      {
        id: options.newId(),
        messageId: newMessageId(options.sender),
        kind: `group:${recipient.groupId}`,
        toAddress: recipient.address,
        subject: rendered.subject.slice(0, 300),
        textBody: rendered.text,
        htmlBody: rendered.html,
        causedByEvent: event.id,
        ticketId: null,
        autoSubmitted: 'auto-generated',
        throttled: false,
        source: 'notification_group',
        templateKey: template.key,
        notSentReason: rendered.portalLinkRendered ? 'portal_disabled' : null,
      },
    ];
  });
}
