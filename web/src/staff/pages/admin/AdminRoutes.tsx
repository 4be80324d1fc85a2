import { Route, Routes } from 'react-router';
import { AdminIndexPage } from './AdminIndexPage';
import { CustomerGroupsPage } from './CustomerGroupsPage';
import { CustomerPage } from './CustomerPage';
import { CustomersPage } from './CustomersPage';

/** The administration screens, under /staff/admin. */
export function AdminRoutes() {
  return (
    <Routes>
      <Route index element={<AdminIndexPage />} />
      <Route path="customers" element={<CustomersPage />} />
      <Route path="customers/:id" element={<CustomerPage />} />
      <Route path="customer-groups" element={<CustomerGroupsPage />} />
      <Route path="*" element={<main><h1>Page not found</h1></main>} />
    </Routes>
  );
}
