import { compileParser, Type } from '@helpdesk/validation';

export const parseAttachmentId = compileParser(Type.String({ format: 'uuid' }), 'attachment id');
