import {
  copiedAddresses,
  customerByDomain,
  decideReply,
  domainOf,
  findThread,
  messageIdsIn,
  normaliseMessageId,
  noteText,
  priorityOf,
  referencedBy,
  subjectTicket,
  subjectTicketNumber,
  subjectTicketNumbers,
  threadLookup,
  ticketSubject,
  type KnownMessageId,
  type Sender,
  type ThreadMatch,
  type ThreadTicket,
} from './file-inbound-email';

describe('Message-IDs', () => {
  it('keeps the local part as sent and lower-cases the domain, in angle brackets', () => {
    expect(normaliseMessageId(' <AbC.123@Mail.ACME.example> ')).toBe('<AbC.123@mail.acme.example>');
    expect(normaliseMessageId('abc@acme.example')).toBe('<abc@acme.example>');
    expect(normaliseMessageId('<no-at-sign>')).toBe('<no-at-sign>');
  });

  it('refuses what is no Message-ID', () => {
    for (const bad of ['', '<>', '   ', '<a b@c>', `<${'x'.repeat(1000)}@a.example>`]) expect(normaliseMessageId(bad)).toBeUndefined();
  });

  it('finds every id of a header value, in order, once', () => {
    expect(messageIdsIn(['<a@X.example> <b@y.example>\r\n <a@x.example>', null, 'c@z.example'])).toEqual(['<a@x.example>', '<b@y.example>', '<c@z.example>']);
  });
});

describe('the ticket number in a subject', () => {
  it.each([
    ['Re: [Ticket #4711] Printer on floor 3 is offline', 4711],
    ['RE: AW: Fwd: [Ticket#4711] Printer', 4711],
    ['SV: Antw: [ticket #4711] printer', 4711],
    ['[TICKET # 12]', 12],
    ['Re: [Ticket #1] and [Ticket #2]', 1],
  ])('%j -> %s', (subject, number) => expect(subjectTicketNumber(subject)).toBe(number));

  it('finds every one, in order, once: another helpdesk puts its own tag before ours', () => {
    expect(subjectTicketNumbers('Re: [Ticket #1] and [Ticket #2] and [ticket#1]')).toEqual([1, 2]);
    expect(subjectTicketNumbers('[Ticket #9001] [Ticket #5] Printer')).toEqual([9001, 5]);
    expect(subjectTicketNumbers('Printer')).toEqual([]);
  });

  it.each(['Question about ticket 4711 and a new laptop', 'Ticket #4711', '(Ticket #4711)', '[Ticket #]', '[Ticket #0]', '[Ticket #99999999999]', ''])(
    'finds none in %j',
    (subject) => expect(subjectTicketNumber(subject)).toBeUndefined(),
  );
});

