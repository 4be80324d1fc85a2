import { loadConfig } from '../config.js';
import { routeTable } from './routes.js';

const config = loadConfig({
  DATABASE_URL: 'postgresql://localhost/gateway',
  SERVICE_PUBLIC_KEYS: 'gateway=AAAA',
  JWT_SECRET: 'y'.repeat(32),
  PORTAL_LINK_SECRET: 'z'.repeat(32),
});

function ownerOf(path: string): string | undefined {
  return routeTable(config).find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`))?.upstream.service;
}

describe('routeTable', () => {
  it.each([
    ['/api/tickets/42', 'tickets'],
    ['/api/portal/tickets', 'tickets'],
    ['/api/portal/tickets/7/notes', 'tickets'],
    ['/api/portal/me', 'customers'],
    ['/api/portal/locations/1', 'customers'],
    ['/api/customers/1/contacts', 'customers'],
    ['/api/customer-groups', 'customers'],
    ['/api/contacts/1/move', 'customers'],
    ['/api/email-accounts', 'mail-ingest'],
    ['/api/email-accounts/1/allocation', 'mail-ingest'],
    ['/api/inbound-emails', 'mail-ingest'],
    ['/api/inbound-emails/1/raw', 'mail-ingest'],
    ['/api/portal/email-accounts', 'tickets'],
    ['/api/attachments/5f0c4d8e-7a3b-4c55-9f0e-3b2a1d4c5e6f', 'tickets'],
    ['/api/contracts/1', 'contracts'],
    ['/api/contracts', 'contracts'],
    ['/api/portal/contracts', 'contracts'],
    ['/api/time-entries/1', 'contracts'],
    ['/api/portal/contractsx', 'customers'],
  ])('sends %s to %s', (path, service) => {
    expect(ownerOf(path)).toBe(service);
  });
});
