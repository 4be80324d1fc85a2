#!/usr/bin/env node
// Micro-benchmark (not a test): the ways a service can create a ticket (the ticket row, its first
// history entry and its ticket.created outbox row, in one transaction) side by side, in one run, on
// a scratch database built by the tickets service's own migrations.
//
//   npm run bench:data-access          (builds first)
//   node bench/data-access.mjs         (uses the existing dist)
//
// Settings (environment): BENCH_SECONDS (8, measured per way and connection count), BENCH_ROUNDS (4,
// slices the seconds are cut into, taken in turns), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS ("1,8"),
// BENCH_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/postgres).

import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import {
  createTicketCteSql,
  createTicketCteValues,
  createTicketWithPg,
  insertOutboxSql,
  migrateTicketsDatabase,
  newTicketRow,
  outboxValues,
  ticketCreatedEvent,
  ticketsPrismaClient,
} from './ticket-writes.mjs';
import { closedLoop, cpuSecondsOf, fmt, fmtInt, latencyStats, table, withDatabase } from './measure.mjs';

const seconds = Number(process.env.BENCH_SECONDS || 8);
const rounds = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS || 4)));
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS || 2);
const connectionCounts = (process.env.BENCH_CONNECTIONS || '1,8').split(',').map((n) => Math.max(1, Math.floor(Number(n))));
const adminUrl = process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const database = `bench_data_access_${randomBytes(4).toString('hex')}`;
const url = withDatabase(adminUrl, database);
const log = (message) => process.stdout.write(`${message}\n`);

const staffId = randomUUID();
let n = 0;

/**
 * Each way, opened on a pool of `connections`: `create()` stores one ticket and resolves with its
 * row. Every way sends the same three writes (see ticket-writes.mjs).
 */
const ways = [
  {
    name: '(a) Prisma interactive transaction, 3 inserts',
    open(pool) {
      const prisma = ticketsPrismaClient(pool);
      return {
        // As services/tickets does it: ticket.create, ticketHistoryEntry.createMany, the outbox row raw (libs/outbox).
        create: () =>
          prisma.$transaction(
            async (tx) => {
              const ticket = await tx.ticket.create({ data: newTicketRow(n++, staffId) });
              await tx.ticketHistoryEntry.createMany({
                data: [{ ticketId: ticket.id, at: ticket.createdAt, actorKind: ticket.createdByKind, actorId: ticket.createdById, kind: 'created', field: null, fromValue: null, toValue: null, noteId: null, visibility: 'public' }],
              });
              await tx.$executeRawUnsafe(insertOutboxSql, ...outboxValues(ticketCreatedEvent(ticket)));
              return ticket;
            },
            { maxWait: 10_000, timeout: 15_000 },
          ),
        close: () => prisma.$disconnect(),
      };
    },
  },
  {
    name: '(b) Prisma $executeRawUnsafe, one CTE statement',
    open(pool) {
      const prisma = ticketsPrismaClient(pool);
      return {
        create: () => prisma.$executeRawUnsafe(createTicketCteSql, ...createTicketCteValues(newTicketRow(n++, staffId))),
        close: () => prisma.$disconnect(),
      };
    },
  },
  {
    name: "(b') Prisma $queryRawUnsafe, one CTE statement, row back",
    open(pool) {
      const prisma = ticketsPrismaClient(pool);
      return {
        create: async () => (await prisma.$queryRawUnsafe(createTicketCteSql, ...createTicketCteValues(newTicketRow(n++, staffId))))[0],
        close: () => prisma.$disconnect(),
      };
    },
  },
  {
    name: '(c) pg, one CTE statement',
    open(pool) {
      return {
        create: async () => (await pool.query(createTicketCteSql, createTicketCteValues(newTicketRow(n++, staffId)))).rows[0],
        close: async () => undefined,
      };
    },
  },
  {
    name: '(d) pg, BEGIN; 3 inserts; COMMIT',
    open(pool) {
      return {
        create: async () => {
          const client = await pool.connect();
          try {
            return await createTicketWithPg(client, newTicketRow(n++, staffId));
          } finally {
            client.release();
          }
        },
        close: async () => undefined,
      };
    },
  },
  {
    name: '(e) Kysely over pg, transaction with 3 inserts',
    open(pool) {
      // Kysely ends the pool it is given on destroy(); the pool is the run's, so it gets a view that does not.
      const db = new Kysely({ dialect: new PostgresDialect({ pool: { connect: () => pool.connect(), end: async () => undefined } }) });
      return {
        create: () =>
          db.transaction().execute(async (trx) => {
            const row = newTicketRow(n++, staffId);
            const ticket = await trx
              .insertInto('tickets')
              .values({
                id: row.id,
                subject: row.subject,
                description: row.description,
                requester_email: row.requesterEmail,
                priority: row.priority,
                customer_id: row.customerId,
                contact_id: row.contactId,
                location_id: row.locationId,
                area_id: row.areaId,
                team_id: row.teamId,
                assignee_id: row.assigneeId,
                email_account_id: row.emailAccountId,
                contract_id: row.contractId,
                created_by_kind: row.createdByKind,
                created_by_id: row.createdById,
                updated_at: row.updatedAt,
              })
              .returningAll()
              .executeTakeFirstOrThrow();
            await trx
              .insertInto('ticket_history')
              .values({ ticket_id: ticket.id, at: ticket.created_at, actor_kind: ticket.created_by_kind, actor_id: ticket.created_by_id, kind: 'created', visibility: 'public' })
              .execute();
            const event = ticketCreatedEvent(ticket);
            await trx.insertInto('outbox').values({ event_id: event.id, event_type: event.type, payload: JSON.stringify(event) }).execute();
            return ticket;
          }),
        close: () => db.destroy(),
      };
    },
  },
];

