import { randomUUID } from 'node:crypto';
import type { NotifierConfig } from '../../config.js';
import type { Catalogue } from './catalogue.js';
import type { PlanOptions } from './plan-emails.js';

/**
 * The planner's settings, for the consumer and the dry run alike: whether there is a portal comes from
 * the catalogue (the customer-app projection, read with it), the rest from the configuration.
 */
export function planOptions(config: Pick<NotifierConfig, 'MAIL_FROM' | 'PORTAL_URL' | 'HELPDESK_NAME'>, catalogue: Pick<Catalogue, 'portalEnabled'>): PlanOptions {
  return { sender: config.MAIL_FROM, portal: { enabled: catalogue.portalEnabled, url: config.PORTAL_URL }, companyName: config.HELPDESK_NAME, newId: randomUUID };
}
