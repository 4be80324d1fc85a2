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

import { spawn, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import amqp from 'amqplib';
import { SMTPServer } from 'smtp-server';
import { closedLoop, cpuSecondsOf, deleteBusTopology, openLoop, fmt, fmtInt, latencyStats, sleep, table, withDatabase } from './measure.mjs';
import { createTicketWithPg, migrateTicketsDatabase, newTicketBody, newTicketRow } from './ticket-writes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The bus's own names for its queues and exchanges (from the built dist), to delete them afterwards. */
const bus = createRequire(import.meta.url)(path.join(root, 'libs/bus/dist/index.js'));

const num = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not "${value}"`);
  return n;
};

const settings = {
  seconds: num('BENCH_SECONDS', 15),
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 5),
  concurrency: Math.max(1, Math.floor(num('BENCH_CONCURRENCY', 8))),
  maxBacklog: Math.max(1, Math.floor(num('BENCH_MAX_BACKLOG', 50))),
  idleSeconds: num('BENCH_IDLE_SECONDS', 5),
  drainSeconds: num('BENCH_DRAIN_SECONDS', 30),
  basePort: Math.floor(num('BENCH_BASE_PORT', 3100)),
  databaseUrl: process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres',
  amqpUrl: process.env.BENCH_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
  showLogs: process.env.BENCH_SHOW_LOGS === '1',
  /** Extra node flags for the services, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where their time goes. */
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  /** The steady load of the lag phase, tickets/s; by default half the sustained rate just measured. */
  pacedRate: num('BENCH_PACED_RATE', 0),
  pacedSeconds: num('BENCH_PACED_SECONDS', 10),
  goal: 0.5,
};

const runId = randomBytes(4).toString('hex');
const busPrefix = `bench-${runId}`;
const rawDatabase = `bench_raw_${runId}`;
const { generateServiceKeys } = createRequire(import.meta.url)(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'libs', 'http', 'dist', 'index.js'));
const serviceKeys = generateServiceKeys(['gateway', 'tickets', 'customers']);
const secrets = {
  jwt: randomBytes(24).toString('hex'),
  portalLink: randomBytes(24).toString('hex'),
};
const admin = { email: 'bench-admin@helpdesk.example', password: `bench-${randomBytes(9).toString('hex')}` };

/** Backends first, the gateway last in this list (it is only the order of the tables). */
const services = ['gateway', 'tickets', 'customers', 'mail-ingest', 'notifier', 'contracts'].map((name) => ({
  name,
  database: `bench_${name.replace(/\W/g, '_')}_${runId}`,
  port: 0,
  child: undefined,
  exited: false,
  output: [],
  warnings: [],
}));
const byName = Object.fromEntries(services.map((s) => [s.name, s]));

let smtpSink;
let stopping = false;
let cleaning;
let failChild;
const childCrashed = new Promise((_, reject) => (failChild = reject));
childCrashed.catch(() => undefined);

// ---------------------------------------------------------------------------------------------
// small helpers

const log = (message) => process.stdout.write(`${message}\n`);
const step = (message) => log(`· ${message}`);

const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;


function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

async function choosePorts() {
  let port = settings.basePort;
  for (const service of services) {
    while (!(await portIsFree(port))) port++;
    service.port = port++;
  }
}

function readRssKb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc: per service process, per PostgreSQL backend (grouped by database),
// the broker, this process, and the machine as a whole.

function readComm(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function machineTicks() {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const values = cpu.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return { idle, total };
}


const otherDatabases = 'postgres: other databases (not this run)';
const postgresBackground = 'postgres: background (wal, checkpoints, postmaster)';

/** CPU seconds so far of every process of interest, by pid, with the group it belongs to. */
async function cpuSnapshot(adminClient) {
  const processes = new Map();
  for (const service of services) {
    if (service.child?.pid && !service.exited) processes.set(service.child.pid, { group: `node ${service.name}` });
  }
  processes.set(process.pid, { group: 'bench client (this process)' });

  const databaseOwner = new Map(services.map((s) => [s.database, s.name]));
  databaseOwner.set(rawDatabase, 'raw baseline');
  const backends = new Map();
  try {
    const { rows } = await adminClient.query('SELECT pid, datname, backend_type FROM pg_stat_activity');
    for (const row of rows) backends.set(row.pid, row);
  } catch {
    /* all grouped as background */
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (processes.has(pid)) continue;
    const comm = readComm(pid);
    if (comm === 'postgres') {
      const backend = backends.get(pid);
      const owner = backend?.datname ? databaseOwner.get(backend.datname) : undefined;
      // Other helpers' and tests' databases share this server: their backends are not this run's cost.
      const group = owner ? `postgres: ${owner}` : backend?.datname ? otherDatabases : postgresBackground;
      processes.set(pid, { group });
    } else if (comm === 'beam.smp' || comm?.startsWith('erl_')) {
      processes.set(pid, { group: 'rabbitmq (the whole broker)' });
    }
  }
  for (const [pid, entry] of processes) entry.cpuSeconds = cpuSecondsOf(pid);
  return { at: performance.now(), processes, machine: machineTicks() };
}

/** CPU seconds per group between two snapshots; a process that started in between counts in full. */
function cpuReport(before, after) {
  const seconds = (after.at - before.at) / 1000;
  const groups = new Map();
  for (const [pid, entry] of after.processes) {
    if (entry.cpuSeconds === undefined) continue;
    const start = before.processes.get(pid)?.cpuSeconds ?? 0;
    const used = Math.max(0, entry.cpuSeconds - start);
    const group = before.processes.get(pid)?.group ?? entry.group;
    groups.set(group, (groups.get(group) ?? 0) + used);
  }
  const rows = [...groups.entries()].map(([group, cpuSeconds]) => ({ group, cpuSeconds })).sort((a, b) => b.cpuSeconds - a.cpuSeconds);
  const totalDelta = after.machine.total - before.machine.total;
  const machineBusy = totalDelta > 0 ? (1 - (after.machine.idle - before.machine.idle) / totalDelta) * 100 : NaN;
  return { rows, seconds, machineBusy };
}

/** Per process group: share of a core, and CPU milliseconds per ticket. */
function printCpu(title, report, tickets) {
  const cores = os.cpus().length;
  log(
    `\n${title}: CPU over ${fmt(report.seconds)} s and ${fmtInt(tickets)} tickets ` +
      `(100% = one core of ${cores}; machine busy ${fmt(report.machineBusy)}% of all cores)`,
  );
  const percent = (cpuSeconds) => (cpuSeconds / report.seconds) * 100;
  const perTicket = (cpuSeconds) => (cpuSeconds * 1000) / tickets;
  const ours = report.rows.filter((r) => r.group !== otherDatabases && r.group !== 'bench client (this process)');
  const oursTotal = ours.reduce((sum, r) => sum + r.cpuSeconds, 0);
  const tracked = report.rows.reduce((sum, r) => sum + r.cpuSeconds, 0);
  const others = Math.max(0, (report.machineBusy / 100) * cores * report.seconds - tracked);
  log(
    table(
      ['process', 'CPU %', 'CPU ms per ticket'],
      [
        ...report.rows.filter((r) => percent(r.cpuSeconds) >= 0.5).map((r) => [r.group, fmt(percent(r.cpuSeconds)), fmt(perTicket(r.cpuSeconds), 2)]),
        ['total: services, their databases, background, broker', fmt(percent(oursTotal)), fmt(perTicket(oursTotal), 2)],
        ['everything else on the machine (not counted)', fmt(percent(others)), ''],
      ],
    ),
  );
  if (percent(others) > 25) log(`  note: other processes used ${fmt(percent(others))}% of a core during this phase; the figures are disturbed by them`);
  return { oursTotalMsPerTicket: perTicket(oursTotal) };
}
// ---------------------------------------------------------------------------------------------
// services

function serviceEnv(service) {
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    PORT: String(service.port),
    INTERNAL_PORT: String(service.port + 1000),
    DATABASE_URL: withDatabase(settings.databaseUrl, service.database),
    AMQP_URL: settings.amqpUrl,
    BUS_PREFIX: busPrefix,
    SERVICE_PUBLIC_KEYS: serviceKeys.publicKeys,
    ...(serviceKeys.privateKeys[service.name] && { SERVICE_PRIVATE_KEY: serviceKeys.privateKeys[service.name] }),
    PORTAL_LINK_SECRET: secrets.portalLink,
    LOG_LEVEL: 'warn',
  };
  const internalUrl = (name) => `http://127.0.0.1:${byName[name].port + 1000}`;
  if (service.name === 'tickets') env.CUSTOMERS_INTERNAL_URL = internalUrl('customers');
  if (service.name === 'customers') env.GATEWAY_INTERNAL_URL = internalUrl('gateway');
  if (service.name === 'notifier') env.SMTP_URL = smtpSink.url;
  if (service.name === 'mail-ingest') env.EMAIL_ACCOUNT_SECRET_KEY = randomBytes(32).toString('hex');
  if (service.name === 'gateway') {
    const url = (name) => `http://127.0.0.1:${byName[name].port}`;
    Object.assign(env, {
      JWT_SECRET: secrets.jwt,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      TICKETS_URL: url('tickets'),
      CUSTOMERS_URL: url('customers'),
      MAIL_INGEST_URL: url('mail-ingest'),
      NOTIFIER_URL: url('notifier'),
      CONTRACTS_URL: url('contracts'),
    });
  }
  return env;
}

