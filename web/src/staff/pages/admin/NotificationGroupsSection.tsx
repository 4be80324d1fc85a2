import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api';
import { ErrorNotice, Field, fieldError, SelectField, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { ConfirmDialog } from './ConfirmDialog';
import { FormButtons } from './FormParts';
import { RowAction } from './RowAction';
import { fullName, type Contact, type Customer } from './types';
import { useApiData, useChanges } from './useApiData';

interface NotificationGroup {
  id: string;
  name: string;
  description: string | null;
  notifyOn: string[];
  members: Array<{ kind: 'contact' | 'staff'; id: string }>;
}

/** The events a group can be told about (the customers service's list), in words. */
const events: Record<string, string> = {
  'ticket.created': 'A ticket is created',
  'ticket.status_changed': 'A ticket changes status',
  'ticket.closed': 'A ticket is closed',
  'ticket.public_note_added': 'A public note is added',
  'contract.threshold_reached': "A contract's hours reach its threshold",
};

/** A customer's notification groups: who (contacts, staff) is told of which events of its tickets and contracts. */
export function NotificationGroupsSection({ customer, groups, onChanged }: { customer: Customer & { contacts: Contact[] }; groups: NotificationGroup[]; onChanged: () => void }) {
  const staff = useApiData<{ items: Array<{ id: string; name: string; active: boolean }> }>('/api/staff');
  const [editing, setEditing] = useState<NotificationGroup>();
  const [deleting, setDeleting] = useState<NotificationGroup>();
  const [generation, setGeneration] = useState(0);
  const action = useChanges(onChanged);
  const base = `/api/customers/${customer.id}/notification-groups`;
  const people = [
    ...customer.contacts.map((contact) => ({ value: `contact/${contact.id}`, label: `${fullName(contact)} (contact)` })),
    ...(staff.data?.items ?? []).filter((user) => user.active).map((user) => ({ value: `staff/${user.id}`, label: `${user.name} (staff)` })),
  ];
  const memberName = (member: NotificationGroup['members'][number]) => people.find((person) => person.value === `${member.kind}/${member.id}`)?.label ?? member.id;
  const send = async (request: () => Promise<unknown>, message: string, keepEditing = false) => {
    const done = await action.send(request, message);
    if (done && !keepEditing) {
      setEditing(undefined);
      setGeneration(generation + 1);
    }
    return done;
  };
  const remove = (group: NotificationGroup) => {
    setDeleting(undefined);
    void send(() => api('DELETE', `${base}/${group.id}`), `Notification group ${group.name} deleted.`);
  };
  const current = editing ? (groups.find((group) => group.id === editing.id) ?? editing) : undefined;

  return (
    <section className="card" aria-labelledby="notification-groups">
      <h2 id="notification-groups">Notification groups</h2>
      {action.status ? <StatusNotice>{action.status}</StatusNotice> : null}
      {!editing ? <ErrorNotice error={action.error} /> : null}
      {groups.length === 0 ? <p>No notification group.</p> : null}
      {groups.length ? (
        <AdminTable
          caption={`Notification groups of ${customer.name}`}
          items={groups}
          columns={[
            { label: 'Name', cell: (group) => group.name },
            { label: 'Told when', cell: (group) => group.notifyOn.map((event) => events[event] ?? event).join('; ') || 'Never' },
            { label: 'Members', cell: (group) => group.members.map(memberName).join(', ') || '—' },
            {
              label: 'Actions',
              cell: (group) => (
                <div className="actions">
                  <RowAction label="Edit" subject={group.name} onClick={() => { action.clear(); setEditing(group); }} />
                  <RowAction label="Delete" subject={group.name} className="danger" onClick={() => setDeleting(group)} />
                </div>
              ),
            },
          ]}
        />
      ) : null}
      <h3>{current ? `Edit ${current.name}` : 'New notification group'}</h3>
      <GroupForm
        key={current?.id ?? `new-${generation}`}
        initial={current}
        error={action.error}
        busy={action.busy}
        onCancel={current ? () => setEditing(undefined) : undefined}
        onSubmit={(body) => (current ? send(() => api('PATCH', `${base}/${current.id}`, { body }), `${body.name} saved.`) : send(() => api('POST', base, { body }), `Notification group ${body.name} created.`))}
      />
      {current ? (
        <Members
          group={current}
          people={people}
          memberName={memberName}
          busy={action.busy}
          onAdd={(value, label) => send(() => api('PUT', `${base}/${current.id}/members/${value}`), `${label} added to ${current.name}.`, true)}
          onRemove={(member) => send(() => api('DELETE', `${base}/${current.id}/members/${member.kind}/${member.id}`), `${memberName(member)} removed from ${current.name}.`, true)}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog title={`Delete the notification group ${deleting.name}?`} confirmLabel="Delete notification group" danger onConfirm={() => remove(deleting)} onCancel={() => setDeleting(undefined)}>
          <p>Its members are no longer told of this customer's events through it; the members themselves stay.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function GroupForm({ initial, error, busy, onSubmit, onCancel }: { initial: NotificationGroup | undefined; error: unknown; busy: boolean; onSubmit: (body: { name: string; description: string | null; notifyOn: string[] }) => Promise<boolean>; onCancel: (() => void) | undefined }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [notifyOn, setNotifyOn] = useState(new Set(initial?.notifyOn ?? []));
  function submit(event: FormEvent) {
    event.preventDefault();
    void onSubmit({ name, description: description.trim() === '' ? null : description, notifyOn: Object.keys(events).filter((key) => notifyOn.has(key)) });
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorNotice error={error} />
      <Field label="Group name" required value={name} onChange={(event) => setName(event.target.value)} error={fieldError(error, '/name')} />
      <Field label="What the group is for" value={description} onChange={(event) => setDescription(event.target.value)} error={fieldError(error, '/description')} />
      <fieldset>
        <legend>Tell the group when</legend>
        {Object.entries(events).map(([key, label]) => (
          <div key={key} className="check">
            <input
              type="checkbox"
              id={`notify-${key}`}
              checked={notifyOn.has(key)}
              onChange={(event) => {
                const next = new Set(notifyOn);
                if (event.target.checked) next.add(key);
                else next.delete(key);
                setNotifyOn(next);
              }}
            />
            <label htmlFor={`notify-${key}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      <FormButtons submitLabel={initial ? 'Save notification group' : 'Create notification group'} busy={busy} onCancel={onCancel} />
    </form>
  );
}

function Members({ group, people, memberName, busy, onAdd, onRemove }: { group: NotificationGroup; people: Array<{ value: string; label: string }>; memberName: (member: NotificationGroup['members'][number]) => string; busy: boolean; onAdd: (value: string, label: string) => void; onRemove: (member: NotificationGroup['members'][number]) => void }) {
  const [chosen, setChosen] = useState('');
  const others = people.filter((person) => !group.members.some((member) => `${member.kind}/${member.id}` === person.value));
  return (
    <section aria-labelledby="group-members">
      <h4 id="group-members">Members of {group.name}</h4>
      {group.members.length === 0 ? <p>No member yet.</p> : null}
      <ul>
        {group.members.map((member) => (
          <li key={`${member.kind}/${member.id}`}>
            {memberName(member)} <RowAction label="Remove" subject={memberName(member)} disabled={busy} onClick={() => onRemove(member)} />
          </li>
        ))}
      </ul>
      <div className="filters">
        <SelectField label="Member to add" value={chosen} onChange={(event) => setChosen(event.target.value)} options={[{ value: '', label: 'Choose a contact or staff user' }, ...others]} />
        <button
          type="button"
          className="secondary"
          disabled={busy || !chosen}
          onClick={() => {
            const person = others.find((other) => other.value === chosen);
            if (person) onAdd(person.value, person.label);
            setChosen('');
          }}
        >
          Add member
        </button>
      </div>
    </section>
  );
}
