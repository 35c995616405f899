import type { ScreenEntry } from './screens/index.js';

export interface RouteMatch {
  entry: ScreenEntry;
  params: Record<string, string>;
}

/** Finds the screen for a path; `:name` segments capture one path segment each. */
export function matchRoute(entries: readonly ScreenEntry[], pathname: string): RouteMatch | null {
  const parts = split(pathname);
  for (const entry of entries) {
    const pattern = split(entry.path);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((segment, i) => {
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(parts[i]);
        return true;
      }
      return segment === parts[i];
    });
    if (ok) return { entry, params };
  }
  return null;
}

function split(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Client-side navigation: push the path and let the shell re-route. */
export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
