import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Bus } from '@helpdesk/bus';
import { parseEvent } from '@helpdesk/contracts-schema';
import { ensureDatabase, migrate } from '@helpdesk/db';
import { createLogger } from '@helpdesk/logging';
import { OutboxRelay } from '@helpdesk/outbox';
import { serviceMigrations } from '@helpdesk/runtime';
import { deleteBusTopology, dropTestDatabases, newTestBusPrefix, newTestDatabaseUrl, queryDatabase, startTestService, testEnvironment, waitFor } from '@helpdesk/testing';
import { gatewayService } from '../src/service';
import { mailIngestService } from '../../mail-ingest/src/service';
import { loadConfig as loadMailIngestConfig } from '../../mail-ingest/src/config';

/**
 * mail-ingest started consuming team.* after the gateway had published them: the teams of an install
 * upgraded to issue 11 are announced once by a gateway migration, so mail-ingest's projection gets them
 * without waiting for each team to change.
 */
describe('upgrading a gateway that has teams', () => {
  const url = newTestDatabaseUrl('gateway-upgrade');
  const busPrefix = newTestBusPrefix();
  afterAll(async () => {
    await dropTestDatabases([url]);
    await deleteBusTopology(busPrefix);
  });

  const [selected, everyone, empty] = [randomUUID(), randomUUID(), randomUUID()];
  const [ann, bob] = [randomUUID(), randomUUID()].sort();
  const [acme, globex] = [randomUUID(), randomUUID()].sort();

  it('records team.updated with each team\'s whole state at its current version, valid by the catalog', async () => {
    await ensureDatabase(url);
    const all = serviceMigrations(gatewayService);
    const upgrade = all.findIndex((m) => m.name === 'gateway/0009_announce_teams');
    expect(upgrade).toBeGreaterThan(0);
    await migrate(url, all.slice(0, upgrade));

    await queryDatabase(
      url,
      `INSERT INTO teams (id, name, ticket_access, version, updated_at) VALUES ($1, 'First line', 'selected', 5, now()), ($2, 'Everyone', 'all', 2, now()), ($3, 'Empty', 'selected', 1, now())`,
      [selected, everyone, empty],
    );
    await queryDatabase(url, 'INSERT INTO team_members (team_id, user_id) VALUES ($1, $2), ($1, $3), ($4, $2)', [selected, bob, ann, everyone]);
    await queryDatabase(url, 'INSERT INTO team_customers (team_id, customer_id) VALUES ($1, $2), ($1, $3)', [selected, globex, acme]);

    await migrate(url, all);
    // Later migrations announce other things (0010: the portal app; 0012: the teams again, for the contracts service).
    const rows = await queryDatabase<{ payload: string }>(
      url,
      "SELECT payload::text AS payload FROM outbox WHERE event_type LIKE 'team.%' AND payload->>'correlationId' = 'migration-0009-announce-teams'",
    );
    const events = rows.map((row) => parseEvent(row.payload));
    const of = (id: string) => events.find((e) => e.aggregate.id === id)!;
    expect(events).toHaveLength(3);
    expect(of(selected)).toMatchObject({ type: 'team.updated', producer: 'gateway', aggregate: { type: 'team', version: 5 } });
    expect(of(selected).data).toEqual({ teamId: selected, name: 'First line', ticketAccess: 'selected', customerIds: [acme, globex], memberIds: [ann, bob] });
    expect(of(everyone)).toMatchObject({ aggregate: { version: 2 }, data: { teamId: everyone, name: 'Everyone', ticketAccess: 'all', customerIds: [], memberIds: [bob] } });
    expect(of(empty).data).toEqual({ teamId: empty, name: 'Empty', ticketAccess: 'selected', customerIds: [], memberIds: [] });
  });

  it('fills mail-ingest\'s team projection once the relay publishes them', async () => {
    const mailIngest = await startTestService(mailIngestService, { loadConfig: loadMailIngestConfig, busPrefix });
    const log = createLogger({ service: 'gateway-upgrade-test', level: 'silent' });
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const bus = new Bus({ url: testEnvironment.amqpUrl, prefix: busPrefix, log, connectionName: 'gateway-stand-in' });
    bus.start();
    const relay = new OutboxRelay({ pool, publish: (header, payload) => bus.publishSerialised(header, payload), log, pollIntervalMs: 50 });
    try {
      await bus.waitUntilConnected();
      await relay.start();
      const teams = await waitFor(async () => {
        const found = await queryDatabase<{ team_id: string; ticket_access: string; version: number }>(
          mailIngest.databaseUrl,
          'SELECT team_id, ticket_access, version FROM team_access ORDER BY version DESC',
        );
        return found.length === 3 && found;
      }, { what: "mail-ingest's team projection" });
      expect(teams).toEqual([
        { team_id: selected, ticket_access: 'selected', version: 5 },
        { team_id: everyone, ticket_access: 'all', version: 2 },
        { team_id: empty, ticket_access: 'selected', version: 1 },
      ]);
      expect(await queryDatabase(mailIngest.databaseUrl, 'SELECT customer_id FROM team_access_customers WHERE team_id = $1 ORDER BY customer_id', [selected])).toEqual([
        { customer_id: acme },
        { customer_id: globex },
      ]);
      expect(await queryDatabase(mailIngest.databaseUrl, 'SELECT user_id FROM team_access_members WHERE team_id = $1', [everyone])).toEqual([{ user_id: bob }]);
    } finally {
      await relay.stop();
      await bus.stop();
      await pool.end();
      await mailIngest.stop();
      await mailIngest.dropDatabase();
    }
  });
});