describe('finding the thread', () => {
  const T1 = 't1';
  const T2 = 't2';
  const known: KnownMessageId[] = [
    { messageId: '<ack1@helpdesk.example>', ticketId: T1, source: 'issued' },
    { messageId: '<first1@acme.example>', ticketId: T1, source: 'received' },
    { messageId: '<ack2@helpdesk.example>', ticketId: T2, source: 'issued' },
  ];
  const lookup = (email: { inReplyTo?: string | null; references?: string[]; subject?: string }) =>
    threadLookup({ inReplyTo: email.inReplyTo ?? null, references: email.references ?? [], subject: email.subject ?? '' });

  it('In-Reply-To first: an email the system issued or one it received', () => {
    expect(findThread(lookup({ inReplyTo: '<ack1@helpdesk.example>' }), known, undefined)).toEqual({ ticketId: T1, rule: 'in-reply-to', via: '<ack1@helpdesk.example>', source: 'issued' });
    expect(findThread(lookup({ inReplyTo: '<first1@ACME.example>' }), known, undefined)).toMatchObject({ ticketId: T1, rule: 'in-reply-to', source: 'received' });
  });

  it('then References (any of them), when In-Reply-To names a mail the system never saw', () => {
    const match = findThread(lookup({ inReplyTo: '<unknown@acme.example>', references: ['<unrelated@acme.example>', '<ack1@helpdesk.example>'] }), known, undefined);
    expect(match).toMatchObject({ ticketId: T1, rule: 'references' });
  });

  it('prefers the nearest ancestor among References', () => {
    expect(findThread(lookup({ references: ['<ack1@helpdesk.example>', '<ack2@helpdesk.example>'] }), known, undefined)).toMatchObject({ ticketId: T2, rule: 'references' });
  });

  it('then the [Ticket #N] of the subject, when that ticket exists', () => {
    expect(findThread(lookup({ subject: 'Re: [Ticket #7] x' }), known, { ticketId: T2, number: 7 })).toEqual({ ticketId: T2, rule: 'subject-number', via: '[Ticket #7]' });
    expect(findThread(lookup({ subject: 'Re: [Ticket #7] x' }), known, undefined)).toBeUndefined();
  });

  it('lets the headers win over a number in the subject', () => {
    expect(findThread(lookup({ inReplyTo: '<ack1@helpdesk.example>', subject: 'Re: [Ticket #2] x' }), known, { ticketId: T2, number: 2 })).toMatchObject({ ticketId: T1, rule: 'in-reply-to' });
  });

  it('finds nothing without a known id or a bracketed number', () => {
    expect(findThread(lookup({ inReplyTo: '<x@y.example>', references: ['<z@y.example>'], subject: 'ticket 7' }), known, { ticketId: T2, number: 7 })).toBeUndefined();
  });

  it('finds the ticket of a reply filed first (it referenced this email\'s Message-ID) after the headers, before the subject number', () => {
    const referencing = { messageId: '<early@acme.example>', ticketId: T2 };
    expect(findThread(lookup({ subject: 'Printer' }), known, undefined, referencing)).toEqual({ ticketId: T2, rule: 'references', via: '<early@acme.example>', source: 'referenced' });
    expect(findThread(lookup({ subject: 'Re: [Ticket #1] x' }), known, { ticketId: T1, number: 1 }, referencing)).toMatchObject({ ticketId: T2, rule: 'references' });
    expect(findThread(lookup({ inReplyTo: '<ack1@helpdesk.example>' }), known, undefined, referencing)).toMatchObject({ ticketId: T1, rule: 'in-reply-to' });
  });

  it('of several tickets referencing the email, prefers one of the sender\'s customer, else the oldest', () => {
    const tickets = [
      { ticketId: T1, customerId: null },
      { ticketId: T2, customerId: 'c2' },
    ];
    expect(referencedBy(tickets, 'c2')).toEqual(tickets[1]);
    expect(referencedBy(tickets, 'c3')).toEqual(tickets[0]);
    expect(referencedBy([], null)).toBeUndefined();
  });
});

describe('the sender\'s customer by domain', () => {
  it('is the one customer with the domain, none when there are several or none', () => {
    expect(customerByDomain(['acme'])).toBe('acme');
    expect(customerByDomain(['acme', 'acme'])).toBe('acme');
    expect(customerByDomain(['acme', 'globex'])).toBeUndefined();
    expect(customerByDomain([])).toBeUndefined();
  });

  it('takes the domain exactly, lower case', () => {
    expect(domainOf('Mara.Klein@ACME.Example')).toBe('acme.example');
    expect(domainOf('x@mail.acme.example')).toBe('mail.acme.example');
    expect(domainOf('nodomain')).toBe('');
  });
});

