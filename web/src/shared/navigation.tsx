import { Fragment, useEffect, useRef, type ReactNode } from 'react';
import { useLocation, useParams } from 'react-router';

/** What every document title ends with: "Tickets · Helpdesk". */
const titleSuffix = 'Helpdesk';

/**
 * Where the person is, said to keyboard and screen-reader users: the document's title is the page's h1
 * ("#12 Printer jams · Helpdesk", kept up as the heading changes, a ticket's once it is read), and after
 * each in-app navigation to another page (another path) focus moves to that h1 (tabIndex -1), once it is
 * there: a page still loading gets it when its heading appears, unless the person moved focus meanwhile.
 * Not on the first load, where the browser starts at the top; nor when only the query changes (filters,
 * the page of a list), where the person stays at the control they used.
 */
export function NavigationFocus() {
  const { pathname } = useLocation();
  const shownPath = useRef<string | undefined>(undefined);
  useEffect(() => {
    // Compared, not counted: StrictMode runs the effect twice on the first load.
    let focusPending = shownPath.current !== undefined && shownPath.current !== pathname;
    shownPath.current = pathname;
    const focusedBefore = document.activeElement;
    const root = document.getElementById('root') ?? document.body;
    const follow = () => {
      const heading = root.querySelector('h1');
      if (!heading) return;
      const title = `${heading.textContent?.trim() ?? ''} · ${titleSuffix}`;
      if (document.title !== title) document.title = title;
      if (!focusPending) return;
      focusPending = false;
      const focused = document.activeElement;
      if (focused !== focusedBefore && focused !== document.body && focused !== null && focused.isConnected) return;
      heading.tabIndex = -1;
      heading.focus();
    };
    follow();
    const observer = new MutationObserver(follow);
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [pathname]);
  return null;
}

/**
 * A page of one item (`:id` in its path) starts afresh for another item: followed from one ticket to
 * another (a link, Back), nothing typed or read for the first one stays, nor can its answers land on
 * the second.
 */
export function PerItem({ children }: { children: ReactNode }) {
  const { id } = useParams();
  return <Fragment key={id}>{children}</Fragment>;
}
