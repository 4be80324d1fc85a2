// What the benchmarks that run the whole system share: the six services started as child processes
// on scratch databases and a bus prefix of their own, waiting until they are ready, CPU accounting
// per process from /proc, an SMTP server in the bench process, an HTTP client, and the cleanup
// (services stopped, databases dropped, bus topology deleted), also on failure and Ctrl-C.
// Used by bench/run.mjs (a ticket up to its email) and bench/mail-ingest.mjs (an email up to its ticket).

import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { cpuSecondsOf, deleteBusTopology, fmt, fmtInt, sleep, table, withDatabase } from './measure.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export const log = (message) => process.stdout.write(`${message}\n`);
export const step = (message) => log(`· ${message}`);

/** A non-negative number from the environment, or `fallback` when unset. */
export function numberSetting(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not "${value}"`);
  return n;
}

/** The settings every whole-system benchmark reads (see bench/README.md). */
export function commonSettings() {
  return {
    idleSeconds: numberSetting('BENCH_IDLE_SECONDS', 5),
    basePort: Math.floor(numberSetting('BENCH_BASE_PORT', 3100)),
    databaseUrl: process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres',
    amqpUrl: process.env.BENCH_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
    showLogs: process.env.BENCH_SHOW_LOGS === '1',
    /** Extra node flags for the services, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where their time goes. */
    nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  };
}

export const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

export function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head} (+ uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

/** "commit …, node …, 2 × CPU model, … MiB RAM" */
export function machineLine() {
  const cpus = os.cpus();
  return (
    `commit ${gitCommit()}, node ${process.version}, ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}, ` +
    `${fmtInt(os.totalmem() / 2 ** 20)} MiB RAM`
  );
}

export function readRssKb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

export async function openAdminClient(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-admin' });
  await client.connect();
  return client;
}

/** One HTTP exchange with a JSON body (or none); resolves { status, text } whatever the status. */
export function request(agent, { port, method, path: urlPath, token, body }) {
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

/**
 * An SMTP server in this process (the notifier's `SMTP_URL`): accepts every message and hands the
 * first 16 KiB of its header (latin1) to `onMessage`.
 */
export async function startSmtpSink(onMessage = () => undefined) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk) => {
        if (head.length < 16_384) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        onMessage(head);
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

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

// ---------------------------------------------------------------------------------------------
// the run's lifecycle: one cleanup, on success, failure and Ctrl-C

/**
 * `lifecycle.stopping` turns true when the run is being stopped (load loops look at it);
 * `onCleanup(label, fn)` adds a cleanup step (run in the order added, each once, failures reported
 * and passed over); `run(main)` runs the benchmark, cleans up and exits.
 */
export const lifecycle = {
  stopping: false,
  interrupted: 0,
  steps: [],
  cleaning: undefined,
  /** Called with the error of a failed run before cleanup, e.g. to show the services' last output. */
  onFailure: [],
};

export function onCleanup(label, fn) {
  lifecycle.steps.push([label, fn]);
}

export function cleanup() {
  lifecycle.cleaning ??= (async () => {
    lifecycle.stopping = true;
    log(`\n· cleaning up: ${lifecycle.steps.map(([label]) => label).join(', ')}`);
    for (const [label, fn] of lifecycle.steps) {
      try {
        await fn();
      } catch (error) {
        log(`  cleanup step "${label}" failed: ${error?.message ?? error}`);
      }
    }
  })();
  return lifecycle.cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    lifecycle.interrupted++;
    if (lifecycle.interrupted > 1) {
      log('  still cleaning up; press Ctrl-C once more after a few seconds to leave things behind');
      if (lifecycle.interrupted > 2) process.exit(130);
      return;
    }
    log(`\n${signal}: stopping the benchmark`);
    lifecycle.stopping = true;
    cleanup().finally(() => process.exit(130));
  });
}

/** Runs `main` (resolving the exit code), then the cleanup, then exits. */
export async function runBenchmark(main) {
  let exitCode = 1;
  try {
    exitCode = await main();
  } catch (error) {
    if (!lifecycle.stopping) {
      log(`\nBENCHMARK FAILED: ${error?.stack ?? error}`);
      for (const report of lifecycle.onFailure) report(error);
    }
    exitCode = 1;
  } finally {
    await cleanup();
  }
  process.exit(lifecycle.interrupted ? 130 : exitCode);
}

// ---------------------------------------------------------------------------------------------
// the six services as child processes

export const serviceNames = ['gateway', 'tickets', 'customers', 'mail-ingest', 'notifier', 'contracts'];

/**
 * The six services of one run, on databases `bench_<service>_<runId>` and the bus prefix
 * `bench-<runId>`. `extraEnv(service, byName)` adds settings of the benchmark's own (e.g. the
 * notifier's SMTP_URL). Registers the cleanup of what it starts: services, databases (with
 * `extraDatabases`), bus topology.
 */
export function createServiceSet({ runId, settings, extraEnv = () => ({}), extraDatabases = [] }) {
  const busPrefix = `bench-${runId}`;
  const { generateServiceKeys } = require(path.join(root, 'libs', 'http', 'dist', 'index.js'));
  const serviceKeys = generateServiceKeys(['gateway', 'tickets', 'customers']);
  const secrets = { jwt: randomBytes(24).toString('hex'), portalLink: randomBytes(24).toString('hex') };
  const admin = { email: 'bench-admin@helpdesk.example', password: `bench-${randomBytes(9).toString('hex')}` };

  /** Backends first, the gateway last in this list (it is only the order of the tables). */
  const services = serviceNames.map((name) => ({
    name,
    database: `bench_${name.replace(/\W/g, '_')}_${runId}`,
    port: 0,
    child: undefined,
    exited: false,
    output: [],
    warnings: [],
  }));
  const byName = Object.fromEntries(services.map((s) => [s.name, s]));

  let failChild;
  const childCrashed = new Promise((_, reject) => (failChild = reject));
  childCrashed.catch(() => undefined);

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
    if (service.name === 'tickets') Object.assign(env, { CUSTOMERS_INTERNAL_URL: internalUrl('customers'), MAIL_INGEST_INTERNAL_URL: internalUrl('mail-ingest') });
    if (service.name === 'customers') env.GATEWAY_INTERNAL_URL = internalUrl('gateway');
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
    return { ...env, ...extraEnv(service, { byName, internalUrl }) };
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
      if (!lifecycle.stopping) {
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
      for (const name of [...services.map((s) => s.database), ...extraDatabases]) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      }
    } finally {
      await client.end();
    }
  }

  onCleanup('stop services', stopServices);
  onCleanup('drop databases', dropDatabases);
  onCleanup('delete bus topology', () => deleteBusTopology(settings.amqpUrl, busPrefix));
  lifecycle.onFailure.push(() => {
    for (const s of services) {
      if (s.output.length > 0 && (s.exited || s.warnings.length > 0)) {
        log(`\n  last output of ${s.name}:`);
        for (const line of s.output.slice(-10)) log(`    ${line.slice(0, 300)}`);
      }
    }
  });

  return {
    services,
    byName,
    busPrefix,
    admin,
    childCrashed,
    /** Races `promise` against a service exiting unexpectedly. */
    guard: (promise) => Promise.race([promise, childCrashed]),
    databaseUrlOf: (name) => withDatabase(settings.databaseUrl, byName[name].database),
    /** Chooses free ports from BENCH_BASE_PORT, starts every service and waits until each is ready. */
    async start() {
      let port = settings.basePort;
      for (const service of services) {
        while (!(await portIsFree(port))) port++;
        service.port = port++;
      }
      const startedAt = performance.now();
      for (const service of services) startService(service);
      await Promise.race([Promise.all(services.map((s) => waitUntilReady(s))), childCrashed]);
      return (performance.now() - startedAt) / 1000;
    },
    /** VmRSS of each service now, by name, in kB. */
    rss: () => new Map(services.map((s) => [s.name, readRssKb(s.child.pid)])),
    /** Logs the warnings and errors the services logged, if any. */
    printWarnings() {
      const noisy = services.filter((s) => s.warnings.length > 0);
      if (noisy.length === 0) return;
      log('\nWarnings and errors the services logged (LOG_LEVEL=warn)');
      for (const s of noisy) {
        log(`  ${s.name}: ${s.warnings.length} line(s), e.g.`);
        for (const line of s.warnings.slice(0, 3)) log(`    ${line.slice(0, 300)}`);
      }
    },
    /**
     * With `--cpu-prof-dir` among BENCH_NODE_ARGS, tells bench/profile-summary.mjs which process is
     * which service and when the measured window was (performance.now() times), in seconds after each
     * process started (its profile's start), and how many `unit`s (ticket, email) it handled.
     */
    writeProfileWindow({ startedAt, endedAt, count, unit }) {
      const dir = settings.nodeArgs.find((arg) => arg.startsWith('--cpu-prof-dir='))?.slice('--cpu-prof-dir='.length);
      if (!dir) return;
      const processes = Object.fromEntries(
        services.map((s) => [s.child.pid, { service: s.name, fromSeconds: (startedAt - s.spawnedAt) / 1000, toSeconds: (endedAt - s.spawnedAt) / 1000 }]),
      );
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'window.json'), `${JSON.stringify({ tickets: count, unit, processes }, null, 2)}\n`);
    },
    /** Logs in as the gateway's administrator; resolves the access token. */
    async login(agent) {
      const res = await request(agent, { port: byName.gateway.port, method: 'POST', path: '/api/auth/login', body: admin });
      if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${res.text.slice(0, 300)}`);
      const token = JSON.parse(res.text).accessToken;
      if (!token) throw new Error(`admin login returned no accessToken: ${res.text.slice(0, 300)}`);
      return token;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc: per service process, per PostgreSQL backend (grouped by database),
