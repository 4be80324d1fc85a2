export * from './base-config.js';
export * from './group-calls.js';
export * from './run-service.js';
export * from './main.js';
export * from './retention.js';
export * from './service-metrics.js';
