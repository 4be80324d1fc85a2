import { Type } from '@helpdesk/validation';

const Uuid = Type.String({ format: 'uuid' });

/** A mailbox and the name shown beside it, as decoded from a header. */
export const MailAddress = Type.Object({
  address: Type.String({ minLength: 1, maxLength: 320 }),
  name: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
});

/** A Message-ID with its angle brackets, as in the header. */
export const MessageIdValue = Type.String({ minLength: 3, maxLength: 1000 });

/**
 * Why a mail counts as automatic (issue 11 §7): the first header of the fixed order that applies.
 * Automatic mail may open or join tickets; nothing ever answers it.
 */
export const AutomaticMark = Type.Object({
  header: Type.Union(['Auto-Submitted', 'X-Autoreply', 'X-Auto-Response-Suppress', 'Precedence', 'List-Id', 'Return-Path'].map((h) => Type.Literal(h))),
  value: Type.String({ maxLength: 1000 }),
});

/** An attachment or inline image of an inbound email; its bytes stay in mail-ingest. */
export const InboundAttachment = Type.Object({
  attachmentId: Uuid,
  filename: Type.String({ minLength: 1, maxLength: 500 }),
  contentType: Type.String({ minLength: 1, maxLength: 255 }),
  size: Type.Integer({ minimum: 0 }),
  /** Shown in the body (Content-Disposition inline or part of multipart/related). */
  inline: Type.Boolean(),
  contentId: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
});

/** The outcomes of filing an email that the tickets service decides. */
export const FilingRule = Type.Union([Type.Literal('in-reply-to'), Type.Literal('references'), Type.Literal('subject-number')]);
