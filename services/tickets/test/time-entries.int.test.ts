import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { timeEntryDeletedV1, timeEntryLoggedV1, timeEntryUpdatedV1, type EventData } from '@helpdesk/contracts-schema';
import type { StaffPrincipal } from '@helpdesk/http';
import { gatewayAssertionHeader, startTestService, waitFor } from '@helpdesk/testing';
import { loadConfig } from '../src/config';
import { ticketsService } from '../src/service';
import { portalUser, startTickets, type TicketsTestService } from './helpers';

type Entry = EventData<typeof timeEntryLoggedV1>;

/**
 * The time logged on a ticket (issue 13 §3 and §7): the contracts service announces each entry
 * (time_entry.logged / updated / deleted); the ticket keeps a line per change in its history, its
 * total from the newest state of each entry, whatever the order and however often the events come,
 * and shows the portal the minutes and the agents' names, never their notes.
 */
describe('time entries on a ticket', () => {
  let t: TicketsTestService;
  let agent: StaffPrincipal;
  let contact: { contactId: string; customerId: string };
  let outsider: { contactId: string; customerId: string };
  const author = randomUUID();
  const manager = randomUUID();

  beforeAll(async () => {
    t = await startTickets();
    const customerId = await t.addCustomer();
    contact = await t.addContact(customerId);
    outsider = await t.addContact(await t.addCustomer());
    agent = await t.agentOf([customerId]);
  });
  afterAll(() => t?.stop());

  async function openTicket(): Promise<{ id: string; number: number }> {
    const response = await t.call('POST', '/api/tickets', { as: agent, body: { subject: 'Printer', description: 'Offline.', customerId: contact.customerId, contactId: contact.contactId } });
    expect(response.status).toBe(201);
    return response.body;
  }

  function entryOn(ticket: { id: string; number: number }, minutes: number, note = `Note ${randomUUID()}`): Entry {
    return {
      entryId: randomUUID(),
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      customerId: contact.customerId,
      contractId: null,
      minutes,
      workedOn: '2026-11-30',
      note,
      staffUserId: author,
      staffName: 'Alex Agent',
      overLimit: false,
      // What the contracts service counted; the ticket adds up its own entries instead.
      ticketTotalMinutes: minutes,
      contractUsedMinutes: null,
    };
  }

  const logged = (entry: Entry, version = 1) => t.publish(timeEntryLoggedV1, { id: entry.entryId, version }, entry);
  const updated = (entry: Entry, version: number, previousMinutes: number) =>
    t.publish(timeEntryUpdatedV1, { id: entry.entryId, version }, { ...entry, previousMinutes, changedBy: manager });
  const deleted = (entry: Entry, version: number) => t.publish(timeEntryDeletedV1, { id: entry.entryId, version }, { ...entry, deletedBy: manager });

  /** Waits until the service has handled these events. */
  async function handled(...events: Array<{ id: string }>): Promise<void> {
    const ids = events.map((event) => event.id);
    await waitFor(async () => (await t.query<{ n: number }>('SELECT count(*)::int AS n FROM processed_events WHERE event_id = ANY($1::uuid[])', [ids]))[0]!.n === ids.length, {
      what: `${ids.length} events handled`,
    });
  }

  const staffTotal = async (ticketId: string) => (await t.call('GET', `/api/tickets/${ticketId}`, { as: agent })).body.timeSpentMinutes;
  const timeLines = async (ticketId: string) =>
    ((await t.call('GET', `/api/tickets/${ticketId}/history`, { as: agent })).body.items as Array<{ kind: string }>).filter((line) => line.kind.startsWith('time_'));

  it('logged, edited and deleted: a history line for each, and the total after each', async () => {
    const ticket = await openTicket();
    const before = (await t.call('GET', `/api/tickets/${ticket.id}`, { as: agent })).body;
    expect(before.timeSpentMinutes).toBe(0);
    const fuser = entryOn(ticket, 90, 'Replaced the fuser');
    const cable = entryOn(ticket, 30, 'Swapped the cable');
    await handled(await logged(fuser), await logged(cable));
    expect(await staffTotal(ticket.id)).toBe(120);

    await handled(await updated({ ...fuser, minutes: 60 }, 2, 90));
    expect(await staffTotal(ticket.id)).toBe(90);
    await handled(await deleted(cable, 2));
    expect(await staffTotal(ticket.id)).toBe(60);

    expect(await timeLines(ticket.id)).toEqual([
      expect.objectContaining({ kind: 'time_logged', actor: { kind: 'staff', id: author }, visibility: 'internal', field: 'minutes', from: null, to: '90',
        timeEntry: { id: fuser.entryId, workedOn: '2026-11-30', note: 'Replaced the fuser', staffName: 'Alex Agent' } }),
      expect.objectContaining({ kind: 'time_logged', from: null, to: '30', timeEntry: expect.objectContaining({ id: cable.entryId, note: 'Swapped the cable' }) }),
      expect.objectContaining({ kind: 'time_updated', actor: { kind: 'staff', id: manager }, from: '90', to: '60', timeEntry: expect.objectContaining({ id: fuser.entryId }) }),
      expect.objectContaining({ kind: 'time_deleted', actor: { kind: 'staff', id: manager }, from: '30', to: null, timeEntry: expect.objectContaining({ id: cable.entryId }) }),
    ]);
    // Logging time is not an edit of the ticket: an agent holding its version can still change it.
    const after = (await t.call('GET', `/api/tickets/${ticket.id}`, { as: agent })).body;
    expect(after.version).toBe(before.version);
    const list = (await t.call('GET', `/api/tickets?customerId=${contact.customerId}`, { as: agent })).body.items;
    expect(list.find((item: { id: string }) => item.id === ticket.id)).toMatchObject({ timeSpentMinutes: 60 });
  });

  it('answers a conditional GET of the ticket in full when only its logged time changed (the ETag is the version, which time does not move)', async () => {
    const ticket = await openTicket();
    const first = await t.call('GET', `/api/tickets/${ticket.id}`, { as: agent });
    const etag = first.headers.get('etag')!;
    expect(etag).toBe(`"${first.body.version}"`);
    await handled(await logged(entryOn(ticket, 45)));
    // node:http, not fetch: fetch adds Cache-Control: no-cache to a conditional request, which no server answers 304.
    const path = `/api/tickets/${ticket.id}`;
    const again = await new Promise<{ status: number; etag: string | undefined; body: string }>((resolve, reject) => {
      const request = http.get(`${t.service.url}${path}`, { headers: { ...gatewayAssertionHeader(agent, { service: 'tickets', method: 'GET', path }), 'if-none-match': etag } }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, etag: response.headers.etag, body }));
      });
      request.on('error', reject);
    });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body).timeSpentMinutes).toBe(45);
    // Still the version, for If-Match on the next change.
    expect(again.etag).toBe(etag);
  });

  it('out of order and twice over: the total is the sum of each entry\'s newest state, one line per version', async () => {
    const ticket = await openTicket();
    const lateLog = entryOn(ticket, 20);
    const gone = entryOn(ticket, 50);
    const twice = entryOn(ticket, 15);
    // The edit before the entry it edits; the deletion before the entry and its edit; the same version announced twice.
    await handled(await updated({ ...lateLog, minutes: 45 }, 2, 20));
    await handled(await logged(lateLog));
    await handled(await deleted(gone, 3));
    await handled(await updated({ ...gone, minutes: 70 }, 2, 50));
    await handled(await logged(gone));
    await handled(await logged(twice), await logged(twice));

    expect(await staffTotal(ticket.id)).toBe(45 + 15);
    expect((await t.query('SELECT deleted, minutes FROM ticket_time_entries WHERE id = $1', [gone.entryId]))[0]).toEqual({ deleted: true, minutes: 50 });
    const lines = await timeLines(ticket.id);
    expect(lines.map((line) => line.kind)).toEqual(['time_updated', 'time_logged', 'time_deleted', 'time_updated', 'time_logged', 'time_logged']);
  });

  it('the portal shows the minutes, the days and the agents, never the notes; another customer\'s contact sees nothing', async () => {
    const ticket = await openTicket();
    const secret = `Secret note ${randomUUID()}`;
    const first = entryOn(ticket, 25, secret);
    const second = { ...entryOn(ticket, 35, secret), workedOn: '2026-12-01', staffName: 'Blake Builder' };
    await handled(await logged(first), await logged(second));

    const detail = await t.call('GET', `/api/portal/tickets/${ticket.id}`, { as: portalUser(contact) });
    expect(detail.status).toBe(200);
    expect(detail.body.timeSpentMinutes).toBe(60);
    expect(detail.body.timeEntries).toEqual([
      { workedOn: '2026-11-30', minutes: 25, agentName: 'Alex Agent' },
      { workedOn: '2026-12-01', minutes: 35, agentName: 'Blake Builder' },
    ]);
    expect(detail.text).not.toContain(secret);
    expect(detail.body.history.some((line: { kind: string }) => line.kind.startsWith('time_'))).toBe(false);
    const list = await t.call('GET', '/api/portal/tickets', { as: portalUser(contact) });
    expect(list.body.items.find((item: { id: string }) => item.id === ticket.id)).toMatchObject({ timeSpentMinutes: 60 });
    expect(list.text).not.toContain(secret);

    expect((await t.call('GET', `/api/portal/tickets/${ticket.id}`, { as: portalUser(outsider) })).status).toBe(404);
    const outsiderList = await t.call('GET', '/api/portal/tickets', { as: portalUser(outsider) });
    expect(outsiderList.body.items.map((item: { id: string }) => item.id)).not.toContain(ticket.id);
  });

  it('entries logged at once, handled by two instances, add up exactly', async () => {
    const ticket = await openTicket();
    const second = await startTestService(ticketsService, { loadConfig, busPrefix: t.busPrefix, databaseUrl: t.service.databaseUrl, env: { CUSTOMERS_INTERNAL_URL: 'http://127.0.0.1:9' } });
    try {
      await second.bus.waitUntilConnected();
      const entries = Array.from({ length: 20 }, (_, i) => entryOn(ticket, i + 1));
      const events = await Promise.all(entries.map((entry) => logged(entry)));
      await handled(...events);
      expect(await staffTotal(ticket.id)).toBe((20 * 21) / 2);
      expect(await timeLines(ticket.id)).toHaveLength(20);
    } finally {
      await second.stop();
    }
  });
});
