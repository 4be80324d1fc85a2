export * from './route-description.js';
export * from './document.js';
export * from './registered-routes.js';
export * from './serve.js';
