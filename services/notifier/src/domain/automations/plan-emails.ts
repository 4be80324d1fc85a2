import type { NewOutgoingEmail } from '../../persistence/outgoing-email.repository.js';
import { mayAnswerAutomatically, threadingOf } from '../automatic-answers.js';
import { newMessageId } from '../message-id.js';
import { renderEmail } from '../templates/template-engine.js';
import type { Automation, NotSentReason, RunOutcome, SendEmailAction } from './automation.js';
import type { Catalogue, CompiledAutomation } from './catalogue.js';
import { evaluateConditions, type EvaluatedCondition } from './conditions.js';
import { resolveRecipients, type RecipientDirectory, type ResolvedRecipient } from './recipients.js';
import type { TicketEvent, TicketFacts } from './ticket-facts.js';

/** What planning needs besides the event and the catalogue: settings, and where ids come from (tests fix them). */
export interface PlanOptions {
  /** MAIL_FROM: the Message-IDs' domain. */
  sender: string;
  /** Whether a portal app is enabled, and its base URL. */
  portal: { enabled: boolean; url: string };
  companyName: string;
  newId(): string;
}

/** An email decided on, with its row id; `notSentReason` set: logged, never sent. */
export interface PlannedEmail extends NewOutgoingEmail {
  id: string;
}

export interface NotSentEntry {
  to?: string;
  kind?: string;
  reason: NotSentReason;
  detail?: string;
}

export interface RunDetail {
  conditions: EvaluatedCondition[];
  recipients: ResolvedRecipient[];
  notSent: NotSentEntry[];
}

/** One row of automation_runs. */
export interface RunEntry {
  id: string;
  automationId: string;
  automationCode: string;
  automationVersion: number;
  eventId: string;
  eventType: string;
  ticketId: string;
  outcome: RunOutcome;
  detail: RunDetail;
  emailIds: string[];
}

export interface EmailPlan {
  emails: PlannedEmail[];
  runs: RunEntry[];
}

/** The automations an event triggers: enabled ones on its type whose trigger's predicate holds. */
export function triggeredBy(event: TicketEvent, catalogue: Catalogue): CompiledAutomation[] {
  return (catalogue.enabledByEvent.get(event.type) ?? []).filter((entry) => entry.trigger.matches(event));
}

/**
 * Decides, without reading or writing anything, what `automations` do about `event` on `ticket` (the
 * ticket as it is after the event): for each, its conditions, then per action the recipients, the email
 * rendered from its template, and the class of the email; a run row per automation. The consumer and
 * the dry run both call this.
 */
export function planEmails(
  event: TicketEvent,
  ticket: TicketFacts,
  automations: CompiledAutomation[],
  catalogue: Pick<Catalogue, 'templates'>,
  directory: RecipientDirectory,
  options: PlanOptions,
): EmailPlan {
  const plan: EmailPlan = { emails: [], runs: [] };
  for (const entry of automations) {
    const { automation } = entry;
    const run = startRun(automation, event, event.ticketId, options);
    plan.runs.push(run);
    const evaluated = evaluateConditions(automation.conditions, event, ticket);
    run.detail.conditions = evaluated.conditions;
    if (!evaluated.passed) continue;
    const addressed = new Set<string>();
    for (const action of automation.actions) {
      const emails = emailsOfAction(entry, action, event, ticket, catalogue, directory, options, run, addressed);
      plan.emails.push(...emails);
      run.emailIds.push(...emails.map((email) => email.id));
    }
    run.outcome = outcomeOf(run, plan.emails);
  }
  return plan;
}

/** The run row of an automation an event triggered, before its conditions are evaluated. */
export function startRun(automation: Automation, event: { id: string; type: string }, ticketId: string, options: Pick<PlanOptions, 'newId'>): RunEntry {
  return {
    id: options.newId(),
    automationId: automation.id,
    automationCode: automation.code,
    automationVersion: automation.version,
    eventId: event.id,
    eventType: event.type,
    ticketId,
    outcome: 'conditions_false',
    detail: { conditions: [], recipients: [], notSent: [] },
    emailIds: [],
  };
}

/** A run whose conditions held: sent when one of its emails goes, else not sent. */
export function outcomeOf(run: RunEntry, emails: PlannedEmail[]): RunOutcome {
  return emails.some((email) => run.emailIds.includes(email.id) && !email.notSentReason) ? 'sent' : 'not_sent';
}

