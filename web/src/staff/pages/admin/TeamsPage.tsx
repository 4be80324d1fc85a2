import { useCallback, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Field, fieldError, Loading, SelectField, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { ConfirmDialog } from './ConfirmDialog';
import { CustomerSelection, useCustomerNames } from './CustomerSelection';
import { FormButtons } from './FormParts';
import { RowAction } from './RowAction';
import { useApiData, useChanges } from './useApiData';

interface Team {
  id: string;
  name: string;
  ticketAccess: 'all' | 'selected';
  customerIds: string[];
  memberIds: string[];
}

interface StaffUser {
  id: string;
  name: string;
  active: boolean;
}

/** Administration > Teams: which customers' tickets a team reaches, and who is in it. */
export function TeamsPage() {
  const teams = useApiData<{ items: Team[] }>('/api/teams');
  const staff = useApiData<{ items: StaffUser[] }>('/api/staff');
  const [editing, setEditing] = useState<Team>();
  const [deleting, setDeleting] = useState<Team>();
  const [generation, setGeneration] = useState(0);
  const staffName = (id: string) => staff.data?.items.find((user) => user.id === id)?.name ?? id;
  const { reload } = teams;
  const action = useChanges(
    useCallback(() => {
      setGeneration((value) => value + 1);
      reload();
    }, [reload]),
  );
  const { status } = action;
  /** A change of the team itself closes its form; a change of its members keeps it open. */
  const send = async (request: () => Promise<unknown>, message: string, keepEditing = false) => {
    const done = await action.send(request, message);
    if (done && !keepEditing) setEditing(undefined);
    return done;
  };
  const remove = (team: Team) => {
    setDeleting(undefined);
    void send(() => api('DELETE', `/api/teams/${team.id}`), `Team ${team.name} deleted.`);
  };

  return (
    <main>
      <h1>Teams</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/staff">Staff users</Link>
      </p>
      {status ? <StatusNotice>{status}</StatusNotice> : null}
      <ErrorNotice error={teams.error} />
      {!editing ? <ErrorNotice error={action.error} /> : null}
      {!teams.data && !teams.error ? <Loading what="Loading the teams" /> : null}
      {teams.data ? (
        teams.data.items.length === 0 ? (
          <p>No team yet.</p>
        ) : (
          <AdminTable
            caption="Teams"
            items={teams.data.items}
            columns={[
              { label: 'Name', cell: (team) => team.name },
              { label: 'Tickets of', cell: (team) => (team.ticketAccess === 'all' ? 'All customers' : `${team.customerIds.length} selected customers`) },
              { label: 'Members', cell: (team) => team.memberIds.map(staffName).join(', ') || '—' },
              {
                label: 'Actions',
                cell: (team) => (
                  <div className="actions">
                    <RowAction label="Edit" subject={team.name} onClick={() => { action.clear(); setEditing(team); }} />
                    <RowAction label="Delete" subject={team.name} className="danger" onClick={() => setDeleting(team)} />
                  </div>
                ),
              },
            ]}
          />
        )
      ) : null}
      <section className="card" aria-labelledby="team-form">
        <h2 id="team-form">{editing ? `Edit ${editing.name}` : 'New team'}</h2>
        <TeamForm
          key={editing?.id ?? `new-${generation}`}
          initial={editing}
          error={action.error}
          busy={action.busy}
          onCancel={editing ? () => setEditing(undefined) : undefined}
          onSubmit={(body) =>
            editing ? send(() => api('PATCH', `/api/teams/${editing.id}`, { body }), `Team ${body.name} saved.`) : send(() => api('POST', '/api/teams', { body }), `Team ${body.name} created.`)
          }
        />
        {editing ? (
          <Members
            team={teams.data?.items.find((team) => team.id === editing.id) ?? editing}
            staff={staff.data?.items ?? []}
            busy={action.busy}
            onAdd={(user) => send(() => api('PUT', `/api/teams/${editing.id}/members/${user.id}`), `${user.name} joined ${editing.name}.`, true)}
            onRemove={(user) => send(() => api('DELETE', `/api/teams/${editing.id}/members/${user.id}`), `${user.name} left ${editing.name}.`, true)}
          />
        ) : null}
      </section>
      {deleting ? (
        <ConfirmDialog title={`Delete the team ${deleting.name}?`} confirmLabel="Delete team" danger onConfirm={() => remove(deleting)} onCancel={() => setDeleting(undefined)}>
          <p>Its members lose the ticket access the team gave them; the members themselves stay.</p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}

function TeamForm({ initial, error, busy, onSubmit, onCancel }: { initial: Team | undefined; error: unknown; busy: boolean; onSubmit: (body: { name: string; ticketAccess: Team['ticketAccess']; customerIds: string[] }) => Promise<boolean>; onCancel: (() => void) | undefined }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [ticketAccess, setTicketAccess] = useState<Team['ticketAccess']>(initial?.ticketAccess ?? 'selected');
  const [customerIds, setCustomerIds] = useState(initial?.customerIds ?? []);
  const { names, remember } = useCustomerNames(initial?.customerIds ?? []);
  function submit(event: FormEvent) {
    event.preventDefault();
    void onSubmit({ name, ticketAccess, customerIds: ticketAccess === 'all' ? [] : customerIds });
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorNotice error={error} />
      <Field label="Team name" required value={name} onChange={(event) => setName(event.target.value)} error={fieldError(error, '/name')} />
      <SelectField
        label="Tickets the team reaches"
        value={ticketAccess}
        onChange={(event) => setTicketAccess(event.target.value as Team['ticketAccess'])}
        error={fieldError(error, '/ticketAccess')}
        options={[
          { value: 'selected', label: 'Those of the customers selected' },
          { value: 'all', label: 'Those of all customers' },
        ]}
      />
      {ticketAccess === 'selected' ? <CustomerSelection legend="Customers of the team" selected={customerIds} onChange={setCustomerIds} names={names} onPicked={remember} /> : null}
      <FormButtons submitLabel={initial ? 'Save team' : 'Create team'} busy={busy} onCancel={onCancel} />
    </form>
  );
}

function Members({ team, staff, busy, onAdd, onRemove }: { team: Team; staff: StaffUser[]; busy: boolean; onAdd: (user: StaffUser) => void; onRemove: (user: StaffUser) => void }) {
  const [chosen, setChosen] = useState('');
  const members = staff.filter((user) => team.memberIds.includes(user.id));
  const others = staff.filter((user) => user.active && !team.memberIds.includes(user.id));
  return (
    <section aria-labelledby="team-members">
      <h3 id="team-members">Members of {team.name}</h3>
      {members.length === 0 ? <p>No member yet.</p> : null}
      <ul>
        {members.map((user) => (
          <li key={user.id}>
            {user.name} <RowAction label="Remove" subject={user.name} disabled={busy} onClick={() => onRemove(user)} />
          </li>
        ))}
      </ul>
      <div className="filters">
        <SelectField label="Staff user to add" value={chosen} onChange={(event) => setChosen(event.target.value)} options={[{ value: '', label: 'Choose a staff user' }, ...others.map((user) => ({ value: user.id, label: user.name }))]} />
        <button
          type="button"
          className="secondary"
          disabled={busy || !chosen}
          onClick={() => {
            const user = others.find((other) => other.id === chosen);
            if (user) onAdd(user);
            setChosen('');
          }}
        >
          Add member
        </button>
      </div>
    </section>
  );
}
