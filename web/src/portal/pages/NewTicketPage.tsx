import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../shared/api';
import { ErrorNotice, Field, Loading, SelectField, TextAreaField, fieldError } from '../../shared/components';
import { useAction } from '../../shared/useAction';

interface EmailAccount {
  id: string;
  name: string;
  address: string;
}

/**
 * A new ticket from the portal. The mailbox it belongs to is one of those allocated to the contact's
 * customer, exactly (GET /api/portal/email-accounts): none allocated, no choice is shown.
 */
export function NewTicketPage() {
  const navigate = useNavigate();
  const [accounts, setAccounts] = useState<EmailAccount[]>();
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [accountId, setAccountId] = useState('');
  const [loadError, setLoadError] = useState<unknown>();
  const create = useAction();
  const error = create.error ?? loadError;

  useEffect(() => {
    api<{ items: EmailAccount[] }>('GET', '/api/portal/email-accounts').then((page) => {
      setAccounts(page.items);
      // One mailbox is the only answer: chosen for the contact.
      if (page.items.length === 1) setAccountId(page.items[0]!.id);
    }, setLoadError);
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    void create.run(async () => {
      const created = await api<{ id: string }>('POST', '/api/portal/tickets', { body: { subject, description, ...(accountId ? { emailAccountId: accountId } : {}) } });
      navigate(`/tickets/${created.id}`);
    });
  }

  return (
    <main>
      <h1>New ticket</h1>
      <ErrorNotice error={error} />
      {!accounts && !loadError ? <Loading what="Loading the form" /> : null}
      <form onSubmit={submit} noValidate>
        <Field label="Subject" required maxLength={250} value={subject} onChange={(e) => setSubject(e.target.value)} error={fieldError(error, '/subject')} />
        <TextAreaField label="Description" required value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError(error, '/description')} />
        {accounts && accounts.length > 0 ? (
          <SelectField
            label="Support mailbox"
            hint="Replies to this ticket come from this address."
            required
            value={accountId}
            onChange={(e) => setAccountId(e.target.value)}
            error={fieldError(error, '/emailAccountId')}
          >
            {accounts.length > 1 ? <option value="">Choose a mailbox</option> : null}
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name} ({account.address})
              </option>
            ))}
          </SelectField>
        ) : null}
        {/* Mailboxes are optional: a list that failed to load does not keep the contact from writing. */}
        <button type="submit" disabled={create.busy || (!accounts && !loadError)}>
          {create.busy ? 'Creating…' : 'Create ticket'}
        </button>
      </form>
    </main>
  );
}
