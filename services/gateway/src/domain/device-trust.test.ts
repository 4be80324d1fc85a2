import { createHmac } from 'node:crypto';
import { issueDeviceToken, trustedDeviceOf } from './device-trust.js';

const secret = 'a test secret of at least thirty-two characters';

describe('device tokens', () => {
  it('name their device for the account they were issued for, and keep the device when renewed', () => {
    const { token, expiresAt } = issueDeviceToken(secret, 'staff:ann@example.com');
    const device = trustedDeviceOf(secret, 'staff:ann@example.com', token);
    expect(device).toMatch(/^[\w-]{22}$/);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 89 * 24 * 3600_000);
    expect(trustedDeviceOf(secret, 'staff:ann@example.com', issueDeviceToken(secret, 'staff:ann@example.com', device).token)).toBe(device);
  });

  it('are nothing for another account, another secret, once expired, or altered', () => {
    const { token } = issueDeviceToken(secret, 'staff:ann@example.com');
    const [version, device, , mac] = token.split('.');
    const key = createHmac('sha256', secret).update('helpdesk sign-in device token').digest();
    const past = Math.floor(Date.now() / 1000) - 1;
    const expired = [version, device, past, createHmac('sha256', key).update(`staff:ann@example.com\n${device}\n${past}`).digest('base64url')].join('.');
    for (const [account, given, key] of [
      ['contact:ann@example.com', token, secret],
      ['staff:bob@example.com', token, secret],
      ['staff:ann@example.com', token, 'another secret of at least thirty-two characters'],
      ['staff:ann@example.com', expired, secret],
      ['staff:ann@example.com', `${version}.${device}.99999999999.${mac}`, secret],
      ['staff:ann@example.com', `${token}.x`, secret],
      ['staff:ann@example.com', 'garbage', secret],
      ['staff:ann@example.com', undefined, secret],
    ] as const) {
      expect(trustedDeviceOf(key, account, given)).toBeUndefined();
    }
  });
});
