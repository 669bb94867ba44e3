#!/usr/bin/env bash
# npm start: provision what is missing, build, and run the all-in-one Berth in the foreground.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/provision.sh"
# shellcheck source=/dev/null
source "$ROOT/.berth/env"
cd "$ROOT"
exec node dist/apps/all-in-one/src/main.js
