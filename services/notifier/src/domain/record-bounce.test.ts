import { inboundEmailBouncedV1 } from '@helpdesk/contracts-schema';
import { bounceOf } from './record-bounce.js';

const report = inboundEmailBouncedV1.example;

describe('bounceOf', () => {
  it('records a failure against the Message-ID the report quotes', () => {
    expect(bounceOf('ev1', report)).toEqual([
      {
        eventId: 'ev1',
        messageId: '<1b2c3d4e@helpdesk.example>',
        inboundEmailId: report.emailId,
        action: 'failed',
        status: '5.1.1',
        recipient: 'l.chen@initech.example',
        diagnostic: report.diagnostic,
      },
    ]);
  });

  it('records a report that names no action as a failure', () => {
    expect(bounceOf('ev1', { ...report, action: null })).toHaveLength(1);
  });

  it.each(['delayed', 'Delivered', 'relayed', 'expanded'])('records nothing for a report that is no failure (%s)', (action) => {
    expect(bounceOf('ev1', { ...report, action })).toEqual([]);
  });

  it('matches a Message-ID whose domain a relay wrote in another case: the domain is lower-cased as the notifier writes it', () => {
    expect(bounceOf('ev1', { ...report, againstMessageId: ' <1b2c3d4e@HelpDesk.EXAMPLE> ' })[0]!.messageId).toBe('<1b2c3d4e@helpdesk.example>');
  });

  it('records nothing when the report names no Final-Recipient: it could not be checked against the email', () => {
    expect(bounceOf('ev1', { ...report, recipient: null })).toEqual([]);
    expect(bounceOf('ev1', { ...report, recipient: ' ' })).toEqual([]);
  });

  it('records nothing when the report quotes no Message-ID', () => {
    expect(bounceOf('ev1', { ...report, againstMessageId: null })).toEqual([]);
  });
});
