import {
  deleteBusTopology,
  dropTestDatabases,
  freePort,
  newTestBusPrefix,
  newTestDatabaseUrl,
  startTestSmtp,
  testEnvironment,
  testKeys,
  testSecrets,
} from '@helpdesk/testing';
import { runServiceProcess as run, waitUntilReady } from './support/service-process';

// These run the built services (`npm test` builds first), exactly as `npm start` and the containers do.
const services = ['gateway', 'tickets', 'customers', 'mail-ingest', 'notifier', 'contracts'] as const;

describe('each service as a process', () => {
  it.each(services)('%s stops at start with one clear line when a setting is missing', async (service) => {
    const started = run(service, { SERVICE_PUBLIC_KEYS: testKeys.publicKeys });
    expect(await started.exited).toBe(1);
    const lines = started.output().stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${service}: Invalid configuration: .*DATABASE_URL is required`));
  });

  it('refuses a secret that is too short, naming it', async () => {
    const started = run('gateway', { DATABASE_URL: 'postgresql://127.0.0.1/x', SERVICE_PUBLIC_KEYS: testKeys.publicKeys, PORTAL_LINK_SECRET: testSecrets.portalLink, JWT_SECRET: 'short' });
    expect(await started.exited).toBe(1);
    expect(started.output().stderr).toMatch(/JWT_SECRET must NOT have fewer than 32 characters/);
    expect(started.output().stderr).not.toContain('short');
  });

  it('refuses a private key that is not the one the others hold for it, without printing either', async () => {
    const others = testKeys.privateKey('customers');
    const started = run('tickets', { DATABASE_URL: 'postgresql://127.0.0.1/x', SERVICE_PUBLIC_KEYS: testKeys.publicKeys, SERVICE_PRIVATE_KEY: others });
    expect(await started.exited).toBe(1);
    expect(started.output().stderr).toMatch(/^tickets: failed to start: SERVICE_PRIVATE_KEY does not belong to the public key SERVICE_PUBLIC_KEYS gives for tickets/);
    expect(started.output().stderr).not.toContain(others.slice(0, 40));
  });

  it('all six become ready, log JSON, and exit cleanly on SIGTERM', async () => {
    const busPrefix = newTestBusPrefix();
    const smtp = await startTestSmtp();
    const databases = services.map((service) => newTestDatabaseUrl(service));
    const ports = await Promise.all(services.map(() => freePort()));
    const processes = services.map((service, i) =>
      run(service, {
        PORT: String(ports[i]),
        DATABASE_URL: databases[i]!,
        AMQP_URL: testEnvironment.amqpUrl,
        BUS_PREFIX: busPrefix,
        INTERNAL_PORT: '0',
        ...testKeys.env(service),
        JWT_SECRET: testSecrets.jwt,
        PORTAL_LINK_SECRET: testSecrets.portalLink,
        EMAIL_ACCOUNT_SECRET_KEY: testSecrets.emailAccountKey,
        ADMIN_EMAIL: 'admin@helpdesk.test',
        ADMIN_PASSWORD: 'a long enough password',
        SMTP_URL: smtp.url,
      }),
    );
    try {
      for (const [i, port] of ports.entries()) await waitUntilReady(services[i]!, port);
      for (const started of processes) started.child.kill('SIGTERM');
      const codes = await Promise.all(processes.map((started) => started.exited));
      expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
      for (const [i, started] of processes.entries()) {
        const lines = started.output().stdout.trim().split('\n').map((line) => JSON.parse(line));
        expect(lines.every((line) => line.service === services[i] && typeof line.time === 'string')).toBe(true);
        expect(lines.at(-1)).toMatchObject({ msg: `${services[i]} stopped` });
      }
    } finally {
      for (const started of processes) started.child.kill('SIGKILL');
      await smtp.close();
      await dropTestDatabases(databases);
      await deleteBusTopology(busPrefix, ['notifier', 'gateway', 'customers', 'tickets', 'mail-ingest'].map((name) => `${busPrefix}.${name}`));
    }
  });
});
