import { randomUUID } from 'node:crypto';
import { createEvent, ticketCreatedV1, ticketNoteAddedV1, ticketStatusChangedV1, type Envelope, type EventData } from '@helpdesk/contracts-schema';
import { threadingOf } from '../automatic-answers.js';
import type { Automation, AutomationDefinition } from './automation.js';
import { buildCatalogue, type Catalogue } from './catalogue.js';
import { planEmails, triggeredBy, type PlanOptions } from './plan-emails.js';
import { ticketPatches } from './plan-group.js';
import { factsAfter, ticketEventOf, type TicketFacts } from './ticket-facts.js';
import { automationProblems } from './validate-automation.js';

type TicketCreated = EventData<typeof ticketCreatedV1>;

const thanks = { id: 't-thanks', key: 'thanks', name: 'Thanks', context: 'ticket' as const, system: false, version: 1, subject: '{{ ticket.subject }}', text: null,
  html: '<p>We have opened ticket #{{ ticket.number }}.</p>{% if portal.enabled %}<p>{{ ticket.portal_url }}</p>{% endif %}' };
const unguarded = { ...thanks, id: 't-link', key: 'link', html: '<p>See {{ ticket.portal_url }}</p>' };
const note = { ...thanks, id: 't-note', key: 'note', context: 'ticket_note' as const, subject: '[Ticket #{{ ticket.number }}] {{ ticket.subject }}', html: '<p>{{ note.body }}</p><p>{{ note.author_name }}</p>' };
const change = { ...thanks, id: 't-change', key: 'change', context: 'ticket_change' as const, subject: 'now {{ change.to }}', html: '<p>{{ change.from }} → {{ change.to }}</p>' };
const templates = [thanks, unguarded, note, change];

function automation(code: string, definition: Partial<AutomationDefinition>): Automation {
  return {
    id: randomUUID(), code, name: code, trigger: 'ticket.created', conditions: [], enabled: true, version: 1,
    actions: [{ type: 'send_email', templateId: thanks.id, to: [{ kind: 'requester' }] }],
    createdAt: new Date(), updatedAt: new Date(), updatedBy: null, ...definition,
  };
}

const a02 = automation('A02', { conditions: [{ field: 'email_automatic', op: 'is_false' }] });
const options: PlanOptions = { sender: 'Helpdesk <support@helpdesk.example>', portal: { enabled: true, url: 'https://help.example/portal' }, companyName: '', newId: randomUUID };

const sourceEmail = {
  emailId: '7e6d5c4b-3a29-4f18-9e07-d6c5b4a39281',
  emailAccountId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  mailbox: 'support@acme.example',
  from: 'dana@customer.example',
  messageId: '<q@customer.example>',
  references: ['<p@customer.example>'],
  automatic: false,
};
const created = (data: Partial<TicketCreated> = {}): Envelope =>
  createEvent(ticketCreatedV1, { id: ticketCreatedV1.example.ticketId, version: 1 }, { ...ticketCreatedV1.example, channel: 'portal', ...data }, { producer: 'tickets', correlationId: 'c' }) as Envelope;
const fromEmail = (source: Partial<typeof sourceEmail> = {}, data: Partial<TicketCreated> = {}) =>
  created({ requesterEmail: 'dana@customer.example', channel: 'email', sourceEmail: { ...sourceEmail, ...source }, ...data });

function plan(envelope: Envelope, automations: Automation[] = [a02], planOptions = options, stored?: TicketFacts, catalogue: Catalogue = buildCatalogue(1, automations, templates)) {
  const event = ticketEventOf(envelope);
  const ticket = factsAfter(stored, event);
  return planEmails(event, ticket, triggeredBy(event, catalogue), catalogue, {}, planOptions);
}

