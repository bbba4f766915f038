#!/usr/bin/env bash
# Makes sure Debian's Chromium and CJK fonts are present (browser tests, static export),
# LibreOffice Impress with poppler (the test that opens the exported deck as a PDF), and
# npm with the pinned axe-core (tests/browser/package-lock.json) that the accessibility
# test injects into the page. Installs them with apt-get and `npm ci` when it can;
# otherwise says exactly what to install.
# Under CI (CI=true) a missing browser or axe-core fails the run: browser tests are never skipped.
set -u
cd "$(dirname "$0")/.." || exit 1
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-impress)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing ${missing[*]} with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null && missing=()
fi

# axe-core, from the lock file: reinstalled when missing or when the lock file is newer.
AXE=tests/browser/node_modules/axe-core/axe.min.js
if command -v npm >/dev/null 2>&1 && { [ ! -f "$AXE" ] || [ tests/browser/package-lock.json -nt "$AXE" ]; }; then
  echo "Installing axe-core (tests/browser/package-lock.json) with npm ci ..."
  npm ci --prefix tests/browser --no-audit --no-fund --silent && touch "$AXE"
fi

[ ${#missing[@]} -eq 0 ] && [ -f "$AXE" ] && exit 0
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing system packages: ${missing[*]}. Install them with:" >&2
  echo "    sudo apt-get install ${missing[*]}" >&2
fi
[ -f "$AXE" ] || echo "Missing axe-core: install it with    npm ci --prefix tests/browser" >&2
if [ "${CI:-}" = "true" ]; then exit 1; fi
echo "(continuing: browser tests and image export will report what is missing)" >&2
exit 0
