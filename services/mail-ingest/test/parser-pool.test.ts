import path from 'node:path';
import { loadCorpus, renderMessage } from './corpus/corpus.js';
import { ParseFailure, ParserPool } from '../src/mail/parser-pool.js';

/** mailparser in worker threads: the email comes back whole, and a stuck or dying thread is a quarantine reason, never a stuck processor. */
describe('the parser pool', () => {
  const message = (name: string) => renderMessage(loadCorpus().find((c) => c.name.startsWith(name))!, { tickets: {}, maxMessageBytes: 1 << 20 });

  it('parses in a worker thread and hands back the attachments as Buffers, threads reused', async () => {
    const pool = new ParserPool({ size: 1, timeoutMs: 30_000 });
    try {
      const email = await pool.parse(message('05-'));
      expect(email.from).toEqual({ address: 'anna.berg@acme.example', name: 'Anna Berg' });
      expect(email.attachments).toHaveLength(1);
      expect(Buffer.isBuffer(email.attachments[0]!.content)).toBe(true);
      expect(email.attachments[0]!.content.length).toBe(245);
      expect(email.html).toContain(`/api/attachments/${email.attachments[0]!.id}`);
      const again = await pool.parse(message('01-'));
      expect(again.subject).toBeTruthy();
    } finally {
      await pool.close();
    }
  });

  it('stops a parse that does not end within the time limit (parse-timeout), and the next parse gets a fresh thread', async () => {
    const pool = new ParserPool({ size: 1, timeoutMs: 200, entry: path.join(__dirname, 'fixtures', 'hanging-parse-worker.js') });
    try {
      await expect(pool.parse(message('01-'))).rejects.toMatchObject({ reason: 'parse-timeout' });
      await expect(pool.parse(message('01-'))).rejects.toBeInstanceOf(ParseFailure);
    } finally {
      await pool.close();
    }
  });

  it('turns a thread that dies into parse-failed', async () => {
    const pool = new ParserPool({ size: 1, timeoutMs: 30_000, entry: path.join(__dirname, 'fixtures', 'crashing-parse-worker.js') });
    try {
      const failure = await pool.parse(message('01-')).catch((error: unknown) => error);
      expect(failure).toMatchObject({ reason: 'parse-failed' });
      expect((failure as Error).message).toContain('parser exploded');
    } finally {
      await pool.close();
    }
  });
});
