import { contractThresholdReachedV1, contractTicketClosedV1, createEvent, hoursOf, type Envelope } from '@helpdesk/contracts-schema';
import { contractEventOf, contractRenderValues } from './contract-events';

const options = { portal: { enabled: true, url: 'https://portal.example/' }, companyName: 'Acme Support' };
const envelopeOf = (definition: typeof contractThresholdReachedV1 | typeof contractTicketClosedV1, data: unknown) =>
  createEvent(definition as never, { id: contractThresholdReachedV1.example.contract.contractId, version: 3 }, data as never, { producer: 'contracts', correlationId: 'test' }) as Envelope;

describe('contract figures in emails', () => {
  it('counts hours from whole minutes with at most two decimals', () => {
    expect([hoursOf(0), hoursOf(90), hoursOf(100), hoursOf(2100)]).toEqual([0, 1.5, 1.67, 35]);
  });

  it('shows what is left, never below 0, and the overage past the contract hours', () => {
    const { example } = contractThresholdReachedV1;
    const within = contractRenderValues(contractEventOf(envelopeOf(contractThresholdReachedV1, example)), 'Acme', 'Maria', true, options) as any;
    expect(within.contract).toMatchObject({ hours: 40, threshold_hours: 35, used_hours: 35, remaining_hours: 5, overage_hours: 0 });
    expect(within.ticket).toEqual({ number: 1001, subject: example.ticket.subject, hours: '', portal_url: `https://portal.example/tickets/${example.ticket.ticketId}` });
    // A recipient who may not open the ticket in the portal gets no link to it.
    expect((contractRenderValues(contractEventOf(envelopeOf(contractThresholdReachedV1, example)), 'Acme', 'Maria', false, options) as any).ticket.portal_url).toBe('');
    const past = contractEventOf(envelopeOf(contractThresholdReachedV1, { ...example, contract: { ...example.contract, usedMinutes: 2490 } }));
    expect((contractRenderValues(past, 'Acme', 'Maria', false, options) as any).contract).toMatchObject({ used_hours: 41.5, remaining_hours: 0, overage_hours: 1.5 });
  });

  it('counts the contract hours as the contracts service does: 40.01 h are 2,400 whole minutes, all used at 2,400', () => {
    const { example } = contractThresholdReachedV1;
    const full = contractEventOf(envelopeOf(contractThresholdReachedV1, { ...example, contract: { ...example.contract, contractHours: 40.01, usedMinutes: 2400 } }));
    expect(full.remainingMinutes).toBe(0);
  });

  it('leaves empty what a contract without hours has not, and takes the update’s own remaining minutes and ticket time', () => {
    const { example } = contractTicketClosedV1;
    const noHours = { ...example.contract, hourRestriction: false, contractHours: null, thresholdHours: null, purchaseOrderNumber: null, startDate: null, endDate: null };
    const values = contractRenderValues(contractEventOf(envelopeOf(contractTicketClosedV1, { ...example, contract: noHours, remainingMinutes: null })), null, undefined, false, options) as any;
    expect(values.contract).toEqual({
      description: example.contract.description,
      purchase_order_number: '',
      hours: '',
      threshold_hours: '',
      used_hours: 10,
      remaining_hours: '',
      overage_hours: 0,
      start_date: '',
      end_date: '',
    });
    expect(values.ticket.hours).toBe(2.5);
    expect(values.customer).toEqual({ name: '' });
    expect(values.recipient).toEqual({ name: '' });
  });
});
