import { Liquid, LiquidError, type Template, type Variable } from 'liquidjs';
import { ValidationError } from '@helpdesk/errors';
import { isKnownPlaceholder, placeholderTree, type TemplateContextName } from './placeholders.js';
import { sampleValues } from './sample-context.js';
import { forbiddenTags, removedFilters, renderEmail, templateEngineOptions, type CompiledTemplate, type TemplateSource } from './template-engine.js';

export type TemplateErrorKind =
  | 'syntax'
  | 'unknown_filter'
  | 'forbidden_tag'
  | 'unknown_placeholder'
  | 'too_large'
  | 'subject_not_one_line'
  | 'render_failed';

/** Why a template cannot be saved, and where: the part (JSON pointer), line and column (1-based), as an editor shows them. */
export interface TemplateError {
  pointer: '/subject' | '/html' | '/text';
  line: number;
  col: number;
  kind: TemplateErrorKind;
  detail: string;
  /** The same as `detail`: the field every problem document's `errors` entry has. */
  message: string;
}

/**
 * Source sizes (Liquid's own parse limit is the HTML's; a subject is one header line), rendered sizes,
 * and the time one part may take to render with the sample values: the engine stops a render only
 * after a second, and a template that passed here is rendered for every email sent from it, so one
 * that takes hundreds of times what the seeded ones take (about a millisecond) is refused.
 */
export const templateLimits = { subject: 1_000, html: 100_000, text: 100_000, renderedSubject: 300, renderedBody: 1_000_000, renderMs: 200 } as const;

type Part = 'subject' | 'html' | 'text';

/**
 * The parser used only to check: it reports every syntax error of a part at once (catchAllErrors),
 * with the same tags and filters as the engines that render (the HTML engine differs only in escaping).
 */
const checker = new Liquid({ ...templateEngineOptions, catchAllErrors: true });
for (const tag of forbiddenTags) delete checker.tags[tag];
for (const filter of removedFilters) delete checker.filters[filter];

export interface TemplateCheck {
  errors: TemplateError[];
  /** The placeholders used (`group.leaf`, or `group`), sorted, each once. */
  placeholders: string[];
}

/** Every reason why `source` cannot be saved as a template of `context`; none: it can. */
export function validateTemplate(context: TemplateContextName, source: TemplateSource): TemplateError[] {
  return checkTemplate(context, source).errors;
}

/**
 * Checks a template as it would be saved: size, syntax (every error with its position), no tag that
 * would read a file, no unknown filter, no placeholder the context does not have (locals made by
 * assign, capture or for are not placeholders), and a render with the context's sample values, with
 * the portal on and off, that must succeed and give a subject of one line of at most 300 characters.
 */
export function checkTemplate(context: TemplateContextName, source: TemplateSource, portalUrl = 'https://portal.invalid/portal'): TemplateCheck {
  const errors: TemplateError[] = [];
  const used = new Set<string>();
  const parsed: Partial<Record<Part, Template[]>> = {};
  const parts: Array<[Part, string | null]> = [
    ['subject', source.subject],
    ['html', source.html],
    ['text', source.text],
  ];
  for (const [part, text] of parts) {
    if (text === null) continue;
    if (text.length > templateLimits[part]) {
      errors.push(problem(part, 1, 1, 'too_large', `is ${text.length} characters long; at most ${templateLimits[part]} are allowed`));
      continue;
    }
    if (part === 'subject' && /[\r\n]/.test(text)) {
      const [line, col] = positionOf(text, text.search(/[\r\n]/));
      errors.push(problem(part, line, col, 'subject_not_one_line', 'a subject is one line: remove the line break'));
    }
    const templates = parse(part, text, errors);
    if (!templates) continue;
    parsed[part] = templates;
    for (const variable of globalsOf(templates)) {
      const path = pathOf(variable);
      if (isKnownPlaceholder(context, path)) used.add(path.slice(0, 2).join('.'));
      else errors.push(problem(part, variable.location.row, variable.location.col, 'unknown_placeholder', unknownPlaceholderDetail(context, variable, path)));
    }
  }
  if (errors.length === 0) errors.push(...renderErrors(context, parsed, portalUrl));
  errors.sort((a, b) => a.pointer.localeCompare(b.pointer) || a.line - b.line || a.col - b.col);
  return { errors, placeholders: [...used].sort() };
}

