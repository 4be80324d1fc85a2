import { Type, compileParser } from '@helpdesk/validation';

export const parseEmailSettings = compileParser(
  Type.Object({ accountOwnerId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) }, { additionalProperties: false }),
  'email settings',
);
