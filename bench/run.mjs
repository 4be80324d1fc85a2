#!/usr/bin/env node
// Benchmark (not a test): starts the six services as child processes on fresh databases and a bus
// prefix of their own, with an SMTP server in this process as the notifier's mail server, and
// prints from one run:
// - the raw PostgreSQL rate of a ticket creation's writes (ticket, history entry, outbox row, one
//   transaction each) on a database built by the tickets service's own migrations;
// - the sustained rate at which tickets are created through the gateway AND acknowledged by email
//   at the SMTP server, with the backlog kept bounded, its latencies and lag, and the ratio to raw;
// - CPU milliseconds per ticket of each service, PostgreSQL and RabbitMQ, and idle memory.
//
//   npm run bench                      (builds first)
//   node bench/run.mjs                 (uses the existing services/*/dist)
//
// Settings (environment): BENCH_SECONDS (15), BENCH_WARMUP_SECONDS (5), BENCH_CONCURRENCY (8),
// BENCH_MAX_BACKLOG (50, tickets created but not yet acknowledged by email before the clients wait),
// BENCH_IDLE_SECONDS (5), BENCH_DRAIN_SECONDS (30, bound on waiting for the last emails),
// BENCH_BASE_PORT (3100), BENCH_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/postgres),
// BENCH_AMQP_URL (amqp://guest:guest@127.0.0.1:5672), BENCH_SHOW_LOGS=1 (echo the services' output),
// BENCH_NODE_ARGS (extra node flags for the services, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").

import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import amqp from 'amqplib';
import { closedLoop, openLoop, fmt, fmtInt, latencyStats, sleep, table, withDatabase } from './measure.mjs';
import {
  commonSettings,
  cpuReport,
  cpuSnapshot,
  createServiceSet,
  lifecycle,
  log,
  machineLine,
  numberSetting as num,
  onCleanup,
  openAdminClient as openAdminClientOn,
  printCpu,
  printMemory,
  request,
  root,
  runBenchmark,
  startSmtpSink,
  step,
} from './services.mjs';
import { createTicketWithPg, migrateTicketsDatabase, newTicketBody, newTicketRow } from './ticket-writes.mjs';

/** The bus's own names for its queues and exchanges (from the built dist), for the notifier's queue depth. */
const bus = createRequire(import.meta.url)(path.join(root, 'libs/bus/dist/index.js'));

const settings = {
  ...commonSettings(),
  seconds: num('BENCH_SECONDS', 15),
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 5),
  concurrency: Math.max(1, Math.floor(num('BENCH_CONCURRENCY', 8))),
  maxBacklog: Math.max(1, Math.floor(num('BENCH_MAX_BACKLOG', 50))),
  drainSeconds: num('BENCH_DRAIN_SECONDS', 30),
  /** The steady load of the lag phase, tickets/s; by default half the sustained rate just measured. */
  pacedRate: num('BENCH_PACED_RATE', 0),
  pacedSeconds: num('BENCH_PACED_SECONDS', 10),
  goal: 0.5,
};

const runId = randomBytes(4).toString('hex');
const rawDatabase = `bench_raw_${runId}`;

let smtpSink;
const system = createServiceSet({
  runId,
  settings,
  extraEnv: (service) => (service.name === 'notifier' ? { SMTP_URL: smtpSink.url } : {}),
  extraDatabases: [rawDatabase],
});
const { services, byName, busPrefix } = system;
onCleanup('close the SMTP server', () => smtpSink?.close());

const openAdminClient = () => openAdminClientOn(settings.databaseUrl);
/** CPU of the services, their databases and the raw baseline's. */
const snapshot = (adminClient) => cpuSnapshot(adminClient, { services, databases: new Map([[rawDatabase, 'raw baseline']]) });

// ---------------------------------------------------------------------------------------------
// the notifier's mail server: an SMTP server in this process that notes when each acknowledgement
// was accepted

/**
 * Tickets created through the gateway and their acknowledgements at the SMTP server, matched by
 * the ticket number in the subject ("[Ticket #123] …"). The backlog is what was created (or is
 * being created) and not yet acknowledged; `admit` holds a client back while it is full.
 */
