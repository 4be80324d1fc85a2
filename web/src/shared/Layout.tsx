import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** The frame of every signed-in page: a skip link, the application's name, its navigation and sign-out. */
export function Layout({ brand, links, onSignOut, children }: { brand: string; links: Array<{ to: string; label: string }>; onSignOut: () => void; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="top">
        <Link className="brand" to="/">
          {brand}
        </Link>
        <nav aria-label="Main">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <Link to={link.to}>{link.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <div id="content">{children}</div>
    </>
  );
}
