// The manager's /settings screen in real headless Chromium against the real service: add a service
// (the open kiosk and board show it without a reload), errors next to the field, a hand edit of the
// file during the edit (conflict view), history with rollback, and a clerk turned away.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { makeTone } from '../fixtures/audio/make-audio.js';
import { screenshot, startDesk, type Desk } from '../fixtures/browser.js';

const test = suite('settings screen');
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-settings-e2e-'));
const file = join(dir, 'frontdesk.yaml');
writeFileSync(file, readFileSync(resolve('config/default.yaml'), 'utf8'));
let desk: Desk | null = null;
const sessions: Record<string, object> = {};

async function staffPage(staff: string): Promise<Page> {
  const page = await desk!.page({ width: 1280, height: 800 });
  await page.addInitScript((session) => localStorage.setItem('frontdesk.session', session), JSON.stringify(sessions[staff]));
  return page;
}

test.before(async () => {
  desk = await startDesk({ config: file });
  for (const [staff, pin] of [['001', '1234'], ['900', '9000']]) {
    const res = await fetch(`${desk.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staff, pin }) });
    sessions[staff] = await res.json();
  }
});

test.after(async () => {
  await desk?.close();
  desk = null;
  rmSync(dir, { recursive: true, force: true });
});

test('a clerk cannot open the settings', async () => {
  const page = await staffPage('001');
  await page.goto(`${desk!.url}/settings`);
  await page.locator('settings-screen .notice.error', { hasText: 'Only managers' }).waitFor();
  assert.is(await page.locator('settings-screen input').count(), 0);
});

test('a service added on /settings appears on the open kiosk and board without a reload; errors sit next to their field', async () => {
  const kiosk = await desk!.page({ width: 1280, height: 800 });
  await kiosk.goto(`${desk!.url}/kiosk`);
  await kiosk.locator('kiosk-screen big-button[data-service="transaction"]').waitFor();
  const board = await desk!.page({ width: 1280, height: 800 });
  await board.goto(`${desk!.url}/board`);
  await board.locator('board-screen').waitFor();

  const page = await staffPage('900');
  await page.goto(`${desk!.url}/settings`);
  await page.locator('settings-screen button[data-section="services"]').click();
  await page.locator('settings-screen button[data-add="services"]').click();
  await page.locator('settings-screen input[data-path="services.4.id"]').fill('pickup');
  await page.locator('settings-screen input[data-path="services.4.letter"]').fill('dd');
  await page.locator('settings-screen input[data-path="services.4.name.zh"]').fill('取件');
  await page.locator('settings-screen input[data-path="services.4.name.en"]').fill('Pick-up');
  await page.locator('settings-screen button[data-add="services.4.counters"]').click();
  await page.locator('settings-screen input[data-path="services.4.counters.0"]').fill('3');
  await page.locator('settings-screen input[data-path="services.4.priority"]').uncheck();
  await page.locator('settings-screen big-button[data-action="save"]').click();
  const error = page.locator('settings-screen [data-error-for="services.4.letter"]');
  await error.waitFor();
  assert.match((await error.textContent()) ?? '', /capital letter/);
  await page.locator('settings-screen input[data-path="services.4.letter"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'settings-invalid');
  assert.not.match(readFileSync(file, 'utf8'), /pickup/, 'nothing written while invalid');

  await page.locator('settings-screen input[data-path="services.4.letter"]').fill('D');
  await page.locator('settings-screen big-button[data-action="save"]').click();
  await page.locator('settings-screen .notice.ok').waitFor();
  assert.match(readFileSync(file, 'utf8'), /id: pickup/);
  await kiosk.locator('kiosk-screen big-button[data-service="pickup"]').waitFor({ timeout: 10000 });
  assert.match((await kiosk.locator('kiosk-screen big-button[data-service="pickup"]').textContent()) ?? '', /取件/);
  await board.waitForFunction(() => document.querySelector('app-shell')?.shadowRoot?.querySelector('board-screen')?.shadowRoot?.textContent?.includes('取件') ?? document.body.innerText.includes('取件'), undefined, { timeout: 10000 });
  await screenshot(kiosk, 'settings-kiosk-after-add');
});

test('a hand edit of the file during the edit shows both versions; the manager keeps theirs on top', async () => {
  const page = await staffPage('900');
  await page.goto(`${desk!.url}/settings`);
  const name = page.locator('settings-screen input[data-path="site.name.en"]');
  await name.waitFor();
  writeFileSync(file, readFileSync(file, 'utf8').replace('en: Demo Service Hall', 'en: Hand Edited Hall'));
  await name.fill('Screen Hall');
  await page.locator('settings-screen big-button[data-action="save"]').click();
  const conflict = page.locator('settings-screen [data-conflict]');
  await conflict.waitFor();
  assert.match((await conflict.textContent()) ?? '', /site\.name\.en[\s\S]*Screen Hall[\s\S]*Hand Edited Hall/);
  await screenshot(page, 'settings-conflict');
  await page.locator('settings-screen big-button[data-action="keep-mine"]').click();
  await page.locator('settings-screen .notice.ok').waitFor();
  assert.match(readFileSync(file, 'utf8'), /en: Screen Hall/);
});

test('a PIN reset on /settings: the old PIN no longer works and the person chooses a new one at login', async () => {
  const manager = await staffPage('900');
  await manager.goto(`${desk!.url}/settings`);
  await manager.locator('settings-screen button[data-section="staff"]').click();
  await manager.locator('settings-screen button[data-reset-pin="002"]').click();
  await manager.locator('settings-screen big-button[data-action="save"]').click();
  await manager.locator('settings-screen .notice.ok').waitFor();
  assert.match((await manager.locator('settings-screen fieldset[data-path="staff.1"]').textContent()) ?? '', /待本人下次登录时设置/);

  const page = await desk!.page({ width: 1280, height: 800 });
  await page.goto(`${desk!.url}/counter`);
  const keypad = (digits: string) => digits.split('').reduce((p, d) => p.then(() => page.locator(`staff-login big-button[data-key="${d}"]`).click()), Promise.resolve());
  await page.locator('staff-login button.field[name="staff"]').click();
  await keypad('002');
  await page.locator('staff-login button.field[name="pin"]').click();
  await keypad('1234');
  await page.locator('staff-login form big-button[size="large"]').click();
  await page.locator('staff-login [data-choosing]').waitFor();
  await keypad('5678');
  await page.locator('staff-login button.field[name="repeat"]').click();
  await keypad('5678');
  await screenshot(page, 'settings-choose-pin');
  await page.locator('staff-login form big-button[size="large"]').click();
  await page.locator('staff-login').waitFor({ state: 'detached' });
  const attempt = async (pin: string) => (await fetch(`${desk!.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staff: '002', pin }) })).status;
  assert.is(await attempt('1234'), 401, 'the old PIN fails');
  assert.is(await attempt('5678'), 200, 'the chosen one works');
});

