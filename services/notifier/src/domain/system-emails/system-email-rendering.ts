import { compileTemplate, renderEmail, type CompiledTemplate, type RenderedEmail } from '../templates/template-engine.js';
import type { SystemEmailWithTemplate } from '../../persistence/system-email.repository.js';
import type { SystemEmailKey } from './system-emails.js';

/** What system emails need of the configuration. */
export interface SystemEmailSettings {
  portalUrl: string;
  /** Some portal app is enabled: while none is, an email that would show a portal link is not sent. */
  portalEnabled: boolean;
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
 * Renders a system email from its template. While no portal app is enabled, portal links render empty
 * and `portalLinkRendered` says the email showed one (it is then not sent: `portal_disabled`).
 */
export function renderSystemEmail(systemEmail: SystemEmailWithTemplate, values: Record<string, unknown>, settings: SystemEmailSettings): RenderedEmail {
  return renderEmail(
    compiledOf(systemEmail.template),
    { ...values, portal: { enabled: settings.portalEnabled, url: settings.portalUrl }, company: { name: settings.companyName } },
    { portalEnabled: settings.portalEnabled, portalUrl: settings.portalUrl },
  );
}

/**
 * Why a rendered system email is not sent, if it is not: its switch is off, or it shows a portal that is
 * off; an invitation to a portal that is off never goes, whatever its template says.
 */
export function systemEmailNotSentReason(systemEmail: SystemEmailWithTemplate, rendered: RenderedEmail, settings: SystemEmailSettings): string | null {
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

/** The system emails as one group of events reads them (one statement), by key. */
export interface SystemEmails {
  get(key: SystemEmailKey): SystemEmailWithTemplate;
  /** Some portal app is enabled (the catalogue's view, current as of this group). */
  portalEnabled: boolean;
}

export function systemEmailsOf(rows: SystemEmailWithTemplate[], portalEnabled: boolean): SystemEmails {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return {
    portalEnabled,
    get(key) {
      const systemEmail = byKey.get(key);
      // Seeded by migration 0008 and never deleted; a template is a system one, which cannot be deleted either.
      if (!systemEmail) throw new Error(`system email ${key} or its template is missing`);
      return systemEmail;
    },
  };
}
