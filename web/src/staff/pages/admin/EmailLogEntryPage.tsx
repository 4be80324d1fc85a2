import { Fragment, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Loading, StatusNotice } from '../../../shared/components';
import { resultLabels, type LogEntry } from './EmailLogPage';
import { useAction, useApiData } from './useApiData';

interface LogEntryDetail extends LogEntry {
  text: string | null;
  smtpResponse: string | null;
  headers: Record<string, string | string[] | null>;
}

/** Only these may be retried; the API says why for any other (sent, bounced, decided against). */
const retriable = new Set<LogEntry['result']>(['failed', 'retrying']);

/** One email of the log: what became of it, its headers and text, and the retry of one that did not go. */
export function EmailLogEntryPage() {
  const { id } = useParams();
  const entry = useApiData<LogEntryDetail>(`/api/emails/log/${id}`);
  const retry = useAction();
  const [status, setStatus] = useState<string>();
  const email = entry.data;

  async function retryEmail() {
    setStatus(undefined);
    if (await retry.run(() => api('POST', `/api/emails/log/${id}/retry`))) {
      setStatus('Retry queued: the email goes out again with its first Message-ID.');
      entry.reload();
    }
  }

  const headers = email ? Object.entries(email.headers).filter(([, value]) => value !== null && !(Array.isArray(value) && value.length === 0)) : [];
  return (
    <main>
      <h1>{email ? email.subject : 'Email'}</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/email-log">Email log</Link>
      </p>
      {status ? <StatusNotice>{status}</StatusNotice> : null}
      <ErrorNotice error={entry.error ?? retry.error} />
      {!email && !entry.error ? <Loading what="Loading the email" /> : null}
      {email ? (
        <>
          <dl className="card">
            <dt>Result</dt>
            <dd>
              {resultLabels[email.result]}
              {email.reason ? `: ${email.reason}` : ''}
            </dd>
            <dt>To</dt>
            <dd>{email.to}</dd>
            <dt>Attempts</dt>
            <dd>{email.attempts}</dd>
            {email.lastError ? (
              <>
                <dt>Last error</dt>
                <dd>{email.lastError}</dd>
              </>
            ) : null}
            {email.smtpResponse ? (
              <>
                <dt>Mail server's answer</dt>
                <dd>{email.smtpResponse}</dd>
              </>
            ) : null}
            {email.retried ? (
              <>
                <dt>Retried</dt>
                <dd>{new Date(email.retried.at).toLocaleString()}</dd>
              </>
            ) : null}
            {headers.map(([name, value]) => (
              <Fragment key={name}>
                <dt>{name}</dt>
                <dd>{Array.isArray(value) ? value.join(' ') : value}</dd>
              </Fragment>
            ))}
          </dl>
          {retriable.has(email.result) ? (
            <button type="button" disabled={retry.busy} onClick={() => void retryEmail()}>
              Retry
            </button>
          ) : null}
          <h2>Text</h2>
          <pre className="email-text">{email.text ?? '(no text part, or blanked after sending: it held a single-use link)'}</pre>
        </>
      ) : null}
    </main>
  );
}
