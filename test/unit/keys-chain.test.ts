import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalJson } from '../../firmware-bridge/keys/rules/canonical-json.js';
import { keyLogChain } from '../../firmware-bridge/keys/key-log-chain.js';
import { GENESIS_HASH, type KeyLogEntry } from '../../firmware-bridge/keys/rules/key-chain.js';

const { entryHash, verifyChain } = keyLogChain;

function chain(n: number): KeyLogEntry[] {
  const out: KeyLogEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const header = { seq, at: `2026-11-24T0${seq}:00:00.000Z`, kind: 'key.handed_out', keyId: `L00${seq}`, eventId: `e${seq}` };
    const content = canonicalJson({ keyId: `L00${seq}`, holder: { name: '陈会员', card: 'M0001' } });
    const hash = entryHash(prev, header, content);
    out.push({ ...header, content, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

test('canonical JSON sorts keys at every level and drops undefined', () => {
  assert.is(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: null }], c: undefined } }), '{"a":{"d":[1,{"y":null,"z":0}]},"b":1}');
});

test('an untouched chain proves out, with or without the recorded head', () => {
  const entries = chain(5);
  assert.equal(verifyChain(entries), { ok: true, entries: 5, headHash: entries[4].hash });
  assert.ok(verifyChain(entries, { seq: 5, hash: entries[4].hash }).ok);
  assert.ok(verifyChain([]).ok);
});

test('a changed content, time or key id is caught at that entry', () => {
  for (const edit of [
    (e: KeyLogEntry) => ({ ...e, content: e.content.replace('M0001', 'M0002') }),
    (e: KeyLogEntry) => ({ ...e, at: '2026-11-24T03:00:01.000Z' }),
    (e: KeyLogEntry) => ({ ...e, keyId: 'L009' }),
  ]) {
    const entries = chain(5);
    entries[2] = edit(entries[2]);
    const verdict = verifyChain(entries);
    assert.is(verdict.ok, false);
    assert.equal([verdict.firstBad?.seq, verdict.firstBad?.problem, verdict.entries], [3, 'hash_mismatch', 2]);
  }
});

test('an entry rewritten with a fresh hash breaks the next link; deletions show as gaps or a short head', () => {
  const entries = chain(5);
  const forged = { ...entries[1], content: '{"forged":true}' };
  forged.hash = entryHash(forged.prevHash, forged, forged.content);
  entries[1] = forged;
  assert.equal(verifyChain(entries).firstBad?.seq, 3);
  assert.is(verifyChain(entries).firstBad?.problem, 'prev_hash_mismatch');

  const gap = chain(5).filter((e) => e.seq !== 3);
  assert.equal([verifyChain(gap).firstBad?.seq, verifyChain(gap).firstBad?.problem], [4, 'sequence_gap']);

  const full = chain(5);
  const truncated = verifyChain(full.slice(0, 4), { seq: 5, hash: full[4].hash });
  assert.equal([truncated.ok, truncated.firstBad?.seq, truncated.firstBad?.problem], [false, 5, 'head_mismatch']);
});

test.run();