/** Throws the 400 (problem details with `errors`) for a template that cannot be saved. */
export function requireValidTemplate(context: TemplateContextName, source: TemplateSource, portalUrl?: string): string[] {
  const { errors, placeholders } = checkTemplate(context, source, portalUrl);
  if (errors.length > 0) {
    const first = errors[0]!;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more; see errors)` : '';
    throw new ValidationError(`The template has errors: ${first.pointer.slice(1)} line ${first.line}, column ${first.col}: ${first.detail}${more}.`, errors);
  }
  return placeholders;
}

function parse(part: Part, text: string, errors: TemplateError[]): Template[] | undefined {
  try {
    return checker.parse(text);
  } catch (error) {
    const all = LiquidError.is(error) && 'errors' in error && Array.isArray(error.errors) ? (error.errors as LiquidError[]) : [error];
    for (const one of all) errors.push(liquidProblem(part, one));
    return undefined;
  }
}

/** A parse error as the editor shows it: where it is, what kind, and liquidjs's words without its own position suffix. */
function liquidProblem(part: Part, error: unknown): TemplateError {
  const message = error instanceof Error ? error.message : String(error);
  const [line, col] = errorPosition(error, message);
  const detail = message.replace(/, line:\d+, col:\d+$/, '');
  const tag = /^tag "(\w+)" not found/.exec(detail)?.[1];
  if (tag && (forbiddenTags as readonly string[]).includes(tag)) {
    return problem(part, line, col, 'forbidden_tag', `the tag "${tag}" is not available: templates cannot read other templates or files`);
  }
  const filter = /^undefined filter: (\w+)/.exec(detail)?.[1];
  if (filter && (removedFilters as readonly string[]).includes(filter)) {
    return problem(part, line, col, 'unknown_filter', `the filter "${filter}" is not available: placeholder values are always HTML-escaped`);
  }
  if (filter) return problem(part, line, col, 'unknown_filter', `${detail} (only Liquid's standard filters are available)`);
  return problem(part, line, col, 'syntax', detail);
}

/** Where liquidjs says an error is: its token's position, else the one its message names, else the start. */
function errorPosition(error: unknown, message: string): [number, number] {
  if (LiquidError.is(error) && error.token) {
    const [line, col] = error.token.getPosition();
    if (line !== undefined && col !== undefined) return [line, col];
  }
  const match = /line:(\d+), col:(\d+)/.exec(message);
  return match ? [Number(match[1]), Number(match[2])] : [1, 1];
}

/** The names a template reads that it did not make itself (assign, capture, for, increment make locals). */
function globalsOf(templates: Template[]): Variable[] {
  return Object.values(checker.analyzeSync(templates, { partials: false }).globals).flat();
}

/** The path a variable reads: property names up to the first computed one (`ticket[x]`: `ticket`); list indexes skipped. */
function pathOf(variable: Variable): string[] {
  const path: string[] = [];
  for (const segment of variable.segments) {
    if (typeof segment === 'number') continue;
    if (typeof segment !== 'string') break;
    path.push(segment);
  }
  return path;
}

function unknownPlaceholderDetail(context: TemplateContextName, variable: Variable, path: string[]): string {
  const groups = placeholderTree[context];
  const [group] = path;
  const name = variable.toString();
  if (group !== undefined && Object.hasOwn(groups, group)) {
    return `unknown placeholder "${name}": ${group} has ${Object.keys(groups[group]!).map((leaf) => `${group}.${leaf}`).join(', ')}`;
  }
  return `unknown placeholder "${name}": ${context} templates can use ${Object.keys(groups).join(', ')}`;
}

/** Renders each part with the sample values, portal on and off: a failure (a limit, a bad argument) or a subject too long is an error. */
function renderErrors(context: TemplateContextName, parsed: Partial<Record<Part, Template[]>>, portalUrl: string): TemplateError[] {
  const errors: TemplateError[] = [];
  const values = sampleValues(context, { portalUrl });
  for (const part of ['subject', 'html', 'text'] as const) {
    const templates = parsed[part];
    if (!templates) continue;
    const compiled: CompiledTemplate = { subject: part === 'subject' ? templates : [], html: part === 'html' ? templates : [], text: part === 'text' ? templates : null };
    const times: number[] = [];
    for (const portalEnabled of [true, false]) {
      try {
        const started = performance.now();
        const rendered = renderEmail(compiled, values, { portalEnabled, portalUrl });
        times.push(performance.now() - started);
        const length = part === 'subject' ? rendered.subject.length : part === 'html' ? rendered.html.length : rendered.text.length;
        const limit = part === 'subject' ? templateLimits.renderedSubject : templateLimits.renderedBody;
        if (length > limit) {
          errors.push(problem(part, 1, 1, 'too_large', `renders ${length} characters with the sample values; at most ${limit} are allowed`));
          break;
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const [line, col] = errorPosition(error, message);
        errors.push(problem(part, line, col, 'render_failed', `does not render with the sample values: ${message.replace(/, line:\d+, col:\d+$/, '')}`));
        break;
      }
    }
    // The faster of the two renders: a pause of the process (a collection, a busy machine) slows one, a template both.
    const ms = Math.round(Math.min(...times));
    if (times.length === 2 && ms > templateLimits.renderMs) {
      errors.push(problem(part, 1, 1, 'render_failed', `takes ${ms} ms to render with the sample values; at most ${templateLimits.renderMs} ms are allowed (every email sent from it would cost that)`));
    }
  }
  return errors;
}

function problem(part: Part, line: number, col: number, kind: TemplateErrorKind, detail: string): TemplateError {
  return { pointer: `/${part}`, line, col, kind, detail, message: detail };
}

/** 1-based line and column of the character at `index`. */
function positionOf(text: string, index: number): [number, number] {
  const before = text.slice(0, index).split(/\r\n|\r|\n/);
  return [before.length, before.at(-1)!.length + 1];
}
