import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { query } from '../../shared/api';
import { Field, SelectField } from '../../shared/components';
import { StatusOptions, TicketTable, formatDateTime, useCursorList } from '../../shared/tickets';

interface PortalTicket {
  id: string;
  number: number;
  subject: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

/** The tickets of the contact's customer that the contact may see, filtered by status and text (in the address, so a link keeps them). */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const filters = { status: params.get('status') ?? undefined, q: params.get('q') ?? undefined };
  const list = useCursorList<PortalTicket>('/api/portal/tickets', filters);
  return (
    <main>
      <h1>Your tickets</h1>
      <p>
        <Link className="button" to="/tickets/new">
          New ticket
        </Link>
      </p>
      {/* Keyed by the filters in the address: going back shows the filters of that page. */}
      <Filters key={query(filters)} initial={filters} onApply={setParams} />
      <TicketTable
        list={list}
        columns={[
          { label: 'Status', cell: (ticket) => ticket.status },
          { label: 'Opened', cell: (ticket) => formatDateTime(ticket.createdAt) },
          { label: 'Last change', cell: (ticket) => formatDateTime(ticket.updatedAt) },
        ]}
      />
    </main>
  );
}

function Filters({ initial, onApply }: { initial: { status?: string | undefined; q?: string | undefined }; onApply: (params: URLSearchParams) => void }) {
  const [status, setStatus] = useState(initial.status ?? '');
  const [search, setSearch] = useState(initial.q ?? '');

  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (status) next.set('status', status);
    if (search.trim()) next.set('q', search.trim());
    onApply(next);
  }

  return (
    <form className="filters" role="search" aria-label="Filter tickets" onSubmit={apply}>
      <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
        <StatusOptions />
      </SelectField>
      <Field label="Search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      <button type="submit">Filter</button>
    </form>
  );
}
