#!/usr/bin/env node
// Benchmark (not a test) of mail ingest (issue 11, "Done when"): a private Dovecot, the six services
// as child processes on scratch databases and a bus prefix of their own (bench/services.mjs), and
// from one run:
// - the baseline: bare imapflow fetching the source of N messages (`1:*`) from that Dovecot, with and
//   without mailparser's simpleParser on each, emails/s;
// - the system: the same N messages, APPENDed before the tickets-from-email account is created
//   through the gateway, ingested up to the ticket committed in the tickets database, emails/s, and
//   the ratio to the bare fetch-and-parse rate (goal ≥ 0.5);
// - the time from APPEND to the ticket visible in the API (GET /api/tickets/{id} through the
//   gateway) at a steady rate while the account is live (IDLE), p50 / p99, and where it is spent;
// - CPU milliseconds per email of each process (services, PostgreSQL, RabbitMQ, Dovecot, this one).
//
//   npm run bench:mail                 (builds first)
//   node bench/mail-ingest.mjs         (uses the existing dist folders)
//
// Settings (environment): BENCH_MAIL_COUNT (1000, the N of the baseline and the bulk ingest),
// BENCH_BASELINE_ROUNDS (3, each way; the median is reported), BENCH_PACED_COUNT (200) and
// BENCH_PACED_RATE (default: 20 mails/s, or half the bulk rate when that is lower) for the lag, BENCH_STALL_SECONDS (60: the bulk ingest gives up after
// this long without progress), BENCH_DRAIN_SECONDS (60, bound on waiting for the paced mails'
// tickets), BENCH_MAIL_ACCOUNTS_REFRESH_MS (unset: the service's default), and those of
// bench/services.mjs: BENCH_IDLE_SECONDS, BENCH_BASE_PORT, BENCH_DATABASE_URL, BENCH_AMQP_URL,
// BENCH_SHOW_LOGS=1, BENCH_NODE_ARGS ("--cpu-prof --cpu-prof-dir=DIR": then `node
// bench/profile-summary.mjs DIR` tells where each service's CPU went during the bulk ingest, per email).

import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { fmt, fmtInt, latencyStats, openLoop, sleep, table } from './measure.mjs';
import {
  benchClient,
  commonSettings,
  cpuReport,
  cpuSnapshot,
  createServiceSet,
  lifecycle,
  log,
  machineLine,
  numberSetting as num,
  onCleanup,
  openAdminClient,
  printCpu,
  printMemory,
  request,
  root,
  runBenchmark,
  startSmtpSink,
  step,
} from './services.mjs';

const settings = {
  ...commonSettings(),
  mailCount: Math.max(1, Math.floor(num('BENCH_MAIL_COUNT', 1000))),
  baselineRounds: Math.max(1, Math.floor(num('BENCH_BASELINE_ROUNDS', 3))),
  pacedCount: Math.floor(num('BENCH_PACED_COUNT', 200)),
  /** Mails/s of the lag phase; 0 (the default): 20/s, or half the bulk rate just measured when that is lower (below saturation). */
  pacedRate: num('BENCH_PACED_RATE', 0),
  stallSeconds: num('BENCH_STALL_SECONDS', 60),
  drainSeconds: num('BENCH_DRAIN_SECONDS', 60),
  accountsRefreshMs: process.env.BENCH_MAIL_ACCOUNTS_REFRESH_MS || undefined,
  goal: 0.5,
};

const runId = randomBytes(4).toString('hex');
const corpusDir = path.join(root, 'services/mail-ingest/test/corpus');
const world = JSON.parse(readFileSync(path.join(corpusDir, 'world.json'), 'utf8'));
const mailbox = { user: world.system.mailbox, password: `bench-${randomBytes(9).toString('hex')}` };

