import { test } from 'uvu';
import * as assert from 'uvu/assert';
import iconv from 'iconv-lite';
import { EscPosEncoder, statusQuery } from '../../devices/printer/escpos-encoder.js';

const hex = (b: Buffer) => b.toString('hex');

test('init, Chinese mode, alignment, bold, size, line feed', () => {
  const bytes = new EscPosEncoder().init().chineseMode().align('center').bold().size(2, 2).line('A012').size(1).bold(false).encode();
  assert.is(hex(bytes), '1b40' + '1c26' + '1b6101' + '1b4501' + '1d2111' + '41303132' + '0a' + '1d2100' + '1b4500');
});

test('Chinese text is GB18030 in Chinese mode', () => {
  const bytes = new EscPosEncoder().chineseMode().line('前面还有 3 人').encode();
  assert.is(hex(bytes), '1c26' + hex(iconv.encode('前面还有 3 人', 'gb18030')) + '0a');
  assert.is(hex(iconv.encode('前', 'gb18030')), 'c7b0');
  // Characters beyond GBK (four-byte GB18030) survive too
  assert.is(iconv.decode(new EscPosEncoder().chineseMode().text('€𠀀').encode().subarray(2), 'gb18030'), '€𠀀');
});

test('outside Chinese mode non-ASCII prints as "?"; control characters are dropped', () => {
  assert.is(new EscPosEncoder().text('a\u001b@é').encode().toString('latin1'), 'a@?');
  assert.is(hex(new EscPosEncoder().chineseMode().text('号\n\u001dV').encode()), '1c26' + 'bac5' + '56');
});

test('size multipliers are clamped to 1–8 and packed width<<4 | height', () => {
  assert.is(hex(new EscPosEncoder().size(3, 2).encode()), '1d2121');
  assert.is(hex(new EscPosEncoder().size(9, 0).encode()), '1d2170');
});

test('native QR: model 2, module size, error correction M, store, print', () => {
  const url = 'http://127.0.0.1:8080/t/K7QX2MZ9RB';
  const bytes = new EscPosEncoder().qr(url, { moduleSize: 4 }).encode();
  const len = url.length + 3;
  const expected =
    '1d286b0400314132' + '00' +
    '1d286b03003143' + '04' +
    '1d286b03003145' + '31' +
    '1d286b' + len.toString(16).padStart(2, '0') + '00' + '315030' + Buffer.from(url).toString('hex') +
    '1d286b0300315130';
  assert.is(hex(bytes), expected);
});

test('QR store length is little-endian over 255 bytes; empty or oversized data is refused', () => {
  const data = 'x'.repeat(300);
  const bytes = new EscPosEncoder().qr(data).encode();
  const store = bytes.indexOf(Buffer.from([0x1d, 0x28, 0x6b, (303 & 0xff), 303 >> 8, 0x31, 0x50, 0x30]));
  assert.ok(store > 0);
  assert.throws(() => new EscPosEncoder().qr(''), /empty/);
  assert.throws(() => new EscPosEncoder().qr('x'.repeat(3000)), /at most/);
});

test('feed, partial cut and status queries', () => {
  assert.is(hex(new EscPosEncoder().feed(3).cut().encode()), '1b6403' + '1d564200');
  assert.is(hex(new EscPosEncoder().cut(16).encode()), '1d564210');
  assert.is(hex(statusQuery(1)), '100401');
  assert.is(hex(statusQuery(4)), '100404');
});

test.run();
