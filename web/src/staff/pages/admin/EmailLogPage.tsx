import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { query } from '../../../shared/api';
import { ErrorNotice, Field, Loading, SelectField } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { Pager } from './FormParts';
import { pagingInAddress, useApiData } from './useApiData';

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
          <AdminTable
            caption="Emails"
            items={log.data.items}
            columns={[
              { label: 'Created', cell: (entry) => new Date(entry.createdAt).toLocaleString() },
              { label: 'To', cell: (entry) => entry.to },
              { label: 'Subject', cell: (entry) => <Link to={`/admin/email-log/${entry.id}`}>{entry.subject}</Link> },
              { label: 'Result', cell: (entry) => `${resultLabels[entry.result]}${entry.reason ? `: ${entry.reason}` : ''}` },
            ]}
          />
        )
      ) : null}
      <Pager paged={cursor !== undefined} next={log.data?.next} {...pagingInAddress(setParams)} startLabel="Newest" nextLabel="Older" />
    </main>
  );
}
