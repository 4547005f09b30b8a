#!/usr/bin/env bash
# Playwright may not download browsers on these machines: use Debian's Chromium.
# Installs it when missing and we are root; otherwise Playwright's own browser is used.
set -euo pipefail
if [ -x /usr/bin/chromium ] || [ -n "${PLAYWRIGHT_CHROMIUM_PATH:-}" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the end-to-end tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
else
  echo "No /usr/bin/chromium and not root: falling back to Playwright's own Chromium." >&2
fi
