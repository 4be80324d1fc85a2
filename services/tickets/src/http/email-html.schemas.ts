import { compileParser, Type } from '@helpdesk/validation';

export const parseNoteId = compileParser(Type.String({ format: 'uuid' }), 'note id');
/** Agents may ask for an email's remote images (`?remote=allow`); the portal never loads them. */
export const parseStaffEmailHtmlQuery = compileParser(Type.Object({ remote: Type.Optional(Type.Literal('allow')) }, { additionalProperties: false }), 'query');
export const parsePortalEmailHtmlQuery = compileParser(Type.Object({}, { additionalProperties: false }), 'query');
