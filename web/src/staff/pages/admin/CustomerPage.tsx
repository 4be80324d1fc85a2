import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Loading, StatusNotice } from '../../../shared/components';
import { ContactsSection } from './ContactsSection';
import { ContractsSection } from './ContractsSection';
import { CustomerForm, type CustomerFields } from './CustomerForm';
import { NotificationGroupsSection } from './NotificationGroupsSection';
import { OrgElementsSection, areaKind, locationKind } from './OrgElementsSection';
import type { Contact, Customer, OrgElement } from './types';
import { useAction, useApiData } from './useApiData';

export type CustomerOverview = Customer & { contacts: Contact[]; locations: OrgElement[]; areas: OrgElement[]; notificationGroups: Parameters<typeof NotificationGroupsSection>[0]['groups'] };

/** One customer: its settings, its contacts with their portal login, contracts, locations and areas, notification groups. */
export function CustomerPage() {
  const { id } = useParams();
  const overview = useApiData<CustomerOverview>(`/api/customers/${id}`);
  const save = useAction();
  const [saved, setSaved] = useState(false);

  async function change(fields: CustomerFields): Promise<boolean> {
    setSaved(false);
    const customer = await save.run(() => api<Customer>('PATCH', `/api/customers/${id}`, { body: fields }));
    if (!customer) return false;
    setSaved(true);
    overview.reload();
    return true;
  }

  const customer = overview.data;
  return (
    <main>
      <h1>{customer ? customer.name : 'Customer'}</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/customers">Customers</Link>
      </p>
      <ErrorNotice error={overview.error} />
      {!customer && !overview.error ? <Loading what="Loading the customer" /> : null}
      {customer ? (
        <>
          <section className="card" aria-labelledby="customer-settings">
            <h2 id="customer-settings">Settings</h2>
            {saved ? <StatusNotice>Customer saved.</StatusNotice> : null}
            <CustomerForm key={customer.id} initial={customer} submitLabel="Save customer" error={save.error} busy={save.busy} onSubmit={change} />
          </section>
          <ContactsSection customer={customer} onChanged={overview.reload} />
          <ContractsSection customer={customer} />
          <OrgElementsSection customer={customer} kind={locationKind} items={customer.locations} onChanged={overview.reload} />
          <OrgElementsSection customer={customer} kind={areaKind} items={customer.areas} onChanged={overview.reload} />
          <NotificationGroupsSection customer={customer} groups={customer.notificationGroups} onChanged={overview.reload} />
        </>
      ) : null}
    </main>
  );
}
