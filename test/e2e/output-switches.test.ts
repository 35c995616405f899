// The desk's timed outputs panel in headless Chromium against the real service: two simulated
// relays (air conditioning by hand in this season, a sign on all day), switched on the touchscreen;
// the service's answer and its output.changed event redraw the row.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { screenshot, startDesk, type Desk } from '../fixtures/browser.js';

const test = suite('desk: timed outputs panel');
let desk: Desk | null = null;
let configDir = '';
let page: Page | null = null;

function writeConfig(dir: string): string {
  const config = parse(readFileSync(resolve('config/default.yaml'), 'utf8')) as Record<string, unknown>;
  const manual = { spring: 'manual', summer: 'manual', autumn: 'manual', winter: 'manual' };
  const allDay = { on: '00:00', off: '23:59' };
  config.outputs = {
    switches: [
      { id: 'aircon', name: { zh: '空调', en: 'Air conditioning' }, port: 'sim', pin: 7, activeLow: true, offWhenLastMemberLeft: true, plan: manual },
      { id: 'sign', name: { zh: '门头招牌灯', en: 'Entrance sign' }, port: 'sim', pin: 8, plan: { spring: allDay, summer: allDay, autumn: allDay, winter: allDay } },
    ],
  };
  const file = join(dir, 'outputs.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

const panel = () => page!.locator('output-switches');
const row = (id: string) => panel().locator(`li[data-output="${id}"]`);

test.before(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'frontdesk-outputs-e2e-'));
  desk = await startDesk({ config: writeConfig(configDir) });
  page = await desk.page({ width: 1280, height: 800 });
  await page.goto(`${desk.url}/desk`);
  const login = page.locator('staff-login');
  await login.waitFor();
  for (const key of ['0', '0', '1', 'next', '1', '2', '3', '4']) await login.locator(`big-button[data-key="${key}"]`).click();
  await login.locator('.submit big-button').click();
});

test.after(async () => {
  await desk?.close();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

test('each output shows its state and why; the buttons are touch-sized', async () => {
  await row('aircon').waitFor();
  assert.is(await row('aircon').getAttribute('data-state'), 'off');
  assert.is(await row('sign').getAttribute('data-state'), 'on');
  assert.match((await row('aircon').textContent()) ?? '', /已关[\s\S]*空调[\s\S]*手动开关/);
  assert.is(await row('aircon').locator('big-button[data-mode="auto"]').getAttribute('aria-pressed'), 'true');
  const box = await row('aircon').locator('big-button[data-mode="on"]').boundingBox();
  assert.ok(box && box.height >= 48 && box.width >= 48, JSON.stringify(box));
});

test('switching the air conditioning on by hand: the row says until when, the service agrees', async () => {
  await row('aircon').locator('big-button[data-mode="on"]').click();
  await panel().locator('li[data-output="aircon"][data-state="on"][data-mode="on"]').waitFor();
  // The demo hall never closes, so midnight ends it (no closing for the last-member rule to wait on).
  assert.match(((await row('aircon').locator('.why').textContent()) ?? '').trim(), /^手动至今天结束$/);
  // The service agrees (read with a token of its own, not the page's).
  const token = ((await (await fetch(`${desk!.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staff: '900', pin: '9000' }) })).json()) as { token: string }).token;
  const answer = (await (await fetch(`${desk!.url}/api/outputs`, { headers: { authorization: `Bearer ${token}` } })).json()) as { outputs: { id: string; state: string; mode: string }[] };
  const aircon = answer.outputs.find((o) => o.id === 'aircon')!;
  assert.equal([aircon.state, aircon.mode], ['on', 'on']);
  await screenshot(page!, 'desk-outputs');
  await row('aircon').locator('big-button[data-mode="auto"]').click();
  await panel().locator('li[data-output="aircon"][data-state="off"][data-mode="auto"]').waitFor();
});

test.run();
