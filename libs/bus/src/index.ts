export * from './bus.js';
export * from './topology.js';
