import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import { writeTestConfig } from '../fixtures/test-config.js';

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/frontdesk.js', ...args], { encoding: 'utf8', env: { ...process.env, FRONTDESK_FROM_SOURCE: '1', ...env }, timeout: 60_000 });

test('every shipped config is valid', () => {
  for (const file of ['config/default.yaml', ...readdirSync('config/examples').filter((f) => f.endsWith('.yaml')).map((f) => `config/examples/${f}`)]) {
    const run = cli(['check-config', file]);
    assert.is(run.status, 0, `${file}: ${run.stderr}`);
    assert.match(run.stdout, `${file}: ok`);
  }
});

test('a bad config: exit 2 and one "file: key.path: message" line per problem', () => {
  const file = 'test/fixtures/configs/bad-types.yaml';
  const run = cli(['check-config', file]);
  assert.is(run.status, 2);
  const lines = run.stderr.trim().split('\n');
  const expected = [
    `${file}: site.id: must use only a-z, 0-9 and "-"`,
    `${file}: site.timezone: must be an IANA time zone`,
    `${file}: hours.weekly.mon.open: must be a time of day as "HH:MM"`,
    `${file}: services.0.letter: must be one capital letter A-Z`,
    `${file}: http.port: `,
    `${file}: (root): unknown key "colour"`,
  ];
  for (const prefix of expected) assert.ok(lines.some((l) => l.startsWith(prefix)), `missing "${prefix}" in:\n${run.stderr}`);
  for (const line of lines) assert.match(line, new RegExp(`^${file}: [^:]+: .+`));
});

test('cross-references are checked: unknown counters, duplicate letters, unknown playlists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-cfg-'));
  const file = writeTestConfig(dir, { audio: { playlists: {}, dayparts: [{ from: '09:00', to: '10:00', playlist: 'nowhere' }] } }, {
    name: 'refs.yaml',
    validate: false,
    edit: (config) => {
      config.services[1].counters = ['2', '9'];
      config.services[2].letter = 'B';
    },
  });
  try {
    const run = cli(['check-config', file]);
    assert.is(run.status, 2);
    assert.match(run.stderr, `${file}: services.1.counters.1: unknown counter "9"`);
    assert.match(run.stderr, `${file}: services.2.letter: duplicate service letter "B"`);
    assert.match(run.stderr, `${file}: audio.dayparts.0.playlist: unknown playlist "nowhere"`);
    assert.throws(() => loadConfig(file), (err: unknown) => err instanceof ConfigError && err.lines.length === 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a mistyped huge key range is refused, not expanded until memory runs out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-cfg-'));
  let last = -1;
  const file = writeTestConfig(dir, {}, {
    name: 'range.yaml',
    validate: false,
    edit: (config) => (last = config.keys.push({ prefix: 'X', from: 1, to: 2_000_000_000, category: 'member_locker' }) - 1),
  });
  try {
    const run = cli(['check-config', file]);
    assert.is(run.status, 2);
    assert.match(run.stderr, `${file}: keys.${last}.to: a range holds at most 10000 keys`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('broken YAML names the line', () => {
  const run = cli(['check-config', 'test/fixtures/configs/bad-yaml.yaml']);
  assert.is(run.status, 2);
  assert.match(run.stderr, /^test\/fixtures\/configs\/bad-yaml\.yaml: line \d+: /);
});

test('a missing file is a clear error', () => {
  const run = cli(['check-config', 'no/such/file.yaml']);
  assert.is(run.status, 2);
  assert.match(run.stderr, 'no/such/file.yaml: cannot read');
});

test('the service refuses to start on an invalid config, with the same message', () => {
  const run = cli(['serve', '--config', 'test/fixtures/configs/bad-types.yaml'], { FRONTDESK_HTTP_PORT: '0', FRONTDESK_MQTT_URL: 'off' });
  assert.is(run.status, 2);
  assert.match(run.stderr, 'test/fixtures/configs/bad-types.yaml: site.id: must use only');
  assert.match(run.stderr, 'refusing to start');
});


test('check-config validates a central (fleet) file too: the example is ok, a bad one names each key', () => {
  const ok = cli(['check-config', 'config/central.example.yaml']);
  assert.is(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, 'config/central.example.yaml: ok');
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-central-check-'));
  try {
    const file = join(dir, 'central.yaml');
    writeFileSync(file, 'central:\n  databaseUrl: mysql://x\n  managers:\n    - { user: admin, passwordHash: plain, sites: [] }\n  http: { port: 99999 }\n');
    const run = cli(['check-config', file]);
    assert.is(run.status, 2);
    assert.equal(run.stderr.trim().split('\n').sort(), [
      `${file}: central.databaseUrl: must be postgres://user@host:port/db`,
      `${file}: central.http.port: Too big: expected number to be <=65535`,
      `${file}: central.managers.0.passwordHash: must be a hash from \`frontdesk hash-pin PASSWORD\``,
      `${file}: central.managers.0.sites: Too small: expected array to have >=1 items`,
    ]);
    // The env overrides apply before validation, as for a desk.
    assert.is(cli(['check-config', file], { FRONTDESK_CENTRAL_DATABASE_URL: 'postgres://127.0.0.1/x' }).stderr.includes('databaseUrl'), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
