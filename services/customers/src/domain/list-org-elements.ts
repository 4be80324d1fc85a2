import type { CustomersDatabase } from '../persistence/client.js';
import type { OrgElementKind } from './org-element.js';

export function listOrgElements<Row, Fields extends { name: string }>(
  db: CustomersDatabase,
  kind: OrgElementKind<Row, Fields>,
  customerId: string,
): Promise<Row[]> {
  return kind.table.list(db.client, customerId);
}
