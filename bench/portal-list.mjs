#!/usr/bin/env node
// Benchmark (not a test): the portal dashboard, GET /api/portal/tickets, on a million tickets.
// Starts the built tickets service once on a scratch database (it migrates it), bulk-loads 1,000,000
// tickets over 10,000 customers with ~5 contacts each (and the customers/contacts projection rows),
// ANALYZEs, then measures the route through the service's HTTP with signed gateway assertions for
// random contacts, beside the same SQL sent with pg, and prints the plans. Cleans up, also on failure.
//
//   npm run build && node bench/portal-list.mjs
//
// Settings (environment): BENCH_TICKETS (1000000), BENCH_CUSTOMERS (10000), BENCH_CONTACTS_PER_CUSTOMER (5),
// BENCH_REQUESTS (4000), BENCH_WARMUP_REQUESTS (400), BENCH_CONCURRENCY (8),
// BENCH_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/postgres), BENCH_AMQP_URL (amqp://guest:guest@127.0.0.1:5672),
// BENCH_SHOW_LOGS=1 (echo the service's output).

import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { deleteBusTopology } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const num = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not "${value}"`);
  return n;
};

const settings = {
  tickets: num('BENCH_TICKETS', 1_000_000),
  customers: num('BENCH_CUSTOMERS', 10_000),
  contactsPerCustomer: num('BENCH_CONTACTS_PER_CUSTOMER', 5),
  requests: num('BENCH_REQUESTS', 4000),
  warmupRequests: num('BENCH_WARMUP_REQUESTS', 400),
  concurrency: num('BENCH_CONCURRENCY', 8),
  databaseUrl: process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres',
  amqpUrl: process.env.BENCH_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
  showLogs: process.env.BENCH_SHOW_LOGS === '1',
};
const contacts = settings.customers * settings.contactsPerCustomer;

const runId = randomBytes(4).toString('hex');
const database = `bench_portal_${runId}`;
const busPrefix = `bench-portal-${runId}`;

// The service's own code, built: the assertion it verifies and the SQL it runs.
const mainJs = path.join(root, 'services/tickets/dist/main.js');
const repositoryJs = path.join(root, 'services/tickets/dist/persistence/portal-ticket.repository.js');
for (const file of [mainJs, repositoryJs, path.join(root, 'libs/http/dist/index.js')]) {
  if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing; run "npm run build" first`);
}
const { generateServiceKeys, loadServiceKeys, signerOf, signGatewayAssertion } = require(path.join(root, 'libs/http/dist/index.js'));
// The gateway's key pair (this script signs as the gateway would) and the tickets service's own (it signs its calls).
const keys = generateServiceKeys(['gateway', 'tickets']);
const gateway = signerOf(loadServiceKeys('gateway', { publicKeys: keys.publicKeys, privateKey: keys.privateKeys.gateway }));
const { portalTicketListQuery } = require(repositoryJs);

