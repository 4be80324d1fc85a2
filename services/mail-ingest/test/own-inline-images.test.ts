// Review of integ, item 9: the sanitised HTML shows only this email's own inline images. A sender can
// write <img src="/api/attachments/<uuid>"> naming any attachment of the system; kept, it would make
// the viewer's browser fetch it with their session and show it in this ticket.
import { randomUUID } from 'node:crypto';
import { decide } from '../src/domain/process-email.js';
import { parseEmail } from '../src/domain/parse-email.js';
import type { ClaimedEmail } from '../src/persistence/inbound-email.repository.js';

const foreign = '5f0c4d8e-7a3b-4c55-9f0e-3b2a1d4c5e6f';
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function message(padding: number): Buffer {
  const html = `<p>Look:<img src="/api/attachments/${foreign}" alt="theirs"><img src="cid:logo@acme.example" alt="ours"></p><p>${'x'.repeat(padding)}</p>`;
  return Buffer.from(
    [
      'From: Anna Berg <anna.berg@acme.example>',
      'To: support@helpdesk.example',
      'Subject: Screenshot',
      'Message-ID: <own-images@acme.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '--b1',
      'Content-Type: image/png',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <logo@acme.example>',
      'Content-Disposition: inline; filename="logo.png"',
      '',
      png.toString('base64'),
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

const claimed = (): ClaimedEmail => ({
  id: randomUUID(), emailAccountId: randomUUID(), mailbox: 'support@helpdesk.example', defaultTeamId: null, defaultPriority: 'normal',
  raw: null, size: 0, attempts: 1, attemptsSinceRequeue: 1, receivedAt: new Date(),
});

describe("an inbound email's HTML shows only its own inline images", () => {
  it('drops a sender-written /api/attachments/<uuid> image and keeps the cid: image as its own attachment', async () => {
    const email = await parseEmail(message(10));
    const own = email.attachments.find((a) => a.contentId === '<logo@acme.example>')!;
    expect(email.html).toContain(`<img alt="ours" src="/api/attachments/${own.id}" />`);
    expect(email.html).not.toContain(foreign);
    expect(email.html).not.toContain('theirs');
  });

  it('keeps its own image in the HTML of the event when that HTML is cut to the cap and sanitised again', async () => {
    const email = await parseEmail(message(2 * 1024 * 1024 + 100));
    const own = email.attachments[0]!;
    const decision = decide(claimed(), email, 'helpdesk.example');
    expect(decision.received!.truncated).toBe(true);
    expect(decision.received!.html).toContain(`src="/api/attachments/${own.id}"`);
    expect(decision.received!.html).not.toContain(foreign);
  });
});