describe('what a reply becomes', () => {
  const now = new Date('2026-12-10T12:00:00Z');
  const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  const ticket = (over: Partial<ThreadTicket> = {}): ThreadTicket => ({
    id: 't1',
    number: 4711,
    customerId: 'acme',
    status: 'open',
    closedAt: null,
    requesterEmail: 'anna.berg@acme.example',
    participants: [],
    ...over,
  });
  const contact = (address: string, customerId = 'acme'): Sender => ({ kind: 'contact', address, contactId: `c-${address}`, customerId, addedByDomain: false });
  const unassigned = (address: string): Sender => ({ kind: 'unassigned', address });
  const byHeader: ThreadMatch = { ticketId: 't1', rule: 'in-reply-to', via: '<ack@helpdesk.example>', source: 'issued' };
  const byNumber: ThreadMatch = { ticketId: 't1', rule: 'subject-number', via: '[Ticket #4711]' };

  it('joins the ticket of the sender\'s customer; the requester adds no participant', () => {
    expect(decideReply(contact('anna.berg@acme.example'), byHeader, ticket(), now, 14)).toMatchObject({ kind: 'join', reopen: false, addParticipant: false });
  });

  it('makes another contact of the customer who replies a participant, once', () => {
    expect(decideReply(contact('tom.baker@acme.example'), byNumber, ticket(), now, 14)).toMatchObject({ kind: 'join', addParticipant: true });
    expect(decideReply(contact('Tom.Baker@acme.example'), byNumber, ticket({ participants: ['tom.baker@acme.example'] }), now, 14)).toMatchObject({ kind: 'join', addParticipant: false });
  });

  it('never joins another customer\'s ticket, by header or number: a new ticket, not linked', () => {
    for (const match of [byHeader, byNumber]) {
      const decision = decideReply(contact('hank@globex.example', 'globex'), match, ticket(), now, 14);
      expect(decision).toMatchObject({ kind: 'new', linkedTicketId: null });
      expect(decision.detail).toContain('#4711');
    }
    expect(decideReply(unassigned('j.doe@freemail.example'), byHeader, ticket(), now, 14)).toMatchObject({ kind: 'new', linkedTicketId: null });
  });

  it('reopens a ticket closed within the window, the last day included', () => {
    expect(decideReply(contact('anna.berg@acme.example'), byHeader, ticket({ status: 'closed', closedAt: daysAgo(3) }), now, 14)).toMatchObject({ kind: 'join', reopen: true });
    expect(decideReply(contact('anna.berg@acme.example'), byHeader, ticket({ status: 'closed', closedAt: daysAgo(14) }), now, 14)).toMatchObject({ kind: 'join', reopen: true });
  });

  it('opens a new ticket linked to one closed longer ago', () => {
    expect(decideReply(contact('anna.berg@acme.example'), byHeader, ticket({ status: 'closed', closedAt: daysAgo(14.01) }), now, 14)).toMatchObject({ kind: 'new', linkedTicketId: 't1' });
    expect(decideReply(contact('anna.berg@acme.example'), byNumber, ticket({ status: 'closed', closedAt: daysAgo(60) }), now, 14)).toMatchObject({ kind: 'new', linkedTicketId: 't1' });
    // A closed ticket without a known closing time (closed before it was kept) counts as long closed.
    expect(decideReply(contact('anna.berg@acme.example'), byHeader, ticket({ status: 'closed', closedAt: null }), now, 14)).toMatchObject({ kind: 'new', linkedTicketId: 't1' });
  });

  it('lets a resolved or pending ticket be joined as it is', () => {
    for (const status of ['new', 'pending', 'resolved']) {
      expect(decideReply(contact('anna.berg@acme.example'), byHeader, ticket({ status }), now, 14)).toMatchObject({ kind: 'join', reopen: false });
    }
  });

  it('joins an unassigned ticket by its Message-IDs, by number only for its requester or a participant', () => {
    const queue = ticket({ customerId: null, requesterEmail: 'j.doe@freemail.example', participants: ['friend@freemail.example'] });
    expect(decideReply(unassigned('someone@elsewhere.example'), byHeader, queue, now, 14)).toMatchObject({ kind: 'join', addParticipant: true });
    expect(decideReply(unassigned('j.doe@freemail.example'), byNumber, queue, now, 14)).toMatchObject({ kind: 'join', addParticipant: false });
    expect(decideReply(unassigned('friend@freemail.example'), byNumber, queue, now, 14)).toMatchObject({ kind: 'join' });
    expect(decideReply(unassigned('stranger@freemail.example'), byNumber, queue, now, 14)).toMatchObject({ kind: 'new', linkedTicketId: null });
    // A customer's contact never joins a ticket of no customer.
    expect(decideReply(contact('anna.berg@acme.example'), byHeader, queue, now, 14)).toMatchObject({ kind: 'new' });
  });
});

