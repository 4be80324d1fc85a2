export * from './create-http-app.js';
export * from './principal.js';
export * from './require-principal.js';
export * from './secret-key.js';
export * from './permissions.js';
export * from './safe-input.js';
export * from './metrics.js';
