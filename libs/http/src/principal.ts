import type { PermissionName } from './permissions.js';

/** Who is calling, as the gateway established it. */
export type Principal = StaffPrincipal | ContactPrincipal | ServicePrincipal;

export interface StaffPrincipal {
  kind: 'staff';
  userId: string;
  role: 'admin' | 'agent';
  /** Effective permissions: every one for an administrator. */
  permissions: PermissionName[];
  /**
   * The user's teams. The customers they reach follow from these teams' ticket access, which each
   * service resolves from its own projection of the teams (the list itself could outgrow a header).
   */
  teamIds: string[];
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
