import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../../../shared/api';
import { ErrorNotice, Field, Loading, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { CustomerForm, type CustomerFields } from './CustomerForm';
import { Pager } from './FormParts';
import type { Customer, CustomerGroup, Page } from './types';
import { pagingInAddress, setParam, useAction, useApiData } from './useApiData';

/** Administration > Customers: find a customer, open it, or create one. The search and the page are in the address (Back from a customer returns to them). */
export function CustomersPage() {
  const [params, setParams] = useSearchParams();
  const applied = params.get('search') ?? '';
  const cursor = params.get('cursor') ?? undefined;
  const [search, setSearch] = useState(applied);
  const list = useApiData<Page<Customer>>(`/api/customers${query({ search: applied, cursor, limit: 25 })}`);
  const groups = useApiData<{ items: CustomerGroup[] }>('/api/customer-groups');
  const create = useAction();
  const [created, setCreated] = useState<Customer>();
  const groupName = (id: string | null) => groups.data?.items.find((group) => group.id === id)?.name ?? '—';

  function find(event: FormEvent) {
    event.preventDefault();
    setParam(setParams, 'search', search);
  }

  async function add(fields: CustomerFields): Promise<boolean> {
    const customer = await create.run(() => api<Customer>('POST', '/api/customers', { body: fields }));
    if (!customer) return false;
    setCreated(customer);
    list.reload();
    return true;
  }

  return (
    <main>
      <h1>Customers</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/customer-groups">Customer groups</Link>
      </p>
      <form className="filters" role="search" onSubmit={find}>
        <Field label="Search customers" type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        <button type="submit">Search</button>
      </form>
      <ErrorNotice error={list.error} />
      {!list.data && !list.error ? <Loading what="Loading customers" /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p>No customer matches.</p>
        ) : (
          <AdminTable
            caption="Customers"
            items={list.data.items}
            columns={[
              { label: 'Name', cell: (customer) => <Link to={`/admin/customers/${customer.id}`}>{customer.name}</Link> },
              { label: 'Group', cell: (customer) => groupName(customer.groupId) },
              { label: 'Portal tickets', cell: (customer) => (customer.portalTicketVisibility === 'own' ? 'Own tickets' : "Customer's tickets") },
              { label: 'Email domains', cell: (customer) => customer.emailDomains.join(', ') || '—' },
            ]}
          />
        )
      ) : null}
      <Pager paged={cursor !== undefined} next={list.data?.nextCursor} {...pagingInAddress(setParams)} startLabel="First page" nextLabel="Next page" />
      <section className="card" aria-labelledby="new-customer">
        <h2 id="new-customer">New customer</h2>
        {created ? (
          <StatusNotice>
            Customer <Link to={`/admin/customers/${created.id}`}>{created.name}</Link> created.
          </StatusNotice>
        ) : null}
        <CustomerForm submitLabel="Create customer" error={create.error} busy={create.busy} onSubmit={add} />
      </section>
    </main>
  );
}
