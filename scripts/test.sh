#!/usr/bin/env bash
# npm test: installs the system packages the tests need (as root, through apt) or says exactly how,
# builds the UI, typechecks, then runs every uvu test file in its own process with a time limit
# (a leaked handle fails that file instead of hanging the run) and prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-packages.sh || exit 1

bash scripts/demo-tracks.sh # the demo config's music (data/demo-music)

echo "== build UI"
npx vite build --config kiosk-ui/vite.config.ts --logLevel warn || { echo "UI build failed"; exit 1; }

echo "== typecheck"
npx tsc -p tsconfig.json --noEmit || { echo "typecheck failed"; exit 1; }

mkdir -p test/artifacts
passed=0; failed=0; failed_files=()
files=$(find test/unit test/integration test/e2e -name '*.test.ts' 2>/dev/null | sort)
if grep -lE '\b(test|it|suite)\.(only|skip)\b|\.only\(' $files >/dev/null 2>&1; then
  echo "a test file uses .only or .skip:"; grep -lE '\.(only|skip)\(' $files; exit 1
fi
for file in $files; do
  log="test/artifacts/$(basename "$file" .ts).log"
  timeout --kill-after=10 "${FRONTDESK_TEST_TIMEOUT:-300}" node --import tsx node_modules/uvu/bin.js "$(dirname "$file")" "^$(basename "$file")$" >"$log" 2>&1
  code=$?
  p=$(sed -n 's/.*Passed:[^0-9]*\([0-9]*\).*/\1/p' "$log" | tail -1); p=${p:-0}
  t=$(sed -n 's/.*Total:[^0-9]*\([0-9]*\).*/\1/p' "$log" | tail -1); t=${t:-0}
  f=$((t - p))
  if [ "$code" -ne 0 ] || [ "$t" -eq 0 ]; then
    [ "$f" -eq 0 ] && f=1
    failed_files+=("$file (exit $code)")
    echo "FAIL $file ($p/$t passed, exit $code)"; sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -40
  else
    echo "ok   $file ($p/$t)"
  fi
  passed=$((passed + p)); failed=$((failed + f))
done
echo
[ ${#failed_files[@]} -gt 0 ] && printf 'failed: %s\n' "${failed_files[@]}"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
