import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Field, fieldError, Loading, StatusNotice } from '../../../shared/components';
import { ConfirmDialog } from './ConfirmDialog';
import { RowAction } from './RowAction';
import type { CustomerGroup } from './types';
import { useAction, useApiData } from './useApiData';

/** Administration > Customer groups: create, rename, delete. Members are set on each customer. */
export function CustomerGroupsPage() {
  const groups = useApiData<{ items: CustomerGroup[] }>('/api/customer-groups');
  const action = useAction();
  const [status, setStatus] = useState<string>();
  const [renaming, setRenaming] = useState<CustomerGroup>();
  const [deleting, setDeleting] = useState<CustomerGroup>();

  async function send(request: () => Promise<unknown>, message: string) {
    setStatus(undefined);
    setDeleting(undefined);
    const done = await action.run(async () => (await request(), true));
    if (!done) return false;
    setStatus(message);
    setRenaming(undefined);
    groups.reload();
    return true;
  }

  return (
    <main>
      <h1>Customer groups</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/customers">Customers</Link>
      </p>
      <p>A customer joins a group from its own page (Customer group).</p>
      {status ? <StatusNotice>{status}</StatusNotice> : null}
      <ErrorNotice error={groups.error} />
      {!groups.data && !groups.error ? <Loading what="Loading the groups" /> : null}
      {groups.data ? (
        groups.data.items.length === 0 ? (
          <p>No customer group yet.</p>
        ) : (
          <table className="responsive">
            <caption className="visually-hidden">Customer groups</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {groups.data.items.map((group) => (
                <tr key={group.id}>
                  <td data-label="Name">{group.name}</td>
                  <td data-label="Actions">
                    <div className="actions">
                      <RowAction label="Rename" subject={group.name} onClick={() => { action.clear(); setRenaming(group); }} />
                      <RowAction label="Delete" subject={group.name} className="danger" onClick={() => setDeleting(group)} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <section className="card" aria-labelledby="group-form">
        <h2 id="group-form">{renaming ? `Rename ${renaming.name}` : 'New customer group'}</h2>
        <GroupNameForm
          key={renaming?.id ?? 'new'}
          initial={renaming?.name ?? ''}
          submitLabel={renaming ? 'Save name' : 'Create group'}
          error={action.error}
          busy={action.busy}
          onSubmit={(name) =>
            renaming
              ? send(() => api('PATCH', `/api/customer-groups/${renaming.id}`, { body: { name } }), `Group renamed to ${name}.`)
              : send(() => api('POST', '/api/customer-groups', { body: { name } }), `Group ${name} created.`)
          }
          onCancel={renaming ? () => setRenaming(undefined) : undefined}
        />
      </section>
      {deleting ? (
        <ConfirmDialog title={`Delete the group ${deleting.name}?`} confirmLabel="Delete group" danger onConfirm={() => void send(() => api('DELETE', `/api/customer-groups/${deleting.id}`), `Group ${deleting.name} deleted.`)} onCancel={() => setDeleting(undefined)}>
          <p>Its customers stay, without a group.</p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}

function GroupNameForm({ initial, submitLabel, error, busy, onSubmit, onCancel }: { initial: string; submitLabel: string; error: unknown; busy: boolean; onSubmit: (name: string) => Promise<boolean>; onCancel: (() => void) | undefined }) {
  const [name, setName] = useState(initial);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if ((await onSubmit(name)) && !initial) setName('');
  }
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <ErrorNotice error={error} />
      <Field label="Group name" required value={name} onChange={(event) => setName(event.target.value)} error={fieldError(error, '/name')} />
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
    </form>
  );
}
