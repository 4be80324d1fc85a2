import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import {
  deleteBusTopology,
  dropTestDatabases,
  freePort,
  jsonClient,
  newTestBusPrefix,
  testEnvironment,
  testKeys,
  testSecrets,
  uniqueSuffix,
  waitFor,
} from '@helpdesk/testing';

// Runs scripts/start-all.mjs as `npm start` does after its build (`npm test` builds first).
const root = path.join(__dirname, '..', '..');
const services = ['gateway', 'tickets', 'customers', 'mail-ingest', 'notifier', 'contracts'];
const admin = { email: 'start-admin@helpdesk.test', password: 'a start script password' };

/** A port with the next five free too (the start script's BASE_PORT). */
async function freePortRange(): Promise<number> {
  const isFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer().once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const base = await freePort();
    if (base + 5 < 65536 && (await Promise.all([1, 2, 3, 4, 5].map((i) => isFree(base + i)))).every(Boolean)) return base;
  }
}

/** Listening TCP sockets of this machine: port -> the addresses bound (IPv4 dotted, IPv6 as the kernel's hex). */
function listeningSockets(): Map<number, string[]> {
  const sockets = new Map<number, string[]>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
      const [local, , state] = line.trim().split(/\s+/).slice(1, 4);
      if (state !== '0A') continue; // LISTEN
      const [hexAddress, hexPort] = local!.split(':');
      const address = file.endsWith('6') ? `ipv6 ${hexAddress}` : hexAddress!.match(/../g)!.reverse().map((byte) => parseInt(byte, 16)).join('.');
      const port = parseInt(hexPort!, 16);
      sockets.set(port, [...(sockets.get(port) ?? []), address]);
    }
  }
  return sockets;
}

/** The processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        // The command may hold spaces and parentheses; the fields after its closing parenthesis do not.
        const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ').at(-1)!.split(' ');
        return Number(fields[1]) === pid ? [Number(entry)] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

/** Gone for good: no such process, or a zombie waiting to be reaped. */
function isGone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.startsWith('Z');
  } catch {
    return true;
  }
}

