import { randomUUID } from 'node:crypto';
import { parseEvent } from '@helpdesk/contracts-schema';
import { ensureDatabase, migrate } from '@helpdesk/db';
import { serviceMigrations } from '@helpdesk/runtime';
import { dropTestDatabases, newTestDatabaseUrl, queryDatabase } from '@helpdesk/testing';
import { gatewayService } from '../src/service';

/**
 * The notifier keeps staff users from staff_user.* (issue 12): the users of an upgraded install are
 * announced once by the migration that gives them versions, and the portal app it gets is announced too.
 */
describe('upgrading a gateway that has staff users', () => {
  const url = newTestDatabaseUrl('gateway-upgrade');
  afterAll(() => dropTestDatabases([url]));

  it('records staff_user.created at version 1 for each existing user with their whole state, and customer_app.created for the portal, valid by the catalog', async () => {
    await ensureDatabase(url);
    const all = serviceMigrations(gatewayService);
    const upgrade = all.findIndex((m) => m.name === 'gateway/0010_customer_apps');
    expect(upgrade).toBeGreaterThan(0);
    await migrate(url, all.slice(0, upgrade));

    const [ann, bob] = [randomUUID(), randomUUID()];
    await queryDatabase(
      url,
      `INSERT INTO staff_users (id, email, name, password_hash, role, active, created_at, updated_at)
       VALUES ($1, 'ann@helpdesk.test', 'Ann Admin', 'x', 'admin', true, '2026-11-01T08:00:00.123Z', now()),
              ($2, 'bob@helpdesk.test', 'Bob Agent', 'x', 'agent', false, '2026-11-02T09:30:00Z', now())`,
      [ann, bob],
    );

    await migrate(url, all);
    const rows = await queryDatabase<{ payload: string }>(url, 'SELECT payload::text AS payload FROM outbox ORDER BY id');
    const events = rows.map((row) => parseEvent(row.payload));
    const staff = events.filter((e) => e.type === 'staff_user.created');
    expect(staff.map((e) => [e.aggregate, e.data]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      [
        [{ type: 'staff_user', id: ann, version: 1 }, { userId: ann, email: 'ann@helpdesk.test', name: 'Ann Admin', role: 'admin', active: true, createdAt: '2026-11-01T08:00:00.123Z' }],
        [{ type: 'staff_user', id: bob, version: 1 }, { userId: bob, email: 'bob@helpdesk.test', name: 'Bob Agent', role: 'agent', active: false, createdAt: '2026-11-02T09:30:00.000Z' }],
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(await queryDatabase(url, 'SELECT version FROM staff_users ORDER BY id')).toEqual([{ version: 1 }, { version: 1 }]);

    const [portal] = await queryDatabase<{ id: string }>(url, "SELECT id FROM customer_apps WHERE kind = 'portal' AND enabled");
    expect(events.filter((e) => e.type.startsWith('customer_app.')).map((e) => [e.type, e.aggregate, e.data])).toEqual([
      ['customer_app.created', { type: 'customer_app', id: portal!.id, version: 1 }, { appId: portal!.id, kind: 'portal', name: 'Customer portal', enabled: true }],
    ]);
    expect(events.every((e) => e.producer === 'gateway')).toBe(true);
  });
});
