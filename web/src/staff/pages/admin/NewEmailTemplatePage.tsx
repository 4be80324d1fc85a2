import { Link, useNavigate } from 'react-router';
import { TemplateEditor } from './EmailTemplatePage';

/** Administration > Email templates > New: its key, context, name and parts; once created, its own page. */
export function NewEmailTemplatePage() {
  const navigate = useNavigate();
  return (
    <main>
      <h1>New email template</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/email-templates">Email templates</Link>
      </p>
      <TemplateEditor onSaving={() => undefined} onSaved={(created) => void navigate(`/admin/email-templates/${created.id}`, { state: { created: true } })} />
    </main>
  );
}
