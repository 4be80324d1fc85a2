/**
 * docker-compose.yml against the code: every service's compose environment is read by that service's
 * own loadConfig, and the wiring between containers (databases, broker, upstream URLs, health checks,
 * commands) matches what the services listen on and where their code is. No Docker is needed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadServiceKeys } from '@helpdesk/http';
import { testKeys } from '@helpdesk/testing';
import { loadConfig as loadContractsConfig } from '../../services/contracts/src/config';
import { loadConfig as loadCustomersConfig } from '../../services/customers/src/config';
import { loadConfig as loadGatewayConfig } from '../../services/gateway/src/config';
import { loadConfig as loadMailIngestConfig } from '../../services/mail-ingest/src/config';
import { loadConfig as loadNotifierConfig } from '../../services/notifier/src/config';
import { loadConfig as loadTicketsConfig } from '../../services/tickets/src/config';

const root = path.resolve(__dirname, '..', '..');

type Env = Record<string, string | undefined>;
type Config = Readonly<Record<string, unknown> & { PORT: number; INTERNAL_PORT: number; DATABASE_URL: string; AMQP_URL: string; SERVICE_PUBLIC_KEYS: string; SERVICE_PRIVATE_KEY?: string }>;

/** The six services, each with its own config loader (the one its main.ts uses). */
const services: Record<string, (env: NodeJS.ProcessEnv) => Config> = {
  gateway: loadGatewayConfig,
  tickets: loadTicketsConfig,
  customers: loadCustomersConfig,
  'mail-ingest': loadMailIngestConfig,
  notifier: loadNotifierConfig,
  contracts: loadContractsConfig,
};
const serviceNames = Object.keys(services);
const upstreamNames = serviceNames.filter((name) => name !== 'gateway');

/** What `${VAR:?message}` resolves to in a dev run: a value the operator had to supply. */
const suppliedRequired: Env = {
  JWT_SECRET: 'supplied-jwt-secret-0123456789-0123456789',
  PORTAL_LINK_SECRET: 'supplied-portal-link-secret-0123456789',
  ADMIN_EMAIL: 'owner@example.com',
  ADMIN_PASSWORD: 'supplied-admin-password',
  POSTGRES_PASSWORD: 'supplied-postgres-password',
  RABBITMQ_PASSWORD: 'supplied-rabbitmq-password',
};

/** A production environment where the operator sets every secret: these must reach the services. */
const production: Env = {
  SERVICE_PUBLIC_KEYS: testKeys.publicKeys,
  GATEWAY_PRIVATE_KEY: testKeys.privateKey('gateway'),
  TICKETS_PRIVATE_KEY: testKeys.privateKey('tickets'),
  CUSTOMERS_PRIVATE_KEY: testKeys.privateKey('customers'),
  JWT_SECRET: 'prod-jwt-secret-abcdefghijklmnopqrstuvwxyz-0123456789',
  PORTAL_LINK_SECRET: 'prod-portal-link-secret-abcdefghijklmnopqrstuvwxyz',
  EMAIL_ACCOUNT_SECRET_KEY: 'ab'.repeat(32),
  ADMIN_EMAIL: 'admin@prod.example.com',
  ADMIN_PASSWORD: 'prod-admin-password-0123',
  POSTGRES_PASSWORD: 'prod-postgres-password',
  RABBITMQ_PASSWORD: 'prod-rabbitmq-password',
};

/**
 * Compose's interpolation of one string: `$$`, `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}` and `${VAR?message}`, with `hostEnv` as the shell environment. `${VAR:?...}` that the
 * host leaves unset takes `required[VAR]` (the value an operator must supply); anything else unresolved throws.
 */
function interpolate(value: string, hostEnv: Env, required: Env): string {
  const pattern = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  return value.replace(pattern, (match, braced?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare) as string;
    const hostValue = hostEnv[name];
    const isSet = colon ? hostValue !== undefined && hostValue !== '' : hostValue !== undefined;
    if (op === undefined) {
      if (hostValue === undefined) throw new Error(`${name} has neither a default nor a required marker in ${value}`);
      return hostValue;
    }
    if (op === '-') return isSet ? (hostValue as string) : (arg as string);
    if (op === '?') {
      if (isSet) return hostValue as string;
      const supplied = required[name];
      if (supplied === undefined) throw new Error(`${name} is required (${arg}) and the test supplies no value for it`);
      return supplied;
    }
    throw new Error(`unsupported interpolation ${match}`);
  });
}