function acknowledgementTracker(maxBacklog) {
  const open = new Map(); // number → { respondedAt, createdAtMs }: created, not yet acknowledged
  const early = new Map(); // number → acceptance, for a mail that beat its own 201 here
  const seen = new Set();
  const lags = []; // { at, fromResponse, fromCreatedAt }
  const waiting = new Set();
  const state = { created: 0, inFlight: 0, acknowledged: 0, duplicates: 0, unknown: 0 };
  const backlog = () => state.created + state.inFlight - state.acknowledged;
  const recordLag = (ticket, accepted) =>
    lags.push({ at: accepted.at, respondedAt: ticket.respondedAt, fromResponse: accepted.at - ticket.respondedAt, fromCreatedAt: accepted.wallAt - ticket.createdAtMs });
  return {
    state,
    lags,
    backlog,
    /** Around one POST: counts it in the backlog while it runs. */
    started: () => state.inFlight++,
    finished: (number, createdAt) => {
      state.inFlight--;
      if (number === undefined) return;
      state.created++;
      const ticket = { respondedAt: performance.now(), createdAtMs: Date.parse(createdAt) };
      const accepted = early.get(number);
      if (accepted) {
        early.delete(number);
        recordLag(ticket, accepted);
      } else open.set(number, ticket);
    },
    accepted: (number) => {
      if (number === undefined) return void state.unknown++;
      if (seen.has(number)) return void state.duplicates++;
      seen.add(number);
      state.acknowledged++;
      const accepted = { at: performance.now(), wallAt: Date.now() };
      const ticket = open.get(number);
      if (ticket) {
        open.delete(number);
        recordLag(ticket, accepted);
      } else early.set(number, accepted);
      for (const wake of waiting) wake();
    },
    /** Waits while the backlog is full, at most until `deadline` (performance.now() time). */
    admit: async (deadline) => {
      while (backlog() >= maxBacklog && performance.now() < deadline && !lifecycle.stopping) {
        await new Promise((resolve) => {
          const wake = () => {
            waiting.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, Math.max(1, Math.min(500, deadline - performance.now())));
          waiting.add(wake);
        });
      }
    },
  };
}

const acknowledgements = acknowledgementTracker(settings.maxBacklog);


/** Notes when each acknowledgement was accepted: only the header is looked at, the subject carries the ticket number. */
const onAcknowledgement = (head) => {
  const number = /^Subject:\s*\[Ticket #(\d+)\]/im.exec(head)?.[1];
  acknowledgements.accepted(number === undefined ? undefined : Number(number));
};

// ---------------------------------------------------------------------------------------------
// load

/** A measured window of the gateway phase: what was created and acknowledged in it, and the lag of those acknowledged. */
function windowOf(before, after, startedAt, endedAt) {
  const seconds = (endedAt - startedAt) / 1000;
  const lags = acknowledgements.lags.filter((l) => l.at >= startedAt && l.at < endedAt);
  return {
    seconds,
    created: after.created - before.created,
    acknowledged: after.acknowledged - before.acknowledged,
    createdRate: (after.created - before.created) / seconds,
    acknowledgedRate: (after.acknowledged - before.acknowledged) / seconds,
    backlogAtStart: before.backlog,
    backlogAtEnd: after.backlog,
    lagFromResponse: latencyStats(lags.map((l) => l.fromResponse)),
    lagFromCreatedAt: latencyStats(lags.map((l) => l.fromCreatedAt)),
  };
}

const trackerState = () => ({ ...acknowledgements.state, backlog: acknowledgements.backlog() });

async function gatewayBenchmark() {
  const gateway = byName.gateway;
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency, keepAliveMsecs: 1000 });
  try {
    const token = await system.login(agent);

    let n = 0;
    const once = async () => {
      acknowledgements.started();
      let created;
      try {
        const res = await request(agent, { port: gateway.port, method: 'POST', path: '/api/tickets', token, body: newTicketBody(n++) });
        if (res.status !== 201) return `HTTP ${res.status}${res.status >= 400 ? ` ${res.text.slice(0, 100)}` : ''}`;
        created = JSON.parse(res.text);
        return true;
      } finally {
        acknowledgements.finished(created?.number, created?.createdAt);
      }
    };
    const load = (seconds) =>
      closedLoop({ seconds, concurrency: settings.concurrency, once, admit: acknowledgements.admit, stopped: () => lifecycle.stopping });
    // One request on its own first, so that a broken route shows as one clear error.
    const probe = await once();
    if (probe !== true) throw new Error(`POST /api/tickets through the gateway failed: ${probe}`);

    step(`gateway: warm-up ${settings.warmupSeconds} s (fills the pipeline up to the email)`);
    const warmup = await load(settings.warmupSeconds);
    const adminClient = await openAdminClient();
    try {
      step(`gateway: measuring ${settings.seconds} s with ${settings.concurrency} clients, at most ${settings.maxBacklog} tickets awaiting their email`);
      const before = await snapshot(adminClient);
      const countsBefore = trackerState();
      const startedAt = performance.now();
      const result = await load(settings.seconds);
      const endedAt = performance.now();
      const countsAfter = trackerState();
      const after = await snapshot(adminClient);
      const window = { ...windowOf(countsBefore, countsAfter, startedAt, endedAt), startedAt, endedAt };
      const paced = await pacedPhase(once, settings.pacedRate || window.acknowledgedRate / 2);
      return { result, window, paced, cpu: cpuReport(before, after), warmupErrors: warmup.errorCount };
    } finally {
      await adminClient.end();
    }
  } finally {
    agent.destroy();
  }
}

