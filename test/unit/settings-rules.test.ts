import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDocument } from 'yaml';
import { changedPaths, diffConfig } from '../../firmware-bridge/settings/rules/config-diff.js';
import { liveConfigOf, needsRestart } from '../../firmware-bridge/settings/rules/live-sections.js';
import { keepCurrentSecrets, redact, REDACTED, restoreSecrets } from '../../firmware-bridge/settings/rules/secrets.js';
import { audioFormatOf, isTrackFileName, trackFileName } from '../../firmware-bridge/settings/rules/audio-format.js';
import { strandRefusal } from '../../firmware-bridge/settings/rules/strands.js';
import { rewriteYaml } from '../../firmware-bridge/settings/settings-file.js';
import { bilingualIssue } from '../../firmware-bridge/settings/rules/issue-text.js';
import { previewText } from '../../firmware-bridge/settings/rules/preview-text.js';
import { printerAdvice } from '../../firmware-bridge/settings/rules/printer-advice.js';

const stored = {
  staff: [
    { number: '001', name: 'A', pinHash: 'scrypt$1$a$a' },
    { number: '900', name: 'M', pinHash: 'scrypt$1$m$m' },
  ],
  mqtt: { url: 'mqtt://x', password: 'hunter2', cardHashKey: 'k'.repeat(16) },
};

test('redaction hides PIN hashes, the MQTT password and the card-hash key, and nothing else', () => {
  const shown = redact(stored) as typeof stored;
  assert.equal(shown.staff.map((s) => s.pinHash), [REDACTED, REDACTED]);
  assert.is(shown.mqtt.password, REDACTED);
  assert.is(shown.mqtt.cardHashKey, REDACTED);
  assert.is(shown.mqtt.url, 'mqtt://x');
});

test('redacted values sent back keep the stored ones, matched by staff number; a reset PIN stays reset', () => {
  const incoming = redact(stored) as typeof stored;
  incoming.staff.reverse();
  delete (incoming.staff[1] as { pinHash?: string }).pinHash; // 001 reset
  incoming.staff.push({ number: '777', name: 'New', pinHash: REDACTED });
  const out = restoreSecrets(incoming, stored) as typeof stored;
  assert.equal(out.staff, [{ number: '900', name: 'M', pinHash: 'scrypt$1$m$m' }, { number: '001', name: 'A' }, { number: '777', name: 'New' }]);
  assert.is(out.mqtt.password, 'hunter2');
  assert.equal(keepCurrentSecrets({ staff: [{ number: '001', name: 'Old', pinHash: 'scrypt$1$old$old' }] }, stored), { staff: [{ number: '001', name: 'Old', pinHash: 'scrypt$1$a$a' }] });
});

test('the diff names changed leaves, whole added rows, and never shows a secret', () => {
  const before = { hours: { weekly: { tue: { open: '09:30', close: '22:00' } } }, staff: stored.staff };
  const after = { hours: { weekly: { tue: { open: '09:30', close: '21:00' } } }, staff: [stored.staff[0], { ...stored.staff[1], pinHash: 'scrypt$1$n$n' }, { number: '5', name: 'N', pinHash: 'scrypt$1$q$q' }] };
  const changes = diffConfig(before, after);
  assert.equal(changedPaths(before, after), ['hours.weekly.tue.close', 'staff.1.pinHash', 'staff.2']);
  assert.equal(changes[0], { path: 'hours.weekly.tue.close', before: '22:00', after: '21:00' });
  assert.not.match(JSON.stringify(changes), /scrypt/);
});

test('removing a service with waiting tickets or a serving counter is refused, in both languages', () => {
  const queue = { services: [{ id: 'a', waiting: 2 }, { id: 'b', waiting: 0 }], counters: [{ id: '1', serving: { number: 'A001' } }, { id: '2', serving: null }] };
  assert.is(strandRefusal({ services: [{ id: 'a' }], counters: [{ id: '1' }] }, queue), null, 'an idle service and counter may go');
  const service = strandRefusal({ services: [{ id: 'b' }], counters: [{ id: '1' }, { id: '2' }] }, queue);
  assert.is(service?.code, 'would_strand');
  assert.match(service!.message, /“a”.*2.*·.*"a" still has 2 waiting/);
  assert.match(strandRefusal({ services: [{ id: 'a' }], counters: [{ id: '2' }] }, queue)!.message, /A001.*·.*Counter 1 is serving A001/);
});

