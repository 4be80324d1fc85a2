import { delayAfter, networkOf, throttleKeys, throttlePolicy } from './login-throttle.js';

describe('delayAfter', () => {
  it('waits nothing until the free failures are used, then 30 s doubling up to 15 minutes for a pair', () => {
    const rule = throttlePolicy.pair;
    expect(delayAfter(rule.freeFailures - 1, rule)).toBe(0);
    expect([0, 1, 2].map((n) => delayAfter(rule.freeFailures + n, rule))).toEqual([30_000, 60_000, 120_000]);
    expect(delayAfter(rule.freeFailures + 50, rule)).toBe(15 * 60 * 1000);
  });
});

describe('networkOf', () => {
  it('keeps an IPv4 address, and an IPv4-mapped IPv6 address as its IPv4', () => {
    expect(networkOf('203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('takes an IPv6 address by its /64, however it is written, so rotating within it changes nothing', () => {
    expect(networkOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:0db8:0001:0002:ffff:0:0:99')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });

  it('puts the account (case-insensitively) and the network into the keys', () => {
    expect(throttleKeys('staff', 'Ann@Example.com', '2001:db8:1:2::5')).toEqual({
      pair: 'pair:staff:ann@example.com:2001:db8:1:2::/64',
      address: 'address:2001:db8:1:2::/64',
      account: 'account:staff:ann@example.com',
    });
  });
});
