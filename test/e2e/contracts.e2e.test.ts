import { waitFor } from '@helpdesk/testing';
import { contractActions, dayFromToday, expectFieldRule, saysRemaining, type Agent, type Person, type TimeEntry } from './support/contracts';
import { startSystem, type System } from './support/system';

/**
 * Issue 13 through the gateway with a real SMTP server (docs/contracts.md): every field rule of a
 * contract, the threshold warning and the limit, the contract update when a ticket on the contract is
 * closed, and the contracts a ticket may be assigned to.
 */
describe('contracts and support hours, through the gateway', () => {
  let system: System;
  let admin: string;
  const actions = contractActions(() => system, () => admin);
  const { asAdmin, createContract, contract, openTicket, logTime, logFirstTime, deleteTime, settledMailsAbout, mailsAbout } = actions;
  const ids = { customerA: '', customerB: '' };
  let carol: Person; // customer A's contact on its contracts
  let bert: Person; // customer B's contact
  let dora: Person; // a contact of A, deactivated
  let sam: Agent; // the support contact
  let mia: Agent; // the support manager
  let ivy: Agent; // a staff user, deactivated

  /** A valid contract of customer A; `fields` change or add to it. */
  const contractOfA = (fields: Record<string, unknown> = {}) => ({
    customerId: ids.customerA,
    description: 'Support block A',
    purchaseOrderNumber: 'PO-A-1',
    customerContactId: carol.id,
    supportContactId: sam.id,
    supportManagerId: mia.id,
    startDate: dayFromToday(-30),
    endDate: dayFromToday(330),
    hourRestriction: true,
    contractHours: 10,
    thresholdHours: 8,
    ...fields,
  });

  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    ids.customerA = await actions.addCustomer('Contracts A Ltd');
    ids.customerB = await actions.addCustomer('Contracts B Ltd');
    carol = await actions.addContact(ids.customerA, 'carol@contracts-a.example');
    dora = await actions.addContact(ids.customerA, 'dora@contracts-a.example');
    bert = await actions.addContact(ids.customerB, 'bert@contracts-b.example');
    sam = await actions.addStaff('sam@helpdesk.test');
    mia = await actions.addStaff('mia@helpdesk.test');
    ivy = await actions.addStaff('ivy@helpdesk.test');

    // Dora and Ivy are named on a contract, then leave: once the contract shows them as needing
    // replacement, the contracts service knows they are inactive, and the rules below refuse them for that.
    const leaving = await createContract(contractOfA({ description: 'Named people who leave', customerContactId: dora.id, supportManagerId: ivy.id }));
    await actions.expectStatus(asAdmin('POST', `/api/contacts/${dora.id}/deactivate`), 200, 'deactivating Dora');
    await actions.expectStatus(asAdmin('PATCH', `/api/staff/${ivy.id}`, { active: false }), 200, 'deactivating Ivy');
    await waitFor(
      async () => {
        const attention = JSON.stringify((await contract(leaving.id)).attention ?? []);
        return attention.includes(dora.id) && attention.includes(ivy.id);
      },
      { what: 'the contract to show Dora and Ivy as needing replacement', timeoutMs: 20_000 },
    );
  });
  afterAll(() => system?.stop());

  describe('every field rule answers 422 naming the field and the rule', () => {
    it('creating: the text fields, the people, the term and the hours', async () => {
      const created = await createContract(contractOfA());
      expect(created).toMatchObject({ customerId: ids.customerA, description: 'Support block A', contractHours: 10, thresholdHours: 8, hourRestriction: true });

      const create = (fields: Record<string, unknown>) => asAdmin('POST', '/api/contracts', contractOfA(fields));
      const without = (field: string) => {
        const body: Record<string, unknown> = contractOfA();
        delete body[field];
        return asAdmin('POST', '/api/contracts', body);
      };
      const cases: Array<[string, Promise<import('@helpdesk/testing').JsonResponse>, string, RegExp]> = [
        ['description missing', without('description'), 'description', /required/i],
        ['description blank', create({ description: '   ' }), 'description', /blank|empty|least|required/i],
        ['description of 201 characters', create({ description: 'x'.repeat(201) }), 'description', /200/],
        ['purchase order number of 101 characters', create({ purchaseOrderNumber: 'P'.repeat(101) }), 'purchaseOrderNumber', /100/],
        ['customer contact missing', without('customerContactId'), 'customerContactId', /required/i],
        ['customer contact of another customer', create({ customerContactId: bert.id }), 'customerContactId', /contact.*customer|customer.*contact/i],
        ['customer contact deactivated', create({ customerContactId: dora.id }), 'customerContactId', /active/i],
        ['customer contact nobody knows', create({ customerContactId: '00000000-0000-4000-8000-000000000001' }), 'customerContactId', /contact/i],
        ['customer contact a staff user', create({ customerContactId: sam.id }), 'customerContactId', /contact/i],
        ['customer contact not an id', create({ customerContactId: 'carol' }), 'customerContactId', /uuid|id|format/i],
        ['support contact missing', without('supportContactId'), 'supportContactId', /required/i],
        ['support contact deactivated', create({ supportContactId: ivy.id }), 'supportContactId', /active/i],
        ['support contact a customer contact', create({ supportContactId: carol.id }), 'supportContactId', /staff/i],
        ['support manager deactivated', create({ supportManagerId: ivy.id }), 'supportManagerId', /active/i],
        ['support manager nobody knows', create({ supportManagerId: '00000000-0000-4000-8000-000000000002' }), 'supportManagerId', /staff/i],
        ['start date not a date', create({ startDate: '2026-02-30' }), 'startDate', /date|format/i],
        ['end date not a date', create({ endDate: 'next year' }), 'endDate', /date|format/i],
        ['end before start', create({ startDate: dayFromToday(10), endDate: dayFromToday(9) }), 'endDate', /before|start/i],
        ['hour restriction not a boolean', create({ hourRestriction: 'yes' }), 'hourRestriction', /boolean/i],
        ['contract hours missing with the restriction', create({ contractHours: null, thresholdHours: null }), 'contractHours', /required|restriction/i],
        ['contract hours zero', create({ contractHours: 0, thresholdHours: null }), 'contractHours', />|greater|positive|0/i],
        ['contract hours negative', create({ contractHours: -5, thresholdHours: null }), 'contractHours', />|greater|positive|0/i],
        ['contract hours with three decimals', create({ contractHours: 10.125, thresholdHours: null }), 'contractHours', /decimal|0\.01|multiple/i],
        ['threshold without contract hours', create({ hourRestriction: false, contractHours: null, thresholdHours: 5 }), 'thresholdHours', /contract ?hours/i],
        ['threshold equal to the contract hours', create({ thresholdHours: 10 }), 'thresholdHours', /below|less|contract ?hours/i],
        ['threshold above the contract hours', create({ thresholdHours: 12 }), 'thresholdHours', /below|less|contract ?hours/i],
        ['threshold zero', create({ thresholdHours: 0 }), 'thresholdHours', />|greater|positive|0/i],
        ['threshold with three decimals', create({ thresholdHours: 7.555 }), 'thresholdHours', /decimal|0\.01|multiple/i],
        ['customer missing', without('customerId'), 'customerId', /required/i],
      ];
      for (const [name, answer, field, rule] of cases) {
        const done = await answer;
        try {
          expectFieldRule(done, field, rule);
        } catch (error) {
          throw new Error(`${name}: ${done.status} ${JSON.stringify(done.body)}\n${(error as Error).message}`);
        }
      }
      // Nothing refused was stored: customer A has the contracts created above and no other.
      const listed = await actions.expectStatus(asAdmin('GET', `/api/contracts?customerId=${ids.customerA}&state=all`), 200, 'the contracts of A');
      expect(listed.body.items.map((c: { description: string }) => c.description).sort()).toEqual(['Named people who leave', 'Support block A']);
    });

    it('editing: the same rules on the contract as it would be saved, the customer fixed, the version checked', async () => {
      const created = await createContract(contractOfA({ description: 'Edited block' }));
      const change = (fields: Record<string, unknown>) => asAdmin('PATCH', `/api/contracts/${created.id}`, { version: created.version, ...fields });
      const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
        ['description blank', { description: '' }, 'description', /blank|empty|least|required/i],
        ['customer contact of another customer', { customerContactId: bert.id }, 'customerContactId', /contact.*customer|customer.*contact/i],
        ['customer contact deactivated', { customerContactId: dora.id }, 'customerContactId', /active/i],
        ['support contact deactivated', { supportContactId: ivy.id }, 'supportContactId', /active/i],
        ['end before the start it has', { endDate: dayFromToday(-31) }, 'endDate', /before|start/i],
        ['threshold raised above the hours it has', { thresholdHours: 11 }, 'thresholdHours', /below|less|contract ?hours/i],
        ['hours lowered below the threshold it has', { contractHours: 7.5 }, 'thresholdHours', /below|less|contract ?hours/i],
        ['hours removed while restricted', { contractHours: null, thresholdHours: null }, 'contractHours', /required|restriction/i],
        ['another customer', { customerId: ids.customerB }, 'customerId', /./],
      ];
      for (const [name, fields, field, rule] of cases) {
        const done = await change(fields);
        try {
          expectFieldRule(done, field, rule);
        } catch (error) {
          throw new Error(`${name}: ${done.status} ${JSON.stringify(done.body)}\n${(error as Error).message}`);
        }
      }
      expect(await contract(created.id)).toMatchObject({ customerId: ids.customerA, description: 'Edited block', contractHours: 10, thresholdHours: 8, version: created.version });

      const edited = await change({ description: 'Edited block, renewed', thresholdHours: 9 });
      expect(edited).toMatchObject({ status: 200, body: { description: 'Edited block, renewed', thresholdHours: 9 } });
      // Stale: the version the first edit was based on.
      expect((await change({ description: 'Lost update' })).status).toBe(409);

      const end = (body: Record<string, unknown>) => asAdmin('POST', `/api/contracts/${created.id}/end`, body);
      expectFieldRule(await end({ endDate: dayFromToday(-31) }), 'endDate', /before|start/i);
      expectFieldRule(await end({ endDate: dayFromToday(331) }), 'endDate', /after|end/i);
      expectFieldRule(await end({ endDate: 'yesterday' }), 'endDate', /date|format/i);
    });

    it('time entries: minutes from 1 to 1,440, a date worked that is not in the future, a ticket', async () => {
      const block = await createContract(contractOfA({ description: 'Entries block', thresholdHours: null }));
      const ticket = (await openTicket({ subject: 'Entry rules', customerId: ids.customerA, contactId: carol.id, contractId: block.id })).body;
      await logFirstTime({ ticketId: ticket.id, minutes: 1 });
      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['no minutes', { minutes: undefined }, 'minutes'],
        ['zero minutes', { minutes: 0 }, 'minutes'],
        ['more than a day', { minutes: 1441 }, 'minutes'],
        ['a fraction of a minute', { minutes: 1.5 }, 'minutes'],
        ['worked the day after tomorrow (tomorrow is today somewhere)', { workedOn: dayFromToday(2) }, 'workedOn'],
        ['worked on no date', { workedOn: '2026-02-30' }, 'workedOn'],
        ['a ticket id that is no id', { ticketId: 'ticket-1' }, 'ticketId'],
        ['confirmation not a boolean', { confirmOverLimit: 'yes' }, 'confirmOverLimit'],
      ];
      for (const [name, fields, field] of cases) {
        const done = await asAdmin('POST', '/api/time-entries', { ticketId: ticket.id, minutes: 30, workedOn: dayFromToday(), note: 'n', ...fields });
        try {
          expectFieldRule(done, field);
        } catch (error) {
          throw new Error(`${name}: ${done.status} ${JSON.stringify(done.body)}\n${(error as Error).message}`);
        }
      }
      expect(await contract(block.id)).toMatchObject({ usedMinutes: 1 });
    });
  });

  describe('the threshold warning goes to the customer contact, the support contact and the support manager, once per crossing', () => {
    const recipients = () => [carol.email, sam.email, mia.email];

    it('crossed by one entry: one warning; entries after it send none', async () => {
      const block = await createContract(contractOfA({ description: 'Threshold by one entry', hourRestriction: false, contractHours: 2, thresholdHours: 1 }));
      const ticket = (await openTicket({ subject: 'Server room', customerId: ids.customerA, contactId: carol.id, contractId: block.id })).body;
      await logFirstTime({ ticketId: ticket.id, minutes: 30 });
      expect((await logTime({ ticketId: ticket.id, minutes: 45 })).status).toBe(201);
      await settledMailsAbout(block.description, recipients(), 1);
      expect((await logTime({ ticketId: ticket.id, minutes: 10 })).status).toBe(201);
      const counts = await settledMailsAbout(block.description, recipients(), 1);
      expect(counts).toEqual({ [carol.email]: 1, [sam.email]: 1, [mia.email]: 1 });
      expect(await contract(block.id)).toMatchObject({ usedMinutes: 85, thresholdReached: true });
    });

    it('crossed by many small entries: one warning; a deletion back below the threshold re-arms it, one that stays at it does not', async () => {
      const block = await createContract(contractOfA({ description: 'Threshold by small entries', hourRestriction: false, contractHours: 2, thresholdHours: 1 }));
      const ticket = (await openTicket({ subject: 'Laptops', customerId: ids.customerA, contactId: carol.id, contractId: block.id })).body;
      const entries: TimeEntry[] = [await logFirstTime({ ticketId: ticket.id, minutes: 6 })];
      for (let i = 1; i < 12; i++) {
        const logged = await logTime({ ticketId: ticket.id, minutes: 6 });
        expect(logged.status).toBe(201);
        entries.push(logged.body);
      }
      // 72 minutes: crossed at the tenth entry (60), once.
      expect(await settledMailsAbout(block.description, recipients(), 1)).toEqual({ [carol.email]: 1, [sam.email]: 1, [mia.email]: 1 });

      // Down to 60: still at the threshold, so still reached; back up to 66: no second warning.
      for (const entry of entries.splice(0, 2)) expect((await deleteTime(entry)).status).toBeLessThan(300);
      expect(await contract(block.id)).toMatchObject({ usedMinutes: 60, thresholdReached: true });
      entries.push((await logTime({ ticketId: ticket.id, minutes: 6 })).body);
      expect(await settledMailsAbout(block.description, recipients(), 1)).toEqual({ [carol.email]: 1, [sam.email]: 1, [mia.email]: 1 });

      // Down to 54: below, re-armed; 64 crosses again: a second warning to each.
      for (const entry of entries.splice(0, 2)) expect((await deleteTime(entry)).status).toBeLessThan(300);
      expect(await contract(block.id)).toMatchObject({ usedMinutes: 54, thresholdReached: false });
      expect((await logTime({ ticketId: ticket.id, minutes: 10 })).status).toBe(201);
      expect(await settledMailsAbout(block.description, recipients(), 2)).toEqual({ [carol.email]: 2, [sam.email]: 2, [mia.email]: 2 });
      expect(await contract(block.id)).toMatchObject({ usedMinutes: 64, thresholdReached: true });
    });

    it('crossed by an edit that adds minutes: one warning; an edit back below re-arms it', async () => {
      const block = await createContract(contractOfA({ description: 'Threshold by edits', hourRestriction: false, contractHours: 2, thresholdHours: 1 }));
      const ticket = (await openTicket({ subject: 'Wi-Fi', customerId: ids.customerA, contactId: carol.id, contractId: block.id })).body;
      await logFirstTime({ ticketId: ticket.id, minutes: 30 });
      let edited = (await logTime({ ticketId: ticket.id, minutes: 20 })).body as TimeEntry;
      const edit = async (minutes: number) => {
        const answer = await asAdmin('PATCH', `/api/time-entries/${edited.id}`, { version: edited.version, minutes });
        expect(answer.status).toBe(200);
        edited = answer.body;
      };
      await edit(40); // 70: crossed
      expect(await settledMailsAbout(block.description, recipients(), 1)).toEqual({ [carol.email]: 1, [sam.email]: 1, [mia.email]: 1 });
      await edit(20); // 50: below, re-armed
      expect(await contract(block.id)).toMatchObject({ usedMinutes: 50, thresholdReached: false });
      await edit(35); // 65: crossed again
      expect(await settledMailsAbout(block.description, recipients(), 2)).toEqual({ [carol.email]: 2, [sam.email]: 2, [mia.email]: 2 });
    });

    it('the threshold lowered below the time used counts as a crossing (one warning, by the next entry at the latest); raised above it, it is re-armed', async () => {
      const block = await createContract(contractOfA({ description: 'Threshold moved', hourRestriction: false, contractHours: 3, thresholdHours: 2 }));
      const ticket = (await openTicket({ subject: 'Scanner', customerId: ids.customerA, contactId: carol.id, contractId: block.id })).body;
      await logFirstTime({ ticketId: ticket.id, minutes: 90 });
      const lowered = await asAdmin('PATCH', `/api/contracts/${block.id}`, { version: (await contract(block.id)).version, thresholdHours: 1 });
      expect(lowered).toMatchObject({ status: 200, body: { thresholdHours: 1, thresholdReached: true } });
      expect((await logTime({ ticketId: ticket.id, minutes: 5 })).status).toBe(201);
      expect((await logTime({ ticketId: ticket.id, minutes: 5 })).status).toBe(201);
      expect(await settledMailsAbout(block.description, recipients(), 1)).toEqual({ [carol.email]: 1, [sam.email]: 1, [mia.email]: 1 });

      // 100 used; raised to 2 hours: re-armed, and 125 crosses it again. (Each entry counts the contract's version up.)
      const raised = await asAdmin('PATCH', `/api/contracts/${block.id}`, { version: (await contract(block.id)).version, thresholdHours: 2 });
      expect(raised).toMatchObject({ status: 200, body: { thresholdHours: 2, thresholdReached: false } });
      expect((await logTime({ ticketId: ticket.id, minutes: 25 })).status).toBe(201);
      expect(await settledMailsAbout(block.description, recipients(), 2)).toEqual({ [carol.email]: 2, [sam.email]: 2, [mia.email]: 2 });
    });
  });

  it('the limit: an entry past the contract hours is refused with the time that remains, unless confirmed; confirmed, it is recorded, shown and announced', async () => {
    const block = await createContract(contractOfA({ description: 'Limited block', contractHours: 2, thresholdHours: null }));
    const ticket = (await openTicket({ subject: 'Firewall', customerId: ids.customerA, contactId: carol.id, contractId: block.id })).body;
    const first = await logFirstTime({ ticketId: ticket.id, minutes: 45 });

    // 45 + 90 > 120: refused, saying 1 hour 15 minutes remain; nothing recorded.
    const refused = await logTime({ ticketId: ticket.id, minutes: 90 });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/over-contract-limit$/);
    expect(saysRemaining(refused.body, 75)).toBe(true);
    expect((await logTime({ ticketId: ticket.id, minutes: 90, confirmOverLimit: false })).status).toBe(409);
    // An edit that adds minutes past the limit: the same.
    const grown = await asAdmin('PATCH', `/api/time-entries/${first.id}`, { version: first.version, minutes: 135 });
    expect(grown.status).toBe(409);
    expect(grown.body.type).toMatch(/over-contract-limit$/);
    expect(await contract(block.id)).toMatchObject({ usedMinutes: 45 });

    // Reaching the limit exactly needs no confirmation; one minute more does, and none remain.
    expect((await logTime({ ticketId: ticket.id, minutes: 75 })).status).toBe(201);
    const atLimit = await logTime({ ticketId: ticket.id, minutes: 1 });
    expect(atLimit.status).toBe(409);
    expect(saysRemaining(atLimit.body, 0)).toBe(true);
    expect(mailsAbout(block.description)).toEqual([]);

    const confirmed = await logTime({ ticketId: ticket.id, minutes: 30, confirmOverLimit: true });
    expect(confirmed).toMatchObject({ status: 201, body: { minutes: 30, overLimit: true } });
    const detail = await contract(block.id);
    expect(detail).toMatchObject({ usedMinutes: 150, overageMinutes: 30, remainingMinutes: 0 });
    expect(detail.history.map((line: { kind: string }) => line.kind)).toContain('limit_passed');
    expect(await settledMailsAbout(block.description, [carol.email, sam.email, mia.email], 1)).toEqual({ [carol.email]: 1, [sam.email]: 1, [mia.email]: 1 });
  });

  it('closing a ticket on a contract emails its customer contact the hours on that ticket, used and remaining', async () => {
    const block = await createContract(contractOfA({ description: 'Update block', contractHours: 10, thresholdHours: null }));
    const closing = (await openTicket({ subject: 'Mail server', customerId: ids.customerA, contactId: carol.id, contractId: block.id })).body;
    const other = (await openTicket({ subject: 'Backups', customerId: ids.customerA, contactId: carol.id, contractId: block.id })).body;
    await logFirstTime({ ticketId: closing.id, minutes: 60 });
    expect((await logTime({ ticketId: closing.id, minutes: 30 })).status).toBe(201);
    await logFirstTime({ ticketId: other.id, minutes: 60 });
    expect(mailsAbout(block.description)).toEqual([]);

    await actions.closeTicket(closing.id);
    // Only the customer contact: 1.5 hours on the ticket, 2.5 used of 10, 7.5 remaining.
    expect(await settledMailsAbout(block.description, [carol.email], 1)).toEqual({ [carol.email]: 1 });
    const update = mailsAbout(block.description)[0]!;
    const text = update.parsed.text ?? '';
    expect(`${update.parsed.subject} ${text}`).toContain(`#${closing.number}`);
    // In that order (hours as people write them: 1.5 or 1.50, or 1:30).
    const hours = (decimal: string, clock: string) => `(?<![\\d.])(?:${decimal.replace('.', '[.,]')}0?|${clock})(?![\\d])`;
    expect(text).toMatch(new RegExp(`${hours('1.5', '1:30')}[\\s\\S]*${hours('2.5', '2:30')}[\\s\\S]*${hours('7.5', '7:30')}`));
  });

  describe('a ticket takes only a contract of its own customer that is current on its date', () => {
    it('at creation and by a change; refused with 422 naming contractId otherwise', async () => {
      const ofA = await createContract(contractOfA({ description: 'Current of A', thresholdHours: null }));
      const ofB = await createContract({ customerId: ids.customerB, description: 'Current of B', customerContactId: bert.id, supportContactId: sam.id, startDate: dayFromToday(-30) });
      const later = await createContract(contractOfA({ description: 'Starts later', thresholdHours: null }));
      const ended = await createContract(contractOfA({ description: 'Ended early', thresholdHours: null }));

      // The tickets service knows each: a ticket of its customer takes it.
      for (const [customerId, contactId, contractId] of [[ids.customerA, carol.id, ofA.id], [ids.customerB, bert.id, ofB.id], [ids.customerA, carol.id, later.id], [ids.customerA, carol.id, ended.id]]) {
        expect((await openTicket({ subject: 'Takes it', customerId, contactId, contractId })).body.contractId).toBe(contractId);
      }
      // Another customer's contract: refused.
      const foreign = await asAdmin('POST', '/api/tickets', { subject: 'Foreign', description: 'd', customerId: ids.customerA, contactId: carol.id, contractId: ofB.id });
      expectFieldRule(foreign, 'contractId');

      // Moved to start tomorrow, and ended yesterday: refused once the tickets service learns of it.
      await actions.expectStatus(asAdmin('PATCH', `/api/contracts/${later.id}`, { version: later.version, startDate: dayFromToday(1) }), 200, 'moving the start');
      await actions.expectStatus(asAdmin('POST', `/api/contracts/${ended.id}/end`, { endDate: dayFromToday(-1) }), 200, 'ending early');
      for (const contractId of [later.id, ended.id]) {
        expectFieldRule(await actions.ticketRefusedContract({ subject: 'Out of term', customerId: ids.customerA, contactId: carol.id, contractId }), 'contractId');
      }
      expectFieldRule(await asAdmin('POST', '/api/tickets', { subject: 'Unknown', description: 'd', customerId: ids.customerA, contactId: carol.id, contractId: '00000000-0000-4000-8000-000000000003' }), 'contractId');

      // By a change: the same refusals; its own customer's current contract, and none, are taken.
      const ticket = (await openTicket({ subject: 'Changes contract', customerId: ids.customerA, contactId: carol.id })).body;
      for (const contractId of [ofB.id, later.id, ended.id, '00000000-0000-4000-8000-000000000003']) {
        expectFieldRule(await actions.setTicketContract(ticket.id, contractId), 'contractId');
      }
      expect((await asAdmin('GET', `/api/tickets/${ticket.id}`)).body.contractId).toBeNull();
      expect(await actions.setTicketContract(ticket.id, ofA.id)).toMatchObject({ status: 200, body: { contractId: ofA.id } });
      expect(await actions.setTicketContract(ticket.id, null)).toMatchObject({ status: 200, body: { contractId: null } });
    });
  });
});
