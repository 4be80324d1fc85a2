import { waitFor } from '@helpdesk/testing';
import type { BrowserSystem } from './system';

/**
 * The link to `page` of the gateway's pages (`/portal/invitation`, `/staff/reset-password`, …) in the
 * newest email to `to` with `subject`, waiting for it: the address a person would open from their mailbox.
 * `after` skips the first that many such emails (an earlier link to the same address).
 */
export async function emailedLink(system: BrowserSystem, to: string, subject: string, page: string, after = 0): Promise<string> {
  const mails = () => system.smtp.received.filter((mail) => mail.to.includes(to) && mail.parsed.subject === subject);
  await waitFor(() => mails().length > after, { what: `the email "${subject}" to ${to}`, timeoutMs: 20_000 });
  const text = mails().at(-1)!.parsed.text ?? '';
  const link = text.match(/https?:\/\/\S+/g)?.find((url) => url.startsWith(`${system.origin}${page}?`));
  if (!link) throw new Error(`no link to ${system.origin}${page} in: ${text}`);
  return link;
}
