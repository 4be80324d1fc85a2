import { catalog } from './catalog.js';
import { createEvent, parseEvent, InvalidEventError } from './parse-event.js';
import { ticketCreatedV1 } from './events/tickets/ticket-created.v1.js';

const ticket = { id: ticketCreatedV1.example.ticketId, version: 1 };

describe('event catalog', () => {
  it.each(catalog.map((d) => [`${d.type} v${d.version}`, d] as const))('%s: its example validates and survives the wire', (_name, definition) => {
    const event = createEvent(definition, { id: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69', version: 3 }, definition.example, { producer: definition.producer, correlationId: 'c-1' });
    expect(event.aggregate).toEqual({ type: definition.aggregate, id: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69', version: 3 });
    expect(parseEvent(JSON.stringify(event))).toEqual(event);
  });

  it('names every event noun.past_verb, its aggregate snake_case, and lists each type and version once', () => {
    const keys = catalog.map((d) => `${d.type}@${d.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of catalog) expect(d.type).toMatch(/^[a-z_]+\.[a-z_]+ed$/);
    for (const d of catalog) expect(d.aggregate).toMatch(/^[a-z][a-z_]*$/);
  });

  it('refuses an event from a service that is not its producer', () => {
    expect(() => createEvent(ticketCreatedV1, ticket, ticketCreatedV1.example, { producer: 'notifier', correlationId: 'c' })).toThrow(
      /notifier may not emit ticket.created/,
    );
  });

  it('refuses data that does not match the schema, on publish and on receipt', () => {
    const bad = { ...ticketCreatedV1.example, requesterEmail: 'not an address' };
    expect(() => createEvent(ticketCreatedV1, ticket, bad, { producer: 'tickets', correlationId: 'c' })).toThrow(InvalidEventError);
    const onWire = { ...createEvent(ticketCreatedV1, ticket, ticketCreatedV1.example, { producer: 'tickets', correlationId: 'c' }), data: bad };
    expect(() => parseEvent(JSON.stringify(onWire))).toThrow(/requesterEmail/);
  });

  it('takes any sender mail-ingest files as a ticket\'s requester (UTF-8 or quoted local part, IDN, up to 320 characters), nothing longer or without @', () => {
    const long = `${'a'.repeat(64)}@${'d'.repeat(251)}.example`.slice(0, 320);
    for (const requesterEmail of ['jürgen@acme.example', '"john doe"@acme.example', 'x@[192.0.2.1]', 'a@münchen.example', long]) {
      expect(() => createEvent(ticketCreatedV1, ticket, { ...ticketCreatedV1.example, requesterEmail }, { producer: 'tickets', correlationId: 'c' })).not.toThrow();
    }
    for (const requesterEmail of ['', 'no-at-sign.example', `${long}x`]) {
      expect(() => createEvent(ticketCreatedV1, ticket, { ...ticketCreatedV1.example, requesterEmail }, { producer: 'tickets', correlationId: 'c' })).toThrow(/requesterEmail/);
    }
  });

  it('refuses an event without its aggregate version, or about another kind of aggregate, on publish and on receipt', () => {
    for (const version of [0, 1.5]) {
      expect(() => createEvent(ticketCreatedV1, { ...ticket, version }, ticketCreatedV1.example, { producer: 'tickets', correlationId: 'c' })).toThrow(
        /must be a whole number from 1/,
      );
    }
    const event = createEvent(ticketCreatedV1, ticket, ticketCreatedV1.example, { producer: 'tickets', correlationId: 'c' });
    const { aggregate: _aggregate, ...withoutAggregate } = event;
    expect(() => parseEvent(JSON.stringify(withoutAggregate))).toThrow(/envelope is invalid: .*aggregate/);
    expect(() => parseEvent(JSON.stringify({ ...event, aggregate: { ...event.aggregate, version: 0 } }))).toThrow(/envelope is invalid: \/aggregate\/version/);
    expect(() => parseEvent(JSON.stringify({ ...event, aggregate: { ...event.aggregate, type: 'contact' } }))).toThrow(/is about a ticket, not a contact/);
  });

  it('refuses unknown types, versions and broken envelopes', () => {
    const event = createEvent(ticketCreatedV1, ticket, ticketCreatedV1.example, { producer: 'tickets', correlationId: 'c' });
    expect(() => parseEvent(JSON.stringify({ ...event, version: 99 }))).toThrow(/not in the catalog/);
    expect(() => parseEvent(JSON.stringify({ ...event, id: 'x' }))).toThrow(/envelope is invalid/);
    expect(() => parseEvent('{')).toThrow(/not JSON/);
  });
});
