import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { allPermissionNames } from '@helpdesk/http';
import { freePort, gatewayAssertionHeader, jsonClient, queryDatabase, startTcpProxy, testEnvironment, testKeys, waitFor } from '@helpdesk/testing';
import { startHttpInterceptor } from './support/http-interceptor';
import { portalActions } from './support/portal';
import { runServiceProcess, waitUntilReady } from './support/service-process';
import { startSystem, type System } from './support/system';

const clockShiftMs = 5_000;

/**
 * A contact's changes are ordered by the contact's version, which the customers service counts up
 * in the transaction of each change, never by the clock of the instance that made it; and no
 * failure between the gateway and the customers service leaves a contact that cannot get portal
 * access again.
 *
 * Beside the system (all in this process, one clock), a second customers instance runs as a
 * process whose clock is 5 s ahead, on the same database, with its database link through a TCP
 * proxy and its calls to the gateway through an interceptor: the failures are made there.
 */
describe('contact changes ordered by version, across instances and failures', () => {
  let system: System;
  let admin: string;
  let customerA: { id: string };
  let customerB: { id: string };
  let ahead: ReturnType<typeof runServiceProcess>;
  let aheadUrl: string;
  let aheadDatabase: Awaited<ReturnType<typeof startTcpProxy>>;
  let toGateway: Awaited<ReturnType<typeof startHttpInterceptor>>;

  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    toGateway = await startHttpInterceptor(system.services.gateway.internalUrl!);
    const database = new URL(system.services.customers.databaseUrl);
    aheadDatabase = await startTcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
    database.port = String(aheadDatabase.port());
    const port = await freePort();
    aheadUrl = `http://127.0.0.1:${port}`;
    ahead = runServiceProcess(
      'customers',
      {
        PORT: String(port),
        DATABASE_URL: database.toString(),
        AMQP_URL: testEnvironment.amqpUrl,
        BUS_PREFIX: system.busPrefix,
        INTERNAL_PORT: '0',
        ...testKeys.env('customers'),
        GATEWAY_INTERNAL_URL: toGateway.url,
        OUTBOX_POLL_MS: '200',
        LOG_LEVEL: 'warn',
        CLOCK_SHIFT_MS: String(clockShiftMs),
      },
      { preload: path.join(__dirname, 'support', 'shift-clock.cjs') },
    );
    await waitUntilReady('customers (clock ahead)', port);
    [customerA, customerB] = await Promise.all(
      ['Emma Watson Ltd', 'Hannah Baker GmbH'].map(async (name) => (await system.api('POST', '/api/customers', { token: admin, body: { name } })).body),
    );
  });
  afterAll(async () => {
    ahead?.child.kill('SIGTERM');
    await ahead?.exited;
    await toGateway?.close();
    await aheadDatabase?.close();
    await system?.stop();
  });

  const { addContact, invite, accept, portalLogin, portalUser } = portalActions(() => system, () => admin);
  /** The instance whose clock is ahead. */
  const callAhead = jsonClient(() => aheadUrl);
  /** This one request to the customers service, with the gateway's assertion for an administrator. */
  const callAheadAsAdmin = (method: string, path: string, body: unknown) =>
    callAhead(method, path, {
      headers: gatewayAssertionHeader({ kind: 'staff', userId: randomUUID(), role: 'admin', permissions: allPermissionNames, teamIds: [] }, { service: 'customers', method, path, body: JSON.stringify(body) }),
      body,
    });
  const contactOf = async (id: string) => (await system.api('GET', `/api/contacts/${id}`, { token: admin })).body;
  const me = async (token: string) => (await system.api('GET', '/api/portal/me', { token })).status;

  /** Waits until the service whose database is `databaseUrl` has handled each of these events. */
  async function handledBy(databaseUrl: string, eventIds: string[]) {
    await waitFor(async () => (await queryDatabase(databaseUrl, 'SELECT 1 FROM processed_events WHERE event_id = ANY($1::uuid[])', [eventIds])).length === eventIds.length, {
      what: `${eventIds.length} events to be handled`,
    });
  }

  it('keeps the last committed change of a contact in tickets and at the gateway, though it came from the instance whose clock is behind', async () => {
    const contact = await addContact(customerA.id, 'clocks@emmawatson.example');
    await portalUser(contact, 'a password for the clocks');

    // First a change through the instance 5 s ahead, then the last one through the instance behind it.
    // The first new email ends the login (a login never follows its email), so it is confirmed.
    const first = await callAheadAsAdmin('PATCH', `/api/contacts/${contact.id}`, { lastName: 'Ahead', email: 'ahead@emmawatson.example', confirmPortalAccessEnd: true });
    expect(first.status).toBe(200);
    const last = await system.api('PATCH', `/api/contacts/${contact.id}`, { token: admin, body: { lastName: 'Behind', email: 'behind@emmawatson.example' } });
    expect(last.status).toBe(200);

    // By the clocks that recorded them, the last change looks older than the first; by the versions, it is newer.
    const updates = await queryDatabase<{ payload: { id: string; occurredAt: string; aggregate: { version: number }; data: { lastName: string } } }>(
      system.services.customers.databaseUrl,
      "SELECT payload FROM outbox WHERE event_type = 'contact.updated' AND payload->'data'->>'contactId' = $1 ORDER BY id",
      [contact.id],
    );
    const [ofFirst, ofLast] = updates.map((row) => row.payload);
    expect([ofFirst!.data.lastName, ofLast!.data.lastName]).toEqual(['Ahead', 'Behind']);
    expect(Date.parse(ofLast!.occurredAt)).toBeLessThan(Date.parse(ofFirst!.occurredAt));
    expect(ofLast!.aggregate.version).toBe(ofFirst!.aggregate.version + 1);

    const eventIds = [ofFirst!.id, ofLast!.id];
    await Promise.all([handledBy(system.services.tickets.databaseUrl, eventIds), handledBy(system.services.gateway.databaseUrl, eventIds)]);
    expect(await queryDatabase(system.services.tickets.databaseUrl, 'SELECT last_name, email FROM contacts WHERE id = $1', [contact.id])).toEqual([
      { last_name: 'Behind', email: 'behind@emmawatson.example' },
    ]);
    expect(await queryDatabase(system.services.gateway.databaseUrl, 'SELECT last_name, email FROM contact_accounts WHERE contact_id = $1', [contact.id])).toEqual([
      { last_name: 'Behind', email: 'behind@emmawatson.example' },
    ]);
    expect((await portalLogin('behind@emmawatson.example', 'a password for the clocks')).status).toBe(401);
    expect((await portalLogin('ahead@emmawatson.example', 'a password for the clocks')).status).toBe(401);
    // A new invitation goes to the last address, and opens the login there.
    await portalUser({ id: contact.id, email: 'behind@emmawatson.example' }, 'a password at the last address');
    expect((await portalLogin('behind@emmawatson.example', 'a password at the last address')).status).toBe(200);
  });

  /** A contact with an active portal login and a token in hand, seen as active by the customers service too. */
  async function activeContact(email: string) {
    const contact = await addContact(customerA.id, email);
    const token = await portalUser(contact, 'a password before the move');
    await waitFor(async () => (await contactOf(contact.id)).portalState === 'active', { what: 'the customers service to see the contact active' });
    return { contact, token };
  }

  /** The administrator enables login again (refused before, as the contact looked active); the contact accepts and signs in to customer A. */
  async function invitedAgainAndSignedIn(contact: { id: string; email: string }) {
    const link = await invite(contact.id, contact.email);
    expect((await contactOf(contact.id)).portalState).toBe('invited');
    expect((await accept(link, 'a password after the failed move')).status).toBe(200);
    const session = await portalLogin(contact.email, 'a password after the failed move');
    expect(session.status).toBe(200);
    expect((await system.api('GET', '/api/portal/me', { token: session.body.accessToken })).body.customer.id).toBe(customerA.id);
    await waitFor(async () => (await contactOf(contact.id)).portalState === 'active', { what: 'the customers service to see the contact active again' });
  }

  it('a move that fails to commit after the gateway revoked (someone changed the contact meanwhile) leaves no contact stuck', async () => {
    const { contact, token } = await activeContact('concurrent@emmawatson.example');
    toGateway.afterForward = async (request) => {
      if (!request.path.endsWith(`/${contact.id}/revoke`)) return;
      const renamed = await system.api('PATCH', `/api/contacts/${contact.id}`, { token: admin, body: { firstName: 'Harold' } });
      expect(renamed.status).toBe(200);
    };
    const move = await callAheadAsAdmin('POST', `/api/contacts/${contact.id}/move`, { customerId: customerB.id, confirmPortalAccessEnd: true });
    toGateway.afterForward = undefined;
    expect(move).toMatchObject({ status: 409, body: { detail: expect.stringContaining('changed by someone else') } });

    // The gateway ended the access; the customers service did not move the contact and still sees them active.
    expect(await me(token)).toBe(401);
    expect(await contactOf(contact.id)).toMatchObject({ customerId: customerA.id, portalState: 'active', firstName: 'Harold' });
    await invitedAgainAndSignedIn(contact);
  });

  it('a move whose database link is cut right after the gateway revoked leaves no contact stuck', async () => {
    const { contact, token } = await activeContact('cut@emmawatson.example');
    toGateway.afterForward = async (request) => {
      if (request.path.endsWith(`/${contact.id}/revoke`)) await aheadDatabase.cut();
    };
    const move = await callAheadAsAdmin('POST', `/api/contacts/${contact.id}/move`, { customerId: customerB.id, confirmPortalAccessEnd: true });
    toGateway.afterForward = undefined;
    await aheadDatabase.restore();
    expect(move.status).toBe(503);

    expect(await me(token)).toBe(401);
    expect(await contactOf(contact.id)).toMatchObject({ customerId: customerA.id, portalState: 'active' });
    // Nothing was committed: the enable-login now commits the very version the gateway revoked as of, and it counts.
    await invitedAgainAndSignedIn(contact);
    await waitUntilReady('customers (clock ahead)', Number(new URL(aheadUrl).port));
  });
});