function startService(service) {
  const main = path.join(root, 'services', service.name, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${path.relative(root, main)} is missing; run "npm run build" first`);
  const child = spawn(process.execPath, [...settings.nodeArgs, main], { cwd: root, env: serviceEnv(service), stdio: ['ignore', 'pipe', 'pipe'] });
  service.child = child;
  service.spawnedAt = performance.now();
  const collect = (stream) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (!line.trim()) continue;
        service.output.push(line);
        if (service.output.length > 60) service.output.shift();
        if (settings.showLogs) log(`[${service.name}] ${line}`);
        let level = 50;
        try {
          level = JSON.parse(line).level ?? 50;
        } catch {
          /* not pino: treat as an error line */
        }
        if (level >= 40) service.warnings.push(line);
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  child.on('exit', (code, signal) => {
    service.exited = true;
    if (!stopping) {
      failChild(
        new Error(`${service.name} exited unexpectedly (code ${code}, signal ${signal}). Last output:\n${service.output.slice(-15).join('\n')}`),
      );
    }
  });
}

async function waitUntilReady(service, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.exited) throw new Error(`${service.name} exited before it was ready:\n${service.output.slice(-15).join('\n')}`);
    const status = await new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: service.port, path: '/health/ready', timeout: 2000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(0));
    });
    if (status === 200) return;
    await sleep(200);
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs / 1000} s:\n${service.output.slice(-15).join('\n')}`);
}

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
      while (backlog() >= maxBacklog && performance.now() < deadline && !stopping) {
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

async function startSmtpSink() {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, _session, callback) {
      // Only the header is looked at: the subject carries the ticket number.
      let head = '';
      stream.on('data', (chunk) => {
        if (head.length < 16_384) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const number = /^Subject:\s*\[Ticket #(\d+)\]/im.exec(head)?.[1];
        acknowledgements.accepted(number === undefined ? undefined : Number(number));
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------
// load

function request(agent, { port, method, path: urlPath, token, body }) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = {};
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (token) headers.authorization = `Bearer ${token}`;
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(Object.assign(new Error('request timed out'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(payload);
  });
}


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
    const login = await request(agent, { port: gateway.port, method: 'POST', path: '/api/auth/login', body: admin });
    if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${login.text.slice(0, 300)}`);
    const token = JSON.parse(login.text).accessToken;
    if (!token) throw new Error(`admin login returned no accessToken: ${login.text.slice(0, 300)}`);

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
      closedLoop({ seconds, concurrency: settings.concurrency, once, admit: acknowledgements.admit, stopped: () => stopping });
    // One request on its own first, so that a broken route shows as one clear error.
    const probe = await once();
    if (probe !== true) throw new Error(`POST /api/tickets through the gateway failed: ${probe}`);

    step(`gateway: warm-up ${settings.warmupSeconds} s (fills the pipeline up to the email)`);
    const warmup = await load(settings.warmupSeconds);
    const adminClient = await openAdminClient();
    try {
      step(`gateway: measuring ${settings.seconds} s with ${settings.concurrency} clients, at most ${settings.maxBacklog} tickets awaiting their email`);
      const before = await cpuSnapshot(adminClient);
      const countsBefore = trackerState();
      const startedAt = performance.now();
      const result = await load(settings.seconds);
      const endedAt = performance.now();
      const countsAfter = trackerState();
      const after = await cpuSnapshot(adminClient);
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
  while (acknowledgements.backlog() > 0 && performance.now() < drainDeadline && !stopping) await sleep(50);
  step(`gateway: ${settings.pacedSeconds} s at a steady ${fmt(rate)} tickets/s, for the lag of the email`);
  const startedAt = performance.now();
  const result = await openLoop({ seconds: settings.pacedSeconds, rate, once, stopped: () => stopping });
  const endedAt = performance.now();
  const emailDeadline = performance.now() + settings.drainSeconds * 1000;
  while (acknowledgements.backlog() > 0 && performance.now() < emailDeadline && !stopping) await sleep(50);
  const lags = acknowledgements.lags.filter((l) => l.respondedAt >= startedAt && l.respondedAt < endedAt);
  return {
    rate,
    result,
    emailed: lags.length,
    lagFromResponse: latencyStats(lags.map((l) => l.fromResponse)),
    lagFromCreatedAt: latencyStats(lags.map((l) => l.fromCreatedAt)),
  };
}

/**
 * With `--cpu-prof-dir` among BENCH_NODE_ARGS, tells bench/profile-summary.mjs which process is which
 * service and when the measured window was, in seconds after each process started (its profile's start).
 */
function writeProfileWindow(window) {
  const dir = settings.nodeArgs.find((arg) => arg.startsWith('--cpu-prof-dir='))?.slice('--cpu-prof-dir='.length);
  if (!dir) return;
  const processes = Object.fromEntries(
    services.map((s) => [s.child.pid, { service: s.name, fromSeconds: (window.startedAt - s.spawnedAt) / 1000, toSeconds: (window.endedAt - s.spawnedAt) / 1000 }]),
  );
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'window.json'), `${JSON.stringify({ tickets: window.acknowledged, processes }, null, 2)}\n`);
}

async function openAdminClient() {
  const client = new pg.Client({ connectionString: settings.databaseUrl, application_name: 'bench-admin' });
  await client.connect();
  return client;
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
  const load = (seconds) => closedLoop({ seconds, concurrency: settings.concurrency, once, stopped: () => stopping });
  const monitor = await openAdminClient();
  try {
    step(`raw PostgreSQL: warm-up ${settings.warmupSeconds} s`);
    await load(settings.warmupSeconds);
    step(`raw PostgreSQL: measuring ${settings.seconds} s on ${settings.concurrency} connections`);
    const before = await cpuSnapshot(monitor);
    const result = await load(settings.seconds);
    const after = await cpuSnapshot(monitor);
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
  while (acknowledgements.backlog() > 0 && performance.now() < deadline && !stopping) await sleep(50);
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
// cleanup, also on failure and Ctrl-C

async function stopServices() {
  await Promise.all(
    services.map(async (service) => {
      const child = service.child;
      if (!child || service.exited) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
      if (timedOut && !service.exited) {
        log(`  ${service.name} did not stop within 10 s of SIGTERM; killing it`);
        child.kill('SIGKILL');
        await Promise.race([exited, sleep(2000)]);
      }
    }),
  );
}

async function dropDatabases() {
  const client = new pg.Client({ connectionString: settings.databaseUrl });
  await client.connect();
  try {
    for (const name of [...services.map((s) => s.database), rawDatabase]) {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}


function cleanup() {
  cleaning ??= (async () => {
    stopping = true;
    log('\n· cleaning up: stopping services, dropping databases, deleting queues and exchanges, closing the SMTP server');
    for (const [label, fn] of [
      ['stop services', stopServices],
      ['drop databases', dropDatabases],
      ['delete bus topology', () => deleteBusTopology(settings.amqpUrl, busPrefix)],
    ]) {
      try {
        await fn();
      } catch (error) {
        log(`  cleanup step "${label}" failed: ${error?.message ?? error}`);
      }
    }
    await smtpSink?.close().catch(() => undefined);
  })();
  return cleaning;
}

let interrupted = 0;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted++;
    if (interrupted > 1) {
      log('  still cleaning up; press Ctrl-C once more after a few seconds to leave things behind');
      if (interrupted > 2) process.exit(130);
      return;
    }
    log(`\n${signal}: stopping the benchmark`);
    stopping = true;
    cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// the run

function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head} (+ uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

async function main() {
  const cpus = os.cpus();
  log('Helpdesk benchmark');
  log(
    `  commit ${gitCommit()}, node ${process.version}, ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}, ` +
      `${fmtInt(os.totalmem() / 2 ** 20)} MiB RAM`,
  );
  log(
    `  ${settings.concurrency} clients, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s measured per phase, ` +
      `bus prefix ${busPrefix}, databases bench_*_${runId}\n`,
  );

  smtpSink = await startSmtpSink();
  await choosePorts();
  step(`starting services: ${services.map((s) => `${s.name}:${s.port}`).join(', ')}; the notifier's SMTP server is ${smtpSink.url}`);
  const startedAt = performance.now();
  for (const service of services) startService(service);
  await Promise.race([Promise.all(services.map((s) => waitUntilReady(s))), childCrashed]);
  step(`all six ready after ${fmt((performance.now() - startedAt) / 1000)} s; idle for ${settings.idleSeconds} s`);
  await Promise.race([sleep(settings.idleSeconds * 1000), childCrashed]);
  const idleRss = new Map(services.map((s) => [s.name, readRssKb(s.child.pid)]));

  const raw = await Promise.race([rawBenchmark(), childCrashed]);
  const gw = await Promise.race([gatewayBenchmark(), childCrashed]);
  const loadedRss = new Map(services.map((s) => [s.name, readRssKb(s.child.pid)]));
  step(`waiting (at most ${settings.drainSeconds} s) for the last acknowledgement emails`);
  const drain = await Promise.race([drainCheck(), childCrashed]);

  // ------------------------------------------------------------------ report
  log('\n================================ REPORT ================================');

  log('\nResident memory (VmRSS) per service process');
  const totalIdle = [...idleRss.values()].reduce((a, b) => a + b, 0);
  const totalLoaded = [...loadedRss.values()].reduce((a, b) => a + b, 0);
  log(
    table(
      ['service', 'pid', `idle (${settings.idleSeconds} s after ready), MiB`, 'after load, MiB'],
      [
        ...services.map((s) => [s.name, s.child.pid, fmt(idleRss.get(s.name) / 1024), fmt(loadedRss.get(s.name) / 1024)]),
        ['total', '', fmt(totalIdle / 1024), fmt(totalLoaded / 1024)],
      ],
    ),
  );

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

  writeProfileWindow(w);
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
    `\n  CPU per ticket, services + PostgreSQL + RabbitMQ: ${fmt(gatewayCpu.oursTotalMsPerTicket, 2)} ms through the gateway, ` +
      `${fmt(rawCpu.oursTotalMsPerTicket, 2)} ms raw (PostgreSQL and the idle services)`,
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

  const noisy = services.filter((s) => s.warnings.length > 0);
  if (noisy.length > 0) {
    log('\nWarnings and errors the services logged (LOG_LEVEL=warn)');
    for (const s of noisy) {
      log(`  ${s.name}: ${s.warnings.length} line(s), e.g.`);
      for (const line of s.warnings.slice(0, 3)) log(`    ${line.slice(0, 300)}`);
    }
  }
  log('');
  return 0; // a benchmark reports; it does not fail on the goal
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  if (!stopping) {
    log(`\nBENCHMARK FAILED: ${error?.stack ?? error}`);
    for (const s of services) {
      if (s.output.length > 0 && (s.exited || s.warnings.length > 0)) {
        log(`\n  last output of ${s.name}:`);
        for (const line of s.output.slice(-10)) log(`    ${line.slice(0, 300)}`);
      }
    }
  }
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(interrupted ? 130 : exitCode);
