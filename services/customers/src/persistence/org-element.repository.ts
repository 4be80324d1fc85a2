import type { Tx } from './client.js';
import type { Area, Location } from './generated/client.js';

export type { Area, Location };

export type LocationFields = { name: string; address: string | null };
export type AreaFields = { name: string };

/**
 * Locations and areas are stored and read alike, each in its own table. Every read takes the
 * customer id, so a portal contact reaches only their own customer's elements.
 */
export interface OrgElementTable<Row, Fields> {
  insert(tx: Tx, customerId: string, fields: Fields): Promise<Row>;
  find(tx: Tx, customerId: string, id: string): Promise<Row | null>;
  list(tx: Tx, customerId: string): Promise<Row[]>;
  /** Counts the version up in the same statement. */
  update(tx: Tx, id: string, changes: Partial<Fields>): Promise<Row>;
  /** Returns the row as it was deleted (its last version). */
  remove(tx: Tx, id: string): Promise<Row>;
}

/** The part of a Prisma model delegate that the tables use. */
interface Delegate<Row, Fields> {
  create(args: { data: Fields & { customerId: string } }): Promise<Row>;
  findFirst(args: { where: { id: string; customerId: string } }): Promise<Row | null>;
  findMany(args: { where: { customerId: string }; orderBy: Array<{ name: 'asc' } | { id: 'asc' }> }): Promise<Row[]>;
  update(args: { where: { id: string }; data: Partial<Fields> & { version: { increment: number } } }): Promise<Row>;
  delete(args: { where: { id: string } }): Promise<Row>;
}

function orgElementTable<Row, Fields>(delegate: (tx: Tx) => Delegate<Row, Fields>): OrgElementTable<Row, Fields> {
  return {
    insert: (tx, customerId, fields) => delegate(tx).create({ data: { ...fields, customerId } }),
    find: (tx, customerId, id) => delegate(tx).findFirst({ where: { id, customerId } }),
    list: (tx, customerId) => delegate(tx).findMany({ where: { customerId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    update: (tx, id, changes) => delegate(tx).update({ where: { id }, data: { ...changes, version: { increment: 1 } } }),
    remove: (tx, id) => delegate(tx).delete({ where: { id } }),
  };
}

export const locationTable = orgElementTable<Location, LocationFields>((tx) => tx.location);
export const areaTable = orgElementTable<Area, AreaFields>((tx) => tx.area);
