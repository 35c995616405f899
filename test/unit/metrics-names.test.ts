import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deskMetrics } from '../../firmware-bridge/metrics/desk-metrics.js';
import { scrapeAllowed } from '../../firmware-bridge/http/scrape-access.js';
import { centralMetrics } from '../../firmware-bridge/fleet/central-metrics.js';

const desk = deskMetrics({ queue: () => undefined, devices: () => ({}), telemetry: () => undefined }, ['transaction']);
const names = new Set([...desk.registry.getMetricsAsArray(), ...centralMetrics().registry.getMetricsAsArray()].map((m) => m.name));

test('every metric the Grafana dashboard queries is one the desk or central exports', () => {
  const dashboard = readFileSync('deploy/grafana/frontdesk-dashboard.json', 'utf8');
  const used = new Set([...dashboard.matchAll(/\b((?:frontdesk|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, '')));
  assert.ok(used.size >= 10, `the dashboard uses ${used.size} metrics`);
  for (const name of used) assert.ok(names.has(name), `${name} is exported`);
});

test('the contract\'s standard desk metrics exist under their documented names', () => {
  for (const name of ['frontdesk_queue_waiting', 'frontdesk_wait_seconds', 'frontdesk_ratings_total', 'frontdesk_device_state', 'frontdesk_telemetry_outbox_backlog', 'frontdesk_mqtt_connected'])
    assert.ok(names.has(name), name);
});

test('scrape access: loopback always; otherwise only the configured addresses and ranges', () => {
  const allow = ['10.1.0.0/16', '192.168.1.20', 'fd00::/8'];
  const cases: [string, readonly string[], boolean][] = [
    ['127.0.0.1', [], true],
    ['::1', [], true],
    ['::ffff:127.0.0.1', [], true],
    ['10.1.2.3', [], false],
    ['10.1.2.3', allow, true],
    ['::ffff:10.1.200.9', allow, true],
    ['10.2.0.1', allow, false],
    ['192.168.1.20', allow, true],
    ['192.168.1.21', allow, false],
    ['fd12::5', allow, true],
    ['fe80::1', allow, false],
  ];
  for (const [address, list, expected] of cases) assert.is(scrapeAllowed(address, list), expected, `${address} with [${list.join(', ')}]`);
});

test.run();
