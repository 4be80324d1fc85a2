import type { ReactNode } from 'react';

export interface Column<T> {
  label: string;
  cell: (item: T) => ReactNode;
}

/**
 * A list of an administration screen: a table with column headers and a caption for screen readers,
 * read as labelled lines on a phone (base.css's responsive table, each cell's data-label).
 */
export function AdminTable<T extends { id: string }>({ caption, columns, items }: { caption: string; columns: Array<Column<T>>; items: T[] }) {
  return (
    <table className="responsive">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.label} scope="col">
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            {columns.map((column) => (
              <td key={column.label} data-label={column.label}>
                {column.cell(item)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
