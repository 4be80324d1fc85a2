import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { query } from '../../../shared/api';
import { ErrorNotice, Field, Loading, SelectField } from '../../../shared/components';
import { useApiData } from './useApiData';

export interface LogEntry {
  id: string;
  createdAt: string;
  to: string;
  subject: string;
  template: string | null;
  result: 'sent' | 'queued' | 'retrying' | 'failed' | 'not_sent' | 'bounced';
  reason: string | null;
  lastError: string | null;
  attempts: number;
  sentAt: string | null;
  retried: { at: string; by: string } | null;
}

export const resultLabels: Record<LogEntry['result'], string> = {
  sent: 'Sent',
  queued: 'Queued',
  retrying: 'Retrying',
  failed: 'Failed',
  not_sent: 'Not sent',
  bounced: 'Bounced',
};

const searchFields = ['recipient', 'subject', 'result'] as const;

/** Administration > Email log: every email sent or decided against, searchable, newest first. */
export function EmailLogPage() {
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState(() => Object.fromEntries(searchFields.map((name) => [name, params.get(name) ?? ''])) as Record<(typeof searchFields)[number], string>);
  const cursor = params.get('cursor') ?? undefined;
  const log = useApiData<{ items: LogEntry[]; next: string | null }>(`/api/emails/log${query({ ...Object.fromEntries(searchFields.map((name) => [name, params.get(name)])), cursor, limit: 50 })}`);

  function search(event: FormEvent) {
    event.preventDefault();
    setParams(Object.fromEntries(Object.entries(form).filter(([, value]) => value !== '')));
  }

  return (
    <main>
      <h1>Email log</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/inbound-emails">Mail quarantine</Link>
      </p>
      <form className="filters" role="search" onSubmit={search}>
        <Field label="Recipient" type="search" value={form.recipient} onChange={(event) => setForm({ ...form, recipient: event.target.value })} />
        <Field label="Subject" type="search" value={form.subject} onChange={(event) => setForm({ ...form, subject: event.target.value })} />
        <SelectField label="Result" value={form.result} onChange={(event) => setForm({ ...form, result: event.target.value })} options={[{ value: '', label: 'Any result' }, ...Object.entries(resultLabels).map(([value, label]) => ({ value, label }))]} />
        <button type="submit">Search</button>
      </form>
      <ErrorNotice error={log.error} />
      {!log.data && !log.error ? <Loading what="Loading the email log" /> : null}
      {log.data ? (
        log.data.items.length === 0 ? (
          <p>No email matches.</p>
        ) : (
          <table className="responsive">
            <caption className="visually-hidden">Emails</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {log.data.items.map((entry) => (
                <tr key={entry.id}>
                  <td data-label="Created">{new Date(entry.createdAt).toLocaleString()}</td>
                  <td data-label="To">{entry.to}</td>
                  <td data-label="Subject">
                    <Link to={`/admin/email-log/${entry.id}`}>{entry.subject}</Link>
                  </td>
                  <td data-label="Result">
                    {resultLabels[entry.result]}
                    {entry.reason ? `: ${entry.reason}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <div className="pager">
        {cursor ? (
          <button type="button" className="secondary" onClick={() => setParams((current) => { const next = new URLSearchParams(current); next.delete('cursor'); return next; })}>
            Newest
          </button>
        ) : null}
        {log.data?.next ? (
          <button type="button" className="secondary" onClick={() => setParams((current) => { const next = new URLSearchParams(current); next.set('cursor', log.data!.next!); return next; })}>
            Older
          </button>
        ) : null}
      </div>
    </main>
  );
}
