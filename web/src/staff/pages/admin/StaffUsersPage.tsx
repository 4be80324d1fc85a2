import { useCallback, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { permissions as permissionTable } from '../../../../../libs/http/src/permissions';
import { api } from '../../../shared/api';
import { ErrorNotice, Field, fieldError, Loading, SelectField, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { ConfirmDialog } from './ConfirmDialog';
import { FormButtons } from './FormParts';
import { RowAction } from './RowAction';
import { useApiData, useChanges } from './useApiData';

interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'agent';
  active: boolean;
  permissions: string[];
}

/** The gateway's own list of permissions (libs/http), so that the page offers exactly what the API accepts. */
const permissionChoices = Object.values(permissionTable);

type Confirming = { kind: 'deactivate' | 'sign-out'; user: StaffUser };

/** Administration > Staff users: create, edit (role, permissions, password), deactivate, sign out everywhere. */
export function StaffUsersPage() {
  const staff = useApiData<{ items: StaffUser[] }>('/api/staff');
  const [editing, setEditing] = useState<StaffUser>();
  const [confirming, setConfirming] = useState<Confirming>();
  const [generation, setGeneration] = useState(0);
  const { reload } = staff;
  const action = useChanges(
    useCallback(() => {
      setEditing(undefined);
      setGeneration((value) => value + 1);
      reload();
    }, [reload]),
  );
  const { send, status } = action;

  function confirmed({ kind, user }: Confirming) {
    setConfirming(undefined);
    if (kind === 'deactivate') void send(() => api('PATCH', `/api/staff/${user.id}`, { body: { active: false } }), `${user.name} is deactivated and signed out.`);
    else void send(() => api('POST', `/api/staff/${user.id}/sign-out-everywhere`), `Every session of ${user.name} is ended.`);
  }

  return (
    <main>
      <h1>Staff users</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/teams">Teams</Link>
      </p>
      {status ? <StatusNotice>{status}</StatusNotice> : null}
      {!editing ? <ErrorNotice error={action.error} /> : null}
      <ErrorNotice error={staff.error} />
      {!staff.data && !staff.error ? <Loading what="Loading the staff" /> : null}
      {staff.data ? (
        <AdminTable
          caption="Staff users"
          items={staff.data.items}
          columns={[
            { label: 'Name', cell: (user) => user.name },
            { label: 'Email', cell: (user) => user.email },
            { label: 'Role', cell: (user) => (user.role === 'admin' ? 'Administrator' : `Agent (${user.permissions.length} permissions)`) },
            { label: 'Active', cell: (user) => (user.active ? 'Yes' : 'No') },
            {
              label: 'Actions',
              cell: (user) => (
                <div className="actions">
                  <RowAction label="Edit" subject={user.name} onClick={() => { action.clear(); setEditing(user); }} />
                  {user.active ? (
                    <>
                      <RowAction label="Sign out everywhere" subject={user.name} onClick={() => setConfirming({ kind: 'sign-out', user })} />
                      <RowAction label="Deactivate" subject={user.name} className="danger" onClick={() => setConfirming({ kind: 'deactivate', user })} />
                    </>
                  ) : (
                    <RowAction label="Reactivate" subject={user.name} onClick={() => void send(() => api('PATCH', `/api/staff/${user.id}`, { body: { active: true } }), `${user.name} is active again.`)} />
                  )}
                </div>
              ),
            },
          ]}
        />
      ) : null}
      <section className="card" aria-labelledby="staff-form">
        <h2 id="staff-form">{editing ? `Edit ${editing.name}` : 'New staff user'}</h2>
        <StaffForm
          key={editing?.id ?? `new-${generation}`}
          initial={editing}
          error={action.error}
          busy={action.busy}
          onCancel={editing ? () => setEditing(undefined) : undefined}
          onSubmit={(body) =>
            editing
              ? send(() => api('PATCH', `/api/staff/${editing.id}`, { body }), `${String(body.name)} saved.`)
              : send(() => api('POST', '/api/staff', { body }), `${String(body.name)} can now sign in.`)
          }
        />
      </section>
      {confirming ? (
        <ConfirmDialog
          title={confirming.kind === 'deactivate' ? `Deactivate ${confirming.user.name}?` : `End every session of ${confirming.user.name}?`}
          confirmLabel={confirming.kind === 'deactivate' ? 'Deactivate user' : 'Sign out everywhere'}
          danger
          onConfirm={() => confirmed(confirming)}
          onCancel={() => setConfirming(undefined)}
        >
          <p>{confirming.kind === 'deactivate' ? `${confirming.user.name} can no longer sign in; their tickets and history stay. Reactivate them to let them back in.` : `${confirming.user.name} is signed out on every device and must sign in again.`}</p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}

function StaffForm({ initial, error, busy, onSubmit, onCancel }: { initial: StaffUser | undefined; error: unknown; busy: boolean; onSubmit: (body: Record<string, unknown>) => Promise<boolean>; onCancel: (() => void) | undefined }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [email, setEmail] = useState(initial?.email ?? '');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<StaffUser['role']>(initial?.role ?? 'agent');
  const [granted, setGranted] = useState(new Set(initial?.permissions ?? []));

  function submit(event: FormEvent) {
    event.preventDefault();
    const common = { name, role, permissions: role === 'agent' ? [...granted] : [] };
    void onSubmit(initial ? { ...common, ...(password ? { password } : {}) } : { ...common, email, password });
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorNotice error={error} />
      <Field label="Name" required value={name} onChange={(event) => setName(event.target.value)} error={fieldError(error, '/name')} />
      {initial ? null : <Field label="Email" type="email" required value={email} onChange={(event) => setEmail(event.target.value)} error={fieldError(error, '/email')} />}
      <Field
        label={initial ? 'New password' : 'Password'}
        type="password"
        autoComplete="new-password"
        hint={initial ? 'Leave empty to keep the current password.' : undefined}
        required={!initial}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={fieldError(error, '/password')}
      />
      <SelectField
        label="Role"
        value={role}
        onChange={(event) => setRole(event.target.value as StaffUser['role'])}
        error={fieldError(error, '/role')}
        options={[
          { value: 'agent', label: 'Agent (the permissions below)' },
          { value: 'admin', label: 'Administrator (every permission)' },
        ]}
      />
      {role === 'agent' ? (
        <fieldset>
          <legend>Permissions</legend>
          {permissionChoices.map((permission) => (
            <div key={permission.name} className="check">
              <input
                type="checkbox"
                id={`permission-${permission.name}`}
                checked={granted.has(permission.name)}
                onChange={(event) => {
                  const next = new Set(granted);
                  if (event.target.checked) next.add(permission.name);
                  else next.delete(permission.name);
                  setGranted(next);
                }}
              />
              <label htmlFor={`permission-${permission.name}`}>{permission.label}</label>
            </div>
          ))}
          {fieldError(error, '/permissions') ? <p className="field-error">{fieldError(error, '/permissions')}</p> : null}
        </fieldset>
      ) : null}
      <FormButtons submitLabel={initial ? 'Save staff user' : 'Create staff user'} busy={busy} onCancel={onCancel} />
    </form>
  );
}
