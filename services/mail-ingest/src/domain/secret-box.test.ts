import { randomBytes } from 'node:crypto';
import { open, seal, secretKeysFrom, UnknownSecretKeyError } from './secret-box';

const hex = () => randomBytes(32).toString('hex');

describe('sealing mailbox secrets', () => {
  const oldKey = hex();
  const before = secretKeysFrom({ EMAIL_ACCOUNT_SECRET_KEY: oldKey, EMAIL_ACCOUNT_SECRET_KEY_ID: 'k1' });
  const after = secretKeysFrom({ EMAIL_ACCOUNT_SECRET_KEY: hex(), EMAIL_ACCOUNT_SECRET_KEY_ID: 'k2', EMAIL_ACCOUNT_PREVIOUS_KEYS: `k1:${oldKey}` });

  it('opens what it sealed, and the sealed bytes do not contain the secret', () => {
    const sealed = seal(before, 'imap-secret-1', 'account-1');
    expect(sealed.keyId).toBe('k1');
    expect(sealed.sealed.toString('latin1')).not.toContain('imap-secret-1');
    expect(open(before, sealed, 'account-1')).toBe('imap-secret-1');
  });

  it('seals the same secret differently each time (a fresh nonce)', () => {
    expect(seal(before, 'same', 'a').sealed.equals(seal(before, 'same', 'a').sealed)).toBe(false);
  });

  it('after a rotation seals with the new key and still opens what the previous key sealed', () => {
    const old = seal(before, 'imap-secret-1', 'account-1');
    expect(open(after, old, 'account-1')).toBe('imap-secret-1');
    expect(seal(after, 'x', 'account-1').keyId).toBe('k2');
  });

  it('refuses a key it does not hold, a value moved to another account, and an altered value', () => {
    const sealed = seal(after, 'imap-secret-1', 'account-1');
    expect(() => open(before, sealed, 'account-1')).toThrow(UnknownSecretKeyError);
    expect(() => open(after, sealed, 'account-2')).toThrow();
    const altered = Buffer.from(sealed.sealed);
    altered[altered.length - 1]! ^= 1;
    expect(() => open(after, { ...sealed, sealed: altered }, 'account-1')).toThrow();
  });
});
