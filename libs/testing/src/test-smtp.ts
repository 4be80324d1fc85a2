import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { waitFor } from './wait-for.js';

export interface ReceivedMail {
  to: string[];
  from: string;
  parsed: ParsedMail;
}

/** A real SMTP server in the test process that keeps what it receives. */
export async function startTestSmtp() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            parsed,
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitForMail: (predicate: (mail: ReceivedMail) => boolean, timeoutMs = 15_000) =>
      waitFor(() => received.find(predicate), { timeoutMs, what: 'an email' }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
