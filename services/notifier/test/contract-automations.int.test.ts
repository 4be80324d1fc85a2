import { randomUUID } from 'node:crypto';
import {
  contactAddedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  contractLimitPassedV1,
  contractThresholdReachedV1,
  contractTicketClosedV1,
  customerAppUpdatedV1,
  customerCreatedV1,
  notificationGroupCreatedV1,
  notificationGroupDeletedV1,
  staffUserCreatedV1,
  staffUserUpdatedV1,
  type EventData,
} from '@helpdesk/contracts-schema';
import { waitFor, type ReceivedMail } from '@helpdesk/testing';
import { administrator, startNotifierWithSmtp, type NotifierWithSmtp } from './support/notifier';

type Contract = EventData<typeof contractThresholdReachedV1>['contract'];

const seeded = { A05: 'a0000000-0000-4000-8000-000000000005', A06: 'a0000000-0000-4000-8000-000000000006', A07: 'a0000000-0000-4000-8000-000000000007' };
const portalUrl = 'https://portal.helpdesk.test';

/**
 * Issue 13 §4-6 in the notifier: the contract events (threshold reached, limit passed, ticket closed)
 * through the seeded automations A05-A07 and their templates, to the people the contract names, resolved
 * through the projections; a person who left gets a not-sent row. Real PostgreSQL, RabbitMQ and an SMTP
 * server; the contracts, customers and gateway services are stood in for by a publisher.
 */
