/**
 * An email's HTML as the helpdesk shows it: the sanitised HTML (mail-ingest) served by the API as a
 * document of its own (`src`), in a frame that may run no script and open no form, under that document's
 * own Content-Security-Policy. `title` names the frame for screen readers.
 */
export function EmailHtml({ src, title }: { src: string; title: string }) {
  return <iframe className="email-html" src={src} title={title} sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" referrerPolicy="no-referrer" loading="lazy" />;
}
