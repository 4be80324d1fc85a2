import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api';
import { ErrorNotice, Field, fieldError, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import { ConfirmDialog } from './ConfirmDialog';
import { CustomerPicker } from './CustomerPicker';
import { FormButtons } from './FormParts';
import { RowAction } from './RowAction';
import { fullName, type Contact, type Customer, type Invitation } from './types';
import { useAction } from './useApiData';

const portalLabels: Record<Contact['portalState'], string> = { none: 'No login', invited: 'Invited', active: 'Active' };

type Editing = { kind: 'edit' | 'move'; contact: Contact };
type Confirming =
  | { kind: 'move'; contact: Contact; to: Customer }
  | { kind: 'email'; contact: Contact; changes: ContactFields }
  | { kind: 'disable-login' | 'deactivate'; contact: Contact };

interface ContactFields {
  firstName: string;
  lastName: string;
  email: string;
}

/**
 * The contacts of a customer: add, edit, move to another customer, enable or disable the portal login,
 * deactivate. What ends portal access (a move, a new email address, disabling) or cannot be undone
 * (deactivation) is asked first, and the confirmation the API requires is sent only then.
 */
export function ContactsSection({ customer, onChanged }: { customer: Customer & { contacts: Contact[] }; onChanged: () => void }) {
  const action = useAction();
  const [status, setStatus] = useState<string>();
  const [editing, setEditing] = useState<Editing>();
  const [confirming, setConfirming] = useState<Confirming>();

  async function send<T>(request: () => Promise<T>, message: (answer: T) => string) {
    setStatus(undefined);
    setConfirming(undefined);
    const answer = await action.run(request);
    if (answer === undefined) return;
    setStatus(message(answer));
    setEditing(undefined);
    onChanged();
  }

  const post = <T,>(contact: Contact, verb: string, body?: unknown) => api<T>('POST', `/api/contacts/${contact.id}/${verb}`, body === undefined ? {} : { body });

  function move(contact: Contact, to: Customer) {
    if (contact.portalState !== 'none') return setConfirming({ kind: 'move', contact, to });
    void send(() => post(contact, 'move', { customerId: to.id }), () => `${fullName(contact)} moved to ${to.name}.`);
  }

  function edit(contact: Contact, changes: ContactFields) {
    if (changes.email.trim().toLowerCase() !== contact.email.toLowerCase() && contact.portalState !== 'none') return setConfirming({ kind: 'email', contact, changes });
    void send(() => api('PATCH', `/api/contacts/${contact.id}`, { body: changes }), () => `${fullName(changes)} saved.`);
  }

  function confirmed(question: Confirming) {
    const { contact } = question;
    if (question.kind === 'move') {
      void send(() => post(contact, 'move', { customerId: question.to.id, confirmPortalAccessEnd: true }), () => `${fullName(contact)} moved to ${question.to.name}; their portal access ended.`);
    } else if (question.kind === 'email') {
      void send(() => api('PATCH', `/api/contacts/${contact.id}`, { body: { ...question.changes, confirmPortalAccessEnd: true } }), () => `${fullName(question.changes)} saved; their portal login ended.`);
    } else if (question.kind === 'disable-login') {
      void send(() => post(contact, 'disable-login'), () => `The portal login of ${fullName(contact)} is disabled.`);
    } else {
      void send(() => post(contact, 'deactivate'), () => `${fullName(contact)} is deactivated.`);
    }
  }

  // The overview lists active contacts only: a deactivated one is kept for the history of its tickets.
  const active = customer.contacts.filter((contact) => contact.active);
  return (
    <section className="card" aria-labelledby="contacts">
      <h2 id="contacts">Contacts</h2>
      {status ? <StatusNotice>{status}</StatusNotice> : null}
      {!editing ? <ErrorNotice error={action.error} /> : null}
      {active.length === 0 ? (
        <p>No active contact.</p>
      ) : (
        <AdminTable
          caption={`Active contacts of ${customer.name}`}
          items={active}
          columns={[
            { label: 'Name', cell: (contact) => fullName(contact) },
            { label: 'Email', cell: (contact) => contact.email },
            { label: 'Portal login', cell: (contact) => portalLabels[contact.portalState] },
            {
              label: 'Actions',
              cell: (contact) => (
                <div className="actions">
                  <RowAction label="Edit" subject={fullName(contact)} onClick={() => { action.clear(); setEditing({ kind: 'edit', contact }); }} />
                  <RowAction label="Change customer" subject={fullName(contact)} onClick={() => { action.clear(); setEditing({ kind: 'move', contact }); }} />
                  {contact.portalState === 'active' ? null : (
                    <RowAction label={contact.portalState === 'invited' ? 'Invite again' : 'Enable login'} subject={fullName(contact)} onClick={() => void send(() => post<{ invitation: Invitation }>(contact, 'enable-login'), (answer) => answer.invitation.detail)} />
                  )}
                  {contact.portalState === 'none' ? null : <RowAction label="Disable login" subject={fullName(contact)} onClick={() => setConfirming({ kind: 'disable-login', contact })} />}
                  <RowAction label="Deactivate" subject={fullName(contact)} className="danger" onClick={() => setConfirming({ kind: 'deactivate', contact })} />
                </div>
              ),
            },
          ]}
        />
      )}
      {editing?.kind === 'edit' ? <ContactForm key={editing.contact.id} title={`Edit ${fullName(editing.contact)}`} initial={editing.contact} submitLabel="Save contact" error={action.error} busy={action.busy} onSubmit={(fields) => edit(editing.contact, fields)} onCancel={() => setEditing(undefined)} /> : null}
      {editing?.kind === 'move' ? <MoveForm contact={editing.contact} from={customer} error={action.error} busy={action.busy} onMove={(to) => move(editing.contact, to)} onCancel={() => setEditing(undefined)} /> : null}
      {!editing ? <NewContact customer={customer} onAdded={onChanged} /> : null}
      {confirming ? <Confirmation question={confirming} onConfirm={() => confirmed(confirming)} onCancel={() => setConfirming(undefined)} /> : null}
    </section>
  );
}

/** The words of each question (seed: "the portal access will be disabled for the contact"). */
function Confirmation({ question, onConfirm, onCancel }: { question: Confirming; onConfirm: () => void; onCancel: () => void }) {
  const name = fullName(question.contact);
  switch (question.kind) {
    case 'move':
      return (
        <ConfirmDialog title={`Move ${name} to ${question.to.name}?`} confirmLabel="Move and end portal access" danger onConfirm={onConfirm} onCancel={onCancel}>
          <p>
            The portal access of {name} ends: they will no longer see the tickets of their current customer. Enable login afterwards to invite them for {question.to.name}.
          </p>
        </ConfirmDialog>
      );
    case 'email':
      return (
        <ConfirmDialog title={`Change the email address of ${name}?`} confirmLabel="Change and end portal login" danger onConfirm={onConfirm} onCancel={onCancel}>
          <p>The portal login of {name} ends (it does not move to the new address). Enable login afterwards to invite them at {question.changes.email}.</p>
        </ConfirmDialog>
      );
    case 'disable-login':
      return (
        <ConfirmDialog title={`Disable the portal login of ${name}?`} confirmLabel="Disable login" danger onConfirm={onConfirm} onCancel={onCancel}>
          <p>{name} can no longer sign in to the portal; any invitation link stops working.</p>
        </ConfirmDialog>
      );
    case 'deactivate':
      return (
        <ConfirmDialog title={`Deactivate ${name}?`} confirmLabel="Deactivate contact" danger onConfirm={onConfirm} onCancel={onCancel}>
          <p>{name} is kept for the history of their tickets only: their portal access ends and they can no longer be changed or invited.</p>
        </ConfirmDialog>
      );
  }
}

function ContactForm({ title, initial, submitLabel, error, busy, onSubmit, onCancel }: { title: string; initial?: ContactFields; submitLabel: string; error: unknown; busy: boolean; onSubmit: (fields: ContactFields) => void; onCancel?: () => void }) {
  const [fields, setFields] = useState<ContactFields>(initial ?? { firstName: '', lastName: '', email: '' });
  const set = (name: keyof ContactFields) => (event: { target: { value: string } }) => setFields({ ...fields, [name]: event.target.value });
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit({ firstName: fields.firstName, lastName: fields.lastName, email: fields.email });
  }
  return (
    <form onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <ErrorNotice error={error} />
      <Field label="First name" required value={fields.firstName} onChange={set('firstName')} error={fieldError(error, '/firstName')} />
      <Field label="Last name" required value={fields.lastName} onChange={set('lastName')} error={fieldError(error, '/lastName')} />
      <Field label="Email" type="email" required value={fields.email} onChange={set('email')} error={fieldError(error, '/email')} />
      <FormButtons submitLabel={submitLabel} busy={busy} onCancel={onCancel} />
    </form>
  );
}

