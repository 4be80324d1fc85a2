import type { PermissionName } from './permissions.js';

/** Who is calling, as the gateway established it. */
export type Principal = StaffPrincipal | ContactPrincipal | ServicePrincipal;

export interface StaffPrincipal {
  kind: 'staff';
  userId: string;
  role: 'admin' | 'agent';
  /** Effective permissions: every one for an administrator. */
  permissions: PermissionName[];
  /** Customers the user may pick for a ticket, from their teams' ticket access. */
  customerAccess: 'all' | string[];
}

/** A portal contact: every query it causes is scoped by this customer id, never one from the request. */
export interface ContactPrincipal {
  kind: 'contact';
  contactId: string;
  customerId: string;
}

/** Another service calling an internal endpoint, as itself: known by the key it signed with, never by what it claims. */
export interface ServicePrincipal {
  kind: 'service';
  service: string;
}