let smtpSink;
let acknowledgementsSent = 0;
const system = createServiceSet({
  runId,
  settings,
  extraEnv: (service) => ({
    ...(service.name === 'notifier' && { SMTP_URL: smtpSink.url }),
    ...(service.name === 'mail-ingest' && settings.accountsRefreshMs && { MAIL_ACCOUNTS_REFRESH_MS: settings.accountsRefreshMs }),
  }),
});
const { services, byName } = system;
onCleanup('close the SMTP server', () => smtpSink?.close());

let dovecot;
onCleanup('stop Dovecot', () => dovecot?.close());

// ---------------------------------------------------------------------------------------------
// the mails: corpus messages that open a ticket for a known customer, each copy with its own Message-ID

/**
 * The corpus cases whose mail, alone in a world with no tickets yet, opens a new ticket for one of
 * world.json's customers (plain, HTML, attachments, inline images, several charsets, forwarded,
 * automatic, malformed but readable, script-laden…): 27 of the 56.
 */
function ticketOpeningCases() {
  return readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => {
      const expected = JSON.parse(readFileSync(path.join(corpusDir, name, 'expected.json'), 'utf8'));
      const source = readFileSync(path.join(corpusDir, name, 'message.eml')).toString('latin1');
      const opensTicket =
        expected.expected.record === 'new-ticket' &&
        typeof expected.expected.customer === 'string' &&
        !expected.given?.tickets?.length &&
        !expected.given?.earlierDeliveries &&
        !expected.generate &&
        !source.includes('{{') &&
        !/^Subject:.*\[ticket\s*#?\s*\d+\]/im.test(source);
      return opensTicket ? [{ name, source }] : [];
    });
}

/**
 * Copy `n` of a case as it is APPENDed: CRLF line ends (bytes kept as they are, latin1), and a
 * Message-ID of its own in the header (replacing the case's, or added where it has none), so that
 * every copy is a new email for deduplication, and the bench can find its ticket.
 */
function renderCopy(corpusCase, n) {
  const text = corpusCase.source.replace(/\r?\n/g, '\r\n');
  const end = text.indexOf('\r\n\r\n');
  let header = text.slice(0, end);
  const body = text.slice(end);
  const messageId = `<bench-${runId}-${n}@${corpusCase.name}.bench.example>`;
  const existing = /^Message-ID:[^\r\n]*(\r\n[ \t][^\r\n]*)*/im;
  header = existing.test(header) ? header.replace(existing, `Message-ID: ${messageId}`) : `${header}\r\nMessage-ID: ${messageId}`;
  return { messageId, raw: Buffer.from(header + body, 'latin1'), caseName: corpusCase.name };
}

const normalisedMessageId = (id) => id.trim().replace(/^<|>$/g, '').toLowerCase();

// ---------------------------------------------------------------------------------------------
// Dovecot and the bare imapflow baseline

function imapClient() {
  return new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: mailbox.user, pass: mailbox.password }, logger: false });
}

/** Dovecot's master and every process it started (login, imap, auth…), for the CPU table. */
function dovecotProcesses() {
  let master;
  try {
    master = Number(readFileSync(path.join(dovecot.dir, 'run', 'master.pid'), 'utf8').trim());
  } catch {
    return [];
  }
  const found = [[master, 'dovecot (all its processes)']];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === master) found.push([Number(entry), 'dovecot (all its processes)']);
    } catch {
      /* ended while we looked */
    }
  }
  return found;
}

const snapshot = (adminClient) => cpuSnapshot(adminClient, { services, extra: dovecotProcesses });

