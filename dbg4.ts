import { FakeClock } from './firmware-bridge/kernel/clock.js';
import { createSite, simulateHallTraffic } from './scripts/site-simulator.js';
import { computeReport } from './firmware-bridge/reports/rules/report-kpis.js';
import { collectFacts } from './firmware-bridge/reports/rules/report-facts.js';
const clock = new FakeClock('2026-11-02T08:00:00+08:00');
const site = createSite({ brokerUrl: 'mqtt://127.0.0.1:9', siteId: 'x', clock });
simulateHallTraffic(site, clock, { from: '2026-11-02', days: 28, timezone: 'Asia/Shanghai', open: '09:00', close: '17:00', services: [{ id: 'a', letter: 'A', counters: ['1', '2'] }, { id: 'b', letter: 'B', counters: ['2', '3'] }], counters: ['1','2','3'] });
let t = performance.now();
const rows = site.db.prepare('SELECT seq, id, type, at, payload FROM events ORDER BY seq').all() as any[];
const ev = rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) }));
console.log('read+parse', ev.length, (performance.now() - t).toFixed(0), 'ms');
const open = { open: '09:00', close: '17:00' };
const settings = { timezone: 'Asia/Shanghai', hours: { weekly: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: open, sun: open }, holidays: [] } as any, services: [{ id: 'a', targetWaitSec: 600, complaints: false }, { id: 'b', targetWaitSec: 600, complaints: false }], counters: ['1','2','3'] };
for (let i = 0; i < 2; i++) {
t = performance.now(); collectFacts(ev, settings, { from: '2026-11-02', to: '2026-11-29' }, Date.now()); console.log('facts', (performance.now() - t).toFixed(0));
t = performance.now(); computeReport(ev, settings, { from: '2026-11-02', to: '2026-11-29' }, Date.now()); console.log('report', (performance.now() - t).toFixed(0));
t = performance.now(); computeReport(ev, settings, { from: '2026-11-02', to: '2026-11-29' }, Date.now(), 'day'); console.log('report by day', (performance.now() - t).toFixed(0));
}
await site.close();
