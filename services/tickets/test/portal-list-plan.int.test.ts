import { createHash, randomUUID } from 'node:crypto';
import { portalTicketListQuery, type PortalScope } from '../src/persistence/portal-ticket.repository';
import { startTickets, type TicketsTestService } from './helpers';

/**
 * The portal dashboard query must stay an index range scan however many tickets other customers
 * have. 50,000 tickets over 500 customers is enough for the planner to tell (bench/portal-list.mjs
 * shows the same plan, and its latency, for a million).
 */
describe('the portal list query plan', () => {
  let t: TicketsTestService;

  beforeAll(async () => {
    t = await startTickets();
    await t.query(`INSERT INTO tickets (id, subject, description, requester_email, status, customer_id, contact_id, created_by_kind, created_by_id, created_at, updated_at)
      SELECT gen_random_uuid(), 'Ticket ' || n, 'd', 'c' || (n % 2500) || '@customer.example', (ARRAY['new','open','pending','resolved','closed'])[1 + n % 5],
             md5('customer' || (n % 500))::uuid, md5('contact' || (n % 2500))::uuid, 'contact', md5('contact' || (n % 2500))::uuid,
             now() - n * interval '1 minute', now() - n * interval '1 minute'
      FROM generate_series(1, 50000) AS n`);
    await t.query('ANALYZE tickets');
  });
  afterAll(() => t?.stop());

  async function plan(scope: PortalScope, filters: { statuses?: string[]; q?: string }, after?: { value: Date; id: string }) {
    const query = portalTicketListQuery(scope, filters, { limit: 26, after });
    const rows = await t.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.text}`, query.values);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  // The ids the load gave customer 7 and its contact 7, as PostgreSQL's md5(…)::uuid does.
  const md5Uuid = (text: string) => createHash('md5').update(text).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  const customerId = md5Uuid('customer7');
  const contactId = md5Uuid('contact7');

  it.each([
    ['own tickets', 'own', 'tickets_portal_contact_idx'],
    ["the customer's tickets", 'customer', 'tickets_portal_customer_idx'],
  ] as const)('lists %s with an index scan: first and later pages, a status filter, a search', async (_what, visibility, index) => {
    const scope = { customerId, contactId, visibility };
    for (const explained of [
      await plan(scope, {}),
      await plan(scope, {}, { value: new Date(), id: randomUUID() }),
      await plan(scope, { statuses: ['open', 'pending'] }),
      await plan(scope, { q: 'Ticket 4' }),
    ]) {
      expect(explained).toContain(`Index Scan using ${index} on tickets`);
      expect(explained).not.toMatch(/Seq Scan on tickets|Sort/);
    }
  });
});
