import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Loading, StatusNotice } from '../../../shared/components';
import { retriable, type InboundEmail } from './InboundEmailsPage';
import { useAction, useApiData } from './useApiData';

interface InboundEmailRecord extends InboundEmail {
  detail: string | null;
  attempts: number;
  headers: { to: string[]; cc: string[]; date: string | null; messageId: string | null };
  text: string | null;
  attachments: Array<{ id: string; filename: string; contentType: string; size: number }>;
  rawAvailable: boolean;
  raw: string;
}

/** One inbound email: what became of it and why, its headers and text, its raw source to download, its retry. */
export function InboundEmailPage() {
  const { id } = useParams();
  const record = useApiData<InboundEmailRecord>(`/api/inbound-emails/${id}`);
  const retry = useAction();
  const [status, setStatus] = useState<string>();
  const email = record.data;

  async function retryEmail() {
    setStatus(undefined);
    if (await retry.run(() => api('POST', `/api/inbound-emails/${id}/retry`))) {
      setStatus('Retried: the email is processed again.');
      record.reload();
    }
  }

  return (
    <main>
      <h1>{email ? email.subject ?? '(no subject)' : 'Inbound email'}</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/inbound-emails">Mail quarantine</Link>
      </p>
      <ErrorNotice error={record.error ?? retry.error} />
      {status ? <StatusNotice>{status}</StatusNotice> : null}
      {!email && !record.error ? <Loading what="Loading the email" /> : null}
      {email ? (
        <>
          <dl className="card">
            <dt>State</dt>
            <dd>
              {email.state}
              {email.quarantineReason ? `: ${email.quarantineReason}` : ''}
            </dd>
            {email.detail ? (
              <>
                <dt>Why</dt>
                <dd>{email.detail}</dd>
              </>
            ) : null}
            <dt>From</dt>
            <dd>{email.from?.address ?? '—'}</dd>
            <dt>To</dt>
            <dd>{email.headers.to.join(', ') || '—'}</dd>
            <dt>Received</dt>
            <dd>{new Date(email.receivedAt).toLocaleString()}</dd>
            <dt>Attempts</dt>
            <dd>{email.attempts}</dd>
            {email.ticket ? (
              <>
                <dt>Ticket</dt>
                <dd>#{email.ticket.number}</dd>
              </>
            ) : null}
          </dl>
          <div className="actions">
            {retriable(email) ? (
              <button type="button" disabled={retry.busy} onClick={() => void retryEmail()}>
                Retry
              </button>
            ) : null}
            {email.rawAvailable ? (
              <a className="button secondary" href={email.raw} download>
                Download the raw source
              </a>
            ) : null}
          </div>
          <h2>Text</h2>
          <pre className="email-text">{email.text ?? '(no text part)'}</pre>
          {email.attachments.length ? (
            <>
              <h2>Attachments</h2>
              <ul>
                {email.attachments.map((attachment) => (
                  <li key={attachment.id}>
                    {attachment.filename} ({attachment.contentType}, {attachment.size} bytes)
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </main>
  );
}
