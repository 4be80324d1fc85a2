import { randomUUID } from 'node:crypto';
import { parseEvent } from '@helpdesk/contracts-schema';
import { ensureDatabase, migrate } from '@helpdesk/db';
import { serviceMigrations } from '@helpdesk/runtime';
import { dropTestDatabases, newTestDatabaseUrl, queryDatabase } from '@helpdesk/testing';
import { gatewayService } from '../src/service';

/**
 * Teams that exist when the gateway is upgraded to announce teams are announced by the migration,
 * so the services that resolve team access know them at once (otherwise every agent would reach no
 * customer until each team changed).
 */
describe('upgrading a gateway that has teams', () => {
  const url = newTestDatabaseUrl('gateway-upgrade');
  afterAll(() => dropTestDatabases([url]));

  it('records team.created at version 1 for each existing team, with its customers and members, valid by the catalog', async () => {
    await ensureDatabase(url);
    const all = serviceMigrations(gatewayService);
    const upgrade = all.findIndex((m) => m.name === 'gateway/0007_team_versions');
    expect(upgrade).toBeGreaterThan(0);
    await migrate(url, all.slice(0, upgrade));

    const [selected, everyone] = [randomUUID(), randomUUID()];
    const customers = [randomUUID(), randomUUID()].sort();
    const members = [randomUUID(), randomUUID()].sort();
    await queryDatabase(url, "INSERT INTO teams (id, name, ticket_access, updated_at) VALUES ($1, 'First line', 'selected', now()), ($2, 'Everyone', 'all', now())", [selected, everyone]);
    await queryDatabase(url, 'INSERT INTO team_customers (team_id, customer_id) SELECT $1, unnest($2::uuid[])', [selected, customers]);
    await queryDatabase(url, 'INSERT INTO team_members (team_id, user_id) SELECT $1, unnest($2::uuid[])', [selected, members]);

    // Up to 0007 alone: 0009 announces the teams again, for mail-ingest (announce-teams-upgrade.int.test.ts).
    await migrate(url, all.slice(0, upgrade + 1));
    const rows = await queryDatabase<{ event_type: string; payload: string }>(url, "SELECT event_type, payload::text AS payload FROM outbox WHERE event_type LIKE 'team.%'");
    const events = rows.map((row) => parseEvent(row.payload));
    expect(events.map((e) => [e.type, e.aggregate]).sort()).toEqual(
      [
        ['team.created', { type: 'team', id: selected, version: 1 }],
        ['team.created', { type: 'team', id: everyone, version: 1 }],
      ].sort(),
    );
    expect(events.find((e) => e.aggregate.id === selected)!.data).toEqual({ teamId: selected, name: 'First line', ticketAccess: 'selected', customerIds: customers, memberIds: members });
    expect(events.find((e) => e.aggregate.id === everyone)!.data).toEqual({ teamId: everyone, name: 'Everyone', ticketAccess: 'all', customerIds: [], memberIds: [] });
    expect(events.every((e) => e.producer === 'gateway')).toBe(true);
  });
});
