import { useCallback, useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { ErrorNotice, StatusNotice } from '../../shared/components';
import { formatMinutes } from '../../shared/format';
import { ResponsiveTable } from '../../shared/ResponsiveTable';
import { useAction } from '../../shared/useAction';
import { ConfirmDialog } from './admin/ConfirmDialog';
import { RowAction } from './admin/RowAction';
import type { StaffPrincipal } from './directory';
import type { StaffTicket } from './StaffTicketPage';
import { TimeEntryForm, timeEntryBody, type TimeEntryFields } from './TimeEntryForm';

export interface TimeEntry {
  id: string;
  minutes: number;
  workedOn: string;
  note: string | null;
  staffUserId: string;
  staffName: string | null;
  overLimit: boolean;
  version: number;
}

interface TicketTime {
  totalMinutes: number;
  entries: TimeEntry[];
}

type TimeChange = TimeEntry & { ticketTotalMinutes: number };

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

const fieldsOf = (entry: TimeEntry): TimeEntryFields => ({ minutes: String(entry.minutes), workedOn: entry.workedOn, note: entry.note ?? '' });
const describe = (entry: TimeEntry) => `${formatMinutes(entry.minutes)} on ${entry.workedOn}${entry.staffName ? ` by ${entry.staffName}` : ''}`;

/** An entry's minutes, marked when they were confirmed past the contract's limit. */
export function EntryMinutes({ entry }: { entry: Pick<TimeEntry, 'minutes' | 'overLimit'> }) {
  return (
    <>
      {formatMinutes(entry.minutes)}
      {entry.overLimit ? <span className="badge">past the limit</span> : null}
    </>
  );
}

/**
 * The time logged on a ticket (GET /api/time-entries?ticketId=), a form to log more, and the entries'
 * edit and deletion. Those are offered only where the API allows them: on one's own entries, and on
 * others' with the time_entries.manage permission (docs/contracts.md).
 */
export function TimeLog({ ticket, me, onLogged }: { ticket: StaffTicket; me: StaffPrincipal | undefined; onLogged: () => Promise<void> }) {
  const [time, setTime] = useState<TicketTime>();
  const [loadError, setLoadError] = useState<unknown>();
  const [status, setStatus] = useState<string>();
  const [editing, setEditing] = useState<TimeEntry>();
  const [deleting, setDeleting] = useState<TimeEntry>();
  // A new log form after each entry logged: its fields start empty again.
  const [generation, setGeneration] = useState(0);

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

  const changed = async (message: string) => {
    setStatus(message);
    setEditing(undefined);
    await Promise.all([load(), onLogged()]);
  };
  const pastLimit = (entry: TimeEntry) => (entry.overLimit ? ' past the contract’s limit' : '');

  async function log(fields: TimeEntryFields, confirmOverLimit: boolean) {
    setStatus(undefined);
    const entry = await api<TimeChange>('POST', '/api/time-entries', { body: { ticketId: ticket.id, ...timeEntryBody(fields), ...(confirmOverLimit ? { confirmOverLimit: true } : {}) } });
    setGeneration((value) => value + 1);
    await changed(`Logged ${formatMinutes(entry.minutes)}${pastLimit(entry)}. This ticket now has ${formatMinutes(entry.ticketTotalMinutes)}.`);
  }

  async function save(before: TimeEntry, fields: TimeEntryFields, confirmOverLimit: boolean) {
    setStatus(undefined);
    const entry = await api<TimeChange>('PATCH', `/api/time-entries/${before.id}`, { body: { version: before.version, ...timeEntryBody(fields), ...(confirmOverLimit ? { confirmOverLimit: true } : {}) } });
    await changed(`Saved ${formatMinutes(entry.minutes)}${pastLimit(entry)}. This ticket now has ${formatMinutes(entry.ticketTotalMinutes)}.`);
  }

  const removal = useAction();
  const remove = async (entry: TimeEntry) => {
    setStatus(undefined);
    setDeleting(undefined);
    const after = await api<TimeChange>('DELETE', `/api/time-entries/${entry.id}?version=${entry.version}`);
    await changed(`Deleted ${formatMinutes(entry.minutes)}. This ticket now has ${formatMinutes(after.ticketTotalMinutes)}.`);
  };

  const mayChange = (entry: TimeEntry) => entry.staffUserId === me?.userId || (me?.permissions.includes('time_entries.manage') ?? false);

  return (
    <section aria-labelledby="time-heading" className="card">
      <h2 id="time-heading">Time</h2>
      {loadError ? <ErrorNotice error={loadError} /> : null}
      {status ? <StatusNotice>{status}</StatusNotice> : null}
      <ErrorNotice error={removal.error} />
      {time ? (
        <>
          <p>
            Logged on this ticket: <strong>{formatMinutes(time.totalMinutes)}</strong>
          </p>
          {time.entries.length > 0 ? (
            <ResponsiveTable
              caption="Time logged on this ticket"
              rows={time.entries}
              rowKey={(entry) => entry.id}
              columns={[
                { label: 'Day', cell: (entry) => entry.workedOn },
                { label: 'Time', cell: (entry) => <EntryMinutes entry={entry} /> },
                { label: 'Agent', cell: (entry) => entry.staffName ?? '' },
                { label: 'Note', cell: (entry) => entry.note ?? '' },
                {
                  label: 'Actions',
                  cell: (entry) =>
                    mayChange(entry) ? (
                      <div className="actions">
                        <RowAction label="Edit" subject={describe(entry)} onClick={() => { setStatus(undefined); setEditing(entry); }} />
                        <RowAction label="Delete" subject={describe(entry)} className="danger" onClick={() => setDeleting(entry)} disabled={removal.busy} />
                      </div>
                    ) : null,
                },
              ]}
            />
          ) : null}
        </>
      ) : null}

      {editing ? (
        <TimeEntryForm
          key={editing.id}
          title={`Edit ${describe(editing)}`}
          initial={fieldsOf(editing)}
          verb="Save"
          submitLabel="Save entry"
          busyLabel="Saving…"
          send={(fields, confirmOverLimit) => save(editing, fields, confirmOverLimit)}
          onCancel={() => setEditing(undefined)}
        />
      ) : (
        <TimeEntryForm key={generation} title="Log time" initial={{ minutes: '', workedOn: today(), note: '' }} verb="Log" submitLabel="Log time" busyLabel="Logging…" send={log} />
      )}
      {deleting ? (
        <ConfirmDialog title={`Delete ${describe(deleting)}?`} confirmLabel="Delete entry" danger onConfirm={() => void removal.run(() => remove(deleting))} onCancel={() => setDeleting(undefined)}>
          <p>The time comes off this ticket’s total and off the contract it was billed to. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
