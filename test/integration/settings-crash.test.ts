import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../config/load-config.js';
import { versionOf } from '../../firmware-bridge/settings/settings-file.js';
import { startServiceProcess } from '../fixtures/service-process.js';

/**
 * The real service saves settings in a loop and is killed with SIGKILL at a random moment, three
 * times. Each time the config file on disk is whole and valid (old or new, never half), and the
 * restarted service reads it and records any save the kill cut short as a version of its own.
 */
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-settings-kill-'));
const file = join(dir, 'frontdesk.yaml');
writeFileSync(file, readFileSync(resolve('config/default.yaml'), 'utf8'));

test.after(() => rmSync(dir, { recursive: true, force: true }));

async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {  
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { status: res.status, body: await res.json().catch(() => null) };
}

test('SIGKILL during saves leaves a valid config, and the restarted desk picks it up', async () => {
  let saves = 0;
  for (let round = 0; round < 3; round++) {
    const service = await startServiceProcess({ dataDir: join(dir, 'data'), config: file });
    const auth = { authorization: `Bearer ${(await json(`${service.url}/api/session`, { method: 'POST', body: JSON.stringify({ staff: '900', pin: '9000' }) })).body.token}` };
    const first = await json(`${service.url}/api/settings`, { headers: auth });
    assert.is(first.status, 200);
    assert.is(first.body.version, versionOf(readFileSync(file, 'utf8')), 'the restarted desk serves the file as it is on disk');
    let stop = false;
    const loop = (async () => {
      const { config } = first.body;
      let { version } = first.body;
      while (!stop) {
        config.queue.recallsBeforeSkip = (config.queue.recallsBeforeSkip + 1) % 5;
        config.site.name.en = `Demo Hall ${saves}`;
        const res = await json(`${service.url}/api/settings`, { method: 'PUT', headers: auth, body: JSON.stringify({ version, config }) }).catch(() => null);
        if (!res) break; // killed
        assert.is(res.status, 200, JSON.stringify(res.body));
        version = res.body.version;
        saves++;
      }
    })();
    // A few saves in, then a kill at a random moment of the next ones (a save takes ~0.1–0.5 s).
    const started = saves;
    while (saves < started + 2) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, Math.random() * 600));
    await service.stop('SIGKILL');
    stop = true;
    await loop;
    const text = readFileSync(file, 'utf8');
    const { config } = loadConfig(file, {});
    assert.match(config.site.name.en, /^Demo (Service )?Hall/, 'a whole file, old or new');
    assert.ok(text.includes('# The runnable demo'), 'comments kept through every save');
  }
  assert.ok(saves >= 6, `${saves} saves were made before the kills`);
  const last = await startServiceProcess({ dataDir: join(dir, 'data'), config: file });
  try {
    const auth = { authorization: `Bearer ${(await json(`${last.url}/api/session`, { method: 'POST', body: JSON.stringify({ staff: '900', pin: '9000' }) })).body.token}` };
    const history = await json(`${last.url}/api/settings/history`, { headers: auth });
    assert.is(history.body.versions[0].version, versionOf(readFileSync(file, 'utf8')), 'the file on disk is the latest version in the history');
    assert.equal(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temp file is left behind');
  } finally {
    await last.stop();
  }
});

test.run();