// the broker, this process, any other processes the benchmark names, and the machine as a whole.

export const otherDatabases = 'postgres: other databases (not this run)';
const postgresBackground = 'postgres: background (wal, checkpoints, postmaster)';
export const benchClient = 'bench client (this process)';

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

/**
 * CPU seconds so far of every process of interest, by pid, with the group it belongs to.
 * `services`: the service set's services; `databases`: database name → owner, beyond the
 * services' own; `extra()`: more [pid, group] pairs (e.g. a Dovecot's processes).
 */
export async function cpuSnapshot(adminClient, { services = [], databases = new Map(), extra = () => [] } = {}) {
  const processes = new Map();
  for (const service of services) {
    if (service.child?.pid && !service.exited) processes.set(service.child.pid, { group: `node ${service.name}` });
  }
  processes.set(process.pid, { group: benchClient });
  for (const [pid, group] of extra()) if (!processes.has(pid)) processes.set(pid, { group });

  const databaseOwner = new Map([...services.map((s) => [s.database, s.name]), ...databases]);
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
export function cpuReport(before, after) {
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

/**
 * Per process group: share of a core, and CPU milliseconds per unit (`unit`: "ticket", "email").
 * The total leaves out other databases' backends and, unless `countClient`, the bench process.
 */
export function printCpu(title, report, count, { unit = 'ticket', countClient = false } = {}) {
  const cores = os.cpus().length;
  log(
    `\n${title}: CPU over ${fmt(report.seconds)} s and ${fmtInt(count)} ${unit}s ` +
      `(100% = one core of ${cores}; machine busy ${fmt(report.machineBusy)}% of all cores)`,
  );
  const percent = (cpuSeconds) => (cpuSeconds / report.seconds) * 100;
  const perUnit = (cpuSeconds) => (cpuSeconds * 1000) / count;
  const ours = report.rows.filter((r) => r.group !== otherDatabases && (countClient || r.group !== benchClient));
  const oursTotal = ours.reduce((sum, r) => sum + r.cpuSeconds, 0);
  const tracked = report.rows.reduce((sum, r) => sum + r.cpuSeconds, 0);
  const others = Math.max(0, (report.machineBusy / 100) * cores * report.seconds - tracked);
  const totalLabel = countClient ? 'total: counted processes (the bench process included)' : 'total: services, their databases, background, broker';
  log(
    table(
      ['process', 'CPU %', `CPU ms per ${unit}`],
      [
        ...report.rows.filter((r) => percent(r.cpuSeconds) >= 0.5).map((r) => [r.group, fmt(percent(r.cpuSeconds)), fmt(perUnit(r.cpuSeconds), 2)]),
        [totalLabel, fmt(percent(oursTotal)), fmt(perUnit(oursTotal), 2)],
        ['everything else on the machine (not counted)', fmt(percent(others)), ''],
      ],
    ),
  );
  if (percent(others) > 25) log(`  note: other processes used ${fmt(percent(others))}% of a core during this phase; the figures are disturbed by them`);
  return { oursTotalMsPerUnit: perUnit(oursTotal), byGroup: new Map(report.rows.map((r) => [r.group, perUnit(r.cpuSeconds)])) };
}

/** Resident memory per service, idle and after the load. */
export function printMemory(services, idleRss, loadedRss, idleSeconds) {
  log('\nResident memory (VmRSS) per service process');
  const totalIdle = [...idleRss.values()].reduce((a, b) => a + b, 0);
  const totalLoaded = [...loadedRss.values()].reduce((a, b) => a + b, 0);
  log(
    table(
      ['service', 'pid', `idle (${idleSeconds} s after ready), MiB`, 'after load, MiB'],
      [
        ...services.map((s) => [s.name, s.child.pid, fmt(idleRss.get(s.name) / 1024), fmt(loadedRss.get(s.name) / 1024)]),
        ['total', '', fmt(totalIdle / 1024), fmt(totalLoaded / 1024)],
      ],
    ),
  );
}
