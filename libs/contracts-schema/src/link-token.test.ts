import { hashLinkToken, keylessInvitationToken, linkKeysFrom, linkToken, verifyLinkToken } from './link-token';

const id = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
const first = linkKeysFrom({ PORTAL_LINK_KEY_ID: 'k1', PORTAL_LINK_SECRET: 'a'.repeat(32) });
const rotated = linkKeysFrom({ PORTAL_LINK_KEY_ID: 'k2', PORTAL_LINK_SECRET: 'b'.repeat(32), PORTAL_LINK_PREVIOUS_KEYS: `k1:${'a'.repeat(32)}` });
const withoutFirst = linkKeysFrom({ PORTAL_LINK_KEY_ID: 'k2', PORTAL_LINK_SECRET: 'b'.repeat(32) });

describe('link tokens', () => {
  it('names the key that signed them, and the new key signs once rotated', () => {
    expect(linkToken(first, 'invitation', id)).toMatch(new RegExp(`^${id}\\.k1\\.[\\w-]{43}$`));
    expect(linkToken(rotated, 'invitation', id)).toContain('.k2.');
  });

  it('verify under a key still configured, previous keys included, and not once it is removed', () => {
    const token = linkToken(first, 'password_reset', id);
    expect(verifyLinkToken(first, 'password_reset', token)).toEqual({ id });
    expect(verifyLinkToken(rotated, 'password_reset', token)).toEqual({ id });
    expect(verifyLinkToken(withoutFirst, 'password_reset', token)).toBe('unknown');
  });

  it('are bound to their purpose and their secret', () => {
    const reset = linkToken(first, 'password_reset', id);
    expect(verifyLinkToken(first, 'invitation', reset)).toBe('unknown');
    const forged = linkToken(linkKeysFrom({ PORTAL_LINK_KEY_ID: 'k1', PORTAL_LINK_SECRET: 'c'.repeat(32) }), 'password_reset', id);
    expect(verifyLinkToken(first, 'password_reset', forged)).toBe('unknown');
    expect(verifyLinkToken(first, 'password_reset', `${reset}x`)).toBe('malformed');
    expect(verifyLinkToken(first, 'password_reset', 'not-a-token')).toBe('malformed');
  });

  it('accept an invitation token from before key ids by its form only (its stored hash decides), and no such reset token', () => {
    const keyless = keylessInvitationToken('a'.repeat(32), id);
    expect(verifyLinkToken(withoutFirst, 'invitation', keyless)).toEqual({ id });
    expect(verifyLinkToken(first, 'password_reset', keyless)).toBe('malformed');
    expect(hashLinkToken(keyless)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuse to derive a link under a key this service does not hold', () => {
    expect(() => linkToken(withoutFirst, 'invitation', id, 'k1')).toThrow('"k1" is not configured');
  });
});
