import { useCallback, useEffect, useRef, useState } from 'react';

/** Before the document has loaded, and the most a frame grows to (beyond that it scrolls itself). */
const initialHeight = 160;
const maxHeight = 4000;

/**
 * An email's HTML as the helpdesk shows it: the sanitised HTML (mail-ingest) served by the API as a
 * document of its own (`src`: `…/html` or `…/notes/{noteId}/html`), in a frame that may run no script
 * and open no form, under that document's own Content-Security-Policy. `title` names the frame for
 * screen readers.
 *
 * Remote images are inert (`data-remote-src`): the sender would learn when and where the mail was read.
 * The frame is same-origin (never scripted), so this page reads its document after load: how tall it
 * is, and whether it has remote images. `offerRemoteImages` (staff only: the portal's API never loads
 * them) offers a button that reloads the frame with `?remote=allow`, then without `allow-same-origin`
 * (an opaque origin, as the document's own CSP says): an image naming the helpdesk is sent without the
 * session cookie. That document cannot be read, so the frame keeps the height it had and scrolls.
 */
export function EmailHtml({ src, title, offerRemoteImages = false }: { src: string; title: string; offerRemoteImages?: boolean }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [remoteShown, setRemoteShown] = useState(false);
  const [height, setHeight] = useState(initialHeight);
  const [remoteImages, setRemoteImages] = useState(0);

  const measure = useCallback(() => {
    const document = frame.current?.contentDocument;
    if (!document?.documentElement) return;
    setHeight(Math.min(maxHeight, Math.ceil(document.documentElement.getBoundingClientRect().height) + 2));
    if (!remoteShown) setRemoteImages(document.querySelectorAll('img[data-remote-src]').length);
  }, [remoteShown]);

  // The text reflows when the page's width changes.
  useEffect(() => {
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [measure]);

  return (
    <div className="email-html">
      {remoteImages > 0 && !remoteShown ? (
        <div className="email-html-remote">
          <p>
            {remoteImages === 1 ? 'A remote image is blocked: loading it' : `${remoteImages} remote images are blocked: loading them`} would tell the sender when and
            where this email was read.
          </p>
          {offerRemoteImages ? (
            <button type="button" className="secondary" onClick={() => setRemoteShown(true)}>
              Show remote images
            </button>
          ) : null}
        </div>
      ) : null}
      {remoteShown ? <p className="email-html-remote">Remote images are shown for this email.</p> : null}
      <iframe
        // A new frame for the remote images: its sandbox is set before it loads anything.
        key={remoteShown ? 'remote' : 'inert'}
        ref={frame}
        src={remoteShown ? `${src}${src.includes('?') ? '&' : '?'}remote=allow` : src}
        title={title}
        height={height}
        onLoad={measure}
        sandbox={remoteShown ? 'allow-popups allow-popups-to-escape-sandbox' : 'allow-same-origin allow-popups allow-popups-to-escape-sandbox'}
        referrerPolicy="no-referrer"
        loading="lazy"
      />
    </div>
  );
}
