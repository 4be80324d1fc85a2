import { retryDelayMs } from './send-next-email.js';

describe('retryDelayMs', () => {
  it('doubles the wait with each failure and stops growing at an hour', () => {
    const policy = { maxAttempts: 10, firstRetryDelayMs: 30_000 };
    expect([1, 2, 3, 4].map((failures) => retryDelayMs(policy, failures))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(policy, 20)).toBe(3_600_000);
  });
});
