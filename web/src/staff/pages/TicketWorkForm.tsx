import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../shared/api';
import { ErrorNotice, SelectField, StatusNotice, fieldError } from '../../shared/components';
import { ticketPriorities, ticketStatuses } from '../../shared/tickets';
import { useAction } from '../../shared/useAction';
import { NamedOptions, type useDirectory } from './directory';
import type { StaffTicket } from './StaffTicketPage';

/**
 * Status, priority and assignment in one form: each change is its own request (PUT status, PATCH,
 * PUT assignment), sent one after another with the version the previous one answered.
 */
export function TicketWorkForm({ ticket, directory, onChanged }: { ticket: StaffTicket; directory: ReturnType<typeof useDirectory>; onChanged: () => Promise<void> }) {
  const [status, setStatus] = useState(ticket.status);
  const [priority, setPriority] = useState(ticket.priority);
  const [teamId, setTeamId] = useState(ticket.teamId ?? '');
  const [assigneeId, setAssigneeId] = useState(ticket.assigneeId ?? '');
  const [saved, setSaved] = useState(false);
  const me = directory.me?.userId;
  // The ticket changed (its version: saved here, or by someone else): the form shows it as it now is. Read again
  // unchanged (after a note or time was logged), the agent's unsaved choices stay.
  useEffect(() => {
    setStatus(ticket.status);
    setPriority(ticket.priority);
    setTeamId(ticket.teamId ?? '');
    setAssigneeId(ticket.assigneeId ?? '');
  }, [ticket.id, ticket.version]);

  const save = useAction(async () => {
    setSaved(false);
    let version = ticket.version;
    const send = async (method: string, path: string, body: unknown) => {
      const changed = await api<{ version: number }>(method, `/api/tickets/${ticket.id}${path}`, { body, headers: { 'if-match': `"${version}"` } });
      version = changed.version;
    };
    try {
      if (status !== ticket.status) await send('PUT', '/status', { status });
      if (priority !== ticket.priority) await send('PATCH', '', { priority });
      const assignment = {
        ...(teamId !== (ticket.teamId ?? '') ? { teamId: teamId || null } : {}),
        ...(assigneeId !== (ticket.assigneeId ?? '') ? { assigneeId: assigneeId || null } : {}),
      };
      if (Object.keys(assignment).length > 0) await send('PUT', '/assignment', assignment);
      setSaved(true);
    } finally {
      // What did change is shown either way (and a stale version is read again).
      await onChanged();
    }
  });
  const error = save.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    void save.run();
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="work-heading">
      <h2 id="work-heading">Status and assignment</h2>
      {saved ? <StatusNotice>Changes saved.</StatusNotice> : null}
      <ErrorNotice error={error} />
      <div className="filters">
        <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value)} error={fieldError(error, '/status')}>
          {ticketStatuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </SelectField>
        <SelectField label="Priority" value={priority} onChange={(e) => setPriority(e.target.value)} error={fieldError(error, '/priority')}>
          {ticketPriorities.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </SelectField>
        <SelectField label="Team" value={teamId} onChange={(e) => setTeamId(e.target.value)} error={fieldError(error, '/teamId')}>
          <option value="">No team</option>
          <NamedOptions items={directory.teams} chosen={ticket.teamId} />
        </SelectField>
        <SelectField label="Assignee" value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} error={fieldError(error, '/assigneeId')}>
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
