export * from './customer-access.js';
export * from './team-projection.js';
export * from './migrations.js';
