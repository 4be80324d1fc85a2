import { randomUUID } from 'node:crypto';
import { allPermissionNames, type PermissionName } from '@helpdesk/http';
import { admin, contactOf, createFixtures, staff, startCustomers, type Customers, type Fixtures } from './helpers';

const read: PermissionName[] = ['customers.view', 'customers.manage'];
const manage: PermissionName[] = ['customers.manage'];
const contacts: PermissionName[] = ['contacts.manage'];

/** Every staff route, a valid request to it, and the permissions of which it needs one. */
const staffRoutes: Array<[string, string, (f: Fixtures) => string, PermissionName[], ((f: Fixtures) => unknown)?]> = [
  ['list customers', 'GET', () => '/api/customers', read],
  ['read a customer', 'GET', (f) => `/api/customers/${f.customer}`, read],
  ['list groups', 'GET', () => '/api/customer-groups', read],
  ['read a contact', 'GET', (f) => `/api/contacts/${f.contact}`, read],
  ['create a customer', 'POST', () => '/api/customers', manage, () => ({ name: `Customer ${randomUUID()}` })],
  ['change a customer', 'PATCH', (f) => `/api/customers/${f.customer}`, manage, () => ({ portalTicketVisibility: 'customer' })],
  ['create a group', 'POST', () => '/api/customer-groups', manage, () => ({ name: `Group ${randomUUID()}` })],
  ['rename a group', 'PATCH', (f) => `/api/customer-groups/${f.group}`, manage, () => ({ name: `Group ${randomUUID()}` })],
  ['delete a group', 'DELETE', (f) => `/api/customer-groups/${f.group}`, manage],
  ['add a customer to a group', 'PUT', (f) => `/api/customer-groups/${f.group}/customers/${f.other}`, manage],
  ['remove a customer from a group', 'DELETE', (f) => `/api/customer-groups/${f.group}/customers/${f.customer}`, manage],
  ['add a location', 'POST', (f) => `/api/customers/${f.customer}/locations`, manage, () => ({ name: 'Annex' })],
  ['change a location', 'PATCH', (f) => `/api/customers/${f.customer}/locations/${f.location}`, manage, () => ({ name: 'HQ' })],
  ['remove a location', 'DELETE', (f) => `/api/customers/${f.customer}/locations/${f.location}`, manage],
  ['add an area', 'POST', (f) => `/api/customers/${f.customer}/areas`, manage, () => ({ name: 'Sales' })],
  ['change an area', 'PATCH', (f) => `/api/customers/${f.customer}/areas/${f.area}`, manage, () => ({ name: 'Finance' })],
  ['remove an area', 'DELETE', (f) => `/api/customers/${f.customer}/areas/${f.area}`, manage],
  ['create a notification group', 'POST', (f) => `/api/customers/${f.customer}/notification-groups`, manage, () => ({ name: 'New', notifyOn: [] })],
  ['change a notification group', 'PATCH', (f) => `/api/customers/${f.customer}/notification-groups/${f.notificationGroup}`, manage, () => ({ name: 'Renamed' })],
  ['delete a notification group', 'DELETE', (f) => `/api/customers/${f.customer}/notification-groups/${f.notificationGroup}`, manage],
  ['add a group member', 'PUT', (f) => `/api/customers/${f.customer}/notification-groups/${f.notificationGroup}/members/contact/${f.contact}`, manage],
  ['remove a group member', 'DELETE', (f) => `/api/customers/${f.customer}/notification-groups/${f.notificationGroup}/members/contact/${f.contact}`, manage],
  ['add a contact', 'POST', (f) => `/api/customers/${f.customer}/contacts`, contacts, () => ({ firstName: 'A', lastName: 'B', email: `${randomUUID()}@x.example` })],
  ['change a contact', 'PATCH', (f) => `/api/contacts/${f.contact}`, contacts, () => ({ firstName: 'Changed' })],
  ['deactivate a contact', 'POST', (f) => `/api/contacts/${f.contact}/deactivate`, contacts],
  ['move a contact', 'POST', (f) => `/api/contacts/${f.contact}/move`, contacts, (f) => ({ customerId: f.other })],
  ['enable portal login', 'POST', (f) => `/api/contacts/${f.contact}/enable-login`, ['portal_access.manage']],
];

