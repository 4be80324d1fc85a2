import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Loading, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { ConfirmDialog } from './ConfirmDialog';
import { RowAction } from './RowAction';
import type { AutomationRules } from './automationRules';
import { useApiData, useChanges } from './useApiData';

export interface Automation extends AutomationRules {
  id: string;
  code: string;
  version: number;
  lastRunAt?: string | null;
}

/** Administration > Automations (seed 000): switch each on or off, delete one, open one to edit and try it, create one. */
export function AutomationsPage() {
  const list = useApiData<{ items: Automation[] }>('/api/automations');
  const action = useChanges(list.reload);
  const [deleting, setDeleting] = useState<Automation>();
  const toggle = (automation: Automation) =>
    void action.send(() => api('PATCH', `/api/automations/${automation.id}`, { body: { enabled: !automation.enabled, version: automation.version } }), `${automation.code} is switched ${automation.enabled ? 'off' : 'on'}.`);
  const remove = (automation: Automation) => {
    setDeleting(undefined);
    void action.send(() => api('DELETE', `/api/automations/${automation.id}`), `${automation.code} deleted.`);
  };
  return (
    <main>
      <h1>Automations</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/email-templates">Email templates</Link> · <Link to="/admin/automations/new">New automation</Link>
      </p>
      {action.status ? <StatusNotice>{action.status}</StatusNotice> : null}
      <ErrorNotice error={list.error ?? action.error} />
      {!list.data && !list.error ? <Loading what="Loading the automations" /> : null}
      {list.data ? (
        <AdminTable
          caption="Automations"
          items={list.data.items}
          columns={[
            { label: 'Code', cell: (automation) => <Link to={`/admin/automations/${automation.id}`}>{automation.code}</Link> },
            { label: 'Name', cell: (automation) => automation.name },
            { label: 'Trigger', cell: (automation) => automation.trigger },
            { label: 'On', cell: (automation) => (automation.enabled ? 'Yes' : 'No') },
            { label: 'Last run', cell: (automation) => (automation.lastRunAt ? new Date(automation.lastRunAt).toLocaleString() : 'Never') },
            {
              label: 'Actions',
              cell: (automation) => (
                <div className="actions">
                  <RowAction label={automation.enabled ? 'Switch off' : 'Switch on'} subject={automation.code} disabled={action.busy} onClick={() => toggle(automation)} />
                  <RowAction label="Delete" subject={automation.code} className="danger" onClick={() => setDeleting(automation)} />
                </div>
              ),
            },
          ]}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog title={`Delete the automation ${deleting.code}?`} confirmLabel="Delete automation" danger onConfirm={() => remove(deleting)} onCancel={() => setDeleting(undefined)}>
          <p>It sends nothing more and its settings are gone; to pause it, switch it off instead. Its execution log stays.</p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
