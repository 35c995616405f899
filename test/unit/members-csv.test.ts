import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffMembers } from '../../firmware-bridge/members/rules/member-diff.js';
import { parseMembersCsv } from '../../firmware-bridge/members/members-csv.js';

test('a clean CSV imports every row, Chinese statuses included', () => {
  const parsed = parseMembersCsv(readFileSync('test/fixtures/members.csv', 'utf8'));
  assert.equal(parsed.errors, []);
  assert.is(parsed.fatal, false);
  assert.equal(parsed.members.map((m) => `${m.card}:${m.status}`), ['M0001:normal', 'M0002:suspended', 'M1001:normal', 'M1002:normal', 'M1003:lost']);
  assert.equal(parsed.members[1], { card: 'M0002', name: '刘会员', status: 'suspended', validUntil: '2027-12-31', suspendedFrom: '2026-11-01', suspendedTo: '2027-01-31' });
});

test('bad rows get an error naming their line; good rows are kept', () => {
  const parsed = parseMembersCsv(readFileSync('test/fixtures/members-bad-rows.csv', 'utf8'));
  assert.equal(parsed.members.map((m) => m.card), ['M1001', 'M1008', 'M1009']);
  const byLine = Object.fromEntries(parsed.errors.map((e) => [e.line, e.message]));
  assert.equal(Object.keys(byLine).map(Number), [3, 4, 5, 6, 7, 8]);
  assert.match(byLine[3], /card is empty/);
  assert.match(byLine[4], /name is empty/);
  assert.match(byLine[5], /unknown status/);
  assert.match(byLine[6], /valid_until "2026-02-30"/);
  assert.match(byLine[7], /suspended_to is before suspended_from/);
  assert.match(byLine[8], /duplicate card \(already on line 2\)/);
  assert.is(parsed.errors.find((e) => e.line === 5)?.card, 'M1005');
});

test('a file without the card or name column, or not CSV at all, is fatal', () => {
  assert.is(parseMembersCsv('number,name\n1,x\n').fatal, true);
  assert.match(parseMembersCsv('number,name\n1,x\n').errors[0].message, /missing column\(s\): card/);
  assert.is(parseMembersCsv('').fatal, true);
  assert.is(parseMembersCsv('card,name\n"M1,x\n').fatal, true);
  // BOM and column order do not matter
  assert.equal(parseMembersCsv('\uFEFFname,card\n甲,a1\n').members.map((m) => m.card), ['A1']);
});

test('re-import reports added, updated and removed', () => {
  const before = parseMembersCsv(readFileSync('test/fixtures/members.csv', 'utf8')).members;
  const after = [...before.filter((m) => m.card !== 'M1003').map((m) => (m.card === 'M1001' ? { ...m, status: 'suspended' as const } : m)), { ...before[0], card: 'M2000', name: '新会员' }];
  const diff = diffMembers(before, after);
  assert.equal(diff.added.map((m) => m.card), ['M2000']);
  assert.equal(diff.updated.map((u) => [u.after.card, u.before.status, u.after.status]), [['M1001', 'normal', 'suspended']]);
  assert.equal(diff.removed.map((m) => m.card), ['M1003']);
  assert.is(diff.unchanged, 3);
});

test.run();
