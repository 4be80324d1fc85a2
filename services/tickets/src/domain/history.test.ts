import { assignmentEntries, fieldChangeEntries, noteEntry, statusChangeEntry, timeEntryLine } from './history.js';

describe('history entries', () => {
  it('makes a change of a field the customer sees public, and one of the team internal', () => {
    expect(
      fieldChangeEntries([
        { field: 'subject', from: 'a', to: 'b' },
        { field: 'teamId', from: null, to: 't' },
      ]).map((e) => [e.field, e.visibility]),
    ).toEqual([
      ['subject', 'public'],
      ['teamId', 'internal'],
    ]);
  });

  it('keeps assignments internal and status changes public', () => {
    expect(assignmentEntries([{ field: 'assigneeId', from: null, to: 'u' }])).toEqual([
      { kind: 'assigned', field: 'assigneeId', from: null, to: 'u', visibility: 'internal' },
    ]);
    expect(statusChangeEntry('new', 'open')).toEqual({ kind: 'status_changed', field: 'status', from: 'new', to: 'open', visibility: 'public' });
  });

  it('gives a note line the visibility of its note', () => {
    expect(noteEntry('n1', 'internal').visibility).toBe('internal');
    expect(noteEntry('n2', 'public').visibility).toBe('public');
  });

  it('writes a time entry\'s minutes as from -> to (logged: from none, deleted: to none), always internal (the note is the agent\'s)', () => {
    const entry = { id: 'e1', version: 2, minutes: 60, previousMinutes: 90, workedOn: '2027-02-03', note: 'Replaced the fuser', staffName: 'Alex Agent' };
    expect(['time_logged', 'time_updated', 'time_deleted'].map((kind) => timeEntryLine(kind as 'time_logged', entry)).map(({ from, to, visibility }) => [from, to, visibility])).toEqual([
      [null, '60', 'internal'],
      ['90', '60', 'internal'],
      ['60', null, 'internal'],
    ]);
    expect(timeEntryLine('time_logged', entry).timeEntry).toEqual({ id: 'e1', version: 2, details: { workedOn: '2027-02-03', note: 'Replaced the fuser', staffName: 'Alex Agent' } });
  });
});
