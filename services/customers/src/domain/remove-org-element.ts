import type { AggregateVersion } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { requireOrgElement, type OrgElementKind } from './org-element.js';
import { versionAfterRemoval } from './removal.js';

export function removeOrgElement<Row extends AggregateVersion, Fields extends { name: string }>(
  db: CustomersDatabase,
  kind: OrgElementKind<Row, Fields>,
  customerId: string,
  id: string,
): Promise<void> {
  return db.transaction(async (tx) => {
    const row = await requireOrgElement(tx, kind, customerId, id);
    const removed = await kind.table.remove(tx, id);
    await recordEvent(tx, 'customers', kind.removed, versionAfterRemoval(removed), kind.removedData(row));
  });
}
