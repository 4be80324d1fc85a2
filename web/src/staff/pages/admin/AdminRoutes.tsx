import { Route, Routes } from 'react-router';
import { PerItem } from '../../../shared/navigation';
import { AdminIndexPage } from './AdminIndexPage';
import { AutomationPage } from './AutomationPage';
import { AutomationsPage } from './AutomationsPage';
import { CustomerAppsPage } from './CustomerAppsPage';
import { CustomerGroupsPage } from './CustomerGroupsPage';
import { CustomerPage } from './CustomerPage';
import { CustomersPage } from './CustomersPage';
import { EmailAccountPage } from './EmailAccountPage';
import { EmailAccountsPage } from './EmailAccountsPage';
import { EmailLogEntryPage } from './EmailLogEntryPage';
import { EmailLogPage } from './EmailLogPage';
import { EmailSettingsPage } from './EmailSettingsPage';
import { EmailTemplatePage } from './EmailTemplatePage';
import { EmailTemplatesPage } from './EmailTemplatesPage';
import { InboundEmailPage } from './InboundEmailPage';
import { InboundEmailsPage } from './InboundEmailsPage';
import { NewAutomationPage } from './NewAutomationPage';
import { NewEmailTemplatePage } from './NewEmailTemplatePage';
import { StaffUsersPage } from './StaffUsersPage';
import { SystemEmailsPage } from './SystemEmailsPage';
import { TeamsPage } from './TeamsPage';

/** The administration screens, under /staff/admin; a screen of one item starts afresh for another (PerItem). */
export function AdminRoutes() {
  return (
    <Routes>
      <Route index element={<AdminIndexPage />} />
      <Route path="customers" element={<CustomersPage />} />
      <Route path="customers/:id" element={<PerItem><CustomerPage /></PerItem>} />
      <Route path="customer-groups" element={<CustomerGroupsPage />} />
      <Route path="email-accounts" element={<EmailAccountsPage />} />
      <Route path="email-accounts/:id" element={<PerItem><EmailAccountPage /></PerItem>} />
      <Route path="inbound-emails" element={<InboundEmailsPage />} />
      <Route path="inbound-emails/:id" element={<PerItem><InboundEmailPage /></PerItem>} />
      <Route path="email-log" element={<EmailLogPage />} />
      <Route path="email-log/:id" element={<PerItem><EmailLogEntryPage /></PerItem>} />
      <Route path="staff" element={<StaffUsersPage />} />
      <Route path="teams" element={<TeamsPage />} />
      <Route path="customer-apps" element={<CustomerAppsPage />} />
      <Route path="system-emails" element={<SystemEmailsPage />} />
      <Route path="email-templates" element={<EmailTemplatesPage />} />
      <Route path="email-templates/new" element={<NewEmailTemplatePage />} />
      <Route path="email-templates/:id" element={<PerItem><EmailTemplatePage /></PerItem>} />
      <Route path="email-settings" element={<EmailSettingsPage />} />
      <Route path="automations" element={<AutomationsPage />} />
      <Route path="automations/new" element={<NewAutomationPage />} />
      <Route path="automations/:id" element={<PerItem><AutomationPage /></PerItem>} />
      <Route path="*" element={<main><h1>Page not found</h1></main>} />
    </Routes>
  );
}
