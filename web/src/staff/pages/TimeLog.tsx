import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../shared/api';
import { ErrorNotice, Field, StatusNotice, fieldError } from '../../shared/components';
import { formatMinutes } from '../../shared/tickets';
import { useAction } from '../../shared/useAction';
import type { StaffTicket } from './StaffTicketPage';
import { ResponsiveTable } from '../../shared/ResponsiveTable';

interface TimeEntry {
  id: string;
  minutes: number;
  workedOn: string;
  note: string | null;
  staffName: string | null;
  overLimit: boolean;
}

interface TicketTime {
  totalMinutes: number;
  entries: TimeEntry[];
}

/** What the contracts service answers when an entry would pass the contract's hour limit (docs/contracts.md). */
interface OverLimit {
  detail: string;
  remainingMinutes: number;
  overageMinutes: number;
}

function overLimitOf(error: unknown): OverLimit | undefined {
  if (!(error instanceof ApiError) || error.status !== 409 || !error.problem.type?.endsWith('/over-contract-limit')) return undefined;
  const problem = error.problem as unknown as Partial<OverLimit>;
  return { detail: error.message, remainingMinutes: problem.remainingMinutes ?? 0, overageMinutes: problem.overageMinutes ?? 0 };
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * The time logged on a ticket (GET /api/time-entries?ticketId=) and a form to log more. Past the
 * contract's hour limit the API refuses until asked again with confirmOverLimit (seed 004: "must accept
 * a prompt to add additional time"): the page says what remains and asks.
 */
export function TimeLog({ ticket, onLogged }: { ticket: StaffTicket; onLogged: () => Promise<void> }) {
  const [time, setTime] = useState<TicketTime>();
  const [loadError, setLoadError] = useState<unknown>();
  const [minutes, setMinutes] = useState('');
  const [workedOn, setWorkedOn] = useState(today);
  const [note, setNote] = useState('');
  const [overLimit, setOverLimit] = useState<OverLimit>();
  const [logged, setLogged] = useState<string>();

  const load = useCallback(
    () =>
      api<TicketTime>('GET', `/api/time-entries?ticketId=${encodeURIComponent(ticket.id)}`).then(
        (answer) => {
          setTime(answer);
          setLoadError(undefined);
        },
        setLoadError,
      ),
    [ticket.id],
  );
  useEffect(() => void load(), [load]);

  const log = useAction();
  const logTime = async (confirmOverLimit: boolean) => {
    setLogged(undefined);
    let entry: TimeEntry & { ticketTotalMinutes: number };
    try {
      entry = await api('POST', '/api/time-entries', {
        body: { ticketId: ticket.id, minutes: Number(minutes), workedOn, note: note.trim() === '' ? null : note, ...(confirmOverLimit ? { confirmOverLimit: true } : {}) },
      });
    } catch (failure) {
      // Past the limit is a question for the agent, not an error.
      const passing = overLimitOf(failure);
      if (!passing) throw failure;
      setOverLimit(passing);
      return;
    }
    setOverLimit(undefined);
    setMinutes('');
    setNote('');
    setLogged(`Logged ${formatMinutes(entry.minutes)}${entry.overLimit ? ' past the contract’s limit' : ''}. This ticket now has ${formatMinutes(entry.ticketTotalMinutes)}.`);
    await Promise.all([load(), onLogged()]);
  };
  const { error, busy } = log;

  function submit(event: FormEvent) {
    event.preventDefault();
    void log.run(() => logTime(false));
  }

  return (
    <section aria-labelledby="time-heading" className="card">
      <h2 id="time-heading">Time</h2>
      {loadError ? <ErrorNotice error={loadError} /> : null}
      {time ? (
        <>
          <p>
            Logged on this ticket: <strong>{formatMinutes(time.totalMinutes)}</strong>
          </p>
          {time.entries.length > 0 ? (
            <ResponsiveTable
              rows={time.entries}
              rowKey={(entry) => entry.id}
              columns={[
                { label: 'Day', cell: (entry) => entry.workedOn },
                {
                  label: 'Time',
                  cell: (entry) => (
                    <>
                      {formatMinutes(entry.minutes)}
                      {entry.overLimit ? <span className="badge">past the limit</span> : null}
                    </>
                  ),
                },
                { label: 'Agent', cell: (entry) => entry.staffName ?? '' },
                { label: 'Note', cell: (entry) => entry.note ?? '' },
              ]}
            />
          ) : null}
        </>
      ) : null}

      <form onSubmit={submit} noValidate aria-label="Log time">
        <h3>Log time</h3>
        {logged ? <StatusNotice>{logged}</StatusNotice> : null}
        <ErrorNotice error={error} />
        <div className="filters">
          <Field label="Minutes" type="number" inputMode="numeric" min={1} max={1440} required value={minutes} onChange={(e) => setMinutes(e.target.value)} error={fieldError(error, '/minutes')} />
          <Field label="Day worked" type="date" required value={workedOn} onChange={(e) => setWorkedOn(e.target.value)} error={fieldError(error, '/workedOn')} />
          <Field label="What was done" value={note} onChange={(e) => setNote(e.target.value)} error={fieldError(error, '/note')} />
        </div>
        {overLimit ? (
          <div role="alertdialog" aria-labelledby="over-limit-heading" aria-describedby="over-limit-text" className="notice notice-error confirm">
            <h4 id="over-limit-heading">Past the contract’s hour limit</h4>
            <p id="over-limit-text">
              {overLimit.remainingMinutes > 0 ? `Only ${formatMinutes(overLimit.remainingMinutes)} remain on this ticket’s contract` : 'No hours remain on this ticket’s contract'}
              {overLimit.overageMinutes > 0 ? ` (it is already ${formatMinutes(overLimit.overageMinutes)} past them)` : ''}. Log {formatMinutes(Number(minutes))} past the limit anyway? The contract’s people are told.
            </p>
            <div className="actions">
              <button type="button" className="danger" onClick={() => void log.run(() => logTime(true))} disabled={busy}>
                Log past the limit
              </button>
              <button type="button" className="secondary" onClick={() => setOverLimit(undefined)} disabled={busy} autoFocus>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <button type="submit" disabled={busy}>
            {busy ? 'Logging…' : 'Log time'}
          </button>
        )}
      </form>
    </section>
  );
}
