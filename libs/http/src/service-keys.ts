import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * Each service's key pair (ECDSA P-256, for ES256). A service holds its own private key and the
 * public keys of the others: the gateway's to check what it vouches for on behalf of users, a
 * caller's to know which service is asking. Keys are written as base64 of their DER encoding
 * (PKCS#8 for a private key, SPKI for a public one): one line, fit for an environment variable.
 */
export interface ServiceKeys {
  /** The service these keys belong to: what it signs as, and the audience it accepts. */
  readonly service: string;
  /** Its private key; only services that sign (the gateway, a service that calls another) have one. */
  readonly privateKey?: KeyObject;
  /** Public keys by service name. */
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
}

/** What signs a request: a service and its private key. */
export interface Signer {
  readonly service: string;
  readonly privateKey: KeyObject;
}

const namePattern = /^[a-z][a-z0-9-]*$/;

function keyError(setting: string, problem: string): Error {
  return new Error(`${setting} ${problem}; generate keys with \`npm run keys\` (see README, "Service keys").`);
}

/** A P-256 key from base64 DER; anything else fails naming `setting`, never showing the value. */
function parseKey(text: string, setting: string, type: 'pkcs8' | 'spki'): KeyObject {
  const der = Buffer.from(text.trim(), 'base64');
  let key: KeyObject;
  try {
    key = type === 'pkcs8' ? createPrivateKey({ key: der, format: 'der', type }) : createPublicKey({ key: der, format: 'der', type });
  } catch {
    throw keyError(setting, type === 'pkcs8' ? 'is not a base64 PKCS#8 private key' : 'holds a key that is not a base64 SPKI public key');
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw keyError(setting, 'is not a P-256 (ES256) key');
  return key;
}

export function parsePrivateKey(text: string, setting = 'SERVICE_PRIVATE_KEY'): KeyObject {
  return parseKey(text, setting, 'pkcs8');
}

export function parsePublicKey(text: string, setting = 'SERVICE_PUBLIC_KEYS'): KeyObject {
  return parseKey(text, setting, 'spki');
}

/** `gateway=<key>,customers=<key>,...` -> public keys by service. */
export function parsePublicKeys(text: string): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const at = entry.indexOf('=');
    const name = entry.slice(0, at);
    if (at < 0 || !namePattern.test(name)) throw keyError('SERVICE_PUBLIC_KEYS', `has "${entry.slice(0, 20)}…", not service=key`);
    if (keys.has(name)) throw keyError('SERVICE_PUBLIC_KEYS', `names ${name} twice`);
    keys.set(name, parsePublicKey(entry.slice(at + 1), `SERVICE_PUBLIC_KEYS (${name})`));
  }
  return keys;
}

/**
 * The keys of `service` from its settings. Its own private key must match the public key the
 * others hold for it, so that a pair mixed up in the configuration stops the start, not every call.
 */
export function loadServiceKeys(service: string, settings: { publicKeys: string; privateKey?: string }): ServiceKeys {
  const publicKeys = parsePublicKeys(settings.publicKeys);
  const privateKey = settings.privateKey ? parsePrivateKey(settings.privateKey) : undefined;
  if (privateKey) {
    const own = publicKeys.get(service);
    if (!own) throw keyError('SERVICE_PUBLIC_KEYS', `has no key for ${service}, which signs with SERVICE_PRIVATE_KEY`);
    if (!own.equals(createPublicKey(privateKey))) throw keyError('SERVICE_PRIVATE_KEY', `does not belong to the public key SERVICE_PUBLIC_KEYS gives for ${service}`);
  }
  return { service, privateKey, publicKeys };
}

/** The service as a signer; a service that must sign and has no private key does not start. */
export function signerOf(keys: ServiceKeys): Signer {
  if (!keys.privateKey) throw keyError('SERVICE_PRIVATE_KEY', `is required: the ${keys.service} service signs its requests`);
  return { service: keys.service, privateKey: keys.privateKey };
}

/** A fresh key pair in the settings' format (npm start, `npm run keys`, tests). */
export function generateServiceKeyPair(): { privateKey: string; publicKey: string } {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** Key pairs for `services` and the SERVICE_PUBLIC_KEYS value that lists them. */
export function generateServiceKeys(services: readonly string[]): { publicKeys: string; privateKeys: Record<string, string> } {
  const pairs = services.map((service) => [service, generateServiceKeyPair()] as const);
  return {
    publicKeys: pairs.map(([service, pair]) => `${service}=${pair.publicKey}`).join(','),
    privateKeys: Object.fromEntries(pairs.map(([service, pair]) => [service, pair.privateKey])),
  };
}
