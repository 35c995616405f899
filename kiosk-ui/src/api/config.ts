import { request } from './http.js';
import { liveEvents } from './live-events.js';
import type { Bilingual, PublicConfig, PublicService } from './types.js';

// The public config rarely changes: fetch it once per page, keep the last copy in localStorage
// so a kiosk that reloads while the service is away can still draw its screen.
const KEY = 'frontdesk.config.public';
let pending: Promise<PublicConfig> | null = null;

export function getPublicConfig(): Promise<PublicConfig> {
  pending ??= request<PublicConfig>('GET', '/api/config/public').then(
    (config) => {
      try {
        localStorage.setItem(KEY, JSON.stringify(config));
      } catch {
        /* storage full or disabled */
      }
      return config;
    },
    (error) => {
      pending = null; // try again next time
      throw error;
    },
  );
  return pending;
}

/** The last config this browser saw, if any (for drawing while the service is unreachable). */
export function cachedPublicConfig(): PublicConfig | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as PublicConfig) : null;
  } catch {
    return null;
  }
}

export function serviceById(config: PublicConfig | null, id: string): PublicService | undefined {
  return config?.services.find((service) => service.id === id);
}

/** A counter's display name, or "N号窗口 / Window N" when the config does not name it. */
export function counterName(config: PublicConfig | null, id: string): Bilingual {
  return config?.counters.find((counter) => counter.id === id)?.name ?? { zh: `${id}号窗口`, en: `Window ${id}` };
}

/**
 * The public config now and after every saved settings change (the live `settings.changed` event):
 * a kiosk or board shows a new service or counter without a reload. Returns the stop function.
 */
export function followPublicConfig(listener: (config: PublicConfig) => void): () => void {
  const refresh = () =>
    getPublicConfig().then(listener, () => {
      /* unreachable: the next event or reconnection tries again */
    });
  const off = liveEvents.subscribe('settings.changed', () => {
    pending = null;
    void refresh();
  });
  void refresh();
  return off;
}
