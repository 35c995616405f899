import { ApiError, downloadFile, request } from './http.js';
import type { ReactiveControllerHost } from 'lit';
import { createStore } from '../lib/store.js';
import { SubscriptionController } from '../lib/subscription-controller.js';
import type { CentralLoginRequest, CentralSession, FleetReport, SiteDetail, SiteSummary, SiteUpdate } from '../../../firmware-bridge/contract.js';

export type { CentralSession, FleetReport, SiteDetail, SiteSummary };

// The manager dashboard talks to `frontdesk central` (README.md#central-fleet), which serves this
// same UI build. Its session is the manager's, apart from any staff session of a desk.
const KEY = 'frontdesk.fleet.session';

function load(): CentralSession | null {
  try {
    const session = JSON.parse(localStorage.getItem(KEY) ?? 'null') as CentralSession | null;
    return session && Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export const fleetSession = createStore<CentralSession | null>(load());

fleetSession.subscribe((session) => {
  try {
    if (session) localStorage.setItem(KEY, JSON.stringify(session));
    else localStorage.removeItem(KEY);
  } catch {
    /* storage disabled: the session lasts as long as the page */
  }
});

export async function fleetLogin(user: string, password: string): Promise<CentralSession> {
  const session = await request<CentralSession>('POST', '/api/session', { user, password } satisfies CentralLoginRequest);
  fleetSession.set(session);
  return session;
}

export function fleetLogout(): void {
  fleetSession.set(null);
}

/** A manager request; a 401 (token unknown or expired) ends the session, so the login shows again. */
async function managerRequest<T>(path: string): Promise<T> {
  try {
    return await request<T>('GET', path, undefined, { token: fleetSession.get()?.token ?? '' });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) fleetSession.set(null);
    throw error;
  }
}

export async function fetchSites(): Promise<SiteSummary[]> {
  return (await managerRequest<{ sites: SiteSummary[] }>('/api/sites')).sites;
}

export function fetchSite(site: string): Promise<SiteDetail> {
  return managerRequest<SiteDetail>(`/api/sites/${encodeURIComponent(site)}`);
}

function reportPath(from: string, to: string, format: 'json' | 'csv'): string {
  return `/api/reports?${new URLSearchParams({ from, to, format })}`;
}

export function fetchFleetReport(from: string, to: string): Promise<FleetReport> {
  return managerRequest<FleetReport>(reportPath(from, to, 'json'));
}

/** The ranking as CSV, as central writes it. */
export function downloadFleetCsv(from: string, to: string): Promise<void> {
  return downloadFile(reportPath(from, to, 'csv'), fleetSession.get()?.token ?? '', `frontdesk-fleet-${from}_${to}.csv`);
}

/**
 * Live site summaries (`event: site` of `GET /api/events`). EventSource reconnects by itself;
 * `onOpen` runs on every (re)connect so the caller reloads what it may have missed.
 */
export function followSites(onSite: (site: SiteSummary) => void, onOpen: () => void): () => void {
  const source = new EventSource(`/api/events?${new URLSearchParams({ token: fleetSession.get()?.token ?? '' })}`);
  source.addEventListener('open', onOpen);
  source.addEventListener('site', (message) => {
    try {
      onSite((JSON.parse((message as MessageEvent<string>).data) as SiteUpdate).site);
    } catch {
      /* a malformed message: the next one or the reload on reconnect brings the truth */
    }
  });
  return () => source.close();
}

/**
 * While `host` is connected and a manager is logged in, follows the live site updates: opened again
 * on each login, closed on logout. `onOpen` runs on every (re)connection, `onClosed` when it stops.
 */
export function followFleet(host: ReactiveControllerHost, handlers: { onSite: (site: SiteSummary) => void; onOpen: () => void; onClosed: () => void }): void {
  new SubscriptionController(host, () => {
    let stop: (() => void) | undefined;
    const follow = () => {
      stop?.();
      stop = undefined;
      handlers.onClosed();
      if (fleetSession.get()) stop = followSites(handlers.onSite, handlers.onOpen);
    };
    const offSession = fleetSession.subscribe(follow);
    follow();
    return () => {
      offSession();
      stop?.();
    };
  });
}
