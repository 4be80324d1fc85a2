import { loginEnabledOutcome, newerDetails, revocationApplies } from './contact-order.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const account = (changes: Partial<Parameters<typeof loginEnabledOutcome>[0]> = {}) => ({
  status: 'none',
  customerId: A,
  detailsVersion: 0,
  invitedVersion: 0,
  revokedVersion: 0,
  ...changes,
});

describe('the order of a contact’s events at the gateway, by contact version', () => {
  it.each([
    ['a first enable-login', 'invite', account(), A, 2],
    ['a newer enable-login while invited (sent again)', 'invite', account({ status: 'invited', invitedVersion: 2 }), A, 3],
    ['an enable-login already applied, or an older one', 'stale', account({ status: 'invited', invitedVersion: 3 }), A, 3],
    ['an older enable-login after the contact accepted a newer one', 'stale', account({ status: 'active', invitedVersion: 3 }), A, 2],
    ['an enable-login older than the move that ended access', 'stale', account({ revokedVersion: 4 }), A, 3],
    ['an enable-login of the version a revocation claimed but did not commit', 'invite', account({ revokedVersion: 4 }), A, 4],
    ['a newer enable-login for the customer the login is active for', 'keep', account({ status: 'active', invitedVersion: 2 }), A, 3],
    ['a newer enable-login for another customer', 'invite', account({ status: 'active', invitedVersion: 2 }), B, 3],
  ] as const)('%s: %s', (_case, outcome, state, customerId, version) => {
    expect(loginEnabledOutcome(state, customerId, version)).toBe(outcome);
  });

  it('ends access on a move or deactivation newer than the last enable-login applied, and only then', () => {
    expect(revocationApplies(account({ invitedVersion: 2 }), 3)).toBe(true);
    expect(revocationApplies(account({ invitedVersion: 3 }), 3)).toBe(false);
    expect(revocationApplies(account({ invitedVersion: 4 }), 3)).toBe(false);
  });

  it('takes a name and email only from a version newer than the one applied', () => {
    const contact = { contactId: A, customerId: A, firstName: 'Harry', lastName: 'Potter', email: 'Harry@Customer.example' };
    expect(newerDetails(account({ detailsVersion: 3 }), contact, 4)).toEqual({ email: 'harry@customer.example', firstName: 'Harry', lastName: 'Potter', detailsVersion: 4 });
    expect(newerDetails(account({ detailsVersion: 3 }), contact, 3)).toEqual({});
  });
});