/**
 * The lag of a ticket's email at a steady load the system keeps up with: tickets at `rate` per
 * second, whatever the answers take, after the backlog of the closed loop has drained; the lag of
 * each ticket created in the window, from its 201 and from its created_at to the SMTP acceptance.
 */
async function pacedPhase(once, rate) {
  const drainDeadline = performance.now() + settings.drainSeconds * 1000;
  while (acknowledgements.backlog() > 0 && performance.now() < drainDeadline && !lifecycle.stopping) await sleep(50);
  step(`gateway: ${settings.pacedSeconds} s at a steady ${fmt(rate)} tickets/s, for the lag of the email`);
  const startedAt = performance.now();
  const result = await openLoop({ seconds: settings.pacedSeconds, rate, once, stopped: () => lifecycle.stopping });
  const endedAt = performance.now();
  const emailDeadline = performance.now() + settings.drainSeconds * 1000;
  while (acknowledgements.backlog() > 0 && performance.now() < emailDeadline && !lifecycle.stopping) await sleep(50);
  const lags = acknowledgements.lags.filter((l) => l.respondedAt >= startedAt && l.respondedAt < endedAt);
  return {
    rate,
    result,
    emailed: lags.length,
    lagFromResponse: latencyStats(lags.map((l) => l.fromResponse)),
    lagFromCreatedAt: latencyStats(lags.map((l) => l.fromCreatedAt)),
  };
}

