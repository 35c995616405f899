/**
 * The long soak (not part of `npm test`): the real service under a 20-client desk load, cut with
 * SIGKILL at random instants again and again for a while; after every cut the data directory is
 * checked (every acknowledged action on disk, numbers unique, integrity_check, printed marks,
 * key-log chain) and the service restarted on the same data.
 *
 *   node --import tsx scripts/soak.ts [--minutes 30] [--min-ms 500] [--max-ms 15000] [--seed N] [--data DIR]
 *
 * Prints one line per cut and a summary; exit 1 at the first loss (the data dir is kept then).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkDisk, load, random, type Ack } from '../test/fixtures/desk-load.js';
import { startServiceProcess, type ServiceProcess } from '../test/fixtures/service-process.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    'min-ms': { type: 'string', default: '500' },
    'max-ms': { type: 'string', default: '15000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    data: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const [minMs, maxMs] = [Number(values['min-ms']), Number(values['max-ms'])];
const seed = Number(values.seed);
const rand = random(seed);
const dataDir = values.data ? resolve(values.data) : mkdtempSync(join(tmpdir(), 'frontdesk-soak-'));

let service: ServiceProcess | null = null;
process.on('SIGINT', () => {
  void service?.stop('SIGKILL').then(() => process.exit(130));
});

async function main(): Promise<number> {
  console.log(`soak: ${minutes} min, cuts every ${minMs}–${maxMs} ms, seed ${seed}, data ${dataDir}`);
  const until = Date.now() + minutes * 60_000;
  const all: Ack[] = [];
  let round = 0;
  let restartMs = 0;
  while (Date.now() < until) {
    round++;
    const began = Date.now();
    service = await startServiceProcess({ dataDir, readyTimeoutMs: 60_000 });
    restartMs += Date.now() - began;
    const current = service;
    const cutAfter = minMs + Math.floor(rand() * (maxMs - minMs));
    const timer = setTimeout(() => current.child.kill('SIGKILL'), cutAfter);
    const acks = await load(current.url, round);
    clearTimeout(timer);
    await current.stop('SIGKILL');
    service = null;
    all.push(...acks);
    try {
      const disk = checkDisk(dataDir, all, round);
      console.log(`cut ${round} at ${cutAfter} ms: ${acks.length} acknowledged (${all.length} in all), on disk ${disk.tickets} tickets / ${disk.events} events — nothing lost`);
    } catch (err) {
      console.error(`cut ${round}: LOSS — ${(err as Error).message}\n  data kept in ${dataDir}, seed ${seed}`);
      return 1;
    }
  }
  console.log(`soak done: ${round} power cuts, ${all.length} acknowledged actions, 0 lost; mean restart to ready ${Math.round(restartMs / round)} ms`);
  if (!values.data) rmSync(dataDir, { recursive: true, force: true });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
