import path from 'node:path';
export * from './add-to-outbox.js';
export * from './relay.js';
export * from './record-event.js';
export * from './purge-published.js';

/** The SQL this lib owns; libs/runtime applies it before the service's own migrations. */
export const outboxMigrationsDir = path.join(__dirname, '..', 'sql');
