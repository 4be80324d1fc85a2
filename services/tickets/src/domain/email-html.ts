import { NotFoundError } from '@helpdesk/errors';
import type { TicketsDatabase } from '../persistence/client.js';
import { findTicketNote } from '../persistence/note.repository.js';
import { findPublicNote } from '../persistence/portal-ticket.repository.js';
import { getTicket } from './get-ticket.js';
import { visibleTicket } from './get-portal-ticket.js';
import type { PortalUser, StaffUser } from './ticket.js';

/**
 * The sanitised HTML of an email on a ticket (issue 14 §3): of the email that opened it (`noteId`
 * null) or of a note an email added. Staff: any note of a ticket they may see. Portal contacts: the
 * opening email and public notes of a ticket within their scope only. Anything else, and an email
 * without HTML, is not found, exactly like an unknown id.
 */
export class EmailHtmlNotFoundError extends NotFoundError {
  constructor(ticketId: string, noteId: string | null) {
    super(noteId ? `Note ${noteId} of ticket ${ticketId} has no email HTML, or you may not see it.` : `Ticket ${ticketId} has no email HTML, or you may not see it.`);
  }
}

export async function staffEmailHtml(db: TicketsDatabase, staff: StaffUser, ticketId: string, noteId: string | null): Promise<string> {
  const ticket = await getTicket(db, staff, ticketId);
  const html = noteId ? (await findTicketNote(db.client, ticket.id, noteId))?.bodyHtml : ticket.descriptionHtml;
  if (!html) throw new EmailHtmlNotFoundError(ticketId, noteId);
  return html;
}

export async function portalEmailHtml(db: TicketsDatabase, caller: PortalUser, ticketId: string, noteId: string | null): Promise<string> {
  const { scope, ticket } = await visibleTicket(db, caller, ticketId);
  const html = noteId ? (await findPublicNote(db.client, scope, ticket.id, noteId))?.bodyHtml : ticket.descriptionHtml;
  if (!html) throw new EmailHtmlNotFoundError(ticketId, noteId);
  return html;
}

/** mail-ingest's attribute of an inert remote image (services/mail-ingest/src/domain/sanitise-html.ts). */
const remoteImage = /(<img\s[^>]*?)\bdata-remote-src="(https?:\/\/[^"]*)"/gi;

/**
 * The HTML with its remote images' addresses as their sources, for an agent who asked to load them.
 * The HTML is mail-ingest's sanitised output: every attribute value is quoted and escaped (`"` and `>`
 * never appear inside one, `<` never in text), so a tag is found by its brackets.
 */
export function withRemoteImages(html: string): string {
  return html.replace(remoteImage, '$1src="$2"');
}

/** An image of the email's own, as mail-ingest's sanitise keeps it: served by the helpdesk (/api/attachments/{id}). */
const ownImage = /(<img\s[^>]*?)\bsrc="\/api\/attachments\/([0-9a-f-]{36})"/gi;

/** An inline image's bytes and the type it is served as; null when it is not one to show inline. */
export type InlineImageLoader = (attachmentId: string) => Promise<{ contentType: string; content: Buffer } | null>;

/**
 * The HTML with the email's own inline images as `data:` URLs, for the document that loads remote images:
 * that document has an opaque origin, so its requests to the helpdesk go without the session cookie and
 * an `/api/attachments/{id}` image would not load. Each image is read once, however often it appears.
 */
export async function withOwnImagesInline(html: string, load: InlineImageLoader): Promise<string> {
  const ids = [...new Set([...html.matchAll(ownImage)].map((match) => match[2]!))];
  const sources = new Map<string, string>();
  for (const id of ids) {
    const image = await load(id);
    if (image) sources.set(id, `data:${image.contentType};base64,${image.content.toString('base64')}`);
  }
  return html.replace(ownImage, (whole, head: string, id: string) => (sources.has(id) ? `${head}src="${sources.get(id)}"` : whole));
}
