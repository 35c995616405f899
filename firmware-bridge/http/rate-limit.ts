import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpConfig } from '../../config/schema/network.js';
import type { Clock } from '../kernel/clock.js';
import { bearerToken } from '../staff/staff-sessions.js';

/** A token bucket per client address: `perMinute` requests, refilled evenly over the minute. */
export class AddressBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until the next token. */
  take(address: string): number {
    const now = this.clock.now();
    const bucket = this.buckets.get(address) ?? { tokens: this.perMinute, at: now };
    // A clock stepped back must not drain or freeze a bucket: treat it as no time passed.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (elapsed * this.perMinute) / 60_000);
    bucket.at = now;
    if (!this.buckets.has(address)) this.admit(address, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / this.perMinute));
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Many addresses (a scan of the LAN) must not grow memory without bound: drop the full buckets. */
  private admit(address: string, bucket: { tokens: number; at: number }): void {
    if (this.buckets.size >= this.maxAddresses) {
      const now = this.clock.now();
      for (const [key, b] of this.buckets) if (b.tokens + ((now - b.at) * this.perMinute) / 60_000 >= this.perMinute) this.buckets.delete(key);
      // Still full of busy addresses: forget the oldest (Map keeps insertion order).
      while (this.buckets.size >= this.maxAddresses) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(address, bucket);
  }
}

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

export interface RateLimitOptions {
  clock: Clock;
  /** True when the bearer token belongs to a logged-in staff member (staff are not limited). */
  isStaffToken(token: string): boolean;
}

/**
 * Limits the public API (kiosk, board, ticket status page, staff login) per client address.
 * Only `/api/…` counts: the UI's static files are cached by the browser and cheap to serve.
 * Loopback (the Pi's own kiosk Chromium and board share 127.0.0.1) has its own, larger budget,
 * `http.loopbackRateLimitPerMinute`; 0 (the default) exempts loopback: only processes on the Pi reach it.
 */
export function installRateLimit(app: FastifyInstance, http: Pick<HttpConfig, 'rateLimitPerMinute' | 'loopbackRateLimitPerMinute'>, options: RateLimitOptions): void {
  const remote = new AddressBuckets(http.rateLimitPerMinute, options.clock);
  const loopback = http.loopbackRateLimitPerMinute > 0 ? new AddressBuckets(http.loopbackRateLimitPerMinute, options.clock) : null;

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/')) return;
    const token = bearerToken(request);
    if (token && options.isStaffToken(token)) return;
    const address = request.ip ?? 'unknown';
    const buckets = isLoopback(address) ? loopback : remote;
    if (!buckets) return;
    const waitSec = buckets.take(address);
    if (waitSec === 0) return;
    return reply
      .code(429)
      .header('retry-after', String(waitSec))
      .send({ error: { code: 'rate_limited', message: `Too many requests; please wait ${waitSec} s. 操作过于频繁，请 ${waitSec} 秒后再试。` } });
  });
}
