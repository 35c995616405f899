import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestJson } from '../fixtures/http.js';
import { startServiceProcess, type ServiceProcess } from '../fixtures/service-process.js';
import { databasePath } from '../../firmware-bridge/store/database.js';

const dataDir = mkdtempSync(join(tmpdir(), 'frontdesk-crash-'));
let service: ServiceProcess | null = null;

test.after(async () => {
  await service?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Acknowledged {
  id: string;
  number: string;
}

/** Fires tickets from `clients` concurrent clients until aborted; returns every acknowledged one. */
async function burst(url: string, clients: number, stopAfter: number, onCount: (n: number) => void): Promise<Acknowledged[]> {
  const acked: Acknowledged[] = [];
  const services = ['transaction', 'consultation', 'priority'];
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      for (let k = 0; acked.length < stopAfter; k++) {
        try {
          const res = await requestJson(`${url}/api/tickets`, 'POST', { service: services[(i + k) % 3] });
          if (res.status !== 201) continue;
          const { ticket } = res.body;
          acked.push({ id: ticket.id, number: ticket.number });
          onCount(acked.length);
        } catch {
          return; // the service was killed under us: stop this client
        }
      }
    }),
  );
  return acked;
}

test('SIGKILL mid-burst loses no acknowledged ticket and never repeats a number', async () => {
  const allAcked: Acknowledged[] = [];
  for (let round = 0; round < 3; round++) {
    service = await startServiceProcess({ dataDir });
    const current = service;
    const killAt = 15 + round * 10;
    const acked = await burst(current.url, 8, 10_000, (n) => {
      if (n === killAt) current.child.kill('SIGKILL');
    });
    await current.stop('SIGKILL');
    assert.ok(acked.length >= killAt, `round ${round}: ${acked.length} acknowledged before the kill`);
    allAcked.push(...acked);

    const db = new Database(databasePath(dataDir));
    assert.is(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
  }

  service = await startServiceProcess({ dataDir });
  for (const ticket of allAcked) {
    const res = await requestJson(`${service.url}/api/tickets/${ticket.id}`);
    assert.is(res.status, 200, `acknowledged ticket ${ticket.number} survived`);
    assert.is(res.body.ticket.number, ticket.number);
  }
  const after = (await requestJson(`${service.url}/api/tickets`, 'POST', { service: 'transaction' })).body;
  const numbers = [...allAcked.map((t) => t.number), after.ticket.number];
  assert.is(new Set(numbers).size, numbers.length, 'no ticket number repeats');

  const db = new Database(databasePath(dataDir), { readonly: true });
  const rows = db.prepare('SELECT number FROM tickets').pluck().all() as string[];
  db.close();
  assert.is(new Set(rows).size, rows.length, 'no number stored twice');
  await service.stop('SIGTERM');
  service = null;
});

test.run();
