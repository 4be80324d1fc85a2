import { lockDurationMs, throttlePolicy } from './login-throttle.js';

describe('lockDurationMs', () => {
  it('locks nothing until the free failures are used, then 30 s doubling up to 15 minutes', () => {
    const free = throttlePolicy.freeFailuresPerAccount;
    expect(lockDurationMs(free - 1, free)).toBe(0);
    expect([free, free + 1, free + 2].map((n) => lockDurationMs(n, free))).toEqual([30_000, 60_000, 120_000]);
    expect(lockDurationMs(free + 50, free)).toBe(15 * 60 * 1000);
  });
});
