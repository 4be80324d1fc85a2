#!/usr/bin/env node
// Runs the whole system on this machine's PostgreSQL and RabbitMQ: six services as child processes,
// each on a database of its own, with mail written to var/mail unless SMTP_URL is set. Ctrl-C stops all.
// Every setting in the environment reaches the services, except secrets, credentials and private keys,
// which each service gets only if they are theirs (ownSecrets below); this script sets only what it
// decides itself: each service's ports, listen addresses (loopback) and DATABASE_URL, the addresses of
// the others, and local defaults.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newServiceKeys, privateKeyVariable } from './service-keys.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

// Local secrets and service keys are made once and kept in var/ (git-ignored); set the variables to
// use your own (keys as a set: SERVICE_PUBLIC_KEYS and each <SERVICE>_PRIVATE_KEY, see `npm run keys`).
const secretNames = ['JWT_SECRET', 'PORTAL_LINK_SECRET', 'EMAIL_ACCOUNT_SECRET_KEY'];
const secretsFile = path.join(root, 'var', 'local-secrets.json');
const stored = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : {};
const missing = secretNames.filter((name) => !env[name] && !stored[name]);
const keysMissing = !env.SERVICE_PUBLIC_KEYS && !stored.SERVICE_PUBLIC_KEYS;
if (missing.length > 0 || keysMissing) {
  for (const name of missing) stored[name] = randomBytes(32).toString('hex');
  if (keysMissing) Object.assign(stored, newServiceKeys());
  mkdirSync(path.dirname(secretsFile), { recursive: true });
  writeFileSync(secretsFile, JSON.stringify(stored, null, 2), { mode: 0o600 });
}
const secrets = Object.fromEntries(secretNames.map((name) => [name, env[name] || stored[name]]));
const keySource = env.SERVICE_PUBLIC_KEYS ? env : stored;

const postgres = (env.POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432').replace(/\/$/, '');
const databaseName = (service) => (env.DATABASE_NAME_TEMPLATE ?? 'helpdesk_{service}').replace('{service}', service.replace(/-/g, '_'));
const basePort = Number(env.BASE_PORT ?? 3000);
const internalBasePort = Number(env.INTERNAL_BASE_PORT ?? basePort + 1000);
const services = ['gateway', 'tickets', 'customers', 'mail-ingest', 'notifier', 'contracts'].map((name, i) => ({ name, port: basePort + i, internalPort: internalBasePort + i }));
const url = (name) => `http://127.0.0.1:${services.find((s) => s.name === name).port}`;
const internalUrl = (name) => `http://127.0.0.1:${services.find((s) => s.name === name).internalPort}`;
const admin = { email: env.ADMIN_EMAIL ?? 'admin@helpdesk.localhost', password: env.ADMIN_PASSWORD ?? 'admin-password-change-me' };
const mailDropDir = env.MAIL_DROP_DIR ?? path.join(root, 'var', 'mail');

// Which service holds which secret or credential; no other service sees them. The link keys, the
// current one and those that still verify links sent under it, make every pending invitation and
// reset link: only the gateway (which checks them) and the notifier (which mails them) hold them.
const ownSecrets = {
  gateway: {
    JWT_SECRET: secrets.JWT_SECRET,
    PORTAL_LINK_SECRET: secrets.PORTAL_LINK_SECRET,
    PORTAL_LINK_PREVIOUS_KEYS: env.PORTAL_LINK_PREVIOUS_KEYS,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
  },
  notifier: { PORTAL_LINK_SECRET: secrets.PORTAL_LINK_SECRET, PORTAL_LINK_PREVIOUS_KEYS: env.PORTAL_LINK_PREVIOUS_KEYS, SMTP_URL: env.SMTP_URL },
  // The key that seals the mailboxes' passwords and tokens, and the earlier ones that still open them.
  'mail-ingest': { EMAIL_ACCOUNT_SECRET_KEY: secrets.EMAIL_ACCOUNT_SECRET_KEY, EMAIL_ACCOUNT_PREVIOUS_KEYS: env.EMAIL_ACCOUNT_PREVIOUS_KEYS },
};
/** Settings held back from the shared environment: each goes only to the services ownSecrets names. */
const withheld = new Set(secretNames.concat(Object.values(ownSecrets).flatMap(Object.keys)));

const own = {
  gateway: {
    TICKETS_URL: url('tickets'),
    CUSTOMERS_URL: url('customers'),
    MAIL_INGEST_URL: url('mail-ingest'),
    NOTIFIER_URL: url('notifier'),
    CONTRACTS_URL: url('contracts'),
  },
  tickets: { CUSTOMERS_INTERNAL_URL: internalUrl('customers'), MAIL_INGEST_INTERNAL_URL: internalUrl('mail-ingest') },
  customers: { GATEWAY_INTERNAL_URL: internalUrl('gateway') },
  notifier: { MAIL_DROP_DIR: mailDropDir, PORTAL_URL: env.PORTAL_URL ?? `${url('gateway')}/portal`, STAFF_APP_URL: env.STAFF_APP_URL ?? `${url('gateway')}/staff` },
};

/** The environment without any secret, credential or private key: each service gets back only its own. */
const secretVariable = (name) => withheld.has(name) || name.endsWith('_PRIVATE_KEY');
const shared = Object.fromEntries(Object.entries(env).filter(([name]) => !secretVariable(name)));

/** What a service gets: the shared settings, loopback listeners on its ports, its database, its own key and settings. */
function environmentOf({ name, port, internalPort }) {
  const privateKey = keySource[privateKeyVariable(name)];
  return {
    ...shared,
    HOST: '127.0.0.1',
    PORT: String(port),
    INTERNAL_HOST: '127.0.0.1',
    INTERNAL_PORT: String(internalPort),
    DATABASE_URL: `${postgres}/${databaseName(name)}`,
    SERVICE_PUBLIC_KEYS: keySource.SERVICE_PUBLIC_KEYS,
    ...(privateKey && { SERVICE_PRIVATE_KEY: privateKey }),
    ...own[name],
    // Unset ones stay unset (an undefined value would reach the child as the text "undefined").
    ...Object.fromEntries(Object.entries(ownSecrets[name] ?? {}).filter(([, value]) => value !== undefined)),
  };
}

const started = Date.now();
const children = services.map((service) => {
  const { name, port } = service;
  // The IPC channel is how a service notices that this script is gone (stop-with-parent.cjs).
  const child = spawn(process.execPath, ['--require', path.join(root, 'scripts', 'stop-with-parent.cjs'), path.join(root, 'services', name, 'dist', 'main.js')], {
    env: environmentOf(service),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) process.stdout.write(`${name.padEnd(11)} | ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} exited (${signal ?? code}); stopping everything.\n`);
      stop(1);
    }
  });
  return { name, port, child };
});

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  const running = children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  let left = running.length;
  if (left === 0) process.exit(code);
  for (const { child } of running) {
    child.once('exit', () => --left === 0 && process.exit(code));
    child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(code), 10_000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function ready({ port }) {
  for (;;) {
    if (stopping) return;
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

await Promise.all(children.map(ready));
if (!stopping) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    [
      '',
      `Helpdesk is ready in ${seconds} s: the API is at ${url('gateway')}/api`,
      `  administrator: ${admin.email} / ${admin.password}${env.ADMIN_PASSWORD ? '' : '  (the local default: set ADMIN_PASSWORD to choose your own)'}`,
      `  outgoing mail: ${env.SMTP_URL ? env.SMTP_URL.replace(/\/\/[^@]*@/, '//') : `written as .eml files to ${mailDropDir}`}`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}
