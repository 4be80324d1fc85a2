import { contactAddedV1 } from '@helpdesk/contracts-schema';
import { admin, contactOf, startContracts, type Contracts } from './contracts-service';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('people who leave a contract, and the portal', () => {
  let c: Contracts;

  beforeAll(async () => {
    c = await startContracts();
  });
  afterAll(() => c?.stop());

  async function contractWith(fields: Record<string, unknown> = {}) {
    const f = await c.fixtures();
    const contract = await c.ok('POST', '/api/contracts', { customerId: f.customerId, description: 'Support', customerContactId: f.customerContactId, supportContactId: f.supportContactId, supportManagerId: f.supportManagerId, ...fields });
    return { f, contract };
  }

  describe('attention', () => {
    it('shows a deactivated customer contact, refuses saving the contract until replaced, and takes a new active contact', async () => {
      const { f, contract } = await contractWith();
      await c.people.deactivateContact(f.customerContactId, f.customerId);
      const read = await c.ok('GET', `/api/contracts/${contract.id}`);
      expect(read.attention).toEqual([{ role: 'customerContact', field: 'customerContactId', id: f.customerContactId, name: 'Harry Porter', reason: 'deactivated' }]);

      const refused = await c.api(admin, 'PATCH', `/api/contracts/${contract.id}`, { version: 1, description: 'Support, renamed' });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ pointer: '/customerContactId', message: "must be an active contact of the contract's customer" }]);

      const replacement = await c.people.contact(f.customerId, 'Hermione');
      const fixed = await c.api(admin, 'PATCH', `/api/contracts/${contract.id}`, { version: 1, description: 'Support, renamed', customerContactId: replacement });
      expect(fixed.status).toBe(200);
      expect(await c.ok('GET', `/api/contracts/${contract.id}`)).toMatchObject({ attention: [], customerContactId: replacement, customerContactName: 'Hermione Porter' });
    });

    it('shows a customer contact moved to another customer, who cannot be set again', async () => {
      const { f, contract } = await contractWith();
      const elsewhere = await c.people.customer();
      await c.people.moveContact(f.customerContactId, f.customerId, elsewhere);
      expect((await c.ok('GET', `/api/contracts/${contract.id}`)).attention).toEqual([
        { role: 'customerContact', field: 'customerContactId', id: f.customerContactId, name: 'Harry Porter', reason: 'moved_to_another_customer' },
      ]);
      const refused = await c.api(admin, 'PATCH', `/api/contracts/${contract.id}`, { version: 1, description: 'Support, renamed' });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ pointer: '/customerContactId', message: "must be an active contact of the contract's customer" }]);
    });

    it('answers an edit that changes nothing with the contract unchanged, though its contact has left since', async () => {
      const { f, contract } = await contractWith();
      await c.people.deactivateContact(f.customerContactId, f.customerId);
      const same = await c.api(admin, 'PATCH', `/api/contracts/${contract.id}`, { version: 1, description: contract.description, thresholdHours: null });
      expect(same.status).toBe(200);
      expect(same.body).toMatchObject({ version: 1, description: contract.description });
    });

    it('shows a deactivated support contact and manager; ending the contract early needs no replacement', async () => {
      const { f, contract } = await contractWith({ startDate: day(-3) });
      await c.people.deactivateStaffUser(f.supportContactId, 'Sam Support');
      await c.people.deactivateStaffUser(f.supportManagerId, 'Meg Manager');
      expect((await c.ok('GET', `/api/contracts/${contract.id}`)).attention).toEqual([
        { role: 'supportContact', field: 'supportContactId', id: f.supportContactId, name: 'Sam Support', reason: 'deactivated' },
        { role: 'supportManager', field: 'supportManagerId', id: f.supportManagerId, name: 'Meg Manager', reason: 'deactivated' },
      ]);
      const refused = await c.api(admin, 'PATCH', `/api/contracts/${contract.id}`, { version: 1, description: 'x' });
      expect(refused.body.errors).toEqual([
        { pointer: '/supportContactId', message: 'must be an active staff user' },
        { pointer: '/supportManagerId', message: 'must be an active staff user' },
      ]);
      expect((await c.api(admin, 'POST', `/api/contracts/${contract.id}/end`, {})).status).toBe(200);
    });

    it('keeps the newest state of a contact whatever order its events arrive in', async () => {
      const { f, contract } = await contractWith();
      // The deactivation (version 2) is handled; a late redelivery of contact.added (version 1) must not bring the contact back.
      await c.people.deactivateContact(f.customerContactId, f.customerId);
      await c.deliver(contactAddedV1, f.customerContactId, { contactId: f.customerContactId, customerId: f.customerId, firstName: 'Harry', lastName: 'Porter', email: 'late@customer.example' }, 1);
      expect(await c.rows('SELECT active, first_name FROM contacts WHERE id = $1', [f.customerContactId])).toEqual([{ active: false, first_name: 'Harry' }]);
      expect((await c.ok('GET', `/api/contracts/${contract.id}`)).attention).toHaveLength(1);
    });
  });

  describe('GET /api/portal/contracts', () => {
    it("shows a contact their customer's current contracts with hours used and remaining, and nothing of other customers", async () => {
      const { f, contract } = await contractWith({ description: 'Current', purchaseOrderNumber: 'PO-7', startDate: day(-10), endDate: day(10), hourRestriction: true, contractHours: 10 });
      const customer = { customerId: f.customerId, customerContactId: f.customerContactId, supportContactId: f.supportContactId };
      const make = async (fields: Record<string, unknown>) => (await c.ok('POST', '/api/contracts', { ...customer, description: 'Other', ...fields })).id as string;
      await make({ startDate: day(-30), endDate: day(-1) });
      await make({ startDate: day(2) });
      const endedEarly = await make({});
      await c.ok('POST', `/api/contracts/${endedEarly}/end`, {});
      await c.rows('UPDATE contracts SET used_minutes = 150 WHERE id = $1', [contract.id]);

      const portal = await c.api(contactOf(f.customerId, f.customerContactId), 'GET', '/api/portal/contracts');
      expect(portal.status).toBe(200);
      expect(portal.body.items).toEqual([
        {
          id: contract.id,
          description: 'Current',
          purchaseOrderNumber: 'PO-7',
          startDate: day(-10),
          endDate: day(10),
          hourRestriction: true,
          contractHours: 10,
          usedMinutes: 150,
          usedHours: 2.5,
          remainingMinutes: 450,
          remainingHours: 7.5,
          supportContactName: 'Sam Support',
        },
      ]);
      expect(portal.text).not.toContain('Meg Manager');

      const other = await c.people.customer();
      const stranger = await c.api(contactOf(other), 'GET', '/api/portal/contracts');
      expect(stranger.status).toBe(200);
      expect(stranger.body.items).toEqual([]);
    });

    it('is for portal contacts only', async () => {
      expect((await c.api(admin, 'GET', '/api/portal/contracts')).status).toBe(403);
      expect((await c.api(undefined, 'GET', '/api/portal/contracts')).status).toBe(401);
    });
  });
});
