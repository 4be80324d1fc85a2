import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  /** Extra headers, e.g. Auto-Submitted so that other systems do not answer. */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Sends one message; resolves with its Message-ID once the server accepted it. */
  send(message: OutgoingMessage): Promise<string>;
  close(): void;
}

/**
 * Over SMTP when a URL is configured; otherwise each message is written as an .eml file, so a
 * newcomer sees what the system sends without running a mail server.
 */
export function createMailer(settings: { smtpUrl?: string; from: string; dropDir: string }): Mailer {
  if (settings.smtpUrl) {
    const transport = nodemailer.createTransport(settings.smtpUrl);
    return {
      send: async (message) => (await transport.sendMail({ from: settings.from, ...message })).messageId,
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (message) => {
      const info = await transport.sendMail({ from: settings.from, ...message });
      await mkdir(settings.dropDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^\w.-]/g, '')}.eml`;
      await writeFile(path.join(settings.dropDir, name), info.message as Buffer);
      return info.messageId;
    },
    close: () => transport.close(),
  };
}
