import { useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';

export interface Named {
  id: string;
  name: string;
}

export interface StaffPrincipal {
  userId: string;
  role: 'admin' | 'agent';
  permissions: string[];
}

/** An active colleague as the staff directory gives them. */
export interface Colleague extends Named {
  teamIds: string[];
}

/**
 * The customers, teams and active staff users, to offer them by name in filters and assignment. Teams and
 * staff come from the staff directory every staff user may read (`/api/staff/directory`); customers need
 * customers.view…: a list the person may not read stays undefined and the page offers what it can without
 * it (the person themselves, always). Customers: the first 100 by name; more are found by the list's search.
 */
export function useDirectory() {
  const session = useSession<StaffPrincipal>();
  const me = session.state.status === 'signed-in' ? session.state.principal : undefined;
  const [customers, setCustomers] = useState<Named[]>();
  const [teams, setTeams] = useState<Named[]>();
  const [staff, setStaff] = useState<Colleague[]>();

  useEffect(() => {
    const ignore = () => undefined;
    api<{ items: Named[] }>('GET', '/api/customers?limit=100').then((page) => setCustomers(page.items), ignore);
    api<{ staff: Colleague[]; teams: Named[] }>('GET', '/api/staff/directory').then((directory) => {
      setStaff(directory.staff);
      setTeams(directory.teams);
    }, ignore);
  }, []);

  return { me, customers, teams, staff };
}

/** The name of `id` in `list`, or a placeholder saying it is not one the person can list. */
export function nameOf(list: Named[] | undefined, id: string | null | undefined, none = 'none'): string {
  if (!id) return none;
  return list?.find((item) => item.id === id)?.name ?? `(${id.slice(0, 8)})`;
}

/** Options by name, keeping the chosen one when the person cannot list it (a team or agent they may not read). */
export function NamedOptions({ items, chosen }: { items: Named[] | undefined; chosen: string | null | undefined }) {
  const known = items ?? [];
  return (
    <>
      {chosen && !known.some((item) => item.id === chosen) ? <option value={chosen}>{nameOf(items, chosen)}</option> : null}
      {known.map((item) => (
        <option key={item.id} value={item.id}>
          {item.name}
        </option>
      ))}
    </>
  );
}
