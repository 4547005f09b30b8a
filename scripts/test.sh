#!/usr/bin/env bash
# The whole suite, as the README and CI run it: types, lint, Vitest (unit + integration on a
# real embedded PostgreSQL) and Playwright in Chromium. Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p test-results

echo "▶ Types (tsc)"
npx tsc --noEmit

echo "▶ Lint (eslint)"
npx eslint --max-warnings 0 .

echo "▶ Unit and integration tests (Vitest, real PostgreSQL)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json

echo "▶ End-to-end tests (Playwright, Chromium)"
bash scripts/ensure-chromium.sh
CI=1 npx playwright test

node scripts/test-summary.mjs test-results/vitest.json test-results/e2e.json
