#!/usr/bin/env node
// Runs the whole system on this machine's PostgreSQL and RabbitMQ: six services as child processes,
// each on a database of its own, with mail written to var/mail unless SMTP_URL is set. Ctrl-C stops all.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

// Local secrets are made once and kept in var/ (git-ignored); set the variables to use your own.
const secretsFile = path.join(root, 'var', 'local-secrets.json');
mkdirSync(path.dirname(secretsFile), { recursive: true });
const stored = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : {};
const secrets = {
  INTERNAL_TOKEN_SECRET: env.INTERNAL_TOKEN_SECRET ?? stored.INTERNAL_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
  JWT_SECRET: env.JWT_SECRET ?? stored.JWT_SECRET ?? randomBytes(32).toString('hex'),
  PORTAL_LINK_SECRET: env.PORTAL_LINK_SECRET ?? stored.PORTAL_LINK_SECRET ?? randomBytes(32).toString('hex'),
};
writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 });

const postgres = (env.POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432').replace(/\/$/, '');
const services = [
  { name: 'tickets', port: 3001 },
  { name: 'customers', port: 3002 },
  { name: 'mail-ingest', port: 3003 },
  { name: 'notifier', port: 3004 },
  { name: 'contracts', port: 3005 },
  { name: 'gateway', port: 3000 },
];
const url = (name) => `http://127.0.0.1:${services.find((s) => s.name === name).port}`;
const admin = { email: env.ADMIN_EMAIL ?? 'admin@helpdesk.localhost', password: env.ADMIN_PASSWORD ?? 'admin-password-change-me' };

const common = {
  PATH: env.PATH,
  AMQP_URL: env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  LOG_LEVEL: env.LOG_LEVEL ?? 'info',
  ...secrets,
};
const own = {
  gateway: {
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    TICKETS_URL: url('tickets'),
    CUSTOMERS_URL: url('customers'),
    MAIL_INGEST_URL: url('mail-ingest'),
    NOTIFIER_URL: url('notifier'),
    CONTRACTS_URL: url('contracts'),
  },
  notifier: { MAIL_DROP_DIR: path.join(root, 'var', 'mail'), ...(env.SMTP_URL ? { SMTP_URL: env.SMTP_URL } : {}) },
};

const started = Date.now();
const children = services.map(({ name, port }) => {
  const child = spawn(process.execPath, [path.join(root, 'services', name, 'dist', 'main.js')], {
    env: { ...common, PORT: String(port), DATABASE_URL: `${postgres}/helpdesk_${name.replace(/-/g, '_')}`, ...own[name] },
    stdio: ['ignore', 'pipe', 'pipe'],
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
      `Helpdesk is ready in ${seconds} s: the API is at http://127.0.0.1:3000/api`,
      `  administrator: ${admin.email} / ${admin.password}${env.ADMIN_PASSWORD ? '' : '  (the local default: set ADMIN_PASSWORD to choose your own)'}`,
      `  outgoing mail: ${env.SMTP_URL ? env.SMTP_URL.replace(/\/\/[^@]*@/, '//') : `written as .eml files to ${own.notifier.MAIL_DROP_DIR}`}`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}
