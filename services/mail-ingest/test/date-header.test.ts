// An email's Date header as mail-ingest hands it on (review of the fix lanes): a date no database stores
// (past year 9999 once its zone is applied) made the inbound_email.received event fail its schema and the
// email was quarantined; a date from long ago (1601, which broken clients send) is a date like any other.
import { inboundEmailReceivedV1 } from '@helpdesk/contracts-schema';
import { compile } from '@helpdesk/validation';
import { parseEmail } from '../src/domain/parse-email.js';

const emailDated = (date: string) => Buffer.from(`From: Dana <dana@customer.example>\r\nTo: support@helpdesk.example\r\nDate: ${date}\r\nSubject: Printer\r\nMessage-ID: <d1@customer.example>\r\n\r\nIt is offline.\r\n`);
const dateSchema = compile(inboundEmailReceivedV1.schema.properties.date);

describe('the Date header of an inbound email', () => {
  it('keeps a date from long ago, which the event schema takes', async () => {
    const email = await parseEmail(emailDated('Mon, 01 Jan 1601 00:00:00 +0000'));
    expect(email.date).toBe('1601-01-01T00:00:00.000Z');
    expect(dateSchema(email.date).ok).toBe(true);
  });

  it.each(['Fri, 31 Dec 9999 23:59:59 -2359', 'Thu, 01 Jan 20000 00:00:00 +0000'])('drops a date past what a database stores (%s), as if the email had none', async (date) => {
    const email = await parseEmail(emailDated(date));
    expect(email.date).toBeNull();
    expect(dateSchema(email.date).ok).toBe(true);
  });
});
