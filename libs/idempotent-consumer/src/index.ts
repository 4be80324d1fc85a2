import path from 'node:path';
export * from './handle-once.js';
export * from './newly-processed.js';
export * from './purge-processed.js';

/** The SQL this lib owns; libs/runtime applies it before the service's own migrations. */
export const processedEventsMigrationsDir = path.join(__dirname, '..', 'sql');
