import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { ErrorNotice, Field, fieldError } from '../../shared/components';
import { formatMinutes } from '../../shared/format';
import { useAction } from '../../shared/useAction';
import { FormButtons } from './admin/FormParts';

export interface TimeEntryFields {
  minutes: string;
  workedOn: string;
  note: string;
}

/** What the contracts service answers when an entry would pass the contract's hour limit (docs/contracts.md). */
interface OverLimit {
  remainingMinutes: number;
  overageMinutes: number;
}

function overLimitOf(error: unknown): OverLimit | undefined {
  if (!(error instanceof ApiError) || error.status !== 409 || !error.problem.type?.endsWith('/over-contract-limit')) return undefined;
  const problem = error.problem as unknown as Partial<OverLimit>;
  return { remainingMinutes: problem.remainingMinutes ?? 0, overageMinutes: problem.overageMinutes ?? 0 };
}

/** The fields as the API takes them: whole minutes, the day, and no note rather than an empty one. */
export function timeEntryBody(fields: TimeEntryFields) {
  return { minutes: Number(fields.minutes), workedOn: fields.workedOn, note: fields.note.trim() === '' ? null : fields.note };
}

/**
 * The form of a time entry, to log one or to edit one. Past the contract's hour limit the API refuses
 * until asked again with confirmOverLimit (seed 004: "must accept a prompt to add additional time"): the
 * form says what remains and asks, for an edit that adds minutes as for a new entry.
 */
export function TimeEntryForm({
  title,
  initial,
  verb,
  submitLabel,
  busyLabel,
  send,
  onCancel,
}: {
  title: string;
  initial: TimeEntryFields;
  /** The action's word: the submit button says it, and so does the question past the limit. */
  verb: 'Log' | 'Save';
  submitLabel: string;
  busyLabel: string;
  /** Sends the entry; rejects with the API's error (the over-limit refusal becomes the question). */
  send: (fields: TimeEntryFields, confirmOverLimit: boolean) => Promise<void>;
  onCancel?: () => void;
}) {
  const id = useId();
  const [fields, setFields] = useState(initial);
  const [overLimit, setOverLimit] = useState<OverLimit>();
  const submission = useAction();
  const submitEntry = async (confirmOverLimit: boolean) => {
    try {
      await send(fields, confirmOverLimit);
    } catch (failure) {
      // Past the limit is a question for the agent, not an error.
      const passing = overLimitOf(failure);
      if (!passing) throw failure;
      setOverLimit(passing);
      return;
    }
    setOverLimit(undefined);
  };
  const { error, busy } = submission;
  const set = (name: keyof TimeEntryFields) => (event: { target: { value: string } }) => setFields({ ...fields, [name]: event.target.value });

  function submit(event: FormEvent) {
    event.preventDefault();
    void submission.run(() => submitEntry(false));
  }

  return (
    <form onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <ErrorNotice error={error} />
      <div className="filters">
        <Field label="Minutes" type="number" inputMode="numeric" min={1} max={1440} required value={fields.minutes} onChange={set('minutes')} error={fieldError(error, '/minutes')} />
        <Field label="Day worked" type="date" required value={fields.workedOn} onChange={set('workedOn')} error={fieldError(error, '/workedOn')} />
        <Field label="What was done" value={fields.note} onChange={set('note')} error={fieldError(error, '/note')} />
      </div>
      {overLimit ? (
        <div role="alertdialog" aria-labelledby={`${id}-heading`} aria-describedby={`${id}-text`} className="notice notice-error confirm">
          <h4 id={`${id}-heading`}>Past the contract’s hour limit</h4>
          <p id={`${id}-text`}>
            {overLimit.remainingMinutes > 0 ? `Only ${formatMinutes(overLimit.remainingMinutes)} remain on the contract` : 'No hours remain on the contract'}
            {overLimit.overageMinutes > 0 ? ` (it is already ${formatMinutes(overLimit.overageMinutes)} past them)` : ''}. {verb} {formatMinutes(Number(fields.minutes))} past the limit anyway? The
            contract’s people are told.
          </p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => void submission.run(() => submitEntry(true))} disabled={busy}>
              {verb} past the limit
            </button>
            <button type="button" className="secondary" onClick={() => setOverLimit(undefined)} disabled={busy} autoFocus>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <FormButtons submitLabel={busy ? busyLabel : submitLabel} busy={busy} onCancel={onCancel} />
      )}
    </form>
  );
}
