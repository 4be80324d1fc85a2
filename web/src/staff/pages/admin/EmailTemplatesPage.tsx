import { Link } from 'react-router';
import { ErrorNotice, Loading } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { useApiData } from './useApiData';

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

/** Administration > Emails > Templates: the list; each opens to be edited and previewed. */
export function EmailTemplatesPage() {
  const list = useApiData<{ items: TemplateSummary[] }>('/api/emails/templates');
  return (
    <main>
      <h1>Email templates</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/system-emails">System emails</Link>
      </p>
      <ErrorNotice error={list.error} />
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
          ]}
        />
      ) : null}
    </main>
  );
}
