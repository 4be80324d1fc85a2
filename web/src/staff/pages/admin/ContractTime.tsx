import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorNotice, Loading } from '../../../shared/components';
import { EntryMinutes, type TimeEntry } from '../TimeLog';
import { AdminTable } from './AdminTable';
import { Pager } from './FormParts';
import { useApiData } from './useApiData';

interface ContractTimeEntry extends TimeEntry {
  ticketId: string;
  ticketNumber: number;
  ticketSubject: string;
}

/**
 * The time billed to a contract (GET /api/time-entries?contractId=), the last logged first, a page at a
 * time: who, on which ticket, the day, the minutes, the note and whether it was confirmed past the limit.
 */
export function ContractTime({ contract, onClose }: { contract: { id: string; description: string }; onClose: () => void }) {
  const [cursor, setCursor] = useState<string>();
  const page = useApiData<{ items: ContractTimeEntry[]; nextCursor: string | null }>(`/api/time-entries?contractId=${contract.id}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  return (
    <section aria-labelledby="contract-time">
      <h3 id="contract-time">Time logged on {contract.description}</h3>
      <ErrorNotice error={page.error} />
      {!page.data && !page.error ? <Loading what="Loading the time" /> : null}
      {page.data?.items.length === 0 ? <p>No time logged on this contract{cursor ? ' before these' : ''}.</p> : null}
      {page.data?.items.length ? (
        <AdminTable
          caption={`Time logged on ${contract.description}, the last logged first`}
          items={page.data.items}
          columns={[
            { label: 'Agent', cell: (entry) => entry.staffName ?? '' },
            { label: 'Ticket', cell: (entry) => <Link to={`/tickets/${entry.ticketId}`}>{`#${entry.ticketNumber} ${entry.ticketSubject}`}</Link> },
            { label: 'Day', cell: (entry) => entry.workedOn },
            { label: 'Time', cell: (entry) => <EntryMinutes entry={entry} /> },
            { label: 'Note', cell: (entry) => entry.note ?? '' },
          ]}
        />
      ) : null}
      <Pager paged={cursor !== undefined} next={page.data?.nextCursor} onStart={() => setCursor(undefined)} onNext={setCursor} startLabel="Last logged" nextLabel="Logged before" />
      <button type="button" className="secondary" onClick={onClose}>
        Hide the time logged
      </button>
    </section>
  );
}
