import type { ButtonHTMLAttributes } from 'react';

/**
 * A button in a table row: it shows its verb and says to a screen reader which row it acts on
 * ("Edit (Harry Porter)"), its visible text kept first in its name.
 */
export function RowAction({ label, subject, className = 'secondary', ...button }: { label: string; subject: string } & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="button" className={className} {...button}>
      {label}
      <span className="visually-hidden"> ({subject})</span>
    </button>
  );
}
