import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EspeakTts } from '../../devices/audio/espeak-tts.js';
import { AlsaPlayer } from '../../devices/audio/alsa-player.js';
import { ensureChime } from '../../devices/audio/chime.js';
import { wavDurationSec } from '../../devices/audio/wav-duration.js';
import { spokenCharacters } from '../../firmware-bridge/audio/rules/spoken-text.js';
import { makeTone } from '../fixtures/audio/make-audio.js';

const dir = mkdtempSync(join(tmpdir(), 'audio-tools-'));
const players: AlsaPlayer[] = [];
test.after(async () => {
  await Promise.all(players.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
});

const soxiSeconds = (file: string) => Number(execFileSync('soxi', ['-D', file]).toString());
const sentence = '各位顾客，本馆将于22点闭馆，请您合理安排时间，感谢您的光临。';

test('espeak-ng speaks Chinese at the configured characters per minute (measured with sox)', async () => {
  const tts = new EspeakTts({ cacheDir: join(dir, 'cache') });
  assert.is(await tts.problem(), null);
  const chars = spokenCharacters(sentence.replace('22', '二十二'));
  for (const cpm of [120, 180]) {
    const speech = await tts.render(sentence, 'cmn-latn-pinyin', cpm);
    const seconds = soxiSeconds(speech.file);
    assert.ok(Math.abs(speech.durationSec - seconds) < 0.01, 'header duration agrees with sox');
    const measured = (chars / seconds) * 60;
    assert.ok(Math.abs(measured - cpm) / cpm < 0.15, `${cpm} cpm configured, ${measured.toFixed(1)} measured`);
  }
  const slow = soxiSeconds((await tts.render(sentence, 'cmn-latn-pinyin', 120)).file);
  const fast = soxiSeconds((await tts.render(sentence, 'cmn-latn-pinyin', 180)).file);
  assert.ok(slow > fast * 1.3, 'a slower rate gives longer audio');
});

test('the cache: same text, voice and rate → same file, not rendered again', async () => {
  const tts = new EspeakTts({ cacheDir: join(dir, 'cache2') });
  const first = await tts.render('请 A 0 1 2 号到3号窗口', 'cmn-latn-pinyin', 120);
  const again = await tts.render('请 A 0 1 2 号到3号窗口', 'cmn-latn-pinyin', 120);
  assert.is(first.cached, false);
  assert.is(again.cached, true);
  assert.is(again.file, first.file);
  assert.is.not((await tts.render('请 A 0 1 2 号到3号窗口', 'cmn-latn-pinyin', 150)).file, first.file);
  assert.ok(first.durationSec > 1);
});

test('the cache stays under its cap: the least recently used phrase is evicted, the chime stays', async () => {
  const cacheDir = join(dir, 'capped');
  const first = await new EspeakTts({ cacheDir }).render('请 A 0 0 1 号到1号窗口', 'cmn-latn-pinyin', 120);
  const size = statSync(first.file).size;
  const chime = await ensureChime(cacheDir); // made in the same folder, as the service does
  // Room for about two call phrases.
  const tts = new EspeakTts({ cacheDir, cacheMaxBytes: Math.round(size * 2.5) });
  const second = await tts.render('请 A 0 0 2 号到1号窗口', 'cmn-latn-pinyin', 120);
  assert.ok((await tts.render('请 A 0 0 1 号到1号窗口', 'cmn-latn-pinyin', 120)).cached, 'A001 is used again: now the most recent');
  const third = await tts.render('请 A 0 0 3 号到1号窗口', 'cmn-latn-pinyin', 120);
  assert.equal([existsSync(first.file), existsSync(second.file), existsSync(third.file), existsSync(chime)], [true, false, true, true]);
});

test('a missing espeak-ng is reported, not thrown', async () => {
  const tts = new EspeakTts({ cacheDir: join(dir, 'cache3'), binary: join(dir, 'no-such-espeak-ng') });
  assert.match((await tts.problem()) ?? '', /unavailable/);
  try {
    await tts.render('你好', 'cmn-latn-pinyin', 120);
    assert.unreachable('render must fail');
  } catch (err) {
    assert.match((err as Error).message, /ENOENT/);
  }
});

test('the chime is made with sox', async () => {
  const chime = await ensureChime(join(dir, 'cache'));
  assert.ok(Math.abs(wavDurationSec(chime) - soxiSeconds(chime)) < 0.01);
  assert.ok(wavDurationSec(chime) > 0.5 && wavDurationSec(chime) < 1.5);
});

test('the ALSA player really runs aplay and mpg123 on the null device', async () => {
  const errors: string[] = [];
  const player = new AlsaPlayer({ device: 'null', maxSec: 30, onError: (m) => errors.push(m) });
  players.push(player);
  const wav = makeTone(dir, 'beep.wav', 0.3);
  assert.is(await player.play({ file: wav, role: 'speech', volume: 100 }).done, 'ended');
  const mp3 = makeTone(dir, 'song.mp3', 2);
  const music = player.play({ file: mp3, role: 'music', volume: 40, fromSec: 0.5 });
  assert.is(await music.done, 'ended');
  assert.ok(music.isDone());
  assert.equal(errors, []);
  // a bogus file: the player reports it and the promise still settles
  const bad = player.play({ file: join(dir, 'missing.wav'), role: 'speech', volume: 100 });
  assert.is(await bad.done, 'failed');
  assert.is(errors.length, 1);
});

test.run();
