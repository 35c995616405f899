// Benchmark-only preload (`NODE_OPTIONS=--import <this file>`), plain JavaScript like the other
// probes. On SIGUSR2 it writes the service's own view of its memory to FRONTDESK_BENCH_MEMORY_OUT
// (process.memoryUsage and V8's heap spaces), without the cost of a heap snapshot, whose writing
// alone grows RSS by more than 100 MB.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import v8 from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const out = process.env.FRONTDESK_BENCH_MEMORY_OUT;
if (isMainThread && out) {
  let n = 0;
  process.on('SIGUSR2', () => {
    const mb = (b) => Math.round((b / 1048576) * 10) / 10;
    const usage = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mb(v)]));
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { sizeMB: mb(s.space_size), usedMB: mb(s.space_used_size) }]));
    writeFileSync(`${out}.${n++}.json`, JSON.stringify({ usage, spaces }));
  });
}
