// The body of a parsing worker thread (see parser-pool.ts): parses one email at a time with
// mailparser and sanitises its HTML, away from the event loop that serves requests and events.
import { parentPort } from 'node:worker_threads';
import { parseEmail } from '../domain/parse-email.js';

export interface ParseRequest {
  id: number;
  raw: Uint8Array;
}

export type ParseReply = { id: number; ok: true; email: Awaited<ReturnType<typeof parseEmail>> } | { id: number; ok: false; message: string };

parentPort?.on('message', (request: ParseRequest) => {
  const raw = Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength);
  parseEmail(raw).then(
    (email) => {
      // Attachment bytes leave by transfer, each in a buffer of its own (mailparser's may share a pool).
      for (const attachment of email.attachments) attachment.content = new Uint8Array(attachment.content);
      const reply: ParseReply = { id: request.id, ok: true, email };
      parentPort!.postMessage(reply, email.attachments.map((attachment) => attachment.content.buffer as ArrayBuffer));
    },
    (error: unknown) => {
      const reply: ParseReply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
      parentPort!.postMessage(reply);
    },
  );
});