function interpolateDeep(node: unknown, hostEnv: Env, required: Env): unknown {
  if (typeof node === 'string') return interpolate(node, hostEnv, required);
  if (Array.isArray(node)) return node.map((item) => interpolateDeep(item, hostEnv, required));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateDeep(value, hostEnv, required)]));
  }
  return node;
}

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: string | string[] };
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | { target: number; published?: string | number })[];
  restart?: string;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const composeText = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');

/** The compose file as Compose sees it with `hostEnv` as the shell environment (merge keys applied). */
function loadCompose(hostEnv: Env = {}, required: Env = suppliedRequired): ComposeFile {
  return interpolateDeep(parse(composeText, { merge: true }), hostEnv, required) as ComposeFile;
}

/** The environment a container gets (list or mapping form; a bare `KEY` passes the host's value through). */
function environmentOf(service: ComposeService, hostEnv: Env = {}): Record<string, string> {
  const env: Record<string, string> = {};
  const raw = service.environment ?? {};
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.map((item) => {
        const index = item.indexOf('=');
        return index < 0 ? [item, null] : [item.slice(0, index), item.slice(index + 1)];
      })
    : Object.entries(raw);
  for (const [key, value] of entries) {
    if (value === null || value === undefined) {
      if (hostEnv[key] !== undefined) env[key] = hostEnv[key] as string;
    } else {
      env[key] = String(value);
    }
  }
  return env;
}

function serviceOf(compose: ComposeFile, name: string): ComposeService {
  const service = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
  return service;
}

function dependencies(service: ComposeService): Record<string, string | undefined> {
  const raw = service.depends_on ?? {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(raw).map(([name, spec]) => [name, spec?.condition ?? 'service_started']));
}

function commandOf(service: ComposeService): string[] {
  const command = service.command;
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.trim().split(/\s+/);
}

/** The service whose image runs a mail catcher (an SMTP server that keeps what it receives). */
function mailCatcherName(compose: ComposeFile): string | undefined {
  return Object.entries(compose.services).find(([, s]) => /(^|\/)(mailpit|mailhog|mailcatcher|mailcrab)(:|$)/.test(s.image ?? ''))?.[0];
}

const dev = loadCompose();
/** Each service's config as its loadConfig reads the dev environment; loaded on first use, so a bad one fails its own tests. */
const devConfigCache: Record<string, Config> = {};
function devConfig(name: string): Config {
  return (devConfigCache[name] ??= services[name]!(environmentOf(serviceOf(dev, name))));
}

