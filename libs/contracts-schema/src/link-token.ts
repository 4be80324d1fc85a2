import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { parseKeyRing } from '@helpdesk/config';
import { Type } from '@helpdesk/validation';

/**
 * The tokens in emailed links (portal invitations, password resets): `<id>.<key id>.<HMAC-SHA256 of
 * purpose and id>` under a link key that the gateway and the notifier share. The gateway keeps only
 * the token's SHA-256; the notifier derives the token when it writes the email, so it never travels
 * on the bus or sits in an outbox. The key id lets the secret be rotated: a new key signs new links,
 * the previous keys (kept as PORTAL_LINK_PREVIOUS_KEYS) still verify the links already sent, and a
 * key removed from there voids its links.
 */
export type LinkPurpose = 'invitation' | 'password_reset';

export interface LinkKeys {
  /** The key new links are signed with. */
  current: { id: string; secret: string };
  /** Every key that still verifies, the current one included, by id. */
  byId: ReadonlyMap<string, string>;
}

const keyIdPattern = '[a-z0-9-]{1,16}';
const keyPattern = `${keyIdPattern}:[^,\\s]{32,}`;

/** The settings of the link keys, for the configuration of every service that makes or checks links. */
export const linkKeySettings = {
  /** The current secret for link tokens (32+ characters), shared by the gateway and the notifier. */
  PORTAL_LINK_SECRET: Type.String({ minLength: 32 }),
  /** The id of that secret, written into every link: change it together with the secret. */
  PORTAL_LINK_KEY_ID: Type.String({ pattern: `^${keyIdPattern}$`, default: 'k1' }),
  /** Earlier link secrets that still verify the links sent under them, as `id:secret,id:secret`; remove one to void its links. */
  PORTAL_LINK_PREVIOUS_KEYS: Type.Optional(Type.String({ pattern: `^${keyPattern}(,${keyPattern})*$` })),
};

/**
 * The link keys from the settings (libs/config's one key-ring parser): throws a ConfigError when an id
 * is given twice, so a service calls it when it loads its configuration and refuses to start.
 */
export function linkKeysFrom(settings: { PORTAL_LINK_SECRET: string; PORTAL_LINK_KEY_ID: string; PORTAL_LINK_PREVIOUS_KEYS?: string }): LinkKeys {
  const ring = parseKeyRing({
    current: { id: settings.PORTAL_LINK_KEY_ID, key: settings.PORTAL_LINK_SECRET },
    previous: settings.PORTAL_LINK_PREVIOUS_KEYS,
    names: { currentId: 'PORTAL_LINK_KEY_ID', previous: 'PORTAL_LINK_PREVIOUS_KEYS' },
  });
  return { current: { id: ring.current.id, secret: ring.current.key }, byId: ring.byId };
}

function mac(secret: string, purpose: LinkPurpose, id: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url');
}

/** The token of link `id` under the key `keyId`; throws when this service does not hold that key (it must not send a broken link). */
export function linkToken(keys: LinkKeys, purpose: LinkPurpose, id: string, keyId: string = keys.current.id): string {
  const secret = keys.byId.get(keyId);
  if (secret === undefined) throw new Error(`The link key "${keyId}" is not configured here (PORTAL_LINK_KEY_ID / PORTAL_LINK_PREVIOUS_KEYS).`);
  return `${id}.${keyId}.${mac(secret, purpose, id)}`;
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const tokenPattern = new RegExp(`^(${uuid})\\.(${keyIdPattern})\\.[A-Za-z0-9_-]{43}$`);
/** An invitation link sent before links had key ids: `<id>.<HMAC of the id>`, checked by its stored hash only. */
const keylessInvitationPattern = new RegExp(`^(${uuid})\\.[A-Za-z0-9_-]{43}$`);

/** The token of an invitation issued before links had key ids (its event has no keyId): `<id>.<HMAC of the id>`. */
export function keylessInvitationToken(secret: string, invitationId: string): string {
  return `${invitationId}.${createHmac('sha256', secret).update(invitationId).digest('base64url')}`;
}

/**
 * The id a well-formed token names, once its signature checks out under a key still configured;
 * `malformed` for what is not a token at all, `unknown` for a forged one or one whose key was removed.
 */
export function verifyLinkToken(keys: LinkKeys, purpose: LinkPurpose, token: string): { id: string } | 'malformed' | 'unknown' {
  const keyless = purpose === 'invitation' ? keylessInvitationPattern.exec(token) : null;
  if (keyless) return { id: keyless[1]! };
  const match = tokenPattern.exec(token);
  if (!match) return 'malformed';
  const [, id, keyId] = match as unknown as [string, string, string];
  const secret = keys.byId.get(keyId);
  if (secret === undefined) return 'unknown';
  const expected = Buffer.from(`${id}.${keyId}.${mac(secret, purpose, id)}`);
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { id } : 'unknown';
}
