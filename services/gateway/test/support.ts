import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Bus } from '@helpdesk/bus';
import { createEvent, type AggregateVersion, type EventDefinition } from '@helpdesk/contracts-schema';
import { createLogger } from '@helpdesk/logging';
import type { Static, TSchema } from '@helpdesk/validation';
import { deleteBusTopology, dropTestDatabases, jsonClient, newTestBusPrefix, newTestDatabaseUrl, queryDatabase, startTestService, testEnvironment, waitFor } from '@helpdesk/testing';
import { hashPassword } from '../src/domain/passwords';
import type { GatewayDatabase } from '../src/persistence/client';
import { gatewayService } from '../src/service';
import { loadConfig } from '../src/config';

export const admin = { email: 'first.admin@helpdesk.test', password: 'first admin password' };

/** A gateway on a database of its own, a way to publish the events it consumes, and an HTTP helper. */
export async function startGateway(options: { databaseUrl?: string; busPrefix?: string; env?: Record<string, string> } = {}) {
  const busPrefix = options.busPrefix ?? newTestBusPrefix();
  const databaseUrl = options.databaseUrl ?? newTestDatabaseUrl('gateway');
  const gateway = await startTestService(gatewayService, {
    loadConfig,
    busPrefix,
    databaseUrl,
    env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, TICKETS_URL: 'http://127.0.0.1:9', ...options.env },
  });
  await gateway.bus.waitUntilConnected();

  const publisher = new Bus({ url: testEnvironment.amqpUrl, prefix: busPrefix, log: createLogger({ service: 'test', level: 'silent' }), connectionName: 'test-publisher' });
  publisher.start();
  await publisher.waitUntilConnected();

  /** Publishes an event as its producer would, about `aggregate` at its version (an older one: as a late delivery would be). */
  async function publish<S extends TSchema>(definition: EventDefinition<S>, aggregate: AggregateVersion, data: Static<S>) {
    const event = createEvent(definition, aggregate, data, { producer: definition.producer, correlationId: 'gateway-test' });
    await publisher.publish(event);
    return event;
  }

  const call = jsonClient(() => gateway.url);

  async function signIn(path: '/api/auth/login' | '/api/portal/login', email: string, password: string): Promise<string> {
    const { status, body } = await call('POST', path, { body: { email, password } });
    if (status !== 200) throw new Error(`sign-in failed: ${status} ${JSON.stringify(body)}`);
    return body.accessToken;
  }

  async function stop(options: { keepDatabase?: boolean } = {}) {
    await publisher.stop();
    await gateway.stop();
    if (!options.keepDatabase) await dropTestDatabases([databaseUrl]);
    await deleteBusTopology(busPrefix, [`${busPrefix}.gateway`]);
  }

  /** Creates a staff user through the API as the administrator signed in with `adminToken`, and signs them in. */
  async function newStaff(adminToken: string, options: { role?: 'admin' | 'agent'; permissions?: string[]; password?: string } = {}) {
    const email = `staff-${randomUUID().slice(0, 8)}@helpdesk.test`;
    const password = options.password ?? 'staff password 123';
    const body = { email, name: `Staff ${email.slice(6, 14)}`, password, role: options.role ?? 'agent', permissions: options.permissions ?? [] };
    const created = await call('POST', '/api/staff', { token: adminToken, body });
    if (created.status !== 201) throw new Error(`creating a staff user failed: ${created.status} ${JSON.stringify(created.body)}`);
    return { id: created.body.id as string, email, token: await signIn('/api/auth/login', email, password) };
  }

  return { gateway, busPrefix, databaseUrl, publish, call, signIn, newStaff, stop };
}

/**
 * A change in flight: runs `statements` in a transaction held open, sends `request`, and commits
 * once the request waits for a lock the change holds (or was answered without waiting for it).
 * Returns the answer, so a test sees what a request decides when another change commits under it.
 */
export async function whileChangeInFlight<T>(databaseUrl: string, statements: Array<[string, unknown[]]>, request: () => Promise<T>): Promise<T> {
  const change = new pg.Client({ connectionString: databaseUrl });
  await change.connect();
  try {
    await change.query('BEGIN');
    for (const [sql, params] of statements) await change.query(sql, params);
    let answered = false;
    const answer = request().finally(() => (answered = true));
    await waitFor(
      async () =>
        answered ||
        // From another session: pg_stat_activity is read once per transaction.
        (await queryDatabase(databaseUrl, "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).length > 0,
      { what: 'the request to wait for the change in flight' },
    );
    await change.query('COMMIT');
    return await answer;
  } finally {
    await change.end();
  }
}

/** A contact whose portal account is active, as an accepted invitation leaves it (written straight into the gateway's database). */
export async function insertActiveContact(databaseUrl: string, customerId: string = randomUUID()) {
  const contactId = randomUUID();
  const contact = { contactId, customerId, email: `contact-${contactId.slice(0, 8)}@customer.example`, password: 'a long enough password' };
  await queryDatabase(
    databaseUrl,
    `INSERT INTO contact_accounts (contact_id, customer_id, email, first_name, last_name, password_hash, status, invited_version, updated_at)
     VALUES ($1, $2, $3, 'Harry', 'Porter', $4, 'active', 2, now())`,
    [contactId, customerId, contact.email, await hashPassword(contact.password)],
  );
  return contact;
}

/** What `run` answers, and the SQL statements it sent on the gateway's pool. */
export async function statementsOn<T>(db: GatewayDatabase, run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const query = db.pool.query.bind(db.pool);
  db.pool.query = ((text: unknown, ...rest: unknown[]) => {
    statements.push(typeof text === 'string' ? text : String((text as { text?: string }).text));
    return (query as (...args: unknown[]) => unknown)(text, ...rest);
  }) as typeof db.pool.query;
  try {
    return { result: await run(), statements };
  } finally {
    db.pool.query = query;
  }
}
