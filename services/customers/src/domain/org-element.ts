import {
  areaAddedV1,
  areaRemovedV1,
  areaUpdatedV1,
  locationAddedV1,
  locationRemovedV1,
  locationUpdatedV1,
  type AggregateVersion,
  type EventDefinition,
} from '@helpdesk/contracts-schema';
import type { Static, TSchema } from '@helpdesk/validation';
import type { Tx } from '../persistence/client.js';
import {
  areaTable,
  locationTable,
  type Area,
  type AreaFields,
  type Location,
  type LocationFields,
  type OrgElementTable,
} from '../persistence/org-element.repository.js';
import { OrgElementNotFoundError } from './errors.js';

/**
 * The organisational elements of a customer that are offered when a ticket is created: locations
 * and areas. Both are added, renamed, removed and read alike; a kind says what differs. The use
 * cases take a kind with the default schemas; each kind's own definition checks its snapshots.
 */
export interface OrgElementKind<Row extends AggregateVersion, Fields extends { name: string }, Snapshot extends TSchema = TSchema, Removed extends TSchema = TSchema> {
  noun: string;
  table: OrgElementTable<Row, Fields>;
  added: EventDefinition<Snapshot>;
  updated: EventDefinition<Snapshot>;
  removed: EventDefinition<Removed>;
  snapshot(row: Row): Static<Snapshot>;
  removedData(row: Row): Static<Removed>;
}

export const locations = {
  noun: 'location',
  table: locationTable,
  added: locationAddedV1,
  updated: locationUpdatedV1,
  removed: locationRemovedV1,
  snapshot: (row: Location) => ({ locationId: row.id, customerId: row.customerId, name: row.name, address: row.address }),
  removedData: (row: Location) => ({ locationId: row.id, customerId: row.customerId }),
} satisfies OrgElementKind<Location, LocationFields, typeof locationAddedV1.schema, typeof locationRemovedV1.schema>;

export const areas = {
  noun: 'area',
  table: areaTable,
  added: areaAddedV1,
  updated: areaUpdatedV1,
  removed: areaRemovedV1,
  snapshot: (row: Area) => ({ areaId: row.id, customerId: row.customerId, name: row.name }),
  removedData: (row: Area) => ({ areaId: row.id, customerId: row.customerId }),
} satisfies OrgElementKind<Area, AreaFields, typeof areaAddedV1.schema, typeof areaRemovedV1.schema>;

export async function requireOrgElement<Row extends AggregateVersion, Fields extends { name: string }>(
  tx: Tx,
  kind: OrgElementKind<Row, Fields>,
  customerId: string,
  id: string,
): Promise<Row> {
  const row = await kind.table.find(tx, customerId, id);
  if (!row) throw new OrgElementNotFoundError(kind.noun, id);
  return row;
}
