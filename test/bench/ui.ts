import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ensureUiBuilt, launchBrowser } from '../fixtures/browser.js';
import { loadOverrides, writeBenchConfig } from './bench-config.js';
import { startService } from './service-runner.js';
import { percentiles, round, type Percentiles } from './stats.js';
import { requestOk } from '../fixtures/http.js';

export interface UiResult {
  /** Gzipped JS a screen needs at first load: entry + its chunk + their static imports (KB). */
  screensGzipKB: Record<string, number>;
  kioskGzipKB: number | null;
  tapToConfirmation: Percentiles | null;
  callToBoard: Percentiles | null;
}

const dist = resolve('kiosk-ui/dist');

/** Static-import closure of a chunk (dynamic `import()` is loaded later, on navigation). */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(dist, 'assets', file), 'utf8');
  for (const m of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) closure(m[1], seen);
  return seen;
}

export function screenSizes(): Record<string, number> {
  const assets = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = /src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error('kiosk-ui/dist/index.html names no entry script');
  const sizes: Record<string, number> = {};
  for (const screen of assets.filter((f) => /-screen-/.test(f))) {
    const files = closure(screen, closure(entry));
    const bytes = [...files].reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, 'assets', f))).length, 0);
    sizes[screen.replace(/-screen-.*$/, '')] = round(bytes / 1024, 1);
  }
  return sizes;
}

/** Paint time in the page: the frame after the mutation that showed `selector` (rAF + next task). */
const PAINT_WATCH = `(selector, text) => new Promise((resolve, reject) => {
  const find = () => { const stack = [document]; while (stack.length) { const root = stack.pop(); const el = root.querySelector(selector); if (el && (!text || el.textContent.includes(text))) return el; for (const n of root.querySelectorAll('*')) if (n.shadowRoot) stack.push(n.shadowRoot); } return null; };
  const began = performance.now();
  const tick = () => {
    if (find()) return requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
    if (performance.now() - began > 10000) return reject(new Error('not shown within 10 s: ' + selector + ' ' + (text || '')));
    setTimeout(tick, 1);
  };
  tick();
})`;

async function measureTap(page: Page, url: string, samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    await page.goto(`${url}/kiosk`);
    const button = page.locator('big-button[data-service="transaction"]');
    await button.waitFor();
    // Start mark and paint mark both on the page's clock: the tap is dispatched in the page.
    // Strings, not functions: the TypeScript loader would add helpers the page does not have.
    const ms = await page.evaluate<number>(`(async () => {
      const wait = ${PAINT_WATCH};
      const find = (root) => { const el = root.querySelector('big-button[data-service="transaction"]'); if (el) return el; for (const n of root.querySelectorAll('*')) if (n.shadowRoot) { const f = find(n.shadowRoot); if (f) return f; } return null; };
      const host = find(document);
      const painted = wait('[data-number]');
      const t0 = performance.now();
      (host.shadowRoot?.querySelector('button') ?? host).click();
      return (await painted) - t0;
    })()`);
    out.push(ms);
  }
  return out;
}

async function measureBoard(page: Page, url: string, samples: number): Promise<number[]> {
  const post = (path: string, body: object, token?: string) => requestOk(`${url}${path}`, 'POST', body, token);
  const { token } = (await post('/api/session', { staff: '001', pin: '1234' })) as { token: string };
  await page.goto(`${url}/board`);
  await page.locator('board-screen .counter[data-counter="3"]').waitFor();
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { ticket } = (await post('/api/tickets', { service: 'consultation' })) as { ticket: { number: string } };
    // Page and bench clocks are both epoch-based (timeOrigin + now): start the watch, then call.
    const watch = page.evaluate<number>(`(${PAINT_WATCH})('.counter[data-counter="3"] [data-serving]', ${JSON.stringify(ticket.number)}).then((t) => performance.timeOrigin + t)`);
    await page.evaluate('new Promise((r) => requestAnimationFrame(r))'); // the watch is installed
    const calledAt = performance.timeOrigin + performance.now();
    await post('/api/counters/3/next', {}, token);
    out.push((await watch) - calledAt);
    await post('/api/counters/3/finish', {}, token);
  }
  return out;
}

export async function benchUi(options: { samples: number }): Promise<UiResult> {
  ensureUiBuilt();
  const screensGzipKB = screenSizes();
  const cfg = writeBenchConfig('ui', loadOverrides());
  const service = await startService({ config: cfg.file, dataDir: cfg.dataDir, env: { FRONTDESK_MQTT_URL: 'off' } });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const kiosk = await context.newPage();
    await measureTap(kiosk, service.url, 2); // warm-up: HTTP cache, JIT
    const taps = await measureTap(kiosk, service.url, options.samples);
    await context.close();
    const boardContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const calls = await measureBoard(await boardContext.newPage(), service.url, options.samples);
    await boardContext.close();
    return { screensGzipKB, kioskGzipKB: screensGzipKB.kiosk ?? null, tapToConfirmation: percentiles(taps), callToBoard: percentiles(calls) };
  } finally {
    await browser.close().catch(() => undefined);
    await service.stop();
    rmSync(cfg.dir, { recursive: true, force: true });
  }
}
