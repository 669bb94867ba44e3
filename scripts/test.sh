#!/usr/bin/env bash
# npm test: provision, then lint, typecheck and every jest tier against the real engine and database.
# The last line printed is CI's closing line "N passed, N failed": jest's tests, with
# lint and typecheck counted as one test each.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! bash scripts/provision.sh --for-tests; then
  echo "provisioning failed"
  echo "0 passed, 1 failed"
  exit 1
fi
# shellcheck source=/dev/null
source .berth/env

check_passed=0
check_failed=0
for check in lint typecheck; do
  echo "=== $check"
  if npm run -s "$check"; then
    check_passed=$((check_passed + 1))
  else
    echo "=== $check FAILED"
    check_failed=$((check_failed + 1))
  fi
done

echo "=== jest"
export BERTH_JEST_TOTALS="$ROOT/.berth/jest-totals.json"
rm -f "$BERTH_JEST_TOTALS"
npx jest --runInBand "$@"
jest_rc=$?

passed=0 failed=1 skipped=0
if [ -f "$BERTH_JEST_TOTALS" ]; then
  read -r passed failed skipped < <(node -p 'const t=require(process.argv[1]);`${t.passed} ${t.failed} ${t.skipped}`' "$BERTH_JEST_TOTALS")
fi
# A jest run that failed without any failing test (a crash, a config error) still counts as a failure.
[ "$jest_rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1

passed=$((passed + check_passed))
failed=$((failed + check_failed))
echo
echo "($skipped skipped: suites whose server is not on this machine)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
