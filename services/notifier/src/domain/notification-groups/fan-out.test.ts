import { groupEventOf, groupRecipients, type GroupContact, type GroupStaffUser, type NotificationGroup } from './fan-out';

const acme = 'a0000000-0000-4000-8000-000000000001';
const globex = 'a0000000-0000-4000-8000-000000000002';
const anna: GroupContact = { id: 'c0000000-0000-4000-8000-000000000001', customerId: acme, email: 'Anna.Berg@acme.example', firstName: 'Anna', lastName: 'Berg' };
const tom: GroupContact = { id: 'c0000000-0000-4000-8000-000000000002', customerId: acme, email: 'tom@acme.example', firstName: 'Tom', lastName: null };
const hank: GroupContact = { id: 'c0000000-0000-4000-8000-000000000003', customerId: globex, email: 'hank@globex.example', firstName: 'Hank', lastName: 'Scorpio' };
const alex: GroupStaffUser = { id: 's0000000-0000-4000-8000-000000000001', email: 'alex@helpdesk.example', name: 'Alex Agent' };
const contacts = [anna, tom, hank];
const staff = [alex];

function group(id: string, name: string, notifyOn: string[], members: NotificationGroup['members'], customerId = acme): NotificationGroup {
  return { id, customerId, name, notifyOn, members };
}
const member = {
  anna: { kind: 'contact' as const, id: anna.id },
  tom: { kind: 'contact' as const, id: tom.id },
  hank: { kind: 'contact' as const, id: hank.id },
  alex: { kind: 'staff' as const, id: alex.id },
  unknown: { kind: 'contact' as const, id: 'c0000000-0000-4000-8000-0000000000ff' },
};

describe('notification group fan-out', () => {
  it('maps the events a group setting can name; internal notes and other events are none', () => {
    expect(groupEventOf({ type: 'ticket.created' })).toBe('ticket.created');
    expect(groupEventOf({ type: 'ticket.status_changed' })).toBe('ticket.status_changed');
    expect(groupEventOf({ type: 'ticket.closed' })).toBe('ticket.closed');
    expect(groupEventOf({ type: 'ticket.note_added', visibility: 'public' })).toBe('ticket.public_note_added');
    expect(groupEventOf({ type: 'ticket.note_added', visibility: 'internal' })).toBeUndefined();
    expect(groupEventOf({ type: 'contract.threshold_reached' })).toBe('contract.threshold_reached');
    for (const type of ['ticket.assigned', 'ticket.updated', 'ticket.reopened', 'ticket.public_note_added']) expect(groupEventOf({ type })).toBeUndefined();
  });

  it("emails the members of the customer's groups whose settings name the event, each address once, by group name order", () => {
    const leads = group('g1', 'IT leads', ['ticket.created'], [member.anna, member.alex, member.unknown]);
    const all = group('g2', 'All staff', ['ticket.created', 'ticket.closed'], [member.tom, member.anna]);
    const quiet = group('g3', 'Quiet', ['ticket.closed'], [member.tom]);
    const foreign = group('g4', 'Globex', ['ticket.created'], [member.hank], globex);
    expect(groupRecipients({ type: 'ticket.created', customerId: acme }, [leads, all, quiet, foreign], contacts, staff)).toEqual([
      { groupId: 'g2', address: 'tom@acme.example', name: 'Tom', event: 'ticket.created' },
      { groupId: 'g2', address: 'anna.berg@acme.example', name: 'Anna Berg', event: 'ticket.created' },
      { groupId: 'g1', address: 'alex@helpdesk.example', name: 'Alex Agent', event: 'ticket.created' },
    ]);
  });

  it('emails nobody for a ticket without a customer, an event no group names, or an internal note', () => {
    const groups = [group('g1', 'Leads', ['ticket.created', 'ticket.public_note_added'], [member.anna])];
    expect(groupRecipients({ type: 'ticket.created', customerId: null }, groups, contacts, staff)).toEqual([]);
    expect(groupRecipients({ type: 'ticket.assigned', customerId: acme }, groups, contacts, staff)).toEqual([]);
    expect(groupRecipients({ type: 'ticket.note_added', visibility: 'internal', customerId: acme }, groups, contacts, staff)).toEqual([]);
    expect(groupRecipients({ type: 'ticket.note_added', visibility: 'public', customerId: acme }, groups, contacts, staff)).toEqual([
      { groupId: 'g1', address: 'anna.berg@acme.example', name: 'Anna Berg', event: 'ticket.public_note_added' },
    ]);
  });

  it('skips members who cannot be emailed: not in the loaded context (inactive, unknown), or a contact of another customer', () => {
    const groups = [group('g1', 'Leads', ['ticket.created'], [member.hank, member.unknown, member.tom])];
    expect(groupRecipients({ type: 'ticket.created', customerId: acme }, groups, contacts, [])).toEqual([
      { groupId: 'g1', address: 'tom@acme.example', name: 'Tom', event: 'ticket.created' },
    ]);
  });

  it('a close (status_changed to closed, then closed, at one version): a member whose groups take ticket.closed gets only that one', () => {
    const changes = group('g1', 'Changes', ['ticket.status_changed'], [member.anna, member.tom]);
    const closes = group('g2', 'Closes', ['ticket.closed'], [member.anna]);
    const groups = [changes, closes];
    expect(groupRecipients({ type: 'ticket.status_changed', to: 'closed', customerId: acme }, groups, contacts, staff)).toEqual([
      { groupId: 'g1', address: 'tom@acme.example', name: 'Tom', event: 'ticket.status_changed' },
    ]);
    expect(groupRecipients({ type: 'ticket.closed', customerId: acme }, groups, contacts, staff)).toEqual([
      { groupId: 'g2', address: 'anna.berg@acme.example', name: 'Anna Berg', event: 'ticket.closed' },
    ]);
    // Any other status change reaches both.
    expect(groupRecipients({ type: 'ticket.status_changed', to: 'pending', customerId: acme }, groups, contacts, staff).map((r) => r.address)).toEqual([
      'anna.berg@acme.example',
      'tom@acme.example',
    ]);
  });

  it('does not email a member about their own doing', () => {
    const groups = [group('g1', 'Leads', ['ticket.public_note_added'], [member.anna, member.alex])];
    expect(groupRecipients({ type: 'ticket.note_added', visibility: 'public', customerId: acme, actor: { kind: 'contact', id: anna.id } }, groups, contacts, staff)).toEqual([
      { groupId: 'g1', address: 'alex@helpdesk.example', name: 'Alex Agent', event: 'ticket.public_note_added' },
    ]);
  });
});
