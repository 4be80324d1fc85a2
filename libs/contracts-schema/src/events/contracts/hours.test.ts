import { contractMinutesOf, hoursOf, minutesLeft, remainingAndOverage, roundedHours, thresholdMinutesOf } from './hours';

describe('contract hours in whole minutes', () => {
  it('counts the contract hours down (the most whole minutes within them) and a threshold up (the fewest that reach it)', () => {
    expect([contractMinutesOf(40.01), contractMinutesOf(10.07), contractMinutesOf(40)]).toEqual([2400, 604, 2400]);
    expect([thresholdMinutesOf(8.02), thresholdMinutesOf(0.01), thresholdMinutesOf(8.33), thresholdMinutesOf(8)]).toEqual([482, 1, 500, 480]);
  });

  it('clamps what remains at 0 and shows the overage beyond; minutesLeft goes negative', () => {
    expect(remainingAndOverage(40.01, 2400)).toEqual({ remainingMinutes: 0, overageMinutes: 0 });
    expect(remainingAndOverage(10, 650)).toEqual({ remainingMinutes: 0, overageMinutes: 50 });
    expect(minutesLeft(10, 650)).toBe(-50);
  });

  it('rounds hours to the two decimals they are stored with, and minutes to hours with two decimals', () => {
    expect([roundedHours(9.999999999999), roundedHours(1e-12), roundedHours(0.07)]).toEqual([10, 0, 0.07]);
    expect([hoursOf(90), hoursOf(100)]).toEqual([1.5, 1.67]);
  });
});
