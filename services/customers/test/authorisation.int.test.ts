import { randomUUID } from 'node:crypto';
import { allPermissionNames } from '@helpdesk/http';
import { admin, contactOf, createFixtures, staff, staffRoutes, startCustomers, type Customers, type Fixtures } from './helpers';

describe('who may call what', () => {
  let c: Customers;
  let f: Fixtures;

  beforeAll(async () => {
    // Contacts are created without a portal login here (issue 12 invites them at creation; see portal-settings.int.test.ts).
    c = await startCustomers({ invitationEmail: false });
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