describe('A02, the thanks for a new ticket (what the fixed acknowledgement did)', () => {
  it('goes to the requester of a ticket opened in the portal or by an agent: auto-generated, threaded from the ticket, [Ticket #N] prefixed', () => {
    const { emails: [email, ...more], runs } = plan(created());
    expect(more).toEqual([]);
    expect(email).toMatchObject({
      kind: 'automation:A02',
      toAddress: 'dana@customer.example',
      subject: '[Ticket #1001] Printer on floor 3 is offline',
      autoSubmitted: 'auto-generated',
      threadFromTicket: true,
      throttled: false,
      ticketId: ticketCreatedV1.example.ticketId,
      source: 'automation',
      templateKey: 'thanks',
      automationCode: 'A02',
      notSentReason: null,
    });
    expect(email!.textBody).toContain('opened ticket #1001');
    expect(email!.htmlBody).toContain('https://help.example/portal/tickets/');
    expect(runs).toEqual([expect.objectContaining({ outcome: 'sent', emailIds: [email!.id], detail: expect.objectContaining({ conditions: [expect.objectContaining({ field: 'email_automatic', actual: false, passed: true })] }) })]);
  });

  it('answers a ticket opened by an email in its thread: auto-replied (throttled), In-Reply-To, References with its Message-ID last, Reply-To its mailbox', () => {
    const [email] = plan(fromEmail()).emails;
    expect(email).toMatchObject({
      autoSubmitted: 'auto-replied',
      throttled: true,
      threadFromTicket: false,
      threading: { inReplyTo: '<q@customer.example>', references: ['<p@customer.example>', '<q@customer.example>'], replyTo: 'support@acme.example' },
    });
  });

  it('has no In-Reply-To when the email had no Message-ID, and keeps its References', () => {
    expect(plan(fromEmail({ messageId: null })).emails[0]!.threading).toEqual({ inReplyTo: null, references: ['<p@customer.example>'], replyTo: 'support@acme.example' });
  });

  it('is not sent to a requester longer than SMTP can carry; up to 254 characters it is', () => {
    const at254 = `${'a'.repeat(64)}@${'b'.repeat(181)}.example`;
    expect(at254).toHaveLength(254);
    expect(plan(fromEmail({}, { requesterEmail: at254 })).emails).toHaveLength(1);
    const tooLong = plan(fromEmail({}, { requesterEmail: `x${at254}` }));
    expect(tooLong.emails).toEqual([]);
    expect(tooLong.runs[0]).toMatchObject({ outcome: 'not_sent', detail: { notSent: [{ kind: 'requester', reason: 'address_undeliverable' }] } });
  });

  it('never answers an automatic email: its condition is false, and without the condition the run says source_automatic', () => {
    expect(plan(fromEmail({ automatic: true })).runs[0]).toMatchObject({ outcome: 'conditions_false', emailIds: [] });
    const careless = plan(fromEmail({ automatic: true }), [automation('A09', {})]);
    expect(careless.emails).toEqual([]);
    expect(careless.runs[0]).toMatchObject({ outcome: 'not_sent', detail: { notSent: [{ reason: 'source_automatic' }] } });
  });

  it('leaves the portal sentence out while the portal is off; a template that shows a portal link anyway is logged portal_disabled', () => {
    const off = { ...options, portal: { ...options.portal, enabled: false } };
    const [guarded] = plan(created(), [a02], off).emails;
    expect(guarded).toMatchObject({ notSentReason: null });
    expect(guarded!.htmlBody).not.toContain('help.example/portal');
    const linking = automation('A05', { actions: [{ type: 'send_email', templateId: unguarded.id, to: [{ kind: 'requester' }] }] });
    const withheld = plan(created(), [linking], off);
    expect(withheld.emails[0]).toMatchObject({ notSentReason: 'portal_disabled' });
    expect(withheld.runs[0]).toMatchObject({ outcome: 'not_sent', detail: { notSent: [{ reason: 'portal_disabled', to: 'dana@customer.example' }] } });
  });

  it('logs a recipient only the projections know (account owner, assignee) as recipient_unavailable, and sends the rest once per address', () => {
    const a01 = automation('A01', { actions: [{ type: 'send_email', templateId: thanks.id, to: [{ kind: 'account_owner' }, { kind: 'requester' }, { kind: 'contact' }, { kind: 'assignee' }] }] });
    const { emails, runs } = plan(created({ assigneeId: randomUUID() }), [a01]);
    expect(emails.map((email) => email.toAddress)).toEqual(['dana@customer.example']);
    expect(runs[0]!.detail.recipients).toEqual([
      { kind: 'account_owner', reason: 'recipient_unavailable' },
      { kind: 'requester', address: 'dana@customer.example', name: undefined },
      { kind: 'assignee', reason: 'recipient_unavailable' },
    ]);
  });

  it('keeps disabled automations and those of other events out', () => {
    const catalogue = buildCatalogue(1, [{ ...a02, enabled: false }, automation('A04', { trigger: 'ticket.status_changed' })], templates);
    expect(triggeredBy(ticketEventOf(created()), catalogue)).toEqual([]);
  });
});

