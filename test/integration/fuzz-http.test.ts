import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import net from 'node:net';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { createFeatures } from '../../firmware-bridge/desk.js';
import { routeRecorder } from '../fixtures/route-recorder.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * Thousands of generated bad requests against the whole desk: never a 5xx, never a crash, every
 * refusal in the contract shape {"error":{code,message}}, and not one event committed.
 */
const loaded = testLoadedConfig({ devices: { printer: 'sim' } });
const recorder = routeRecorder();
let app: RunningApp;
let token = '';
const problems: unknown[] = [];
const onProblem = (err: unknown) => problems.push(err);

test.before(async () => {
  process.on('unhandledRejection', onProblem);
  process.on('uncaughtException', onProblem);
  app = await startApp(loaded, { log: silentLogger, features: [recorder, ...createFeatures()] });
  token = (await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff: '900', pin: '9000' } })).json().token;
});

test.after(async () => {
  process.off('unhandledRejection', onProblem);
  process.off('uncaughtException', onProblem);
  await app.close();
  loaded.cleanup();
});

const validIds = new Set(['transaction', 'consultation', 'complaint', 'priority', '1', '2', '3', 'satisfied', 'average', 'unsatisfied']);
const concrete = (url: string) => url.replace(/:[a-zA-Z]+/g, '1');

/** Paths: the real routes, traversal tricks, encodings, and random segments under /api. */
function pathArb(): fc.Arbitrary<string> {
  const routes = [...new Set(['/api/health', '/api/config/public', '/api/session', '/api/queue', ...recorder.routes.map((r) => concrete(r.url))])].filter((p) => p !== '/api/events');
  const tricks = [
    '/api/../api/queue', '/api/%2e%2e/%2e%2e/etc/passwd', '/api/tickets/%00', '/api/tickets/..%2f..%2fpackage.json', '//api//tickets',
    '/api/tickets/%2e%2e', '/api/counters/..%2f1/next', '/api/keys/%2e%2e%2fL001/handout', '/api/tickets/%E0%A4%A', '/api/%ff%fe',
    '/api/tickets/' + 'x'.repeat(300), '/api/counters/1/next/../../../tickets', '/api/tickets?service=transaction', '/API/TICKETS',
    '/api/tickets/%F0%9F%98%80', '/api/keys/L001%00/handout', '/api/session;jsessionid=1', '/api/tickets#frag', '/api/queue?__proto__[x]=1',
  ];
  const segment = fc.string({ minLength: 1, maxLength: 20 }).map((s) => encodeURIComponent(s));
  return fc.oneof(
    fc.constantFrom(...routes),
    fc.constantFrom(...tricks),
    fc.array(segment, { minLength: 1, maxLength: 5 }).map((segs) => `/api/${segs.join('/')}`),
    fc.tuple(fc.constantFrom(...routes), segment).map(([route, s]) => `${route}/${s}`),
    fc.tuple(fc.constantFrom(...routes), fc.string({ maxLength: 40 })).map(([route, q]) => `${route}?${encodeURIComponent(q)}=${encodeURIComponent(q)}`),
  );
}

/** Bodies that are never a valid command: malformed JSON, wrong types, huge, deep, prototype tricks. */
function bodyArb(): fc.Arbitrary<string | undefined> {
  const isJson = (s: string) => {
    try {
      JSON.parse(s);
      return true;
    } catch {
      return false;
    }
  };
  const wrongValue = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 2 }), fc.string({ maxLength: 30 }).filter((s) => !validIds.has(s)));
  return fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 200 }).filter((s) => !isJson(s)),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc.record({ service: wrongValue, member: wrongValue, phone: wrongValue }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    fc.record({ counter: wrongValue, score: wrongValue, card: wrongValue, holder: wrongValue, staff: wrongValue, pin: wrongValue }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    fc.constantFrom(
      JSON.stringify({ service: 'x'.repeat(70_000) }),
      '['.repeat(30_000) + ']'.repeat(30_000),
      '{"a":'.repeat(5_000),
      '{"__proto__":{"service":"transaction"}}',
      '{"constructor":{"prototype":{"service":"transaction"}}}',
      '{"service":"transaction"', // one brace short of a ticket
      '\u0000\u0001\u0002',
      '\ufeff{"service":1}',
      '{"service":"trans\u0000action"}',
      '{"staff":"001","pin":{"$ne":""}}',
    ),
  );
}

