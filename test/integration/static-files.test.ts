import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { CACHE_HASHED, CACHE_REVALIDATE, createHttpApp, serveUi } from '../../firmware-bridge/http/http-app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { precompressDir } from '../../scripts/precompress-ui.js';

/**
 * The UI is served like a production site, over real HTTP: brotli or gzip copies made at build
 * time, hashed assets immutable for a year, index.html revalidated (a new build shows at once).
 */

const dist = mkdtempSync(join(tmpdir(), 'frontdesk-static-'));
const ASSET = 'assets/index-B3xYz_9a.js';
// A bundle-like file: repetitive enough to compress, large enough to be worth it.
const assetBody = Array.from({ length: 400 }, (_, i) => `export const screen${i} = () => html\`<fd-screen name="s${i}"></fd-screen>\`;`).join('\n');
const indexHtml = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>前台 · Front desk</title><script type="module" src="/${ASSET}"></script></head><body>${'<!-- padding so the page is compressed -->'.repeat(40)}</body></html>`;
let app: FastifyInstance;
let url: string;

test.before(async () => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, ASSET), assetBody);
  writeFileSync(join(dist, 'index.html'), indexHtml);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const summary = precompressDir(dist);
  assert.is(summary.files, 2, 'the asset and index.html get copies; the tiny svg does not');
  app = await createHttpApp(silentLogger);
  await serveUi(app, dist);
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});

test.after(async () => {
  await app.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (path: string, acceptEncoding?: string) => fetch(`${url}${path}`, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

test('a hashed asset: the brotli copy when accepted, immutable for a year, varies on accept-encoding', async () => {
  const res = await get(`/${ASSET}`, 'gzip, deflate, br');
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-encoding'), 'br');
  assert.match(res.headers.get('content-type') ?? '', /javascript/);
  assert.is(res.headers.get('cache-control'), CACHE_HASHED);
  assert.match(res.headers.get('vary') ?? '', /accept-encoding/i);
  // fetch decodes br itself: the page gets the very bytes that were built
  assert.is(await res.text(), assetBody);
  const onDisk = readFileSync(join(dist, `${ASSET}.br`));
  assert.ok(onDisk.length < assetBody.length / 5, `brotli copy ${onDisk.length} B for ${assetBody.length} B`);
  assert.is(brotliDecompressSync(onDisk).toString(), assetBody);
});

test('gzip for a client without brotli; the plain file for a client that accepts neither', async () => {
  const gz = await get(`/${ASSET}`, 'gzip');
  assert.is(gz.headers.get('content-encoding'), 'gzip');
  assert.is(await gz.text(), assetBody);
  assert.is(gunzipSync(readFileSync(join(dist, `${ASSET}.gz`))).toString(), assetBody);
  const plain = await get(`/${ASSET}`, 'identity');
  assert.is(plain.headers.get('content-encoding'), null);
  assert.is(Number(plain.headers.get('content-length')), Buffer.byteLength(assetBody));
  assert.is(await plain.text(), assetBody);
  assert.is(plain.headers.get('cache-control'), CACHE_HASHED);
});

test('index.html, the SPA fallback and unhashed files are revalidated every time', async () => {
  for (const path of ['/', '/index.html', '/board', '/t/K7QX2MZ9RB']) {
    const res = await get(path, 'br, gzip');
    assert.is(res.status, 200, path);
    assert.is(res.headers.get('cache-control'), CACHE_REVALIDATE, path);
    assert.is(await res.text(), indexHtml, path);
  }
  const icon = await get('/favicon.svg', 'br');
  assert.is(icon.headers.get('cache-control'), CACHE_REVALIDATE);
  assert.is(icon.headers.get('content-encoding'), null, 'no copy below 1 KB: served as is');
});

test('API paths that do not exist still answer the JSON error shape', async () => {
  const res = await get('/api/nothing-here');
  assert.is(res.status, 404);
  assert.is(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
});

test.run();
