import { Route, Routes } from 'react-router';
import { AdminIndexPage } from './AdminIndexPage';
import { CustomerGroupsPage } from './CustomerGroupsPage';
import { CustomerPage } from './CustomerPage';
import { CustomersPage } from './CustomersPage';
import { EmailAccountPage } from './EmailAccountPage';
import { EmailAccountsPage } from './EmailAccountsPage';

/** The administration screens, under /staff/admin. */
export function AdminRoutes() {
  return (
    <Routes>
      <Route index element={<AdminIndexPage />} />
      <Route path="customers" element={<CustomersPage />} />
      <Route path="customers/:id" element={<CustomerPage />} />
      <Route path="customer-groups" element={<CustomerGroupsPage />} />
      <Route path="email-accounts" element={<EmailAccountsPage />} />
      <Route path="email-accounts/:id" element={<EmailAccountPage />} />
      <Route path="*" element={<main><h1>Page not found</h1></main>} />
    </Routes>
  );
}
