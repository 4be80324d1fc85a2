import { randomUUID } from 'node:crypto';
import type { NotifierConfig } from '../../config.js';
import type { PlanOptions } from './plan-emails.js';

/**
 * The planner's settings, for the consumer and the dry run alike. The portal is taken as enabled until
 * the customer-app projection is wired in (issue 12, lane C): `portal.enabled` is the one parameter for it.
 * `companyName` is empty until a HELPDESK_NAME setting exists.
 */
export function planOptions(config: Pick<NotifierConfig, 'MAIL_FROM' | 'PORTAL_URL'>): PlanOptions {
  return { sender: config.MAIL_FROM, portal: { enabled: true, url: config.PORTAL_URL }, companyName: '', newId: randomUUID };
}