function emailsOfAction(
  { automation }: CompiledAutomation,
  action: SendEmailAction,
  event: TicketEvent,
  ticket: TicketFacts,
  catalogue: Pick<Catalogue, 'templates'>,
  directory: RecipientDirectory,
  options: PlanOptions,
  run: RunEntry,
  addressed: Set<string>,
): PlannedEmail[] {
  const recipients = recordRecipients(run, resolveRecipients(action.to, ticket, directory), addressed);
  const deliverable = recipients.filter((recipient) => recipient.address && !recipient.reason);
  if (deliverable.length === 0) return [];

  // RFC 3834: an answer to a message is auto-replied, other automatic mail auto-generated, a person's words neither.
  // Only an agent's own words are a person's (a `personal` action on a customer's email is still an automatic answer).
  const personal = action.personal && event.actor?.kind === 'staff' && !event.sourceEmail;
  const autoSubmitted = personal ? null : event.sourceEmail ? 'auto-replied' : 'auto-generated';
  if (autoSubmitted !== null && !mayAnswerAutomatically({ sourceEmail: event.sourceEmail })) {
    run.detail.notSent.push({ reason: 'source_automatic', detail: 'The event came from an automatic email (auto-reply, list, bulk): nothing answers those automatically.' });
    return [];
  }
  const template = catalogue.templates.get(action.templateId);
  if (!template?.compiled) {
    run.detail.notSent.push({ reason: 'template_missing', detail: `Template ${action.templateId} is not there (or no longer parses).` });
    return [];
  }
  let rendered;
  try {
    rendered = renderEmail(template.compiled, renderValues(event, ticket, options), { portalEnabled: options.portal.enabled, portalUrl: options.portal.url });
  } catch (error) {
    run.detail.notSent.push({ reason: 'render_failed', detail: `Template ${template.key}: ${(error as Error).message}`.slice(0, 500) });
    return [];
  }
  const notSentReason: NotSentReason | null = rendered.portalLinkRendered ? 'portal_disabled' : null;
  const subject = ticketSubject(rendered.subject, ticket.number);
  const answered = threadingOf({ channel: event.sourceEmail ? 'email' : undefined, sourceEmail: event.sourceEmail });
  return deliverable.map((recipient) => {
    addressed.add(recipient.address!.toLowerCase());
    if (notSentReason) run.detail.notSent.push({ kind: recipient.kind, to: recipient.address, reason: notSentReason, detail: `Template ${template.key} shows a portal link while the portal is switched off.` });
    return {
      id: options.newId(),
      messageId: newMessageId(options.sender),
      kind: `automation:${automation.code}`,
      toAddress: recipient.address!,
      subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      causedByEvent: event.id,
      ticketId: ticket.ticketId,
      // Answering an email: its thread. Otherwise the ticket's thread, filled in from notifier_tickets by the insert.
      threading: answered ?? { inReplyTo: null, references: [], replyTo: ticket.replyMailbox },
      threadFromTicket: answered === undefined,
      autoSubmitted,
      // One auto-reply per recipient and ticket per hour (decided in the group statement).
      throttled: autoSubmitted === 'auto-replied',
      source: 'automation',
      templateKey: template.key,
      automationId: automation.id,
      automationCode: automation.code,
      notSentReason,
    };
  });
}

/** An action's recipients not yet emailed by an earlier action of the run, recorded on the run (with why one has no email). */
export function recordRecipients(run: RunEntry, resolved: ResolvedRecipient[], addressed: ReadonlySet<string>): ResolvedRecipient[] {
  const recipients = resolved.filter((recipient) => !recipient.address || !addressed.has(recipient.address.toLowerCase()));
  run.detail.recipients.push(...recipients);
  for (const recipient of recipients) {
    if (recipient.reason) run.detail.notSent.push({ kind: recipient.kind, to: recipient.address, reason: recipient.reason });
  }
  return recipients;
}

/** A ticket's email carries `[Ticket #N]` in its subject, so that a reply threads back: prefixed when the template has none. */
export function ticketSubject(rendered: string, number: number): string {
  const tag = `[Ticket #${number}]`;
  return (rendered.includes(tag) ? rendered : `${tag} ${rendered}`).slice(0, 300);
}

const blank = (value: string | null | undefined) => value ?? '';

/** The placeholders' values (src/domain/templates/placeholders.ts) for an event on a ticket. */
export function renderValues(event: TicketEvent, ticket: TicketFacts, options: Pick<PlanOptions, 'portal' | 'companyName'>): Record<string, unknown> {
  const contactName = [ticket.contactFirstName, ticket.contactLastName].filter(Boolean).join(' ');
  const portalBase = options.portal.url.replace(/\/+$/, '');
  return {
    ticket: {
      number: ticket.number,
      subject: blank(ticket.subject),
      status: blank(ticket.status),
      priority: blank(ticket.priority),
      channel: blank(ticket.channel),
      created_at: blank(ticket.createdAt),
      portal_url: `${portalBase}/tickets/${ticket.ticketId}`,
    },
    customer: { name: blank(ticket.customerName) },
    contact: { first_name: blank(ticket.contactFirstName), last_name: blank(ticket.contactLastName), name: contactName, email: ticket.contactId ? blank(ticket.requesterEmail) : '' },
    requester: { email: blank(ticket.requesterEmail) },
    assignee: { name: '', email: '' },
    portal: { enabled: options.portal.enabled, url: portalBase },
    company: { name: options.companyName },
    note: { body: blank(event.note?.body ?? ticket.lastPublicNote), author_name: blank(event.actorName ?? ticket.lastPublicNoteAuthor), created_at: blank(event.note?.at ?? ticket.lastPublicNoteAt) },
    change: { from: blank(event.change?.from), to: blank(event.change?.to), actor_name: blank(event.actorName) },
    email: { from: blank(event.sourceEmail?.from ?? ticket.requesterEmail), subject: blank(ticket.subject) },
  };
}

