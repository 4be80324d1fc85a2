import { compileTemplate, renderEmail } from './template-engine.js';

const portal = { portalEnabled: true, portalUrl: 'https://help.example/portal' };
const render = (html: string, values: Record<string, unknown>, options = portal, text: string | null = null) =>
  renderEmail(compileTemplate({ subject: 'S {{ ticket.number }}', html, text }), values, options);

describe('the template engine', () => {
  it('renders placeholders, escapes them in HTML only, and derives the text part from the HTML when there is none', () => {
    const rendered = render('<p>{{ note.body }}</p>', { ticket: { number: 7 }, note: { body: '<b>bold</b> & co' } });
    expect(rendered.subject).toBe('S 7');
    expect(rendered.html).toBe('<p>&lt;b&gt;bold&lt;/b&gt; &amp; co</p>');
    expect(rendered.text).toBe('<b>bold</b> & co');
    expect(render('<p>{{ note.body }}</p>', { note: { body: '<b>x</b>' } }, portal, 'T {{ note.body }}').text).toBe('T <b>x</b>');
  });

  it('keeps the line breaks newline_to_br makes in HTML and escapes the value around them; raw is not there to unescape a value', () => {
    const values = { note: { body: 'Hi <script>x</script>\nline & two' } };
    const rendered = render('<p>{{ note.body | newline_to_br }}</p>', values, portal, '{{ note.body | newline_to_br }}');
    expect(rendered.html).toBe('<p>Hi &lt;script&gt;x&lt;/script&gt;<br />\nline &amp; two</p>');
    expect(rendered.text).toBe('Hi <script>x</script><br />\nline & two');
    expect(render('{{ note.body | newline_to_br | upcase }}', values).html).toBe('HI &amp;LT;SCRIPT&amp;GT;X&amp;LT;/SCRIPT&amp;GT;&lt;BR /&gt;\nLINE &amp;AMP; TWO');
    expect(() => compileTemplate({ subject: 's', html: '{{ note.body | raw }}', text: null })).toThrow(/undefined filter: raw/);
  });

  it('refuses to parse the tags that would read files: include, render, layout', () => {
    for (const tag of ['{% include "/etc/passwd" %}', '{% render "x" %}', '{% layout "x" %}']) {
      expect(() => compileTemplate({ subject: 's', html: tag, text: null })).toThrow(/tag "(include|render|layout)" not found/);
    }
  });

  it('reaches nothing but the data it is given: no constructor, prototype or process', () => {
    const rendered = render('[{{ ticket.constructor }}][{{ ticket.__proto__ }}][{{ process.env }}][{{ ticket.number.constructor.name }}]', { ticket: { number: 1 } });
    expect(rendered.html).toBe('[][][][]');
  });

  it('withholds an email that shows a portal link while the portal is off, and not one that guards it', () => {
    const off = { portalEnabled: false, portalUrl: 'https://help.example/portal' };
    const values = { ticket: { number: 1, portal_url: 'https://help.example/portal/tickets/1' }, portal: { enabled: true, url: 'https://help.example/portal' } };
    expect(render('<a href="{{ ticket.portal_url | append: "?x" }}">see</a>', values, off)).toMatchObject({ portalLinkRendered: true, html: '<a href="?x">see</a>' });
    expect(render('{% if portal.enabled %}{{ portal.url }}{% endif %}done', values, off)).toMatchObject({ portalLinkRendered: false, html: 'done' });
    expect(render('written out: https://help.example/portal/x', values, off).portalLinkRendered).toBe(true);
    expect(render('<a href="{{ ticket.portal_url }}">see</a>', values).portalLinkRendered).toBe(false);
  });

  it('stops a template that loops without end', () => {
    expect(() => render('{% for i in (1..100000000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}', {})).toThrow();
  });
});
