export * from './sql-executor.js';
export * from './ensure-database.js';
export * from './migrate.js';
export * from './service-database.js';
export * from './save-newer.js';
