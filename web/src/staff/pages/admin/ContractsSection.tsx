import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api';
import { ErrorNotice, Field, fieldError, SelectField, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { ConfirmDialog } from './ConfirmDialog';
import { ContractTime } from './ContractTime';
import { FormButtons } from './FormParts';
import { RowAction } from './RowAction';
import { fullName, type Contact, type Customer } from './types';
import { useApiData, useChanges } from './useApiData';

interface Contract {
  id: string;
  description: string;
  purchaseOrderNumber: string | null;
  customerContactId: string;
  supportContactId: string;
  supportManagerId: string | null;
  startDate: string | null;
  endDate: string | null;
  hourRestriction: boolean;
  contractHours: number | null;
  thresholdHours: number | null;
  endedOn: string | null;
  usedHours: number;
  remainingHours: number | null;
  overageHours: number | null;
  thresholdReached: boolean;
  version: number;
}

type ContractFields = Omit<Contract, 'id' | 'endedOn' | 'usedHours' | 'remainingHours' | 'overageHours' | 'thresholdReached' | 'version'>;

/** The contracts of a customer (the seeds' fields): create, edit, end; the hours used and remaining, and the time logged on each. */
export function ContractsSection({ customer }: { customer: Customer & { contacts: Contact[] } }) {
  const list = useApiData<{ items: Contract[] }>(`/api/contracts?customerId=${customer.id}`);
  const staff = useApiData<{ items: Array<{ id: string; name: string; active: boolean }> }>('/api/staff');
  const [editing, setEditing] = useState<Contract>();
  const [ending, setEnding] = useState<Contract>();
  const [showingTime, setShowingTime] = useState<Contract>();
  const [generation, setGeneration] = useState(0);
  const action = useChanges(list.reload);
  const send = async (request: () => Promise<unknown>, message: string) => {
    const done = await action.send(request, message);
    if (done) {
      setEditing(undefined);
      setGeneration(generation + 1);
    }
    return done;
  };
  const end = (contract: Contract) => {
    setEnding(undefined);
    void send(() => api('POST', `/api/contracts/${contract.id}/end`, { body: { version: contract.version } }), `${contract.description} ended.`);
  };
  const hours = (contract: Contract) =>
    contract.contractHours === null
      ? `${contract.usedHours} h used`
      : `${contract.usedHours} of ${contract.contractHours} h used, ${contract.remainingHours} h left${contract.overageHours ? `, ${contract.overageHours} h over` : ''}${contract.thresholdReached ? ' (threshold reached)' : ''}`;

  return (
    <section className="card" aria-labelledby="contracts">
      <h2 id="contracts">Contracts</h2>
      {action.status ? <StatusNotice>{action.status}</StatusNotice> : null}
      <ErrorNotice error={list.error} />
      {!editing ? <ErrorNotice error={action.error} /> : null}
      {list.data?.items.length === 0 ? <p>No contract.</p> : null}
      {list.data?.items.length ? (
        <AdminTable
          caption={`Contracts of ${customer.name}`}
          items={list.data.items}
          columns={[
            { label: 'Description', cell: (contract) => contract.description },
            { label: 'Term', cell: (contract) => `${contract.startDate ?? '…'} – ${contract.endedOn ?? contract.endDate ?? '…'}${contract.endedOn ? ' (ended)' : ''}` },
            { label: 'Hours', cell: hours },
            {
              label: 'Actions',
              cell: (contract) => (
                <div className="actions">
                  <RowAction label="Time logged" subject={contract.description} onClick={() => setShowingTime(contract)} />
                  {contract.endedOn ? null : (
                    <>
                      <RowAction label="Edit" subject={contract.description} onClick={() => { action.clear(); setEditing(contract); }} />
                      <RowAction label="End" subject={contract.description} className="danger" onClick={() => setEnding(contract)} />
                    </>
                  )}
                </div>
              ),
            },
          ]}
        />
      ) : null}
      {showingTime ? <ContractTime key={showingTime.id} contract={showingTime} onClose={() => setShowingTime(undefined)} /> : null}
      <h3>{editing ? `Edit ${editing.description}` : 'New contract'}</h3>
      <ContractForm
        key={editing?.id ?? `new-${generation}`}
        initial={editing}
        contacts={customer.contacts}
        staff={(staff.data?.items ?? []).filter((user) => user.active)}
        error={action.error}
        busy={action.busy}
        onCancel={editing ? () => setEditing(undefined) : undefined}
        onSubmit={(fields) =>
          editing
            ? send(() => api('PATCH', `/api/contracts/${editing.id}`, { body: { ...fields, version: editing.version } }), `${fields.description} saved.`)
            : send(() => api('POST', '/api/contracts', { body: { ...fields, customerId: customer.id } }), `${fields.description} created.`)
        }
      />
      {ending ? (
        <ConfirmDialog title={`End ${ending.description}?`} confirmLabel="End contract" danger onConfirm={() => end(ending)} onCancel={() => setEnding(undefined)}>
          <p>Its end date becomes today, before its term; it stays listed as ended, with the hours used on it. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function ContractForm({ initial, contacts, staff, error, busy, onSubmit, onCancel }: { initial: Contract | undefined; contacts: Contact[]; staff: Array<{ id: string; name: string }>; error: unknown; busy: boolean; onSubmit: (fields: ContractFields) => Promise<boolean>; onCancel: (() => void) | undefined }) {
  const [text, setText] = useState({
    description: initial?.description ?? '',
    purchaseOrderNumber: initial?.purchaseOrderNumber ?? '',
    customerContactId: initial?.customerContactId ?? '',
    supportContactId: initial?.supportContactId ?? '',
    supportManagerId: initial?.supportManagerId ?? '',
    startDate: initial?.startDate ?? '',
    endDate: initial?.endDate ?? '',
    contractHours: initial?.contractHours?.toString() ?? '',
    thresholdHours: initial?.thresholdHours?.toString() ?? '',
  });
  const [hourRestriction, setHourRestriction] = useState(initial?.hourRestriction ?? false);
  const set = (name: keyof typeof text) => (event: { target: { value: string } }) => setText({ ...text, [name]: event.target.value });
  const error_ = (name: string) => fieldError(error, `/${name}`);
  const orNull = (value: string) => (value === '' ? null : value);
  const number = (value: string) => (value === '' ? null : Number(value));

  function submit(event: FormEvent) {
    event.preventDefault();
    void onSubmit({
      description: text.description,
      purchaseOrderNumber: orNull(text.purchaseOrderNumber),
      customerContactId: text.customerContactId,
      supportContactId: text.supportContactId,
      supportManagerId: orNull(text.supportManagerId),
      startDate: orNull(text.startDate),
      endDate: orNull(text.endDate),
      hourRestriction,
      contractHours: number(text.contractHours),
      thresholdHours: number(text.thresholdHours),
    });
  }

  const people = (none: string) => [{ value: '', label: none }, ...staff.map((user) => ({ value: user.id, label: user.name }))];
  return (
    <form onSubmit={submit} noValidate>
      <ErrorNotice error={error} />
      <Field label="Description" required value={text.description} onChange={set('description')} error={error_('description')} />
      <Field label="Purchase order number" value={text.purchaseOrderNumber} onChange={set('purchaseOrderNumber')} error={error_('purchaseOrderNumber')} />
      <SelectField label="Customer contact" value={text.customerContactId} onChange={set('customerContactId')} error={error_('customerContactId')} options={[{ value: '', label: 'Choose a contact' }, ...contacts.map((contact) => ({ value: contact.id, label: fullName(contact) }))]} />
      <SelectField label="Support contact" value={text.supportContactId} onChange={set('supportContactId')} error={error_('supportContactId')} options={people('Choose a staff user')} />
      <SelectField label="Support manager" value={text.supportManagerId} onChange={set('supportManagerId')} error={error_('supportManagerId')} options={people('None')} />
      <Field label="Start date" type="date" value={text.startDate} onChange={set('startDate')} error={error_('startDate')} />
      <Field label="End date" type="date" value={text.endDate} onChange={set('endDate')} error={error_('endDate')} />
      <Field label="Contract has hour restriction" type="checkbox" checked={hourRestriction} onChange={(event) => setHourRestriction(event.target.checked)} error={error_('hourRestriction')} />
      <Field label="Contract hours" type="number" step="0.01" value={text.contractHours} onChange={set('contractHours')} error={error_('contractHours')} />
      <Field label="Hours notification threshold" type="number" step="0.01" value={text.thresholdHours} onChange={set('thresholdHours')} error={error_('thresholdHours')} />
      <FormButtons submitLabel={initial ? 'Save contract' : 'Create contract'} busy={busy} onCancel={onCancel} />
    </form>
  );
}