const contentTypeArb = fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/xml', 'application/json;;;', '*/*');
const methodArb = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');

function checkErrorShape(status: number, body: string, where: string): void {
  assert.ok(status < 500, `${where}: answered ${status} ${body.slice(0, 200)}`);
  if (status < 400) return;
  let parsed: { error?: { code?: unknown; message?: unknown } };
  try {
    parsed = JSON.parse(body);
  } catch {
    return assert.unreachable(`${where}: ${status} with a body that is not JSON: ${body.slice(0, 200)}`);
  }
  assert.ok(typeof parsed.error?.code === 'string' && /^[a-z][a-z0-9_]*$/.test(parsed.error.code), `${where}: readable code in ${body.slice(0, 200)}`);
  assert.ok(typeof parsed.error?.message === 'string' && parsed.error.message.length > 0 && !/\n\s+at /.test(parsed.error.message), `${where}: human message, no stack`);
}

test('4,000 generated requests without a token: no 5xx, contract errors, nothing committed', async () => {
  const before = app.store.lastSeq();
  await fc.assert(
    fc.asyncProperty(methodArb, pathArb(), contentTypeArb, bodyArb(), async (method, url, contentType, body) => {
      const withBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
      const res = await app.http.inject({ method: method as 'GET', url, headers: contentType && withBody ? { 'content-type': contentType } : {}, ...(withBody ? { payload: body } : {}) });
      const where = `${method} ${url.slice(0, 80)} [${contentType}] ${String(body).slice(0, 60)}`;
      if (method !== 'HEAD') checkErrorShape(res.statusCode, res.body, where);
      if (res.statusCode < 400) assert.ok(['GET', 'HEAD', 'OPTIONS'].includes(method) || (method === 'DELETE' && url.startsWith('/api/session')), `${where}: a write answered ${res.statusCode}`);
    }),
    { numRuns: 4000, seed: 7 },
  );
  assert.is(app.store.lastSeq(), before, 'no event committed');
});

test('1,000 malformed bodies with a valid manager token on every write route: refused before the handler', async () => {
  const before = app.store.lastSeq();
  const writes = recorder.routes.filter((r) => r.method === 'POST' && r.url.startsWith('/api/')).map((r) => concrete(r.url));
  const malformed = fc.oneof(
    fc.string({ minLength: 1, maxLength: 200 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
    fc.constant(JSON.stringify({ note: 'x'.repeat(70_000) })),
    fc.constant('{"__proto__":{"service":"transaction"}}'),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...writes), malformed, async (url, body) => {
      const res = await app.http.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload: body });
      checkErrorShape(res.statusCode, res.body, `POST ${url} ${body.slice(0, 60)}`);
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `POST ${url}: ${res.statusCode}`);
    }),
    { numRuns: 1000, seed: 11 },
  );
  assert.is(app.store.lastSeq(), before, 'no event committed');
});

/** Writes raw bytes on a socket (requests fetch cannot send) and reads the whole answer. */
function rawRequest(url: string, bytes: string | Buffer): Promise<{ status: number; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.setTimeout(5000, () => socket.destroy(new Error(`no answer to ${String(bytes).slice(0, 80)}`)));
    socket.on('data', (d) => {
      out += d.toString();
      // One answer is enough (keep-alive would otherwise leave the socket open).
      const head = out.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(out)?.[1];
      if (head >= 0 && length !== undefined && Buffer.byteLength(out.slice(head + 4)) >= Number(length)) socket.end();
    });
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? 0), body: out.slice(out.indexOf('\r\n\r\n') + 4) }));
    socket.on('error', reject);
  });
}

test('raw-socket tricks: NUL bytes, bad methods, huge headers, bad encodings, smuggling — a 4xx in the contract shape', async () => {
  const before = app.store.lastSeq();
  const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: desk\r\n${extra}\r\n`;
  const requests: string[] = [
    get('/api/tickets/\0x'),
    get('/api/queue', `X-Long: ${'a'.repeat(20_000)}\r\n`),
    get('/api/queue', Array.from({ length: 3000 }, (_, i) => `X-${i}: y\r\n`).join('')),
    `BREW /api/queue HTTP/1.1\r\nHost: desk\r\n\r\n`,
    get('/api/tickets/%E0%A4%A'),
    get('/%E0%A4%A'),
    get('/api/tickets/' + 'x'.repeat(300)),
    get('/api/queue', 'Authorization: Bearer \0\r\n'),
    `GET /api/queue HTTP/9.9\r\nHost: desk\r\n\r\n`,
    `POST /api/tickets HTTP/1.1\r\nHost: desk\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"a":`,
    `POST /api/tickets HTTP/1.1\r\nHost: desk\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 25\r\n\r\n{"service":"transaction"}`,
    `POST /api/tickets HTTP/1.1\r\nHost: desk\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{}`,
    `POST /api/tickets HTTP/1.1\r\nHost: desk\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`,
    `GET /api/queue HTTP/1.1\r\nHost: desk\r\nHost: evil\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n`,
    `\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03`, // a TLS hello on the plain port
  ];
  // Random bytes in the request line, generated.
  const rawLines = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 60 }), { numRuns: 150, seed: 3 }).map((bytes) => Buffer.concat([Buffer.from('GET /api/'), Buffer.from(bytes), Buffer.from(' HTTP/1.1\r\nHost: desk\r\nConnection: close\r\n\r\n')]));
  let answered = 0;
  for (const request of [...requests.map((r) => Buffer.from(r, 'latin1')), ...rawLines]) {
    const { status, body } = await rawRequest(app.url, request);
    const where = JSON.stringify(request.toString('latin1').slice(0, 80));
    if (status === 0) continue; // the server closed without answering (e.g. a lone TLS hello): allowed, not a crash
    answered++;
    checkErrorShape(status, body, where);
    if (status < 400) assert.ok(request.toString('latin1').startsWith('GET '), `${where}: ${status}`);
  }
  assert.ok(answered >= requests.length - 1, `${answered} raw requests answered`);
  assert.is((await fetch(`${app.url}/api/health`)).status, 200, 'the desk still answers');
  assert.is(app.store.lastSeq(), before, 'no event committed');
  assert.equal(problems, [], 'no unhandled error in the process');
});

test.run();
