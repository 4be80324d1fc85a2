import type { AggregateVersion } from '@helpdesk/contracts-schema';
import type { CustomersDatabase } from '../persistence/client.js';
import { requireOrgElement, type OrgElementKind } from './org-element.js';

/** One element of that customer; another customer's answers as unknown. */
export function getOrgElement<Row extends AggregateVersion, Fields extends { name: string }>(
  db: CustomersDatabase,
  kind: OrgElementKind<Row, Fields>,
  customerId: string,
  id: string,
): Promise<Row> {
  return requireOrgElement(db.client, kind, customerId, id);
}
