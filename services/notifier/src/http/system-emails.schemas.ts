import { Type, compileParser } from '@helpdesk/validation';
import type { SystemEmail } from '../domain/system-emails/system-emails.js';

export const parseSystemEmailSwitch = compileParser(
  Type.Object({ enabled: Type.Boolean(), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  'change of the system email',
);

export function systemEmailResponse(systemEmail: SystemEmail) {
  return { key: systemEmail.key, name: systemEmail.name, enabled: systemEmail.enabled, templateKey: systemEmail.templateKey, version: systemEmail.version };
}
