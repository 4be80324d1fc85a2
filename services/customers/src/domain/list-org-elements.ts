import type { AggregateVersion } from '@helpdesk/contracts-schema';
import type { CustomersDatabase } from '../persistence/client.js';
import type { OrgElementKind } from './org-element.js';

export function listOrgElements<Row extends AggregateVersion, Fields extends { name: string }>(
  db: CustomersDatabase,
  kind: OrgElementKind<Row, Fields>,
  customerId: string,
): Promise<Row[]> {
  return kind.table.list(db.client, customerId);
}
