import { canChangeStatus, changedFields, editableFields, isCustomerVisibleField, nextStatuses, ticketStatuses, type TicketStatus } from './ticket.js';

describe('status transitions', () => {
  const allowed: Array<[TicketStatus, TicketStatus[]]> = [
    ['new', ['open', 'pending', 'resolved', 'closed']],
    ['open', ['pending', 'resolved', 'closed']],
    ['pending', ['open', 'resolved', 'closed']],
    ['resolved', ['open', 'closed']],
    ['closed', ['open']],
  ];

  it.each(allowed)('from %s allows exactly %j', (from, targets) => {
    expect([...nextStatuses(from)].sort()).toEqual([...targets].sort());
    for (const to of ticketStatuses) expect(canChangeStatus(from, to)).toBe(targets.includes(to));
  });

  it('never allows staying in the same status or leaving closed except by reopening', () => {
    for (const status of ticketStatuses) expect(canChangeStatus(status, status)).toBe(false);
    expect(canChangeStatus('closed', 'resolved')).toBe(false);
    expect(canChangeStatus('closed', 'open')).toBe(true);
  });

  it('never goes back to new', () => {
    for (const from of ticketStatuses) expect(canChangeStatus(from, 'new')).toBe(false);
  });
});

describe('changedFields', () => {
  const ticket = { subject: 'Printer', description: 'd', priority: 'normal', locationId: null, areaId: 'a', teamId: null };

  it('lists only the fields whose value differs, with old and new value, in field order', () => {
    expect(changedFields(ticket, { teamId: 't', subject: 'Printer', priority: 'high', areaId: null }, editableFields)).toEqual([
      { field: 'priority', from: 'normal', to: 'high' },
      { field: 'areaId', from: 'a', to: null },
      { field: 'teamId', from: null, to: 't' },
    ]);
  });

  it('treats a field left out as unchanged', () => {
    expect(changedFields(ticket, {}, editableFields)).toEqual([]);
  });
});

describe('who sees what', () => {
  it('shows the customer their own fields and the status, never team or assignee', () => {
    for (const field of ['subject', 'description', 'priority', 'locationId', 'areaId', 'status']) expect(isCustomerVisibleField(field)).toBe(true);
    for (const field of ['teamId', 'assigneeId', 'contractId', 'emailAccountId']) expect(isCustomerVisibleField(field)).toBe(false);
  });
});
