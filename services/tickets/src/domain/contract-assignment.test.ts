import { contractRefusal } from './contract-assignment';

const customerId = '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b';
const term = (startDate: string | null, endDate: string | null, endedOn: string | null = null) => ({ customerId, startDate, endDate, endedOn });

describe('contractRefusal', () => {
  it.each([
    ['within its term', term('2027-01-01', '2027-12-31')],
    ['on its first day', term('2027-03-01', null)],
    ['on its last day', term(null, '2027-03-01')],
    ['on the day it was ended early', term('2027-01-01', '2027-03-01', '2027-03-01')],
    ['without start or end', term(null, null)],
  ])('takes a contract of the customer %s', (_name, contract) => {
    expect(contractRefusal(contract, customerId, '2027-03-01')).toBeNull();
  });

  it.each([
    ['not started yet', term('2027-03-02', null), /not current on 2027-03-01.*starts on 2027-03-02/],
    ['past its end date', term(null, '2027-02-28'), /not current on 2027-03-01.*ended on 2027-02-28/],
    ['ended early the day before', term(null, '2027-12-31', '2027-02-28'), /ended on 2027-02-28/],
    ['of another customer', { ...term(null, null), customerId: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69' }, /another customer/],
    ['unknown', null, /unknown contract/],
  ])('refuses a contract %s', (_name, contract, reason) => {
    expect(contractRefusal(contract, customerId, '2027-03-01')).toMatch(reason);
  });

  it('refuses any contract on a ticket without a customer', () => {
    expect(contractRefusal(term(null, null), null, '2027-03-01')).toMatch(/without a customer/);
  });
});
