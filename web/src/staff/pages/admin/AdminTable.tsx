import { ResponsiveTable, type Column } from '../../../shared/ResponsiveTable';

export type { Column };

/** A list of an administration screen: the responsive table, its rows keyed by id, its caption for screen readers. */
export function AdminTable<T extends { id: string }>({ caption, columns, items }: { caption: string; columns: Array<Column<T>>; items: T[] }) {
  return <ResponsiveTable caption={caption} columns={columns} rows={items} rowKey={(item) => item.id} />;
}
