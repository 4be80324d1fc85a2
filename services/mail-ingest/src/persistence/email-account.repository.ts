import type { SqlExecutor } from '@helpdesk/db';
import type { EmailAccountAllocation } from '@helpdesk/contracts-schema';

/** An account as stored, the sealed secrets included (they never leave the service: see the response schema). */
export interface EmailAccountRow {
  id: string;
  name: string;
  address: string;
  enabled: boolean;
  imapHost: string;
  imapPort: number;
  tlsMode: 'tls' | 'starttls' | 'none';
  imapUser: string;
  folder: string;
  authMethod: 'password' | 'oauth2';
  oauthTokenEndpoint: string | null;
  oauthClientId: string | null;
  oauthScope: string | null;
  secretSealed: Buffer;
  secretKeyId: string;
  defaultTeamId: string | null;
  defaultPriority: string;
  allocation: EmailAccountAllocation;
  lastSyncAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  backlog: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a save writes; the state the fetcher fills in and the allocation are left alone. */
export type EmailAccountSettings = Omit<EmailAccountRow, 'allocation' | 'lastSyncAt' | 'lastError' | 'lastErrorAt' | 'backlog' | 'version' | 'createdAt' | 'updatedAt'>;

const columns = `a.id, a.name, a.address, a.enabled, a.imap_host AS "imapHost", a.imap_port AS "imapPort", a.tls_mode AS "tlsMode",
  a.imap_user AS "imapUser", a.folder, a.auth_method AS "authMethod", a.oauth_token_endpoint AS "oauthTokenEndpoint",
  a.oauth_client_id AS "oauthClientId", a.oauth_scope AS "oauthScope", a.secret_sealed AS "secretSealed", a.secret_key_id AS "secretKeyId",
  a.default_team_id AS "defaultTeamId", a.default_priority AS "defaultPriority",
  CASE a.allocation_kind
    WHEN 'group' THEN json_build_object('kind', 'group', 'groupId', a.allocation_group_id)
    WHEN 'selected' THEN json_build_object('kind', 'selected', 'customerIds',
      COALESCE((SELECT json_agg(s.customer_id ORDER BY s.customer_id) FROM email_account_customers s WHERE s.email_account_id = a.id), '[]'::json))
    ELSE json_build_object('kind', a.allocation_kind) END AS allocation,
  a.last_sync_at AS "lastSyncAt", a.last_error AS "lastError", a.last_error_at AS "lastErrorAt", a.backlog, a.version,
  a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

const settingColumns = [
  ['name', 'name'],
  ['address', 'address'],
  ['enabled', 'enabled'],
  ['imap_host', 'imapHost'],
  ['imap_port', 'imapPort'],
  ['tls_mode', 'tlsMode'],
  ['imap_user', 'imapUser'],
  ['folder', 'folder'],
  ['auth_method', 'authMethod'],
  ['oauth_token_endpoint', 'oauthTokenEndpoint'],
  ['oauth_client_id', 'oauthClientId'],
  ['oauth_scope', 'oauthScope'],
  ['secret_sealed', 'secretSealed'],
  ['secret_key_id', 'secretKeyId'],
  ['default_team_id', 'defaultTeamId'],
  ['default_priority', 'defaultPriority'],
] as const;

export async function listEmailAccounts(db: SqlExecutor): Promise<EmailAccountRow[]> {
  return db.$queryRawUnsafe<EmailAccountRow[]>(`SELECT ${columns} FROM email_accounts a ORDER BY lower(a.name), a.id`);
}

/** The account, locked for the rest of the transaction when `forUpdate` (a change reads, checks, then writes). */
export async function findEmailAccount(db: SqlExecutor, id: string, forUpdate = false): Promise<EmailAccountRow | undefined> {
  const [row] = await db.$queryRawUnsafe<EmailAccountRow[]>(`SELECT ${columns} FROM email_accounts a WHERE a.id = $1::uuid${forUpdate ? ' FOR UPDATE' : ''}`, id);
  return row;
}

export async function insertEmailAccount(tx: SqlExecutor, account: EmailAccountSettings): Promise<void> {
  const names = ['id', ...settingColumns.map(([column]) => column)];
  const values = [account.id, ...settingColumns.map(([, field]) => account[field])];
  await tx.$executeRawUnsafe(`INSERT INTO email_accounts (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`, ...values);
}

/** Writes the settings and counts the version up; returns the new version. */
export async function updateEmailAccount(tx: SqlExecutor, account: EmailAccountSettings): Promise<number> {
  const sets = settingColumns.map(([column], i) => `${column} = $${i + 2}`).join(', ');
  const [row] = await tx.$queryRawUnsafe<Array<{ version: number }>>(
    `UPDATE email_accounts SET ${sets}, version = version + 1, updated_at = now() WHERE id = $1::uuid RETURNING version`,
    account.id,
    ...settingColumns.map(([, field]) => account[field]),
  );
  return row!.version;
}

/** Replaces the allocation whole (seed 001: a saved allocation overwrites the previous one); returns the new version. */
export async function replaceAllocation(tx: SqlExecutor, id: string, allocation: EmailAccountAllocation): Promise<number> {
  await tx.$executeRawUnsafe('DELETE FROM email_account_customers WHERE email_account_id = $1::uuid', id);
  if (allocation.kind === 'selected') {
    await tx.$executeRawUnsafe(
      'INSERT INTO email_account_customers (email_account_id, customer_id) SELECT $1::uuid, unnest($2::uuid[]) ON CONFLICT DO NOTHING',
      id,
      allocation.customerIds,
    );
  }
  const [row] = await tx.$queryRawUnsafe<Array<{ version: number }>>(
    'UPDATE email_accounts SET allocation_kind = $2, allocation_group_id = $3::uuid, version = version + 1, updated_at = now() WHERE id = $1::uuid RETURNING version',
    id,
    allocation.kind,
    allocation.kind === 'group' ? allocation.groupId : null,
  );
  return row!.version;
}

export async function deleteEmailAccount(tx: SqlExecutor, id: string): Promise<void> {
  await tx.$executeRawUnsafe('DELETE FROM email_accounts WHERE id = $1::uuid', id);
}