test('music: a playlist added, a track uploaded from the browser; a text file renamed .mp3 is refused', async () => {
  const page = await staffPage('900');
  await page.goto(`${desk!.url}/settings`);
  await page.locator('settings-screen button[data-section="music"]').click();
  await page.locator('settings-screen input[data-new-playlist]').fill('light');
  await page.locator('settings-screen button[data-add-playlist]').click();
  await page.locator('settings-screen big-button[data-action="save"]').click();
  await page.locator('settings-screen .notice.ok').waitFor();
  const tone = makeTone(join(dir, 'made'), 'morning.flac', 1.5);
  await page.locator('settings-screen input[data-upload="light"]').setInputFiles(tone);
  await page.locator('settings-screen button[data-delete-track="morning.flac"]').waitFor();
  await page.locator('settings-screen input[data-upload="light"]').setInputFiles({ name: 'song.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from('not music at all\n'.repeat(50)) });
  const error = page.locator('settings-screen [data-track-error="light"]');
  await error.waitFor();
  assert.match((await error.textContent()) ?? '', /不是可播放的音频[\s\S]*not playable audio/);
  await screenshot(page, 'settings-music');
  assert.ok(readFileSync(join(dir, 'music/light/morning.flac')).length > 1000, 'the file is in the playlist folder next to the config');
});

test('history shows who changed what; one tap rolls back (the added service leaves the kiosk)', async () => {
  const kiosk = await desk!.page({ width: 1280, height: 800 });
  await kiosk.goto(`${desk!.url}/kiosk`);
  await kiosk.locator('kiosk-screen big-button[data-service="pickup"]').waitFor();
  const page = await staffPage('900');
  await page.goto(`${desk!.url}/settings`);
  await page.locator('settings-screen button[data-section="history"]').click();
  const initial = page.locator('settings-screen article.version').last();
  await initial.waitFor();
  const versions = page.locator('settings-screen article.version');
  assert.ok((await versions.count()) >= 7, 'initial, service added, hand edit, screen save, PIN reset, PIN chosen, playlist');
  assert.match((await versions.nth(0).textContent()) ?? '', /900[\s\S]*audio\.playlists\.light/);
  assert.match((await versions.nth(1).textContent()) ?? '', /002[\s\S]*staff\.1\.pinHash[\s\S]*\[redacted\]/);
  assert.match((await versions.nth(3).textContent()) ?? '', /900[\s\S]*site\.name\.en[\s\S]*Hand Edited Hall[\s\S]*Screen Hall/);
  assert.match((await versions.nth(4).textContent()) ?? '', /手工修改文件/);
  assert.not.match((await page.locator('settings-screen').textContent()) ?? '', /scrypt/);
  await screenshot(page, 'settings-history');
  await initial.locator('button[data-rollback]').click();
  await page.locator('settings-screen .notice.ok').waitFor();
  await kiosk.locator('kiosk-screen big-button[data-service="pickup"]').waitFor({ state: 'detached', timeout: 10000 });
  assert.not.match(readFileSync(file, 'utf8'), /pickup/);
  assert.match((await versions.nth(0).textContent()) ?? '', /回滚/);
});

test.run();
