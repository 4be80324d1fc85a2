export * from './environment.js';
export * from './test-database.js';
export * from './test-broker.js';
export * from './test-smtp.js';
export * from './tcp-proxy.js';
export * from './wait-for.js';
export * from './start-service.js';
export * from './pg-executor.js';
