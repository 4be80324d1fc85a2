import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';

export interface OutgoingMessage {
  /** `<unique@domain>`, the same for every attempt at this email. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** The HTML alternative: sent as multipart/alternative with the text. */
  html?: string;
  /** Extra headers, e.g. Auto-Submitted so that other systems do not answer. */
  headers?: Record<string, string>;
  /** Threading of an answer: the Message-ID it answers, and the References (space-separated). */
  inReplyTo?: string;
  references?: string;
  replyTo?: string;
}

export interface Mailer {
  /**
   * Sends one message; resolves with the server's answer once it accepted it, rejects after
   * `longestSendMs` at the latest.
   */
  send(message: OutgoingMessage): Promise<SendReceipt>;
  /** The longest one send can take; an email is claimed for longer than this. */
  readonly longestSendMs: number;
  close(): void;
}

/** The server's acceptance line (e.g. "250 2.0.0 Ok: queued as 4F2A"), for the email log. */
export interface SendReceipt {
  response?: string;
}

export interface SmtpSettings {
  url: string;
  poolSize: number;
  connectionTimeoutMs: number;
  greetingTimeoutMs: number;
  socketTimeoutMs: number;
}

// Writing an .eml file to a local folder.
const fileWriteTimeoutMs = 10_000;

/**
 * Over pooled SMTP connections when a server is configured; otherwise each message is written as
 * an .eml file, so a newcomer sees what the system sends without running a mail server.
 */
export function createMailer(settings: { smtp?: SmtpSettings; from: string; dropDir: string }): Mailer {
  return settings.smtp ? smtpMailer(settings.smtp, settings.from) : dropDirMailer(settings.dropDir, settings.from);
}

function smtpMailer(smtp: SmtpSettings, from: string): Mailer {
  const transport = nodemailer.createTransport(
    new SMTPPool({
      url: smtp.url,
      pool: true,
      maxConnections: smtp.poolSize,
      // nodemailer would otherwise resend a message by itself, without limit, when its connection
      // closes mid-send: every attempt goes through the queue instead, counted and with its back-off.
      maxRequeues: 0,
      connectionTimeout: smtp.connectionTimeoutMs,
      greetingTimeout: smtp.greetingTimeoutMs,
      socketTimeout: smtp.socketTimeoutMs,
    } as SMTPPool.Options),
  );
  // The socket timeout limits each silence, not the whole exchange: the deadline makes the sum a bound.
  const longestSendMs = smtp.connectionTimeoutMs + smtp.greetingTimeoutMs + smtp.socketTimeoutMs;
  return {
    longestSendMs,
    send: async (message) => {
      const info = await withDeadline(transport.sendMail(mailOf(from, message)), longestSendMs, 'the SMTP server');
      return { response: info.response };
    },
    close: () => transport.close(),
  };
}

function dropDirMailer(dropDir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const write = async (message: OutgoingMessage) => {
    const info = await transport.sendMail(mailOf(from, message));
    await mkdir(dropDir, { recursive: true });
    // Named by the Message-ID and renamed into place whole: a resend replaces the file, never adds one.
    const file = path.join(dropDir, `${message.messageId.replace(/[^\w.@-]/g, '')}.eml`);
    // A temporary name of its own per attempt: an attempt abandoned at its deadline may still be writing.
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, info.message as Buffer);
    await rename(temporary, file);
    return { response: `written to ${file}` };
  };
  return {
    longestSendMs: fileWriteTimeoutMs,
    send: (message) => withDeadline(write(message), fileWriteTimeoutMs, `writing to ${dropDir}`),
    close: () => transport.close(),
  };
}

/**
 * The message as nodemailer takes it. A text part that needs encoding is quoted-printable, decided, not
 * guessed: nodemailer's guess scans each body with two regular expressions (measured: ~0.03 ms of the
 * ~0.6 ms an HTML and text email costs to build and send).
 */
function mailOf(from: string, message: OutgoingMessage): SendMailOptions {
  return { from, ...message, textEncoding: 'quoted-printable' };
}

async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
