import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EscPosEncoder } from '../../devices/printer/escpos-encoder.js';
import { EscPosStreamParser, parseEscPos, type EscPosEvent } from '../../devices/printer/escpos-parser.js';
import { layoutTicket } from '../../devices/printer/ticket-layout.js';
import { sampleTicket } from '../fixtures/sample-ticket.js';

const ticket = sampleTicket;

/** Deterministic pseudo-random bytes (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('text, modes, QR and cut come back out', () => {
  const bytes = new EscPosEncoder()
    .init()
    .chineseMode()
    .align('right')
    .bold()
    .size(3, 2)
    .line('号码')
    .size(1)
    .bold(false)
    .align('left')
    .line('plain')
    .line()
    .qr('https://example.org/t/1', { moduleSize: 6, errorCorrection: 'Q' })
    .feed(2)
    .cut()
    .encode();
  const doc = parseEscPos(bytes);
  assert.equal(doc.lines, [
    { text: '号码', align: 'right', bold: true, width: 3, height: 2 },
    { text: 'plain', align: 'left', bold: false, width: 1, height: 1 },
    { text: '', align: 'left', bold: false, width: 1, height: 1 },
  ]);
  assert.equal(doc.text, ['号码', 'plain']);
  assert.equal(doc.qr, [{ data: 'https://example.org/t/1', model: 2, moduleSize: 6, errorCorrection: 'Q' }]);
  assert.is(doc.cuts, 1);
  assert.is(doc.printouts[0].bytes, bytes.length);
});

test('outside Chinese mode bytes are Latin-1; ESC @ leaves Chinese mode', () => {
  const bytes = Buffer.concat([new EscPosEncoder().chineseMode().line('中').init().encode(), Buffer.from([0xe9, 0x0a])]);
  assert.equal(parseEscPos(bytes).text, ['中', 'é']);
});

test('status queries are reported, and not counted as printout bytes', () => {
  const body = layoutTicket(ticket);
  const stream = Buffer.concat([Buffer.from([0x10, 0x04, 0x01]), body.subarray(0, 40), Buffer.from([0x10, 0x04, 0x04]), body.subarray(40)]);
  const doc = parseEscPos(stream);
  assert.equal(doc.statusQueries, [1, 4]);
  assert.is(doc.printouts.length, 1);
  assert.is(doc.printouts[0].bytes, body.length);
  assert.equal(doc.text, parseEscPos(body).text);
});

test('a stream cut at every possible place gives the same printout', () => {
  const bytes = Buffer.concat([layoutTicket(ticket), layoutTicket({ ...ticket, number: 'A013' })]);
  const whole = parseEscPos(bytes);
  assert.is(whole.printouts.length, 2);
  for (let split = 1; split < bytes.length; split += 7) {
    const parser = new EscPosStreamParser();
    const events: EscPosEvent[] = [...parser.push(bytes.subarray(0, split)), ...parser.push(bytes.subarray(split))];
    const cuts = events.flatMap((e) => (e.type === 'cut' ? [e.printout] : []));
    assert.equal(cuts, whole.printouts, `split at ${split}`);
  }
  // and byte by byte
  const parser = new EscPosStreamParser();
  const cuts = [...bytes].flatMap((b) => parser.push(Buffer.from([b]))).flatMap((e) => (e.type === 'cut' ? [e.printout] : []));
  assert.equal(cuts, whole.printouts);
});

test('unknown commands and images are skipped without losing the text around them', () => {
  const raster = Buffer.concat([Buffer.from([0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x03, 0x00]), Buffer.alloc(6, 0x0a)]);
  const bytes = Buffer.concat([
    Buffer.from('before\n'),
    raster,
    Buffer.from([0x1b, 0x7e, 0x1d, 0x99]), // unknown ESC ~, GS 0x99
    Buffer.from([0x1d, 0x6b, 0x04, 0x31, 0x32, 0x00]), // barcode CODE39 "12"
    Buffer.from('after\n'),
  ]);
  const doc = parseEscPos(bytes);
  assert.equal(doc.text, ['before', 'after']);
  assert.is(doc.unknownCommands, 2);
  // A huge raster declared in one chunk is skipped by counting, not buffered
  const parser = new EscPosStreamParser();
  parser.push(Buffer.from([0x1d, 0x76, 0x30, 0x00, 0xff, 0xff, 0xff, 0xff]));
  const events = parser.push(Buffer.alloc(100000, 0x0a));
  assert.equal(events, []);
});

test('never throws on 2,000 random buffers, and never returns nonsense', () => {
  const next = random(20261124);
  for (let i = 0; i < 2000; i++) {
    const length = Math.floor(next() * 600);
    const bytes = Buffer.alloc(length);
    // Bias towards command bytes so command parsing is really exercised
    for (let j = 0; j < length; j++) {
      const r = next();
      bytes[j] = r < 0.15 ? [0x10, 0x1b, 0x1c, 0x1d, 0x0a][Math.floor(next() * 5)] : Math.floor(next() * 256);
    }
    const doc = parseEscPos(bytes);
    assert.ok(Array.isArray(doc.lines) && doc.cuts >= 0 && doc.cuts === doc.printouts.length, `buffer ${i}`);
    for (const p of doc.printouts) assert.ok(p.bytes <= length, `buffer ${i}: printout bytes ${p.bytes} > ${length}`);
    // the same bytes in chunks never throw either
    const parser = new EscPosStreamParser();
    for (let at = 0; at < length; at += 1 + Math.floor(next() * 50)) parser.push(bytes.subarray(at, at + 1 + Math.floor(next() * 50)));
    parser.finish();
  }
});

test.run();
