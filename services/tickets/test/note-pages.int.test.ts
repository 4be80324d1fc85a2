import { randomUUID } from 'node:crypto';
import type { Principal } from '@helpdesk/http';
import { portalUser, staff, startTickets, type TicketsTestService } from './helpers';

/**
 * A ticket's notes a page at a time (review finding on issue 11: email notes can be large, and a
 * ticket with hundreds of them answered megabytes): GET /api/tickets/{id} and the portal's ticket
 * carry the newest 50, and …/notes pages back through the rest on (created_at, id).
 */
describe('the notes of a ticket, a page at a time', () => {
  let t: TicketsTestService;
  const agent = staff();
  let ticketId: string;
  let contact: { contactId: string; customerId: string };
  /** Every note in (created_at, id) order, as inserted. */
  const notes: Array<{ id: string; visibility: 'public' | 'internal'; attachmentId: string | null }> = [];

  beforeAll(async () => {
    t = await startTickets();
    const customerId = await t.addCustomer('own');
    contact = await t.addContact(customerId);
    const created = await t.call('POST', '/api/portal/tickets', { as: portalUser(contact), body: { subject: 'A long thread', description: 'It starts here.' } });
    expect(created.status).toBe(201);
    ticketId = created.body.id;
    // 120 notes, every third internal; three at a time share a millisecond, so only the id orders them.
    const base = Date.parse('2026-11-01T08:00:00.000Z');
    const rows = Array.from({ length: 120 }, (_, i) => ({
      id: randomUUID(),
      visibility: (i % 3 === 2 ? 'internal' : 'public') as 'public' | 'internal',
      at: new Date(base + Math.floor(i / 3)).toISOString(),
      // Every seventh note came with an attachment.
      attachmentId: i % 7 === 0 ? randomUUID() : null,
    }));
    await t.query(
      `INSERT INTO ticket_notes (id, ticket_id, visibility, body, author_kind, author_id, created_at)
       SELECT n.id, $1, n.visibility, 'Note ' || n.id, 'staff', $2, n.at FROM unnest($3::uuid[], $4::text[], $5::timestamptz[]) AS n(id, visibility, at)`,
      [ticketId, agent.userId, rows.map((r) => r.id), rows.map((r) => r.visibility), rows.map((r) => r.at)],
    );
    const withAttachment = rows.filter((r) => r.attachmentId);
    await t.query(
      `INSERT INTO ticket_attachments (id, ticket_id, note_id, email_id, position, filename, content_type, size, inline)
       SELECT a.id, $1, a.note_id, gen_random_uuid(), 0, 'file.txt', 'text/plain', 1, false FROM unnest($2::uuid[], $3::uuid[]) AS a(id, note_id)`,
      [ticketId, withAttachment.map((r) => r.attachmentId), withAttachment.map((r) => r.id)],
    );
    notes.push(...rows.sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1)));
  });
  afterAll(() => t?.stop());

  type NoteItem = { id: string; visibility?: string; attachments: Array<{ id: string }> };

  /** Every page of `path`, from the first cursor on, newest page first. */
  async function pagesFrom(path: string, as: Principal, cursor: string | null, limit: number) {
    const pages: NoteItem[][] = [];
    while (cursor) {
      const page = await t.call('GET', `${path}?limit=${limit}&cursor=${encodeURIComponent(cursor)}`, { as });
      expect(page.status).toBe(200);
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
    }
    return pages;
  }

  /** Each note's attachments are exactly its own. */
  function expectOwnAttachments(items: NoteItem[]) {
    for (const item of items) {
      const note = notes.find((n) => n.id === item.id)!;
      expect(item.attachments.map((a) => a.id)).toEqual(note.attachmentId ? [note.attachmentId] : []);
    }
  }

  it('GET /api/tickets/{id} carries the newest 50 notes, oldest first, and a cursor to the older ones', async () => {
    const detail = await t.call('GET', `/api/tickets/${ticketId}`, { as: agent });
    expect(detail.status).toBe(200);
    expect(detail.body.notes.map((n: NoteItem) => n.id)).toEqual(notes.slice(-50).map((n) => n.id));
    expectOwnAttachments(detail.body.notes);
    expect(typeof detail.body.olderNotesCursor).toBe('string');
    // The notes route without a cursor starts at the same newest page.
    const first = await t.call('GET', `/api/tickets/${ticketId}/notes`, { as: agent });
    expect(first.body.items.map((n: NoteItem) => n.id)).toEqual(notes.slice(-50).map((n) => n.id));
  });

  it('pages back through all 120 notes: each exactly once, in order, with its own attachments', async () => {
    const detail = await t.call('GET', `/api/tickets/${ticketId}`, { as: agent });
    const pages = [detail.body.notes as NoteItem[], ...(await pagesFrom(`/api/tickets/${ticketId}/notes`, agent, detail.body.olderNotesCursor, 17))];
    // 50, then 17 at a time: 70 older notes in 5 pages (the last one short).
    expect(pages.map((page) => page.length)).toEqual([50, 17, 17, 17, 17, 2]);
    const all = pages.reverse().flat();
    expect(all.map((n) => n.id)).toEqual(notes.map((n) => n.id));
    expectOwnAttachments(all);
  });

  it('refuses a limit out of bounds and a cursor it did not give out, naming the parameter (400 problem details)', async () => {
    const bad = async (query: string, pointer: string) => {
      for (const path of [`/api/tickets/${ticketId}/notes`, `/api/portal/tickets/${ticketId}/notes`]) {
        const response = await t.call('GET', `${path}?${query}`, { as: path.includes('portal') ? portalUser(contact) : agent });
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
      }
    };
    await bad('limit=0', '/limit');
    await bad('limit=101', '/limit');
    await bad('limit=ten', '/limit');
    await bad('cursor=not-a-cursor', '/cursor');
    await bad(`cursor=${Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url')}`, '/cursor');
    // Well-formed times PostgreSQL (before year 1) or Prisma (after year 9999) cannot take were a 500.
    for (const time of ['0000-06-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-23:59']) {
      await bad(`cursor=${Buffer.from(JSON.stringify([time, randomUUID()])).toString('base64url')}`, '/cursor');
    }
    await bad('page=2', '/page');
    // The largest limit is accepted.
    expect((await t.call('GET', `/api/tickets/${ticketId}/notes?limit=100`, { as: agent })).body.items).toHaveLength(100);
  });

  it('answers 404 for the notes of a ticket that does not exist', async () => {
    expect((await t.call('GET', `/api/tickets/${randomUUID()}/notes`, { as: agent })).status).toBe(404);
    expect((await t.call('GET', `/api/portal/tickets/${randomUUID()}/notes`, { as: portalUser(contact) })).status).toBe(404);
  });

  describe('in the portal', () => {
    const publicNotes = () => notes.filter((n) => n.visibility === 'public');

    it('shows the newest 50 public notes with the ticket, and pages back through the other 30, never an internal one', async () => {
      const detail = await t.call('GET', `/api/portal/tickets/${ticketId}`, { as: portalUser(contact) });
      expect(detail.status).toBe(200);
      expect(detail.body.notes.map((n: NoteItem) => n.id)).toEqual(publicNotes().slice(-50).map((n) => n.id));
      const pages = [detail.body.notes as NoteItem[], ...(await pagesFrom(`/api/portal/tickets/${ticketId}/notes`, portalUser(contact), detail.body.olderNotesCursor, 12))];
      expect(pages.map((page) => page.length)).toEqual([50, 12, 12, 6]);
      const all = pages.reverse().flat();
      expect(all.map((n) => n.id)).toEqual(publicNotes().map((n) => n.id));
      // Attachments of public notes only: those of internal notes appear on no page.
      expectOwnAttachments(all);
      const internalAttachments = notes.filter((n) => n.visibility === 'internal' && n.attachmentId).map((n) => n.attachmentId);
      expect(internalAttachments.length).toBeGreaterThan(0);
      const seen = JSON.stringify([detail.body, ...pages]);
      for (const id of [...internalAttachments, ...notes.filter((n) => n.visibility === 'internal').map((n) => n.id)]) expect(seen).not.toContain(id);
    });

    it('names a note in the history by its id only: its body is paged with the notes', async () => {
      const added = await t.call('POST', `/api/portal/tickets/${ticketId}/notes`, { as: portalUser(contact), body: { body: 'A body that stays out of the history' } });
      expect(added.status).toBe(201);
      const detail = await t.call('GET', `/api/portal/tickets/${ticketId}`, { as: portalUser(contact) });
      expect(detail.body.history).toContainEqual(expect.objectContaining({ kind: 'note_added', note: { id: added.body.id } }));
      expect(JSON.stringify(detail.body.history)).not.toContain('A body that stays out of the history');
    });

    it("answers 404 to a contact of another customer, with or without the ticket owner's cursor", async () => {
      const stranger = await t.addContact(await t.addCustomer('customer', 'Other Ltd'));
      const detail = await t.call('GET', `/api/portal/tickets/${ticketId}`, { as: portalUser(contact) });
      for (const query of ['', `?cursor=${encodeURIComponent(detail.body.olderNotesCursor)}`]) {
        const response = await t.call('GET', `/api/portal/tickets/${ticketId}/notes${query}`, { as: portalUser(stranger) });
        expect(response.status).toBe(404);
        expect(response.text).not.toContain('Note ');
      }
      // A contact who names the ticket's customer in nothing but the request gets nothing either: the scope is the token's.
      const wrongToken = await t.call('GET', `/api/portal/tickets/${ticketId}/notes?customerId=${contact.customerId}`, { as: portalUser(stranger) });
      expect(wrongToken.status).not.toBe(200);
    });
  });
});
