/**
 * Tells a failure of the infrastructure (the database or another server unreachable, a connection
 * dropped, a pool exhausted, a timeout, a serialization failure or deadlock) from a failure of the
 * code itself. The first kind heals by waiting and trying again: an HTTP request answers 503 with
 * Retry-After, a consumer holds its message and retries in process instead of dead-lettering it.
 */
export function isInfrastructureError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    if (matches(current as ErrorLike)) return true;
    const meta = (current as ErrorLike).meta;
    if (meta?.driverAdapterError && matches(meta.driverAdapterError)) return true;
    current = (current as ErrorLike).cause ?? meta?.driverAdapterError?.cause;
  }
  return false;
}

interface ErrorLike {
  /** Set by an error that stands for an outage it recognised itself (e.g. another service answering 5xx). */
  transient?: unknown;
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: ErrorLike & { cause?: ErrorLike } };
}

// Node's socket errors.
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);
// Prisma: cannot reach, timed out, server closed the connection, pool timeout, write conflict or deadlock. (Not P2028 as such: it
// also means a transaction outlived its own time limit, which a handler that is too slow does every time; see the messages below.)
const prismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2034']);
// @prisma/adapter-pg's kinds for the same.
const adapterKinds = new Set(['DatabaseNotReachable', 'DatabaseDoesNotExist', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionWriteConflict']);
// PostgreSQL SQLSTATE: connection exceptions (08), serialization failure, deadlock, insufficient resources (53), shutdown or crash
// (57P0x), a statement cancelled or timed out (57014), lock not available (55P03), a read-only transaction (25006: a demoted primary mid-failover).
const sqlStatePattern = /^(08...|40001|40P01|53...|57P0[1-4]|57014|55P03|25006)$/;
// pg and Prisma say some of it only in words.
const messagePattern = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database server|Client has encountered a connection error|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|Unable to start a transaction in the given time/i;

function matches(error: ErrorLike): boolean {
  const { code, kind, message, transient } = error;
  if (transient === true) return true;
  if (typeof code === 'string' && (networkCodes.has(code) || prismaCodes.has(code) || sqlStatePattern.test(code))) return true;
  if (typeof kind === 'string' && adapterKinds.has(kind)) return true;
  return typeof message === 'string' && messagePattern.test(message);
}
