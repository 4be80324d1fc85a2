import { readFileSync } from 'node:fs';
import path from 'node:path';
import { placeholderTree, templateContextNames, type TemplateContextName } from './placeholders.js';
import { sampleValues } from './sample-context.js';
import { compileTemplate, renderEmail, type TemplateSource } from './template-engine.js';
import { checkTemplate, validateTemplate } from './validate-template.js';

const portalUrl = 'https://help.example/portal';
const source = (html: string, subject = 'Ticket {{ ticket.number }}', text: string | null = null): TemplateSource => ({ subject, html, text });

describe('validateTemplate', () => {
  it('accepts a template that uses only its context’s placeholders and its own locals, and names what it uses', () => {
    const html = [
      '<p>Hello {{ contact.first_name | default: "there" }},</p>',
      '{% assign n = ticket.number %}{% capture who %}{{ assignee.name }}{% endcapture %}',
      '{% for word in ticket.subject | split: " " %}{{ forloop.index }}:{{ word }} {% endfor %}#{{ n }} {{ who }}',
      '{% if portal.enabled %}<a href="{{ ticket.portal_url }}">{{ ticket.portal_url }}</a>{% endif %}{{ note.body | newline_to_br }}',
    ].join('\n');
    expect(checkTemplate('ticket_note', source(html, '[Ticket #{{ ticket.number }}] {{ ticket.subject | truncate: 80 }}', 'Text {{ note.body }}'))).toEqual({
      errors: [],
      placeholders: ['assignee.name', 'contact.first_name', 'note.body', 'portal.enabled', 'ticket.number', 'ticket.portal_url', 'ticket.subject'],
    });
  });

  it('refuses an unknown placeholder with the line and column where it is written, in every part', () => {
    const errors = validateTemplate('ticket', source('<p>Hello</p>\n<p>Your ticket {{ ticket.numbr }} is {{ ticket.status }}.</p>\n  {{ note.body }}', 'About {{ tickt.subject }}', 'ok\n{% if change.to %}x{% endif %}'));
    expect(errors).toEqual([
      expect.objectContaining({ pointer: '/html', line: 2, col: 19, kind: 'unknown_placeholder', detail: expect.stringMatching(/^unknown placeholder "ticket.numbr": ticket has ticket.number, /) }),
      expect.objectContaining({ pointer: '/html', line: 3, col: 6, kind: 'unknown_placeholder', detail: expect.stringMatching(/"note.body": ticket templates can use ticket, customer/) }),
      expect.objectContaining({ pointer: '/subject', line: 1, col: 10, kind: 'unknown_placeholder' }),
      expect.objectContaining({ pointer: '/text', line: 2, col: 7, kind: 'unknown_placeholder' }),
    ]);
    // A placeholder of another context is unknown here, known there.
    expect(validateTemplate('ticket_note', source('{{ note.body }}'))).toEqual([]);
    // Read before it is assigned, a name is still a placeholder the context lacks.
    expect(validateTemplate('ticket', source('{{ total }}{% assign total = 1 %}{{ total }}'))).toEqual([expect.objectContaining({ line: 1, col: 4, kind: 'unknown_placeholder' })]);
  });

  it('reports every syntax error of a part at once, each with its line and column', () => {
    const errors = validateTemplate('ticket', source('<p>fine</p>\n{% if ticket.number %}\n  {{ ticket.subject | nosuchfilter }}\n{% for %}', 'S {{ ticket.number', '{% endif %}'));
    expect(errors).toEqual([
      expect.objectContaining({ pointer: '/html', line: 3, col: 3, kind: 'unknown_filter', detail: expect.stringMatching(/^undefined filter: nosuchfilter/) }),
      expect.objectContaining({ pointer: '/html', line: 4, col: 1, kind: 'syntax', detail: 'illegal tag: {% for %}' }),
      expect.objectContaining({ pointer: '/subject', line: 1, col: 3, kind: 'syntax', detail: expect.stringMatching(/not closed/) }),
      expect.objectContaining({ pointer: '/text', line: 1, col: 1, kind: 'syntax' }),
    ]);
    expect(validateTemplate('ticket', source('{{ ticket.subject | raw }}'))).toEqual([
      expect.objectContaining({ pointer: '/html', line: 1, col: 1, kind: 'unknown_filter', detail: 'the filter "raw" is not available: placeholder values are always HTML-escaped' }),
    ]);
    expect(validateTemplate('ticket', source('<p>fine</p>\n  {% if ticket.number %}x'))).toEqual([
      { pointer: '/html', line: 2, col: 3, kind: 'syntax', detail: 'tag {% if ticket.number %} not closed', message: 'tag {% if ticket.number %} not closed' },
    ]);
  });

  it('refuses the tags that would read files or other templates (include, render, layout, block) as forbidden, with their position', () => {
    const errors = validateTemplate('ticket', source('a\n {% include "/etc/passwd" %}\n{% render "x" %}{% layout "x" %}\n{% block b %}{% endblock %}'));
    expect(errors.map(({ kind, line, col }) => ({ kind, line, col }))).toEqual([
      { kind: 'forbidden_tag', line: 2, col: 2 },
      { kind: 'forbidden_tag', line: 3, col: 1 },
      { kind: 'forbidden_tag', line: 3, col: 17 },
      { kind: 'forbidden_tag', line: 4, col: 1 },
      { kind: 'syntax', line: 4, col: 14 },
    ]);
    expect(errors[0]!.detail).toBe('the tag "include" is not available: templates cannot read other templates or files');
  });

  it('refuses names that would reach past the data (constructor, __proto__, process), and those that pass still render nothing', () => {
    const errors = validateTemplate('ticket', source('{{ ticket.constructor }}{{ ticket.__proto__ }}{{ process.env }}{{ global.process }}{{ this }}'));
    expect(errors.map((error) => [error.kind, error.col])).toEqual([
      ['unknown_placeholder', 4],
      ['unknown_placeholder', 28],
      ['unknown_placeholder', 50],
      ['unknown_placeholder', 67],
      ['unknown_placeholder', 87],
    ]);
    // A property of a leaf value passes the check (`ticket.subject.size` is useful) but finds no method or prototype.
    const deep = source('[{{ ticket.number.constructor.name }}][{{ ticket.subject.constructor }}][{{ ticket.subject.size }}]');
    expect(validateTemplate('ticket', deep)).toEqual([]);
    const rendered = renderEmail(compileTemplate(deep), sampleValues('ticket', { portalUrl }), { portalEnabled: true, portalUrl });
    expect(rendered.html).toBe('[][][53]');
  });

  it('wants a subject of one line that renders to at most 300 characters, and bounds the size of each part', () => {
    expect(validateTemplate('ticket', source('x', 'Ticket\n{{ ticket.number }}'))).toEqual([expect.objectContaining({ pointer: '/subject', line: 1, col: 7, kind: 'subject_not_one_line' })]);
    expect(validateTemplate('ticket', source('x', '{{ ticket.subject }}{{ ticket.subject }}{{ ticket.subject }}{{ ticket.subject }}{{ ticket.subject }}{{ ticket.subject }}'))).toEqual([
      expect.objectContaining({ pointer: '/subject', kind: 'too_large', detail: expect.stringMatching(/^renders 318 characters with the sample values; at most 300/) }),
    ]);
    expect(validateTemplate('ticket', source('x'.repeat(100_001), 'S', 'y'.repeat(100_001)))).toEqual([
      expect.objectContaining({ pointer: '/html', kind: 'too_large', line: 1, col: 1 }),
      expect.objectContaining({ pointer: '/text', kind: 'too_large' }),
    ]);
    expect(validateTemplate('ticket', source('x', 's'.repeat(1001)))).toEqual([expect.objectContaining({ pointer: '/subject', kind: 'too_large' })]);
  });

  it('refuses a template that cannot render with the sample values, e.g. one that loops past the render limit', () => {
    const errors = validateTemplate('ticket', source('ok\n{% for i in (1..100000000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}'));
    expect(errors).toEqual([expect.objectContaining({ pointer: '/html', kind: 'render_failed', line: 2 })]);
    // Slow, whether or not it reaches the engine's limit: every email sent from it would cost that long.
    const slow = validateTemplate('ticket', source('x', 'S {% for i in (1..600000) %}{% endfor %}'));
    expect(slow).toEqual([expect.objectContaining({ pointer: '/subject', kind: 'render_failed', detail: expect.stringMatching(/ms are allowed|render limit exceeded/) })]);
  });
});

