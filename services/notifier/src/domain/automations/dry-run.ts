import { randomUUID } from 'node:crypto';
import { NotFoundError } from '@helpdesk/errors';
import type { SqlExecutor } from '@helpdesk/db';
import type { Envelope } from '@helpdesk/contracts-schema';
import { loadCatalogueRows, recentContractEvents, loadTicketFacts, sampleTickets, type ContractEventSample } from '../../persistence/automation.repository.js';
import type { Automation } from './automation.js';
import { buildCatalogue, compileAutomation, type CompiledAutomation } from './catalogue.js';
import { contractEventOf, type ContractEvent } from './contract-events.js';
import { loadContractPeople, planContractEmails } from './plan-contract-emails.js';
import { planEmails, type EmailPlan, type NotSentEntry, type PlanOptions } from './plan-emails.js';
import { loadRecipientDirectory, needsDirectory } from './recipients.js';
import type { TicketEvent, TicketFacts } from './ticket-facts.js';

const nobody = '00000000-0000-4000-8000-000000000000';

/**
 * The event `trigger` would have on `ticket` now, built from the notifier's copy of the ticket: a note
 * trigger gets its last public note (by an agent), a status trigger from = to = the current status.
 */
export function synthesiseEvent(trigger: string, ticket: TicketFacts): TicketEvent {
  const at = new Date().toISOString();
  const base = { id: randomUUID(), version: 0, ticketId: ticket.ticketId, number: ticket.number, known: {}, complete: true, actorName: null };
  const staff = { kind: 'staff', id: nobody };
  switch (trigger) {
    case 'ticket.created':
    case 'ticket.created_by_email': {
      const byEmail = trigger === 'ticket.created_by_email' || ticket.channel === 'email';
      const actor = { kind: byEmail ? 'email' : ticket.channel === 'portal' ? 'contact' : 'staff', id: ticket.contactId ?? nobody };
      const sourceEmail = byEmail ? { mailbox: ticket.replyMailbox ?? '', from: ticket.requesterEmail ?? '', messageId: null, references: [], automatic: false } : undefined;
      return { ...base, type: 'ticket.created', actor, sourceEmail };
    }
    case 'ticket.public_note_added':
      return {
        ...base,
        type: 'ticket.note_added',
        actor: staff,
        actorName: ticket.lastPublicNoteAuthor,
        note: { visibility: 'public', body: ticket.lastPublicNote ?? '(This ticket has no public note yet: a note would appear here.)', at: ticket.lastPublicNoteAt ?? at },
      };
    case 'ticket.status_changed':
    case 'ticket.closed':
    case 'ticket.reopened':
      return { ...base, type: trigger, actor: staff, change: { from: ticket.status, to: ticket.status } };
    default:
      return { ...base, type: trigger, actor: staff };
  }
}

/** What a dry run is tried on: a ticket for ticket triggers, a contract for contract triggers (the newest when absent). */
export interface DryRunTarget {
  ticketId?: string;
  contractId?: string;
}

export interface DryRunResult {
  /** What it was tried on: a ticket (ticket triggers), or a contract event the notifier received (contract triggers). */
  ticket?: TicketFacts;
  contractEvent?: ContractEventSample;
  event: TicketEvent | ContractEvent;
  triggerMatches: boolean;
  conditions: unknown[];
  conditionsPassed: boolean;
  recipients: unknown[];
  emails: Array<{ to: string; subject: string; text: string; html: string | null | undefined; headers: Record<string, string | null>; notSentReason: string | null }>;
  notSent: NotSentEntry[];
}

/**
 * What `automation` (saved or not, enabled or not) would send for a ticket the notifier knows (the
 * newest by default): the same planEmails the consumer runs, on a synthesised event; for a contract
 * trigger, on a contract event it received (dryRunOnContract). Nothing is queued or logged.
 */
export async function dryRun(sql: SqlExecutor, automation: Automation, on: DryRunTarget, options: Omit<PlanOptions, 'newId'>): Promise<DryRunResult> {
  const entry = compileAutomation(automation)!;
  if (entry.trigger.about === 'contract') return dryRunOnContract(sql, entry, on.contractId, options);
  const { ticketId } = on;
  const ticket = ticketId ? (await loadTicketFacts(sql, [ticketId])).get(ticketId) : (await sampleTickets(sql, 1))[0];
  if (!ticket) throw new NotFoundError(ticketId ? `The notifier knows no ticket ${ticketId}.` : 'The notifier knows no ticket yet to try the automation on.');
  const rows = await loadCatalogueRows(sql);
  const catalogue = buildCatalogue(rows.settingsVersion, [], rows.templates);
  const event = synthesiseEvent(automation.trigger, ticket);
  const requests = automation.actions.flatMap((action) => action.to.filter(needsDirectory).map((spec) => ({ ticket, spec })));
  const directory = requests.length > 0 ? await loadRecipientDirectory(sql, requests) : {};
  const plan = planEmails(event, ticket, [entry], catalogue, directory, { ...options, newId: randomUUID });
  return { ticket, event, triggerMatches: entry.trigger.matches(event), ...shown(plan) };
}

/** What a dry run shows of a plan of one automation. */
function shown(plan: EmailPlan): Pick<DryRunResult, 'conditions' | 'conditionsPassed' | 'recipients' | 'emails' | 'notSent'> {
  const run = plan.runs[0]!;
  return {
    conditions: run.detail.conditions,
    conditionsPassed: run.outcome !== 'conditions_false',
    recipients: run.detail.recipients,
    emails: plan.emails.map((email) => ({
      to: email.toAddress,
      subject: email.subject,
      text: email.textBody,
      html: email.htmlBody,
      headers: {
        'Auto-Submitted': email.autoSubmitted ?? null,
        'In-Reply-To': email.threadFromTicket ? '(the ticket thread’s last Message-ID)' : (email.threading?.inReplyTo ?? null),
        'Reply-To': email.threading?.replyTo ?? null,
      },
      notSentReason: email.notSentReason ?? null,
    })),
    notSent: run.detail.notSent,
  };
}

/**
 * A contract trigger's dry run: on the newest contract event of the trigger's type the notifier received
 * (of `contractId` when given; the notifier keeps each contract's newest of each type), addressed and worded
 * from the projections as they are now. There is no made-up contract: until such an event came, 404.
 */
async function dryRunOnContract(sql: SqlExecutor, entry: CompiledAutomation, contractId: string | undefined, options: Omit<PlanOptions, 'newId'>): Promise<DryRunResult> {
  const [sample] = await recentContractEvents(sql, { type: entry.trigger.event, contractId }, 1);
  if (!sample) {
    throw new NotFoundError(`The notifier has received no ${entry.trigger.event} event${contractId ? ` of contract ${contractId}` : ''} yet to try the automation on.`);
  }
  const event = contractEventOf({ id: sample.id, type: sample.type, aggregate: { type: 'contract', id: sample.contractId, version: sample.version }, data: sample.data } as Envelope);
  const rows = await loadCatalogueRows(sql);
  const catalogue = buildCatalogue(rows.settingsVersion, [], rows.templates);
  const people = await loadContractPeople(sql, [event], [entry.automation]);
  const plan = planContractEmails(event, [entry], catalogue, people, { ...options, newId: randomUUID });
  return { contractEvent: sample, event, triggerMatches: true, ...shown(plan) };
}
