import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { customerCreatedV1, customerGroupCreatedV1, teamCreatedV1 } from '@helpdesk/contracts-schema';
import { allPermissionNames, Registry, type StaffPrincipal } from '@helpdesk/http';
import { createLogger } from '@helpdesk/logging';
import { deleteBusTopology, gatewayClient, newTestBusPrefix, queryDatabase, startTestPublisher, startTestService, tearDownTestService, waitFor } from '@helpdesk/testing';
import { loadConfig } from '../src/config';
import { startProcessor } from '../src/jobs/processor.job';
import { openDatabase, type MailIngestDatabase } from '../src/persistence/client';
import { mailIngestService } from '../src/service';

/**
 * mail-ingest on a database and bus prefix of its own, a publisher for the customer, group and team
 * events it consumes, and an HTTP helper that signs the caller's principal as the gateway would.
 */
export async function startMailIngest(options: { env?: Record<string, string>; databaseUrl?: string } = {}) {
  const busPrefix = newTestBusPrefix();
  const service = await startTestService(mailIngestService, { loadConfig, busPrefix, databaseUrl: options.databaseUrl, env: { IMAP_TEST_TIMEOUT_MS: '5000', MAIL_FETCHER_ENABLED: 'false', ...options.env } });
  await service.bus.waitUntilConnected();
  const publisher = await startTestPublisher(busPrefix, 'mail-ingest-test');
  const { publish } = publisher;

  const call = gatewayClient('mail-ingest', () => service.url);

  function query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T[]> {
    return queryDatabase<T>(service.databaseUrl, sql, values);
  }

  const projected = (table: string, column: string, id: string) =>
    waitFor(async () => (await query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [id])).length > 0, { what: `${table} ${id}` });

  async function addCustomer(name: string, groupId: string | null = null) {
    const customerId = randomUUID();
    await publish(customerCreatedV1, { id: customerId, version: 1 }, { customerId, name, portalTicketVisibility: 'own', groupId });
    await projected('customers', 'id', customerId);
    return customerId;
  }

  async function addGroup(name: string) {
    const groupId = randomUUID();
    await publish(customerGroupCreatedV1, { id: groupId, version: 1 }, { groupId, name });
    await projected('customer_groups', 'id', groupId);
    return groupId;
  }

  /** A team as the gateway would announce it, once this service has it. */
  async function addTeam(access: 'all' | string[], memberIds: string[] = []) {
    const teamId = randomUUID();
    await publish(teamCreatedV1, { id: teamId, version: 1 }, { teamId, name: `Team ${teamId.slice(0, 8)}`, ticketAccess: access === 'all' ? 'all' : 'selected', customerIds: access === 'all' ? [] : access, memberIds });
    await projected('team_access', 'team_id', teamId);
    return teamId;
  }

  /** The data of the email_account.* events in the outbox, oldest first. */
  async function recorded(accountId: string) {
    return query<{ type: string; version: number; data: Record<string, unknown> }>(
      `SELECT event_type AS type, (payload->'aggregate'->>'version')::int AS version, payload->'data' AS data FROM outbox
       WHERE payload->'aggregate'->>'id' = $1 ORDER BY id`,
      [accountId],
    );
  }

  const stop = () => tearDownTestService(busPrefix, service, [publisher]);

  return { service, busPrefix, publish, call, query, addCustomer, addGroup, addTeam, recorded, stop };
}

export type MailIngestTestService = Awaited<ReturnType<typeof startMailIngest>>;

/**
 * A database the service migrated, the service then stopped, so that only the test's own processors
 * work on it; with one account (disabled: no fetcher connects to it) for the emails the test stores.
 */
export async function startProcessorDatabase() {
  const busPrefix = newTestBusPrefix();
  const service = await startTestService(mailIngestService, { loadConfig, busPrefix });
  await service.stop();
  const db = openDatabase(service.databaseUrl);
  const accountId = randomUUID();
  await db.client.$executeRawUnsafe(
    `INSERT INTO email_accounts (id, name, address, enabled, imap_host, imap_port, tls_mode, imap_user, auth_method, secret_sealed, secret_key_id)
     VALUES ($1, 'Support', 'support@helpdesk.example', false, '127.0.0.1', 143, 'none', 'support', 'password', '\\x00', 'k1')`,
    accountId,
  );
  return {
    databaseUrl: service.databaseUrl,
    db,
    accountId,
    async stop() {
      await db.disconnect();
      await service.dropDatabase();
      await deleteBusTopology(busPrefix);
    },
  };
}

/** A processor of `db` with the test parser (fixtures/selective-parse-worker.js: X-Test marks), looking for mail often. */
export function startTestProcessor(db: MailIngestDatabase, settings: { concurrency: number; parseTimeoutMs: number }) {
  return startProcessor({
    db,
    log: createLogger({ service: 'mail-ingest', level: 'silent' }),
    metrics: new Registry(),
    maxMessageBytes: 1024 * 1024,
    parseWorkerHeapMb: 256,
    pollMs: 50,
    maxAttempts: 5,
    systemDomain: 'helpdesk.example',
    parserEntry: path.join(__dirname, 'fixtures', 'selective-parse-worker.js'),
    ...settings,
  });
}

export function administrator(): StaffPrincipal {
  return { kind: 'staff', userId: randomUUID(), role: 'admin', permissions: [...allPermissionNames], teamIds: [] };
}

export function agent(permissions: string[], teamIds: string[] = []): StaffPrincipal {
  return { kind: 'staff', userId: randomUUID(), role: 'agent', permissions: permissions as StaffPrincipal['permissions'], teamIds };
}

/** A stand-in OAuth2 token endpoint: `reply` decides each answer; the forms it received are kept. */
export async function startTokenEndpoint(reply: () => { status: number; body: unknown }) {
  const forms: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      forms.push(new URLSearchParams(raw));
      const { status, body } = reply();
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, forms, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
