#!/usr/bin/env bash
# Fails when a test file focuses or skips tests: `.only` / `.skip` on uvu's `test` (or an alias of it),
# on `it`, or on any suite (`const Ratings = suite('…')` → `Ratings.skip(`), with any whitespace,
# line breaks included, around the dot. Other `.skip(` calls (a queue's skip action) are fine.
# First proves on samples that it catches what it must and nothing else, then checks the given files.
#   bash scripts/check-focused-tests.sh FILE...
set -uo pipefail

ident='[A-Za-z_][A-Za-z0-9_]*'

# The names in a file that run tests: test, it, test's import aliases and every suite it creates.
test_names() {
  { printf 'test\nit\n'
    sed -nE "s/.*\b(const|let|var)[[:space:]]+($ident)[[:space:]]*=[[:space:]]*suite[[:space:]]*[(<].*/\2/p" "$1"
    grep -oE "\btest[[:space:]]+as[[:space:]]+$ident" "$1" | sed -E 's/.*[[:space:]]//'
  } | sort -u | paste -sd'|'
}

# Prints each of the given files that focuses or skips a test.
focused_or_skipped() {
  local file
  for file in "$@"; do
    # -z reads the file as one record, so `Ratings\n  .skip(` is caught as well.
    grep -qzE "(^|[^A-Za-z0-9_$])($(test_names "$file"))[[:space:]]*\.[[:space:]]*(only|skip)\b" "$file" && echo "$file"
  done
}

self_check() {
  local dir; dir=$(mktemp -d)
  local must_catch=(
    "import { test } from 'uvu';\ntest.only('x', () => {});"
    "import { test } from 'uvu';\ntest.skip('x', () => {});"
    "test . skip ('x', () => {});"
    "it.skip('x', () => {});"
    "const Ratings = suite('ratings');\nRatings.skip('x', () => {});"
    "const Ratings = suite('ratings');\nRatings.only('x', () => {});"
    "const api = suite<Context>('api', context);\napi .only ('x', () => {});"
    "let keys = suite('keys');\nkeys\n  .skip('x', () => {});"
    "  const it = suite(\`telemetry on \${name}\`);\n  it.only('x', () => {});"
    "import { test as check } from 'uvu';\ncheck.skip('x', () => {});"
  )
  local must_pass=(
    "const api = suite('api');\napi('x', () => { arbiter.skip(); commands.skip(state, model, '1'); });\napi.run();"
    "import { test } from 'uvu';\ntest('skips a ticket', () => { queue.skip('A001'); onlyOnce(); });\ntest.run();"
  )
  local i failed=0
  for i in "${!must_catch[@]}"; do
    printf '%b\n' "${must_catch[$i]}" >"$dir/catch-$i.test.ts"
    [ -n "$(focused_or_skipped "$dir/catch-$i.test.ts")" ] || { echo "self-check: not caught: ${must_catch[$i]}"; failed=1; }
  done
  for i in "${!must_pass[@]}"; do
    printf '%b\n' "${must_pass[$i]}" >"$dir/pass-$i.test.ts"
    [ -z "$(focused_or_skipped "$dir/pass-$i.test.ts")" ] || { echo "self-check: wrongly caught: ${must_pass[$i]}"; failed=1; }
  done
  rm -rf "$dir"
  return $failed
}

self_check || { echo "the .only/.skip guard is broken"; exit 2; }
found=$(focused_or_skipped "$@")
if [ -n "$found" ]; then
  echo "a test file uses .only or .skip:"; echo "$found"; exit 1
fi
