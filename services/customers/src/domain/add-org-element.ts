import type { AggregateVersion } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { requireCustomer } from './customer.js';
import type { OrgElementKind } from './org-element.js';

export function addOrgElement<Row extends AggregateVersion, Fields extends { name: string }>(
  db: CustomersDatabase,
  kind: OrgElementKind<Row, Fields>,
  customerId: string,
  fields: Fields,
): Promise<Row> {
  return db.transaction(async (tx) => {
    await requireCustomer(tx, customerId);
    const row = await kind.table.insert(tx, customerId, { ...fields, name: fields.name.trim() });
    await recordEvent(tx, 'customers', kind.added, row, kind.snapshot(row));
    return row;
  });
}
