import type { Envelope } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';
import { loadTicketFacts } from '../../persistence/automation.repository.js';
import type { TicketPatch } from '../../persistence/outgoing-email.repository.js';
import type { Catalogue, CompiledAutomation } from './catalogue.js';
import { planEmails, triggeredBy, type PlanOptions, type PlannedEmail, type RunEntry } from './plan-emails.js';
import { loadRecipientDirectory, needsDirectory, type RecipientDirectory } from './recipients.js';
import { loadGroupContext } from '../../persistence/projections.repository.js';
import { groupEmails, mayEmailGroups } from '../notification-groups/group-emails.js';
import { factsAfter, ticketEventOf, type KnownFacts, type TicketEvent, type TicketFacts } from './ticket-facts.js';

export interface GroupPlan {
  emails: Array<{ email: PlannedEmail; cause: Envelope }>;
  runs: RunEntry[];
  tickets: TicketPatch[];
}

/**
 * What a group's ticket events do: the automations they trigger (planned with planEmails on the ticket
 * as it is after each event) and the facts notifier_tickets keeps. Reads only when it must: the stored
 * tickets for events that carry less than the whole ticket and trigger something, and the recipient
 * directory when an automation names a recipient only the projections know. ticket.created (A02) reads nothing.
 */
export async function planTicketEvents(sql: SqlExecutor, envelopes: Envelope[], catalogue: Catalogue, options: PlanOptions): Promise<GroupPlan> {
  const events = envelopes.map((envelope) => ({ envelope, event: ticketEventOf(envelope) }));
  const triggered = new Map<string, CompiledAutomation[]>(events.map(({ event }) => [event.id, triggeredBy(event, catalogue)]));

  // Tickets whose stored copy planning needs: an incomplete event that triggers something, with no complete event before it in the group.
  const needed = new Set<string>();
  const completeSoFar = new Set<string>();
  for (const { event } of events) {
    if (event.complete) completeSoFar.add(event.ticketId);
    else if (triggered.get(event.id)!.length > 0 && !completeSoFar.has(event.ticketId)) needed.add(event.ticketId);
  }
  const stored = needed.size > 0 ? await loadTicketFacts(sql, [...needed]) : new Map<string, TicketFacts>();

  const factsByTicket = new Map<string, TicketFacts>(stored);
  const planned: Array<{ envelope: Envelope; event: TicketEvent; ticket: TicketFacts; automations: CompiledAutomation[] }> = [];
  for (const { envelope, event } of events) {
    const ticket = factsAfter(factsByTicket.get(event.ticketId), event);
    factsByTicket.set(event.ticketId, ticket);
    planned.push({ envelope, event, ticket, automations: triggered.get(event.id)! });
  }

  const requests = planned.flatMap(({ ticket, automations }) =>
    automations.filter((entry) => entry.needsDirectory).flatMap((entry) => entry.automation.actions.flatMap((action) => action.to.filter(needsDirectory).map((spec) => ({ ticket, spec })))),
  );
  const directory: RecipientDirectory = requests.length > 0 ? await loadRecipientDirectory(sql, requests) : {};

  // Notification groups (seed 004): read (one statement) only when an event of a customer with groups may email them.
  const groupCustomers = [...new Set(planned.filter(({ event, ticket }) => mayEmailGroups(event, ticket.customerId, catalogue)).map(({ ticket }) => ticket.customerId!))];
  const groupContext = groupCustomers.length > 0 ? await loadGroupContext(sql, groupCustomers) : undefined;

  const plan: GroupPlan = { emails: [], runs: [], tickets: [] };
  const throttleKeys = new Set<string>();
  for (const { envelope, event, ticket, automations } of planned) {
    const { emails, runs } = planEmails(event, ticket, automations, catalogue, directory, options);
    for (const email of emails) {
      // The statement cannot take one throttle row twice: a second auto-reply in the group to the same address and ticket is limited here.
      if (email.throttled && !email.notSentReason) {
        const key = `${email.toAddress.toLowerCase()}|${email.ticketId}`;
        if (throttleKeys.has(key)) email.notSentReason = 'rate_limited';
        throttleKeys.add(key);
      }
      plan.emails.push({ email, cause: envelope });
    }
    plan.runs.push(...runs);
    if (groupContext) plan.emails.push(...groupEmails(event, ticket, groupContext, catalogue, options).map((email) => ({ email, cause: envelope })));
  }
  plan.tickets = ticketPatches(planned.map(({ event }) => event), plan.emails.map(({ email }) => email));
  return plan;
}

const columnOf: Record<keyof KnownFacts, string> = {
  subject: 'subject',
  status: 'status',
  priority: 'priority',
  channel: 'channel',
  requesterEmail: 'requester_email',
  customerId: 'customer_id',
  customerName: 'customer_name',
  customerGroupId: 'customer_group_id',
  contactId: 'contact_id',
  contactFirstName: 'contact_first_name',
  contactLastName: 'contact_last_name',
  teamId: 'team_id',
  assigneeId: 'assignee_id',
  emailAccountId: 'email_account_id',
  replyMailbox: 'reply_mailbox',
  createdAt: 'created_at',
  lastPublicNote: 'last_public_note',
  lastPublicNoteAt: 'last_public_note_at',
  lastPublicNoteAuthor: 'last_public_note_author',
};

/** One patch per ticket: its events' facts merged in version order, and the Message-IDs that joined its thread. */
export function ticketPatches(events: TicketEvent[], emails: PlannedEmail[]): TicketPatch[] {
  const patches = new Map<string, TicketPatch>();
  for (const event of [...events].sort((a, b) => a.version - b.version)) {
    const patch = patches.get(event.ticketId) ?? { ticketId: event.ticketId, number: event.number, version: 0, eventIds: [], known: {}, threadIds: [] };
    patches.set(event.ticketId, patch);
    patch.version = Math.max(patch.version, event.version);
    patch.eventIds.push(event.id);
    for (const [key, value] of Object.entries(event.known)) {
      const column = columnOf[key as keyof KnownFacts];
      if (column && value !== undefined) patch.known[column] = value;
    }
    if (event.sourceEmail?.messageId) patch.threadIds.push(event.sourceEmail.messageId);
    for (const email of emails) if (email.causedByEvent === event.id && !email.notSentReason && email.ticketId === event.ticketId) patch.threadIds.push(email.messageId);
  }
  return [...patches.values()];
}

/** One patch per ticket from several plans (the statement upserts each ticket once): versions, events, facts and thread ids together. */
export function mergedPatches(patches: TicketPatch[]): TicketPatch[] {
  const merged = new Map<string, TicketPatch>();
  for (const patch of patches) {
    const into = merged.get(patch.ticketId);
    if (!into) {
      merged.set(patch.ticketId, { ...patch, eventIds: [...patch.eventIds], known: { ...patch.known }, threadIds: [...patch.threadIds] });
      continue;
    }
    if (patch.version > into.version) Object.assign(into.known, patch.known);
    else into.known = { ...patch.known, ...into.known };
    into.version = Math.max(into.version, patch.version);
    into.eventIds.push(...patch.eventIds);
    into.threadIds.push(...patch.threadIds);
  }
  return [...merged.values()];
}
