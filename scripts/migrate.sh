#!/usr/bin/env bash
# npm run migrate: build, then run the pending schema migrations against DATABASE_URL and exit.
# Every Berth process also runs them at start; this is for doing it before a rolling upgrade.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
if [ -z "${DATABASE_URL:-}" ] && [ -f .berth/env ]; then source .berth/env; fi
npm run --silent build
exec node dist/apps/projector/src/cli.js migrate
