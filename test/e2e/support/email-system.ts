import { randomUUID } from 'node:crypto';
import { queryDatabase, startTestDovecot, waitFor, type ReceivedMail, type TestDovecot } from '@helpdesk/testing';
import { startSystem, type System } from './system';

/**
 * A system that runs support by email: its notifier sends through the test SMTP server as
 * support@helpdesk.example, and mail-ingest reads that mailbox on a private Dovecot as a
 * tickets-from-email account created through the gateway. What a customer's mail client (or another
 * machine) sends to support is APPENDed to the mailbox's INBOX, as the mail server would deliver it.
 */
export const supportAddress = 'support@helpdesk.example';
const mailbox = { user: supportAddress, password: 'imap-password-of-support' };
const finalStates = new Set(['filed', 'duplicate', 'bounce', 'own-mail', 'quarantined']);

export interface InboundRecord {
  id: string;
  state: string;
  outcome: string | null;
  messageId: string | null;
  subject: string | null;
  from: { address: string } | null;
  automatic: { header: string; value: string } | null;
  ticket: { id: string; number: number } | null;
}

/** A mail as a client writes it: the headers named, a fresh Message-ID and a Date unless given. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to the text, as most mail clients send: the message becomes multipart/alternative. */
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** Further header lines, e.g. `{ 'Auto-Submitted': 'auto-replied' }`. */
  headers?: Record<string, string>;
}

