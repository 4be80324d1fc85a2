import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api';
import { ErrorNotice, SelectField, StatusNotice } from '../../../shared/components';
import { ConfirmDialog } from './ConfirmDialog';
import { CustomerSelection, useCustomerNames } from './CustomerSelection';
import type { Allocation, EmailAccount } from './EmailAccountForm';
import type { CustomerGroup } from './types';
import { useAction, useApiData } from './useApiData';

const kinds: Array<{ value: Allocation['kind']; label: string }> = [
  { value: 'all', label: 'All customers' },
  { value: 'group', label: 'A customer group' },
  { value: 'selected', label: 'Selected customers' },
  { value: 'none', label: 'No customers' },
];

/** Who may pick the account in the portal, in words; the group named when the list of groups is at hand. */
export function AllocationSummary({ allocation, groups, names }: { allocation: Allocation; groups?: CustomerGroup[]; names?: Map<string, string> }) {
  switch (allocation.kind) {
    case 'all':
      return <>All customers</>;
    case 'none':
      return <>No customers</>;
    case 'group':
      return <>Customer group {groups?.find((group) => group.id === allocation.groupId)?.name ?? ''}</>;
    case 'selected':
      return names ? <>Selected customers: {allocation.customerIds.map((id) => names.get(id) ?? id).join(', ')}</> : <>{allocation.customerIds.length} selected customers</>;
  }
}

/**
 * The allocation of an email account to customers (seed 001). Saving replaces the previous allocation
 * entirely and irrecoverably (selected customers are not kept when a group is chosen), so the page asks first.
 */
export function AllocationSection({ account, onChanged }: { account: EmailAccount; onChanged: () => void }) {
  const groups = useApiData<{ items: CustomerGroup[] }>('/api/customer-groups');
  const [kind, setKind] = useState<Allocation['kind']>(account.allocation.kind);
  const [groupId, setGroupId] = useState(account.allocation.kind === 'group' ? account.allocation.groupId : '');
  const [selected, setSelected] = useState<string[]>(account.allocation.kind === 'selected' ? account.allocation.customerIds : []);
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<string>();
  const save = useAction();
  const { names, remember } = useCustomerNames(account.allocation.kind === 'selected' ? account.allocation.customerIds : []);

  const allocation: Allocation | undefined =
    kind === 'group' ? (groupId ? { kind, groupId } : undefined) : kind === 'selected' ? { kind, customerIds: selected } : { kind };

  function ask(event: FormEvent) {
    event.preventDefault();
    setStatus(undefined);
    setConfirming(true);
  }

  async function replace() {
    setConfirming(false);
    const saved = await save.run(() => api<EmailAccount>('PUT', `/api/email-accounts/${account.id}/allocation`, { body: allocation }));
    if (!saved) return;
    setStatus('Allocation saved; the previous one is discarded.');
    onChanged();
  }

  const groupList = groups.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="allocation">
      <h2 id="allocation">Offered to customers in the portal</h2>
      <p>
        Now: <AllocationSummary allocation={account.allocation} groups={groupList} names={names} />.
      </p>
      {status ? <StatusNotice>{status}</StatusNotice> : null}
      <form onSubmit={ask} noValidate>
        <ErrorNotice error={save.error} />
        <SelectField label="Offer this account to" value={kind} onChange={(event) => setKind(event.target.value as Allocation['kind'])} options={kinds} />
        {kind === 'group' ? (
          <SelectField
            label="Customer group"
            value={groupId}
            onChange={(event) => setGroupId(event.target.value)}
            options={[{ value: '', label: groupList.length ? 'Choose a group' : 'No group exists yet' }, ...groupList.map((group) => ({ value: group.id, label: group.name }))]}
          />
        ) : null}
        {kind === 'selected' ? (
          <CustomerSelection legend="Selected customers" selected={selected} onChange={setSelected} names={names} onPicked={remember} />
        ) : null}
        <p>
          <button type="submit" disabled={save.busy || !allocation}>
            Save allocation
          </button>
        </p>
      </form>
      {confirming && allocation ? (
        <ConfirmDialog title="Replace the allocation?" confirmLabel="Replace allocation" danger onConfirm={() => void replace()} onCancel={() => setConfirming(false)}>
          <p>
            The account will be offered to: <AllocationSummary allocation={allocation} groups={groupList} names={names} />.
          </p>
          <p>
            The previous allocation (<AllocationSummary allocation={account.allocation} groups={groupList} names={names} />) is discarded and cannot be recovered: to go back, it has to be
            set up again by hand.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
