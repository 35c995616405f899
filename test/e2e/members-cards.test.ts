// Member card operations end to end in headless Chromium against the real service: a card swiped,
// a suspension signed on the pad with the pointer, the remaining time shown before a transfer,
// a replacement with its receipt number, and the day's paperwork list.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { screenshot, startDesk, type Desk } from '../fixtures/browser.js';

let desk: Desk | null = null;
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-members-e2e-'));

test.after(async () => {
  await desk?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function login(page: Page): Promise<void> {
  for (const key of '001') await page.locator(`staff-login big-button[data-key="${key}"]`).click();
  await page.locator('staff-login button[name="pin"]').click();
  for (const key of '1234') await page.locator(`staff-login big-button[data-key="${key}"]`).click();
  await page.locator('staff-login big-button', { hasText: '登录' }).click();
}

async function swipe(page: Page, card: string): Promise<void> {
  await page.keyboard.type(card, { delay: 4 });
  await page.keyboard.press('Enter');
}

test('swipe, sign a suspension on the pad, see the time left before a transfer, replace the card with a receipt', async () => {
  // The demo desk with a consultant on duty all day, so a transfer can be handed over at any hour.
  const config = join(dir, 'desk.yaml');
  writeFileSync(config, `${readFileSync('config/default.yaml', 'utf8')}\ncards:\n  replaceFee: 20\n  consultants:\n    - { number: "301", name: 周顾问 }\n`);
  desk = await startDesk({ config });
  const page = await desk.page({ width: 1280, height: 800 });
  await page.goto(`${desk.url}/members`);
  await login(page);
  await page.locator('members-screen card-swipe').waitFor();
  await page.locator('members-screen .empty', { hasText: '今天还没有' }).waitFor({ timeout: 10000 }); // logged in, the screen has loaded
  await swipe(page, 'M0001');
  await page.locator('members-screen [data-card="M0001"]').waitFor({ timeout: 10000 });
  assert.match(await page.locator('members-screen .facts').first().innerText(), /陈会员/);

  // Nothing drawn: the suspend button stays off (the service would refuse it too).
  const suspend = page.locator('members-screen big-button[data-action="suspend"]');
  assert.is(await suspend.getAttribute('disabled'), '');
  const box = (await page.locator('members-screen signature-pad canvas').boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + 40 + i * 12, box.y + box.height * (0.6 - 0.25 * Math.sin(i / 3)));
  await page.mouse.up();
  assert.is(await suspend.getAttribute('disabled'), null);
  await page.locator('members-screen big-button[data-months="2"]').click();
  await screenshot(page, 'members-suspend-signed');
  await suspend.click();
  await page.locator('members-screen [data-notice]').waitFor({ timeout: 10000 });
  assert.match(await page.locator('members-screen [data-notice]').innerText(), /已停卡/);
  await page.locator('members-screen [data-paperwork] li[data-kind="suspend"]').waitFor({ timeout: 10000 });

  // Transfer: the time left comes first.
  await page.locator('members-screen big-button[data-op="transfer"]').click();
  const remaining = await page.locator('members-screen [data-remaining-first]').innerText();
  assert.match(remaining, /剩余时间/);
  assert.match(remaining, /\d+ 天/);
  await page.locator('members-screen input[name="toName"]').fill('王新');
  await page.locator('members-screen big-button[data-action="transfer"]').click();
  await page.locator('members-screen [data-notice]').waitFor({ timeout: 10000 });
  assert.match(await page.locator('members-screen [data-notice]').innerText(), /已转卡：王新/);

  // Replace: the new card's number, the fee, the receipt number.
  await page.locator('members-screen big-button[data-op="replace"]').click();
  await page.locator('members-screen input[name="newCard"]').fill('N0001');
  await page.locator('members-screen big-button[data-action="replace"]').click();
  await page.locator('members-screen [data-notice]').waitFor({ timeout: 10000 });
  assert.match(await page.locator('members-screen [data-notice]').innerText(), /已补卡.*¥20\.00.*BK\d{8}-001/s);
  await page.locator('members-screen [data-card="N0001"]').waitFor({ timeout: 10000 });
  assert.is(await page.locator('members-screen [data-paperwork] li').count(), 3);
  await screenshot(page, 'members-replaced');
});

test.run();
