import { useEffect, useState } from 'react';
import { api } from '../../../shared/api';
import { CustomerPicker } from './CustomerPicker';
import { RowAction } from './RowAction';
import type { Customer } from './types';

/** The names of customers known by id only (an allocation, a team's access), read once each. */
export function useCustomerNames(ids: string[]) {
  const [names, setNames] = useState(new Map<string, string>());
  const key = ids.join();
  useEffect(() => {
    void Promise.all(ids.map((id) => api<Customer>('GET', `/api/customers/${id}`).catch(() => undefined))).then((customers) =>
      setNames((known) => new Map([...known, ...customers.flatMap((customer) => (customer ? [[customer.id, customer.name] as const] : []))])),
    );
    // The ids' text is the dependency: a new array of the same ids reads nothing again.
  }, [key]);
  const remember = (customer: Customer) => setNames((known) => new Map(known).set(customer.id, customer.name));
  return { names, remember };
}

/** A list of customers to edit: each with Remove, and a search to add more. */
export function CustomerSelection({ legend, selected, onChange, names, onPicked }: { legend: string; selected: string[]; onChange: (ids: string[]) => void; names: Map<string, string>; onPicked: (customer: Customer) => void }) {
  const [picked, setPicked] = useState<Customer>();
  function add() {
    if (!picked) return;
    onPicked(picked);
    onChange([...selected, picked.id]);
    setPicked(undefined);
  }
  return (
    <fieldset>
      <legend>{legend}</legend>
      {selected.length === 0 ? <p>None yet: find and add customers below.</p> : null}
      <ul>
        {selected.map((id) => (
          <li key={id}>
            {names.get(id) ?? id} <RowAction label="Remove" subject={names.get(id) ?? id} onClick={() => onChange(selected.filter((other) => other !== id))} />
          </li>
        ))}
      </ul>
      <CustomerPicker label="Customer to add" value={picked?.id ?? ''} onChange={setPicked} exclude={selected} />
      <button type="button" className="secondary" disabled={!picked} onClick={add}>
        Add customer
      </button>
    </fieldset>
  );
}