/** The writes of a ticket creation with `pg`, on a database migrated as the tickets service migrates its own. */
async function rawBenchmark() {
  const url = withDatabase(settings.databaseUrl, rawDatabase);
  await migrateTicketsDatabase(url);
  const clients = await Promise.all(
    Array.from({ length: settings.concurrency }, async () => {
      const client = new pg.Client({ connectionString: url, application_name: 'bench-raw' });
      await client.connect();
      return client;
    }),
  );
  const staffId = randomUUID();
  let n = 0;
  const once = async (worker) => {
    await createTicketWithPg(clients[worker], newTicketRow(n++, staffId));
    return true;
  };
  const load = (seconds) => closedLoop({ seconds, concurrency: settings.concurrency, once, stopped: () => lifecycle.stopping });
  const monitor = await openAdminClient();
  try {
    step(`raw PostgreSQL: warm-up ${settings.warmupSeconds} s`);
    await load(settings.warmupSeconds);
    step(`raw PostgreSQL: measuring ${settings.seconds} s on ${settings.concurrency} connections`);
    const before = await snapshot(monitor);
    const result = await load(settings.seconds);
    const after = await snapshot(monitor);
    return { result, cpu: cpuReport(before, after) };
  } finally {
    await monitor.end();
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

// ---------------------------------------------------------------------------------------------
// after the load: the last acknowledgements, and where the lag was spent

async function queueDepth(queue) {
  const connection = await amqp.connect(settings.amqpUrl);
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } catch {
    return NaN;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function drainCheck() {
  const atEnd = trackerState();
  const started = performance.now();
  const deadline = started + settings.drainSeconds * 1000;
  while (acknowledgements.backlog() > 0 && performance.now() < deadline && !lifecycle.stopping) await sleep(50);
  const drainSeconds = acknowledgements.backlog() === 0 ? (performance.now() - started) / 1000 : NaN;

  const tickets = new pg.Client({ connectionString: withDatabase(settings.databaseUrl, byName.tickets.database) });
  const notifier = new pg.Client({ connectionString: withDatabase(settings.databaseUrl, byName.notifier.database) });
  await tickets.connect();
  await notifier.connect();
  try {
    const outbox = (
      await tickets.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS pending,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - created_at)) AS p50,
        percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - created_at)) AS p99
        FROM outbox`)
    ).rows[0];
    const ticketCount = (await tickets.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n;
    const emails = (
      await notifier.query(
        'SELECT count(*)::int AS total, count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent, count(*) FILTER (WHERE last_error IS NOT NULL)::int AS failed FROM outgoing_emails',
      )
    ).rows[0];
    return {
      atEnd,
      final: trackerState(),
      drainSeconds,
      ticketCount,
      outbox: { ...outbox, p50: Number(outbox.p50) * 1000, p99: Number(outbox.p99) * 1000 },
      emails,
      queueFinal: await queueDepth(bus.consumerQueueOf(bus.busNames(busPrefix), 'notifier')),
    };
  } finally {
    await tickets.end().catch(() => undefined);
    await notifier.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// the run

async function main() {
  log('Helpdesk benchmark');
  log(`  ${machineLine()}`);
  log(
    `  ${settings.concurrency} clients, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s measured per phase, ` +
      `bus prefix ${busPrefix}, databases bench_*_${runId}\n`,
  );

  smtpSink = await startSmtpSink(onAcknowledgement);
  step(`starting services; the notifier's SMTP server is ${smtpSink.url}`);
  const readyAfter = await system.start();
  step(`all six ready after ${fmt(readyAfter)} s (${services.map((s) => `${s.name}:${s.port}`).join(', ')}); idle for ${settings.idleSeconds} s`);
  await system.guard(sleep(settings.idleSeconds * 1000));
  const idleRss = system.rss();

  const raw = await system.guard(rawBenchmark());
  const gw = await system.guard(gatewayBenchmark());
  const loadedRss = system.rss();
  step(`waiting (at most ${settings.drainSeconds} s) for the last acknowledgement emails`);
  const drain = await system.guard(drainCheck());

  // ------------------------------------------------------------------ report
  log('\n================================ REPORT ================================');

  printMemory(services, idleRss, loadedRss, settings.idleSeconds);

  const g = gw.result;
  const w = gw.window;
  const r = raw.result;
  const ratio = w.acknowledgedRate / r.rate;
  log(`\nTicket creation, ${settings.concurrency} concurrent clients, closed loop, ${fmt(w.seconds)} s measured`);
  log(
    table(
      ['', 'gateway, up to the email', 'raw PostgreSQL (pg)'],
      [
        ['what', 'POST /api/tickets → 201; email accepted by SMTP', 'BEGIN; ticket; history; outbox; COMMIT'],
        ['created (201 / committed)', fmtInt(w.created), fmtInt(r.ok)],
        ['acknowledged by email', fmtInt(w.acknowledged), ''],
        ['errors', fmtInt(g.errorCount), fmtInt(r.errorCount)],
        ['created per second', fmt(w.createdRate), fmt(r.rate)],
        ['acknowledged per second (sustained rate)', fmt(w.acknowledgedRate), ''],
        ['backlog (created, no email yet) at start → end', `${fmtInt(w.backlogAtStart)} → ${fmtInt(w.backlogAtEnd)} (bound ${settings.maxBacklog})`, ''],
        ['request latency p50 / p99 / max, ms', `${fmt(g.p50, 1)} / ${fmt(g.p99, 1)} / ${fmt(g.max, 0)}`, `${fmt(r.p50, 2)} / ${fmt(r.p99, 2)} / ${fmt(r.max, 1)}`],
        ['lag 201 → email accepted p50 / p99 / max, ms', `${fmt(w.lagFromResponse.p50, 0)} / ${fmt(w.lagFromResponse.p99, 0)} / ${fmt(w.lagFromResponse.max, 0)}`, ''],
        ['lag created_at → email accepted p50 / p99, ms', `${fmt(w.lagFromCreatedAt.p50, 0)} / ${fmt(w.lagFromCreatedAt.p99, 0)}`, ''],
      ],
      ['l', 'r', 'r'],
    ),
  );
  for (const [label, result] of [
    ['gateway', g],
    ['raw', r],
  ]) {
    if (result.errorCount > 0) {
      log(`  ${label} errors by kind:`);
      for (const [kind, count] of result.errors) log(`    ${count} × ${kind}`);
    }
  }
  if (gw.warmupErrors > 0) log(`  (the gateway warm-up also had ${gw.warmupErrors} errors)`);
  const verdict = ratio >= settings.goal ? 'MEETS the goal' : 'BELOW the goal';
  log(`\n  ratio sustained (acknowledged/s) / raw = ${fmt(ratio, 3)}   (goal ≥ ${settings.goal}: ${verdict})`);
  if (w.created - w.acknowledged > Math.max(settings.concurrency, 0.05 * w.created)) {
    log('  note: creation ran ahead of the emails in the window (the backlog grew); the pipeline had not reached its steady state (try a longer BENCH_WARMUP_SECONDS)');
  }

  system.writeProfileWindow({ startedAt: w.startedAt, endedAt: w.endedAt, count: w.acknowledged, unit: 'ticket' });
  const p = gw.paced;
  log(`\nThe lag of the email at a steady ${fmt(p.rate)} tickets/s (${fmt(settings.pacedSeconds, 0)} s, an open loop; half the raw rate, the goal's load, is ${fmt(r.rate / 2)}/s)`);
  log(
    table(
      ['', 'value'],
      [
        ['tickets created / errors / emailed', `${fmtInt(p.result.ok)} / ${fmtInt(p.result.errorCount)} / ${fmtInt(p.emailed)}`],
        ['request latency p50 / p99 / max, ms', `${fmt(p.result.p50, 1)} / ${fmt(p.result.p99, 1)} / ${fmt(p.result.max, 0)}`],
        ['lag 201 → email accepted p50 / p99 / max, ms', `${fmt(p.lagFromResponse.p50, 0)} / ${fmt(p.lagFromResponse.p99, 0)} / ${fmt(p.lagFromResponse.max, 0)}`],
        ['lag created_at → email accepted p50 / p99, ms (goal p99 < 200)', `${fmt(p.lagFromCreatedAt.p50, 0)} / ${fmt(p.lagFromCreatedAt.p99, 0)}`],
      ],
      ['l', 'r'],
    ),
  );

  const gatewayCpu = printCpu('Where the CPU went during the gateway phase, per ticket acknowledged', gw.cpu, w.acknowledged);
  const rawCpu = printCpu('Where the CPU went during the raw phase, per ticket committed', raw.cpu, r.ok);
  log(
    `\n  CPU per ticket, services + PostgreSQL + RabbitMQ: ${fmt(gatewayCpu.oursTotalMsPerUnit, 2)} ms through the gateway, ` +
      `${fmt(rawCpu.oursTotalMsPerUnit, 2)} ms raw (PostgreSQL and the idle services)`,
  );

  log('\nAfter the load: the last emails, and where the lag went');
  const d = drain;
  log(
    table(
      ['', 'value'],
      [
        ['tickets created through the gateway (warm-up + measured)', fmtInt(d.final.created)],
        ['tickets in the tickets database', fmtInt(d.ticketCount)],
        ['awaiting their email when the load stopped', fmtInt(d.atEnd.backlog)],
        [
          'time until every ticket had its email',
          Number.isFinite(d.drainSeconds) ? `${fmt(d.drainSeconds, 2)} s` : `not within ${settings.drainSeconds} s (${fmtInt(d.final.backlog)} left)`,
        ],
        ['acknowledgements accepted / duplicates / not of a ticket', `${fmtInt(d.final.acknowledged)} / ${fmtInt(d.final.duplicates)} / ${fmtInt(d.final.unknown)}`],
        ['outbox rows / still unpublished', `${fmtInt(d.outbox.total)} / ${fmtInt(d.outbox.pending)}`],
        ['relay lag created_at → published p50 / p99, ms', `${fmt(d.outbox.p50, 0)} / ${fmt(d.outbox.p99, 0)}`],
        ['outgoing_emails rows / unsent / with errors', `${fmtInt(d.emails.total)} / ${fmtInt(d.emails.unsent)} / ${fmtInt(d.emails.failed)}`],
        ['notifier queue depth at the end', fmtInt(d.queueFinal)],
      ],
      ['l', 'r'],
    ),
  );

  system.printWarnings();
  log('');
  return 0; // a benchmark reports; it does not fail on the goal
}

await runBenchmark(main);
