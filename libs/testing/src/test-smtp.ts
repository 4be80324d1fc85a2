import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { waitFor } from './wait-for.js';

export interface ReceivedMail {
  to: string[];
  from: string;
  parsed: ParsedMail;
}

export interface TestSmtpOptions {
  /**
   * Runs once a message has been received in full (it is already in `received`, as a real server
   * would have queued it) and before the server answers: it may wait (a slow server), or say 'drop'
   * to close the connection instead of answering (the client never learns the message arrived).
   */
  beforeReply?(mail: ReceivedMail): Promise<'drop' | void> | 'drop' | void;
}

/** A real SMTP server in the test process that keeps what it receives. */
export async function startTestSmtp(options: TestSmtpOptions = {}) {
  const received: ReceivedMail[] = [];
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Clients keep pooled connections open; closing the server ends them after this.
    closeTimeout: 1000,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const mail = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), parsed };
          received.push(mail);
          if ((await options.beforeReply?.(mail)) === 'drop') return connectionSocket(server, session.id)?.destroy();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client that goes away mid-session (killed, or dropped by `beforeReply`) is reported here; it is no failure of the server.
  server.on('error', () => undefined);
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

// smtp-server gives handlers the session, not the socket; its connections carry both.
function connectionSocket(server: SMTPServer, sessionId: string): Socket | undefined {
  const connections = (server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections;
  return [...connections].find((connection) => connection.id === sessionId)?._socket;
}
