import type { EmailAccountAllocation } from '@helpdesk/contracts-schema';
import type { EmailAccountRow } from '../persistence/email-account.repository.js';
import type { MailboxConnection, TlsMode } from '../mail/imap-connection-test.js';
import { UnavailableError } from '@helpdesk/errors';
import { open, UnknownSecretKeyError, type SecretKeys } from './secret-box.js';

export const tlsModes = ['tls', 'starttls', 'none'] as const;
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;

/** What an administrator sends to create an account, or (every field optional) to change one. */
export interface EmailAccountInput {
  name: string;
  address: string;
  enabled?: boolean;
  host: string;
  port: number;
  tlsMode: TlsMode;
  user: string;
  folder?: string;
  /** Sign in with a password; switches a changed account to passwords. */
  password?: string;
  /** Sign in with XOAUTH2; the secrets may be left out of a change that keeps them. */
  oauth2?: { tokenEndpoint: string; clientId: string; clientSecret?: string; refreshToken?: string; scope?: string | null };
  defaultTeamId?: string | null;
  defaultPriority?: (typeof ticketPriorities)[number];
}

/**
 * The secrets, as sealed together in one value, with the destination they were entered for (see
 * `destinationOf`): they are only ever sent there. Sealed with them, so it cannot be altered apart
 * from them. Undefined only in a value about to be sealed with new secrets (it takes the account's).
 */
export type AccountSecrets = ({ password: string } | { clientSecret: string; refreshToken: string }) & { destination?: string };

type DestinationFields = Pick<EmailAccountRow, 'imapHost' | 'imapPort' | 'tlsMode' | 'imapUser' | 'authMethod' | 'oauthTokenEndpoint' | 'oauthClientId'>;

/**
 * Where an account's secrets go: a password to the IMAP host (any case), port, TLS mode and user;
 * OAuth2 secrets to the token endpoint and client id, and the access token drawn with them to that
 * IMAP server. The folder, scope, names and defaults are not part of it.
 */
export function destinationOf(account: DestinationFields): string {
  const oauth2 = account.authMethod === 'oauth2';
  return JSON.stringify([account.imapHost.trim().toLowerCase(), account.imapPort, account.tlsMode, account.imapUser, oauth2 ? account.oauthTokenEndpoint : null, oauth2 ? account.oauthClientId : null]);
}

/**
 * The account's secrets; 503 when this instance lacks the key that sealed them (an operator must add
 * it), never a guess. Secrets sealed before destinations were kept with them were, by the rule then,
 * always for the account's current destination.
 */
export function openSecrets(keys: SecretKeys, account: Pick<EmailAccountRow, 'id' | 'secretSealed' | 'secretKeyId'> & DestinationFields): AccountSecrets & { destination: string } {
  try {
    const secrets = JSON.parse(open(keys, { keyId: account.secretKeyId, sealed: account.secretSealed }, account.id)) as AccountSecrets;
    return { ...secrets, destination: secrets.destination ?? destinationOf(account) };
  } catch (error) {
    if (error instanceof UnknownSecretKeyError) throw new UnavailableError(`This instance cannot open the account's stored secrets: ${error.message}`);
    throw error;
  }
}

/** How to reach the account's folder, its secrets opened: for the connection test (and, later, the fetcher). */
export function connectionOf(account: Omit<EmailAccountRow, 'allocation' | 'lastSyncAt' | 'lastError' | 'lastErrorAt' | 'backlog' | 'version' | 'createdAt' | 'updatedAt'>, secrets: AccountSecrets): MailboxConnection {
  const base = { host: account.imapHost, port: account.imapPort, tlsMode: account.tlsMode, user: account.imapUser, folder: account.folder };
  if ('password' in secrets) return { ...base, auth: { method: 'password', password: secrets.password } };
  return {
    ...base,
    auth: { method: 'oauth2', tokenEndpoint: account.oauthTokenEndpoint!, clientId: account.oauthClientId!, scope: account.oauthScope, ...secrets },
  };
}

/** What other services are told of an account: never its connection settings or secrets. */
export function emailAccountSnapshot(account: { id: string; name: string; address: string; enabled: boolean; allocation: EmailAccountAllocation }) {
  return { emailAccountId: account.id, name: account.name, address: account.address, enabled: account.enabled, allocation: account.allocation };
}
