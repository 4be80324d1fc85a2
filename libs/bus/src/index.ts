export * from './bus.js';
export * from './topology.js';
export * from './broker-link.js';
export * from './dead-letters.js';
