import { randomUUID } from 'node:crypto';
import { admin, agent, startContracts, type Contracts } from './contracts-service';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('contracts', () => {
  let c: Contracts;
  let f: Awaited<ReturnType<Contracts['fixtures']>>;
  const valid = (fields: Record<string, unknown> = {}) => ({ customerId: f.customerId, description: 'Support 2027', customerContactId: f.customerContactId, supportContactId: f.supportContactId, ...fields });

  beforeAll(async () => {
    c = await startContracts();
    f = await c.fixtures();
  });
  afterAll(() => c?.stop());

  describe('POST /api/contracts', () => {
    it('creates a contract with its defaults, records its history and emits contract.created with the used minutes', async () => {
      const created = await c.api(admin, 'POST', '/api/contracts', valid({ description: '  Support 2027 ', purchaseOrderNumber: 'PO-1', supportManagerId: f.supportManagerId, startDate: day(-10), endDate: day(300), hourRestriction: true, contractHours: 40, thresholdHours: 35.5 }));
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/api/contracts/${created.body.id}`);
      expect(created.body).toMatchObject({ customerId: f.customerId, description: 'Support 2027', purchaseOrderNumber: 'PO-1', hourRestriction: true, contractHours: 40, thresholdHours: 35.5, endedOn: null, version: 1, usedMinutes: 0, usedHours: 0, remainingMinutes: 2400, remainingHours: 40, overageMinutes: 0, thresholdReached: false });
      await c.waitForEvent('contract.created', { contractId: created.body.id, customerId: f.customerId, usedMinutes: 0, contractHours: 40, thresholdHours: 35.5, startDate: day(-10) });
      const read = await c.ok('GET', `/api/contracts/${created.body.id}`);
      expect(read.history).toEqual([expect.objectContaining({ kind: 'created', actorId: admin.userId })]);
      expect(read).toMatchObject({ customerContactName: 'Harry Porter', supportContactName: 'Sam Support', supportManagerName: 'Meg Manager', attention: [] });
    });

    it('takes a contract without dates, hours or manager', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid());
      expect(contract).toMatchObject({ startDate: null, endDate: null, hourRestriction: false, contractHours: null, thresholdHours: null, supportManagerId: null, remainingMinutes: null });
    });
  });

  describe('every field rule answers 422 naming the field', () => {
    const refused: Array<[string, (fx: typeof f) => Record<string, unknown>, string, RegExp]> = [
      ['description required', () => ({ description: undefined }), '/description', /required/],
      ['description blank', () => ({ description: '   ' }), '/description', /blank/],
      ['description over 200 characters', () => ({ description: 'x'.repeat(201) }), '/description', /200/],
      ['purchaseOrderNumber over 100 characters', () => ({ purchaseOrderNumber: 'x'.repeat(101) }), '/purchaseOrderNumber', /100/],
      ['customerContactId required', () => ({ customerContactId: undefined }), '/customerContactId', /required/],
      ['customerContactId unknown', () => ({ customerContactId: randomUUID() }), '/customerContactId', /active contact of the contract's customer/],
      ['supportContactId required', () => ({ supportContactId: undefined }), '/supportContactId', /required/],
      ['supportContactId not a staff user', () => ({ supportContactId: randomUUID() }), '/supportContactId', /active staff user/],
      ['supportManagerId not a staff user', () => ({ supportManagerId: randomUUID() }), '/supportManagerId', /active staff user/],
      ['startDate not a date', () => ({ startDate: '2027-02-30x' }), '/startDate', /date/],
      ['endDate not a date', () => ({ endDate: 'tomorrow' }), '/endDate', /date/],
      ['startDate in the year 0000 (PostgreSQL refuses it)', () => ({ startDate: '0000-01-01' }), '/startDate', /date/],
      ['supportContactId a urn:uuid: (PostgreSQL refuses it)', (fx) => ({ supportContactId: `urn:uuid:${fx.supportContactId}` }), '/supportContactId', /uuid/],
      ['hourRestriction not a boolean', () => ({ hourRestriction: 'yes' }), '/hourRestriction', /boolean/],
      ['customerId not an id', () => ({ customerId: 'acme' }), '/customerId', /uuid/],
      ['endDate before startDate', () => ({ startDate: '2027-03-01', endDate: '2027-02-28' }), '/endDate', /not be before the startDate/],
      ['contractHours required with hourRestriction', () => ({ hourRestriction: true }), '/contractHours', /required with an hourRestriction/],
      ['contractHours zero', () => ({ contractHours: 0 }), '/contractHours', />\s*0/],
      ['contractHours with three decimals', () => ({ contractHours: 10.005 }), '/contractHours', /multiple of 0.01/],
      ['thresholdHours without contractHours', () => ({ thresholdHours: 5 }), '/thresholdHours', /needs contractHours/],
      ['thresholdHours not below contractHours', () => ({ contractHours: 10, thresholdHours: 10 }), '/thresholdHours', /below the contractHours/],
      ['thresholdHours zero', () => ({ contractHours: 10, thresholdHours: 0 }), '/thresholdHours', />\s*0/],
      ['thresholdHours equal to contractHours once rounded to two decimals', () => ({ contractHours: 10, thresholdHours: 9.999999999999 }), '/thresholdHours', /below the contractHours/],
      ['contractHours zero once rounded to two decimals', () => ({ hourRestriction: true, contractHours: 1e-12 }), '/contractHours', />\s*0/],
      ['thresholdHours zero once rounded to two decimals', () => ({ contractHours: 10, thresholdHours: 1e-12 }), '/thresholdHours', />\s*0/],
      ['an unknown field', () => ({ colour: 'red' }), '/colour', /not an allowed field/],
    ];
    it.each(refused)('%s', async (_rule, change, pointer, message) => {
      const outbox = await c.rows('SELECT count(*)::int AS n FROM outbox');
      const response = await c.api(admin, 'POST', '/api/contracts', valid(change(f)));
      expect(response.status).toBe(422);
      expect(response.body.type).toBe('https://helpdesk.dev/problems/unprocessable');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer, message: expect.stringMatching(message) })]));
      expect(response.body.detail).toContain(pointer);
      expect(await c.rows('SELECT count(*)::int AS n FROM outbox')).toEqual(outbox);
    });

    it('takes hours with two decimals, 0.07 included (floating point)', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid({ contractHours: 10.07, thresholdHours: 0.07 }));
      expect(contract).toMatchObject({ contractHours: 10.07, thresholdHours: 0.07, remainingMinutes: 604 });
    });

    it("refuses a contact of another customer, an unknown and a deactivated one with one message that tells none of them apart", async () => {
      const other = await c.people.customer();
      const deactivated = await c.people.contact(f.customerId);
      await c.people.deactivateContact(deactivated, f.customerId);
      for (const customerContactId of [await c.people.contact(other), randomUUID(), deactivated]) {
        const response = await c.api(admin, 'POST', '/api/contracts', valid({ customerContactId }));
        expect(response.status).toBe(422);
        expect(response.body.errors).toEqual([{ pointer: '/customerContactId', message: "must be an active contact of the contract's customer" }]);
      }
    });

    it('refuses a deactivated support contact', async () => {
      const gone = await c.people.staffUser('Gone Away');
      await c.people.deactivateStaffUser(gone, 'Gone Away');
      const response = await c.api(admin, 'POST', '/api/contracts', valid({ supportContactId: gone }));
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([{ pointer: '/supportContactId', message: 'must be an active staff user' }]);
    });

    it('refuses changing the customer of a contract', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid());
      const response = await c.api(admin, 'PATCH', `/api/contracts/${contract.id}`, { version: 1, customerId: (await c.people.customer()) });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([{ pointer: '/customerId', message: expect.stringMatching(/cannot be changed/) }]);
    });

    it('refuses an edit without a version', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid());
      const response = await c.api(admin, 'PATCH', `/api/contracts/${contract.id}`, { description: 'New' });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([{ pointer: '/version', message: 'is required' }]);
    });

    it('refuses an edit that breaks a rule between fields of the saved contract', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid({ contractHours: 20, thresholdHours: 10 }));
      const response = await c.api(admin, 'PATCH', `/api/contracts/${contract.id}`, { version: 1, contractHours: 8 });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([{ pointer: '/thresholdHours', message: 'must be below the contractHours (8)' }]);
    });

    it('refuses a list without a customer, or with an unknown state', async () => {
      expect((await c.api(admin, 'GET', '/api/contracts')).body.errors).toEqual([{ pointer: '/customerId', message: 'is required' }]);
      const response = await c.api(admin, 'GET', `/api/contracts?customerId=${f.customerId}&state=old`);
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([{ pointer: '/state', message: 'must be one of "current", "ended", "all"' }]);
    });
  });

  describe('GET /api/contracts', () => {
    it("lists a customer's contracts by state: current within its term, ended early or past its end, all", async () => {
      const fx = await c.fixtures();
      const make = async (fields: Record<string, unknown>) => (await c.ok('POST', '/api/contracts', { ...valid(fields), customerId: fx.customerId, customerContactId: fx.customerContactId })).id as string;
      const running = await make({ description: 'Running', startDate: day(-5), endDate: day(5) });
      const open = await make({ description: 'Open-ended' });
      const past = await make({ description: 'Past', startDate: day(-30), endDate: day(-1) });
      const upcoming = await make({ description: 'Upcoming', startDate: day(3) });
      const endedEarly = await make({ description: 'Ended early' });
      await c.ok('POST', `/api/contracts/${endedEarly}/end`, {});
      const ids = async (state?: string) => (await c.ok('GET', `/api/contracts?customerId=${fx.customerId}${state ? `&state=${state}` : ''}`)).items.map((i: { id: string }) => i.id).sort();
      expect(await ids('current')).toEqual([running, open].sort());
      expect(await ids('ended')).toEqual([past, endedEarly].sort());
      expect(await ids('all')).toEqual([running, open, past, upcoming, endedEarly].sort());
      expect(await ids()).toEqual(await ids('all'));
    });
  });

  describe('PATCH /api/contracts/{id}', () => {
    it('changes the fields at the version read, records what changed and emits contract.updated', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid({ contractHours: 20 }));
      const updated = await c.api(admin, 'PATCH', `/api/contracts/${contract.id}`, { version: 1, description: 'Support 2028', thresholdHours: 15, purchaseOrderNumber: '  ' });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ description: 'Support 2028', thresholdHours: 15, purchaseOrderNumber: null, version: 2 });
      await c.waitForEvent('contract.updated', { contractId: contract.id, changedFields: ['description', 'thresholdHours'], thresholdHours: 15, usedMinutes: 0 });
      const read = await c.ok('GET', `/api/contracts/${contract.id}`);
      expect(read.history.map((h: { kind: string }) => h.kind)).toEqual(['created', 'updated']);
      expect(read.history[1].detail).toEqual({ description: { from: 'Support 2027', to: 'Support 2028' }, thresholdHours: { from: null, to: 15 } });
    });

    it('answers 409 to an edit at a version that moved on, and changes nothing', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid());
      await c.ok('PATCH', `/api/contracts/${contract.id}`, { version: 1, description: 'First' });
      const stale = await c.api(admin, 'PATCH', `/api/contracts/${contract.id}`, { version: 1, description: 'Second' });
      expect(stale.status).toBe(409);
      expect(stale.body.detail).toMatch(/version 2/);
      expect((await c.ok('GET', `/api/contracts/${contract.id}`)).description).toBe('First');
    });

    it('takes an edit at the version read though time was logged meanwhile; its event orders after the time writes', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid({ contractHours: 20 }));
      // As two time writes do: they count the aggregate's version up, not the fields'.
      await c.rows('UPDATE contracts SET used_minutes = 90, version = version + 2 WHERE id = $1', [contract.id]);
      expect(await c.ok('GET', `/api/contracts/${contract.id}`)).toMatchObject({ version: 1, usedMinutes: 90 });
      const updated = await c.api(admin, 'PATCH', `/api/contracts/${contract.id}`, { version: 1, description: 'Busy contract' });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ description: 'Busy contract', version: 2 });
      const event = await c.waitForEvent('contract.updated', { contractId: contract.id, description: 'Busy contract' });
      expect(event.aggregate.version).toBe(4);
      const ended = await c.api(admin, 'POST', `/api/contracts/${contract.id}/end`, { version: 2 });
      expect(ended.body).toMatchObject({ version: 3 });
    });

    it('writes nothing and emits nothing for an edit that changes nothing', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid());
      const same = await c.ok('PATCH', `/api/contracts/${contract.id}`, { version: 1, description: contract.description });
      expect(same.version).toBe(1);
      expect(await c.rows("SELECT count(*)::int AS n FROM contract_history WHERE contract_id = $1 AND kind = 'updated'", [contract.id])).toEqual([{ n: 0 }]);
    });

    it('re-arms the threshold when it is raised above the used time, and leaves it armed when lowered below it', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid({ contractHours: 20, thresholdHours: 5 }));
      await c.rows("UPDATE contracts SET used_minutes = 600, threshold_reached_at = now() WHERE id = $1", [contract.id]);
      await c.ok('PATCH', `/api/contracts/${contract.id}`, { version: 1, thresholdHours: 8 });
      expect(await c.rows('SELECT threshold_reached_at FROM contracts WHERE id = $1', [contract.id])).toEqual([{ threshold_reached_at: expect.any(Date) }]);
      await c.ok('PATCH', `/api/contracts/${contract.id}`, { version: 2, thresholdHours: 12 });
      expect(await c.rows('SELECT threshold_reached_at FROM contracts WHERE id = $1', [contract.id])).toEqual([{ threshold_reached_at: null }]);
      const lowered = await c.ok('PATCH', `/api/contracts/${contract.id}`, { version: 3, thresholdHours: 9 });
      expect(lowered).toMatchObject({ thresholdReached: true, usedHours: 10 });
      expect(await c.rows('SELECT threshold_reached_at FROM contracts WHERE id = $1', [contract.id])).toEqual([{ threshold_reached_at: null }]);
      expect(c.events.received.filter((e) => e.type === 'contract.threshold_reached')).toEqual([]);
    });
  });

  describe('POST /api/contracts/{id}/end', () => {
    it('ends a contract today by default and emits contract.ended', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid({ startDate: day(-20), endDate: day(100) }));
      const ended = await c.api(admin, 'POST', `/api/contracts/${contract.id}/end`);
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({ endDate: day(0), endedOn: day(0), version: 2 });
      await c.waitForEvent('contract.ended', { contractId: contract.id, endDate: day(0), endedOn: day(0) });
      const read = await c.ok('GET', `/api/contracts/${contract.id}`);
      expect(read.history.at(-1)).toMatchObject({ kind: 'ended', detail: { endDate: day(0), previousEndDate: day(100) } });
      expect((await c.api(admin, 'POST', `/api/contracts/${contract.id}/end`, {})).status).toBe(409);
    });

    it('refuses an end before the start or after the end, naming endDate', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid({ startDate: '2027-01-01', endDate: '2027-12-31' }));
      for (const [endDate, rule] of [['2026-12-31', /before the contract's startDate/], ['2028-01-01', /after the contract's endDate/]] as const) {
        const response = await c.api(admin, 'POST', `/api/contracts/${contract.id}/end`, { endDate });
        expect(response.status).toBe(422);
        expect(response.body.errors).toEqual([{ pointer: '/endDate', message: expect.stringMatching(rule) }]);
      }
      expect((await c.ok('POST', `/api/contracts/${contract.id}/end`, { endDate: '2027-06-30' })).endedOn).toBe('2027-06-30');
    });
  });

  describe('who may', () => {
    it('refuses writes without contracts.manage (403) but lets any staff user reaching the customer read', async () => {
      const contract = await c.ok('POST', '/api/contracts', valid());
      const reader = agent([]);
      for (const [method, path, body] of [
        ['POST', '/api/contracts', valid()],
        ['PATCH', `/api/contracts/${contract.id}`, { version: 1, description: 'x' }],
        ['POST', `/api/contracts/${contract.id}/end`, {}],
      ] as const) {
        const response = await c.api(reader, method, path, body);
        expect(response.status).toBe(403);
        expect(response.body.detail).toContain('contracts.manage');
      }
      expect((await c.api(reader, 'GET', `/api/contracts/${contract.id}`)).status).toBe(200);
      expect((await c.api(reader, 'GET', `/api/contracts?customerId=${f.customerId}`)).status).toBe(200);
    });

    it("answers 404 to a staff user whose teams do not reach the contract's customer, for every route", async () => {
      const contract = await c.ok('POST', '/api/contracts', valid());
      const elsewhere = agent(['contracts.manage'], [await c.addTeam([await c.people.customer()])]);
      for (const [method, path, body] of [
        ['GET', `/api/contracts/${contract.id}`, undefined],
        ['GET', `/api/contracts?customerId=${f.customerId}`, undefined],
        ['POST', '/api/contracts', valid()],
        ['PATCH', `/api/contracts/${contract.id}`, { version: 1, description: 'x' }],
        ['POST', `/api/contracts/${contract.id}/end`, {}],
      ] as const) {
        expect((await c.api(elsewhere, method, path, body)).status).toBe(404);
      }
      expect((await c.ok('GET', `/api/contracts/${contract.id}`)).version).toBe(1);
    });

    it('refuses a portal contact on the staff routes', async () => {
      const response = await c.api({ kind: 'contact', contactId: f.customerContactId, customerId: f.customerId }, 'GET', `/api/contracts?customerId=${f.customerId}`);
      expect(response.status).toBe(403);
    });
  });
});
