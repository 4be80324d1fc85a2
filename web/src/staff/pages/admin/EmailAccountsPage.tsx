import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Loading, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { AllocationSummary } from './AllocationSection';
import { EmailAccountForm, type EmailAccount } from './EmailAccountForm';
import type { CustomerGroup } from './types';
import { useAction, useApiData } from './useApiData';

/** Administration > Email accounts: the mailboxes that become tickets, their state, and a new one. */
export function EmailAccountsPage() {
  const accounts = useApiData<{ items: EmailAccount[] }>('/api/email-accounts');
  const groups = useApiData<{ items: CustomerGroup[] }>('/api/customer-groups');
  const create = useAction();
  const [created, setCreated] = useState<EmailAccount>();
  const [generation, setGeneration] = useState(0);

  async function add(body: Record<string, unknown>): Promise<boolean> {
    const account = await create.run(() => api<EmailAccount>('POST', '/api/email-accounts', { body }));
    if (!account) return false;
    setCreated(account);
    setGeneration(generation + 1);
    accounts.reload();
    return true;
  }

  return (
    <main>
      <h1>Email accounts</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/inbound-emails">Mail quarantine</Link>
      </p>
      <ErrorNotice error={accounts.error} />
      {!accounts.data && !accounts.error ? <Loading what="Loading the email accounts" /> : null}
      {accounts.data ? (
        accounts.data.items.length === 0 ? (
          <p>No email account yet.</p>
        ) : (
          <AdminTable
            caption="Email accounts"
            items={accounts.data.items}
            columns={[
              { label: 'Name', cell: (account) => <Link to={`/admin/email-accounts/${account.id}`}>{account.name}</Link> },
              { label: 'Address', cell: (account) => account.address },
              { label: 'Enabled', cell: (account) => (account.enabled ? 'Yes' : 'No') },
              { label: 'Offered to', cell: (account) => <AllocationSummary allocation={account.allocation} groups={groups.data?.items ?? []} /> },
              {
                label: 'Last fetch',
                cell: (account) => (account.state.lastError ? `Failing: ${account.state.lastError}` : account.state.lastSyncAt ? new Date(account.state.lastSyncAt).toLocaleString() : 'Never'),
              },
            ]}
          />
        )
      ) : null}
      <section className="card" aria-labelledby="new-account">
        <h2 id="new-account">New email account</h2>
        <p>A new account is offered to all customers in the portal; allocate it on its page right after creating it if it is meant for some only.</p>
        {created ? (
          <StatusNotice>
            Email account <Link to={`/admin/email-accounts/${created.id}`}>{created.name}</Link> created.
          </StatusNotice>
        ) : null}
        <EmailAccountForm key={generation} submitLabel="Create email account" error={create.error} busy={create.busy} onSubmit={add} />
      </section>
    </main>
  );
}
