import type { AggregateVersion } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { requireOrgElement, type OrgElementKind } from './org-element.js';

export function updateOrgElement<Row extends AggregateVersion, Fields extends { name: string }>(
  db: CustomersDatabase,
  kind: OrgElementKind<Row, Fields>,
  customerId: string,
  id: string,
  changes: Partial<Fields>,
): Promise<Row> {
  return db.transaction(async (tx) => {
    await requireOrgElement(tx, kind, customerId, id);
    const row = await kind.table.update(tx, id, { ...changes, ...(changes.name !== undefined && { name: changes.name.trim() }) });
    await recordEvent(tx, 'customers', kind.updated, row, kind.snapshot(row));
    return row;
  });
}
