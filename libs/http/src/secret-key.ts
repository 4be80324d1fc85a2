import { createSecretKey, type KeyObject } from 'node:crypto';

const keys = new Map<string, KeyObject>();

/**
 * jsonwebtoken first tries to read a string secret as a PEM key, fails, and only then uses it as an
 * HMAC secret: ~0.4 ms per sign or verify. A KeyObject skips that (~0.01 ms).
 */
export function secretKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}
