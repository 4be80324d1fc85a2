import { useState, type FormEvent } from 'react';
import { ErrorNotice, Field, fieldError, SelectField } from '../../../shared/components';
import type { Customer, CustomerGroup } from './types';
import { useApiData } from './useApiData';

export interface CustomerFields {
  name: string;
  groupId: string | null;
  portalTicketVisibility: Customer['portalTicketVisibility'];
  emailDomains: string[];
}

/** The fields of a customer, to create one or to change one; the API's messages shown beside them. */
export function CustomerForm({ initial, submitLabel, error, busy, onSubmit }: { initial?: Customer; submitLabel: string; error: unknown; busy: boolean; onSubmit: (fields: CustomerFields) => Promise<boolean> }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [groupId, setGroupId] = useState(initial?.groupId ?? '');
  const [visibility, setVisibility] = useState<Customer['portalTicketVisibility']>(initial?.portalTicketVisibility ?? 'own');
  const [domains, setDomains] = useState(initial?.emailDomains.join(', ') ?? '');
  const groups = useApiData<{ items: CustomerGroup[] }>('/api/customer-groups');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const emailDomains = domains.split(/[\s,]+/).filter(Boolean);
    const done = await onSubmit({ name, groupId: groupId === '' ? null : groupId, portalTicketVisibility: visibility, emailDomains });
    if (done && !initial) {
      setName('');
      setDomains('');
    }
  }

  const domainError = fieldError(error, '/emailDomains') ?? firstIndexedError(error, '/emailDomains/');
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <ErrorNotice error={error} />
      <Field label="Name" required value={name} onChange={(event) => setName(event.target.value)} error={fieldError(error, '/name')} />
      <SelectField
        label="Customer group"
        value={groupId}
        onChange={(event) => setGroupId(event.target.value)}
        error={fieldError(error, '/groupId')}
        options={[{ value: '', label: 'No group' }, ...(groups.data?.items ?? []).map((group) => ({ value: group.id, label: group.name }))]}
      />
      <SelectField
        label="Portal tickets visible to a contact"
        value={visibility}
        onChange={(event) => setVisibility(event.target.value as Customer['portalTicketVisibility'])}
        error={fieldError(error, '/portalTicketVisibility')}
        options={[
          { value: 'own', label: 'Their own tickets' },
          { value: 'customer', label: "All of the customer's tickets" },
        ]}
      />
      <Field
        label="Email domains"
        hint="Senders from these domains become contacts of this customer; separate them with commas."
        value={domains}
        onChange={(event) => setDomains(event.target.value)}
        error={domainError}
      />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

/** A message about one item of a list (`/emailDomains/2`), shown beside the list's field. */
function firstIndexedError(error: unknown, prefix: string): string | undefined {
  const problem = (error as { problem?: { errors?: Array<{ pointer: string; message: string }> } } | undefined)?.problem;
  const found = problem?.errors?.find((item) => item.pointer.startsWith(prefix));
  return found ? `${found.message} (item ${Number(found.pointer.slice(prefix.length)) + 1})` : undefined;
}
