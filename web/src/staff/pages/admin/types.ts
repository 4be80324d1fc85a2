/** The shapes of the customers service's answers that the administration screens read. */
export interface Customer {
  id: string;
  name: string;
  groupId: string | null;
  portalTicketVisibility: 'own' | 'customer';
  emailDomains: string[];
}

export interface Contact {
  id: string;
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
  active: boolean;
  portalState: 'none' | 'invited' | 'active';
}

/** A location or an area of a customer (only a location has an address). */
export interface OrgElement {
  id: string;
  name: string;
  address?: string | null;
}

export interface CustomerGroup {
  id: string;
  name: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What adding a contact or enabling a login answers about the invitation email. */
export interface Invitation {
  sent: boolean;
  detail: string;
}

export const fullName = (contact: Pick<Contact, 'firstName' | 'lastName'>) => `${contact.firstName} ${contact.lastName}`;
