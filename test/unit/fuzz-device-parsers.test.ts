import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { decodeCardReport, initialDecoderState, type CardReportFormat } from '../../devices/card-reader/hid-card-report-decoder.js';
import { decodePresses, type HidButtonMap } from '../../devices/panel/hid-report-decoder.js';
import { EscPosStreamParser, parseEscPos } from '../../devices/printer/escpos-parser.js';
import { decodeStatus, healthOf, isStatusByte } from '../../devices/printer/status-decoder.js';
import { layoutTicket } from '../../devices/printer/ticket-layout.js';
import { sampleTicket } from '../fixtures/sample-ticket.js';

/**
 * Bytes that come from devices are untrusted: a printer with line noise, a HID panel with an odd
 * report descriptor, a card reader in the wrong mode. Their decoders must never throw, and must
 * only ever answer with values of their declared shape.
 */
const states = new Set(['ok', 'degraded', 'fault', 'offline']);
const scores = new Set(['satisfied', 'average', 'unsatisfied']);
const byte = fc.integer({ min: 0, max: 255 });
const bytes = (max: number) => fc.uint8Array({ maxLength: max });

test('printer status: any three answer bytes decode or are refused with a reason; health is a known state', () => {
  fc.assert(
    fc.property(fc.oneof(byte, fc.integer(), fc.double()), byte, byte, (printer, offlineCause, paperSensor) => {
      assert.type(isStatusByte(printer), 'boolean');
      const decoded = decodeStatus({ printer, offlineCause, paperSensor });
      if (decoded.ok) {
        assert.ok(isStatusByte(printer) && isStatusByte(offlineCause) && isStatusByte(paperSensor), 'only valid bytes decode');
        const health = healthOf(decoded.status);
        assert.ok(states.has(health.state) && health.detail.length > 0);
      } else assert.match(decoded.reason, /invalid .* status byte/);
    }),
    { numRuns: 5000, seed: 1 },
  );
  assert.ok(states.has(healthOf(null).state));
});

test('ESC/POS parser: 2,000 random streams, in random chunks, never throw', () => {
  fc.assert(
    fc.property(fc.array(bytes(300), { maxLength: 12 }), (chunks) => {
      const parser = new EscPosStreamParser();
      for (const chunk of chunks) assert.ok(Array.isArray(parser.push(chunk)));
      assert.ok(Array.isArray(parser.finish()));
      parseEscPos(Buffer.concat(chunks), { chineseByDefault: true });
    }),
    { numRuns: 2000, seed: 2 },
  );
});

test('ESC/POS parser: a real ticket reads the same whatever the chunking, and after line noise', () => {
  const ticket = layoutTicket(sampleTicket);
  const whole = parseEscPos(ticket).printouts;
  assert.is(whole.length, 1);
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 1, max: ticket.length - 1 }), { maxLength: 20 }), (cuts) => {
      const parser = new EscPosStreamParser();
      const events = [];
      let from = 0;
      for (const at of [...cuts].sort((a, b) => a - b)) {
        events.push(...parser.push(ticket.subarray(from, at)));
        from = at;
      }
      events.push(...parser.push(ticket.subarray(from)));
      const cut = events.filter((e) => e.type === 'cut');
      assert.is(cut.length, 1);
      assert.equal((cut[0] as { printout: unknown }).printout, whole[0]);
    }),
    { numRuns: 500, seed: 3 },
  );
  // Noise before the ticket (a printer powered on mid-stream) must not stop the parser reading on.
  fc.assert(
    fc.property(bytes(64), (noise) => {
      const doc = parseEscPos(Buffer.concat([noise, Buffer.from([0x1b, 0x40]), ticket]));
      assert.ok(doc.printouts.length >= 1);
    }),
    { numRuns: 500, seed: 4 },
  );
});

const hidMap: fc.Arbitrary<HidButtonMap> = fc.record({
  satisfied: fc.record({ byte: fc.integer({ min: 0, max: 70 }), mask: fc.integer({ min: 1, max: 255 }) }),
  average: fc.record({ byte: fc.integer({ min: 0, max: 70 }), mask: fc.integer({ min: 1, max: 255 }) }),
  unsatisfied: fc.record({ byte: fc.integer({ min: 0, max: 70 }), mask: fc.integer({ min: 1, max: 255 }) }),
});

test('HID panel reports: any map, any report length (even empty), only known scores, each at most once', () => {
  fc.assert(
    fc.property(hidMap, fc.option(bytes(64), { nil: null }), bytes(64), (map, previous, report) => {
      const pressed = decodePresses(map, previous, report);
      assert.ok(pressed.every((s) => scores.has(s)));
      assert.is(new Set(pressed).size, pressed.length);
      assert.equal(decodePresses(map, report, report), [], 'a repeated report is no new press');
    }),
    { numRuns: 5000, seed: 6 },
  );
});

const cardFormat: fc.Arbitrary<CardReportFormat> = fc.record({
  format: fc.constantFrom('scancodes' as const, 'uid' as const),
  reportIdByte: fc.boolean(),
  uidOffset: fc.integer({ min: 0, max: 70 }),
  uidLength: fc.integer({ min: 1, max: 16 }),
  uidEncoding: fc.constantFrom('hex' as const, 'decimal' as const),
  uidByteOrder: fc.constantFrom('big' as const, 'little' as const),
});

test('HID card reader: any format, 50 random reports in a row: card numbers are short plain text, state stays bounded', () => {
  fc.assert(
    fc.property(cardFormat, fc.array(bytes(64), { maxLength: 50 }), (format, reports) => {
      let state = initialDecoderState;
      for (const report of reports) {
        const out = decodeCardReport(format, state, report);
        state = out.state;
        for (const card of out.cards) assert.match(card, /^[A-Za-z0-9-]{1,64}$/, `card ${JSON.stringify(card)}`);
        assert.ok(state.buffer.length <= 64, 'the typed-so-far buffer stays bounded');
      }
    }),
    { numRuns: 3000, seed: 8 },
  );
});

test.run();
