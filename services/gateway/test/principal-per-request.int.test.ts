import { randomUUID } from 'node:crypto';
import { newTestDatabaseUrl, serviceCallHeader, testSecrets } from '@helpdesk/testing';
import { authenticate } from '../src/domain/authenticate';
import { openDatabase, type GatewayDatabase } from '../src/persistence/client';
import { admin, insertActiveContact, startGateway, statementsOn } from './support';

const customerA = '11111111-1111-4111-8111-111111111111';

/**
 * The principal is read from the database on every request, with no cache: what one gateway
 * changes, every other gateway on the database applies to the very next request.
 */
describe('the principal of every request', () => {
  const databaseUrl = newTestDatabaseUrl('gateway_principal');
  let first: Awaited<ReturnType<typeof startGateway>>;
  let second: Awaited<ReturnType<typeof startGateway>>;
  let db: GatewayDatabase;
  let adminToken: string;

  beforeAll(async () => {
    first = await startGateway({ databaseUrl });
    second = await startGateway({ databaseUrl, busPrefix: first.busPrefix });
    db = openDatabase(databaseUrl);
    adminToken = await first.signIn('/api/auth/login', admin.email, admin.password);
  });
  afterAll(async () => {
    await db.disconnect();
    await second.stop({ keepDatabase: true });
    await first.stop();
  });

  /** A contact whose account is active, signed in. */
  async function activeContact() {
    const contact = await insertActiveContact(databaseUrl, customerA);
    return { contactId: contact.contactId, token: await first.signIn('/api/portal/login', contact.email, contact.password) };
  }

  const me = (g: typeof first, token: string) => g.call('GET', '/api/auth/me', { token });

  it("applies a staff user's new permissions and deactivation on another gateway at the next request", async () => {
    const email = `agent-${randomUUID().slice(0, 8)}@helpdesk.test`;
    const created = await first.call('POST', '/api/staff', { token: adminToken, body: { email, name: 'Agent Smith', password: 'agent password 123', permissions: [] } });
    const token = await first.signIn('/api/auth/login', email, 'agent password 123');
    expect((await me(second, token)).body).toMatchObject({ kind: 'staff', permissions: [] });

    await first.call('PATCH', `/api/staff/${created.body.id}`, { token: adminToken, body: { permissions: ['contacts.manage'] } });
    expect((await me(second, token)).body.permissions).toEqual(['contacts.manage']);
    await first.call('PATCH', `/api/staff/${created.body.id}`, { token: adminToken, body: { active: false } });
    expect((await me(second, token)).status).toBe(401);
    expect((await me(first, token)).status).toBe(401);
  });

  it('refuses a revoked portal token on another gateway at its next request', async () => {
    const contact = await activeContact();
    expect((await me(second, contact.token)).body).toEqual({ kind: 'contact', contactId: contact.contactId, customerId: customerA });

    const path = `/internal/portal-access/${contact.contactId}/revoke`;
    const body = JSON.stringify({ contactVersion: 3 });
    const revoked = await fetch(`${first.gateway.internalUrl}${path}`, {
      method: 'POST',
      headers: { ...serviceCallHeader('customers', { service: 'gateway', method: 'POST', path, body }), 'content-type': 'application/json' },
      body,
    });
    expect(revoked.status).toBe(204);
    expect((await me(second, contact.token)).status).toBe(401);
    expect((await me(first, contact.token)).status).toBe(401);
  });

  it('reads a principal with one statement on the pool, for staff and for portal contacts alike', async () => {
    const contact = await activeContact();
    const staff = await statementsOn(db, () => authenticate(db, testSecrets.jwt, adminToken));
    expect(staff.result.principal).toMatchObject({ kind: 'staff', role: 'admin', teamIds: [] });
    expect(staff.statements).toHaveLength(1);
    const portal = await statementsOn(db, () => authenticate(db, testSecrets.jwt, contact.token));
    expect(portal.result.principal).toEqual({ kind: 'contact', contactId: contact.contactId, customerId: customerA });
    expect(portal.statements).toHaveLength(1);
  });
});
