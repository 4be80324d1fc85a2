// The IMAP server the mail-ingest tests run against: a private Dovecot per test file, driven by
// imapflow as the service will drive it. What the ingest relies on is checked here once: messages
// appended come back by UID with their exact source, UIDVALIDITY is stable across a restart, and a
// stop drops the connection while a start brings the same mailbox back.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { processIsRunning, startTestDovecot, type TestDovecot } from '@helpdesk/testing';

const mailbox = { user: 'support@helpdesk.example', password: 'imap-secret-1' };

function client(dovecot: TestDovecot, user = mailbox) {
  return new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: user.user, pass: user.password }, logger: false });
}

function message(n: number): string {
  return [
    'From: Anna Berg <anna@acme.example>',
    'To: support@helpdesk.example',
    `Subject: Printer on floor ${n} is offline`,
    `Message-ID: <printer-${n}@mail.acme.example>`,
    'Date: Tue, 01 Dec 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `The printer on floor ${n} shows "Offline" since this morning. Grüße, Anna`,
    '',
  ].join('\r\n');
}

/** imapflow answers `true` to an APPEND a server confirms without UIDPLUS; Dovecot has UIDPLUS. */
function appendResult(result: Awaited<ReturnType<ImapFlow['append']>>) {
  if (typeof result !== 'object' || result.uid === undefined) throw new Error('APPEND did not report the new UID (no UIDPLUS?)');
  return result as typeof result & { uid: number };
}

async function fetchAll(imap: ImapFlow) {
  const lock = await imap.getMailboxLock('INBOX');
  try {
    const status = imap.mailbox;
    if (!status) throw new Error('no mailbox open');
    const messages: Array<{ uid: number; source: string }> = [];
    for await (const fetched of imap.fetch('1:*', { uid: true, source: true }, { uid: true })) {
      messages.push({ uid: fetched.uid, source: fetched.source!.toString('utf8') });
    }
    return { uidValidity: status.uidValidity, uidNext: status.uidNext, messages };
  } finally {
    lock.release();
  }
}

describe('a private Dovecot, through imapflow', () => {
  let dovecot: TestDovecot;

  beforeAll(async () => {
    dovecot = await startTestDovecot({ users: [mailbox] });
  });

  afterAll(async () => {
    await dovecot?.close();
  });

  it('keeps appended messages by UID, with their exact source, under one UIDVALIDITY', async () => {
    const imap = client(dovecot);
    await imap.connect();
    try {
      const appended = [];
      for (const n of [1, 2, 3]) appended.push(appendResult(await imap.append('INBOX', message(n))));
      expect(appended.map((result) => result.uid)).toEqual([1, 2, 3]);

      const seen = await fetchAll(imap);
      expect(typeof seen.uidValidity).toBe('bigint');
      expect(seen.uidValidity).toBe(appended[0]!.uidValidity);
      expect(seen.messages.map((m) => m.uid)).toEqual([1, 2, 3]);
      expect(seen.messages.map((m) => m.source)).toEqual([message(1), message(2), message(3)]);

      // The ingest fetches `UID > last`: only what came after.
      const lock = await imap.getMailboxLock('INBOX');
      try {
        const later = [];
        for await (const fetched of imap.fetch({ uid: '3:*' }, { uid: true, envelope: true }, { uid: true })) later.push(fetched.uid);
        expect(later).toEqual([3]);
      } finally {
        lock.release();
      }

      const parsed = await simpleParser(seen.messages[1]!.source);
      expect(parsed.messageId).toBe('<printer-2@mail.acme.example>');
      expect(parsed.text).toContain('Grüße, Anna');
    } finally {
      await imap.logout();
    }
  });

  it('drops connections when stopped and serves the same mailbox after a start', async () => {
    const imap = client(dovecot);
    await imap.connect();
    const before = await fetchAll(imap);
    const closed = new Promise<void>((resolve) => imap.once('close', () => resolve()));
    imap.on('error', () => undefined);

    await dovecot.stop();
    await closed;
    await expect(client(dovecot).connect()).rejects.toThrow();

    await dovecot.start();
    const again = client(dovecot);
    await again.connect();
    try {
      const after = await fetchAll(again);
      expect(after.uidValidity).toBe(before.uidValidity);
      expect(after.messages).toEqual(before.messages);
      const appended = appendResult(await again.append('INBOX', message(4)));
      expect(appended.uid).toBe(before.uidNext);
    } finally {
      await again.logout();
    }
  });

  it('gives each mailbox user its own mailbox, added while running, and refuses a wrong password', async () => {
    const sales = { user: 'sales@helpdesk.example', password: 'imap-secret-2' };
    await dovecot.addUser(sales);
    const imap = client(dovecot, sales);
    await imap.connect();
    try {
      expect(await imap.status('INBOX', { messages: true })).toMatchObject({ messages: 0 });
    } finally {
      await imap.logout();
    }
    const wrong = client(dovecot, { ...sales, password: 'not-it' });
    wrong.on('error', () => undefined);
    await expect(wrong.connect()).rejects.toMatchObject({ serverResponseCode: 'AUTHENTICATIONFAILED' });
  });

  it('changes UIDVALIDITY when told to, as a server that rebuilt its mailbox does', async () => {
    const imap = client(dovecot);
    await imap.connect();
    try {
      const before = await fetchAll(imap);
      await imap.logout();
      await dovecot.doveadm('mailbox', 'update', '-u', mailbox.user, '--uid-validity', String(Number(before.uidValidity) + 1000), 'INBOX');
      const again = client(dovecot);
      await again.connect();
      try {
        const after = await fetchAll(again);
        expect(after.uidValidity).toBe(before.uidValidity + 1000n);
      } finally {
        await again.logout();
      }
    } catch (error) {
      if (imap.usable) await imap.logout();
      throw error;
    }
  });

  it('stops and removes, at the next start, a Dovecot whose test process was killed', async () => {
    const leftover = await startTestDovecot();
    const master = Number(readFileSync(path.join(leftover.dir, 'run', 'master.pid'), 'utf8'));
    // As if the test process that started it had been killed: its owner is a process that has ended.
    const ended = spawnSync('true').pid;
    writeFileSync(path.join(leftover.dir, 'owner.pid'), String(ended));

    const next = await startTestDovecot();
    try {
      expect(existsSync(leftover.dir)).toBe(false);
      expect(processIsRunning(master)).toBe(false);
    } finally {
      await next.close();
    }
  });
});
