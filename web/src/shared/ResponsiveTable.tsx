import type { ReactNode } from 'react';

export interface Column<R> {
  label: string;
  cell: (row: R) => ReactNode;
}

/**
 * A table with a header per column that becomes one block per row on a phone (base.css `table.responsive`:
 * each cell then shows its column's label, from `data-label`); `caption` names it for screen readers.
 */
export function ResponsiveTable<R>({ columns, rows, rowKey, caption }: { columns: Array<Column<R>>; rows: R[]; rowKey: (row: R, index: number) => string; caption?: string }) {
  return (
    <table className="responsive">
      {caption ? <caption className="visually-hidden">{caption}</caption> : null}
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
        {rows.map((row, index) => (
          <tr key={rowKey(row, index)}>
            {columns.map((column) => (
              <td key={column.label} data-label={column.label}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