describe('notes and status changes', () => {
  const stored: TicketFacts = { ...factsAfter(undefined, ticketEventOf(created({ status: 'open' }))), replyMailbox: 'help@acme.example' };
  const noteEvent = (data: Record<string, unknown>, base: Record<string, unknown> = ticketNoteAddedV1.example) =>
    createEvent(ticketNoteAddedV1, { id: stored.ticketId, version: 3 }, { ...base, ticketId: stored.ticketId, ...data } as never, { producer: 'tickets', correlationId: 'c' }) as Envelope;
  const a03 = automation('A03', {
    trigger: 'ticket.public_note_added',
    conditions: [{ field: 'actor_kind', op: 'in', values: ['staff'] }],
    actions: [{ type: 'send_email', templateId: note.id, to: [{ kind: 'requester' }], personal: true }],
  });

  it("emails an agent's public note as the agent's words (no Auto-Submitted), on the ticket as stored (an older event has no snapshot)", () => {
    const { emails, runs } = plan(noteEvent({ actor: { kind: 'staff', id: randomUUID() }, actorName: 'Alex Agent', body: 'Restarted it.' }), [a03], options, stored);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ autoSubmitted: null, throttled: false, subject: '[Ticket #1001] Printer on floor 3 is offline', threading: { replyTo: 'help@acme.example' } });
    expect(emails[0]!.htmlBody).toBe('<p>Restarted it.</p><p>Alex Agent</p>');
    expect(runs[0]!.outcome).toBe('sent');
  });

  it("does not fire on an internal note, and a customer's note fails the actor condition", () => {
    const { body: _body, ...internal } = ticketNoteAddedV1.example;
    expect(plan(noteEvent({ visibility: 'internal', actor: { kind: 'staff', id: randomUUID() } }, internal), [a03], options, stored).runs).toEqual([]);
    expect(plan(noteEvent({}), [a03], options, stored).runs[0]).toMatchObject({ outcome: 'conditions_false', detail: { conditions: [{ actual: 'contact', passed: false }] } });
  });

  it("treats a personal action on a customer's note as what it is, an automatic answer: auto-replied and throttled, none to an automatic email", () => {
    const anyone = { ...a03, conditions: [] };
    const sourceEmail = { emailId: randomUUID(), emailAccountId: randomUUID(), mailbox: 'help@acme.example', from: 'dana@customer.example', messageId: '<r@customer.example>', references: [], automatic: false };
    const byEmail = plan(noteEvent({ actor: { kind: 'contact', id: randomUUID() }, sourceEmail }), [anyone], options, stored);
    expect(byEmail.emails[0]).toMatchObject({ autoSubmitted: 'auto-replied', throttled: true });
    const byAutoResponder = plan(noteEvent({ actor: { kind: 'contact', id: randomUUID() }, sourceEmail: { ...sourceEmail, automatic: true } }), [anyone], options, stored);
    expect(byAutoResponder.emails).toEqual([]);
    expect(byAutoResponder.runs[0]!.detail.notSent).toEqual([expect.objectContaining({ reason: 'source_automatic' })]);
  });

  it('tests status_from / status_to, with none for what is not set', () => {
    const a04 = automation('A04', {
      trigger: 'ticket.status_changed',
      conditions: [{ field: 'status_to', op: 'in', values: ['resolved', 'closed'] }, { field: 'team', op: 'in', values: ['none'] }],
      actions: [{ type: 'send_email', templateId: change.id, to: [{ kind: 'requester' }] }],
    });
    const status = (to: string) =>
      createEvent(ticketStatusChangedV1, { id: stored.ticketId, version: 4 }, { ...ticketStatusChangedV1.example, ticketId: stored.ticketId, from: 'open', to } as never, { producer: 'tickets', correlationId: 'c' }) as Envelope;
    const resolved = plan(status('resolved'), [a04], options, stored);
    expect(resolved.emails[0]).toMatchObject({ subject: '[Ticket #1001] now resolved', autoSubmitted: 'auto-generated' });
    expect(plan(status('pending'), [a04], options, stored).runs[0]).toMatchObject({ outcome: 'conditions_false' });
  });

  it('merges the facts of a group into one patch per ticket, newest last, with the Message-IDs that joined its thread', () => {
    const first = ticketEventOf(fromEmail());
    const later = ticketEventOf(noteEvent({ visibility: 'public', body: 'hello', actor: { kind: 'staff', id: randomUUID() } }));
    const [patch, ...more] = ticketPatches([later, first], [{ ...plan(fromEmail()).emails[0]!, causedByEvent: first.id }]);
    expect(more).toEqual([]);
    expect(patch).toMatchObject({ version: 3, eventIds: [first.id, later.id], known: { status: 'new', last_public_note: 'hello', requester_email: 'dana@customer.example' } });
    expect(patch!.threadIds).toEqual(['<q@customer.example>', expect.stringMatching(/@helpdesk\.example>$/)]);
  });
});

