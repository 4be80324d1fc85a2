export * from './app-error.js';
export * from './problem-details.js';
export * from './infrastructure-error.js';
