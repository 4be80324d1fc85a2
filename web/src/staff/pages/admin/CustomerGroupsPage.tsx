import { useCallback, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Field, fieldError, Loading, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { ConfirmDialog } from './ConfirmDialog';
import { FormButtons } from './FormParts';
import { RowAction } from './RowAction';
import type { CustomerGroup } from './types';
import { useApiData, useChanges } from './useApiData';

/** Administration > Customer groups: create, rename, delete. Members are set on each customer. */
export function CustomerGroupsPage() {
  const groups = useApiData<{ items: CustomerGroup[] }>('/api/customer-groups');
  const [renaming, setRenaming] = useState<CustomerGroup>();
  const [deleting, setDeleting] = useState<CustomerGroup>();
  const { reload } = groups;
  const action = useChanges(
    useCallback(() => {
      setRenaming(undefined);
      reload();
    }, [reload]),
  );
  const { send, status } = action;
  const remove = (group: CustomerGroup) => {
    setDeleting(undefined);
    void send(() => api('DELETE', `/api/customer-groups/${group.id}`), `Group ${group.name} deleted.`);
  };

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
          <AdminTable
            caption="Customer groups"
            items={groups.data.items}
            columns={[
              { label: 'Name', cell: (group) => group.name },
              {
                label: 'Actions',
                cell: (group) => (
                  <div className="actions">
                    <RowAction label="Rename" subject={group.name} onClick={() => { action.clear(); setRenaming(group); }} />
                    <RowAction label="Delete" subject={group.name} className="danger" onClick={() => setDeleting(group)} />
                  </div>
                ),
              },
            ]}
          />
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
        <ConfirmDialog title={`Delete the group ${deleting.name}?`} confirmLabel="Delete group" danger onConfirm={() => remove(deleting)} onCancel={() => setDeleting(undefined)}>
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
      <FormButtons submitLabel={submitLabel} busy={busy} onCancel={onCancel} />
    </form>
  );
}
