import { remainingAndOverage } from '@helpdesk/contracts-schema';
import { decideHours, limitMinutes, OverContractLimitError, thresholdMinutes, type ContractHours } from './contract-hours';

const contract = (fields: Partial<ContractHours>): ContractHours => ({
  contractId: '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
  customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
  description: 'Support',
  purchaseOrderNumber: null,
  customerContactId: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69',
  supportContactId: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  supportManagerId: null,
  startDate: null,
  endDate: null,
  endedOn: null,
  hourRestriction: true,
  contractHours: 10,
  thresholdHours: null,
  usedMinutes: 0,
  thresholdReached: false,
  version: 1,
  ...fields,
});

describe('contract hours in whole minutes', () => {
  it('keeps within hours with two decimals exactly: 0.01 h is 0.6 min', () => {
    // 40.01 h = 2400.6 min: 2400 whole minutes fit, 2401 do not; a threshold of 0.01 h is reached by the first minute.
    expect(limitMinutes(contract({ contractHours: 40.01 }))).toBe(2400);
    expect(remainingAndOverage(40.01, 2390)).toEqual({ remainingMinutes: 10, overageMinutes: 0 });
    expect(thresholdMinutes(contract({ thresholdHours: 0.01 }))).toBe(1);
    expect(thresholdMinutes(contract({ thresholdHours: 8.33 }))).toBe(500);
    expect(limitMinutes(contract({ hourRestriction: false }))).toBeNull();
  });

  it('refuses a change that adds minutes past the limit unless confirmed, and lets one through that takes minutes off', () => {
    const full = contract({ usedMinutes: 610 });
    expect(() => decideHours(full, 1, false)).toThrow(OverContractLimitError);
    expect(decideHours(full, 1, true).overageMinutes).toBe(11);
    expect(decideHours(full, -5, false)).toMatchObject({ usedAfter: 605, overageMinutes: null });
    expect(decideHours(contract({ usedMinutes: 590 }), 10, false)).toMatchObject({ usedAfter: 600, overageMinutes: null });
  });

  it('crosses the threshold once while armed, and re-arms it below', () => {
    const armed = contract({ thresholdHours: 8, usedMinutes: 470 });
    expect(decideHours(armed, 10, false)).toMatchObject({ thresholdCrossed: true, thresholdReachedAfter: true });
    expect(decideHours({ ...armed, usedMinutes: 480, thresholdReached: true }, 10, false)).toMatchObject({ thresholdCrossed: false, thresholdReachedAfter: true });
    expect(decideHours({ ...armed, usedMinutes: 480, thresholdReached: true }, -1, false)).toMatchObject({ thresholdCrossed: false, thresholdReachedAfter: false });
  });

  it('crosses only with a change that adds minutes: armed above a lowered threshold, taking minutes off (or none) leaves it armed', () => {
    const lowered = contract({ thresholdHours: 1, usedMinutes: 100 });
    expect(decideHours(lowered, -30, false)).toMatchObject({ thresholdCrossed: false, thresholdReachedAfter: false });
    expect(decideHours(lowered, 0, false)).toMatchObject({ thresholdCrossed: false, thresholdReachedAfter: false });
    expect(decideHours(lowered, 1, false)).toMatchObject({ thresholdCrossed: true, thresholdReachedAfter: true });
  });
});