describe('the sample values', () => {
  it.each(templateContextNames)('of %s give every placeholder of the context a value', (context) => {
    const values = sampleValues(context, { portalUrl });
    for (const [group, leaves] of Object.entries(placeholderTree[context])) {
      for (const leaf of Object.keys(leaves)) expect([`${group}.${leaf}`, (values[group] as Record<string, unknown> | undefined)?.[leaf]]).toEqual([`${group}.${leaf}`, expect.anything()]);
    }
    expect(Object.keys(values).sort()).toEqual(Object.keys(placeholderTree[context]).sort());
  });
});

/** The templates migration 0006 seeds, read from its SQL: (key, name, context, subject, html, text, system) tuples of string literals. */
function seededTemplates(): Array<{ key: string; context: TemplateContextName; source: TemplateSource }> {
  const sql = readFileSync(path.join(__dirname, '../../../prisma/migrations/0006_email_templates/migration.sql'), 'utf8');
  let at = sql.indexOf('VALUES', sql.indexOf('INSERT INTO "email_templates"')) + 'VALUES'.length;
  const rows: string[][] = [];
  let row: string[] | undefined;
  while (at < sql.length) {
    const char = sql[at]!;
    if (char === '(') row = [];
    else if (char === ')') rows.push(row!);
    else if (char === ';' && row === rows.at(-1)) break;
    else if (char === "'") {
      let value = '';
      for (at += 1; !(sql[at] === "'" && sql[at + 1] !== "'"); at += 1) value += sql[at] === "'" ? sql[++at] : sql[at];
      row!.push(value);
    } else if (/[a-z]/.test(char)) {
      const word = /^[a-z]+/.exec(sql.slice(at))![0];
      row!.push(word);
      at += word.length - 1;
    }
    at += 1;
  }
  return rows.map(([key, , context, subject, html, text]) => ({ key: key!, context: context as TemplateContextName, source: { subject: subject!, html: html!, text: text === 'null' ? null : text! } }));
}

