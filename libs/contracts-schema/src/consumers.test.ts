import { consumersOf, eventConsumers, undeclaredConsumedTypes } from './consumers.js';

describe('who consumes what', () => {
  it('names only types that are in the catalog', () => {
    expect(undeclaredConsumedTypes()).toEqual([]);
    expect(undeclaredConsumedTypes({ x: ['ticket.created', 'ticket.creatd'] })).toEqual(['ticket.creatd']);
  });

  it('finds every consumer of a type, so a producer can check that each of their queues exists', () => {
    expect(consumersOf('contact.deactivated').sort()).toEqual(['contracts', 'gateway', 'notifier', 'tickets']);
    expect(consumersOf('ticket.created').sort()).toEqual(['contracts', 'notifier']);
    expect(consumersOf('area.added')).toEqual(['tickets']);
    expect(consumersOf('team.updated').sort()).toEqual(['contracts', 'customers', 'mail-ingest', 'notifier', 'tickets']);
    expect(consumersOf('customer_group.created').sort()).toEqual(['mail-ingest', 'notifier']);
    expect(consumersOf('email_account.updated').sort()).toEqual(['notifier', 'tickets']);
    expect(Object.keys(eventConsumers).sort()).toEqual(['contracts', 'customers', 'gateway', 'mail-ingest', 'notifier', 'tickets']);
  });
});
