export * from './envelope.js';
export * from './catalog.js';
export * from './parse-event.js';
export { ticketCreatedV1 } from './events/tickets/ticket-created.v1.js';
