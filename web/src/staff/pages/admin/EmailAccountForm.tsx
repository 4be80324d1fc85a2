import { useState, type FormEvent } from 'react';
import { ErrorNotice, Field, fieldError, SelectField } from '../../../shared/components';
import { useApiData } from './useApiData';

export interface EmailAccount {
  id: string;
  name: string;
  address: string;
  enabled: boolean;
  host: string;
  port: number;
  tlsMode: 'tls' | 'starttls' | 'none';
  user: string;
  folder: string;
  authMethod: 'password' | 'oauth2';
  defaultTeamId: string | null;
  defaultPriority: 'low' | 'normal' | 'high' | 'urgent';
  allocation: Allocation;
  state: { lastSyncAt: string | null; lastError: string | null; lastErrorAt: string | null; backlog: number };
}

export type Allocation = { kind: 'all' } | { kind: 'group'; groupId: string } | { kind: 'selected'; customerIds: string[] } | { kind: 'none' };

const priorities = ['low', 'normal', 'high', 'urgent'] as const;

/**
 * The settings of a tickets-from-email account (password login; an OAuth2 account keeps its settings,
 * changed through the API). The password is never shown: left empty on a change, the stored one stays.
 */
export function EmailAccountForm({ initial, submitLabel, error, busy, onSubmit }: { initial?: EmailAccount; submitLabel: string; error: unknown; busy: boolean; onSubmit: (body: Record<string, unknown>) => Promise<boolean> }) {
  const [fields, setFields] = useState({
    name: initial?.name ?? '',
    address: initial?.address ?? '',
    host: initial?.host ?? '',
    port: String(initial?.port ?? 993),
    tlsMode: initial?.tlsMode ?? 'tls',
    user: initial?.user ?? '',
    folder: initial?.folder ?? 'INBOX',
    password: '',
    defaultTeamId: initial?.defaultTeamId ?? '',
    defaultPriority: initial?.defaultPriority ?? 'normal',
  });
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const teams = useApiData<{ items: Array<{ id: string; name: string }> }>('/api/teams');
  const set = (name: keyof typeof fields) => (event: { target: { value: string } }) => setFields({ ...fields, [name]: event.target.value });
  const error_ = (name: string) => fieldError(error, `/${name}`);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { password, port, defaultTeamId, ...rest } = fields;
    const body = { ...rest, port: Number(port), enabled, defaultTeamId: defaultTeamId === '' ? null : defaultTeamId, ...(password ? { password } : {}) };
    if (await onSubmit(body)) setFields((current) => ({ ...current, password: '' }));
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <ErrorNotice error={error} />
      <Field label="Name" required value={fields.name} onChange={set('name')} error={error_('name')} />
      <Field label="Address" type="email" required value={fields.address} onChange={set('address')} error={error_('address')} />
      <Field label="IMAP host" required value={fields.host} onChange={set('host')} error={error_('host')} />
      <Field label="Port" type="number" required value={fields.port} onChange={set('port')} error={error_('port')} />
      <SelectField
        label="Encryption"
        value={fields.tlsMode}
        onChange={set('tlsMode')}
        error={error_('tlsMode')}
        options={[
          { value: 'tls', label: 'TLS' },
          { value: 'starttls', label: 'STARTTLS' },
          { value: 'none', label: 'None (local test servers only)' },
        ]}
      />
      <Field label="User" required value={fields.user} onChange={set('user')} error={error_('user')} />
      <Field label="Folder" value={fields.folder} onChange={set('folder')} error={error_('folder')} />
      <Field
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={initial ? (initial.authMethod === 'oauth2' ? 'This account signs in with OAuth2; a password here switches it to password login.' : 'Leave empty to keep the stored password.') : undefined}
        value={fields.password}
        onChange={set('password')}
        error={error_('password')}
      />
      <SelectField
        label="Default team"
        value={fields.defaultTeamId}
        onChange={set('defaultTeamId')}
        error={error_('defaultTeamId')}
        options={[{ value: '', label: 'No team' }, ...(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))]}
      />
      <SelectField label="Default priority" value={fields.defaultPriority} onChange={set('defaultPriority')} error={error_('defaultPriority')} options={priorities.map((p) => ({ value: p, label: p[0]!.toUpperCase() + p.slice(1) }))} />
      <Field
        label="Enabled"
        type="checkbox"
        hint="An enabled account is checked by connecting to it before it is saved; a disabled one fetches nothing and is offered to nobody."
        checked={enabled}
        onChange={(event) => setEnabled(event.target.checked)}
        error={error_('enabled')}
      />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
