#!/usr/bin/env node
// Benchmark (not a test): starts the six services as child processes on fresh databases and a bus
// prefix of their own, measures their idle memory, then the rate of tickets created through the
// gateway against the raw PostgreSQL rate of the same two inserts, and prints a report.
//
//   npm run bench                      (builds first)
//   node bench/run.mjs                 (uses the existing services/*/dist)
//
// Settings (environment): BENCH_SECONDS (15), BENCH_WARMUP_SECONDS (3), BENCH_CONCURRENCY (8),
// BENCH_IDLE_SECONDS (5), BENCH_DRAIN_SECONDS (30, bound on waiting for the outbox and the emails),
// BENCH_BASE_PORT (3100), BENCH_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/postgres),
// BENCH_AMQP_URL (amqp://guest:guest@127.0.0.1:5672), BENCH_SHOW_LOGS=1 (echo the services' output),
// BENCH_NODE_ARGS (extra node flags for the services, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").

import { spawn, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import amqp from 'amqplib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const num = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not "${value}"`);
  return n;
};

const settings = {
  seconds: num('BENCH_SECONDS', 15),
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 3),
  concurrency: Math.max(1, Math.floor(num('BENCH_CONCURRENCY', 8))),
  idleSeconds: num('BENCH_IDLE_SECONDS', 5),
  drainSeconds: num('BENCH_DRAIN_SECONDS', 30),
  basePort: Math.floor(num('BENCH_BASE_PORT', 3100)),
  databaseUrl: process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres',
  amqpUrl: process.env.BENCH_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
  showLogs: process.env.BENCH_SHOW_LOGS === '1',
  /** Extra node flags for the services, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where their time goes. */
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  goal: 0.5,
};