test('restart-only keys keep their running values in the config put in force, and are reported', () => {
  const running = { http: { port: 8080 }, site: { id: 'x', timezone: 'Asia/Shanghai', name: 'old' }, services: [1] };
  const saved = { http: { port: 9090 }, site: { id: 'x', timezone: 'Europe/Berlin', name: 'new' }, services: [1, 2] };
  assert.equal(liveConfigOf(running, saved), { http: { port: 8080 }, site: { id: 'x', timezone: 'Asia/Shanghai', name: 'new' }, services: [1, 2] });
  assert.equal(needsRestart(['http.port', 'site.name.zh', 'site.timezone', 'services.1', 'audio.speech.rateCpm', 'audio.dayparts.0']), ['http.port', 'site.timezone', 'audio.speech.rateCpm']);
  assert.equal(needsRestart(['keys.3', 'keys.0.label', 'members.cards.2', 'members.csv', 'members.reader.kind']), ['members.reader.kind'], 'the key inventory and member cards are live; the card reader is a device');
});

test('rewriting the YAML keeps comments, key order and untouched lines', () => {
  const text = readFileSync('config/examples/gym.yaml', 'utf8');
  const raw = parseDocument(text).toJS();
  raw.hours.weekly.tue.close = '21:00';
  raw.classes[1].cancelled = ['2026-11-24'];
  raw.hours.holidays.pop();
  const out = rewriteYaml(text, raw);
  assert.equal(parseDocument(out).toJS(), raw, 'the file says what was saved');
  assert.ok(out.includes('# The gym club front desk'), 'header comment');
  assert.match(out, /light: \.\.\/\.\.\/data\/music\/light +# folders of mp3\/wav\/ogg\/flac files\n/, 'a trailing comment stays on its line');
  assert.ok(out.includes('tue: { open: "09:30", close: "21:00" }'), 'quoting and flow style kept');
  assert.not.ok(out.includes('元旦'), 'the removed holiday is gone');
  assert.ok(out.indexOf('site:') < out.indexOf('hours:') && out.indexOf('hours:') < out.indexOf('services:'), 'key order');
});

test('audio is recognised by its first bytes, never by its name; track names stay inside the folder', () => {
  const bytes = (text: string, ...extra: number[]) => new Uint8Array([...Buffer.from(text, 'latin1'), ...extra]);
  assert.is(audioFormatOf(bytes('RIFF\x24\x00\x00\x00WAVEfmt ')), 'wav');
  assert.is(audioFormatOf(bytes('OggS\x00\x02')), 'ogg');
  assert.is(audioFormatOf(bytes('fLaC\x00\x00')), 'flac');
  assert.is(audioFormatOf(bytes('ID3\x04\x00')), 'mp3');
  assert.is(audioFormatOf(new Uint8Array([0xff, 0xfb, 0x90, 0x64])), 'mp3', 'an MPEG-1 layer III frame');
  assert.is(audioFormatOf(bytes('this is not music')), null);
  assert.is(audioFormatOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), null, 'a JPEG is not audio');
  assert.is(trackFileName('../../etc/晨曲 1.mp3', 'ogg'), 'etc晨曲 1.ogg');
  assert.is(trackFileName('...', 'mp3'), null);
  assert.ok(isTrackFileName('晨曲 1.ogg'));
  assert.not.ok(isTrackFileName('../x.mp3'));
  assert.not.ok(isTrackFileName('.upload-1-2.mp3'));
});

test('every loader message gets a Chinese lead with its values; unknown wordings a general one', () => {
  assert.is(bilingualIssue('unknown key "colour"'), '未知的设置项 "colour" · unknown key "colour"');
  assert.is(bilingualIssue('duplicate letter "A" (also at index 0)'), '与第 1 项重复：letter "A" · duplicate letter "A" (also at index 0)');
  assert.is(bilingualIssue('Too small: expected number to be >=95'), '不能小于 95 · Too small: expected number to be >=95');
  assert.is(bilingualIssue('something new'), '设置值无效 · something new');
  assert.is(bilingualIssue('已是中文 · already'), '已是中文 · already');
});

test('a preview fills the placeholders with examples, ticket digits one by one; unknown ones stay', () => {
  assert.equal(previewText({ zh: '请{number}号到{counter}', en: 'Number {number}, please go to {counter}. {odd}' }), { zh: '请 A 0 1 2 号到1号窗口', en: 'Number A 0 1 2, please go to counter 1. {odd}' });
});

test('a test print\'s advice follows the printer\'s answer', () => {
  assert.match(printerAdvice(false, 'fault', 'printer fault: paper out').zh, /缺纸/);
  assert.match(printerAdvice(false, 'fault', 'cover open').en, /cover is open/);
  assert.match(printerAdvice(false, 'offline', 'printer offline: port /dev/ttyUSB0 not open').en, /does not answer/);
  assert.match(printerAdvice(true, 'degraded', 'paper near end').zh, /纸快用完/);
  assert.match(printerAdvice(true, 'ok', 'ready').en, /^Test ticket printed/);
});

test.run();
