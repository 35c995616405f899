import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDisk, load, random, type Ack } from '../fixtures/desk-load.js';
import { requestJson } from '../fixtures/http.js';
import { startServiceProcess, type ServiceProcess } from '../fixtures/service-process.js';

/**
 * Power cut: the real service under a 20-client load (kiosk tickets, counter calls and finishes,
 * rating presses, key hand-outs and returns) is SIGKILLed at a
 * random instant, five times. After each cut: every acknowledged action is on disk, no ticket
 * number repeats, the database passes integrity_check, printed marks match the printed events,
 * and the key log's hash chain proves out.
 */
const ROUNDS = 5;
const dataDir = mkdtempSync(join(tmpdir(), 'frontdesk-power-cut-'));
let service: ServiceProcess | null = null;

test.after(async () => {
  await service?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const seed = Number(process.env.FRONTDESK_FAULT_SEED ?? 20261124);
const rand = random(seed);

test(`${ROUNDS} power cuts under a 20-client load: nothing acknowledged is lost`, async () => {
  const all: Ack[] = [];
  const report: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    service = await startServiceProcess({ dataDir });
    const current = service;
    // The key desks are part of the load: their routes must be there (401 = served, staff only).
    assert.is((await requestJson(`${current.url}/api/keys`)).status, 401, `round ${round}: the keys routes are served`);
    const killAfterMs = 300 + Math.floor(rand() * 1700);
    let timer: NodeJS.Timeout | undefined;
    const acks = await load(current.url, round, () => {
      timer ??= setTimeout(() => current.child.kill('SIGKILL'), killAfterMs);
    });
    clearTimeout(timer);
    await current.stop('SIGKILL');
    service = null;
    assert.ok(acks.some((a) => a.kind === 'ticket'), `round ${round}: the load got going before the cut`);
    all.push(...acks);
    const disk = checkDisk(dataDir, all, round);
    const count = (kind: Ack['kind']) => acks.filter((a) => a.kind === kind).length;
    report.push(`round ${round}: cut ${killAfterMs} ms after the first acknowledgement; acked ${count('ticket')} tickets, ${count('called')} calls, ${count('finished')} finishes, ${count('rating')} ratings, ${count('handout')}+${count('return')} key moves; on disk ${disk.tickets} tickets, ${disk.events} events`);
  }
  const numbers = all.filter((a) => a.kind === 'ticket').map((a) => a.number);
  assert.is(new Set(numbers).size, numbers.length, 'no acknowledged number repeats across the cuts');

  // The desk comes back and carries on from where it was: the acknowledged tickets answer, numbering continues.
  service = await startServiceProcess({ dataDir });
  for (const ack of all.filter((a) => a.kind === 'ticket').slice(-30)) assert.is((await fetch(`${service.url}/api/tickets/${ack.id}`)).status, 200);
  const next = await requestJson(`${service.url}/api/tickets`, 'POST', { service: 'transaction' });
  assert.is(next.status, 201);
  assert.not.ok(numbers.includes(next.body.ticket.number), 'the next number is new');
  await service.stop('SIGTERM');
  service = null;
  console.log(`power cut (seed ${seed}):\n  ${report.join('\n  ')}\n  lost: 0 of ${all.length} acknowledged actions`);
});

test.run();
