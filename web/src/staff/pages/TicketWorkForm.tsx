import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../shared/api';
import { ErrorNotice, SelectField, StatusNotice, fieldError } from '../../shared/components';
import { ticketPriorities, ticketStatuses } from '../../shared/tickets';
import { useAction } from '../../shared/useAction';
import { NamedOptions, type useDirectory } from './directory';
import type { StaffTicket } from './StaffTicketPage';

type WorkField = 'status' | 'priority' | 'teamId' | 'assigneeId';

/** The ticket's value of a field as the form's select holds it ('' for none). */
function valueOf(ticket: StaffTicket, field: WorkField): string {
  return ticket[field] ?? '';
}

/**
 * The agent's choices not saved yet, each with the ticket's value it was chosen over. The ticket read again
 * (a note added, time logged, a save) keeps them, unless that field itself changed meanwhile (saved, or
 * changed by someone else): then the form shows the ticket's new value.
 */
function useChoices(ticket: StaffTicket) {
  const [choices, setChoices] = useState<Partial<Record<WorkField, { value: string; over: string }>>>({});
  const value = (field: WorkField) => {
    const choice = choices[field];
    return choice && choice.over === valueOf(ticket, field) ? choice.value : valueOf(ticket, field);
  };
  const choose = (field: WorkField) => (event: { target: { value: string } }) => setChoices((current) => ({ ...current, [field]: { value: event.target.value, over: valueOf(ticket, field) } }));
  return { value, choose, changed: (field: WorkField) => value(field) !== valueOf(ticket, field) };
}

/** Someone else changed the ticket since it was read: the API refused the If-Match (409 stale-version). */
function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && (error.problem.type?.endsWith('/stale-version') ?? false);
}

/**
 * Status, priority and assignment in one form: each change is its own request (PUT status, PATCH,
 * PUT assignment), sent one after another with the version the previous one answered. A stale version
 * (someone else changed the ticket) is said in plain words, with the way to read it again.
 */
export function TicketWorkForm({ ticket, directory, onChanged }: { ticket: StaffTicket; directory: ReturnType<typeof useDirectory>; onChanged: () => Promise<void> }) {
  const choices = useChoices(ticket);
  const [saved, setSaved] = useState(false);
  const me = directory.me?.userId;
  const save = useAction();
  const error = save.error;
  const stale = isStale(error);

  async function send() {
    let version = ticket.version;
    const request = async (method: string, path: string, body: unknown) => {
      const changed = await api<{ version: number }>(method, `/api/tickets/${ticket.id}${path}`, { body, headers: { 'if-match': `"${version}"` } });
      version = changed.version;
    };
    const status = choices.value('status');
    const teamId = choices.value('teamId');
    const assigneeId = choices.value('assigneeId');
    try {
      if (choices.changed('status')) await request('PUT', '/status', { status });
      if (choices.changed('priority')) await request('PATCH', '', { priority: choices.value('priority') });
      const assignment = {
        ...(choices.changed('teamId') ? { teamId: teamId || null } : {}),
        ...(choices.changed('assigneeId') ? { assigneeId: assigneeId || null } : {}),
      };
      if (Object.keys(assignment).length > 0) await request('PUT', '/assignment', assignment);
      setSaved(true);
    } finally {
      // What did change is shown (a stale version keeps the ticket as the agent read it, until they reload).
      if (version !== ticket.version) await onChanged();
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    void save.run(send);
  }

  async function reload() {
    save.clear();
    await onChanged();
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="work-heading">
      <h2 id="work-heading">Status and assignment</h2>
      {saved ? <StatusNotice>Changes saved.</StatusNotice> : null}
      {stale ? (
        <div role="alert" className="notice notice-error">
          <p>Someone else changed this ticket after you opened it, so your changes were not saved. Reload the ticket to see it as it is now: your choices here are kept where they still apply; then save again.</p>
          <button type="button" className="secondary" onClick={() => void reload()}>
            Reload the ticket
          </button>
        </div>
      ) : (
        <ErrorNotice error={error} />
      )}
      <div className="filters">
        <SelectField label="Status" value={choices.value('status')} onChange={choices.choose('status')} error={fieldError(error, '/status')}>
          {ticketStatuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </SelectField>
        <SelectField label="Priority" value={choices.value('priority')} onChange={choices.choose('priority')} error={fieldError(error, '/priority')}>
          {ticketPriorities.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </SelectField>
        <SelectField label="Team" value={choices.value('teamId')} onChange={choices.choose('teamId')} error={fieldError(error, '/teamId')}>
          <option value="">No team</option>
          <NamedOptions items={directory.teams} chosen={ticket.teamId} />
        </SelectField>
        <SelectField label="Assignee" value={choices.value('assigneeId')} onChange={choices.choose('assigneeId')} error={fieldError(error, '/assigneeId')}>
          <option value="">Unassigned</option>
          {me ? <option value={me}>Me</option> : null}
          <NamedOptions items={directory.staff?.filter((user) => user.id !== me)} chosen={ticket.assigneeId === me ? null : ticket.assigneeId} />
        </SelectField>
      </div>
      <button type="submit" disabled={save.busy}>
        {save.busy ? 'Saving…' : 'Save changes'}
      </button>
    </form>
  );
}
