import type { AggregateVersion } from '@helpdesk/contracts-schema';
import { Text, Type, compileParser, type ParserOf } from '@helpdesk/validation';
import type { Area, AreaFields, Location, LocationFields } from '../persistence/org-element.repository.js';
import { areas, locations, type OrgElementKind } from '../domain/org-element.js';
import { Uuid } from './ids.schemas.js';

/** How one kind of organisational element appears in the API: its path, bodies and answer. */
export interface OrgElementRoutes<Row extends AggregateVersion, Fields extends { name: string }> {
  kind: OrgElementKind<Row, Fields>;
  /** Path segment under /api/customers/:id and /api/portal. */
  path: string;
  parseId: ParserOf<string>;
  parseNew: ParserOf<Fields>;
  parseChanges: ParserOf<Partial<Fields>>;
  response(row: Row): Record<string, unknown>;
}

const address = [Text(500), Type.Null()];

export const locationRoutes: OrgElementRoutes<Location, LocationFields> = {
  kind: locations,
  path: 'locations',
  parseId: compileParser(Uuid, 'location id'),
  parseNew: compileParser(
    Type.Object({ name: Text(200), address: Type.Union(address, { default: null }) }, { additionalProperties: false }),
    'location',
  ),
  parseChanges: compileParser(
    Type.Object({ name: Type.Optional(Text(200)), address: Type.Optional(Type.Union(address)) }, { additionalProperties: false, minProperties: 1 }),
    'location change',
  ),
  response: (row) => ({
    id: row.id,
    customerId: row.customerId,
    name: row.name,
    address: row.address,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
};

const parseArea = compileParser(Type.Object({ name: Text(200) }, { additionalProperties: false }), 'area');

export const areaRoutes: OrgElementRoutes<Area, AreaFields> = {
  kind: areas,
  path: 'areas',
  parseId: compileParser(Uuid, 'area id'),
  // An area has only its name, so a change is a whole new body.
  parseNew: parseArea,
  parseChanges: parseArea,
  response: (row) => ({ id: row.id, customerId: row.customerId, name: row.name, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }),
};
