import { randomUUID } from 'node:crypto';
import { admin, startCustomers, type Customers } from './helpers';

describe.each([
  { path: 'locations', noun: 'location', idKey: 'locationId', body: { name: 'Head office', address: '1 Studio Lane' }, change: { name: 'HQ', address: null } },
  { path: 'areas', noun: 'area', idKey: 'areaId', body: { name: 'Accounting' }, change: { name: 'Finance' } },
])('/api/customers/:id/$path', ({ path, noun, idKey, body, change }) => {
  let c: Customers;
  let customer: { id: string };

  beforeAll(async () => {
    c = await startCustomers();
    customer = await c.createCustomer();
  });
  afterAll(() => c?.stop());

  it(`adds a ${noun} and emits ${noun}.added`, async () => {
    const created = await c.api(admin, 'POST', `/api/customers/${customer.id}/${path}`, { ...body, name: `  ${body.name} ` });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/customers/${customer.id}/${path}/${created.body.id}`);
    expect(created.body).toMatchObject({ ...body, customerId: customer.id });
    await c.waitForEvent(`${noun}.added`, { [idKey]: created.body.id, customerId: customer.id, ...body });
  });

  it(`changes a ${noun} and emits ${noun}.updated with its new state`, async () => {
    const element = await c.ok('POST', `/api/customers/${customer.id}/${path}`, body);
    const updated = await c.ok('PATCH', `/api/customers/${customer.id}/${path}/${element.id}`, change);
    expect(updated).toMatchObject({ id: element.id, ...change });
    await c.waitForEvent(`${noun}.updated`, { [idKey]: element.id, ...change });
    expect((await c.ok('GET', `/api/customers/${customer.id}`))[path]).toContainEqual(updated);
  });

  it(`removes a ${noun} and emits ${noun}.removed`, async () => {
    const element = await c.ok('POST', `/api/customers/${customer.id}/${path}`, body);
    expect((await c.api(admin, 'DELETE', `/api/customers/${customer.id}/${path}/${element.id}`)).status).toBe(204);
    await c.waitForEvent(`${noun}.removed`, { [idKey]: element.id, customerId: customer.id });
    expect((await c.ok('GET', `/api/customers/${customer.id}`))[path].map((e: { id: string }) => e.id)).not.toContain(element.id);
    expect((await c.api(admin, 'DELETE', `/api/customers/${customer.id}/${path}/${element.id}`)).status).toBe(404);
  });

  it(`answers 404 for a ${noun} reached through another customer, and changes nothing`, async () => {
    const element = await c.ok('POST', `/api/customers/${customer.id}/${path}`, body);
    const other = await c.createCustomer();
    const before = await c.snapshot();
    expect((await c.api(admin, 'PATCH', `/api/customers/${other.id}/${path}/${element.id}`, change)).status).toBe(404);
    expect((await c.api(admin, 'DELETE', `/api/customers/${other.id}/${path}/${element.id}`)).status).toBe(404);
    expect((await c.api(admin, 'POST', `/api/customers/${randomUUID()}/${path}`, body)).status).toBe(404);
    expect(await c.snapshot()).toBe(before);
  });
});

describe('a location without an address', () => {
  let c: Customers;
  beforeAll(async () => {
    c = await startCustomers();
  });
  afterAll(() => c?.stop());

  it('is stored with address null, and an address can be added later', async () => {
    const customer = await c.createCustomer();
    const location = await c.ok('POST', `/api/customers/${customer.id}/locations`, { name: 'Warehouse' });
    expect(location.address).toBeNull();
    expect(await c.ok('PATCH', `/api/customers/${customer.id}/locations/${location.id}`, { address: 'Dock 4' })).toMatchObject({ name: 'Warehouse', address: 'Dock 4' });
  });
});
