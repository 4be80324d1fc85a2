import { randomUUID } from 'node:crypto';
import { parseEvent } from '@helpdesk/contracts-schema';
import { ensureDatabase, migrate } from '@helpdesk/db';
import { serviceMigrations } from '@helpdesk/runtime';
import { dropTestDatabases, newTestDatabaseUrl, queryDatabase } from '@helpdesk/testing';
import { gatewayService } from '../src/service';

/**
 * The contracts service (issue 13) keeps staff users (a contract's support contact and manager) and
 * teams (which customers' contracts a user reaches) from events published before it existed: an
 * upgraded install's users and teams are announced once more by a migration.
 */
describe('upgrading a gateway for the contracts service', () => {
  const url = newTestDatabaseUrl('gateway-upgrade-contracts');
  afterAll(() => dropTestDatabases([url]));

  it('records staff_user.updated and team.updated with each one\'s whole state at its current version, valid by the catalog', async () => {
    await ensureDatabase(url);
    const all = serviceMigrations(gatewayService);
    const upgrade = all.findIndex((m) => m.name === 'gateway/0012_announce_staff_users_and_teams');
    expect(upgrade).toBeGreaterThan(0);
    await migrate(url, all.slice(0, upgrade));

    const [ann, team, customer] = [randomUUID(), randomUUID(), randomUUID()];
    await queryDatabase(
      url,
      `INSERT INTO staff_users (id, email, name, password_hash, role, active, version, created_at, updated_at)
       VALUES ($1, 'ann@helpdesk.test', 'Ann Agent', 'x', 'agent', false, 4, '2026-11-01T08:00:00.123Z', now())`,
      [ann],
    );
    await queryDatabase(url, "INSERT INTO teams (id, name, ticket_access, version, updated_at) VALUES ($1, 'First line', 'selected', 3, now())", [team]);
    await queryDatabase(url, 'INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)', [team, ann]);
    await queryDatabase(url, 'INSERT INTO team_customers (team_id, customer_id) VALUES ($1, $2)', [team, customer]);

    await migrate(url, all);
    const rows = await queryDatabase<{ payload: string }>(
      url,
      "SELECT payload::text AS payload FROM outbox WHERE payload->>'correlationId' = 'migration-0012-announce-staff-users-and-teams' ORDER BY id",
    );
    const events = rows.map((row) => parseEvent(row.payload));
    expect(events.map((e) => [e.type, e.producer, e.aggregate, e.data])).toEqual([
      [
        'staff_user.updated',
        'gateway',
        { type: 'staff_user', id: ann, version: 4 },
        { userId: ann, email: 'ann@helpdesk.test', name: 'Ann Agent', role: 'agent', active: false, createdAt: '2026-11-01T08:00:00.123Z' },
      ],
      ['team.updated', 'gateway', { type: 'team', id: team, version: 3 }, { teamId: team, name: 'First line', ticketAccess: 'selected', customerIds: [customer], memberIds: [ann] }],
    ]);
  });
});
