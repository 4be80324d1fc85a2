import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice, Field, SelectField, StatusNotice } from '../../shared/components';
import { StatusOptions, TicketTable, formatDateTime, useCursorList } from '../../shared/tickets';
import { NamedOptions, nameOf, useDirectory } from './directory';
import { deleteView, readSavedViews, saveView, type SavedView } from './savedViews';

interface Ticket {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  customerId: string | null;
  teamId: string | null;
  assigneeId: string | null;
  updatedAt: string;
}

/** The list's query: everything GET /api/tickets filters and sorts by, kept in the address. */
const filterNames = ['status', 'customerId', 'teamId', 'assigneeId', 'q', 'sort', 'order'] as const;
type Filters = Partial<Record<(typeof filterNames)[number], string>>;

function filtersOf(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const name of filterNames) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

/** The tickets the agent may see: filters, sort and paging in the address (a link or a saved view keeps them). */
export function TicketListPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const currentQuery = new URLSearchParams(filters).toString();
  const list = useCursorList<Ticket>('/api/tickets', filters);
  const directory = useDirectory();

  return (
    <main>
      <h1>Tickets</h1>
      {/* Keyed by the filters in the address: a saved view or going back shows its own filters in the form. */}
      <FilterForm key={currentQuery} initial={filters} directory={directory} onApply={setParams} />
      {directory.me ? <SavedViews userId={directory.me.userId} currentQuery={currentQuery} /> : null}
      <TicketTable
        list={list}
        columns={[
          { label: 'Status', cell: (ticket) => ticket.status },
          { label: 'Priority', cell: (ticket) => ticket.priority },
          { label: 'Customer', cell: (ticket) => nameOf(directory.customers, ticket.customerId) },
          { label: 'Assignee', cell: (ticket) => (ticket.assigneeId === directory.me?.userId ? 'me' : nameOf(directory.staff, ticket.assigneeId, 'unassigned')) },
          { label: 'Last change', cell: (ticket) => formatDateTime(ticket.updatedAt) },
        ]}
      />
    </main>
  );
}

function FilterForm({ initial, directory, onApply }: { initial: Filters; directory: ReturnType<typeof useDirectory>; onApply: (params: URLSearchParams) => void }) {
  const [filters, setFilters] = useState<Filters>(initial);
  const set = (name: keyof Filters) => (event: { target: { value: string } }) => setFilters((current) => ({ ...current, [name]: event.target.value }));
  const me = directory.me?.userId;

  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of filterNames) {
      const value = filters[name]?.trim();
      if (value) next.set(name, value);
    }
    onApply(next);
  }

  return (
    <form className="filters" role="search" aria-label="Filter tickets" onSubmit={apply}>
      <SelectField label="Status" value={filters.status ?? ''} onChange={set('status')}>
        <StatusOptions />
      </SelectField>
      {directory.customers || filters.customerId ? (
        <SelectField label="Customer" value={filters.customerId ?? ''} onChange={set('customerId')}>
          <option value="">All</option>
          <NamedOptions items={directory.customers} chosen={filters.customerId} />
        </SelectField>
      ) : null}
      {directory.teams || filters.teamId ? (
        <SelectField label="Team" value={filters.teamId ?? ''} onChange={set('teamId')}>
          <option value="">All</option>
          <NamedOptions items={directory.teams} chosen={filters.teamId} />
        </SelectField>
      ) : null}
      <SelectField label="Assignee" value={filters.assigneeId ?? ''} onChange={set('assigneeId')}>
        <option value="">Anyone</option>
        {me ? <option value={me}>Me</option> : null}
        <NamedOptions items={directory.staff?.filter((user) => user.id !== me)} chosen={filters.assigneeId === me ? undefined : filters.assigneeId} />
      </SelectField>
      <Field label="Search" type="search" value={filters.q ?? ''} onChange={set('q')} />
      <SelectField label="Sort by" value={filters.sort ?? 'updatedAt'} onChange={set('sort')}>
        <option value="updatedAt">Last change</option>
        <option value="createdAt">Opened</option>
        <option value="number">Number</option>
      </SelectField>
      <SelectField label="Order" value={filters.order ?? 'desc'} onChange={set('order')}>
        <option value="desc">Newest / highest first</option>
        <option value="asc">Oldest / lowest first</option>
      </SelectField>
      <button type="submit">Apply</button>
    </form>
  );
}

/** The person's saved views of this list: each a link to its filters; the current filters saved under a name. */
function SavedViews({ userId, currentQuery }: { userId: string; currentQuery: string }) {
  const [views, setViews] = useState<SavedView[]>(() => readSavedViews(userId));
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<unknown>();

  function save(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError(new Error('Name the view to save it.'));
      return;
    }
    try {
      setViews(saveView(userId, { name: trimmed, query: currentQuery }));
      setSaved(trimmed);
      setError(undefined);
      setName('');
    } catch (failure) {
      setError(new Error(`The browser did not keep the view: ${(failure as Error).message}`));
    }
  }

  return (
    <section className="saved-views" aria-labelledby="views-heading">
      <h2 id="views-heading">Saved views</h2>
      {views.length === 0 ? <p className="hint">None yet: filter the list, then save it under a name.</p> : null}
      <ul aria-label="Your saved views">
        {views.map((view) => (
          <li key={view.name}>
            <Link to={`/tickets${view.query ? `?${view.query}` : ''}`} aria-current={view.query === currentQuery ? 'page' : undefined}>
              {view.name}
            </Link>{' '}
            <button type="button" className="secondary small" onClick={() => setViews(deleteView(userId, view.name))} aria-label={`Delete the view ${view.name}`}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {saved ? <StatusNotice>Saved the view “{saved}” in this browser.</StatusNotice> : null}
      <ErrorNotice error={error} />
      <form className="filters" onSubmit={save}>
        <Field label="Name of this view" value={name} onChange={(e) => setName(e.target.value)} hint="Kept in this browser, for you only." />
        <button type="submit" className="secondary">
          Save view
        </button>
      </form>
    </section>
  );
}
