import { inboundEmailReceivedV1 } from '@helpdesk/contracts-schema';
import type { Principal } from '@helpdesk/http';
import { gatewayAssertionHeader, waitFor } from '@helpdesk/testing';
import { ifMatch, portalUser, staff, startTickets, type TicketsTestService } from './helpers';
import { inboundEmails, type Received } from './inbound-email-support';

/**
 * An email's sanitised HTML as a document of its own (issue 14 §3): GET /api/tickets/{id}/html and
 * …/notes/{noteId}/html for agents who may see the ticket, the same under /api/portal/tickets for
 * contacts (public notes within their scope). Served with a policy that lets no script run, framed by
 * our own pages only; remote images inert unless an agent asks.
 */
describe('the HTML of a ticket\'s email as a document', () => {
  let t: TicketsTestService;
  const admin = staff();
  let customerId: string;
  let anna: Awaited<ReturnType<TicketsTestService['addContact']>>;
  let tom: Awaited<ReturnType<TicketsTestService['addContact']>>;
  let hank: Awaited<ReturnType<TicketsTestService['addContact']>>;
  let ticketId: string;
  let otherTicketId: string;
  let replyNoteId: string;
  let internalNoteId: string;
  let plainNoteId: string;
  const email = inboundEmails('email-html');

  const openingHtml = '<p>Printer <b>offline</b></p><p><img alt="tracker" data-remote-src="https://tracker.example/p.gif?id=1&amp;u=2" /><a href="https://acme.example/x" target="_blank" rel="noopener noreferrer nofollow">order</a></p>';
  const replyHtml = '<p>Still offline<img data-remote-src="http://tracker.example/q.gif" /></p>';

  async function file(data: Received): Promise<Record<string, any>> {
    await t.publish(inboundEmailReceivedV1, { id: data.emailId, version: 1 }, data);
    const [row] = await waitFor(
      async () => {
        const rows = await t.query<{ payload: { data: Record<string, any> } }>("SELECT payload FROM outbox WHERE event_type = 'inbound_email.filed' AND payload->'data'->>'emailId' = $1", [data.emailId]);
        return rows.length > 0 ? rows : undefined;
      },
      { what: `email ${data.emailId} filed` },
    );
    return row!.payload.data;
  }

  async function get(path: string, as: Principal) {
    const response = await fetch(`${t.service.url}${path}`, { headers: gatewayAssertionHeader(as, { service: 'tickets', method: 'GET', path }) });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  async function addNote(visibility: 'public' | 'internal'): Promise<string> {
    const current = await t.call('GET', `/api/tickets/${ticketId}`, { as: admin });
    const note = await t.call('POST', `/api/tickets/${ticketId}/notes`, { as: admin, body: { body: `${visibility} note`, visibility }, headers: ifMatch(current.body.version) });
    expect(note.status).toBe(201);
    return note.body.id;
  }

  beforeAll(async () => {
    t = await startTickets();
    customerId = await t.addCustomer('own');
    const otherCustomerId = await t.addCustomer('own');
    anna = await t.addContact(customerId, 'Anna');
    tom = await t.addContact(customerId, 'Tom');
    hank = await t.addContact(otherCustomerId, 'Hank');
    const opened = await file(email({ from: { address: anna.email, name: 'Anna' }, subject: 'Printer offline', html: openingHtml }));
    expect(opened.outcome).toBe('new-ticket');
    ticketId = opened.ticketId;
    const joined = await file(email({ from: { address: anna.email, name: 'Anna' }, subject: `Re: [Ticket #${opened.number}] Printer offline`, html: replyHtml }));
    expect(joined).toMatchObject({ outcome: 'joined-ticket', ticketId });
    replyNoteId = joined.noteId;
    otherTicketId = (await file(email({ from: { address: hank.email, name: 'Hank' }, subject: 'Elsewhere', html: '<p>Hank\'s</p>' }))).ticketId;
    // No email makes an internal note with HTML; the rule must hold for any note agents keep to themselves.
    internalNoteId = await addNote('internal');
    await t.query('UPDATE ticket_notes SET body_html = $2 WHERE id = $1', [internalNoteId, '<p>Agents only</p>']);
    plainNoteId = await addNote('public');
  });

  afterAll(() => t?.stop());

  const strictPolicy =
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox; frame-ancestors 'self'";

  function expectEmailDocument(answer: Awaited<ReturnType<typeof get>>, policy = strictPolicy) {
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('content-security-policy')).toBe(policy);
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.text).toMatch(/^<!DOCTYPE html><html><head><meta charset="utf-8">/);
    expect(answer.text).not.toMatch(/<script/i);
  }

  const bodyOf = (document: string) => document.slice(document.indexOf('<body>'));

  describe('for agents', () => {
    it('serves the opening email\'s HTML as it was stored, its remote images inert', async () => {
      const answer = await get(`/api/tickets/${ticketId}/html`, admin);
      expectEmailDocument(answer);
      expect(answer.text).toContain(`<body>${openingHtml}</body>`);
      expect(answer.text).not.toMatch(/\ssrc="https?:/);
    });

    it('serves a note\'s HTML, internal notes included', async () => {
      const reply = await get(`/api/tickets/${ticketId}/notes/${replyNoteId}/html`, admin);
      expectEmailDocument(reply);
      expect(reply.text).toContain(`<body>${replyHtml}</body>`);
      const internal = await get(`/api/tickets/${ticketId}/notes/${internalNoteId}/html`, admin);
      expectEmailDocument(internal);
      expect(internal.text).toContain('<p>Agents only</p>');
    });

    it('with ?remote=allow gives the remote images their addresses as sources and lets the policy load them, nothing else, from an opaque origin', async () => {
      const opening = await get(`/api/tickets/${ticketId}/html?remote=allow`, admin);
      // No allow-same-origin: an image naming the helpdesk is a cross-site request, without the session cookie.
      expectEmailDocument(opening, strictPolicy.replace("img-src 'self' data:", "img-src 'self' data: https: http:").replace('sandbox allow-same-origin ', 'sandbox '));
      expect(opening.text).toContain('<img alt="tracker" src="https://tracker.example/p.gif?id=1&amp;u=2" />');
      expect(bodyOf(opening.text)).not.toContain('data-remote-src');
      expect(opening.text).toContain('<a href="https://acme.example/x" target="_blank" rel="noopener noreferrer nofollow">order</a>');
      const reply = await get(`/api/tickets/${ticketId}/notes/${replyNoteId}/html?remote=allow`, admin);
      expect(reply.text).toContain('<img src="http://tracker.example/q.gif" />');
    });

    it('refuses any other query with a problem document', async () => {
      for (const query of ['remote=yes', 'remote=allow&x=1', 'script=1']) {
        const answer = await t.call('GET', `/api/tickets/${ticketId}/html?${query}`, { as: admin });
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      const badNote = await t.call('GET', `/api/tickets/${ticketId}/notes/not-a-uuid/html`, { as: admin });
      expect(badNote.status).toBe(400);
      expect(badNote.body.detail).toMatch(/note id/);
    });

    it('answers 404 for a note without HTML, a note of another ticket, and a ticket the agent\'s teams do not reach', async () => {
      expect((await t.call('GET', `/api/tickets/${ticketId}/notes/${plainNoteId}/html`, { as: admin })).status).toBe(404);
      expect((await t.call('GET', `/api/tickets/${otherTicketId}/notes/${replyNoteId}/html`, { as: admin })).status).toBe(404);
      const agent = await t.agentOf([customerId]);
      expectEmailDocument(await get(`/api/tickets/${ticketId}/html`, agent));
      const elsewhere = await t.call('GET', `/api/tickets/${otherTicketId}/html`, { as: agent });
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.text).not.toContain('Hank');
      expect((await t.call('GET', `/api/tickets/${otherTicketId}/notes/${replyNoteId}/html`, { as: agent })).status).toBe(404);
    });
  });

  describe('in the portal', () => {
    it('serves the contact the opening email and public notes of their ticket, remote images inert', async () => {
      const opening = await get(`/api/portal/tickets/${ticketId}/html`, portalUser(anna));
      expectEmailDocument(opening);
      expect(opening.text).toContain(`<body>${openingHtml}</body>`);
      const reply = await get(`/api/portal/tickets/${ticketId}/notes/${replyNoteId}/html`, portalUser(anna));
      expectEmailDocument(reply);
      expect(reply.text).toContain(`<body>${replyHtml}</body>`);
    });

    it('never loads remote images: ?remote=allow is refused', async () => {
      const answer = await t.call('GET', `/api/portal/tickets/${ticketId}/html?remote=allow`, { as: portalUser(anna) });
      expect(answer.status).toBe(400);
      expect(answer.body.detail).toMatch(/remote/);
    });

    it('answers 404 for an internal note, a note without HTML, another contact\'s ticket and another customer\'s', async () => {
      const notFound = async (path: string, as: Principal) => {
        const answer = await t.call('GET', path, { as });
        expect({ path, status: answer.status }).toEqual({ path, status: 404 });
        expect(answer.text).not.toMatch(/Agents only|Printer|Hank/);
      };
      await notFound(`/api/portal/tickets/${ticketId}/notes/${internalNoteId}/html`, portalUser(anna));
      await notFound(`/api/portal/tickets/${ticketId}/notes/${plainNoteId}/html`, portalUser(anna));
      // Tom's customer shows each contact their own tickets only.
      await notFound(`/api/portal/tickets/${ticketId}/html`, portalUser(tom));
      await notFound(`/api/portal/tickets/${ticketId}/notes/${replyNoteId}/html`, portalUser(tom));
      await notFound(`/api/portal/tickets/${ticketId}/html`, portalUser(hank));
      await notFound(`/api/portal/tickets/${ticketId}/notes/${replyNoteId}/html`, portalUser(hank));
      // A note named under a ticket it is not on, even one the contact may see.
      await notFound(`/api/portal/tickets/${otherTicketId}/notes/${replyNoteId}/html`, portalUser(hank));
    });

    it('takes the customer from the token only: a contact moved to another customer no longer sees it', async () => {
      const moved = await t.call('GET', `/api/portal/tickets/${ticketId}/html`, { as: { ...portalUser(anna), customerId: hank.customerId } });
      expect(moved.status).toBe(404);
    });
  });
});
