import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api';
import { ErrorNotice, Field, fieldError, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { ConfirmDialog } from './ConfirmDialog';
import { FormButtons } from './FormParts';
import { RowAction } from './RowAction';
import type { Customer, OrgElement } from './types';
import { useChanges } from './useApiData';

/** What differs between a customer's locations and its areas: the path, the words, and a location's address. */
export interface OrgElementKind {
  path: 'locations' | 'areas';
  title: string;
  noun: string;
  withAddress: boolean;
}

export const locationKind: OrgElementKind = { path: 'locations', title: 'Locations', noun: 'location', withAddress: true };
export const areaKind: OrgElementKind = { path: 'areas', title: 'Areas', noun: 'area', withAddress: false };

type Fields = { name: string; address: string };

const capitalized = (noun: string) => noun[0]!.toUpperCase() + noun.slice(1);

/**
 * A customer's locations or areas (offered when a ticket is opened): add, rename, delete; the deletion
 * asked first. The customer overview lists them; `onChanged` reads it again.
 */
export function OrgElementsSection({ customer, kind, items, onChanged }: { customer: Customer; kind: OrgElementKind; items: OrgElement[]; onChanged: () => void }) {
  const [editing, setEditing] = useState<OrgElement>();
  const [deleting, setDeleting] = useState<OrgElement>();
  const [generation, setGeneration] = useState(0);
  const action = useChanges(onChanged);
  const collection = `/api/customers/${customer.id}/${kind.path}`;
  const Noun = capitalized(kind.noun);

  async function send(request: () => Promise<unknown>, message: string) {
    if (!(await action.send(request, message))) return;
    setEditing(undefined);
    setGeneration(generation + 1);
  }
  const body = (fields: Fields) => (kind.withAddress ? { name: fields.name, address: fields.address.trim() === '' ? null : fields.address } : { name: fields.name });
  const remove = (element: OrgElement) => {
    setDeleting(undefined);
    void send(() => api('DELETE', `${collection}/${element.id}`), `${Noun} ${element.name} deleted.`);
  };

  const headingId = `${kind.path}-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{kind.title}</h2>
      {action.status ? <StatusNotice>{action.status}</StatusNotice> : null}
      {items.length === 0 ? (
        <p>No {kind.noun} yet.</p>
      ) : (
        <AdminTable
          caption={`${kind.title} of ${customer.name}`}
          items={items}
          columns={[
            { label: 'Name', cell: (element) => element.name },
            ...(kind.withAddress ? [{ label: 'Address', cell: (element: OrgElement) => element.address ?? '' }] : []),
            {
              label: 'Actions',
              cell: (element) => (
                <div className="actions">
                  <RowAction label="Rename" subject={element.name} onClick={() => { action.clear(); setEditing(element); }} />
                  <RowAction label="Delete" subject={element.name} className="danger" onClick={() => setDeleting(element)} />
                </div>
              ),
            },
          ]}
        />
      )}
      <OrgElementForm
        key={editing?.id ?? `new-${generation}`}
        title={editing ? `Rename ${editing.name}` : `New ${kind.noun}`}
        kind={kind}
        initial={{ name: editing?.name ?? '', address: editing?.address ?? '' }}
        submitLabel={editing ? `Save ${kind.noun}` : `Add ${kind.noun}`}
        error={action.error}
        busy={action.busy}
        onCancel={editing ? () => setEditing(undefined) : undefined}
        onSubmit={(fields) =>
          editing
            ? send(() => api('PATCH', `${collection}/${editing.id}`, { body: body(fields) }), `${Noun} ${fields.name} saved.`)
            : send(() => api('POST', collection, { body: body(fields) }), `${Noun} ${fields.name} added.`)
        }
      />
      {deleting ? (
        <ConfirmDialog title={`Delete the ${kind.noun} ${deleting.name}?`} confirmLabel={`Delete ${kind.noun}`} danger onConfirm={() => remove(deleting)} onCancel={() => setDeleting(undefined)}>
          <p>It is no longer offered when tickets are opened; tickets that name it keep it. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function OrgElementForm({ title, kind, initial, submitLabel, error, busy, onSubmit, onCancel }: { title: string; kind: OrgElementKind; initial: Fields; submitLabel: string; error: unknown; busy: boolean; onSubmit: (fields: Fields) => void; onCancel: (() => void) | undefined }) {
  const [fields, setFields] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(fields);
  }
  return (
    <form onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <ErrorNotice error={error} />
      <Field label={`${capitalized(kind.noun)} name`} required value={fields.name} onChange={(event) => setFields({ ...fields, name: event.target.value })} error={fieldError(error, '/name')} />
      {kind.withAddress ? <Field label="Address" value={fields.address} onChange={(event) => setFields({ ...fields, address: event.target.value })} error={fieldError(error, '/address')} /> : null}
      <FormButtons submitLabel={submitLabel} busy={busy} onCancel={onCancel} />
    </form>
  );
}
