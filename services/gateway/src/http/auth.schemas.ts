import { Email, Type, compileParser } from '@helpdesk/validation';

export const parseLogin = compileParser(
  Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
  'login',
);
