import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, fieldError, Loading, SelectField, StatusNotice } from '../../../shared/components';
import { FormButtons } from './FormParts';
import { useAction, useApiData } from './useApiData';

interface EmailSettings {
  /** Whom the setting names; null: nobody, the oldest active administrator is meant. */
  accountOwnerId: string | null;
  /** Whom automations email as the account owner now. */
  effective: { id: string; email: string; name: string } | null;
}

interface StaffUser {
  id: string;
  name: string;
  email: string;
  active: boolean;
}

/** Administration > Email settings: the account owner, whom automations email when an action says "the account owner". */
export function EmailSettingsPage() {
  const settings = useApiData<EmailSettings>('/api/emails/settings');
  const staff = useApiData<{ items: StaffUser[] }>('/api/staff');
  const save = useAction();
  const [saved, setSaved] = useState(false);

  async function submit(accountOwnerId: string | null) {
    setSaved(false);
    if (await save.run(() => api('PUT', '/api/emails/settings', { body: { accountOwnerId } }))) {
      setSaved(true);
      settings.reload();
    }
  }

  const current = settings.data;
  return (
    <main>
      <h1>Email settings</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/automations">Automations</Link>
      </p>
      <p>
        The account owner is the staff user whom automations email when an action is sent to “the account owner” (the new-ticket alert, for one). Unless
        one is named here, it is the oldest active administrator.
      </p>
      {saved ? <StatusNotice>Email settings saved.</StatusNotice> : null}
      <ErrorNotice error={settings.error ?? staff.error} />
      {!current && !settings.error ? <Loading what="Loading the email settings" /> : null}
      {current ? (
        <section className="card" aria-labelledby="account-owner">
          <h2 id="account-owner">Account owner</h2>
          <p>{current.effective ? `Now: ${current.effective.name} (${current.effective.email}).` : 'Now: nobody (there is no active administrator).'}</p>
          <AccountOwnerForm key={current.accountOwnerId ?? ''} initial={current.accountOwnerId} staff={(staff.data?.items ?? []).filter((user) => user.active || user.id === current.accountOwnerId)} error={save.error} busy={save.busy} onSubmit={(id) => void submit(id)} />
        </section>
      ) : null}
    </main>
  );
}

function AccountOwnerForm({ initial, staff, error, busy, onSubmit }: { initial: string | null; staff: StaffUser[]; error: unknown; busy: boolean; onSubmit: (accountOwnerId: string | null) => void }) {
  const [chosen, setChosen] = useState(initial ?? '');
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(chosen === '' ? null : chosen);
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorNotice error={error} />
      <SelectField
        label="Account owner"
        value={chosen}
        onChange={(event) => setChosen(event.target.value)}
        options={[{ value: '', label: 'The oldest active administrator' }, ...staff.map((user) => ({ value: user.id, label: `${user.name} (${user.email})${user.active ? '' : ', deactivated'}` }))]}
        error={fieldError(error, '/accountOwnerId')}
      />
      <FormButtons submitLabel="Save email settings" busy={busy} />
    </form>
  );
}
