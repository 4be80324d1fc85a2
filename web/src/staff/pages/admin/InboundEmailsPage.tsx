import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../../../shared/api';
import { ErrorNotice, Loading, SelectField, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import type { EmailAccount } from './EmailAccountForm';
import { RowAction } from './RowAction';
import { Pager } from './FormParts';
import { pagingInAddress, setParam, useAction, useApiData } from './useApiData';

export interface InboundEmail {
  id: string;
  emailAccountId: string;
  receivedAt: string;
  state: string;
  outcome: string | null;
  quarantineReason: string | null;
  from: { address: string; name: string | null } | null;
  subject: string | null;
  ticket: { id: string; number: number } | null;
}

/** The states of mail-ingest's records, worded for the list's filter. */
const states = [
  { value: '', label: 'Any state' },
  { value: 'quarantined', label: 'Quarantined' },
  { value: 'unfiled', label: 'Unfiled (given up)' },
  { value: 'received', label: 'Received, not processed yet' },
  { value: 'announced', label: 'Sent to tickets, not filed yet' },
  { value: 'filed', label: 'Filed to a ticket' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'bounce', label: 'Bounce' },
  { value: 'own-mail', label: 'Our own mail' },
];

/** Only these two can be retried: a quarantined email is processed again, an unfiled one announced again. */
export const retriable = (email: Pick<InboundEmail, 'state'>) => email.state === 'quarantined' || email.state === 'unfiled';

/** Administration > Mail quarantine: what became of each inbound email, and the retry of one held back. */
export function InboundEmailsPage() {
  const [params, setParams] = useSearchParams();
  const accountId = params.get('accountId') ?? '';
  // The quarantine first; 'any' in the address is the choice of every state.
  const stateParam = params.get('state') ?? 'quarantined';
  const state = stateParam === 'any' ? '' : stateParam;
  const cursor = params.get('cursor') ?? undefined;
  const list = useApiData<{ items: InboundEmail[]; nextCursor: string | null }>(`/api/inbound-emails${query({ accountId, state, cursor, limit: 50 })}`);
  const accounts = useApiData<{ items: EmailAccount[] }>('/api/email-accounts');
  const retry = useAction();
  const [status, setStatus] = useState<string>();
  const accountName = (id: string) => accounts.data?.items.find((account) => account.id === id)?.name ?? '—';
  const filter = (name: string, value: string) => setParam(setParams, name, value);

  async function retryEmail(email: InboundEmail) {
    setStatus(undefined);
    const answer = await retry.run(() => api<InboundEmail>('POST', `/api/inbound-emails/${email.id}/retry`));
    if (!answer) return;
    setStatus(`“${email.subject ?? '(no subject)'}” is ${email.state === 'unfiled' ? 'sent to tickets again' : 'processed again'}.`);
    list.reload();
  }

  return (
    <main>
      <h1>Mail quarantine</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/email-accounts">Email accounts</Link> · <Link to="/admin/email-log">Email log</Link>
      </p>
      <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter inbound emails">
        <SelectField label="Email account" value={accountId} onChange={(event) => filter('accountId', event.target.value)} options={[{ value: '', label: 'All accounts' }, ...(accounts.data?.items ?? []).map((account) => ({ value: account.id, label: account.name }))]} />
        <SelectField label="State" value={state} onChange={(event) => filter('state', event.target.value || 'any')} options={states} />
      </form>
      {status ? <StatusNotice>{status}</StatusNotice> : null}
      <ErrorNotice error={retry.error ?? list.error} />
      {!list.data && !list.error ? <Loading what="Loading inbound emails" /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p>No inbound email in this state.</p>
        ) : (
          <AdminTable
            caption="Inbound emails"
            items={list.data.items}
            columns={[
              { label: 'Received', cell: (email) => new Date(email.receivedAt).toLocaleString() },
              { label: 'From', cell: (email) => (email.from ? (email.from.name ? `${email.from.name} <${email.from.address}>` : email.from.address) : '—') },
              { label: 'Subject', cell: (email) => <Link to={`/admin/inbound-emails/${email.id}`}>{email.subject ?? '(no subject)'}</Link> },
              { label: 'Account', cell: (email) => accountName(email.emailAccountId) },
              { label: 'State', cell: (email) => `${email.state}${email.quarantineReason ? `: ${email.quarantineReason}` : ''}${email.ticket ? ` (ticket #${email.ticket.number})` : ''}` },
              { label: 'Actions', cell: (email) => (retriable(email) ? <RowAction label="Retry" subject={email.subject ?? '(no subject)'} disabled={retry.busy} onClick={() => void retryEmail(email)} /> : null) },
            ]}
          />
        )
      ) : null}
      <Pager paged={cursor !== undefined} next={list.data?.nextCursor} {...pagingInAddress(setParams)} startLabel="Newest" nextLabel="Older" />
    </main>
  );
}