const log = (message) => process.stdout.write(`${message}\n`);
const step = (message) => log(`· ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const seconds = (since) => `${fmt((performance.now() - since) / 1000, 1)} s`;

function withDatabase(url, name) {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

function stats(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { n: sorted.length, p50: at(50), p99: at(99), max: sorted[sorted.length - 1], mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// the service

let child;
let childExited = false;
let stopping = false;
const output = [];

async function startTicketsService(port) {
  child = spawn(process.execPath, [mainJs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: withDatabase(settings.databaseUrl, database),
      AMQP_URL: settings.amqpUrl,
      BUS_PREFIX: busPrefix,
      SERVICE_PUBLIC_KEYS: keys.publicKeys,
      // The tickets service signs its own calls (to customers); it refuses to start without its key.
      SERVICE_PRIVATE_KEY: keys.privateKeys.tickets,
      LOG_LEVEL: 'warn',
    },
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        output.push(line);
        if (output.length > 30) output.shift();
        if (settings.showLogs) log(`[tickets] ${line}`);
      }
    });
  }
  child.on('exit', (code, signal) => {
    childExited = true;
    if (!stopping) log(`tickets exited unexpectedly (code ${code}, signal ${signal}):\n${output.join('\n')}`);
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (childExited) throw new Error(`the tickets service exited before it was ready:\n${output.join('\n')}`);
    const status = await get({ port, path: '/health/ready' }).then((r) => r.status, () => 0);
    if (status === 200) return;
    await sleep(200);
  }
  throw new Error(`the tickets service was not ready within 60 s:\n${output.join('\n')}`);
}

function get({ port, path: urlPath, headers = {}, agent }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'GET', path: urlPath, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// data: ids are md5(...)::uuid of the row number, so that the bench can pick contacts without reading them back

const customerIdSql = (n) => `md5('customer-' || (${n}))::uuid`;
const contactIdSql = (n) => `md5('contact-' || (${n}))::uuid`;

/** Contact j belongs to customer j % customers; one customer in five shows its contacts every ticket of the customer. */
async function load(client) {
  const t0 = performance.now();
  await client.query(`INSERT INTO customers (id, name, portal_ticket_visibility, version)
    SELECT ${customerIdSql('c')}, 'Customer ' || c, CASE WHEN c % 5 = 0 THEN 'customer' ELSE 'own' END, 1
    FROM generate_series(0, ${settings.customers - 1}) AS c`);
  await client.query(`INSERT INTO contacts (id, customer_id, first_name, last_name, email, version, details_version)
    SELECT ${contactIdSql('j')}, ${customerIdSql(`j % ${settings.customers}`)}, 'First' || j, 'Last' || j, 'contact-' || j || '@customer.example', 1, 1
    FROM generate_series(0, ${contacts - 1}) AS j`);
  step(`${settings.customers.toLocaleString('en-US')} customers and ${contacts.toLocaleString('en-US')} contacts in ${seconds(t0)}`);

  // Loading into a table without its secondary indexes and building them after is many times faster than
  // maintaining nine indexes row by row; the definitions are the migration's own, read back from the catalog.
  const { rows: indexes } = await client.query(
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'tickets' AND indexname <> 'tickets_pkey'",
  );
  for (const { indexname } of indexes) await client.query(`DROP INDEX "${indexname}"`);
  const t1 = performance.now();
  // Ticket n: customer n % customers, one of its contacts, created over about a year, changed a little later;
  // each contact's tickets go through every status.
  await client.query(`INSERT INTO tickets (id, subject, description, requester_email, status, priority, customer_id, contact_id,
      created_by_kind, created_by_id, version, created_at, updated_at)
    SELECT gen_random_uuid(),
      (ARRAY['Printer offline','Cannot log in','Invoice shows the wrong VAT','VPN drops','New laptop','Mailbox full'])[1 + n % 6] || ' #' || n,
      'Loaded by the benchmark.', 'contact-' || j || '@customer.example',
      (ARRAY['new','open','pending','resolved','closed'])[1 + (n / ${contacts}) % 5], 'normal',
      ${customerIdSql(`n % ${settings.customers}`)}, ${contactIdSql('j')}, 'contact', ${contactIdSql('j')}, 1,
      now() - n * interval '31 seconds', now() - n * interval '31 seconds' + (n % 1000) * interval '1 minute'
    FROM (SELECT n, n % ${settings.customers} + ${settings.customers} * ((n / ${settings.customers}) % ${settings.contactsPerCustomer}) AS j
          FROM generate_series(1, ${settings.tickets}) AS n) AS s`);
  step(`${settings.tickets.toLocaleString('en-US')} tickets in ${seconds(t1)}`);
  const t2 = performance.now();
  await client.query("SET maintenance_work_mem = '256MB'");
  for (const { indexdef } of indexes) await client.query(indexdef);
  step(`${indexes.length} indexes rebuilt in ${seconds(t2)}`);
  const t3 = performance.now();
  await client.query('VACUUM ANALYZE customers');
  await client.query('VACUUM ANALYZE contacts');
  await client.query('VACUUM ANALYZE tickets');
  step(`VACUUM ANALYZE in ${seconds(t3)}`);
}

function md5Uuid(text) {
  return require('node:crypto')
    .createHash('md5')
    .update(text)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

function randomContact() {
  const j = randomInt(contacts);
  const c = j % settings.customers;
  return { contactId: md5Uuid(`contact-${j}`), customerId: md5Uuid(`customer-${c}`), visibility: c % 5 === 0 ? 'customer' : 'own' };
}

// ---------------------------------------------------------------------------------------------
// measurements

/** `total` calls of `once`, `concurrency` at a time; latency of each in ms. */
async function run(total, once) {
  const latencies = [];
  const errors = new Map();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: settings.concurrency }, async () => {
      while (next < total && !stopping) {
        next++;
        const t0 = performance.now();
        const outcome = await once().catch((error) => String(error?.message ?? error).slice(0, 120));
        if (outcome === true) latencies.push(performance.now() - t0);
        else errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
      }
    }),
  );
  return { ...stats(latencies), rate: latencies.length / ((performance.now() - started) / 1000), errors };
}

async function httpPhase(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });
  let rows = 0;
  const once = async () => {
    const { contactId, customerId } = randomContact();
    const assertion = signGatewayAssertion(gateway, { kind: 'contact', contactId, customerId }, { service: 'tickets', method: 'GET', path: '/api/portal/tickets' });
    const res = await get({ port, path: '/api/portal/tickets', headers: { 'x-gateway-assertion': assertion }, agent });
    if (res.status !== 200) return `HTTP ${res.status} ${res.text.slice(0, 100)}`;
    rows += JSON.parse(res.text).items.length;
    return true;
  };
  try {
    await run(settings.warmupRequests, once);
    rows = 0;
    const result = await run(settings.requests, once);
    return { ...result, rowsPerPage: rows / result.n };
  } finally {
    agent.destroy();
  }
}

/** The same two statements the service runs per request (the customer's setting, then the list), straight from pg. */
async function rawPhase(pool) {
  const once = async () => {
    const { contactId, customerId } = randomContact();
    const client = await pool.connect();
    try {
      const { rows } = await client.query('SELECT portal_ticket_visibility FROM customers WHERE id = $1', [customerId]);
      const query = portalTicketListQuery({ customerId, contactId, visibility: rows[0]?.portal_ticket_visibility ?? 'own' }, {}, { limit: 26 });
      await client.query(query.text, query.values);
      return true;
    } finally {
      client.release();
    }
  };
  await run(settings.warmupRequests, once);
  return run(settings.requests, once);
}

async function explain(client, scope, filters = {}) {
  const query = portalTicketListQuery(scope, filters, { limit: 26 });
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query.text}`, query.values);
  return rows.map((row) => row['QUERY PLAN']);
}

