import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { parseKeyRing } from '@helpdesk/config';

/** The keys secrets are sealed with: the current one seals, any listed one opens what it sealed. */
export interface SecretKeys {
  current: { id: string; key: Buffer };
  byId: ReadonlyMap<string, Buffer>;
}

export interface SealedSecret {
  keyId: string;
  /** nonce (12 bytes) | authentication tag (16) | ciphertext */
  sealed: Buffer;
}

export class UnknownSecretKeyError extends Error {
  constructor(keyId: string) {
    super(`A secret was sealed with key "${keyId}", which this instance does not hold: add it to EMAIL_ACCOUNT_PREVIOUS_KEYS.`);
  }
}

/**
 * The sealing keys from the settings (libs/config's one key-ring parser): throws a ConfigError when
 * an id is given twice, so the service calls it when it loads its configuration and refuses to start.
 */
export function secretKeysFrom(settings: { EMAIL_ACCOUNT_SECRET_KEY: string; EMAIL_ACCOUNT_SECRET_KEY_ID: string; EMAIL_ACCOUNT_PREVIOUS_KEYS?: string }): SecretKeys {
  return parseKeyRing({
    current: { id: settings.EMAIL_ACCOUNT_SECRET_KEY_ID, key: settings.EMAIL_ACCOUNT_SECRET_KEY },
    previous: settings.EMAIL_ACCOUNT_PREVIOUS_KEYS,
    names: { currentId: 'EMAIL_ACCOUNT_SECRET_KEY_ID', previous: 'EMAIL_ACCOUNT_PREVIOUS_KEYS' },
    decode: (hex) => Buffer.from(hex, 'hex'),
  });
}

/**
 * Seals a value with AES-256-GCM under the current key. `boundTo` (the account id) is authenticated
 * with it, so a sealed value copied onto another account's row does not open there.
 */
export function seal(keys: SecretKeys, plaintext: string, boundTo: string): SealedSecret {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.current.key, nonce);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: keys.current.id, sealed: Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]) };
}

/** Opens a sealed value with the key it names; throws when that key is not held or the value was altered. */
export function open(keys: SecretKeys, secret: SealedSecret, boundTo: string): string {
  const key = keys.byId.get(secret.keyId);
  if (!key) throw new UnknownSecretKeyError(secret.keyId);
  const decipher = createDecipheriv('aes-256-gcm', key, secret.sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(boundTo, 'utf8'));
  decipher.setAuthTag(secret.sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(secret.sealed.subarray(28)), decipher.final()]).toString('utf8');
}
