import type { EventData, inboundEmailBouncedV1 } from '@helpdesk/contracts-schema';
import type { Bounce } from '../persistence/outgoing-email.repository.js';
import { normaliseMessageId } from './message-id.js';

type Bounced = EventData<typeof inboundEmailBouncedV1>;

/**
 * DSN actions (RFC 3464 §2.3.3) that report no failure: a delay is a warning (the server still
 * tries), the others report a delivery. Only a failure (or a report that names no action) marks
 * the email bounced.
 */
const notFailures = new Set(['delayed', 'delivered', 'relayed', 'expanded']);

/**
 * The bounce a delivery-status report records against the email it returns, if it names one (its
 * Message-ID, the domain compared in any case) and a recipient (its Final-Recipient), and reports a
 * failure. The email is marked only when that recipient is the email's own (case-insensitive, see
 * applyEventGroup): every requester receives a system Message-ID and could quote it in a forged
 * report naming someone else. A report about an unknown Message-ID or another recipient matches no
 * email and changes nothing; the first failure reported for an email is the one kept.
 */
export function bounceOf(eventId: string, report: Bounced): Bounce[] {
  if (report.againstMessageId === null) return [];
  const recipient = report.recipient?.trim() ?? '';
  if (recipient === '') return [];
  if (report.action !== null && notFailures.has(report.action.trim().toLowerCase())) return [];
  return [
    {
      eventId,
      messageId: normaliseMessageId(report.againstMessageId),
      inboundEmailId: report.emailId,
      action: report.action,
      status: report.status,
      recipient,
      diagnostic: report.diagnostic,
    },
  ];
}