describe('saving an automation', () => {
  const known = new Map([[thanks.id, { key: 'thanks', context: 'ticket' }], [note.id, { key: 'note', context: 'ticket_note' }]]);
  const valid: AutomationDefinition = { name: 'x', trigger: 'ticket.created', conditions: [], actions: [{ type: 'send_email', templateId: thanks.id, to: [{ kind: 'requester' }] }], enabled: true };

  it('accepts what the trigger offers', () => {
    expect(automationProblems(valid, known)).toEqual([]);
    expect(automationProblems({ ...valid, trigger: 'ticket.public_note_added', actions: [{ type: 'send_email', templateId: note.id, to: [{ kind: 'requester' }], personal: true }] }, known)).toEqual([]);
  });

  it('refuses, with a pointer, what the trigger does not offer', () => {
    const pointers = (definition: Partial<AutomationDefinition>) => automationProblems({ ...valid, ...definition }, known).map((problem) => problem.pointer);
    expect(pointers({ trigger: 'ticket.exploded' })).toEqual(['/trigger']);
    expect(pointers({ conditions: [{ field: 'status_to', op: 'in', values: ['open'] }] })).toEqual(['/conditions/0/field']);
    expect(pointers({ conditions: [{ field: 'channel', op: 'is_true' }] })).toEqual(['/conditions/0/op']);
    expect(pointers({ conditions: [{ field: 'channel', op: 'in', values: ['fax'] }] })).toEqual(['/conditions/0/values/0']);
    expect(pointers({ conditions: [{ field: 'team', op: 'in', values: ['not-an-id'] }] })).toEqual(['/conditions/0/values/0']);
    expect(pointers({ actions: [{ type: 'send_email', templateId: randomUUID(), to: [{ kind: 'requester' }] }] })).toEqual(['/actions/0/templateId']);
    expect(pointers({ actions: [{ type: 'send_email', templateId: note.id, to: [{ kind: 'requester' }] }] })).toEqual(['/actions/0/templateId']);
    expect(pointers({ actions: [{ type: 'send_email', templateId: thanks.id, to: [{ kind: 'notification_group' }] }] })).toEqual(['/actions/0/to/0/groupId']);
    expect(pointers({ actions: [{ type: 'send_email', templateId: thanks.id, to: [{ kind: 'requester' }], personal: true }] })).toEqual(['/actions/0/personal']);
  });
});

describe('threadingOf', () => {
  it('does not name the answered Message-ID twice when its References already end with it', () => {
    expect(threadingOf({ channel: 'email', sourceEmail: { ...sourceEmail, references: ['<p@customer.example>', '<q@customer.example>'] } })!.references).toEqual(['<p@customer.example>', '<q@customer.example>']);
  });

  it('threads nothing that did not come by email', () => {
    expect(threadingOf({ channel: 'portal' })).toBeUndefined();
    expect(threadingOf({ channel: 'email' })).toBeUndefined();
  });
});
