import { catalog } from './catalog.js';
import { createEvent, parseEvent, InvalidEventError } from './parse-event.js';
import { ticketCreatedV1 } from './events/tickets/ticket-created.v1.js';

describe('event catalog', () => {
  it.each(catalog.map((d) => [`${d.type} v${d.version}`, d] as const))('%s: its example validates and survives the wire', (_name, definition) => {
    const event = createEvent(definition, definition.example, { producer: definition.producer, correlationId: 'c-1' });
    expect(parseEvent(JSON.stringify(event))).toEqual(event);
  });

  it('names every event noun.past_verb and lists each type and version once', () => {
    const keys = catalog.map((d) => `${d.type}@${d.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of catalog) expect(d.type).toMatch(/^[a-z_]+\.[a-z_]+ed$/);
  });

  it('refuses an event from a service that is not its producer', () => {
    expect(() => createEvent(ticketCreatedV1, ticketCreatedV1.example, { producer: 'notifier', correlationId: 'c' })).toThrow(
      /notifier may not emit ticket.created/,
    );
  });

  it('refuses data that does not match the schema, on publish and on receipt', () => {
    const bad = { ...ticketCreatedV1.example, requesterEmail: 'not an address' };
    expect(() => createEvent(ticketCreatedV1, bad, { producer: 'tickets', correlationId: 'c' })).toThrow(InvalidEventError);
    const onWire = { ...createEvent(ticketCreatedV1, ticketCreatedV1.example, { producer: 'tickets', correlationId: 'c' }), data: bad };
    expect(() => parseEvent(JSON.stringify(onWire))).toThrow(/requesterEmail/);
  });

  it('refuses unknown types, versions and broken envelopes', () => {
    const event = createEvent(ticketCreatedV1, ticketCreatedV1.example, { producer: 'tickets', correlationId: 'c' });
    expect(() => parseEvent(JSON.stringify({ ...event, version: 99 }))).toThrow(/not in the catalog/);
    expect(() => parseEvent(JSON.stringify({ ...event, id: 'x' }))).toThrow(/envelope is invalid/);
    expect(() => parseEvent('{')).toThrow(/not JSON/);
  });
});
