import { useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { ErrorNotice, Loading } from '../../shared/components';
import { formatDay, formatMinutes } from '../../shared/format';

/** A contract as `GET /api/portal/contracts` gives it to a contact (docs/contracts.md). */
interface PortalContract {
  id: string;
  description: string;
  purchaseOrderNumber: string | null;
  startDate: string | null;
  endDate: string | null;
  hourRestriction: boolean;
  contractHours: number | null;
  usedMinutes: number;
  remainingMinutes: number | null;
  supportContactName: string | null;
}

function term(contract: PortalContract): string {
  if (contract.startDate && contract.endDate) return `${formatDay(contract.startDate)} to ${formatDay(contract.endDate)}`;
  if (contract.endDate) return `Until ${formatDay(contract.endDate)}`;
  if (contract.startDate) return `From ${formatDay(contract.startDate)}, no end date`;
  return 'No end date';
}

/** The contracts of the contact's customer that are current today, with the hours used and remaining. */
export function ContractsPage() {
  const [contracts, setContracts] = useState<PortalContract[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api<{ items: PortalContract[] }>('GET', '/api/portal/contracts').then((page) => setContracts(page.items), setError);
  }, []);
  return (
    <main>
      <h1>Your contracts</h1>
      <ErrorNotice error={error} />
      {!contracts && !error ? <Loading what="Loading contracts" /> : null}
      {contracts && contracts.length === 0 ? <p>Your organisation has no current support contract.</p> : null}
      {contracts && contracts.length > 0 ? (
        <table className="responsive">
          <caption className="visually-hidden">Current contracts with the support hours used and remaining</caption>
          <thead>
            <tr>
              <th scope="col">Contract</th>
              <th scope="col">Term</th>
              <th scope="col">Hours bought</th>
              <th scope="col">Used</th>
              <th scope="col">Remaining</th>
              <th scope="col">Your contact with us</th>
            </tr>
          </thead>
          <tbody>
            {contracts.map((contract) => (
              <tr key={contract.id}>
                <td data-label="Contract">
                  {contract.description}
                  {contract.purchaseOrderNumber ? <span className="subtle"> · Purchase order {contract.purchaseOrderNumber}</span> : null}
                </td>
                <td data-label="Term">{term(contract)}</td>
                <td data-label="Hours bought">{contract.contractHours === null ? 'No limit' : formatMinutes(Math.round(contract.contractHours * 60))}</td>
                <td data-label="Used">{formatMinutes(contract.usedMinutes)}</td>
                <td data-label="Remaining">{contract.remainingMinutes === null ? 'No limit' : formatMinutes(contract.remainingMinutes)}</td>
                <td data-label="Your contact with us">{contract.supportContactName ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
