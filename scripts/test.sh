#!/usr/bin/env bash
# npm test: installs the system packages the tests need (as root, through apt) or says exactly how,
# refuses focused or skipped tests, builds the UI, typechecks the three programs (service, UI, tests),
# lints and checks the import boundaries, then runs every uvu test file in its own process with a time
# limit (a leaked handle fails that file instead of hanging the run) and prints "N passed, N failed".
# A lint or boundary failure does not stop the tests; it fails the run at the end.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-packages.sh || exit 1

files=$(find test/unit test/integration test/e2e -name '*.test.ts' 2>/dev/null | sort)
bash scripts/check-focused-tests.sh $files || exit 1
bash scripts/demo-tracks.sh # the demo config's music (data/demo-music)

echo "== build UI"
npx vite build --config kiosk-ui/vite.config.ts --logLevel warn || { echo "UI build failed"; exit 1; }

echo "== typecheck"
npm run --silent typecheck || { echo "typecheck failed"; exit 1; }

failed_checks=()
echo "== lint"
npm run --silent lint || failed_checks+=("lint")
echo "== import boundaries"
npm run --silent check:boundaries || failed_checks+=("import boundaries")

mkdir -p test/artifacts
passed=0; failed=0; failed_files=()
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
[ ${#failed_checks[@]} -gt 0 ] && printf 'failed check: %s\n' "${failed_checks[@]}"
[ "$failed" -eq 0 ] && [ ${#failed_checks[@]} -eq 0 ]
