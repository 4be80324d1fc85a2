/** The submit button of an administration form, and Cancel when the form edits something already there. */
export function FormButtons({ submitLabel, busy, onCancel }: { submitLabel: string; busy: boolean; onCancel?: (() => void) | undefined }) {
  return (
    <div className="actions">
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
      {onCancel ? (
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}

/** Paging of a list read by cursor: back to its start, and on to the next page when there is one. */
export function Pager({ paged, next, onStart, onNext, startLabel, nextLabel }: { paged: boolean; next: string | null | undefined; onStart: () => void; onNext: (cursor: string) => void; startLabel: string; nextLabel: string }) {
  return (
    <div className="pager">
      {paged ? (
        <button type="button" className="secondary" onClick={onStart}>
          {startLabel}
        </button>
      ) : null}
      {next ? (
        <button type="button" className="secondary" onClick={() => onNext(next)}>
          {nextLabel}
        </button>
      ) : null}
    </div>
  );
}
