// Before the suite: sweep what runs that were killed left behind (databases and queues named with
// the test prefixes and a time more than two hours old), so that repeated runs on a machine stay clean.
const { execFileSync } = require('node:child_process');
const { Client } = require('pg');
const amqp = require('amqplib');

const maxAgeMs = 2 * 60 * 60 * 1000;
const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function isStale(name) {
  const match = /^hdt[-_](?:.*_)?([0-9a-z]{8})[0-9a-f]{6}(?:\.|$)/.exec(name);
  if (!match) return false;
  const created = parseInt(match[1], 36);
  return Number.isFinite(created) && Date.now() - created > maxAgeMs;
}

module.exports = async function globalSetup() {
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${maintenance.host}: start it, or set TEST_DATABASE_URL (${error.message})`);
  }
  try {
    const { rows } = await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'hdt\\_%'");
    for (const { datname } of rows.filter((row) => isStale(row.datname))) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
  try {
    const queues = execFileSync('rabbitmqctl', ['list_queues', 'name', '--quiet', '--no-table-headers'], { encoding: 'utf8', timeout: 20_000 });
    for (const queue of queues.split('\n').map((q) => q.trim()).filter((q) => q.startsWith('hdt-') && isStale(q))) {
      execFileSync('rabbitmqctl', ['delete_queue', queue, '--quiet'], { timeout: 20_000 });
    }
    const exchanges = execFileSync('rabbitmqctl', ['list_exchanges', 'name', '--quiet', '--no-table-headers'], { encoding: 'utf8', timeout: 20_000 });
    const stale = exchanges.split('\n').map((e) => e.trim()).filter((e) => e.startsWith('hdt-') && isStale(e));
    if (stale.length > 0) {
      const connection = await amqp.connect(process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
      const channel = await connection.createChannel();
      for (const exchange of stale) await channel.deleteExchange(exchange);
      await connection.close();
    }
  } catch {
    // rabbitmqctl is a convenience of this machine; a remote broker is swept by its own operators.
  }
};
