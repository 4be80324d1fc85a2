import type { SqlExecutor } from '@helpdesk/db';
import type { EmailAccountAllocation } from '@helpdesk/contracts-schema';
import type { Tx } from './client.js';

export interface EmailAccountState {
  id: string;
  name: string;
  address: string;
  enabled: boolean;
  allocation: EmailAccountAllocation;
  deleted: boolean;
}

/**
 * Keeps the newest state of an account by its version: an older event changes nothing, whenever it
 * arrives; a deleted account stays as a marker (its deletion carries the highest version). The
 * selected customers are replaced only when the account's row was.
 */
export async function saveEmailAccount(tx: Tx, account: EmailAccountState, version: number): Promise<void> {
  const { allocation } = account;
  const applied = await tx.$executeRawUnsafe(
    `INSERT INTO email_accounts (id, name, address, enabled, allocation_kind, allocation_group_id, deleted, version)
     VALUES ($1::uuid, $2, $3, $4, $5, $6::uuid, $7, $8)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address, enabled = EXCLUDED.enabled,
       allocation_kind = EXCLUDED.allocation_kind, allocation_group_id = EXCLUDED.allocation_group_id, deleted = EXCLUDED.deleted, version = EXCLUDED.version
     WHERE email_accounts.version < EXCLUDED.version`,
    account.id,
    account.name,
    account.address,
    account.enabled,
    allocation.kind,
    allocation.kind === 'group' ? allocation.groupId : null,
    account.deleted,
    version,
  );
  if (applied === 0) return;
  await tx.$executeRawUnsafe('DELETE FROM email_account_customers WHERE email_account_id = $1::uuid', account.id);
  if (allocation.kind === 'selected' && allocation.customerIds.length > 0) {
    await tx.$executeRawUnsafe(
      'INSERT INTO email_account_customers (email_account_id, customer_id) SELECT $1::uuid, unnest($2::uuid[]) ON CONFLICT DO NOTHING',
      account.id,
      allocation.customerIds,
    );
  }
}

/**
 * The condition "account a is offered to customer $1" (seed 001): enabled, not deleted, and allocated
 * to all customers, to the customer's group, or to the customer among those selected.
 */
export const allocatedToCustomer = (account: string, customerParameter: string) => `(${account}.enabled AND NOT ${account}.deleted AND (
    ${account}.allocation_kind = 'all'
    OR (${account}.allocation_kind = 'group' AND ${account}.allocation_group_id = (SELECT cg.group_id FROM customers cg WHERE cg.id = ${customerParameter}))
    OR (${account}.allocation_kind = 'selected' AND EXISTS (SELECT 1 FROM email_account_customers s WHERE s.email_account_id = ${account}.id AND s.customer_id = ${customerParameter}))))`;

/** The accounts a customer's contacts may pick, by name. */
export async function emailAccountsOfCustomer(db: SqlExecutor, customerId: string): Promise<Array<{ id: string; name: string; address: string }>> {
  return db.$queryRawUnsafe(`SELECT a.id, a.name, a.address FROM email_accounts a WHERE ${allocatedToCustomer('a', '$1::uuid')} ORDER BY lower(a.name), a.id`, customerId);
}