describe('docker-compose.yml', () => {
  test('declares the six services, PostgreSQL 15, RabbitMQ 3.13 with management, and a mail catcher', () => {
    for (const name of serviceNames) expect(dev.services).toHaveProperty([name]);
    expect(serviceOf(dev, 'postgres').image).toMatch(/^postgres:15(\.|-|$)/);
    expect(serviceOf(dev, 'rabbitmq').image).toMatch(/^rabbitmq:3\.13(\.\d+)?-management/);
    expect(mailCatcherName(dev)).toBeDefined();
  });

  describe.each(serviceNames)('%s', (name) => {
    const service = () => serviceOf(dev, name);

    test('its environment, with the dev defaults, passes the service\'s own loadConfig', () => {
      expect(() => services[name]!(environmentOf(service()))).not.toThrow();
    });

    test('every variable in its environment is one its config reads (no typos silently ignored)', () => {
      const env = environmentOf(service());
      const config = devConfig(name);
      const unknown = Object.keys(env).filter((key) => !(key in config));
      expect(unknown).toEqual([]);
    });

    test('it listens on the port its config defaults to', () => {
      const env = environmentOf(service());
      const defaultPort = services[name]!({ ...env, PORT: undefined }).PORT;
      expect(devConfig(name).PORT).toBe(defaultPort);
    });

    test('its command runs services/<name>/dist/main.js, compiled from an existing src/main.ts', () => {
      expect(commandOf(service())).toEqual(['node', `services/${name}/dist/main.js`]);
      expect(existsSync(path.join(root, 'services', name, 'src', 'main.ts'))).toBe(true);
      const tsconfig = JSON.parse(readFileSync(path.join(root, 'services', name, 'tsconfig.json'), 'utf8'));
      expect(path.normalize(tsconfig.compilerOptions.rootDir)).toBe('src');
      expect(path.normalize(tsconfig.compilerOptions.outDir)).toBe('dist');
    });

    test('it is built from the repository Dockerfile', () => {
      const build = service().build;
      const context = typeof build === 'string' ? build : build?.context;
      const dockerfile = (typeof build === 'object' && build.dockerfile) || 'Dockerfile';
      expect(context).toBeDefined();
      expect(path.resolve(root, context as string)).toBe(root);
      expect(path.resolve(root, context as string, dockerfile)).toBe(path.join(root, 'Dockerfile'));
    });

    test('it waits for postgres and rabbitmq to be healthy and restarts unless stopped', () => {
      const deps = dependencies(service());
      expect(deps.postgres).toBe('service_healthy');
      expect(deps.rabbitmq).toBe('service_healthy');
      expect(service().restart).toBe('unless-stopped');
    });

    test('its DATABASE_URL names its own helpdesk_<service> database on the compose postgres with its credentials', () => {
      const url = new URL(devConfig(name).DATABASE_URL);
      const postgresEnv = environmentOf(serviceOf(dev, 'postgres'));
      expect(url.hostname).toBe('postgres');
      expect(url.port === '' || url.port === '5432').toBe(true);
      expect(decodeURIComponent(url.username)).toBe(postgresEnv.POSTGRES_USER ?? 'postgres');
      expect(decodeURIComponent(url.password)).toBe(postgresEnv.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/helpdesk_${name.replace(/-/g, '_')}`);
    });

    test('its AMQP_URL points at the rabbitmq service with its credentials', () => {
      const url = new URL(devConfig(name).AMQP_URL);
      const rabbitEnv = environmentOf(serviceOf(dev, 'rabbitmq'));
      expect(url.hostname).toBe('rabbitmq');
      expect(url.port === '' || url.port === '5672').toBe(true);
      expect(decodeURIComponent(url.username)).toBe(rabbitEnv.RABBITMQ_DEFAULT_USER ?? 'guest');
      expect(decodeURIComponent(url.password)).toBe(rabbitEnv.RABBITMQ_DEFAULT_PASS ?? 'guest');
    });

    describe('its healthcheck', () => {
      let dir: string;
      beforeAll(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'hdt-compose-'));
        // Replaces fetch in the healthcheck's node process: records the URL and answers as told.
        writeFileSync(
          path.join(dir, 'fake-fetch.js'),
          `globalThis.fetch = async (url) => {
             require('node:fs').writeFileSync(process.env.FAKE_FETCH_OUT, String(url));
             if (process.env.FAKE_FETCH_STATUS === 'refused') throw new TypeError('fetch failed');
             return new Response(null, { status: Number(process.env.FAKE_FETCH_STATUS) });
           };`,
        );
      });
      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      /** Runs the healthcheck command as the container would (its environment), with fetch faked. */
      function runHealthcheck(status: string): { code: number | null; url: string } {
        const test = service().healthcheck?.test;
        if (!Array.isArray(test) || test[0] !== 'CMD' || test[1] !== 'node') {
          throw new Error(`the healthcheck must be ["CMD", "node", ...] (slim images lack curl), got ${JSON.stringify(test)}`);
        }
        const out = path.join(dir, `${name}-${status}.url`);
        rmSync(out, { force: true });
        const result = spawnSync(process.execPath, ['--require', path.join(dir, 'fake-fetch.js'), ...test.slice(2)], {
          env: { ...environmentOf(service()), FAKE_FETCH_OUT: out, FAKE_FETCH_STATUS: status },
          encoding: 'utf8',
          timeout: 20_000,
        });
        return { code: result.status, url: existsSync(out) ? readFileSync(out, 'utf8') : '' };
      }

      test('asks /health/ready on the port the service listens on, and passes when it answers 200', () => {
        const { code, url } = runHealthcheck('200');
        expect(url).toMatch(new RegExp(`^http://(127\\.0\\.0\\.1|localhost|\\[::1\\]):${devConfig(name).PORT}/health/ready$`));
        expect(code).toBe(0);
      });

      test('fails when the service answers 503 (not ready) or does not answer', () => {
        expect(runHealthcheck('503').code).not.toBe(0);
        expect(runHealthcheck('refused').code).not.toBe(0);
      });
    });
  });

  test('every DATABASE_URL names a different database', () => {
    const databases = serviceNames.map((name) => new URL(devConfig(name).DATABASE_URL).pathname);
    expect(new Set(databases).size).toBe(serviceNames.length);
  });

  test('all six hold the same public keys, the gateway\'s among them, so its assertions verify everywhere', () => {
    const publicKeys = new Set(serviceNames.map((name) => devConfig(name).SERVICE_PUBLIC_KEYS));
    expect(publicKeys.size).toBe(1);
    expect(loadServiceKeys('tickets', { publicKeys: [...publicKeys][0]! }).publicKeys.has('gateway')).toBe(true);
  });

  test('each private key and secret reaches only the service it belongs to, and each private key matches its public key', () => {
    const holders = (key: string) => serviceNames.filter((name) => devConfig(name)[key] !== undefined);
    expect(holders('SERVICE_PRIVATE_KEY').sort()).toEqual(['customers', 'gateway', 'tickets']);
    const privateKeys = holders('SERVICE_PRIVATE_KEY').map((name) => devConfig(name).SERVICE_PRIVATE_KEY);
    expect(new Set(privateKeys).size).toBe(privateKeys.length);
    for (const name of holders('SERVICE_PRIVATE_KEY')) {
      const config = devConfig(name);
      expect(() => loadServiceKeys(name, { publicKeys: config.SERVICE_PUBLIC_KEYS, privateKey: config.SERVICE_PRIVATE_KEY })).not.toThrow();
    }
    expect(holders('JWT_SECRET')).toEqual(['gateway']);
    // Invitation links are derived by the notifier and checked by the gateway.
    expect(holders('PORTAL_LINK_SECRET').sort()).toEqual(['gateway', 'notifier']);
    expect(holders('EMAIL_ACCOUNT_SECRET_KEY')).toEqual(['mail-ingest']);
  });

  test('services call each other on the internal ports, which listen inside the network and are never published', () => {
    const internalUrl = (caller: string, key: string) => new URL(String(devConfig(caller)[key]));
    expect(internalUrl('customers', 'GATEWAY_INTERNAL_URL')).toMatchObject({ hostname: 'gateway', port: String(devConfig('gateway').INTERNAL_PORT) });
    expect(internalUrl('tickets', 'CUSTOMERS_INTERNAL_URL')).toMatchObject({ hostname: 'customers', port: String(devConfig('customers').INTERNAL_PORT) });
    expect(internalUrl('tickets', 'MAIL_INGEST_INTERNAL_URL')).toMatchObject({ hostname: 'mail-ingest', port: String(devConfig('mail-ingest').INTERNAL_PORT) });
    for (const name of serviceNames) {
      expect({ name, host: devConfig(name).HOST, internalHost: devConfig(name).INTERNAL_HOST }).toEqual({ name, host: '0.0.0.0', internalHost: '0.0.0.0' });
      const published = (serviceOf(dev, name).ports ?? []).map((port) => (typeof port === 'object' ? port.target : Number(String(port).split(':').at(-1))));
      expect(published).not.toContain(devConfig(name).INTERNAL_PORT);
    }
  });

  test('the gateway\'s upstream URLs point at the compose services, on the ports those services listen on', () => {
    const gateway = devConfig('gateway');
    const gatewayEnv = environmentOf(serviceOf(dev, 'gateway'));
    // Every *_URL setting of the gateway's config other than its own database and broker is an upstream.
    const upstreamKeys = Object.keys(gateway).filter((key) => key.endsWith('_URL') && key !== 'DATABASE_URL' && key !== 'AMQP_URL');
    expect(upstreamKeys.sort()).toEqual(upstreamNames.map((name) => `${name.toUpperCase().replace(/-/g, '_')}_URL`).sort());
    for (const name of upstreamNames) {
      const key = `${name.toUpperCase().replace(/-/g, '_')}_URL`;
      expect(gatewayEnv).toHaveProperty([key]);
      for (const base of String(gateway[key]).split(',')) {
        const url = new URL(base);
        expect({ key, host: url.hostname, port: Number(url.port || 80) }).toEqual({ key, host: name, port: devConfig(name).PORT });
      }
    }
  });

  test('the gateway waits for the five upstream services to be healthy and publishes port 3000 to its PORT', () => {
    const gateway = serviceOf(dev, 'gateway');
    const deps = dependencies(gateway);
    for (const name of upstreamNames) expect({ name, condition: deps[name] }).toEqual({ name, condition: 'service_healthy' });
    const published = (gateway.ports ?? []).map((port) => {
      if (typeof port === 'object') return { host: Number(port.published), container: port.target };
      const parts = port.split(':');
      return { host: Number(parts[parts.length - 2]), container: Number(parts[parts.length - 1]) };
    });
    expect(published).toContainEqual({ host: 3000, container: devConfig('gateway').PORT });
  });

  test('the notifier sends mail over SMTP to the mail catcher on port 1025', () => {
    const smtp = devConfig('notifier').SMTP_URL;
    expect(typeof smtp).toBe('string');
    const url = new URL(smtp as string);
    expect(url.hostname).toBe(mailCatcherName(dev));
    expect(url.port).toBe('1025');
  });

  test('secrets and passwords the operator sets replace every dev default and pass each loadConfig', () => {
    const prod = loadCompose(production, {});
    const configs = Object.fromEntries(serviceNames.map((name) => [name, services[name]!(environmentOf(serviceOf(prod, name), production))]));
    for (const name of serviceNames) {
      expect(configs[name]!.SERVICE_PUBLIC_KEYS).toBe(production.SERVICE_PUBLIC_KEYS);
      expect(decodeURIComponent(new URL(configs[name]!.DATABASE_URL).password)).toBe(production.POSTGRES_PASSWORD);
      expect(decodeURIComponent(new URL(configs[name]!.AMQP_URL).password)).toBe(production.RABBITMQ_PASSWORD);
    }
    for (const name of ['gateway', 'tickets', 'customers']) {
      expect(configs[name]!.SERVICE_PRIVATE_KEY).toBe(production[`${name.toUpperCase()}_PRIVATE_KEY`]);
    }
    // Invitation links are derived by the notifier and checked by the gateway: one secret for both.
    expect(configs.notifier!.PORTAL_LINK_SECRET).toBe(production.PORTAL_LINK_SECRET);
    expect(configs['mail-ingest']!.EMAIL_ACCOUNT_SECRET_KEY).toBe(production.EMAIL_ACCOUNT_SECRET_KEY);
    expect(configs.gateway).toMatchObject({
      PORTAL_LINK_SECRET: production.PORTAL_LINK_SECRET,
      JWT_SECRET: production.JWT_SECRET,
      ADMIN_EMAIL: production.ADMIN_EMAIL,
      ADMIN_PASSWORD: production.ADMIN_PASSWORD,
    });
    expect(environmentOf(serviceOf(prod, 'postgres')).POSTGRES_PASSWORD).toBe(production.POSTGRES_PASSWORD);
    expect(environmentOf(serviceOf(prod, 'rabbitmq')).RABBITMQ_DEFAULT_PASS).toBe(production.RABBITMQ_PASSWORD);
  });

  test('the Dockerfile builds with npm ci and npm run build, installs production deps only at run time, and runs as a non-root user', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const instructions = dockerfile
      .replace(/\\\n/g, ' ')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    const stages: string[][] = [];
    for (const line of instructions) {
      if (/^FROM\s/i.test(line)) stages.push([]);
      stages[stages.length - 1]?.push(line);
    }
    const runs = (stage: string[]) => stage.filter((line) => /^RUN\s/i.test(line)).join('\n');
    expect(instructions.some((line) => /^FROM\s+(node:20-bookworm-slim|\$\{?NODE_IMAGE\}?)\b/i.test(line))).toBe(true);
    expect(instructions).toContainEqual(expect.stringMatching(/^ARG\s+NODE_IMAGE=node:20-bookworm-slim$/));
    expect(stages.some((stage) => /\bnpm ci\b(?![^\n]*--omit=dev)[\s\S]*\bnpm run build\b/.test(runs(stage)))).toBe(true);
    const runtime = stages[stages.length - 1] ?? [];
    const user = runtime.filter((line) => /^USER\s/i.test(line)).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|\s|$)/i);
    expect(dockerfile).toMatch(/\bnpm ci\b[^\n]*--omit=dev/);
  });
});