// ---------------------------------------------------------------------------------------------
// cleanup, also on failure and Ctrl-C

let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    stopping = true;
    step('cleaning up: stopping the service, dropping the database, deleting queues and exchanges');
    if (child && !childExited) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      if (await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)])) child.kill('SIGKILL');
    }
    try {
      const admin = new pg.Client({ connectionString: settings.databaseUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    } catch (error) {
      log(`  could not drop ${database}: ${error.message}`);
    }
    try {
      await deleteBusTopology(settings.amqpUrl, busPrefix);
    } catch (error) {
      log(`  could not delete the bus topology of ${busPrefix}: ${error.message}`);
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`\n${signal}: stopping`);
    cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// the run

async function main() {
  log(`Portal list benchmark: ${settings.tickets.toLocaleString('en-US')} tickets, ${settings.customers.toLocaleString('en-US')} customers, ` +
    `${contacts.toLocaleString('en-US')} contacts; ${settings.requests} requests after ${settings.warmupRequests} warm-up, ${settings.concurrency} clients\n`);
  const started = performance.now();
  const port = await freePort();
  step(`starting services/tickets/dist/main.js on port ${port}, database ${database}`);
  await startTicketsService(port);

  const client = new pg.Client({ connectionString: withDatabase(settings.databaseUrl, database) });
  await client.connect();
  const pool = new pg.Pool({ connectionString: withDatabase(settings.databaseUrl, database), max: settings.concurrency });
  try {
    await load(client);

    step('measuring GET /api/portal/tickets through the service');
    const viaHttp = await httpPhase(port);
    step('measuring the same SQL with pg');
    const raw = await rawPhase(pool);

    const own = randomContact();
    while (own.visibility !== 'own') Object.assign(own, randomContact());
    const whole = randomContact();
    while (whole.visibility !== 'customer') Object.assign(whole, randomContact());
    const plans = {
      "own tickets (default 'own' setting)": await explain(client, own),
      "the customer's tickets ('customer' setting)": await explain(client, whole),
      "own tickets, status open or pending": await explain(client, own, { statuses: ['open', 'pending'] }),
    };

    log('\n================================ REPORT ================================\n');
    log('GET /api/portal/tickets (first page, 25 rows), random contacts');
    log('                                         p50 ms   p99 ms   max ms   mean ms   req/s   errors');
    for (const [label, r] of [
      ['HTTP through the tickets service', viaHttp],
      ['raw SQL, same 2 statements, pg', raw],
    ]) {
      const errors = [...r.errors.values()].reduce((a, b) => a + b, 0);
      log(`  ${label.padEnd(38)} ${fmt(r.p50).padStart(6)}   ${fmt(r.p99).padStart(6)}   ${fmt(r.max, 1).padStart(6)}   ${fmt(r.mean).padStart(7)}   ${fmt(r.rate, 0).padStart(5)}   ${errors}`);
      for (const [kind, count] of r.errors) log(`      ${count} × ${kind}`);
    }
    log(`  (${fmt(viaHttp.rowsPerPage, 1)} tickets per page on average; ${settings.requests} requests each)`);

    let seqScan = false;
    for (const [label, lines] of Object.entries(plans)) {
      log(`\nEXPLAIN ANALYZE: ${label}`);
      for (const line of lines) log(`  ${line}`);
      if (lines.some((line) => /Seq Scan on tickets/.test(line))) seqScan = true;
    }
    log(`\n${seqScan ? 'WARNING: a plan scans the whole tickets table' : 'Every plan reads the tickets through an index range; none scans the table.'}`);
    log(`Total run time ${seconds(started)}.\n`);
    return seqScan ? 1 : 0;
  } finally {
    await client.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  log(`\nBENCHMARK FAILED: ${error?.stack ?? error}`);
  if (output.length > 0) log(`last output of the tickets service:\n${output.slice(-10).join('\n')}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
