import { useState } from 'react';
import { query } from '../../../shared/api';
import { Field, SelectField } from '../../../shared/components';
import type { Customer, Page } from './types';
import { useApiData } from './useApiData';

/** A customer chosen by part of its name: a search field and the matches (the first 50) to pick from. */
export function CustomerPicker({ label, value, onChange, exclude = [] }: { label: string; value: string; onChange: (customer: Customer | undefined) => void; exclude?: string[] }) {
  const [search, setSearch] = useState('');
  const { data } = useApiData<Page<Customer>>(`/api/customers${query({ search, limit: 50 })}`);
  const matches = (data?.items ?? []).filter((customer) => !exclude.includes(customer.id));
  return (
    <div className="filters">
      <Field label={`Search ${label.toLowerCase()}`} type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
      <SelectField
        label={label}
        value={value}
        onChange={(event) => onChange(matches.find((customer) => customer.id === event.target.value))}
        options={[{ value: '', label: matches.length ? 'Choose a customer' : 'No customer matches' }, ...matches.map((customer) => ({ value: customer.id, label: customer.name }))]}
      />
    </div>
  );
}
