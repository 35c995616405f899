import { request } from './http.js';
import type { PublicConfig, PublicService } from './types.js';

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
