import { Drop, Liquid, type Template } from 'liquidjs';
import { convert } from 'html-to-text';
import { portalLinkPaths } from './placeholders.js';

/** An email template as an administrator writes it: Liquid in the subject, the HTML and (optionally) the text. */
export interface TemplateSource {
  subject: string;
  html: string;
  /** Null: the plain-text part is derived from the rendered HTML. */
  text: string | null;
}

/** A template parsed once and rendered many times. */
export interface CompiledTemplate {
  subject: Template[];
  html: Template[];
  text: Template[] | null;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** A portal link or its URL was rendered while the portal is off: such an email must not be sent. */
  portalLinkRendered: boolean;
}

/**
 * Liquid for administrators: no expression calls code, no tag reads a file (include, render and layout are
 * removed, and the engine's file system is an empty in-memory one), only own properties of the plain data
 * we pass are visible (no `constructor`, no `__proto__`), unknown filters are errors, and parse size, render
 * steps and memory are bounded, so a loop in a template cannot stall the notifier.
 */
export const templateEngineOptions = {
  templates: {},
  strictFilters: true,
  strictVariables: false,
  ownPropertyOnly: true,
  jsTruthy: false,
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
  timezoneOffset: 0,
} as const;

/** The tags that would read other templates (and so files): removed, so a template using one fails to parse. */
export const forbiddenTags = ['include', 'render', 'layout', 'block'] as const;

/**
 * Filters taken away: `raw` would put a value into the HTML unescaped, and the values are customers'
 * and agents' words (a note body, a subject, a name): escaping them is what keeps their markup out of
 * an email. A template using it is refused at save (unknown filter).
 */
export const removedFilters = ['raw'] as const;

function newEngine(html: boolean): Liquid {
  const engine = new Liquid({ ...templateEngineOptions, ...(html ? { outputEscape: 'escape' as const } : {}) });
  for (const tag of forbiddenTags) delete engine.tags[tag];
  for (const filter of removedFilters) delete engine.filters[filter];
  // The HTML engine escapes every output, and would escape the <br /> of newline_to_br too: here the filter
  // escapes the value itself and marks its result as HTML, so a note's line breaks survive and its markup does not.
  if (html) engine.registerFilter('newline_to_br', { raw: true, handler: (value: unknown) => escapeHtml(value == null ? '' : String(value)).replace(/\r?\n/g, '<br />\n') });
  return engine;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export const htmlEngine = newEngine(true);
export const textEngine = newEngine(false);

/** Parses a template; throws liquidjs's ParseError / TokenizationError (with the position) when it is not valid. */
export function compileTemplate(source: TemplateSource): CompiledTemplate {
  return {
    subject: textEngine.parse(source.subject),
    html: htmlEngine.parse(source.html),
    text: source.text === null ? null : textEngine.parse(source.text),
  };
}

/** Stands in for a portal link while the portal is off: renders as nothing and remembers it was asked for. */
class WithheldPortalLink extends Drop {
  used = false;
  override valueOf(): string {
    this.used = true;
    return '';
  }
  override toString(): string {
    return this.valueOf();
  }
}

export interface RenderOptions {
  portalEnabled: boolean;
  /** The portal's base URL: a template that writes it out literally while the portal is off is caught too. */
  portalUrl: string;
}

/**
 * Renders a compiled template with plain data (`values`: nested objects of strings, numbers and booleans).
 * While the portal is off, `portal.enabled` is false and every portal link renders empty and marks the
 * email as withheld, whatever filters the template applies to it.
 */
export function renderEmail(compiled: CompiledTemplate, values: Record<string, unknown>, options: RenderOptions): RenderedEmail {
  const trap = new WithheldPortalLink();
  const data = options.portalEnabled ? values : withPortalLinksWithheld(values, trap);
  const subject = oneLine(textEngine.renderSync(compiled.subject, data) as string);
  const html = htmlEngine.renderSync(compiled.html, data) as string;
  const text = compiled.text ? (textEngine.renderSync(compiled.text, data) as string) : convert(html, { wordwrap: 78 });
  const literalLink = !options.portalEnabled && [subject, html, text].some((part) => part.includes(options.portalUrl));
  return { subject, html, text, portalLinkRendered: trap.used || literalLink };
}

function withPortalLinksWithheld(values: Record<string, unknown>, trap: WithheldPortalLink): Record<string, unknown> {
  const data: Record<string, unknown> = { ...values, portal: { ...(values.portal as object | undefined), enabled: false } };
  for (const path of portalLinkPaths) {
    const [group, leaf] = path.split('.') as [string, string];
    if (data[group] !== undefined) data[group] = { ...(data[group] as object), [leaf]: trap };
  }
  return data;
}

/** A subject is one header line: line breaks a template produced become spaces. */
function oneLine(subject: string): string {
  return subject.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
