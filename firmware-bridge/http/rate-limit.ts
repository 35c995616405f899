import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import type { HttpConfig } from '../../config/schema/network.js';
import type { Clock } from '../kernel/clock.js';
import { refuse } from '../kernel/refusal.js';
import { bearerToken } from './bearer-token.js';
import { RefusalError } from './http-errors.js';

const WINDOW_MS = 60_000;

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

export interface RateLimitOptions {
  clock: Clock;
  /** True when the bearer token belongs to a logged-in staff member (staff are not limited). */
  isStaffToken(token: string): boolean;
}

type Counted = { current: number; ttl: number };
type Window = { count: number; startedAt: number };

/**
 * @fastify/rate-limit's store on the desk's clock. The library's own store reads Date.now(): a Pi
 * without a real-time clock steps its time at boot (NTP), and a step back would lock an address out
 * until real time caught up; here a step back just keeps the current window. At most `maxAddresses`
 * windows are kept (a scan of the LAN must not grow memory): the oldest is forgotten first.
 */
export function clockStore(clock: Clock, maxAddresses = 10_000) {
  return class ClockStore {
    readonly windows = new Map<string, Window>();

    incr(key: string, answer: (error: Error | null, counted: Counted) => void, timeWindow: number): void {
      const now = clock.now();
      let window = this.windows.get(key);
      if (!window || now >= window.startedAt + timeWindow) {
        this.windows.delete(key);
        window = { count: 0, startedAt: now };
      } else this.windows.delete(key); // re-inserted below: Map order is then least recently used first
      window.startedAt = Math.min(window.startedAt, now);
      window.count += 1;
      this.windows.set(key, window);
      while (this.windows.size > maxAddresses) this.windows.delete(this.windows.keys().next().value!);
      answer(null, { current: window.count, ttl: Math.min(timeWindow, window.startedAt + timeWindow - now) });
    }

    child(): ClockStore {
      return this;
    }
  };
}

/**
 * Limits the public API (kiosk, board, ticket status page, staff login) per client address, with
 * @fastify/rate-limit: `http.rateLimitPerMinute` requests a minute. Only `/api/…` counts: the UI's
 * static files are cached by the browser and cheap to serve. Loopback (the Pi's own kiosk Chromium
 * and board share 127.0.0.1) has its own budget, `http.loopbackRateLimitPerMinute`; 0 (the default)
 * exempts loopback: only processes on the Pi reach it. Logged-in staff are not limited.
 */
export async function installRateLimit(app: FastifyInstance, http: Pick<HttpConfig, 'rateLimitPerMinute' | 'loopbackRateLimitPerMinute'>, options: RateLimitOptions): Promise<void> {
  const exempt = (request: FastifyRequest): boolean => {
    if (!request.url.startsWith('/api/')) return true;
    if (isLoopback(request.ip) && http.loopbackRateLimitPerMinute === 0) return true;
    const token = bearerToken(request);
    return token !== '' && options.isStaffToken(token);
  };
  await app.register(fastifyRateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: WINDOW_MS,
    max: (request) => (isLoopback(request.ip) ? http.loopbackRateLimitPerMinute : http.rateLimitPerMinute),
    allowList: exempt,
    ...limitAnswers(options.clock),
  });
}

/**
 * What every limiter of ours shares: counting on the desk's clock (not Date.now(), so a clock step
 * at boot cannot lock an address out for hours), only Retry-After among the headers, and the
 * refusal in our error shape.
 */
export function limitAnswers(clock: Clock): Pick<RateLimitPluginOptions, 'store' | 'addHeadersOnExceeding' | 'addHeaders' | 'errorResponseBuilder'> {
  return {
    store: clockStore(clock),
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
    errorResponseBuilder: (_request, { ttl }) => {
      const waitSec = Math.max(1, Math.ceil(ttl / 1000));
      return new RefusalError(refuse(429, 'rate_limited', `操作过于频繁，请 ${waitSec} 秒后再试 · Too many requests; please wait ${waitSec} s.`));
    },
  };
}