/**
 * All the ways on one pool of `connections`, measured in `rounds` slices each, the order turning
 * from round to round: on a shared machine, a burst of someone else's work then falls on every way
 * alike instead of on the one that happened to run at that moment.
 */
async function measureAll(connections) {
  // Idle connections stay open, so that the same backends serve the whole run and their CPU can be read.
  const pool = new pg.Pool({ connectionString: url, max: connections, idleTimeoutMillis: 0, application_name: 'bench-data-access' });
  pool.on('error', () => undefined);
  const entries = ways.map((way) => ({ way, opened: way.open(pool), ok: 0, errors: 0, elapsed: 0, cpuMicros: 0, postgresSeconds: 0, latencies: [] }));
  const loop = (entry, seconds) =>
    closedLoop({
      seconds,
      concurrency: connections,
      once: async () => {
        await entry.opened.create();
        return true;
      },
    });
  try {
    for (const entry of entries) await loop(entry, warmupSeconds);
    await emptyTables();
    const backends = await backendPids();
    const postgresSeconds = () => backends.reduce((sum, pid) => sum + (cpuSecondsOf(pid) ?? 0), 0);
    for (let round = 0; round < rounds; round++) {
      process.stdout.write(`· ${connections} connection(s), round ${round + 1} of ${rounds}\n`);
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[(i + round) % entries.length];
        const cpuBefore = process.cpuUsage();
        const postgresBefore = postgresSeconds();
        const result = await loop(entry, seconds / rounds);
        const cpu = process.cpuUsage(cpuBefore);
        entry.postgresSeconds += postgresSeconds() - postgresBefore;
        entry.cpuMicros += cpu.user + cpu.system;
        entry.ok += result.ok;
        entry.errors += result.errorCount;
        entry.elapsed += result.elapsed;
        entry.latencies.push(...result.latencies);
      }
    }
  } finally {
    for (const entry of entries) await entry.opened.close();
    await pool.end();
  }
  return entries.map((entry) => ({
    name: entry.way.name,
    ok: entry.ok,
    errorCount: entry.errors,
    rate: entry.ok / entry.elapsed,
    cpuMsPerTicket: entry.cpuMicros / 1000 / entry.ok,
    postgresMsPerTicket: (entry.postgresSeconds * 1000) / entry.ok,
    ...latencyStats(entry.latencies),
  }));
}

/** The PostgreSQL backends of the pool (pg_stat_activity's pids are the server's processes). */
async function backendPids() {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'bench-data-access'", [database]);
    return rows.map((row) => row.pid);
  } finally {
    await admin.end();
  }
}

async function emptyTables() {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('TRUNCATE tickets, ticket_history, outbox RESTART IDENTITY CASCADE');
    await admin.query('VACUUM ANALYZE tickets, ticket_history, outbox');
  } finally {
    await admin.end();
  }
}

async function checkEveryWayWritesTheSame() {
  // One ticket each; every way must leave one ticket, one history entry and one outbox row per ticket.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    for (const way of ways) {
      const opened = way.open(pool);
      try {
        await opened.create();
      } finally {
        await opened.close();
      }
    }
    const { rows } = await pool.query(`SELECT (SELECT count(*) FROM tickets)::int AS tickets, (SELECT count(*) FROM ticket_history)::int AS history,
      (SELECT count(*) FROM outbox)::int AS outbox,
      (SELECT count(*) FROM outbox o JOIN tickets t ON t.id = (o.payload->'data'->>'ticketId')::uuid
        AND (o.payload->'data'->>'number')::int = t.number AND o.payload->'data'->>'createdAt' = to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::int AS matching`);
    const c = rows[0];
    if (c.tickets !== ways.length || c.history !== ways.length || c.outbox !== ways.length || c.matching !== ways.length) {
      throw new Error(`the ways do not write the same: ${JSON.stringify(c)} for ${ways.length} tickets`);
    }
  } finally {
    await pool.end();
  }
}

async function main() {
  const cpus = os.cpus();
  log('Data access: one ticket creation (ticket + history entry + outbox row, one transaction) by each way');
  log(`  node ${process.version}, ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}; ${warmupSeconds} s warm-up + ${seconds} s measured each, in ${rounds} rounds taken in turns; database ${database}\n`);
  await migrateTicketsDatabase(url);
  await checkEveryWayWritesTheSame();
  const rows = [];
  for (const connections of connectionCounts) {
    for (const r of await measureAll(connections)) {
      rows.push([r.name, connections, fmtInt(r.ok), r.errorCount, fmt(r.rate, 0), fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.cpuMsPerTicket, 2), fmt(r.postgresMsPerTicket, 2)]);
    }
  }
  log('');
  log(table(['way', 'connections', 'tickets', 'errors', 'per second', 'p50 ms', 'p99 ms', 'node CPU ms/ticket', 'PostgreSQL CPU ms/ticket'], rows, ['l']));
  log('');
}

let exitCode = 1;
try {
  await main();
  exitCode = 0;
} catch (error) {
  log(`\nBENCHMARK FAILED: ${error?.stack ?? error}`);
} finally {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
}
process.exit(exitCode);
