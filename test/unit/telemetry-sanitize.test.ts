import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventTypes, type StoredEvent } from '../../firmware-bridge/kernel/events.js';
import { createCardHasher } from '../../firmware-bridge/telemetry/card-hash.js';
import { sanitizeEvent, sanitizeValue, type LoggedEvent } from '../../firmware-bridge/telemetry/sanitize.js';

const hashCard = createCardHasher('a-test-key-of-at-least-16-chars');

// Personal data a careless payload could carry, in every place it could hide.
const secrets = ['王小明', 'Li Lei', '13812345678', '138 1234 5678', '+86 139-0000-1111', '010-87654321', 'M0001', '6222021234567890123', 'data:image/png;base64,SIGNATURE', 'li.lei@example.com', '上海市徐汇区'];

function personalPayload(): Record<string, unknown> {
  return {
    ticketId: 't-1',
    number: 'A012',
    service: 'consult',
    counter: '3',
    staff: '007',
    score: 'unsatisfied',
    hasContact: true,
    name: '王小明',
    holderName: 'Li Lei',
    customer_name: '王小明',
    phone: '13812345678',
    contactPhone: '138 1234 5678',
    mobile: '+86 139-0000-1111',
    tel: '010-87654321',
    email: 'li.lei@example.com',
    address: '上海市徐汇区',
    card: 'M0001',
    holderCard: '6222021234567890123',
    memberCard: 'M0001',
    signature: 'data:image/png;base64,SIGNATURE',
    member: { name: '王小明', phone: '13812345678', card: 'M0001' },
    holder: { kind: 'member', name: 'Li Lei', card: 'M0001' },
    note: '客户王小明 13812345678 要求回电',
    text: '请王小明到 3 号窗口，电话 13812345678',
    history: [{ name: 'Li Lei', phone: '13812345678', card: '6222021234567890123' }],
  };
}

test('every event type: no name, phone, card number or signature survives sanitize', () => {
  for (const type of eventTypes) {
    const event: LoggedEvent = { id: 'e-1', seq: 7, type, at: '2026-11-24T18:50:00.000Z', payload: personalPayload() };
    const out = sanitizeEvent(event, hashCard);
    const text = JSON.stringify(out);
    for (const secret of secrets) assert.not.ok(text.includes(secret), `${type}: "${secret}" survived in ${text}`);
    // 13812345678 also must not survive with its spaces removed
    assert.not.ok(/1[3-9]\d{9}/.test(text.replace(/[\s-]/g, '')), `${type}: a phone number survived`);
    // The envelope and the operational fields stay, cards become the keyed hash.
    assert.equal({ id: out.id, seq: out.seq, type: out.type, at: out.at }, { id: 'e-1', seq: 7, type, at: '2026-11-24T18:50:00.000Z' });
    assert.is(out.number, 'A012');
    assert.is(out.counter, '3');
    assert.is(out.staff, '007');
    assert.is(out.hasContact, true);
    assert.is(out.card, hashCard('M0001'));
    assert.is(out.holderCard, hashCard('6222021234567890123'));
  }
});

test('the card hash is keyed and stable: same card same hash, another key another hash', () => {
  assert.is(hashCard('M0001'), hashCard(' m0001 '));
  assert.is.not(hashCard('M0001'), hashCard('M0002'));
  assert.is.not(createCardHasher('another-key-of-16-chars!')('M0001'), hashCard('M0001'));
  assert.match(hashCard('M0001'), /^[0-9a-f]{32}$/);
});

test('the payload envelope wins over payload fields named id/seq/type/at', () => {
  const out = sanitizeEvent({ id: 'real', seq: 3, type: 'ticket.issued', at: '2026-01-01T00:00:00.000Z', payload: { id: 'fake', seq: 99 } }, hashCard);
  assert.is(out.id, 'real');
  assert.is(out.seq, 3);
});

test('already-hashed card fields, times and ticket numbers pass unchanged', () => {
  const hashed = 'ab'.repeat(16);
  const out = sanitizeValue({ cardHash: hashed, for: '2026-11-24T18:50:00+08:00', handedOutAt: '2026-11-24T18:50:00+08:00', number: 'B007', waitSec: 1234567 }, hashCard);
  assert.equal(out, { cardHash: hashed, for: '2026-11-24T18:50:00+08:00', handedOutAt: '2026-11-24T18:50:00+08:00', number: 'B007', waitSec: 1234567 });
  // but a raw card under a "hash" name is still hashed
  assert.is((sanitizeValue({ cardHash: 'M0001' }, hashCard) as { cardHash: string }).cardHash, hashCard('M0001'));
});

test('settings.changed goes out whole: who, which paths and the version, never a value', () => {
  const payload = { by: '900', kind: 'save' as const, version: 'v1234567890123456', paths: ['staff.0.pinHash', 'services.4', 'hours.weekly.tue.close'] };
  const event: StoredEvent<'settings.changed'> = { id: 'e-1', seq: 7, type: 'settings.changed', at: '2026-11-24T02:00:00.000Z', payload };
  assert.equal(sanitizeEvent(event, hashCard), { ...payload, id: 'e-1', seq: 7, type: 'settings.changed', at: '2026-11-24T02:00:00.000Z' });
});

test.run();
