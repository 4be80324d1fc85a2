import { isInfrastructureError } from './infrastructure-error.js';

describe('isInfrastructureError', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a dropped pg connection (pg says it only in words)', new Error('Connection terminated unexpectedly')],
    ['Prisma cannot reach the server', Object.assign(new Error("Can't reach database server"), { code: 'P1001' })],
    ['the adapter says the database is not reachable', { meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } }],
    ['a serialization failure', Object.assign(new Error('could not serialize access'), { code: '40001' })],
    ['a deadlock', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    ['a server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['too many connections', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
    ['a failover: the server became read-only', Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' })],
    ['no pooled connection free in time', Object.assign(new Error('Transaction API error: Unable to start a transaction in the given time.'), { code: 'P2028' })],
    ['an error that says it stands for an outage (another service answered 5xx)', Object.assign(new Error('customers failed (503)'), { transient: true })],
    ['a cause further down', new Error('handler failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })],
  ])('%s is infrastructure', (_name, error) => {
    expect(isInfrastructureError(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique violation', Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })],
    ['a check violation', Object.assign(new Error('violates check constraint'), { code: '23514' })],
    ['a handler slower than its transaction may be', Object.assign(new Error('Transaction API error: Transaction already closed: A query cannot be executed on an expired transaction.'), { code: 'P2028' })],
    ['an error that says it is not transient', Object.assign(new Error('refused'), { transient: false })],
    ['a Prisma record not found', Object.assign(new Error('No record was found'), { code: 'P2025' })],
    ['not an error at all', 'a string'],
    ['nothing', undefined],
  ])('%s is not', (_name, error) => {
    expect(isInfrastructureError(error)).toBe(false);
  });

  it('survives a cause that points back at itself', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(isInfrastructureError(error)).toBe(false);
  });
});
