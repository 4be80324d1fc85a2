import { compileTemplate, renderEmail, type CompiledTemplate, type RenderedEmail } from '../templates/template-engine.js';
import type { SystemEmailWithTemplate } from '../../persistence/system-email.repository.js';
import type { SystemEmailKey } from './system-emails.js';

/** What system emails need of the configuration. */
export interface SystemEmailSettings {
  portalUrl: string;
  /** HELPDESK_NAME: the `company.name` placeholder. */
  companyName: string;
}

// Parsed templates by id, kept while their source is the one stored: a template is parsed once, not per email.
const compiled = new Map<string, { source: string; template: CompiledTemplate }>();

function compiledOf(template: SystemEmailWithTemplate['template']): CompiledTemplate {
  const source = JSON.stringify([template.version, template.subject, template.html, template.text]);
  const cached = compiled.get(template.id);
  if (cached?.source === source) return cached.template;
  const parsed = compileTemplate({ subject: template.subject, html: template.html, text: template.text });
  compiled.set(template.id, { source, template: parsed });
  return parsed;
}

/**
 * Renders a system email from its template. The portal counts as available here: whether it is, is
 * decided before an invitation is issued (the gateway; wired by the customer-apps work).
 */
export function renderSystemEmail(systemEmail: SystemEmailWithTemplate, values: Record<string, unknown>, settings: SystemEmailSettings): RenderedEmail {
  return renderEmail(
    compiledOf(systemEmail.template),
    { ...values, portal: { enabled: true, url: settings.portalUrl }, company: { name: settings.companyName } },
    { portalEnabled: true, portalUrl: settings.portalUrl },
  );
}

/** The `contact` placeholders of a person known by address and (maybe) name. */
export function contactValues(person: { email: string; firstName?: string; lastName?: string }) {
  const firstName = person.firstName ?? '';
  const lastName = person.lastName ?? '';
  return { first_name: firstName, last_name: lastName, name: [firstName, lastName].filter(Boolean).join(' '), email: person.email };
}

/** The system emails as one group of events reads them (one statement), by key. */
export interface SystemEmails {
  get(key: SystemEmailKey): SystemEmailWithTemplate;
}

export function systemEmailsOf(rows: SystemEmailWithTemplate[]): SystemEmails {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return {
    get(key) {
      const systemEmail = byKey.get(key);
      // Seeded by migration 0008 and never deleted; a template is a system one, which cannot be deleted either.
      if (!systemEmail) throw new Error(`system email ${key} or its template is missing`);
      return systemEmail;
    },
  };
}
