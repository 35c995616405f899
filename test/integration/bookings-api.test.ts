import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { startDesk } from '../../firmware-bridge/desk.js';
import type { RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { jsonApi, type JsonApi } from '../fixtures/http.js';
import { signaturePng } from '../fixtures/signature-png.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * Same-day bookings on the whole desk over HTTP, with a fake clock: the opening hour, the card read
 * and signature, the members' card check (a card suspended at the desk is refused), capacity with a
 * waiting list promoted on cancel, and the no-shows counted when the class starts.
 */
const bookings = suite('same-day bookings');
const clock = new FakeClock('2026-11-24T15:59:00+08:00'); // a Tuesday, one minute before booking opens
const member = (card: string, extra: object = {}) => ({ card, name: `会员${card.slice(-1)}`, status: 'normal', validUntil: '2027-06-30', ...extra });
const signature = signaturePng();
let app: RunningApp;
let loaded: ReturnType<typeof testLoadedConfig>;
let api: JsonApi;
let token = '';

const call = (method: string, path: string, body?: unknown) => api(method, path, body, token);
const book = (card: string | undefined, extra: object = {}) => call('POST', '/api/bookings', { class: 'spinning', ...(card ? { card, via: 'swipe' } : {}), signature, ...extra });
const eventCount = () => app.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
const events = (type: string) => (app.db.prepare('SELECT payload FROM events WHERE type = ? ORDER BY seq').pluck().all(type) as string[]).map((p) => JSON.parse(p) as Record<string, unknown>);

async function refused(res: Promise<{ status: number; body: unknown }>, status: number, code: string) {
  const before = eventCount();
  const r = await res;
  const error = (r.body as { error?: { code: string; message: string } }).error;
  assert.is(r.status, status, JSON.stringify(r.body));
  assert.is(error?.code, code);
  assert.match(error!.message, /[\u4e00-\u9fff].* · .*[A-Za-z]/);
  assert.is(eventCount(), before, 'a refusal commits nothing');
}

bookings.before(async () => {
  loaded = testLoadedConfig({
    classes: [
      { name: { zh: '动感单车', en: 'Spinning' }, days: ['tue'], at: '19:00', seats: 2 },
      { name: { zh: '瑜伽', en: 'Yoga' }, days: ['mon'], at: '10:30', seats: 10 },
      { name: { zh: '普拉提', en: 'Pilates' }, days: ['tue'], at: '18:00', seats: 10, cancelled: ['2026-11-24'] },
      { name: { zh: '搏击操', en: 'Body Combat' }, days: ['tue'], at: '20:00' },
    ],
    bookings: { opensAt: '16:00' },
    members: { cards: [member('M0001'), member('M0003'), member('M0004'), member('M0005'), member('M0007'), member('M0002', { status: 'suspended', suspendedFrom: '2026-11-01', suspendedTo: '2027-01-31' })] },
  });
  app = await startDesk(loaded, { log: silentLogger, clock });
  api = jsonApi(app.url);
  const login = await api('POST', '/api/session', { staff: '001', pin: '1234' });
  assert.is(login.status, 200);
  token = (login.body as { token: string }).token;
});

bookings.after(async () => {
  await app?.close();
  loaded?.cleanup();
});

bookings('staff only', async () => {
  assert.is((await api('POST', '/api/bookings', { class: 'spinning', card: 'M0001', via: 'swipe', signature })).status, 401);
  assert.is((await api('GET', '/api/bookings')).status, 401);
});

bookings('at 15:59 booking is not open yet; at 16:00 it is', async () => {
  await refused(book('M0001'), 409, 'booking_not_open');
  const before = (await call('GET', '/api/bookings')).body as { open: boolean; classes: { class: string; cancelled: boolean }[] };
  assert.is(before.open, false, 'the list says booking is not open yet');
  assert.equal(before.classes.map((c) => [c.class, c.cancelled]), [['spinning', false], ['pilates', true]]);
  clock.set('2026-11-24T16:00:00+08:00');
  assert.is(((await call('GET', '/api/bookings')).body as { open: boolean }).open, true);
  const r = await book('M0001');
  assert.is(r.status, 201, JSON.stringify(r.body));
  const { booking, seats } = r.body as { booking: { status: string; card: string; via: string }; seats: { free: number } };
  assert.is(booking.status, 'booked');
  assert.is(booking.card, 'M0001');
  assert.is(seats.free, 1);
});

bookings('a phone booking (no card read at the desk) is refused, so is one without a signature', async () => {
  await refused(book(undefined), 409, 'card_read_required');
  await refused(book('M0003', { via: 'phone' }), 409, 'card_read_required');
  await refused(call('POST', '/api/bookings', { class: 'spinning', card: 'M0003', signature }), 409, 'card_read_required');
  await refused(book('M0003', { signature: undefined }), 409, 'signature_required');
  await refused(book('M0003', { signature: signaturePng({ blank: true }) }), 409, 'signature_required');
  await refused(book('M0003', { signature: 'data:image/png;base64,AAAA' }), 400, 'invalid_field');
});

bookings('only classes with seats, on today\'s plan, can be booked; one booking per card', async () => {
  await refused(book('M0003', { class: 'yoga' }), 409, 'class_not_today');
  await refused(book('M0003', { class: 'pilates' }), 409, 'class_cancelled');
  await refused(book('M0003', { class: 'body-combat' }), 404, 'unknown_class');
  await refused(book('M0001'), 409, 'already_booked');
});

bookings('a suspended card is refused: imported as suspended, or suspended at the desk today', async () => {
  await refused(book('M0002'), 409, 'card_not_valid');
  await refused(book('M9999'), 409, 'card_not_valid');
  const suspended = await call('POST', '/api/members/M0007/suspend', { from: '2026-11-24', months: 1, signature });
  assert.is(suspended.status, 201, JSON.stringify(suspended.body));
  await refused(book('M0007'), 409, 'card_not_valid');
});

bookings('a full class puts the next on the waiting list, and a cancel gives them the seat', async () => {
  const second = await book('M0003', { via: 'reader' });
  assert.is(second.status, 201);
  const third = await book('M0004');
  assert.is(third.status, 201);
  const waiting = (third.body as { booking: { id: string; status: string }; seats: { free: number; waiting: number } });
  assert.is(waiting.booking.status, 'waiting');
  assert.equal([waiting.seats.free, waiting.seats.waiting], [0, 1]);
  const fourth = await book('M0005');
  assert.is((fourth.body as { booking: { status: string } }).booking.status, 'waiting');

  const first = (await call('GET', '/api/bookings')).body as { classes: { class: string; bookings: { id: string; card: string; status: string }[] }[] };
  const spinning = first.classes.find((c) => c.class === 'spinning')!;
  assert.equal(spinning.bookings.map((b) => [b.card, b.status]), [['M0001', 'booked'], ['M0003', 'booked'], ['M0004', 'waiting'], ['M0005', 'waiting']]);

  const cancelled = await call('DELETE', `/api/bookings/${spinning.bookings[0].id}`);
  assert.is(cancelled.status, 200, JSON.stringify(cancelled.body));
  const promoted = (cancelled.body as { promoted: { id: string; card: string; status: string } }).promoted;
  assert.equal([promoted.card, promoted.status], ['M0004', 'booked'], 'the first on the waiting list gets the seat');
  await refused(call('DELETE', `/api/bookings/${spinning.bookings[0].id}`), 409, 'already_cancelled');

  // A waiting booking cancelled gives no seat away.
  const quiet = await call('DELETE', `/api/bookings/${spinning.bookings[3].id}`);
  assert.is((quiet.body as { promoted: unknown }).promoted, null);

  const [cancelEvent] = events('booking.cancelled');
  assert.is(cancelEvent.promotedBookingId, promoted.id);
  for (const e of [...events('booking.made'), ...events('booking.cancelled')]) {
    assert.not.ok(JSON.stringify(e).includes('M000'), 'events carry the card hash, not the card');
    assert.match(String(e.cardHash), /^[0-9a-f]{32,64}$/);
  }
});

bookings('no-shows are counted when the class starts: booked seats not checked in', async () => {
  const list = (await call('GET', '/api/bookings')).body as { classes: { class: string; bookings: { id: string; card: string; status: string }[] }[] };
  const seated = list.classes.find((c) => c.class === 'spinning')!.bookings.filter((b) => b.status === 'booked');
  assert.is(seated.length, 2);
  assert.is((await call('POST', `/api/bookings/${seated[0].id}/check-in`, { card: seated[1].card })).status, 409, 'another card does not check this seat in');
  assert.is((await call('POST', `/api/bookings/${seated[0].id}/check-in`, { card: seated[0].card })).status, 200);
  clock.set('2026-11-24T18:59:59+08:00');
  assert.is(events('booking.no_shows').length, 0);
  clock.set('2026-11-24T19:00:00+08:00');
  assert.equal(events('booking.no_shows'), [{ classId: 'spinning', day: '2026-11-24', booked: 2, noShows: 1 }]);
  const after = (await call('GET', '/api/bookings')).body as { classes: { class: string; noShows: number | null }[] };
  assert.is(after.classes.find((c) => c.class === 'spinning')!.noShows, 1);
  assert.is((after.classes.find((c) => c.class === 'spinning') as unknown as { started: boolean }).started, true);
  await refused(book('M0005'), 409, 'class_started');
});

bookings.run();