async function appendAll(mails) {
  const client = imapClient();
  await client.connect();
  try {
    for (const mail of mails) await client.append('INBOX', mail.raw);
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/**
 * One bare fetch of `1:*` (UID and source) from INBOX, opened read-only (EXAMINE: nothing is
 * flagged), each message parsed with simpleParser as it arrives when `parse`. The clock runs from
 * the FETCH command to the last message; connecting, signing in and EXAMINE are timed apart (and
 * their CPU is counted with the round's).
 */
async function bareFetch(parse, beforeLogout = async () => undefined) {
  const client = imapClient();
  const t0 = performance.now();
  await client.connect();
  await client.mailboxOpen('INBOX', { readOnly: true });
  const opened = performance.now();
  let count = 0;
  let bytes = 0;
  let parsedText = 0;
  for await (const message of client.fetch('1:*', { uid: true, source: true })) {
    count++;
    bytes += message.source.length;
    if (parse) {
      const parsed = await simpleParser(message.source);
      parsedText += (parsed.text ?? '').length;
    }
  }
  const ended = performance.now();
  // Dovecot's imap process of this connection ends with it, and its CPU time with it: look first.
  await beforeLogout();
  await client.logout().catch(() => undefined);
  return { count, bytes, parsedText, connectMs: opened - t0, seconds: (ended - opened) / 1000, rate: count / ((ended - opened) / 1000) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

async function baseline(monitor) {
  const rounds = { fetch: [], fetchParse: [] };
  // One unmeasured pass of each first: the maildir in the page cache, the parser's code warm.
  await bareFetch(false);
  await bareFetch(true);
  const cpu = { fetch: [], fetchParse: [] };
  for (let round = 0; round < settings.baselineRounds && !lifecycle.stopping; round++) {
    for (const [way, parse] of [
      ['fetch', false],
      ['fetchParse', true],
    ]) {
      const before = await snapshot(monitor);
      let after;
      const result = await bareFetch(parse, async () => void (after = await snapshot(monitor)));
      if (result.count !== settings.mailCount) throw new Error(`the baseline fetched ${result.count} messages, not ${settings.mailCount}`);
      rounds[way].push(result);
      cpu[way].push(cpuReport(before, after));
    }
  }
  const summary = (way) => {
    const results = rounds[way];
    const medianRate = median(results.map((r) => r.rate));
    const chosen = results.find((r) => r.rate === medianRate);
    const report = cpu[way][results.indexOf(chosen)];
    const msPerEmail = (group) => ((report.rows.find((r) => r.group === group)?.cpuSeconds ?? 0) * 1000) / chosen.count;
    return {
      rate: medianRate,
      rates: results.map((r) => r.rate),
      connectMs: median(results.map((r) => r.connectMs)),
      bytes: chosen.bytes,
      clientMs: msPerEmail(benchClient),
      dovecotMs: msPerEmail('dovecot (all its processes)'),
    };
  };
  return { fetch: summary('fetch'), fetchParse: summary('fetchParse') };
}

// ---------------------------------------------------------------------------------------------
// the world: world.json's customers with their email domains and contacts, through the gateway

async function seedCustomers(agent, token) {
  const gateway = byName.gateway.port;
  const call = async (method, urlPath, body) => {
    const res = await request(agent, { port: gateway, method, path: urlPath, token, body });
    if (res.status >= 300) throw new Error(`${method} ${urlPath}: ${res.status} ${res.text.slice(0, 300)}`);
    return JSON.parse(res.text);
  };
  const emails = [];
  for (const customer of world.customers) {
    const created = await call('POST', '/api/customers', { name: customer.name, emailDomains: customer.emailDomains });
    for (const contact of customer.contacts) {
      const [firstName, ...rest] = contact.name.split(' ');
      await call('POST', `/api/customers/${created.id}/contacts`, { firstName, lastName: rest.join(' ') || firstName, email: contact.email });
      emails.push(contact.email.toLowerCase());
    }
  }
  // The tickets service resolves senders from its own projection: wait until it has every contact.
  const tickets = new pg.Client({ connectionString: system.databaseUrlOf('tickets') });
  await tickets.connect();
  try {
    const deadline = performance.now() + 30_000;
    let seen = 0;
    while (performance.now() < deadline && !lifecycle.stopping) {
      seen = (await tickets.query('SELECT count(*)::int AS n FROM contacts WHERE lower(email) = ANY($1)', [emails])).rows[0].n;
      if (seen >= emails.length) break;
      await sleep(100);
    }
    if (seen < emails.length) log(`  note: the tickets service had ${seen} of the ${emails.length} contacts after 30 s`);
  } finally {
    await tickets.end();
  }
  return { customers: world.customers.length, contacts: emails.length };
}

async function createAccount(agent, token) {
  const body = { name: 'Support (bench)', address: mailbox.user, host: dovecot.host, port: dovecot.port, tlsMode: 'none', user: mailbox.user, password: mailbox.password, folder: 'INBOX' };
  const res = await request(agent, { port: byName.gateway.port, method: 'POST', path: '/api/email-accounts', token, body });
  if (res.status !== 201) throw new Error(`POST /api/email-accounts: ${res.status} ${res.text.slice(0, 400)}`);
  return JSON.parse(res.text);
}

// ---------------------------------------------------------------------------------------------
// the system: the N mails in the mailbox, then the account; until N email tickets are committed

async function inboundStates(mailIngest) {
  const { rows } = await mailIngest.query(
    `SELECT state, coalesce(outcome, '') AS outcome, count(*)::int AS n FROM inbound_emails GROUP BY 1, 2 ORDER BY 3 DESC`,
  );
  return rows.map((r) => `${r.state}${r.outcome ? `/${r.outcome}` : ''} ${r.n}`).join(', ') || 'none';
}

async function bulkIngest(agent, token, monitor) {
  const tickets = new pg.Client({ connectionString: system.databaseUrlOf('tickets') });
  const mailIngest = new pg.Client({ connectionString: system.databaseUrlOf('mail-ingest') });
  await tickets.connect();
  await mailIngest.connect();
  try {
    const before = await snapshot(monitor);
    const windowStartedAt = performance.now();
    const requestedAt = Date.now();
    const account = await createAccount(agent, token);
    const createdAt = Date.now();
    step(`account ${account.id} created (connection test included: ${fmtInt(createdAt - requestedAt)} ms); waiting for ${fmtInt(settings.mailCount)} email tickets`);

    let count = 0;
    let progressAt = performance.now();
    let lastProgress = '';
    let lastLog = performance.now();
    while (!lifecycle.stopping) {
      const row = (await tickets.query(`SELECT count(*)::int AS n FROM tickets WHERE channel = 'email'`)).rows[0];
      const stored = (await mailIngest.query('SELECT count(*)::int AS n, count(*) FILTER (WHERE state = $1)::int AS filed FROM inbound_emails', ['filed'])).rows[0];
      count = row.n;
      const progress = `${count}/${stored.n}/${stored.filed}`;
      if (progress !== lastProgress) {
        lastProgress = progress;
        progressAt = performance.now();
      }
      if (count >= settings.mailCount) break;
      if (performance.now() - progressAt > settings.stallSeconds * 1000) break;
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        step(`  ${fmtInt(count)} tickets; mail-ingest: ${await inboundStates(mailIngest)}`);
      }
      await system.guard(sleep(100));
    }
    const after = await snapshot(monitor);
    const windowEndedAt = performance.now();

    const ticketTimes = (
      await tickets.query(`SELECT count(*)::int AS n, count(DISTINCT source_email_id)::int AS distinct_emails, count(*) FILTER (WHERE customer_id IS NULL)::int AS unassigned,
           min(created_at) AS first, max(created_at) AS last FROM tickets WHERE channel = 'email'`)
    ).rows[0];
    const inbound = (
      await mailIngest.query(
        `SELECT count(*)::int AS n, min(received_at) AS first_stored, max(received_at) AS last_stored,
           max(processed_at) AS last_processed, max(filed_at) AS last_filed FROM inbound_emails`,
      )
    ).rows[0];
    const ms = (date) => (date ? new Date(date).getTime() : NaN);
    const firstStored = ms(inbound.first_stored);
    const lastTicket = ms(ticketTimes.last);
    return {
      complete: ticketTimes.n >= settings.mailCount,
      tickets: ticketTimes.n,
      distinctEmails: ticketTimes.distinct_emails,
      unassigned: ticketTimes.unassigned,
      stored: inbound.n,
      states: await inboundStates(mailIngest),
      connectionTestMs: createdAt - requestedAt,
      pickupMs: firstStored - createdAt,
      /** From the first email stored to the N-th ticket committed: the steady rate, comparable with the baseline (whose clock starts at FETCH). */
      rate: ticketTimes.n / ((lastTicket - firstStored) / 1000),
      /** From the account's 201 to the N-th ticket: pick-up and first connection included. */
      rateFromAccount: ticketTimes.n / ((lastTicket - createdAt) / 1000),
      fetchRate: inbound.n / ((ms(inbound.last_stored) - firstStored) / 1000),
      seconds: (lastTicket - firstStored) / 1000,
      lastFiledAfterLastTicketMs: ms(inbound.last_filed) - lastTicket,
      cpu: cpuReport(before, after),
      window: { startedAt: windowStartedAt, endedAt: windowEndedAt },
    };
  } finally {
    await tickets.end().catch(() => undefined);
    await mailIngest.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// the lag: mails APPENDed at a steady rate to the live account, each until its ticket is seen in the API

async function pacedLag(agent, token, corpusCases, rate) {
  const mails = Array.from({ length: settings.pacedCount }, (_, i) => renderCopy(corpusCases[i % corpusCases.length], settings.mailCount + i));
  const pending = new Map(mails.map((mail) => [normalisedMessageId(mail.messageId), mail]));
  const tickets = new pg.Client({ connectionString: system.databaseUrlOf('tickets') });
  const mailIngest = new pg.Client({ connectionString: system.databaseUrlOf('mail-ingest') });
  const appender = imapClient();
  await Promise.all([tickets.connect(), mailIngest.connect(), appender.connect()]);
  const phaseStart = new Date(Date.now() - 1000);
  let polling = true;
  const lookups = new Set();

  // The ticket of each mail by its Message-ID (ticket_message_ids, source 'received'), then
  // GET /api/tickets/{id} through the gateway until it answers 200: that moment is "visible".
  const poller = (async () => {
    while (polling && !lifecycle.stopping) {
      const waiting = [...pending.values()].filter((m) => m.appendStartedAt !== undefined && m.ticketId === undefined);
      if (waiting.length > 0) {
        const { rows } = await tickets.query(
          `SELECT m.message_id, m.ticket_id, t.created_at FROM ticket_message_ids m JOIN tickets t ON t.id = m.ticket_id
            WHERE m.source = 'received' AND m.created_at >= $1`,
          [phaseStart],
        );
        for (const row of rows) {
          const mail = pending.get(normalisedMessageId(row.message_id));
          if (!mail || mail.ticketId !== undefined) continue;
          mail.ticketId = row.ticket_id;
          mail.committedWallAt = new Date(row.created_at).getTime();
          const lookup = (async () => {
            while (!lifecycle.stopping) {
              const res = await request(agent, { port: byName.gateway.port, method: 'GET', path: `/api/tickets/${mail.ticketId}`, token });
              if (res.status === 200) {
                mail.visibleAt = performance.now();
                return;
              }
              if (res.status !== 404) mail.error = `GET /api/tickets/{id}: ${res.status} ${res.text.slice(0, 120)}`;
              await sleep(10);
            }
          })();
          lookups.add(lookup);
        }
      }
      await sleep(20);
    }
  })();

  try {
    let i = 0;
    step(`the lag: ${fmtInt(settings.pacedCount)} mails APPENDed at ${fmt(rate)}/s to the live account`);
    const appended = await openLoop({
      seconds: settings.pacedCount / rate,
      rate,
      stopped: () => lifecycle.stopping,
      once: async () => {
        const mail = mails[i++];
        if (!mail) return 'no mail left';
        mail.appendStartedAt = performance.now();
        mail.appendWallAt = Date.now();
        await appender.append('INBOX', mail.raw);
        mail.appendedAt = performance.now();
        return true;
      },
    });
    const deadline = performance.now() + settings.drainSeconds * 1000;
    while (mails.some((m) => m.appendedAt !== undefined && m.visibleAt === undefined) && performance.now() < deadline && !lifecycle.stopping) {
      await system.guard(sleep(50));
    }
    polling = false;
    await poller;
    await Promise.race([Promise.all(lookups), sleep(2000)]);

    // Where the time went, from mail-ingest's own record of each email.
    const { rows } = await mailIngest.query('SELECT message_id, received_at, processed_at, filed_at FROM inbound_emails WHERE received_at >= $1', [phaseStart]);
    for (const row of rows) {
      const mail = row.message_id ? pending.get(normalisedMessageId(row.message_id)) : undefined;
      if (!mail) continue;
      mail.storedWallAt = row.received_at ? new Date(row.received_at).getTime() : undefined;
      mail.processedWallAt = row.processed_at ? new Date(row.processed_at).getTime() : undefined;
    }
    const done = mails.filter((m) => m.visibleAt !== undefined);
    const stats = (values) => latencyStats(values.filter((v) => Number.isFinite(v)));
    return {
      appended: appended.ok,
      appendErrors: appended.errorCount,
      appendLatency: latencyStats(mails.filter((m) => m.appendedAt !== undefined).map((m) => m.appendedAt - m.appendStartedAt)),
      visible: done.length,
      errors: [...new Set(mails.map((m) => m.error).filter(Boolean))],
      toVisible: stats(done.map((m) => m.visibleAt - m.appendStartedAt)),
      toCommitted: stats(mails.filter((m) => m.committedWallAt).map((m) => m.committedWallAt - m.appendWallAt)),
      toStored: stats(mails.map((m) => m.storedWallAt - m.appendWallAt)),
      storedToProcessed: stats(mails.map((m) => m.processedWallAt - m.storedWallAt)),
      processedToCommitted: stats(mails.map((m) => m.committedWallAt - m.processedWallAt)),
    };
  } finally {
    polling = false;
    await appender.logout().catch(() => undefined);
    await tickets.end().catch(() => undefined);
    await mailIngest.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// the run

function printBaseline(b, appendSeconds) {
  log(`\nThe mailbox: ${fmtInt(settings.mailCount)} mails APPENDed in ${fmt(appendSeconds, 2)} s (${fmt(settings.mailCount / appendSeconds)}/s, one connection)`);
  log(`\nBaseline: bare imapflow from the same Dovecot, ${fmtInt(settings.mailCount)} messages (${fmt(b.fetch.bytes / 2 ** 20, 2)} MiB), median of ${settings.baselineRounds} round(s)`);
  log(
    table(
      ['', 'emails/s (median)', 'every round', 'connect + login + EXAMINE, ms', 'CPU ms/email: bench process', 'Dovecot'],
      [
        ['FETCH 1:* (uid, source)', fmt(b.fetch.rate), b.fetch.rates.map((r) => fmtInt(r)).join(', '), fmt(b.fetch.connectMs, 1), fmt(b.fetch.clientMs, 3), fmt(b.fetch.dovecotMs, 3)],
        ['FETCH 1:* + simpleParser each', fmt(b.fetchParse.rate), b.fetchParse.rates.map((r) => fmtInt(r)).join(', '), fmt(b.fetchParse.connectMs, 1), fmt(b.fetchParse.clientMs, 3), fmt(b.fetchParse.dovecotMs, 3)],
      ],
    ),
  );
}

async function main() {
  log('Mail ingest benchmark');
  log(`  ${machineLine()}`);
  const corpusCases = ticketOpeningCases();
  const mails = Array.from({ length: settings.mailCount }, (_, n) => renderCopy(corpusCases[n % corpusCases.length], n));
  const totalBytes = mails.reduce((sum, m) => sum + m.raw.length, 0);
  log(
    `  ${fmtInt(settings.mailCount)} mails (${corpusCases.length} corpus cases in turn, ${fmt(totalBytes / settings.mailCount / 1024)} KiB on average), ` +
      `${settings.baselineRounds} baseline rounds, then ${fmtInt(settings.pacedCount)} at ${settings.pacedRate ? `${fmt(settings.pacedRate)}/s` : 'min(20/s, half the bulk rate)'}; ` +
      `bus prefix ${system.busPrefix}, databases bench_*_${runId}\n`,
  );

  const { startTestDovecot } = createRequire(import.meta.url)(path.join(root, 'libs/testing/dist/index.js'));
  step('starting a private Dovecot');
  dovecot = await startTestDovecot({ users: [mailbox] });
  step(`Dovecot on ${dovecot.host}:${dovecot.port}; APPENDing ${fmtInt(settings.mailCount)} mails to ${mailbox.user}'s INBOX`);
  const appendStarted = performance.now();
  await appendAll(mails);
  const appendSeconds = (performance.now() - appendStarted) / 1000;

  // The baseline first, on a quiet machine: the services are not started yet.
  const monitor = await openAdminClient(settings.databaseUrl);
  onCleanup('close the monitor connection', () => monitor.end());
  step(`baseline: bare imapflow fetch of 1:* with and without simpleParser, ${settings.baselineRounds} round(s) each`);
  const base = await baseline(monitor);
  printBaseline(base, appendSeconds);

  smtpSink = await startSmtpSink(() => acknowledgementsSent++);
  step(`starting services; the notifier's SMTP server is ${smtpSink.url}`);
  const readyAfter = await system.start();
  step(`all six ready after ${fmt(readyAfter)} s; idle for ${settings.idleSeconds} s`);
  await system.guard(sleep(settings.idleSeconds * 1000));
  const idleRss = system.rss();

  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  onCleanup('close the HTTP agent', () => agent.destroy());
  const token = await system.login(agent);
  step('customers of world.json with their email domains and contacts, through the gateway');
  const seeded = await system.guard(seedCustomers(agent, token));
  step(`${seeded.customers} customers, ${seeded.contacts} contacts; creating the tickets-from-email account through the gateway`);
  const bulk = await system.guard(bulkIngest(agent, token, monitor));
  const pacedRate = settings.pacedRate || Math.min(20, bulk.rate / 2);
  const paced = bulk.complete && settings.pacedCount > 0 ? await system.guard(pacedLag(agent, token, corpusCases, pacedRate)) : undefined;
  const loadedRss = system.rss();

  // ------------------------------------------------------------------ report
  log('\n================================ REPORT ================================');
  printMemory(services, idleRss, loadedRss, settings.idleSeconds);

  const b = base;
  printBaseline(b, appendSeconds);

  log(`\nThe system: the same ${fmtInt(settings.mailCount)} mails, to the ticket committed (tickets with channel 'email')`);
  const ratio = bulk.rate / b.fetchParse.rate;
  log(
    table(
      ['', 'value'],
      [
        ['tickets committed / distinct source emails / expected', `${fmtInt(bulk.tickets)} / ${fmtInt(bulk.distinctEmails)} / ${fmtInt(settings.mailCount)}`],
        ['of those without a customer (every sender is a customer\'s: expected 0)', fmtInt(bulk.unassigned)],
        ['inbound_emails rows (state/outcome)', `${fmtInt(bulk.stored)} (${bulk.states})`],
        ['account POST (its connection test included), ms', fmtInt(bulk.connectionTestMs)],
        ['account 201 → first email stored (pick-up), ms', fmtInt(bulk.pickupMs)],
        ['stored per second (first → last stored)', fmt(bulk.fetchRate)],
        ['emails to ticket committed per second (first stored → last ticket)', `${fmt(bulk.rate)} (${fmt(bulk.seconds, 2)} s)`],
        ['the same from the account\'s 201 (pick-up included)', fmt(bulk.rateFromAccount)],
        ['last filing recorded in mail-ingest after the last ticket, ms', fmtInt(bulk.lastFiledAfterLastTicketMs)],
        ['acknowledgements the notifier sent (SMTP sink)', fmtInt(acknowledgementsSent)],
      ],
      ['l', 'r'],
    ),
  );
  if (!bulk.complete) log(`  note: INCOMPLETE: no progress for ${settings.stallSeconds} s with ${fmtInt(bulk.tickets)} of ${fmtInt(settings.mailCount)} tickets; the rates are of what was done`);
  const verdict = ratio >= settings.goal ? 'MEETS the goal' : 'BELOW the goal';
  log(`\n  ratio to ticket committed / bare fetch-and-parse = ${fmt(bulk.rate, 1)} / ${fmt(b.fetchParse.rate, 1)} = ${fmt(ratio, 3)}   (goal ≥ ${settings.goal}: ${verdict})`);

  if (paced) {
    const p = paced;
    const row = (label, s) => [label, `${fmt(s.p50, 0)} / ${fmt(s.p99, 0)} / ${fmt(s.max, 0)}`, fmtInt(s.count)];
    const why = settings.pacedRate ? 'BENCH_PACED_RATE' : pacedRate < 20 ? 'half the bulk rate, which is below 20/s' : '20/s, below half the bulk rate';
    log(`\nThe lag at a steady ${fmt(pacedRate)} mails/s (${why}; ${fmtInt(settings.pacedCount)} mails APPENDed while the account is live)`);
    log(
      table(
        ['', 'p50 / p99 / max, ms', 'mails'],
        [
          row('APPEND → ticket visible in the API (GET /api/tickets/{id} → 200)', p.toVisible),
          row('APPEND → ticket committed (tickets.created_at)', p.toCommitted),
          row('  APPEND → stored in mail-ingest (received_at)', p.toStored),
          row('  stored → processed (processed_at)', p.storedToProcessed),
          row('  processed → ticket committed', p.processedToCommitted),
          row('the APPEND command itself', p.appendLatency),
        ],
        ['l', 'r', 'r'],
      ),
    );
    log(`  appended ${fmtInt(p.appended)} (errors ${fmtInt(p.appendErrors)}), visible ${fmtInt(p.visible)}; the visible time includes the poll (every 20 ms) and the GET`);
    for (const error of p.errors) log(`  error: ${error}`);
  } else {
    log('\nThe lag: not measured (the bulk ingest did not complete, or BENCH_PACED_COUNT=0)');
  }

  // Per ticket committed; when the ingest stalled, per email stored (the work was mostly fetching).
  const cpuCount = bulk.complete ? bulk.tickets : Math.max(1, bulk.stored);
  system.writeProfileWindow({ ...bulk.window, count: cpuCount, unit: 'email' });
  const cpu = printCpu(`Where the CPU went during the bulk ingest, per email${bulk.complete ? '' : ' STORED (incomplete run)'}`, bulk.cpu, cpuCount, { unit: 'email' });
  log(
    `\n  CPU per email: ${fmt(cpu.oursTotalMsPerUnit, 2)} ms for the services, PostgreSQL, RabbitMQ and Dovecot, ` +
      `against ${fmt(b.fetchParse.clientMs + b.fetchParse.dovecotMs, 2)} ms for bare fetch-and-parse (bench process + Dovecot)`,
  );
  system.printWarnings();
  log('');
  return 0; // a benchmark reports; it does not fail on the goal
}

await runBenchmark(main);
