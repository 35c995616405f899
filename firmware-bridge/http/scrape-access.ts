import { BlockList, isIP } from 'node:net';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { Registry } from 'prom-client';
import { refuse } from '../kernel/refusal.js';
import { sendRefusal } from './http-errors.js';
import { isLoopback } from './rate-limit.js';

/**
 * Who may scrape `/metrics` (CONTRACT: "loopback / configured"): loopback always, plus the
 * addresses and CIDR ranges in `http.metricsAllow`. IPv4-mapped IPv6 peers (`::ffff:10.0.0.5`)
 * are matched as the IPv4 address they are.
 */
export function scrapeAllowed(address: string, allow: readonly string[]): boolean {
  if (isLoopback(address)) return true;
  if (allow.length === 0) return false;
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const family = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
  return allowList(allow).check(plain, family);
}

function allowList(allow: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of allow) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(address) === 0) continue; // the config schema's pattern lets only address-like text through
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** `GET /metrics` (Prometheus text format) for loopback and the `allow` list; anyone else gets 403. */
export function serveMetrics(app: FastifyInstance, registry: Registry, allow: () => readonly string[], schema: FastifySchema = {}): void {
  app.get('/metrics', { schema }, async (request, reply) => {
    if (!scrapeAllowed(request.ip, allow()))
      return sendRefusal(reply, refuse(403, 'metrics_forbidden', '此地址不可读取监控指标 · This address may not read the metrics (see http.metricsAllow).'));
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
