/**
 * The slice of a database transaction that the plumbing libs need. Prisma's transaction client
 * has it, so libs/outbox and libs/idempotent-consumer write in the caller's own transaction.
 */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** What runs a named statement (parsed once per connection, for hot paths): a service's `pg` pool. */
export interface PreparingPool {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}
