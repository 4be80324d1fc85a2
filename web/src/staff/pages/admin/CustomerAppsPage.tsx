import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Field, fieldError, Loading, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { ConfirmDialog } from './ConfirmDialog';
import { RowAction } from './RowAction';
import { useApiData, useChanges } from './useApiData';

interface CustomerApp {
  id: string;
  kind: 'portal';
  name: string;
  enabled: boolean;
  version: number;
}

/**
 * Administration > Customer apps (seed 000): enable, disable, delete or create the portal. Disabling
 * keeps the app's settings; deleting loses them, which the page says before it deletes.
 */
export function CustomerAppsPage() {
  const apps = useApiData<{ items: CustomerApp[] }>('/api/customer-apps');
  const [deleting, setDeleting] = useState<CustomerApp>();
  const [name, setName] = useState('');
  const action = useChanges(apps.reload);
  const { send, status } = action;
  const remove = (app: CustomerApp) => {
    setDeleting(undefined);
    void send(() => api('DELETE', `/api/customer-apps/${app.id}`), `${app.name} deleted.`);
  };

  async function create(event: FormEvent) {
    event.preventDefault();
    if (await send(() => api('POST', '/api/customer-apps', { body: { kind: 'portal', name, enabled: true } }), `Customer app ${name} created.`)) setName('');
  }

  const toggle = (app: CustomerApp) =>
    void send(() => api('PATCH', `/api/customer-apps/${app.id}`, { body: { enabled: !app.enabled, version: app.version } }), `${app.name} is ${app.enabled ? 'disabled: contacts can no longer sign in to it' : 'enabled'}.`);

  return (
    <main>
      <h1>Customer apps</h1>
      <p>
        <Link to="/admin">Administration</Link>
      </p>
      {status ? <StatusNotice>{status}</StatusNotice> : null}
      <ErrorNotice error={apps.error ?? action.error} />
      {!apps.data && !apps.error ? <Loading what="Loading the customer apps" /> : null}
      {apps.data ? (
        apps.data.items.length === 0 ? (
          <p>No customer app: customers reach the helpdesk by email only.</p>
        ) : (
          <AdminTable
            caption="Customer apps"
            items={apps.data.items}
            columns={[
              { label: 'Name', cell: (app) => app.name },
              { label: 'Kind', cell: (app) => (app.kind === 'portal' ? 'Customer portal' : app.kind) },
              { label: 'Enabled', cell: (app) => (app.enabled ? 'Yes' : 'No') },
              {
                label: 'Actions',
                cell: (app) => (
                  <div className="actions">
                    <RowAction label={app.enabled ? 'Disable' : 'Enable'} subject={app.name} disabled={action.busy} onClick={() => toggle(app)} />
                    <RowAction label="Delete" subject={app.name} className="danger" onClick={() => setDeleting(app)} />
                  </div>
                ),
              },
            ]}
          />
        )
      ) : null}
      <section className="card" aria-labelledby="new-app">
        <h2 id="new-app">New customer portal</h2>
        <form onSubmit={(event) => void create(event)} noValidate>
          <Field label="Name" required value={name} onChange={(event) => setName(event.target.value)} error={fieldError(action.error, '/name')} />
          <button type="submit" disabled={action.busy}>
            Create customer app
          </button>
        </form>
      </section>
      {deleting ? (
        <ConfirmDialog title={`Delete ${deleting.name}?`} confirmLabel="Delete customer app" danger onConfirm={() => remove(deleting)} onCancel={() => setDeleting(undefined)}>
          <p>Its appearance and settings are gone for good; a new app starts from scratch. To stop contacts signing in for a while, disable it instead.</p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
