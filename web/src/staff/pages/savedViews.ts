/**
 * Saved views of the ticket list: a name and the list's query string (filters and sort), kept per staff
 * user in this browser's localStorage. The API has no views; a view holds no secret (no token, nothing
 * the list does not show in the address), so the browser is an acceptable home for it (docs/web.md).
 */
export interface SavedView {
  name: string;
  /** The list's query string without `?`: status, customerId, teamId, assigneeId, q, sort, order. */
  query: string;
}

const storageKey = (userId: string) => `helpdesk.staff.ticket-views.${userId}`;

export function readSavedViews(userId: string): SavedView[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]');
    return Array.isArray(stored) ? stored.filter((v): v is SavedView => typeof v?.name === 'string' && typeof v?.query === 'string') : [];
  } catch {
    // Storage refused (private mode) or a value another version wrote: no views rather than no page.
    return [];
  }
}

/** Saves `view`, replacing one of the same name (names are what the person tells views apart by). */
export function saveView(userId: string, view: SavedView): SavedView[] {
  const views = [...readSavedViews(userId).filter((v) => v.name !== view.name), view].sort((a, b) => a.name.localeCompare(b.name));
  localStorage.setItem(storageKey(userId), JSON.stringify(views));
  return views;
}

export function deleteView(userId: string, name: string): SavedView[] {
  const views = readSavedViews(userId).filter((v) => v.name !== name);
  localStorage.setItem(storageKey(userId), JSON.stringify(views));
  return views;
}