function MoveForm({ contact, from, error, busy, onMove, onCancel }: { contact: Contact; from: Customer; error: unknown; busy: boolean; onMove: (to: Customer) => void; onCancel: () => void }) {
  const [to, setTo] = useState<Customer>();
  function submit(event: FormEvent) {
    event.preventDefault();
    if (to) onMove(to);
  }
  return (
    <form onSubmit={submit} aria-label={`Change the customer of ${fullName(contact)}`}>
      <h3>Change the customer of {fullName(contact)}</h3>
      <ErrorNotice error={error} />
      <CustomerPicker label="New customer" value={to?.id ?? ''} onChange={setTo} exclude={[from.id]} />
      <div className="actions">
        <button type="submit" disabled={busy || !to}>
          Change customer
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function NewContact({ customer, onAdded }: { customer: Customer; onAdded: () => void }) {
  const add = useAction();
  const [added, setAdded] = useState<string>();
  const [generation, setGeneration] = useState(0);
  async function submit(fields: ContactFields) {
    setAdded(undefined);
    const contact = await add.run(() => api<Contact & { invitation: Invitation }>('POST', `/api/customers/${customer.id}/contacts`, { body: fields }));
    if (!contact) return;
    setAdded(`${fullName(contact)} added. ${contact.invitation.detail}`);
    setGeneration(generation + 1);
    onAdded();
  }
  return (
    <>
      {added ? <StatusNotice>{added}</StatusNotice> : null}
      <ContactForm key={generation} title="New contact" submitLabel="Add contact" error={add.error} busy={add.busy} onSubmit={(fields) => void submit(fields)} />
    </>
  );
}