/** The address of a header's `Name <address>` or bare address. */
export function addressOf(mailbox: string): string {
  return (/<([^<>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();
}

export function newMessageIdAt(mailbox: string): string {
  const address = addressOf(mailbox);
  return `<${randomUUID()}@${address.slice(address.lastIndexOf('@') + 1)}>`;
}

/** The RFC 5322 message, CRLF lines, UTF-8 body (the HTML alternative in base64, whatever its line lengths). */
export function composeMail(mail: OutgoingMail): { raw: Buffer; messageId: string } {
  const messageId = mail.messageId ?? newMessageIdAt(mail.from);
  const lines = [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${mail.subject}`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    ...(mail.inReplyTo ? [`In-Reply-To: ${mail.inReplyTo}`] : []),
    ...(mail.references?.length ? [`References: ${mail.references.join(' ')}`] : []),
    ...Object.entries(mail.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    ...(mail.html === undefined ? textPart(mail.text) : alternativeParts(mail.text, mail.html)),
  ];
  return { raw: Buffer.from(lines.join('\r\n'), 'utf8'), messageId };
}

function textPart(text: string): string[] {
  return ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text, ''];
}

function alternativeParts(text: string, html: string): string[] {
  const boundary = `alt-${randomUUID()}`;
  const base64Lines = Buffer.from(html, 'utf8').toString('base64').match(/.{1,76}/g) ?? [];
  return [
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    ...textPart(text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    ...base64Lines,
    `--${boundary}--`,
    '',
  ];
}

function referencesOf(mail: ReceivedMail): string[] {
  const references = mail.parsed.references;
  return references === undefined ? [] : Array.isArray(references) ? references : references.split(/\s+/).filter(Boolean);
}

/**
 * The answer a mail client builds to a received email: to its Reply-To (else its From), subject
 * "Re: <subject>", In-Reply-To its Message-ID, References its References and its Message-ID, the
 * original quoted.
 */
export function replyTo(received: ReceivedMail, reply: { from: string; text: string; headers?: Record<string, string> }): OutgoingMail {
  const messageId = received.parsed.messageId!;
  const to = received.parsed.replyTo?.value[0]?.address ?? received.parsed.from!.value[0]!.address!;
  const quoted = (received.parsed.text ?? '').split('\n').map((line) => `> ${line}`).join('\n');
  return {
    from: reply.from,
    to,
    subject: `Re: ${received.parsed.subject ?? ''}`,
    inReplyTo: messageId,
    references: [...referencesOf(received).filter((id) => id !== messageId), messageId],
    text: `${reply.text}\n\n${quoted}`,
    ...(reply.headers ? { headers: reply.headers } : {}),
  };
}

type StartSystem<S extends System> = (options: { env: NonNullable<Parameters<typeof startSystem>[0]>['env'] }) => Promise<S>;

/** `start`: how the system starts (the browser tests' start puts the gateway on a port chosen first). */
export async function startEmailSystem<S extends System = System>(start: StartSystem<S> = startSystem as StartSystem<S>) {
  const [system, dovecot] = await Promise.all([
    start({
      env: {
        'mail-ingest': { IMAP_SWEEP_INTERVAL_MS: '300', PROCESSOR_POLL_MS: '100', MAIL_ACCOUNTS_REFRESH_MS: '200', MAIL_FROM: `Helpdesk <${supportAddress}>` },
        notifier: { MAIL_FROM: `Helpdesk <${supportAddress}>` },
      },
    }),
    startTestDovecot({ users: [mailbox] }),
  ]);
  const admin = await system.logInAsAdmin();
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => system.api(method, path, { token: admin, body, ...(headers ? { headers } : {}) });
  const account = await api('POST', '/api/email-accounts', {
    name: 'Support', address: supportAddress, host: dovecot.host, port: dovecot.port, tlsMode: 'none', user: mailbox.user, password: mailbox.password, folder: 'INBOX',
  });
  if (account.status !== 201) throw new Error(`creating the email account: ${account.status} ${JSON.stringify(account.body)}`);
  const accountId = account.body.id as string;
  // These stories are about ticket mail: the contacts they add get no portal invitation (an auto-responder would answer it too).
  const invitationSwitch = (await api('GET', '/api/emails/system')).body.items.find((item: { key: string }) => item.key === 'portal_invitation');
  const switchedOff = await api('PATCH', '/api/emails/system/portal_invitation', { enabled: false, version: invitationSwitch.version });
  if (switchedOff.status !== 200) throw new Error(`switching the invitation email off: ${switchedOff.status} ${JSON.stringify(switchedOff.body)}`);
  await waitFor(async () => {
    const rows = await queryDatabase<{ enabled: boolean }>(system.services.customers.databaseUrl, "SELECT enabled FROM projected_system_emails WHERE key = 'portal_invitation'");
    return rows[0]?.enabled === false;
  }, { what: 'the customers service to know the invitation email is off' });

  /** A customer with email domains and its contacts (by address: their ids). */
  async function addCustomer(name: string, emailDomains: string[], contacts: string[]): Promise<{ id: string; contacts: Record<string, string> }> {
    const created = await api('POST', '/api/customers', { name, emailDomains });
    if (created.status !== 201) throw new Error(`customer ${name}: ${created.status} ${JSON.stringify(created.body)}`);
    const ids: Record<string, string> = {};
    for (const email of contacts) {
      const local = email.slice(0, email.indexOf('@'));
      const added = await api('POST', `/api/customers/${created.body.id}/contacts`, { firstName: local, lastName: name, email });
      if (added.status !== 201) throw new Error(`contact ${email}: ${added.status} ${JSON.stringify(added.body)}`);
      ids[email] = added.body.id;
    }
    return { id: created.body.id, contacts: ids };
  }

  /** Delivers mail to support's INBOX; resolves to its Message-ID. */
  async function deliver(mail: OutgoingMail): Promise<string> {
    const { raw, messageId } = composeMail(mail);
    const imap = await dovecot.connect(mailbox);
    try {
      await imap.append('INBOX', raw);
    } finally {
      await imap.logout();
    }
    return messageId;
  }

  /** Every processing record of the account, through the gateway. */
  async function records(): Promise<InboundRecord[]> {
    const all: InboundRecord[] = [];
    let cursor: string | null = null;
    do {
      const page = await api('GET', `/api/inbound-emails?accountId=${accountId}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      if (page.status !== 200) throw new Error(`inbound emails: ${page.status} ${JSON.stringify(page.body)}`);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return all;
  }

  /** The whole processing record of the email with this Message-ID, once it is final (filed, or why not). */
  async function recordOf(messageId: string) {
    const summary = await waitFor(
      async () => (await records()).find((r) => r.messageId?.toLowerCase() === messageId.toLowerCase() && finalStates.has(r.state)),
      { timeoutMs: 30_000, what: `the processing record of ${messageId}` },
    );
    return (await api('GET', `/api/inbound-emails/${summary.id}`)).body;
  }

  /**
   * Waits until nothing moves any more: every processing record is final, `busy(records)` (a party
   * still answering, or mail delivered that has no record yet) is false, and neither the records nor the mails the SMTP server received changed for
   * `quietMs` (several mailbox sweeps and send intervals), all read through the gateway and the
   * SMTP server. Resolves to the records.
   */
  async function settle(busy: (records: InboundRecord[]) => boolean = () => false, quietMs = 3000): Promise<InboundRecord[]> {
    let last = '';
    let since = Date.now();
    return waitFor(
      async () => {
        const all = await records();
        const moving = busy(all);
        const state = JSON.stringify([all.map((r) => [r.id, r.state]), system.smtp.received.length, moving]);
        if (state !== last) {
          last = state;
          since = Date.now();
          return undefined;
        }
        return !moving && all.every((r) => finalStates.has(r.state)) && Date.now() - since >= quietMs ? all : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 200, what: 'the mail traffic to settle' },
    );
  }

  /**
   * Waits until the tickets service knows an email the system sent as issued for a ticket (its
   * outgoing_email.queued arrived): from then on a reply to it threads by its Message-ID. A person
   * answers later than that; a test answers within milliseconds, so it waits for this first.
   */
  async function issued(received: ReceivedMail): Promise<void> {
    const messageId = received.parsed.messageId!;
    await waitFor(
      async () => (await queryDatabase(system.services.tickets.databaseUrl, "SELECT 1 FROM ticket_message_ids WHERE lower(message_id) = lower($1) AND source = 'issued'", [messageId])).length > 0,
      { timeoutMs: 30_000, what: `${messageId} recorded as issued on its ticket` },
    );
  }

  /** The ticket, through the gateway, as an agent sees it. */
  const ticket = async (id: string) => (await api('GET', `/api/tickets/${id}`)).body;

  async function stop() {
    await Promise.all([system.stop(), dovecot.close()]);
  }

  return { system, dovecot, admin, api, accountId, addCustomer, deliver, records, recordOf, settle, issued, ticket, stop };
}

export type EmailSystem = Awaited<ReturnType<typeof startEmailSystem>>;
export type { System, TestDovecot };
