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

/** The secrets, as sealed together in one value. */
export type AccountSecrets = { password: string } | { clientSecret: string; refreshToken: string };

/** The account's secrets; 503 when this instance lacks the key that sealed them (an operator must add it), never a guess. */
export function openSecrets(keys: SecretKeys, account: Pick<EmailAccountRow, 'id' | 'secretSealed' | 'secretKeyId'>): AccountSecrets {
  try {
    return JSON.parse(open(keys, { keyId: account.secretKeyId, sealed: account.secretSealed }, account.id)) as AccountSecrets;
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