describe('the templates seeded by migration 0006', () => {
  const seeded = seededTemplates();

  it('are all there', () => {
    expect(seeded.map((template) => template.key)).toEqual([
      'a01-new-ticket-owner',
      'a02-thank-you',
      'a03-public-note',
      'a04-status-changed',
      'system-portal-invitation',
      'system-portal-account-created',
      'group-ticket-created',
      'group-ticket-status-changed',
      'group-ticket-closed',
      'group-ticket-public-note',
    ]);
  });

  it.each(seeded.map((template) => [template.key, template] as const))('%s validates against its context and renders with the sample in both portal modes', (_key, { key, context, source: template }) => {
    expect(validateTemplate(context, template)).toEqual([]);
    const compiled = compileTemplate(template);
    const values = sampleValues(context, { portalUrl });
    const on = renderEmail(compiled, values, { portalEnabled: true, portalUrl });
    const off = renderEmail(compiled, values, { portalEnabled: false, portalUrl });
    for (const rendered of [on, off]) {
      expect(rendered.subject.length).toBeGreaterThan(0);
      expect(rendered.html).not.toMatch(/{{|{%|undefined|\[object|&lt;br/);
      expect(rendered.text).not.toMatch(/{{|{%|undefined|\[object/);
    }
    expect(on.portalLinkRendered).toBe(false);
    // Email-only: only the invitation shows its link (that link is its point: such an email is not sent while the portal is off).
    expect(off.portalLinkRendered).toBe(key === 'system-portal-invitation');
    if (key !== 'system-portal-invitation') expect(`${off.subject}${off.html}${off.text}`).not.toContain(portalUrl);
  });
});