const runId = randomBytes(4).toString('hex');
const busPrefix = `bench-${runId}`;
const rawDatabase = `bench_raw_${runId}`;
const secrets = {
  internal: randomBytes(24).toString('hex'),
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

let mailDropDir;
let stopping = false;
let cleaning;
let failChild;
const childCrashed = new Promise((_, reject) => (failChild = reject));
childCrashed.catch(() => undefined);

// ---------------------------------------------------------------------------------------------
// small helpers

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => process.stdout.write(`${message}\n`);
const step = (message) => log(`· ${message}`);

function withDatabase(url, name) {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function latencyStats(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN;
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, mean };
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');

function table(headers, rows, align) {
  const cells = [headers, ...rows].map((row) => row.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) =>
    '  ' + row.map((c, i) => ((align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'l' ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
  return [line(cells[0]), '  ' + widths.map((w) => '-'.repeat(w)).join('   '), ...cells.slice(1).map(line)].join('\n');
}

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

let clockTicks = 100;
try {
  clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  /* keep 100 */
}

function readProcTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return undefined;
  }
}

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

/** Ticks of every process of interest, by pid, with the group it belongs to. */
async function cpuSnapshot(adminClient) {
  const processes = new Map();
  for (const service of services) {
    if (service.child?.pid && !service.exited) processes.set(service.child.pid, { group: `node ${service.name}` });
  }
  processes.set(process.pid, { group: 'bench client (this process)' });

  const databaseOwner = new Map(services.map((s) => [s.database, s.name]));
  databaseOwner.set(rawDatabase, 'raw baseline db');
  const backendDatabase = new Map();
  try {
    const { rows } = await adminClient.query('SELECT pid, datname FROM pg_stat_activity');
    for (const row of rows) backendDatabase.set(row.pid, row.datname);
  } catch {
    /* grouped as "other" */
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (processes.has(pid)) continue;
    const comm = readComm(pid);
    if (comm === 'postgres') {
      const datname = backendDatabase.get(pid);
      const owner = datname ? databaseOwner.get(datname) : undefined;
      processes.set(pid, { group: owner ? `postgres: ${owner}` : 'postgres: other (wal, bench admin, …)' });
    } else if (comm === 'beam.smp' || comm?.startsWith('erl_')) {
      processes.set(pid, { group: 'rabbitmq' });
    }
  }
  for (const [pid, entry] of processes) entry.ticks = readProcTicks(pid);
  return { at: performance.now(), processes, machine: machineTicks() };
}

function cpuReport(before, after) {
  const seconds = (after.at - before.at) / 1000;
  const groups = new Map();
  for (const [pid, entry] of after.processes) {
    if (entry.ticks === undefined) continue;
    const start = before.processes.get(pid)?.ticks ?? 0; // started during the phase: count it all
    const used = Math.max(0, entry.ticks - start) / clockTicks;
    const group = before.processes.get(pid)?.group ?? entry.group;
    groups.set(group, (groups.get(group) ?? 0) + used);
  }
  const rows = [...groups.entries()]
    .map(([group, used]) => ({ group, percent: (used / seconds) * 100 }))
    .sort((a, b) => b.percent - a.percent);
  const totalDelta = after.machine.total - before.machine.total;
  const machineBusy = totalDelta > 0 ? (1 - (after.machine.idle - before.machine.idle) / totalDelta) * 100 : NaN;
  return { rows, seconds, machineBusy };
}

function printCpu(title, report) {
  const cores = os.cpus().length;
  log(`\n${title} (CPU over ${fmt(report.seconds)} s; 100% = one core, ${cores} cores = ${cores * 100}%; machine busy ${fmt(report.machineBusy)}% of all cores)`);
  const tracked = report.rows.reduce((sum, r) => sum + r.percent, 0);
  const others = report.machineBusy * cores - tracked;
  log(
    table(
      ['process', 'CPU %'],
      [
        ...report.rows.filter((r) => r.percent >= 0.5).map((r) => [r.group, fmt(r.percent)]),
        ['everything else on the machine', fmt(Math.max(0, others))],
      ],
    ),
  );
  if (others > 25) log(`  note: other processes used ${fmt(others)}% of a core during this phase; the figures are disturbed by them`);
}

// ---------------------------------------------------------------------------------------------
// services

function serviceEnv(service) {
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    PORT: String(service.port),
    DATABASE_URL: withDatabase(settings.databaseUrl, service.database),
    AMQP_URL: settings.amqpUrl,
    BUS_PREFIX: busPrefix,
    INTERNAL_TOKEN_SECRET: secrets.internal,
    PORTAL_LINK_SECRET: secrets.portalLink,
    LOG_LEVEL: 'warn',
  };
  if (service.name === 'notifier') {
    delete env.SMTP_URL;
    env.MAIL_DROP_DIR = mailDropDir;
  }
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
// load

/** Runs `once(worker)` in a closed loop on `concurrency` workers until the time is up. */
async function closedLoop({ seconds, concurrency, once }) {
  const latencies = [];
  const errors = new Map();
  let ok = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline && !stopping) {
        const t0 = performance.now();
        let outcome;
        try {
          outcome = await once(worker);
        } catch (error) {
          outcome = error?.code ? `${error.code}` : String(error?.message ?? error).slice(0, 120);
        }
        const ms = performance.now() - t0;
        if (outcome === true) {
          ok++;
          latencies.push(ms);
        } else {
          errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
          if (typeof outcome === 'string' && !/^HTTP /.test(outcome)) await sleep(10); // no hot spin on a dead socket
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  return { ok, errorCount, errors, elapsed, rate: ok / elapsed, ...latencyStats(latencies) };
}

const sampleSubjects = [
  'Printer on floor 3 is offline',
  'Cannot log in to the customer portal',
  'Invoice 2024-118 shows the wrong VAT rate',
  'VPN drops every 20 minutes',
  'Request: new laptop for a starter on Monday',
  'Shared mailbox does not receive external mail',
];

function newTicketBody(n) {
  const subject = `${sampleSubjects[n % sampleSubjects.length]} (#${n})`;
  const description =
    'Hello support,\n\nsince this morning the problem described in the subject keeps coming back. ' +
    'We restarted the device and checked the cables, but nothing changed. Three colleagues are affected ' +
    'and we have a deadline on Friday. Could you please have a look as soon as possible?\n\n' +
    `Kind regards,\nDana Miller\nCustomer reference ${100000 + n}`;
  return { subject, description, requesterEmail: `dana.miller+${n % 997}@customer.example` };
}

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
      const res = await request(agent, { port: gateway.port, method: 'POST', path: '/api/tickets', token, body: newTicketBody(n++) });
      return res.status === 201 ? true : `HTTP ${res.status}${res.status >= 400 ? ` ${res.text.slice(0, 100)}` : ''}`;
    };
    // One request on its own first, so that a broken route shows as one clear error.
    const probe = await once();
    if (probe !== true) throw new Error(`POST /api/tickets through the gateway failed: ${probe}`);

    step(`gateway: warm-up ${settings.warmupSeconds} s`);
    const warmup = await closedLoop({ seconds: settings.warmupSeconds, concurrency: settings.concurrency, once });
    const adminClient = await openAdminClient();
    try {
      step(`gateway: measuring ${settings.seconds} s with ${settings.concurrency} clients`);
      const before = await cpuSnapshot(adminClient);
      const result = await closedLoop({ seconds: settings.seconds, concurrency: settings.concurrency, once });
      const after = await cpuSnapshot(adminClient);
      return { result, cpu: cpuReport(before, after), warmupCreated: warmup.ok + 1, warmupErrors: warmup.errorCount };
    } finally {
      await adminClient.end();
    }
  } finally {
    agent.destroy();
  }
}

async function openAdminClient() {
  const client = new pg.Client({ connectionString: settings.databaseUrl, application_name: 'bench-admin' });
  await client.connect();
  return client;
}

async function rawBenchmark() {
  const adminClient = await openAdminClient();
  try {
    await adminClient.query(`CREATE DATABASE ${quoteIdent(rawDatabase)}`);
  } finally {
    await adminClient.end();
  }
  const url = withDatabase(settings.databaseUrl, rawDatabase);
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query(readFileSync(path.join(root, 'libs/outbox/sql/0001_outbox.sql'), 'utf8'));
    const migrations = path.join(root, 'services/tickets/prisma/migrations');
    for (const entry of readdirSync(migrations, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      const file = path.join(migrations, entry, 'migration.sql');
      if (existsSync(file)) await setup.query(readFileSync(file, 'utf8'));
    }
  } finally {
    await setup.end();
  }

  const clients = await Promise.all(
    Array.from({ length: settings.concurrency }, async () => {
      const client = new pg.Client({ connectionString: url, application_name: 'bench-raw' });
      await client.connect();
      return client;
    }),
  );
  const createdBy = randomUUID();
  let n = 0;
  const insertTicket = `INSERT INTO tickets (id, subject, description, requester_email, status, priority, created_by_id, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING id, number, subject, requester_email, status, priority, created_at`;
  const insertOutbox = 'INSERT INTO outbox (event_id, event_type, payload) VALUES ($1::uuid, $2, $3::jsonb)';
  const once = async (worker) => {
    const client = clients[worker];
    const body = newTicketBody(n++);
    try {
      await client.query('BEGIN');
      const {
        rows: [ticket],
      } = await client.query(insertTicket, [randomUUID(), body.subject, body.description, body.requesterEmail.toLowerCase(), 'new', 'normal', createdBy]);
      // The envelope the tickets service writes for ticket.created v1.
      const event = {
        id: randomUUID(),
        type: 'ticket.created',
        version: 1,
        aggregate: { type: 'ticket', id: ticket.id, version: 1 },
        occurredAt: new Date().toISOString(),
        producer: 'tickets',
        correlationId: randomUUID(),
        causationId: null,
        data: {
          ticketId: ticket.id,
          number: ticket.number,
          subject: ticket.subject,
          requesterEmail: ticket.requester_email,
          status: ticket.status,
          priority: ticket.priority,
          createdBy: { kind: 'staff', id: createdBy },
          createdAt: ticket.created_at.toISOString(),
        },
      };
      await client.query(insertOutbox, [event.id, event.type, JSON.stringify(event)]);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };
  const monitor = await openAdminClient();
  try {
    step(`raw PostgreSQL: warm-up ${settings.warmupSeconds} s`);
    await closedLoop({ seconds: settings.warmupSeconds, concurrency: settings.concurrency, once });
    step(`raw PostgreSQL: measuring ${settings.seconds} s on ${settings.concurrency} connections`);
    const before = await cpuSnapshot(monitor);
    const result = await closedLoop({ seconds: settings.seconds, concurrency: settings.concurrency, once });
    const after = await cpuSnapshot(monitor);
    return { result, cpu: cpuReport(before, after) };
  } finally {
    await monitor.end();
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

// ---------------------------------------------------------------------------------------------
// after the load: outbox drain and acknowledgement emails

function countEml() {
  try {
    return readdirSync(mailDropDir).filter((name) => name.endsWith('.eml')).length;
  } catch {
    return 0;
  }
}

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
  const tickets = new pg.Client({ connectionString: withDatabase(settings.databaseUrl, byName.tickets.database) });
  const notifier = new pg.Client({ connectionString: withDatabase(settings.databaseUrl, byName.notifier.database) });
  await tickets.connect();
  await notifier.connect();
  try {
    const outboxState = async () =>
      (await tickets.query('SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS pending FROM outbox')).rows[0];
    const started = performance.now();
    const deadline = started + settings.drainSeconds * 1000;
    const atEnd = await outboxState();
    const ticketCount = (await tickets.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n;
    const emlAtEnd = countEml();
    const queueAtEnd = await queueDepth(`${busPrefix}.notifier`);

    let state = atEnd;
    while (state.pending > 0 && performance.now() < deadline && !stopping) {
      await sleep(100);
      state = await outboxState();
    }
    const outboxDrainSeconds = state.pending === 0 ? (performance.now() - started) / 1000 : NaN;

    const lag = (
      await tickets.query(`SELECT
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - created_at)) AS p50,
        percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - created_at)) AS p99,
        max(extract(epoch FROM published_at - created_at)) AS max,
        extract(epoch FROM max(published_at) - max(created_at)) AS tail
        FROM outbox WHERE published_at IS NOT NULL`)
    ).rows[0];

    let eml = countEml();
    while (eml < state.total && performance.now() < deadline && !stopping) {
      await sleep(200);
      eml = countEml();
    }
    const emailSeconds = (performance.now() - started) / 1000;
    const emails = (
      await notifier.query(
        'SELECT count(*)::int AS total, count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent, count(*) FILTER (WHERE last_error IS NOT NULL)::int AS failed FROM outgoing_emails',
      )
    ).rows[0];
    const emailTimes = (
      await notifier.query(
        `SELECT extract(epoch FROM max(sent_at) - min(created_at)) AS span FROM outgoing_emails WHERE sent_at IS NOT NULL`,
      )
    ).rows[0];
    return {
      ticketCount,
      atEnd,
      final: state,
      outboxDrainSeconds,
      lag: { p50: Number(lag.p50) * 1000, p99: Number(lag.p99) * 1000, max: Number(lag.max) * 1000, tail: Number(lag.tail) },
      emlAtEnd,
      queueAtEnd,
      eml,
      emailSeconds,
      emails,
      emailSpan: Number(emailTimes.span),
      queueFinal: await queueDepth(`${busPrefix}.notifier`),
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

async function deleteBusTopology() {
  const connection = await amqp.connect(settings.amqpUrl);
  try {
    // A failed operation closes its channel, so each one gets a channel of its own.
    const attempt = async (fn) => {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      try {
        await fn(channel);
        await channel.close();
      } catch {
        /* already gone */
      }
    };
    for (const queue of [`${busPrefix}.notifier`, `${busPrefix}.notifier.dead-letter`]) await attempt((c) => c.deleteQueue(queue));
    for (const exchange of [`${busPrefix}.events`, `${busPrefix}.dead-letter`]) await attempt((c) => c.deleteExchange(exchange));
  } finally {
    await connection.close().catch(() => undefined);
  }
}

function cleanup() {
  cleaning ??= (async () => {
    stopping = true;
    log('\n· cleaning up: stopping services, dropping databases, deleting queues and exchanges');
    for (const [label, fn] of [
      ['stop services', stopServices],
      ['drop databases', dropDatabases],
      ['delete bus topology', deleteBusTopology],
    ]) {
      try {
        await fn();
      } catch (error) {
        log(`  cleanup step "${label}" failed: ${error?.message ?? error}`);
      }
    }
    if (mailDropDir) rmSync(mailDropDir, { recursive: true, force: true });
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

  mailDropDir = mkdtempSync(path.join(os.tmpdir(), `bench-mail-${runId}-`));
  await choosePorts();
  step(`starting services: ${services.map((s) => `${s.name}:${s.port}`).join(', ')}`);
  const startedAt = performance.now();
  for (const service of services) startService(service);
  await Promise.race([Promise.all(services.map((s) => waitUntilReady(s))), childCrashed]);
  step(`all six ready after ${fmt((performance.now() - startedAt) / 1000)} s; idle for ${settings.idleSeconds} s`);
  await Promise.race([sleep(settings.idleSeconds * 1000), childCrashed]);
  const idleRss = new Map(services.map((s) => [s.name, readRssKb(s.child.pid)]));

  const raw = await Promise.race([rawBenchmark(), childCrashed]);
  const gw = await Promise.race([gatewayBenchmark(), childCrashed]);
  const loadedRss = new Map(services.map((s) => [s.name, readRssKb(s.child.pid)]));
  step(`waiting (at most ${settings.drainSeconds} s) for the outbox to drain and the acknowledgement emails`);
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
  const r = raw.result;
  const ratio = g.rate / r.rate;
  log(`\nTicket creation, ${settings.concurrency} concurrent clients, closed loop, ${settings.seconds} s measured`);
  log(
    table(
      ['', 'gateway POST /api/tickets', 'raw PostgreSQL (pg)'],
      [
        ['what', 'HTTP → gateway → tickets', 'BEGIN; INSERT ticket; INSERT outbox; COMMIT'],
        ['completed (201 / committed)', fmtInt(g.ok), fmtInt(r.ok)],
        ['errors', fmtInt(g.errorCount), fmtInt(r.errorCount)],
        ['rate, per second', fmt(g.rate), fmt(r.rate)],
        ['latency p50, ms', fmt(g.p50, 2), fmt(r.p50, 2)],
        ['latency p99, ms', fmt(g.p99, 2), fmt(r.p99, 2)],
        ['latency max, ms', fmt(g.max, 1), fmt(r.max, 1)],
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
  log(`\n  ratio gateway / raw = ${fmt(ratio, 3)}   (goal ≥ ${settings.goal}: ${verdict})`);

  printCpu('Where the CPU went during the gateway phase', gw.cpu);
  printCpu('Where the CPU went during the raw phase', raw.cpu);

  log('\nOutbox relay and acknowledgement emails (sanity check)');
  const d = drain;
  log(
    table(
      ['', 'value'],
      [
        ['tickets in the tickets db (warm-up + measured)', fmtInt(d.ticketCount)],
        ['outbox rows', fmtInt(d.final.total)],
        ['outbox rows still unpublished when the load stopped', fmtInt(d.atEnd.pending)],
        [
          'time to publish that backlog after the load stopped',
          Number.isFinite(d.outboxDrainSeconds) ? `${fmt(d.outboxDrainSeconds, 2)} s` : `not drained in ${settings.drainSeconds} s (${d.final.pending} left)`,
        ],
        ['relay lag created→published p50 / p99 / max, ms', `${fmt(d.lag.p50, 0)} / ${fmt(d.lag.p99, 0)} / ${fmt(d.lag.max, 0)}`],
        ['notifier queue depth when the load stopped', fmtInt(d.queueAtEnd)],
        ['.eml files when the load stopped', fmtInt(d.emlAtEnd)],
        [
          '.eml files written (expected: one per ticket)',
          `${fmtInt(d.eml)} of ${fmtInt(d.final.total)}${d.eml >= d.final.total ? '' : ` — still short after ${fmt(d.emailSeconds)} s`}`,
        ],
        ['outgoing_emails rows / unsent / with errors', `${fmtInt(d.emails.total)} / ${fmtInt(d.emails.unsent)} / ${fmtInt(d.emails.failed)}`],
        ['notifier queue depth at the end', fmtInt(d.queueFinal)],
        ['email throughput (first queued → last sent)', Number.isFinite(d.emailSpan) && d.emailSpan > 0 ? `${fmt(d.emails.total - d.emails.unsent > 0 ? (d.emails.total - d.emails.unsent) / d.emailSpan : NaN)} /s` : '–'],
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
