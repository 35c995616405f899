import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeStatus, encodeStatus, healthOf, isStatusByte, type PrinterStatus } from '../../devices/printer/status-decoder.js';

const fine = { printer: 0x12, offlineCause: 0x12, paperSensor: 0x12 };

function decoded(answers: { printer: number; offlineCause: number; paperSensor: number }): PrinterStatus {
  const result = decodeStatus(answers);
  if (!result.ok) throw new Error(result.reason);
  return result.status;
}

test('0x12 everywhere is a ready printer', () => {
  assert.equal(decoded(fine), { online: true, coverOpen: false, paperNearEnd: false, paperOut: false, error: false, feedButton: false });
  assert.equal(healthOf(decoded(fine)), { state: 'ok', detail: 'ready' });
});

test('paper near end (bits 2–3 of n=4) is degraded', () => {
  for (const paperSensor of [0x1e, 0x16, 0x1a]) {
    const s = decoded({ ...fine, paperSensor });
    assert.ok(s.paperNearEnd && !s.paperOut);
    assert.equal(healthOf(s), { state: 'degraded', detail: 'paper near end' });
  }
});

test('paper end (bits 5–6 of n=4) is a fault', () => {
  const s = decoded({ printer: 0x1a, offlineCause: 0x32, paperSensor: 0x7e });
  assert.ok(s.paperOut && !s.online);
  assert.equal(healthOf(s), { state: 'fault', detail: 'paper out' });
  assert.ok(decoded({ ...fine, paperSensor: 0x72 }).paperOut);
});

test('cover open (bit 2 of n=2) and error (bit 6) are faults; offline (bit 3 of n=1) alone too', () => {
  assert.equal(healthOf(decoded({ printer: 0x1a, offlineCause: 0x16, paperSensor: 0x12 })), { state: 'fault', detail: 'cover open' });
  assert.equal(healthOf(decoded({ printer: 0x1a, offlineCause: 0x52, paperSensor: 0x12 })), { state: 'fault', detail: 'printer error' });
  assert.equal(healthOf(decoded({ printer: 0x1a, offlineCause: 0x56, paperSensor: 0x7e })), {
    state: 'fault',
    detail: 'paper out, cover open, printer error',
  });
  assert.equal(healthOf(decoded({ printer: 0x1a, offlineCause: 0x12, paperSensor: 0x12 })), { state: 'fault', detail: 'printer reports offline' });
});

test('feeding with the button (bit 3 of n=2) is only degraded', () => {
  assert.equal(healthOf(decoded({ printer: 0x1a, offlineCause: 0x1a, paperSensor: 0x12 })), { state: 'degraded', detail: 'paper being fed' });
});

test('no answer is offline', () => {
  assert.equal(healthOf(null), { state: 'offline', detail: 'no answer to status query' });
});

test('garbage bytes are rejected, not misread', () => {
  // bit 0 set, bit 7 set, bit 1 clear, bit 4 clear: each breaks the fixed pattern
  for (const bad of [0x13, 0x92, 0x10, 0x02, 0x00, 0xff, 0x7f, 0x41, 256, -1, 1.5]) {
    assert.not.ok(isStatusByte(bad), `0x${bad.toString(16)}`);
  }
  const r = decodeStatus({ ...fine, paperSensor: 0xff });
  assert.equal(r, { ok: false, reason: 'invalid paperSensor status byte 0xff' });
  assert.is(decodeStatus({ ...fine, printer: 0x00 }).ok, false);
  // Every byte that passes has the fixed bits; exactly 16 of 256 do
  const valid = Array.from({ length: 256 }, (_, b) => b).filter(isStatusByte);
  assert.is(valid.length, 16);
  for (const b of valid) assert.is(b & 0x93, 0x12);
});

test('encodeStatus (the fake printer) round-trips through decodeStatus', () => {
  const cases: Partial<PrinterStatus>[] = [{}, { paperNearEnd: true }, { paperOut: true }, { coverOpen: true }, { error: true }, { feedButton: true }];
  for (const c of cases) {
    const s = decoded(encodeStatus(c));
    for (const [k, v] of Object.entries(c)) assert.is(s[k as keyof PrinterStatus], v, k);
  }
  assert.equal(encodeStatus({}), fine);
  assert.equal(encodeStatus({ paperOut: true }), { printer: 0x1a, offlineCause: 0x32, paperSensor: 0x7e });
});

test.run();
