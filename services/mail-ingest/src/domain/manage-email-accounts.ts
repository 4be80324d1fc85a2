import { randomUUID } from 'node:crypto';
import { emailAccountCreatedV1, emailAccountDeletedV1, emailAccountUpdatedV1, type EmailAccountAllocation } from '@helpdesk/contracts-schema';
import { ValidationError, type FieldProblem } from '@helpdesk/errors';
import { recordEvent } from '@helpdesk/outbox';
import type { MailIngestDatabase } from '../persistence/client.js';
import {
  deleteEmailAccount as deleteRow,
  findEmailAccount,
  insertEmailAccount,
  replaceAllocation,
  updateEmailAccount as updateRow,
  type EmailAccountRow,
  type EmailAccountSettings,
} from '../persistence/email-account.repository.js';
import { customerGroupExists, teamExists, unknownCustomers } from '../persistence/projections.repository.js';
import { testMailboxConnection } from '../mail/imap-connection-test.js';
import { ConnectionTestFailedError, EmailAccountChangedError, EmailAccountNotFoundError, EmailAccountTakenError } from './account-errors.js';
import { connectionOf, destinationOf, emailAccountSnapshot, openSecrets, type AccountSecrets, type EmailAccountInput } from './email-account.js';
import { seal, type SecretKeys } from './secret-box.js';
import { requireEncryptedTransport } from './transport-security.js';

export interface AccountContext {
  db: MailIngestDatabase;
  keys: SecretKeys;
  connectionTestTimeoutMs: number;
}

const producer = 'mail-ingest';

/** Creates an account, allocated to all customers (seed 001's default), once its connection test passes (unless created disabled). */
export async function createEmailAccount(context: AccountContext, input: EmailAccountInput): Promise<EmailAccountRow> {
  const id = randomUUID();
  requireEncryptedTransport(input);
  const secrets = secretsOf(context.keys, input, undefined);
  const settings = settingsOf(context.keys, id, input, secrets);
  await checkTeam(context, settings.defaultTeamId);
  if (settings.enabled) await requireWorkingConnection(context, settings, secrets);
  await context.db.transaction(async (tx) => {
    await onTaken(insertEmailAccount(tx, settings));
    await recordEvent(tx, producer, emailAccountCreatedV1, { id, version: 1 }, emailAccountSnapshot({ ...settings, allocation: { kind: 'all' } }));
  });
  return (await findEmailAccount(context.db.client, id))!;
}

/** The fields whose change asks for a new connection test (a rename or new defaults do not). */
const connectionFields = ['host', 'port', 'tlsMode', 'user', 'folder', 'password', 'oauth2'] as const;

/**
 * Changes what the request names and keeps the rest, the secrets included unless new ones are given.
 * The connection test runs when the account is (or becomes) enabled and a connection setting changed,
 * or it is being enabled; it runs outside any transaction, and the write then requires the account
 * unchanged meanwhile (409 otherwise).
 */
export async function updateEmailAccount(context: AccountContext, id: string, patch: Partial<EmailAccountInput>): Promise<EmailAccountRow> {
  const current = await findEmailAccount(context.db.client, id);
  if (!current) throw new EmailAccountNotFoundError(id);
  const merged: EmailAccountInput = {
    name: patch.name ?? current.name,
    address: patch.address ?? current.address,
    enabled: patch.enabled ?? current.enabled,
    host: patch.host ?? current.imapHost,
    port: patch.port ?? current.imapPort,
    tlsMode: patch.tlsMode ?? current.tlsMode,
    user: patch.user ?? current.imapUser,
    folder: patch.folder ?? current.folder,
    defaultTeamId: patch.defaultTeamId === undefined ? current.defaultTeamId : patch.defaultTeamId,
    defaultPriority: (patch.defaultPriority ?? current.defaultPriority) as EmailAccountInput['defaultPriority'],
    ...(patch.password !== undefined
      ? { password: patch.password }
      : patch.oauth2 !== undefined
        ? { oauth2: patch.oauth2 }
        : current.authMethod === 'oauth2'
          ? { oauth2: { tokenEndpoint: current.oauthTokenEndpoint!, clientId: current.oauthClientId!, scope: current.oauthScope } }
          : {}),
  };
  // A legacy account that breaks the rule can still be disabled, renamed while disabled, or deleted.
  if (merged.enabled || patch.host !== undefined || patch.tlsMode !== undefined || patch.oauth2 !== undefined) requireEncryptedTransport(merged);
  const secrets = secretsOf(context.keys, merged, current);
  const settings = settingsOf(context.keys, id, merged, secrets);
  // Nothing connects for a disabled account: it may point elsewhere and keep its secrets for where they were entered; enabled, they must be for where it points.
  if (settings.enabled) requireSecretsForDestination(settings, secrets, merged);
  if (patch.defaultTeamId !== undefined) await checkTeam(context, settings.defaultTeamId);
  const enabling = patch.enabled === true && !current.enabled;
  if (settings.enabled && (enabling || connectionFields.some((field) => patch[field] !== undefined))) await requireWorkingConnection(context, settings, secrets);
  await context.db.transaction(async (tx) => {
    const locked = await findEmailAccount(tx, id, true);
    if (!locked) throw new EmailAccountNotFoundError(id);
    if (locked.version !== current.version) throw new EmailAccountChangedError();
    const version = await onTaken(updateRow(tx, settings));
    await recordEvent(tx, producer, emailAccountUpdatedV1, { id, version }, emailAccountSnapshot({ ...settings, allocation: locked.allocation }));
  });
  return (await findEmailAccount(context.db.client, id))!;
}

