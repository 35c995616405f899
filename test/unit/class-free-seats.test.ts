import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withFreeSeats } from '../../firmware-bridge/audio/rules/spoken-text.js';

// The class announcement names the free seats of a bookable class (counted when it is said).
const templates = { seatsText: { zh: '还有{free}个空位。', en: '{free} seats are free.' }, fullText: { zh: '名额已满。', en: 'The class is full.' } };
const spinning = { name: { zh: '动感单车', en: 'Spinning' }, at: '19:00', free: 3 };
const text = { zh: '各位会员，动感单车课程将于19点在单车房开始。', en: 'Spinning starts at 19:00.' };

test('a class with seats: the free seats are added in both languages', () => {
  assert.equal(withFreeSeats(text, '19:00', [spinning], templates), { zh: `${text.zh}还有3个空位。`, en: `${text.en} 3 seats are free.` });
});

test('a full class says so instead of "0 seats"', () => {
  assert.equal(withFreeSeats(text, '19:00', [{ ...spinning, free: 0 }], templates), { zh: `${text.zh}名额已满。`, en: `${text.en} The class is full.` });
});

test('a class without seats (not in the bookings list) is said as planned', () => {
  assert.equal(withFreeSeats(text, '20:00', [spinning], templates), text);
});

test('two bookable classes at the same time: the one named in the text', () => {
  const yoga = { name: { zh: '瑜伽', en: 'Yoga' }, at: '19:00', free: 8 };
  assert.equal(withFreeSeats(text, '19:00', [yoga, spinning], templates).zh, `${text.zh}还有3个空位。`);
  assert.equal(withFreeSeats({ zh: '瑜伽课程19点开始。', en: 'Yoga at 19:00.' }, '19:00', [yoga, spinning], templates).en, 'Yoga at 19:00. 8 seats are free.');
});

test.run();
