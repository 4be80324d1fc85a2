import { renderEmail, type RenderedEmail } from '../templates/template-engine.js';
import type { Catalogue, CatalogueTemplate } from '../automations/catalogue.js';
import type { SystemEmailRow } from '../../persistence/system-email.repository.js';
import type { SystemEmailKey } from './system-emails.js';

/** What system emails need of the configuration. */
export interface SystemEmailSettings {
  portalUrl: string;
  /** Some portal app is enabled: while none is, an email that would show a portal link is not sent. */
  portalEnabled: boolean;
  /** HELPDESK_NAME: the `company.name` placeholder. */
  companyName: string;
}

/** A system email's switch with its template, parsed once by the catalogue. */
export interface SystemEmailWithTemplate extends SystemEmailRow {
  template: CatalogueTemplate;
}

/** A system email as the catalogue holds it (the switches and templates of the settings version planned with). */
export function systemEmailOf(catalogue: Pick<Catalogue, 'systemEmails' | 'templatesByKey'>, key: SystemEmailKey): SystemEmailWithTemplate {
  const systemEmail = catalogue.systemEmails.get(key);
  const template = systemEmail && catalogue.templatesByKey.get(systemEmail.templateKey);
  // Seeded by migration 0008 and never deleted; a template is a system one, which cannot be deleted either.
  if (!systemEmail || !template) throw new Error(`system email ${key} or its template is missing`);
  return { ...systemEmail, template };
}

/**
 * Renders a system email from its template. While no portal app is enabled, portal links render empty
 * and `portalLinkRendered` says the email showed one (it is then not sent: `portal_disabled`).
 */
export function renderSystemEmail(systemEmail: SystemEmailWithTemplate, values: Record<string, unknown>, settings: SystemEmailSettings): RenderedEmail {
  // Validated on save: only a bug leaves a stored template that no longer parses.
  if (!systemEmail.template.compiled) throw new Error(`the template ${systemEmail.templateKey} of system email ${systemEmail.key} does not parse`);
  return renderEmail(
    systemEmail.template.compiled,
    { ...values, portal: { enabled: settings.portalEnabled, url: settings.portalUrl }, company: { name: settings.companyName } },
    { portalEnabled: settings.portalEnabled, portalUrl: settings.portalUrl },
  );
}

/**
 * Why a rendered system email is not sent, if it is not: its switch is off, or it shows a portal that is
 * off; an invitation to a portal that is off never goes, whatever its template says.
 */
export function systemEmailNotSentReason(systemEmail: SystemEmailRow, rendered: RenderedEmail, settings: SystemEmailSettings): string | null {
  if (!systemEmail.enabled) return 'system_email_off';
  if (!settings.portalEnabled && systemEmail.key === 'portal_invitation') return 'portal_disabled';
  return rendered.portalLinkRendered ? 'portal_disabled' : null;
}

/** The `contact` placeholders of a person known by address and (maybe) name. */
export function contactValues(person: { email: string; firstName?: string; lastName?: string }) {
  const firstName = person.firstName ?? '';
  const lastName = person.lastName ?? '';
  return { first_name: firstName, last_name: lastName, name: [firstName, lastName].filter(Boolean).join(' '), email: person.email };
}