export async function deleteEmailAccount(context: AccountContext, id: string): Promise<void> {
  await context.db.transaction(async (tx) => {
    const account = await findEmailAccount(tx, id, true);
    if (!account) throw new EmailAccountNotFoundError(id);
    await deleteRow(tx, id);
    // The deletion is the account's last change: its version is one past the last saved one.
    await recordEvent(tx, producer, emailAccountDeletedV1, { id, version: account.version + 1 }, { emailAccountId: id });
  });
}

/**
 * Saves an allocation, replacing the previous one entirely (seed 001: the customers selected before
 * are gone once a group, all or none is saved). A group must exist; selected customers must be known
 * here (the customers service's events), at least one of them.
 */
export async function allocateEmailAccount(context: AccountContext, id: string, allocation: EmailAccountAllocation): Promise<EmailAccountRow> {
  const { db } = context;
  if (allocation.kind === 'group' && !(await customerGroupExists(db.client, allocation.groupId))) {
    throw new ValidationError('There is no such customer group (or it was created a moment ago: then try again).', [{ pointer: '/groupId', message: 'is not a customer group' }]);
  }
  if (allocation.kind === 'selected') {
    if (allocation.customerIds.length === 0) {
      throw new ValidationError('Select at least one customer, or choose "No Customers".', [{ pointer: '/customerIds', message: 'must name at least one customer' }]);
    }
    const unknown = new Set(await unknownCustomers(db.client, allocation.customerIds));
    const problems: FieldProblem[] = allocation.customerIds.flatMap((customerId, i) => (unknown.has(customerId) ? [{ pointer: `/customerIds/${i}`, message: 'is not a customer' }] : []));
    if (problems.length > 0) throw new ValidationError(`${problems.length} of the selected customers do not exist (or were created a moment ago: then try again); see errors.`, problems);
    allocation = { kind: 'selected', customerIds: [...new Set(allocation.customerIds)].sort() };
  }
  await db.transaction(async (tx) => {
    const account = await findEmailAccount(tx, id, true);
    if (!account) throw new EmailAccountNotFoundError(id);
    const version = await replaceAllocation(tx, id, allocation);
    await recordEvent(tx, producer, emailAccountUpdatedV1, { id, version }, emailAccountSnapshot({ ...account, allocation }));
  });
  return (await findEmailAccount(db.client, id))!;
}

/**
 * A stored secret is only ever sent where it was entered for (review i11, item 1): otherwise anyone
 * who may edit accounts could point it at their own server and receive it. A disabled account may be
 * edited to point elsewhere without its secrets (nothing connects); enabling it, or changing where an
 * enabled one points, needs them given again unless it points back where they were entered for.
 */
function requireSecretsForDestination(settings: EmailAccountSettings, secrets: AccountSecrets, merged: EmailAccountInput): void {
  if (secrets.destination === undefined || secrets.destination === destinationOf(settings)) return;
  if (settings.authMethod === 'password') {
    throw new ValidationError('Re-enter the password when changing where it is sent: the stored one is only sent to the server it was entered for.', [
      { pointer: '/password', message: 'must be given again when host, port, TLS mode or user change' },
    ]);
  }
  const given = merged.oauth2 ?? {};
  const missing = (['clientSecret', 'refreshToken'] as const).filter((field) => !(field in given) || (given as Record<string, unknown>)[field] === undefined);
  throw new ValidationError(
    'Re-enter the client secret and refresh token when changing where they are sent: the stored ones are only sent to the token endpoint, client and mailbox they were entered for.',
    (missing.length > 0 ? missing : (['clientSecret', 'refreshToken'] as const)).map((field) => ({
      pointer: `/oauth2/${field}`,
      message: 'must be given again when the token endpoint, client id, host, port, TLS mode or user change',
    })),
  );
}

