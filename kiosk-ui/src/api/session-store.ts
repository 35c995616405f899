import { createStore } from '../lib/store.js';
import type { Session } from './types.js';

// The staff token lives in localStorage so a counter terminal survives a reload; it is dropped
// once expired or when the service answers 401.
const KEY = 'frontdesk.session';

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return isLive(session) ? session : null;
  } catch {
    return null;
  }
}

export function isLive(session: Session | null): session is Session {
  return !!session && !!session.token && Date.parse(session.expiresAt) > Date.now();
}

export const sessionStore = createStore<Session | null>(load());

sessionStore.subscribe((session) => {
  try {
    if (session) localStorage.setItem(KEY, JSON.stringify(session));
    else localStorage.removeItem(KEY);
  } catch {
    /* storage disabled: the session lasts as long as the page */
  }
});

/** The current session if it has not expired (an expired one is cleared). */
export function currentSession(): Session | null {
  const session = sessionStore.get();
  if (session && !isLive(session)) {
    sessionStore.set(null);
    return null;
  }
  return session;
}