describe('who may call what', () => {
  let c: Customers;
  let f: Fixtures;

  beforeAll(async () => {
    c = await startCustomers();
    f = await createFixtures(c);
  });
  afterAll(() => c?.stop());

  describe.each(staffRoutes)('staff route: %s (%s)', (_name, method, path, needs, body) => {
    const lacking = allPermissionNames.filter((p) => !needs.includes(p));

    it.each([
      ['a staff user without any permission', () => staff([])],
      ['a staff user with every other permission', () => staff(lacking)],
      ['a portal contact of the customer', () => contactOf(f.customer, f.contact)],
    ])('answers 403 to %s and changes nothing', async (_who, principal) => {
      const before = await c.snapshot();
      const response = await c.api(principal(), method, path(f), body?.(f));
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await c.snapshot()).toBe(before);
    });

    it('answers 401 without a gateway assertion', async () => {
      expect((await c.api(undefined, method, path(f), body?.(f))).status).toBe(401);
    });

    it.each(needs)('is allowed with %s alone', async (permission) => {
      const fresh = await createFixtures(c);
      const response = await c.api(staff([permission]), method, path(fresh), body?.(fresh));
      expect([200, 201, 204]).toContain(response.status);
    });
  });

  describe('portal routes', () => {
    let mine: Fixtures;
    let theirs: Fixtures;
    const asContact = (path: string) => c.api(contactOf(mine.customer, mine.contact), 'GET', path);

    beforeAll(async () => {
      mine = await createFixtures(c);
      theirs = await createFixtures(c);
    });

    it.each(['/api/portal/me', '/api/portal/locations', '/api/portal/areas', '/api/portal/locations/:location', '/api/portal/areas/:area'])(
      'answers 403 to staff and 401 without an assertion on %s',
      async (template) => {
        const path = template.replace(':location', mine.location).replace(':area', mine.area);
        const refused = await c.api(admin, 'GET', path);
        expect(refused.status).toBe(403);
        expect(refused.body.detail).toBe('This is for customer portal users only.');
        expect((await c.api(undefined, 'GET', path)).status).toBe(401);
      },
    );

    it("shows the contact their own profile and their customer's name", async () => {
      const customer = await c.ok('GET', `/api/customers/${mine.customer}`);
      const contact = await c.ok('GET', `/api/contacts/${mine.contact}`);
      expect((await asContact('/api/portal/me')).body).toEqual({
        id: contact.id,
        firstName: contact.firstName,
        lastName: contact.lastName,
        email: contact.email,
        customer: { id: customer.id, name: customer.name },
      });
      // A principal whose contact is not of its customer reaches nothing.
      expect((await c.api(contactOf(mine.customer, theirs.contact), 'GET', '/api/portal/me')).status).toBe(404);
    });

    it.each([
      ['locations', 'location'],
      ['areas', 'area'],
    ] as const)("lists only the contact's own customer's %s", async (path, key) => {
      const listed = await asContact(`/api/portal/${path}`);
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((e: { id: string }) => e.id)).toEqual([mine[key]]);
      expect((await asContact(`/api/portal/${path}/${mine[key]}`)).body).toMatchObject({ id: mine[key], customerId: mine.customer });
    });

    it.each([
      ['locations', 'location'],
      ['areas', 'area'],
    ] as const)("answers another customer's %s as it answers an unknown one: 404", async (path, key) => {
      const foreign = await asContact(`/api/portal/${path}/${theirs[key]}`);
      const unknownId = randomUUID();
      const unknown = await asContact(`/api/portal/${path}/${unknownId}`);
      expect(foreign.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(foreign.body.detail.replace(theirs[key], 'x')).toBe(unknown.body.detail.replace(unknownId, 'x'));
    });
  });
});
