import { Link } from 'react-router';

/** The administration screens of this console, one entry each. */
const screens = [
  { to: '/admin/customers', label: 'Customers and contacts', about: 'Customers, their contacts and their portal login.' },
  { to: '/admin/customer-groups', label: 'Customer groups', about: 'Groups of customers, for access and email account allocation.' },
  { to: '/admin/email-accounts', label: 'Email accounts', about: 'Mailboxes that turn email into tickets, and which customers may pick them in the portal.' },
  { to: '/admin/inbound-emails', label: 'Mail quarantine', about: 'What became of each inbound email; retry a quarantined or unfiled one.' },
  { to: '/admin/staff', label: 'Staff users', about: 'Who signs in to this console, with which role and permissions.' },
  { to: '/admin/teams', label: 'Teams', about: 'Which customers\' tickets each team reaches, and its members.' },
  { to: '/admin/customer-apps', label: 'Customer apps', about: 'The customer portal: enable, disable, delete or create it.' },
  { to: '/admin/automations', label: 'Automations', about: 'The emails sent on ticket and contract events: create, edit their rules, switch, try, read their log.' },
  { to: '/admin/email-templates', label: 'Email templates', about: 'The emails automations and the helpdesk send: create, edit, check, preview and delete them.' },
  { to: '/admin/email-settings', label: 'Email settings', about: 'The account owner: whom automations email as "the account owner".' },
  { to: '/admin/system-emails', label: 'System emails', about: 'Switch the emails the helpdesk sends by itself on or off.' },
  { to: '/admin/email-log', label: 'Email log', about: 'Every email sent or decided against; retry one that did not go.' },
];

export function AdminIndexPage() {
  return (
    <main>
      <h1>Administration</h1>
      <ul className="admin-index">
        {screens.map((screen) => (
          <li key={screen.to}>
            <Link to={screen.to}>{screen.label}</Link>
            <p>{screen.about}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
