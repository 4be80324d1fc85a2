import { randomUUID } from 'node:crypto';
import { createEvent, inboundEmailFiledV1 } from '@helpdesk/contracts-schema';
import { inboundEmailFiledGroups } from '../src/events/on-inbound-email-filed';
import { startMailIngest, type MailIngestTestService } from './helpers';

/**
 * The tickets service's inbound_email.filed events are applied a group at a time (those the broker
 * delivered together), in one statement, each once: its id recorded as handled beside its filing.
 */
describe('inbound_email.filed, a group at a time', () => {
  let m: MailIngestTestService;
  let accountId: string;

  async function addAccount() {
    const id = randomUUID();
    await m.query(
      `INSERT INTO email_accounts (id, name, address, enabled, imap_host, imap_port, tls_mode, imap_user, auth_method, secret_sealed, secret_key_id)
       VALUES ($1, $2, $3, false, '127.0.0.1', 143, 'none', $3, 'password', '\\x00', 'k1')`,
      [id, `Account ${id.slice(0, 8)}`, `support-${id.slice(0, 8)}@helpdesk.example`],
    );
    return id;
  }
  /** An email processed and announced to the tickets service, waiting for its filing. */
  async function announced(account = accountId) {
    const id = randomUUID();
    await m.query(
      `INSERT INTO inbound_emails (id, email_account_id, dedup_key, raw, size, state, processed_at) VALUES ($1, $2, $3, '\\x00', 1, 'announced', now())`,
      [id, account, `test:${id}`],
    );
    return id;
  }
  const filing = (emailId: string, number: number, outcome: 'new-ticket' | 'joined-ticket' = 'new-ticket') =>
    createEvent(
      inboundEmailFiledV1,
      { id: emailId, version: 1 },
      {
        emailId, emailAccountId: accountId, outcome, ticketId: randomUUID(), number, rule: null, reopened: false,
        linkedTicketId: null, customerId: null, contactId: null, noteId: null, detail: `Ticket #${number}.`,
      },
      { producer: 'tickets', correlationId: randomUUID(), causationId: null },
    );
  const records = async (ids: string[]) =>
    new Map(
      (await m.query<{ id: string; state: string; outcome: string | null; ticket_number: number | null }>(
        'SELECT id, state, outcome, ticket_number FROM inbound_emails WHERE id = ANY($1)',
        [ids],
      )).map(({ id, ...rest }) => [id, rest]),
    );
  const filedCount = async (outcome: string) => {
    const metrics = await (await fetch(`${m.service.url}/metrics`)).text();
    return Number(new RegExp(`inbound_emails_filed_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  };

  beforeAll(async () => {
    m = await startMailIngest();
    accountId = await addAccount();
  });
  afterAll(async () => {
    await m?.stop();
  });

  it('applies each event of a group once: a redelivery within the group or after it, and one for an email it does not hold, write nothing more', async () => {
    const [a, b, elsewhere] = [await announced(), await announced(), await announced(await addAccount())];
    const first = filing(a, 101);
    const second = filing(b, 102);
    const unknown = filing(randomUUID(), 103);
    // Filed as if the email were of this account, which it is not: the record stays as it is.
    const wrongAccount = filing(elsewhere, 104);
    const newTickets = await filedCount('new-ticket');

    const applied = await inboundEmailFiledGroups.handleGroup([first, second, first, unknown, wrongAccount], m.service);
    expect([...applied].sort()).toEqual([first.id, second.id, unknown.id, wrongAccount.id].sort());
    const after = await records([a, b, elsewhere]);
    expect(after.get(a)).toEqual({ state: 'filed', outcome: 'new-ticket', ticket_number: 101 });
    expect(after.get(b)).toEqual({ state: 'filed', outcome: 'new-ticket', ticket_number: 102 });
    expect(after.get(elsewhere)).toEqual({ state: 'announced', outcome: null, ticket_number: null });
    const handled = await m.query<{ n: number }>(`SELECT count(*)::int AS n FROM processed_events WHERE consumer = 'mail-ingest' AND event_id = ANY($1)`, [
      [first.id, second.id, unknown.id, wrongAccount.id],
    ]);
    expect(handled[0]!.n).toBe(4);
    expect(await filedCount('new-ticket')).toBe(newTickets + 2);

    // The first event again (changed, so that writing it again would show), and a later filing of the second email.
    const redelivered = { ...first, data: { ...first.data, number: 999 } };
    const later = filing(b, 202, 'joined-ticket');
    const joined = await filedCount('joined-ticket');
    expect(await inboundEmailFiledGroups.handleGroup([redelivered, later], m.service)).toEqual([later.id]);
    const afterLater = await records([a, b]);
    expect(afterLater.get(a)).toEqual({ state: 'filed', outcome: 'new-ticket', ticket_number: 101 });
    expect(afterLater.get(b)).toEqual({ state: 'filed', outcome: 'joined-ticket', ticket_number: 202 });
    expect(await filedCount('new-ticket')).toBe(newTickets + 2);
    expect(await filedCount('joined-ticket')).toBe(joined + 1);
  });
});
