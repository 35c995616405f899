// Error texts follow the language toggle: on /desk, /keys and /shift a refusal shown in Chinese
// turns English (sentence and the service's detail) when the clerk taps "English", and back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Locator, Page } from 'playwright-core';
import { screenshot, startDesk, type Desk } from '../fixtures/browser.js';
import { jsonApi } from '../fixtures/http.js';
import { writeTestConfig } from '../fixtures/test-config.js';

const test = suite('error texts follow the language toggle (/desk, /keys, /shift)');
let desk: Desk | null = null;
let configDir = '';
let session: { token: string } | null = null;
const api = jsonApi(() => desk!.url);
const CJK = /[\u3400-\u9fff]/;

test.before(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'frontdesk-errors-e2e-'));
  // Speech off: a manual announcement is refused (503 speech_unavailable), a real /desk error path.
  desk = await startDesk({ config: writeTestConfig(configDir, { audio: { speech: { enabled: false } } }, { name: 'errors.yaml' }) });
  session = (await api('POST', '/api/session', { staff: '001', pin: '1234' })).body;
});

test.after(async () => {
  await desk?.close();
  desk = null;
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

/** A page logged in as 001 (the shell keeps the session in localStorage), in zh-CN. */
async function staffPage(path: string): Promise<Page> {
  const page = await desk!.page({ width: 1280, height: 800 });
  await page.addInitScript((s) => localStorage.setItem('frontdesk.session', s), JSON.stringify(session));
  await page.goto(`${desk!.url}${path}`);
  return page;
}

/** The alert in zh, then in English after the toggle (no Chinese left), then zh again. */
async function bothLanguages(page: Page, alert: Locator, zh: RegExp, en: RegExp, name: string): Promise<void> {
  await alert.waitFor();
  const chinese = await alert.innerText();
  assert.match(chinese, zh);
  assert.not.match(chinese, /[a-z]{4}/i, `${name}: only Chinese in zh: ${chinese}`);
  await page.locator('app-shell lang-toggle big-button').click();
  await page.waitForFunction((el) => el && !/[\u3400-\u9fff]/.test((el as HTMLElement).innerText), await alert.elementHandle());
  const english = await alert.innerText();
  assert.match(english, en);
  assert.not.match(english, CJK, `${name}: no Chinese left in English: ${english}`);
  await screenshot(page, `error-${name}-en`);
  await page.locator('app-shell lang-toggle big-button').click();
  await page.waitForFunction((el) => el && /[\u3400-\u9fff]/.test((el as HTMLElement).innerText), await alert.elementHandle());
  assert.is(await alert.innerText(), chinese);
}

test('/desk: an announcement refused because speech is off', async () => {
  const page = await staffPage('/desk');
  const card = page.locator('desk-screen [data-card="announce"]');
  await card.locator('textarea').fill('各位顾客，请保管好随身物品。');
  await card.locator('big-button[data-action="announce"]').click();
  await bothLanguages(page, card.locator('[role="alert"]'), /语音播报暂不可用[\s\S]*语音播报不可用/, /Speech is unavailable: the announcement cannot be played[\s\S]*Speech is unavailable \(espeak-ng\)/, 'desk');
});

test('/keys: a suspended card refused', async () => {
  const page = await staffPage('/keys');
  await page.locator('keys-screen .tile[data-key="L006"]').click();
  await page.locator('keys-screen card-swipe input').fill('M0002');
  await page.keyboard.press('Enter');
  await bothLanguages(page, page.locator('keys-screen [role="alert"]'), /停卡/, /Card suspended/, 'keys');
});

test('/shift: a handover refused while a key is unexplained', async () => {
  const out = await api('POST', '/api/keys/L007/handout', { card: 'M0001' }, session!.token);
  assert.is(out.status, 201);
  const page = await staffPage('/shift');
  await page.locator('shift-screen .row[data-key="L007"]').waitFor();
  await page.locator('shift-screen textarea[name="handoverNote"]').fill('交接测试');
  await page.locator('shift-screen big-button[data-action="reconcile"]').click();
  await bothLanguages(page, page.locator('shift-screen [role="alert"]'), /还有 1 把钥匙未说明/, /1 key\(s\) not accounted for/, 'shift');
});

test.run();
