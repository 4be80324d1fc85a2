import { assignmentEntries, fieldChangeEntries, noteEntry, statusChangeEntry } from './history.js';

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
});
