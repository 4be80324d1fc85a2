import { randomUUID } from 'node:crypto';
import type { ContactPrincipal } from '@helpdesk/http';
import { ifMatch, portalUser, staff, startTickets, type CallResult, type TicketsTestService } from './helpers';

/**
 * What a portal contact must never see: another customer's tickets, notes and history, a colleague's
 * tickets under the default setting, and internal notes at all. Every portal response of this file is
 * kept and searched for the secrets at the end.
 */
describe('portal isolation', () => {
  let t: TicketsTestService;
  const agent = staff();
  const portalResponses: CallResult[] = [];
  const internalText = `INTERNAL-${randomUUID()}`;
  const internalNoteIds: string[] = [];
  const staffOnlyIds = { teamId: '', assigneeId: randomUUID() };

  let alice: ContactPrincipal; // customer A, which shows contacts every ticket of the customer
  let bob: ContactPrincipal; // customer B
  let bobsColleague: ContactPrincipal; // customer B, default setting 'own'
  const ticketsOfB: Array<{ id: string; subject: string }> = [];
  const noteIdsOfB: string[] = [];
  const historyIdsOfB: string[] = [];

  async function portal(method: string, path: string, as: ContactPrincipal, body?: unknown) {
    const response = await t.call(method, path, { as, body });
    portalResponses.push(response);
    return response;
  }

  async function agentNote(ticketId: string, body: string, visibility: 'public' | 'internal') {
    const { version } = (await t.call('GET', `/api/tickets/${ticketId}`, { as: agent })).body;
    const response = await t.call('POST', `/api/tickets/${ticketId}/notes`, { as: agent, headers: ifMatch(version), body: { body, visibility } });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  beforeAll(async () => {
    t = await startTickets();
    staffOnlyIds.teamId = await t.addTeam('all', [staffOnlyIds.assigneeId]);
    const customerA = await t.addCustomer('customer');
    const customerB = await t.addCustomer('own');
    alice = portalUser(await t.addContact(customerA, 'Alice'));
    bob = portalUser(await t.addContact(customerB, 'Bob'));
    bobsColleague = portalUser(await t.addContact(customerB, 'Carol'));

    for (const [who, subject] of [
      [bob, 'Zebra crossing sensor broken'],
      [bob, 'Quokka invoice wrong'],
      [bobsColleague, 'Colleague only ticket'],
    ] as const) {
      const created = await t.call('POST', '/api/portal/tickets', { as: who, body: { subject, description: 'Details of B.' } });
      expect(created.status).toBe(201);
      ticketsOfB.push({ id: created.body.id, subject });
      const { version } = (await t.call('GET', `/api/tickets/${created.body.id}`, { as: agent })).body;
      await t.call('PUT', `/api/tickets/${created.body.id}/assignment`, { as: agent, headers: ifMatch(version), body: { teamId: staffOnlyIds.teamId, assigneeId: staffOnlyIds.assigneeId } });
      noteIdsOfB.push(await agentNote(created.body.id, 'Walrus firmware replaced for B.', 'public'));
      const internal = await agentNote(created.body.id, `${internalText} about B`, 'internal');
      noteIdsOfB.push(internal);
      internalNoteIds.push(internal);
      const history = (await t.call('GET', `/api/tickets/${created.body.id}/history`, { as: agent })).body.items;
      historyIdsOfB.push(...history.map((e: { id: string }) => e.id));
    }
    // Alice's own ticket, with an internal note and staff-only fields.
    const own = await t.call('POST', '/api/tickets', {
      as: agent,
      body: { subject: 'Alice printer', description: 'd', customerId: customerA, contactId: alice.contactId, ...staffOnlyIds },
    });
    expect(own.status).toBe(201);
    internalNoteIds.push(await agentNote(own.body.id, `${internalText} about A`, 'internal'));
    await agentNote(own.body.id, 'Public answer for A.', 'public');
  });

  afterAll(() => t?.stop());

  it("answers 404 for every ticket of another customer, exactly as for an unknown id, and changes nothing", async () => {
    const unknownId = randomUUID();
    const unknown = await portal('GET', `/api/portal/tickets/${unknownId}`, alice);
    expect(unknown.status).toBe(404);
    const counts = async () => t.query('SELECT (SELECT count(*) FROM ticket_notes)::int AS notes, (SELECT count(*) FROM ticket_history)::int AS history, (SELECT count(*) FROM outbox)::int AS outbox');
    const before = await counts();
    for (const { id } of ticketsOfB) {
      for (const response of [
        await portal('GET', `/api/portal/tickets/${id}`, alice),
        await portal('POST', `/api/portal/tickets/${id}/notes`, alice, { body: 'Let me in.' }),
      ]) {
        expect(response.status).toBe(404);
        const { instance, correlationId, detail, ...rest } = response.body;
        const { instance: i2, correlationId: c2, detail: d2, ...unknownRest } = unknown.body;
        expect(rest).toEqual(unknownRest);
        expect(detail).toBe(d2.replace(unknownId, id));
        expect([instance, correlationId, i2, c2].every(Boolean)).toBe(true);
      }
    }
    expect(await counts()).toEqual(before);
  });

  it("answers 404 for another customer's note ids and refuses history entry ids, which are no ticket ids", async () => {
    // Not kept for the final search: a 404 names the id that was asked for.
    for (const noteId of noteIdsOfB) {
      expect((await t.call('GET', `/api/portal/tickets/${noteId}`, { as: alice })).status).toBe(404);
      expect((await t.call('POST', `/api/portal/tickets/${noteId}/notes`, { as: alice, body: { body: 'x' } })).status).toBe(404);
    }
    for (const historyId of historyIdsOfB) expect((await t.call('GET', `/api/portal/tickets/${historyId}`, { as: alice })).status).toBe(400);
  });

  it("lists and finds none of another customer's tickets, whatever the search", async () => {
    const everything = await portal('GET', '/api/portal/tickets?limit=100', alice);
    expect(everything.body.items.map((x: { subject: string }) => x.subject)).toEqual(['Alice printer']);
    for (const q of ['Zebra', 'quokka', 'Walrus', 'Details of B', 'for B', internalText]) {
      const found = await portal('GET', `/api/portal/tickets?q=${encodeURIComponent(q)}`, alice);
      expect(found.body.items).toEqual([]);
    }
    for (const { id, subject } of ticketsOfB) {
      const text = JSON.stringify(await portal('GET', `/api/portal/tickets?q=${encodeURIComponent(subject)}&status=new,open`, alice));
      expect(text).not.toContain(id);
    }
  });

  it("shows a contact under the default setting their own tickets only: a colleague's is 404", async () => {
    const colleagueTicket = ticketsOfB.find((x) => x.subject === 'Colleague only ticket')!;
    expect((await portal('GET', `/api/portal/tickets/${colleagueTicket.id}`, bob)).status).toBe(404);
    expect((await portal('POST', `/api/portal/tickets/${colleagueTicket.id}/notes`, bob, { body: 'x' })).status).toBe(404);
    const listed = await portal('GET', '/api/portal/tickets', bob);
    expect(listed.body.items.map((x: { subject: string }) => x.subject).sort()).toEqual(['Quokka invoice wrong', 'Zebra crossing sensor broken']);
    expect((await portal('GET', '/api/portal/tickets?q=colleague', bob)).body.items).toEqual([]);
  });

  it('never lets an internal note, or who handles a ticket, reach any portal response', async () => {
    for (const who of [alice, bob, bobsColleague]) {
      const list = await portal('GET', '/api/portal/tickets?limit=100', who);
      for (const { id } of list.body.items) {
        await portal('GET', `/api/portal/tickets/${id}`, who);
        await portal('POST', `/api/portal/tickets/${id}/notes`, who, { body: 'A reply from the customer.' });
        await portal('GET', `/api/portal/tickets/${id}`, who);
      }
      await portal('GET', `/api/portal/tickets?q=${encodeURIComponent(internalText)}`, who);
      await portal('GET', '/api/portal/tickets?q=INTERNAL', who);
      await portal('POST', '/api/portal/tickets', who, { subject: 'One more', description: 'd' });
    }
    expect(portalResponses.length).toBeGreaterThan(40);
    const everything = portalResponses.map((r) => r.text).join('\n');
    expect(everything).toContain('Public answer for A.');
    expect(everything).not.toContain('INTERNAL');
    for (const id of [...internalNoteIds, ...Object.values(staffOnlyIds), agent.userId]) expect(everything).not.toContain(id);
  });
});
