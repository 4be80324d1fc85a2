import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../shared/api';
import { ErrorNotice, SelectField, StatusNotice, fieldError } from '../../shared/components';
import { useAction } from '../../shared/useAction';
import type { StaffTicket } from './StaffTicketPage';

/** What the page shows of a contract (GET /api/contracts/{id} and the list's items). */
interface ContractHours {
  id: string;
  description: string;
  contractHours: number | null;
  usedHours: number;
  remainingHours: number | null;
  overageHours: number | null;
}

function hoursLeft(contract: ContractHours): string {
  if (contract.contractHours === null) return `${contract.usedHours} h used, no hour limit`;
  return `${contract.remainingHours} of ${contract.contractHours} h left${contract.overageHours ? `, ${contract.overageHours} h past the limit` : ''}`;
}

/**
 * The ticket's contract with its hours left, and the choice of another of the customer's current
 * contracts, or none (PATCH /api/tickets/{id} {contractId} with If-Match). The tickets service refuses
 * a contract not current on the day the ticket was opened; its 422 shows beside the choice. Read again
 * with the ticket, so that time logged meanwhile shows in the hours left.
 */
export function TicketContract({ ticket, onChanged }: { ticket: StaffTicket; onChanged: () => Promise<void> }) {
  const [contract, setContract] = useState<ContractHours>();
  const [choices, setChoices] = useState<ContractHours[]>();
  const [readError, setReadError] = useState<unknown>();
  const [chosen, setChosen] = useState(ticket.contractId ?? '');
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    setReadError(undefined);
    if (ticket.contractId) api<ContractHours>('GET', `/api/contracts/${ticket.contractId}`).then(setContract, setReadError);
    else setContract(undefined);
    if (ticket.customerId) api<{ items: ContractHours[] }>('GET', `/api/contracts?customerId=${ticket.customerId}&state=current`).then((list) => setChoices(list.items), setReadError);
  }, [ticket]);
  useEffect(() => setChosen(ticket.contractId ?? ''), [ticket.id, ticket.version]);

  const save = useAction();
  const assign = async () => {
    setSaved(undefined);
    try {
      await api('PATCH', `/api/tickets/${ticket.id}`, { body: { contractId: chosen || null }, headers: { 'if-match': `"${ticket.version}"` } });
      setSaved(chosen ? 'Contract assigned. Time logged from now on counts against it.' : 'Contract removed. Time logged from now on counts against no contract.');
    } finally {
      // What did change is shown either way (and a stale version is read again).
      await onChanged();
    }
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    void save.run(assign);
  }

  if (!ticket.customerId) return null;
  // The ticket's contract stays a choice when it is no longer current (ended since).
  const options = [...(contract && !choices?.some((choice) => choice.id === contract.id) ? [contract] : []), ...(choices ?? [])];
  return (
    <form className="card" onSubmit={submit} aria-labelledby="contract-heading">
      <h2 id="contract-heading">Contract</h2>
      {saved ? <StatusNotice>{saved}</StatusNotice> : null}
      <ErrorNotice error={readError} />
      <ErrorNotice error={save.error} />
      <p>{ticket.contractId ? (contract ? `${contract.description}: ${hoursLeft(contract)}.` : 'Reading the contract…') : 'This ticket is on no contract.'}</p>
      <SelectField
        label="Contract"
        hint="The customer’s current contracts. Time already logged stays with the contract it was billed to; time logged after a change counts against the new one."
        value={chosen}
        onChange={(event) => setChosen(event.target.value)}
        error={fieldError(save.error, '/contractId')}
        options={[{ value: '', label: 'No contract' }, ...options.map((choice) => ({ value: choice.id, label: `${choice.description} (${hoursLeft(choice)})` }))]}
      />
      <button type="submit" disabled={save.busy || chosen === (ticket.contractId ?? '')}>
        {save.busy ? 'Saving…' : 'Save contract'}
      </button>
    </form>
  );
}
