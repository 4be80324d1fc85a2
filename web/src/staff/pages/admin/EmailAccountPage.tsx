import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Loading, StatusNotice } from '../../../shared/components';
import { AllocationSection } from './AllocationSection';
import { ConfirmDialog } from './ConfirmDialog';
import { EmailAccountForm, type EmailAccount } from './EmailAccountForm';
import { useAction, useApiData } from './useApiData';

/** One email account: its settings, its allocation to customers, and its deletion. */
export function EmailAccountPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const account = useApiData<EmailAccount>(`/api/email-accounts/${id}`);
  const save = useAction();
  const remove = useAction();
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);

  async function change(body: Record<string, unknown>): Promise<boolean> {
    setSaved(false);
    const changed = await save.run(() => api<EmailAccount>('PATCH', `/api/email-accounts/${id}`, { body }));
    if (!changed) return false;
    setSaved(true);
    account.reload();
    return true;
  }

  async function confirmDelete() {
    setDeleting(false);
    if ((await remove.run(async () => (await api('DELETE', `/api/email-accounts/${id}`), true))) === true) navigate('/admin/email-accounts');
  }

  const current = account.data;
  return (
    <main>
      <h1>{current ? `Email account ${current.name}` : 'Email account'}</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/email-accounts">Email accounts</Link> ·{' '}
        <Link to={`/admin/inbound-emails?accountId=${id}`}>Its inbound emails</Link>
      </p>
      <ErrorNotice error={account.error} />
      {!current && !account.error ? <Loading what="Loading the email account" /> : null}
      {current ? (
        <>
          {current.state.lastError ? (
            <p className="notice notice-error">
              The last fetch failed{current.state.lastErrorAt ? ` (${new Date(current.state.lastErrorAt).toLocaleString()})` : ''}: {current.state.lastError}
            </p>
          ) : null}
          <AllocationSection account={current} onChanged={account.reload} />
          <section className="card" aria-labelledby="account-settings">
            <h2 id="account-settings">Settings</h2>
            {saved ? <StatusNotice>Email account saved.</StatusNotice> : null}
            <EmailAccountForm key={current.id} initial={current} submitLabel="Save email account" error={save.error} busy={save.busy} onSubmit={change} />
          </section>
          <section className="card" aria-labelledby="account-delete">
            <h2 id="account-delete">Delete</h2>
            <ErrorNotice error={remove.error} />
            <button type="button" className="danger" onClick={() => setDeleting(true)}>
              Delete email account
            </button>
          </section>
          {deleting ? (
            <ConfirmDialog title={`Delete the email account ${current.name}?`} confirmLabel="Delete email account" danger onConfirm={() => void confirmDelete()} onCancel={() => setDeleting(false)}>
              <p>No more email is fetched from {current.address}, and its allocation to customers is gone. The tickets and the emails already received stay.</p>
            </ConfirmDialog>
          ) : null}
        </>
      ) : null}
    </main>
  );
}
