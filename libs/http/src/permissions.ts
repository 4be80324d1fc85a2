/**
 * The named permissions a staff user can hold. Administrators hold all of them; an agent holds
 * those granted to them. Each admin route names the one it needs.
 */
export const permissions = {
  manageStaff: { name: 'staff.manage', label: 'Create/Edit Staff Users' },
  manageTeams: { name: 'teams.manage', label: 'Create/Edit Teams' },
  viewCustomers: { name: 'customers.view', label: 'View Customers' },
  manageCustomers: { name: 'customers.manage', label: 'Create/Edit Customers' },
  manageContacts: { name: 'contacts.manage', label: 'Create/Edit Customer Contacts' },
  managePortalAccess: { name: 'portal_access.manage', label: 'Enable/Disable Portal Login' },
  manageEmailAccounts: { name: 'email_accounts.manage', label: 'Create/Edit Tickets-From-Email Accounts' },
  manageAutomations: { name: 'automations.manage', label: 'Create/Edit Automations and Email Templates' },
  manageEmailLog: { name: 'email_log.manage', label: 'View the Email Log and Retry Emails' },
  manageCustomerApps: { name: 'customer_apps.manage', label: 'Enable/Disable Customer Apps' },
  manageContracts: { name: 'contracts.manage', label: 'Create/Edit/End Contracts' },
  manageTimeEntries: { name: 'time_entries.manage', label: "Edit/Delete Other Agents' Time Entries" },
} as const;

export type PermissionName = (typeof permissions)[keyof typeof permissions]['name'];

export const allPermissionNames: PermissionName[] = Object.values(permissions).map((p) => p.name);

export function isPermissionName(value: string): value is PermissionName {
  return (allPermissionNames as string[]).includes(value);
}
