import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A device that signed in to an account before (OWASP's "device cookie", docs/architecture.md,
 * "Sign-in throttling"): a token the gateway gives the browser at a successful sign-in, bound to that
 * account, that lets the device past the waits other people's guesses put on its network.
 *
 * The token is `v1.<device id>.<expiry, epoch seconds>.<HMAC-SHA256 of account, id and expiry>`: the
 * gateway keeps nothing per device but the failures of devices that guessed (`device:<id>` throttle rows).
 */
export interface DeviceToken {
  token: string;
  expiresAt: Date;
}

/** How long a device stays trusted after its last successful sign-in (each sign-in renews it). */
export const deviceTrustMs = 90 * 24 * 60 * 60_000;

const VERSION = 'v1';
const keys = new Map<string, Buffer>();

/** A key of its own, derived from the gateway's token secret: a device token is never taken for anything else. */
function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = createHmac('sha256', secret).update('helpdesk sign-in device token').digest();
    keys.set(secret, key);
  }
  return key;
}

function macOf(secret: string, account: string, deviceId: string, expiresAt: number): string {
  return createHmac('sha256', keyOf(secret)).update(`${account}\n${deviceId}\n${expiresAt}`).digest('base64url');
}

/** A token for this device (the same id when it had one, else a new one), good for `deviceTrustMs` from now. */
export function issueDeviceToken(secret: string, account: string, deviceId: string = randomBytes(16).toString('base64url')): DeviceToken {
  const expiresAt = Math.floor((Date.now() + deviceTrustMs) / 1000);
  return { token: [VERSION, deviceId, expiresAt, macOf(secret, account, deviceId, expiresAt)].join('.'), expiresAt: new Date(expiresAt * 1000) };
}

/** The id of the device this token was issued to for `account`; undefined for a token of another account, expired, forged or malformed. */
export function trustedDeviceOf(secret: string, account: string, token: string | undefined): string | undefined {
  const [version, deviceId, expiry, mac, ...rest] = token?.split('.') ?? [];
  if (version !== VERSION || !deviceId || !expiry || !mac || rest.length > 0 || !/^\d{1,12}$/.test(expiry)) return undefined;
  const expiresAt = Number(expiry);
  if (expiresAt * 1000 <= Date.now()) return undefined;
  // Compared as text: base64url decoding would ignore the last character's spare bits.
  const expected = Buffer.from(macOf(secret, account, deviceId, expiresAt));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected) ? deviceId : undefined;
}