/** The secrets to seal: the new ones given, else the stored ones (refused when the way of signing in changes without them). */
function secretsOf(keys: SecretKeys, input: EmailAccountInput, current: EmailAccountRow | undefined): AccountSecrets {
  if (input.password !== undefined && input.oauth2 !== undefined) {
    throw new ValidationError('Give either a password or OAuth2 settings, not both.', [{ pointer: '/oauth2', message: 'cannot be given with a password' }]);
  }
  if (input.password !== undefined) return { password: input.password };
  if (input.oauth2 === undefined) {
    if (current?.authMethod === 'password') return openSecrets(keys, current);
    throw new ValidationError('Give the mailbox password, or OAuth2 settings (XOAUTH2) for providers that refuse passwords.', [{ pointer: '/password', message: 'is required (or oauth2)' }]);
  }
  const stored = current?.authMethod === 'oauth2' ? (openSecrets(keys, current) as { clientSecret: string; refreshToken: string; destination: string }) : undefined;
  const clientSecret = input.oauth2.clientSecret ?? stored?.clientSecret;
  const refreshToken = input.oauth2.refreshToken ?? stored?.refreshToken;
  // Both given anew: they are for where the account points now. Otherwise a stored one stays bound to where it was entered for.
  const destination = input.oauth2.clientSecret !== undefined && input.oauth2.refreshToken !== undefined ? undefined : stored?.destination;
  const problems: FieldProblem[] = [];
  if (!clientSecret) problems.push({ pointer: '/oauth2/clientSecret', message: 'is required when switching to OAuth2' });
  if (!refreshToken) problems.push({ pointer: '/oauth2/refreshToken', message: 'is required when switching to OAuth2' });
  if (problems.length > 0) throw new ValidationError('OAuth2 sign-in needs the client secret and a refresh token.', problems);
  return { clientSecret: clientSecret!, refreshToken: refreshToken!, ...(destination !== undefined ? { destination } : {}) };
}

function settingsOf(keys: SecretKeys, id: string, input: EmailAccountInput, secrets: AccountSecrets): EmailAccountSettings {
  const settings = unsealedSettingsOf(id, input);
  const sealed = seal(keys, JSON.stringify({ ...secrets, destination: secrets.destination ?? destinationOf(settings) }), id);
  return { ...settings, secretSealed: sealed.sealed, secretKeyId: sealed.keyId };
}

function unsealedSettingsOf(id: string, input: EmailAccountInput): Omit<EmailAccountSettings, 'secretSealed' | 'secretKeyId'> {
  return {
    id,
    name: input.name.trim(),
    address: input.address.trim(),
    enabled: input.enabled ?? true,
    imapHost: input.host.trim(),
    imapPort: input.port,
    tlsMode: input.tlsMode,
    imapUser: input.user,
    folder: normaliseFolder(input.folder ?? 'INBOX'),
    authMethod: input.oauth2 ? 'oauth2' : 'password',
    oauthTokenEndpoint: input.oauth2?.tokenEndpoint ?? null,
    oauthClientId: input.oauth2?.clientId ?? null,
    oauthScope: input.oauth2?.scope ?? null,
    defaultTeamId: input.defaultTeamId ?? null,
    defaultPriority: input.defaultPriority ?? 'normal',
  };
}

/** INBOX is case-insensitive (RFC 3501 §5.1): stored as INBOX, so one mailbox has one account whatever case it was typed in. Other names are the server's to compare. */
export function normaliseFolder(folder: string): string {
  return folder.toUpperCase() === 'INBOX' ? 'INBOX' : folder;
}

async function checkTeam(context: AccountContext, teamId: string | null): Promise<void> {
  if (teamId && !(await teamExists(context.db.client, teamId))) {
    throw new ValidationError('The default team does not exist (or was created a moment ago: then try again).', [{ pointer: '/defaultTeamId', message: 'is not a team' }]);
  }
}

async function requireWorkingConnection(context: AccountContext, settings: EmailAccountSettings, secrets: AccountSecrets): Promise<void> {
  const problem = await testMailboxConnection(connectionOf(settings, secrets), context.connectionTestTimeoutMs);
  if (problem) throw new ConnectionTestFailedError(problem);
}

async function onTaken<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'email_accounts_name_key') throw new EmailAccountTakenError('name');
    if (code === '23505' && constraint === 'email_accounts_mailbox_key') throw new EmailAccountTakenError('mailbox');
    throw error;
  }
}