describe('the ticket of the subject, when it names several', () => {
  const ticket = (number: number, over: Partial<ThreadTicket> = {}): ThreadTicket => ({
    id: `t${number}`, number, customerId: null, status: 'open', closedAt: null, requesterEmail: 'support@otherdesk.example', participants: [], ...over,
  });
  const helpdesk: Sender = { kind: 'unassigned', address: 'support@otherdesk.example' };
  const anna: Sender = { kind: 'contact', address: 'anna.berg@acme.example', contactId: 'c1', customerId: 'acme', addedByDomain: false };

  it('is the first one the sender is on (requester or participant): another helpdesk\'s tag before ours does not hide ours', () => {
    // [Ticket #9001] is the other helpdesk's own number: unknown here, or a ticket of someone else.
    expect(subjectTicket([9001, 5], [ticket(5)], helpdesk)?.number).toBe(5);
    expect(subjectTicket([9001, 5], [ticket(9001, { requesterEmail: 'someone@elsewhere.example' }), ticket(5)], helpdesk)?.number).toBe(5);
    expect(subjectTicket([1, 2], [ticket(1, { customerId: 'acme', requesterEmail: 'tom.baker@acme.example' }), ticket(2, { customerId: 'acme', requesterEmail: 'anna.berg@acme.example' })], anna)?.number).toBe(2);
  });

  it('else the first the sender may join (a ticket of their customer); else the first that exists, which decideReply refuses with its reason', () => {
    expect(subjectTicket([1, 2], [ticket(1, { customerId: 'globex' }), ticket(2, { customerId: 'acme', requesterEmail: 'tom.baker@acme.example' })], anna)?.number).toBe(2);
    expect(subjectTicket([1, 2], [ticket(2, { customerId: 'globex' }), ticket(1, { customerId: 'globex' })], anna)?.number).toBe(1);
    expect(subjectTicket([7], [], anna)).toBeUndefined();
  });
});

describe('a new ticket from an email', () => {
  it('copies To and Cc except the sender and the system\'s mailboxes, each once, lower case', () => {
    const email = {
      from: { address: 'Anna.Berg@acme.example' },
      to: [{ address: 'support@helpdesk.example' }],
      cc: [{ address: 'Tom.Baker@acme.example' }, { address: 'l.chen@initech.example' }, { address: 'anna.berg@acme.example' }, { address: 'tom.baker@acme.example' }],
    };
    expect(copiedAddresses(email, ['SUPPORT@helpdesk.example'])).toEqual(['tom.baker@acme.example', 'l.chen@initech.example']);
  });

  it('keeps the subject as sent, "(no subject)" for none, cut to 250 characters', () => {
    expect(ticketSubject('Re: [Ticket #4711] Printer')).toBe('Re: [Ticket #4711] Printer');
    expect(ticketSubject('')).toBe('(no subject)');
    expect(ticketSubject('  \t ')).toBe('(no subject)');
    expect(ticketSubject('a\r\n b')).toBe('a  b');
    const long = ticketSubject('ü'.repeat(300));
    expect([...long]).toHaveLength(250);
  });

  it('never has a blank text', () => {
    expect(noteText('hello', 0)).toBe('hello');
    expect(noteText(' \n', 0)).toBe('(no text)');
    expect(noteText('', 2)).toBe('(no text; see the attachments)');
  });

  it('takes the account\'s priority when tickets know it', () => {
    expect(priorityOf('high')).toBe('high');
    expect(priorityOf('whatever')).toBe('normal');
  });
});
