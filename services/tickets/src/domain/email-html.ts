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
