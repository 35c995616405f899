import { canonicalJson } from './canonical-json.js';

/** SHA-256 of UTF-8 text as 64 lower-case hex digits (given by the caller: rules do no I/O or crypto). */
export type Sha256Hex = (text: string) => string;

/** The hash the first entry chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** One row of the key log as stored; `content` is canonical JSON text. */
export interface KeyLogEntry {
  seq: number;
  at: string;
  kind: string;
  keyId: string | null;
  eventId: string | null;
  content: string;
  prevHash: string;
  hash: string;
}

export type KeyLogHeader = Pick<KeyLogEntry, 'seq' | 'at' | 'kind' | 'keyId' | 'eventId'>;

export interface KeyChain {
  /** sha256(previous hash + canonical header + content text): any edit of any column breaks it. */
  entryHash(prevHash: string, header: KeyLogHeader, content: string): string;
  /**
   * Walks the log in seq order. `expectedHead` (the last seq/hash recorded at append time) also
   * catches entries deleted from the end, which a chain alone cannot see.
   */
  verifyChain(entries: Iterable<KeyLogEntry>, expectedHead?: { seq: number; hash: string }, from?: ChainAnchor): ChainVerdict;
}

/** The last entry moved to the archive: the live log chains on from it. */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

/** The key log's hash chain over a SHA-256 implementation. */
export function keyChain(sha256: Sha256Hex): KeyChain {
  const entryHash = (prevHash: string, header: KeyLogHeader, content: string): string => {
    const head = canonicalJson({ seq: header.seq, at: header.at, kind: header.kind, keyId: header.keyId, eventId: header.eventId });
    return sha256(`${prevHash}\n${head}\n${content}`);
  };
  return { entryHash, verifyChain: (entries, expectedHead, from) => verifyChain(entries, entryHash, expectedHead, from) };
}

export type ChainProblem = 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap' | 'head_mismatch';

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  /** The first entry that does not prove out, and why; absent when the chain is whole. */
  firstBad?: { seq: number; problem: ChainProblem; message: string };
  headHash: string;
}

function verifyChain(entries: Iterable<KeyLogEntry>, entryHash: KeyChain['entryHash'], expectedHead?: { seq: number; hash: string }, from?: ChainAnchor): ChainVerdict {
  let prevHash = from?.hash ?? GENESIS_HASH;
  let prevSeq = from?.seq ?? 0;
  let count = 0;
  const bad = (seq: number, problem: ChainProblem, message: string): ChainVerdict => ({ ok: false, entries: count, firstBad: { seq, problem, message }, headHash: prevHash });
  for (const e of entries) {
    if (e.seq !== prevSeq + 1) return bad(e.seq, 'sequence_gap', `entry ${prevSeq + 1}${e.seq > prevSeq + 2 ? `–${e.seq - 1}` : ''} missing before ${e.seq}`);
    if (e.prevHash !== prevHash) return bad(e.seq, 'prev_hash_mismatch', `entry ${e.seq} does not point at the hash of entry ${prevSeq}`);
    if (entryHash(prevHash, e, e.content) !== e.hash) return bad(e.seq, 'hash_mismatch', `entry ${e.seq} was changed after it was written`);
    prevHash = e.hash;
    prevSeq = e.seq;
    count++;
  }
  if (expectedHead && (expectedHead.seq !== prevSeq || expectedHead.hash !== prevHash)) {
    return bad(expectedHead.seq > prevSeq ? prevSeq + 1 : expectedHead.seq, 'head_mismatch', `the log ends at entry ${prevSeq} but entry ${expectedHead.seq} was the last one written`);
  }
  return { ok: true, entries: count, headHash: prevHash };
}
