import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, ApiError } from '../../../shared/api';
import { ErrorNotice, Field, fieldError, Loading, SelectField, StatusNotice } from '../../../shared/components';
import type { TemplateSummary } from './EmailTemplatesPage';
import { useAction, useApiData } from './useApiData';

export interface Template extends TemplateSummary {
  html: string;
  text: string | null;
}

/** An error of a template part as the API reports it: the part, and where in it. */
interface TemplateProblem {
  pointer: string;
  message: string;
  line?: number;
  col?: number;
}

type Part = 'subject' | 'html' | 'text';

/**
 * One template: its subject and bodies edited, the errors found on saving shown beside the part they are
 * in, each with a button that puts the cursor at its line and column; and a preview with sample values.
 */
export function EmailTemplatePage() {
  const { id } = useParams();
  const loaded = useApiData<Template>(`/api/emails/templates/${id}`);
  // Here, not in the editor: a save reloads the template, whose new version starts a fresh editor.
  const [saved, setSaved] = useState(false);
  const created = (useLocation().state as { created?: boolean } | null)?.created === true;
  return (
    <main>
      <h1>{loaded.data ? `Template ${loaded.data.name}` : 'Email template'}</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/email-templates">Email templates</Link>
      </p>
      <ErrorNotice error={loaded.error} />
      {!loaded.data && !loaded.error ? <Loading what="Loading the template" /> : null}
      {saved ? <StatusNotice>Template saved.</StatusNotice> : created ? <StatusNotice>Template created.</StatusNotice> : null}
      {loaded.data ? (
        <TemplateEditor
          key={loaded.data.version}
          template={loaded.data}
          onSaving={() => setSaved(false)}
          onSaved={() => {
            setSaved(true);
            loaded.reload();
          }}
        />
      ) : null}
    </main>
  );
}

/** The contexts a template is written for: which event sends it, hence which placeholders it may use. */
const contexts: Record<string, string> = {
  ticket: 'A ticket (opened, assigned, edited)',
  ticket_note: 'A public note on a ticket',
  ticket_change: "A ticket's status change",
  ticket_email: 'A ticket opened by an email',
  contact_invitation: 'An invitation to the portal',
  contact_account: "A contact's portal account",
  contract: 'A contract event',
};

/**
 * A template's name, subject and bodies, saved with the version loaded (PATCH); without `template`, a new
 * one, its key and context chosen here once (POST), which `onSaved` is given.
 */
export function TemplateEditor({ template, onSaving, onSaved }: { template?: Template; onSaving: () => void; onSaved: (saved: Template) => void }) {
  const [key, setKey] = useState('');
  const [context, setContext] = useState(template?.context ?? 'ticket');
  const [name, setName] = useState(template?.name ?? '');
  const [parts, setParts] = useState<Record<Part, string>>({ subject: template?.subject ?? '', html: template?.html ?? '', text: template?.text ?? '' });
  const save = useAction();
  const preview = useAction();
  const [rendered, setRendered] = useState<{ subject: string; html: string; text: string | null }>();
  const fields = { subject: useRef<HTMLTextAreaElement>(null), html: useRef<HTMLTextAreaElement>(null), text: useRef<HTMLTextAreaElement>(null) };
  const problems = save.error instanceof ApiError ? ((save.error.problem.errors ?? []) as TemplateProblem[]) : [];
  const body = { subject: parts.subject, html: parts.html, text: parts.text === '' ? null : parts.text };

  async function submit(event: FormEvent) {
    event.preventDefault();
    onSaving();
    const saved = await save.run(() =>
      template ? api<Template>('PATCH', `/api/emails/templates/${template.id}`, { body: { version: template.version, name, ...body } }) : api<Template>('POST', '/api/emails/templates', { body: { key, name, context, ...body } }),
    );
    if (saved) onSaved(saved);
  }

  async function showPreview() {
    const answer = await preview.run(() => api<{ subject: string; html: string; text: string | null }>('POST', '/api/emails/templates/preview', { body: { context, ...body } }));
    if (answer) setRendered(answer);
  }

  /** Puts the cursor where the error is: line and column counted from 1, as the API gives them. */
  function goTo(part: Part, problem: TemplateProblem) {
    const field = fields[part].current;
    if (!field) return;
    const lines = field.value.split('\n');
    const line = Math.min(Math.max((problem.line ?? 1) - 1, 0), lines.length - 1);
    const offset = lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0) + Math.max((problem.col ?? 1) - 1, 0);
    field.focus();
    field.setSelectionRange(offset, offset);
  }

  const part = (key: Part, label: string, rows: number) => {
    const mine = problems.filter((problem) => problem.pointer === `/${key}`);
    return (
      <div className="field">
        <label htmlFor={`template-${key}`}>{label}</label>
        <textarea
          id={`template-${key}`}
          ref={fields[key]}
          rows={rows}
          value={parts[key]}
          onChange={(event) => setParts({ ...parts, [key]: event.target.value })}
          aria-invalid={mine.length ? true : undefined}
          aria-describedby={mine.length ? `template-${key}-errors` : undefined}
        />
        {mine.length ? (
          <ul id={`template-${key}-errors`} className="field-error">
            {mine.map((problem, index) => (
              <li key={index}>
                {problem.line !== undefined ? `Line ${problem.line}, column ${problem.col}: ` : ''}
                {problem.message}{' '}
                {problem.line !== undefined ? (
                  <button type="button" className="secondary" onClick={() => goTo(key, problem)}>
                    Go to line {problem.line}, column {problem.col}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  };

  return (
    <>
      <form onSubmit={(event) => void submit(event)} noValidate className="card">
        {template ? (
          <p>
            Key <code>{template.key}</code>, for {template.context} emails{template.system ? '; a system template' : ''}.
          </p>
        ) : null}
        <ErrorNotice error={save.error} />
        {template ? null : (
          <>
            <Field label="Key" required hint="Lower-case letters, digits and dashes; fixed once created." value={key} onChange={(event) => setKey(event.target.value)} error={fieldError(save.error, '/key')} />
            <SelectField
              label="Sent on"
              hint="Which placeholders the template may use; fixed once created."
              value={context}
              onChange={(event) => setContext(event.target.value)}
              options={Object.entries(contexts).map(([value, label]) => ({ value, label }))}
              error={fieldError(save.error, '/context')}
            />
          </>
        )}
        <Field label="Name" required value={name} onChange={(event) => setName(event.target.value)} error={fieldError(save.error, '/name')} />
        {part('subject', 'Subject', 2)}
        {part('html', 'HTML body', 14)}
        {part('text', 'Text body (empty: made from the HTML)', 8)}
        <div className="actions">
          <button type="submit" disabled={save.busy}>
            {template ? 'Save template' : 'Create template'}
          </button>
          <button type="button" className="secondary" disabled={preview.busy} onClick={() => void showPreview()}>
            Preview
          </button>
        </div>
      </form>
      <ErrorNotice error={preview.error} />
      {rendered ? (
        <section className="card" aria-labelledby="template-preview">
          <h2 id="template-preview">Preview with sample values</h2>
          <p>
            <strong>Subject:</strong> {rendered.subject}
          </p>
          <h3>Text</h3>
          <pre className="email-text">{rendered.text ?? '(none)'}</pre>
          <h3>HTML source</h3>
          <pre className="email-text">{rendered.html}</pre>
        </section>
      ) : null}
    </>
  );
}
