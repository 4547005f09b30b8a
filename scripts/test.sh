#!/usr/bin/env bash
# The whole suite, as the README and CI run it: types, lint, Vitest (unit + integration on a
# real embedded PostgreSQL) and Playwright in Chromium. Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# Playwright empties test-results/ when it starts, so the reports live apart.
mkdir -p .test-reports

echo "▶ Types (tsc)"
npx tsc --noEmit

echo "▶ Format (prettier --check; npm run format writes it)"
npx prettier --check --log-level warn .

echo "▶ Lint (eslint)"
npx eslint --max-warnings 0 .

echo "▶ Unit and integration tests (Vitest, real PostgreSQL)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest.json

echo "▶ End-to-end tests (Playwright, Chromium)"
bash scripts/ensure-chromium.sh
CI=1 npx playwright test

node scripts/test-summary.mjs .test-reports/vitest.json .test-reports/e2e.json