describe('contract emails through automations', () => {
  let n: NotifierWithSmtp;
  const admin = administrator();
  const customerId = randomUUID();
  const groupId = randomUUID();
  let number = 4000;

  beforeAll(async () => {
    n = await startNotifierWithSmtp({ env: { HELPDESK_NAME: 'Acme Support' } });
    await n.publisher.publish(customerCreatedV1, { id: customerId, version: 1 }, { customerId, name: 'Acme Logistics', portalTicketVisibility: 'own', groupId });
    await projected('SELECT 1 FROM notifier_customers WHERE id = $1', [customerId]);
  });
  afterAll(() => n?.stop());

  const projected = (sql: string, values: unknown[]) => waitFor(async () => (await n.query(sql, values)).length > 0, { what: 'the projection' });
  const handled = (eventId: string) =>
    waitFor(async () => (await n.query(`SELECT 1 FROM processed_events WHERE consumer = 'notifier' AND event_id = $1`, [eventId])).length === 1, { what: 'the event to be handled' });
  const rowsOf = (eventId: string) =>
    n.query<{ to_address: string; kind: string; not_sent_reason: string | null; ticket_id: string | null; template_key: string }>(
      `SELECT to_address, kind, not_sent_reason, ticket_id, template_key FROM outgoing_emails WHERE caused_by_event = $1 ORDER BY to_address`,
      [eventId],
    );
  const runsOf = (eventId: string) => n.query<{ code: string; outcome: string; detail: any }>(`SELECT automation_code AS code, outcome, detail FROM automation_runs WHERE event_id = $1 ORDER BY automation_code`, [eventId]);
  const mailTo = (address: string, matching: (mail: ReceivedMail) => boolean = () => true) => n.smtp.waitForMail((mail) => mail.to.includes(address) && matching(mail));
  const mailsTo = (address: string) => n.smtp.received.filter((mail) => mail.to.includes(address));

  /** A customer contact and two staff users (support contact, support manager), each with an address of its own. */
  async function people(label: string) {
    const contact = { contactId: randomUUID(), customerId, firstName: 'Maria', lastName: `Contact-${label}`, email: `contact-${label}@acme.example` };
    const support = { ...staffUserCreatedV1.example, userId: randomUUID(), email: `support-${label}@helpdesk.example`, name: `Sam Support-${label}`, role: 'agent' as const };
    const manager = { ...staffUserCreatedV1.example, userId: randomUUID(), email: `manager-${label}@helpdesk.example`, name: `Mia Manager-${label}`, role: 'agent' as const };
    await n.publisher.publish(contactAddedV1, { id: contact.contactId, version: 1 }, contact);
    await n.publisher.publish(staffUserCreatedV1, { id: support.userId, version: 1 }, support);
    await n.publisher.publish(staffUserCreatedV1, { id: manager.userId, version: 1 }, manager);
    await projected('SELECT 1 FROM notifier_contacts WHERE id = $1', [contact.contactId]);
    await projected('SELECT 1 FROM notifier_staff_users WHERE id = ANY($1::uuid[]) HAVING count(*) = 2', [[support.userId, manager.userId]]);
    return { contact, support, manager };
  }
  type People = Awaited<ReturnType<typeof people>>;

  const contractOf = ({ contact, support, manager }: People, extra: Partial<Contract> = {}): Contract => ({
    ...contractThresholdReachedV1.example.contract,
    contractId: randomUUID(),
    customerId,
    description: 'Support 2027',
    purchaseOrderNumber: 'PO-77',
    customerContactId: contact.contactId,
    supportContactId: support.userId,
    supportManagerId: manager.userId,
    contractHours: 40,
    thresholdHours: 35,
    usedMinutes: 2100,
    ...extra,
  });
  const ticketRef = () => ({ ticketId: randomUUID(), number: ++number, subject: 'Printer on floor 3 is offline' });
  const thresholdReached = (contract: Contract, version = 5) =>
    n.publisher.publish(contractThresholdReachedV1, { id: contract.contractId, version }, { contract, ticket: ticketRef(), entryId: randomUUID() });

  it('warns the customer contact, support contact and support manager once each when the threshold is reached (A05), and a redelivery sends nothing again', async () => {
    const p = await people('threshold');
    const event = await thresholdReached(contractOf(p));
    const addresses = [p.contact.email, p.support.email, p.manager.email];
    const mails = await Promise.all(addresses.map((address) => mailTo(address)));
    for (const mail of mails) {
      expect(mail.parsed.subject).toBe('Support 2027: 35 of 40 hours used');
      expect(mail.parsed.text).toContain('has reached its notification threshold of 35 hours');
      expect(mail.parsed.text).toContain('Used: 35 of 40 hours. Remaining: 5 hours.');
      expect(mail.parsed.text).toContain('(purchase order PO-77) of Acme Logistics');
      expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    }
    expect(mails[0]!.parsed.text).toContain('Hello Maria Contact-threshold,');
    expect(mails[1]!.parsed.text).toContain('Hello Sam Support-threshold,');
    expect(mails[2]!.parsed.html).toContain('Hello Mia Manager-threshold,');
    await handled(event.id);
    expect(await runsOf(event.id)).toEqual([{ code: 'A05', outcome: 'sent', detail: expect.objectContaining({ notSent: [] }) }]);
    // The run log shows it as for a ticket trigger: the event, its ticket, the emails it wrote.
    const log = await n.call('GET', `/api/automations/${seeded.A05}/runs`, { as: admin });
    const run = log.body.items.find((item: { eventId: string }) => item.eventId === event.id);
    expect(run).toMatchObject({ eventType: 'contract.threshold_reached', ticketId: event.data.ticket.ticketId, outcome: 'sent' });
    expect(run.emails.map((email: { to: string }) => email.to).sort()).toEqual([...addresses].sort());

    // The same event again (a redelivery): applied once, so no second email to anyone.
    await n.publisher.republish(event);
    const later = await thresholdReached(contractOf(await people('after-redelivery')));
    await handled(later.id);
    await mailTo('manager-after-redelivery@helpdesk.example');
    expect(addresses.map((address) => mailsTo(address).length)).toEqual([1, 1, 1]);
    expect((await rowsOf(event.id)).map((row) => [row.to_address, row.kind, row.not_sent_reason])).toEqual(
      addresses.sort().map((address) => [address, 'automation:A05', null]),
    );
  });

  it('tells the same people when the limit is passed with confirmation (A06), with the overage; a contract without a support manager has no such recipient', async () => {
    const p = await people('limit');
    const contract = contractOf(p, { supportManagerId: null, usedMinutes: 2490 });
    const event = await n.publisher.publish(contractLimitPassedV1, { id: contract.contractId, version: 7 }, {
      contract,
      ticket: ticketRef(),
      entryId: randomUUID(),
      overageMinutes: 90,
      confirmedBy: p.support.userId,
    });
    const mail = await mailTo(p.contact.email);
    expect(mail.parsed.subject).toBe('Support 2027: contract hours exceeded by 1.5 hours');
    expect(mail.parsed.text).toContain('past its 40 hours, with the agent');
    expect(mail.parsed.text).toContain('Used: 41.5 hours, 1.5 hours beyond the contract.');
    await mailTo(p.support.email);
    await handled(event.id);
    expect((await rowsOf(event.id)).map((row) => row.to_address)).toEqual([p.contact.email, p.support.email].sort());
    expect(mailsTo(p.manager.email)).toEqual([]);
  });

  /** The ticket as the notifier's projection knows it: its contact, the mailbox replies go to, and the thread so far. */
  const projectTicket = (ticket: ReturnType<typeof ticketRef>, contactId: string) =>
    n.query(
      `INSERT INTO notifier_tickets (id, number, subject, customer_id, contact_id, reply_mailbox, thread_ids, last_message_id, version)
       VALUES ($1, $2, $3, $4, $5, 'support@helpdesk.example', ARRAY['<root-${ticket.number}@helpdesk.example>'], '<root-${ticket.number}@helpdesk.example>', 3)`,
      [ticket.ticketId, ticket.number, ticket.subject, customerId, contactId],
    );
  const closedUpdate = (contract: Contract, ticket: ReturnType<typeof ticketRef>) =>
    n.publisher.publish(contractTicketClosedV1, { id: contract.contractId, version: 9 }, { contract, ticket, ticketMinutes: 150, remainingMinutes: 1800, closedAt: new Date().toISOString() });

  it("sends the contract update to the customer contact only when a contract's ticket is closed (A07), in the ticket's thread, with the ticket's hours", async () => {
    const p = await people('update');
    const contract = contractOf(p, { usedMinutes: 600 });
    const ticket = ticketRef();
    await projectTicket(ticket, p.contact.contactId);
    const event = await n.publisher.publish(contractTicketClosedV1, { id: contract.contractId, version: 9 }, {
      contract,
      ticket,
      ticketMinutes: 150,
      remainingMinutes: 1800,
      closedAt: new Date().toISOString(),
    });
    const mail = await mailTo(p.contact.email);
    expect(mail.parsed.subject).toBe(`[Ticket #${ticket.number}] Contract update: Support 2027`);
    expect(mail.parsed.text).toContain(`ticket #${ticket.number} (Printer on floor 3 is offline) was closed`);
    expect(mail.parsed.text).toContain('Hours on this ticket: 2.5');
    expect(mail.parsed.text).toContain('Hours used on the contract: 10 of 40');
    expect(mail.parsed.text).toContain('Hours remaining: 30');
    expect(mail.parsed.html).toContain(`${portalUrl}/tickets/${ticket.ticketId}`);
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    // In the ticket's thread: a reply goes to the ticket's mailbox and lands on the ticket.
    expect(mail.parsed.inReplyTo).toBe(`<root-${ticket.number}@helpdesk.example>`);
    expect(mail.parsed.replyTo?.value[0]?.address).toBe('support@helpdesk.example');
    await handled(event.id);
    expect(await rowsOf(event.id)).toEqual([{ to_address: p.contact.email, kind: 'automation:A07', not_sent_reason: null, ticket_id: ticket.ticketId, template_key: 'a07-contract-update' }]);
    // Its Message-ID joins the thread, so the ticket's later emails name it in References.
    const [thread] = await n.query<{ thread_ids: string[]; last_message_id: string }>('SELECT thread_ids, last_message_id FROM notifier_tickets WHERE id = $1', [ticket.ticketId]);
    expect(thread).toEqual({ thread_ids: [`<root-${ticket.number}@helpdesk.example>`, mail.parsed.messageId], last_message_id: mail.parsed.messageId });
    expect(mailsTo(p.support.email)).toEqual([]);
  });

  it("sends the contract update about another contact's ticket (portal visibility own) outside its thread: no ticket tag, thread headers, Reply-To or portal link", async () => {
    const p = await people('update-other');
    const contract = contractOf(p, { usedMinutes: 600 });
    const ticket = ticketRef();
    await projectTicket(ticket, randomUUID());
    const event = await closedUpdate(contract, ticket);
    const mail = await mailTo(p.contact.email);
    expect(mail.parsed.subject).toBe('Contract update: Support 2027');
    // It still names the ticket: the contract's hours went on it.
    expect(mail.parsed.text).toContain(`ticket #${ticket.number} (Printer on floor 3 is offline) was closed`);
    expect(`${mail.parsed.text}${mail.parsed.html}`).not.toContain(ticket.ticketId);
    expect(mail.parsed.inReplyTo).toBeUndefined();
    expect(mail.parsed.references).toBeUndefined();
    expect(mail.parsed.replyTo?.value[0]?.address).not.toBe('support@helpdesk.example');
    await handled(event.id);
    expect(await rowsOf(event.id)).toEqual([{ to_address: p.contact.email, kind: 'automation:A07', not_sent_reason: null, ticket_id: null, template_key: 'a07-contract-update' }]);
  });

  it('logs a not-sent row with the reason for a customer contact deactivated or moved, and an inactive staff user; the others still get theirs', async () => {
    const deactivated = await people('deactivated');
    await n.publisher.publish(contactDeactivatedV1, { id: deactivated.contact.contactId, version: 2 }, { contactId: deactivated.contact.contactId, customerId });
    await n.publisher.publish(staffUserUpdatedV1, { id: deactivated.manager.userId, version: 2 }, { ...deactivated.manager, active: false });
    await projected('SELECT 1 FROM notifier_contacts WHERE id = $1 AND NOT active', [deactivated.contact.contactId]);
    await projected('SELECT 1 FROM notifier_staff_users WHERE id = $1 AND NOT active', [deactivated.manager.userId]);
    const first = await thresholdReached(contractOf(deactivated));
    await mailTo(deactivated.support.email);
    await handled(first.id);
    expect((await rowsOf(first.id)).map((row) => [row.to_address, row.not_sent_reason])).toEqual(
      [
        [deactivated.contact.email, 'recipient_deactivated'],
        [deactivated.manager.email, 'recipient_deactivated'],
        [deactivated.support.email, null],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(await runsOf(first.id)).toEqual([
      {
        code: 'A05',
        outcome: 'sent',
        detail: expect.objectContaining({
          notSent: expect.arrayContaining([
            expect.objectContaining({ kind: 'contract_customer_contact', reason: 'recipient_deactivated' }),
            expect.objectContaining({ kind: 'contract_support_manager', reason: 'recipient_deactivated' }),
          ]),
        }),
      },
    ]);

    const moved = await people('moved');
    await n.publisher.publish(contactCustomerChangedV1, { id: moved.contact.contactId, version: 2 }, { contactId: moved.contact.contactId, fromCustomerId: customerId, toCustomerId: randomUUID() });
    await projected('SELECT 1 FROM notifier_contacts WHERE id = $1 AND customer_id <> $2', [moved.contact.contactId, customerId]);
    const second = await thresholdReached(contractOf(moved));
    await mailTo(moved.manager.email);
    await handled(second.id);
    expect((await rowsOf(second.id)).find((row) => row.to_address === moved.contact.email)).toMatchObject({ not_sent_reason: 'contact_moved' });
    // Not-sent rows are never sent: the log shows them, the SMTP server never saw them.
    await n.smtp.waitForMail(() => mailsTo(moved.support.email).length === 1);
    expect([...mailsTo(deactivated.contact.email), ...mailsTo(deactivated.manager.email), ...mailsTo(moved.contact.email)]).toEqual([]);
    const log = await n.call('GET', `/api/emails/log?recipient=${encodeURIComponent(moved.contact.email)}`, { as: admin });
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([expect.objectContaining({ to: moved.contact.email, result: 'not_sent', reason: 'contact_moved', automation: { id: seeded.A05, code: 'A05' } })]);
  });

  it("emails the members of the customer's notification groups that take contract.threshold_reached, once each, beside A05, skipping those A05 warns", async () => {
    const p = await people('group');
    const budget = { ...staffUserCreatedV1.example, userId: randomUUID(), email: 'budget-group@helpdesk.example', name: 'Bo Budget', role: 'agent' as const };
    await n.publisher.publish(staffUserCreatedV1, { id: budget.userId, version: 1 }, budget);
    await projected('SELECT 1 FROM notifier_staff_users WHERE id = $1', [budget.userId]);
    const notificationGroupId = randomUUID();
    await n.publisher.publish(notificationGroupCreatedV1, { id: notificationGroupId, version: 1 }, {
      notificationGroupId,
      customerId,
      name: 'Budget holders',
      description: null,
      notifyOn: ['contract.threshold_reached'],
      // The manager already gets A05's warning for the crossing: the group's copy goes only to the one A05 does not warn.
      members: [{ kind: 'staff', id: p.manager.userId }, { kind: 'staff', id: budget.userId }],
    });
    await projected('SELECT 1 FROM notifier_notification_groups WHERE id = $1', [notificationGroupId]);
    // The catalogue learns the customer has groups (the applied event counts the settings version up).
    const event = await waitFor(async () => {
      const attempt = await thresholdReached(contractOf(p));
      await handled(attempt.id);
      return (await rowsOf(attempt.id)).some((row) => row.kind === `group:${notificationGroupId}`) && attempt;
    }, { what: "the group's email" });
    const group = (await rowsOf(event.id)).filter((row) => row.kind === `group:${notificationGroupId}`);
    expect(group).toEqual([{ to_address: budget.email, kind: `group:${notificationGroupId}`, not_sent_reason: null, ticket_id: null, template_key: 'group-contract-threshold' }]);
    // One warning per address for the crossing: the manager's is A05's.
    expect((await rowsOf(event.id)).filter((row) => row.to_address === p.manager.email).map((row) => row.kind)).toEqual(['automation:A05']);
    const mail = await mailTo(budget.email, (m) => m.parsed.text!.includes('notification group'));
    expect(mail.parsed.text).toContain('has reached its notification threshold of 35 hours: 35 of 40 hours used, 5 remaining.');
    expect(mail.parsed.text).toContain('You receive this because you are in a notification group of Acme Logistics.');

    await n.publisher.publish(notificationGroupDeletedV1, { id: notificationGroupId, version: 2 }, { notificationGroupId, customerId });
    await projected('SELECT 1 FROM notifier_notification_groups WHERE id = $1 AND deleted', [notificationGroupId]);
  });

  it('sends nothing for an event whose automation (A05, A06, A07) is switched off', async () => {
    const p = await people('off');
    const switchTo = async (id: string, enabled: boolean) => {
      const current = await n.call('GET', `/api/automations/${id}`, { as: admin });
      expect((await n.call('PATCH', `/api/automations/${id}`, { as: admin, body: { enabled, version: current.body.version } })).status).toBe(200);
    };
    for (const id of Object.values(seeded)) await switchTo(id, false);
    try {
      const contract = contractOf(p);
      const events = [
        await thresholdReached(contract),
        await n.publisher.publish(contractLimitPassedV1, { id: contract.contractId, version: 6 }, { contract: { ...contract, usedMinutes: 2460 }, ticket: ticketRef(), entryId: randomUUID(), overageMinutes: 60, confirmedBy: p.support.userId }),
        await n.publisher.publish(contractTicketClosedV1, { id: contract.contractId, version: 7 }, { contract, ticket: ticketRef(), ticketMinutes: 60, remainingMinutes: 0, closedAt: new Date().toISOString() }),
      ];
      for (const event of events) {
        await handled(event.id);
        expect(await rowsOf(event.id)).toEqual([]);
        expect(await runsOf(event.id)).toEqual([]);
      }
    } finally {
      for (const id of Object.values(seeded)) await switchTo(id, true);
    }
    expect([...mailsTo(p.contact.email), ...mailsTo(p.support.email), ...mailsTo(p.manager.email)]).toEqual([]);
  });

  it('in email-only mode (the portal app disabled) the contract emails still go, without a portal link', async () => {
    const appId = randomUUID();
    await n.publisher.publish(customerAppUpdatedV1, { id: appId, version: 2 }, { appId, kind: 'portal', name: 'Customer portal', enabled: false });
    await projected('SELECT 1 FROM notifier_customer_apps WHERE id = $1 AND NOT enabled', [appId]);
    try {
      const p = await people('email-only');
      const contract = contractOf(p);
      await thresholdReached(contract);
      const warning = await mailTo(p.contact.email);
      const ticket = ticketRef();
      await projectTicket(ticket, p.contact.contactId);
      await n.publisher.publish(contractTicketClosedV1, { id: contract.contractId, version: 8 }, { contract, ticket, ticketMinutes: 30, remainingMinutes: 300, closedAt: new Date().toISOString() });
      const update = await mailTo(p.contact.email, (mail) => mail.parsed.subject!.startsWith(`[Ticket #${ticket.number}]`));
      for (const mail of [warning, update]) {
        expect(`${mail.parsed.text}${mail.parsed.html}`).not.toContain(portalUrl);
        expect(mail.parsed.text).not.toContain('portal');
      }
      expect(update.parsed.text).toContain('Hours on this ticket: 0.5');
    } finally {
      await n.publisher.publish(customerAppUpdatedV1, { id: appId, version: 3 }, { appId, kind: 'portal', name: 'Customer portal', enabled: true });
      await projected('SELECT 1 FROM notifier_customer_apps WHERE id = $1 AND enabled', [appId]);
    }
  });

  it('refuses at save a contract template with an unknown placeholder, and an automation that offers a contract trigger what it has not', async () => {
    const triggers = (await n.call('GET', '/api/automations/triggers', { as: admin })).body.items;
    expect(triggers.find((trigger: { trigger: string }) => trigger.trigger === 'contract.limit_passed')).toEqual({
      trigger: 'contract.limit_passed',
      label: expect.any(String),
      about: 'contract',
      event: 'contract.limit_passed',
      conditionFields: [{ field: 'customer', values: null }, { field: 'customer_group', values: null }],
      recipients: ['contract_customer_contact', 'contract_support_contact', 'contract_support_manager', 'account_owner', 'notification_group'],
      contexts: ['contract'],
      personal: false,
    });
    const unknown = await n.call('POST', '/api/emails/templates', {
      as: admin,
      body: { key: 'contract-unknown', name: 'Unknown', context: 'contract', subject: '{{ contract.description }}', html: '<p>{{ contract.hours_left }}</p>\n<p>{{ ticket.status }}</p>', text: null },
    });
    expect(unknown).toMatchObject({
      status: 400,
      body: { errors: [{ pointer: '/html', line: 1, kind: 'unknown_placeholder' }, { pointer: '/html', line: 2, kind: 'unknown_placeholder' }] },
    });
    const a05 = (await n.call('GET', `/api/automations/${seeded.A05}`, { as: admin })).body;
    const refused = await n.call('PATCH', `/api/automations/${seeded.A05}`, {
      as: admin,
      body: { version: a05.version, conditions: [{ field: 'priority', op: 'in', values: ['high'] }], actions: [{ ...a05.actions[0], to: [{ kind: 'requester' }] }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/conditions/0/field', '/actions/0/to/0/kind']);
    const thankYou = (await n.query<{ id: string }>(`SELECT id FROM email_templates WHERE key = 'a02-thank-you'`))[0]!.id;
    const wrongTemplate = await n.call('PATCH', `/api/automations/${seeded.A05}`, { as: admin, body: { version: a05.version, actions: [{ ...a05.actions[0], templateId: thankYou }] } });
    expect(wrongTemplate).toMatchObject({ status: 400, body: { errors: [{ pointer: '/actions/0/templateId' }] } });
  });

  it('filters on the customer group, and dry-runs a contract trigger on the newest such event received', async () => {
    const p = await people('dry-run');
    const contract = contractOf(p, { usedMinutes: 2130 });
    const event = await thresholdReached(contract, 11);
    await handled(event.id);

    const samples = await n.call('GET', '/api/automations/sample-contract-events?trigger=contract.threshold_reached', { as: admin });
    expect(samples.status).toBe(200);
    expect(samples.body.items[0]).toEqual({
      eventId: event.id,
      type: 'contract.threshold_reached',
      contractId: contract.contractId,
      description: 'Support 2027',
      customerId,
      ticketNumber: event.data.ticket.number,
      occurredAt: event.occurredAt,
    });
    expect(await n.call('GET', '/api/automations/sample-contract-events?trigger=ticket.created', { as: admin })).toMatchObject({ status: 400, body: { errors: [{ pointer: '/trigger' }] } });

    const dry = await n.call('POST', `/api/automations/${seeded.A05}/dry-run`, { as: admin, body: { contractId: contract.contractId } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ contractEvent: { id: event.id, type: 'contract.threshold_reached', contractId: contract.contractId }, conditionsPassed: true });
    expect(dry.body.emails.map((email: { to: string }) => email.to).sort()).toEqual([p.contact.email, p.support.email, p.manager.email].sort());
    expect(dry.body.emails[0]).toMatchObject({ subject: 'Support 2027: 35.5 of 40 hours used', headers: { 'Auto-Submitted': 'auto-generated' }, notSentReason: null });

    const a07 = (await n.call('GET', `/api/automations/${seeded.A07}`, { as: admin })).body;
    const inGroup = await n.call('POST', '/api/automations/dry-run', {
      as: admin,
      body: { contractId: contract.contractId, automation: { name: 'Group only', trigger: 'contract.threshold_reached', conditions: [{ field: 'customer_group', op: 'in', values: [groupId] }], actions: a07.actions } },
    });
    expect(inGroup).toMatchObject({ status: 200, body: { conditionsPassed: true, conditions: [{ field: 'customer_group', actual: groupId, passed: true }] } });
    expect(inGroup.body.emails.map((email: { to: string }) => email.to)).toEqual([p.contact.email]);
    const otherGroup = await n.call('POST', '/api/automations/dry-run', {
      as: admin,
      body: { contractId: contract.contractId, automation: { name: 'Other group', trigger: 'contract.threshold_reached', conditions: [{ field: 'customer_group', op: 'in', values: [randomUUID()] }], actions: a07.actions } },
    });
    expect(otherGroup).toMatchObject({ status: 200, body: { conditionsPassed: false, emails: [] } });

    // No such event of that contract yet: nothing to try it on.
    const none = await n.call('POST', `/api/automations/${seeded.A06}/dry-run`, { as: admin, body: { contractId: contract.contractId } });
    expect(none).toMatchObject({ status: 404, body: { detail: expect.stringContaining('contract.limit_passed') } });
  });
});
