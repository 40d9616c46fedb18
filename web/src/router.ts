import { useSyncExternalStore } from 'react';

/** Client-side routing over the History API: the path picks the view, the query carries view state (times, filters). */

const CHANGE = 'c2:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export interface Location {
  path: string;
  query: URLSearchParams;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, query: url.searchParams };
}

/**
 * Go to `path` (keeping the query unless one is given). `replace` suits continuous input such as a slider, so the back
 * button steps over views rather than over every intermediate value.
 */
export function navigate(path: string, options: { query?: URLSearchParams; replace?: boolean } = {}): void {
  const query = options.query ?? new URLSearchParams(window.location.search);
  const search = query.toString();
  const href = search ? `${path}?${search}` : path;
  if (href === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(CHANGE));
}

/** Change some query parameters (null removes one) and stay on the current path. */
export function setQuery(changes: Record<string, string | null>, replace = true): void {
  const query = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') query.delete(key);
    else query.set(key, value);
  }
  navigate(window.location.pathname, { query, replace });
}

/** The href for `path` carrying over the parameters that must survive navigation (the chosen times). */
export function hrefFor(path: string, keep: readonly string[] = ['at', 'knownAt']): string {
  const current = new URLSearchParams(window.location.search);
  const query = new URLSearchParams();
  for (const key of keep) {
    const value = current.get(key);
    if (value) query.set(key, value);
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** Navigate to an app path, carrying over the chosen times. */
export function go(path: string): void {
  const url = new URL(hrefFor(path), window.location.origin);
  navigate(url.pathname, { query: url.searchParams });
}
