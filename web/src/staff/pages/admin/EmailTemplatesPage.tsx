import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Loading, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { ConfirmDialog } from './ConfirmDialog';
import { RowAction } from './RowAction';
import { useApiData, useChanges } from './useApiData';

export interface TemplateSummary {
  id: string;
  key: string;
  name: string;
  context: string;
  subject: string;
  system: boolean;
  version: number;
  updatedAt: string;
}

/**
 * Administration > Emails > Templates: the list; each opens to be edited and previewed; a new one is
 * created, an own one deleted (asked; the API refuses while an automation sends it, and that is shown).
 */
export function EmailTemplatesPage() {
  const list = useApiData<{ items: TemplateSummary[] }>('/api/emails/templates');
  const action = useChanges(list.reload);
  const [deleting, setDeleting] = useState<TemplateSummary>();
  const remove = (template: TemplateSummary) => {
    setDeleting(undefined);
    void action.send(() => api('DELETE', `/api/emails/templates/${template.id}`), `Template ${template.name} deleted.`);
  };
  return (
    <main>
      <h1>Email templates</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/system-emails">System emails</Link> · <Link to="/admin/email-templates/new">New template</Link>
      </p>
      {action.status ? <StatusNotice>{action.status}</StatusNotice> : null}
      <ErrorNotice error={list.error ?? action.error} />
      {!list.data && !list.error ? <Loading what="Loading the templates" /> : null}
      {list.data ? (
        <AdminTable
          caption="Email templates"
          items={list.data.items}
          columns={[
            { label: 'Name', cell: (template) => <Link to={`/admin/email-templates/${template.id}`}>{template.name}</Link> },
            { label: 'Key', cell: (template) => template.key },
            { label: 'For', cell: (template) => template.context },
            { label: 'Subject', cell: (template) => template.subject },
            { label: 'Kind', cell: (template) => (template.system ? 'System' : 'Own') },
            // System templates are edited, never deleted (system emails and notification groups send them).
            { label: 'Actions', cell: (template) => (template.system ? null : <RowAction label="Delete" subject={template.name} className="danger" disabled={action.busy} onClick={() => setDeleting(template)} />) },
          ]}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog title={`Delete the template ${deleting.name}?`} confirmLabel="Delete template" danger onConfirm={() => remove(deleting)} onCancel={() => setDeleting(undefined)}>
          <p>It is gone for good. An automation that still sends it keeps it: the helpdesk refuses until that automation uses another.</p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
