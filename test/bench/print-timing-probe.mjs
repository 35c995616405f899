// Benchmark-only probe, preloaded into the service process with `NODE_OPTIONS=--import <this file>`;
// the product never loads it, so it costs nothing when off. Plain JavaScript on purpose: the
// service must run exactly as on a Pi, with no TypeScript loader. (With `--import tsx` in the
// service, tsx compiled @fastify/static's ESM dependency through esbuild's synchronous API, whose
// helper worker thread inherits NODE_OPTIONS, failed to load this file and left the main thread in
// an untimed Atomics.wait: the service hung before listening, with no output.)
//
// It stamps, on the service's own clock (performance.now()):
//  - arrival: `http.server.request.start` (headers parsed) of each `POST /api/tickets`, keyed by
//    the client's `x-bench-id` header;
//  - last byte written: the serial port's write callback for each ticket-sized write (the binding
//    has handed every byte to the OS), and the drain that follows it.
// On SIGUSR2 (or exit) it writes what it saw to FRONTDESK_BENCH_PROBE_OUT as JSON.
import diagnostics from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';
import { SerialPort } from 'serialport';

const out = process.env.FRONTDESK_BENCH_PROBE_OUT;
const arrivals = {};
const writes = [];
/** Status queries are 3 bytes; a ticket is hundreds. */
const TICKET_MIN_BYTES = 64;

// NODE_OPTIONS reaches worker threads too; only the service's main thread is probed.
if (isMainThread) {
  diagnostics.subscribe('http.server.request.start', (message) => {
    const request = message.request;
    if (request.method !== 'POST' || request.url !== '/api/tickets') return;
    const id = request.headers['x-bench-id'];
    if (typeof id === 'string') arrivals[id] = performance.now();
  });

  const proto = SerialPort.prototype;
  const originalWrite = proto._write;
  const originalDrain = proto.drain;
  let pendingDrain = null;

  proto._write = function (data, encoding, callback) {
    if (data.length < TICKET_MIN_BYTES) return originalWrite.call(this, data, encoding, callback);
    const startedAt = performance.now();
    // The big ticket number is the first "A012"-like run of ASCII (GB18030 trail bytes are never digits).
    const number = /([A-Z]\d{3,4})/.exec(data.toString('latin1'))?.[1] ?? null;
    return originalWrite.call(this, data, encoding, (err) => {
      const entry = { bytes: data.length, number, startedAt, writtenAt: performance.now(), drainedAt: null };
      if (!err) {
        writes.push(entry);
        pendingDrain = entry;
      }
      callback(err);
    });
  };

  proto.drain = function (callback) {
    const entry = pendingDrain;
    pendingDrain = null;
    return originalDrain.call(this, (err) => {
      if (entry && !err) entry.drainedAt = performance.now();
      callback?.(err);
    });
  };

  const dump = () => {
    if (out) writeFileSync(out, JSON.stringify({ arrivals, writes }));
  };
  process.on('SIGUSR2', dump);
  process.on('exit', dump);
}