describe('npm start (scripts/start-all.mjs)', () => {
  const basePortPromise = freePortRange();
  const internalBasePortPromise = basePortPromise.then(async (taken) => {
    for (;;) {
      const base = await freePortRange();
      if (base > taken + 5 || base + 5 < taken) return base;
    }
  });
  const busPrefix = newTestBusPrefix();
  const databaseNameTemplate = `hdt_{service}_${uniqueSuffix()}`;
  const mailDir = mkdtempSync(path.join(os.tmpdir(), 'hdt-start-mail-'));
  const server = new URL(testEnvironment.databaseUrl);
  server.pathname = '';
  const mailFrom = 'Support Desk <desk@start-script.test>';
  const leftovers: number[] = [];

  async function start(extraEnv: Record<string, string> = {}) {
    const basePort = await basePortPromise;
    const internalBasePort = await internalBasePortPromise;
    const script = spawn(process.execPath, [path.join(root, 'scripts', 'start-all.mjs')], {
      env: {
        PATH: process.env.PATH,
        BASE_PORT: String(basePort),
        INTERNAL_BASE_PORT: String(internalBasePort),
        DATABASE_NAME_TEMPLATE: databaseNameTemplate,
        POSTGRES_URL: server.toString(),
        AMQP_URL: testEnvironment.amqpUrl,
        BUS_PREFIX: busPrefix,
        SERVICE_PUBLIC_KEYS: testKeys.publicKeys,
        GATEWAY_PRIVATE_KEY: testKeys.privateKey('gateway'),
        TICKETS_PRIVATE_KEY: testKeys.privateKey('tickets'),
        CUSTOMERS_PRIVATE_KEY: testKeys.privateKey('customers'),
        JWT_SECRET: testSecrets.jwt,
        PORTAL_LINK_SECRET: testSecrets.portalLink,
        EMAIL_ACCOUNT_SECRET_KEY: testSecrets.emailAccountKey,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        LOG_LEVEL: 'warn',
        // Settings the script used to drop: they must reach the notifier.
        MAIL_DROP_DIR: mailDir,
        MAIL_FROM: mailFrom,
        MAIL_SEND_INTERVAL_MS: '50',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    script.stdout.on('data', (chunk) => (output += chunk));
    script.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => script.on('exit', (code) => resolve(code)));
    await waitFor(() => output.includes('Helpdesk is ready'), { what: `the start script to report ready; it wrote:\n${output}`, timeoutMs: 60_000, intervalMs: 100 });
    const servicePids = childrenOf(script.pid!);
    leftovers.push(...servicePids);
    return { script, exited, servicePids, basePort, internalBasePort, api: jsonClient(() => `http://127.0.0.1:${basePort}`) };
  }

  afterAll(async () => {
    for (const pid of leftovers.filter((p) => !isGone(p))) process.kill(pid, 'SIGKILL');
    rmSync(mailDir, { recursive: true, force: true });
    await dropTestDatabases(services.map((service) => `${server.toString().replace(/\/$/, '')}/${databaseNameTemplate.replace('{service}', service.replace(/-/g, '_'))}`));
    await deleteBusTopology(busPrefix, ['notifier', 'gateway', 'customers', 'tickets'].map((name) => `${busPrefix}.${name}`));
  });

  it('hands the settings on to the services, and SIGTERM stops every one of them', async () => {
    const { script, exited, servicePids, basePort, internalBasePort, api } = await start();
    try {
      expect(servicePids).toHaveLength(6);
      // Loopback only: the six public ports, and the internal ports of the two services that have internal routes.
      const listening = listeningSockets();
      for (const port of [0, 1, 2, 3, 4, 5].map((i) => basePort + i).concat([internalBasePort, internalBasePort + 2])) {
        expect({ port, addresses: listening.get(port) }).toEqual({ port, addresses: ['127.0.0.1'] });
      }
      // Each secret reaches only its service: the mailboxes' sealing key, mail-ingest alone.
      const holdersOf = (name: string) =>
        servicePids
          .filter((pid) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').some((entry) => entry.startsWith(`${name}=`)))
          .map((pid) => /services\/([^/]+)\/dist/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1]);
      expect(holdersOf('EMAIL_ACCOUNT_SECRET_KEY')).toEqual(['mail-ingest']);
      expect(holdersOf('JWT_SECRET')).toEqual(['gateway']);
      // The gateway serves both consoles the build made.
      for (const page of ['/staff/', '/portal/']) {
        const answer = await fetch(`http://127.0.0.1:${basePort}${page}`);
        expect({ page, status: answer.status, type: answer.headers.get('content-type') }).toEqual({ page, status: 200, type: expect.stringMatching(/^text\/html/) });
        expect(await answer.text()).toMatch(/<script type="module" crossorigin src="\/assets\//);
      }
      const token = (await api('POST', '/api/auth/login', { body: admin })).body.accessToken;
      const created = await api('POST', '/api/tickets', { token, body: { subject: 'Start script', description: 'd', requesterEmail: 'dana@customer.example' } });
      expect(created.status).toBe(201);
      const eml = await waitFor(() => readdirSync(mailDir).find((name) => name.endsWith('.eml')), { what: 'the acknowledgement .eml', timeoutMs: 20_000 });
      const mail = await simpleParser(readFileSync(path.join(mailDir, eml)));
      expect(mail.subject).toBe(`[Ticket #${created.body.number}] Start script`);
      expect(mail.from?.value).toEqual([{ name: 'Support Desk', address: 'desk@start-script.test' }]);
      // The tickets service asks the customers service for a new contact, signed with the key this script gave it.
      const customer = (await api('POST', '/api/customers', { token, body: { name: `Start script ${uniqueSuffix()}` } })).body;
      const newContact = { firstName: 'Dana', lastName: 'Scully', email: `dana.${uniqueSuffix()}@customer.example` };
      // 409 until the tickets service has heard of the customer (an event); nothing is added before that.
      const withContact = await waitFor(
        async () => {
          const answer = await api('POST', '/api/tickets', { token, body: { subject: 'With a new contact', description: 'd', customerId: customer.id, newContact } });
          return answer.status === 409 ? undefined : answer;
        },
        { what: 'the tickets service to know the new customer' },
      );
      expect(withContact).toMatchObject({ status: 201, body: { customerId: customer.id, requesterEmail: newContact.email } });
    } finally {
      script.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(servicePids.filter((pid) => !isGone(pid))).toEqual([]);
  });

  it('stops the services when the start script itself dies', async () => {
    // Secrets and credentials each reach only the services they are for (checked here, as this start sends no mail).
    const previousKeys = `k0:${'p'.repeat(40)}`;
    const smtpUrl = 'smtp://desk:smtp-password@127.0.0.1:9';
    const { script, exited, servicePids } = await start({ PORTAL_LINK_PREVIOUS_KEYS: previousKeys, SMTP_URL: smtpUrl });
    expect(servicePids).toHaveLength(6);
    const held = Object.fromEntries(
      servicePids.map((pid) => {
        const service = readFileSync(`/proc/${pid}/cmdline`, 'utf8').match(/services\/([a-z-]+)\/dist\/main\.js/)![1]!;
        const env = Object.fromEntries(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
        const secretNames = ['JWT_SECRET', 'PORTAL_LINK_SECRET', 'PORTAL_LINK_PREVIOUS_KEYS', 'SMTP_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'];
        return [service, secretNames.filter((name) => env[name] !== undefined).concat(Object.keys(env).filter((name) => name.endsWith('PRIVATE_KEY')))];
      }),
    );
    expect(held).toEqual({
      gateway: ['JWT_SECRET', 'PORTAL_LINK_SECRET', 'PORTAL_LINK_PREVIOUS_KEYS', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SERVICE_PRIVATE_KEY'],
      tickets: ['SERVICE_PRIVATE_KEY'],
      customers: ['SERVICE_PRIVATE_KEY'],
      'mail-ingest': [],
      notifier: ['PORTAL_LINK_SECRET', 'PORTAL_LINK_PREVIOUS_KEYS', 'SMTP_URL'],
      contracts: [],
    });
    script.kill('SIGKILL');
    await exited;
    await waitFor(() => servicePids.every(isGone), { what: 'every service to stop after its start script died', timeoutMs: 20_000, intervalMs: 100 });
  });
});
