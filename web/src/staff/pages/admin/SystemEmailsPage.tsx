import { Link } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Loading, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { RowAction } from './RowAction';
import { useApiData, useChanges } from './useApiData';

interface SystemEmail {
  key: string;
  name: string;
  enabled: boolean;
  templateKey: string;
  version: number;
}

/** Administration > Emails > System emails (seed 000): the switches of the emails the helpdesk sends by itself. */
export function SystemEmailsPage() {
  const list = useApiData<{ items: SystemEmail[] }>('/api/emails/system');
  const action = useChanges(list.reload);
  const toggle = (email: SystemEmail) =>
    void action.send(() => api('PATCH', `/api/emails/system/${email.key}`, { body: { enabled: !email.enabled, version: email.version } }), `${email.name} is switched ${email.enabled ? 'off' : 'on'}.`);
  return (
    <main>
      <h1>System emails</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/email-templates">Email templates</Link>
      </p>
      <p>A system email switched off is not sent; the email log records it as not sent, with the reason.</p>
      {action.status ? <StatusNotice>{action.status}</StatusNotice> : null}
      <ErrorNotice error={list.error ?? action.error} />
      {!list.data && !list.error ? <Loading what="Loading the system emails" /> : null}
      {list.data ? (
        <AdminTable
          caption="System emails"
          items={list.data.items.map((email) => ({ ...email, id: email.key }))}
          columns={[
            { label: 'Email', cell: (email) => email.name },
            { label: 'Template', cell: (email) => email.templateKey },
            { label: 'On', cell: (email) => (email.enabled ? 'Yes' : 'No') },
            { label: 'Actions', cell: (email) => <RowAction label={email.enabled ? 'Switch off' : 'Switch on'} subject={email.name} disabled={action.busy} onClick={() => toggle(email)} /> },
          ]}
        />
      ) : null}
    </main>
  );
}
