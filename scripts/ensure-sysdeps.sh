#!/usr/bin/env bash
# Makes sure the Debian packages the project runs with are present, installing them with
# apt-get when it can and otherwise saying exactly what to install.
#   scripts/ensure-sysdeps.sh         everything `make test` needs: Chromium and CJK fonts
#                                     (browser tests, static export), LibreOffice Impress
#                                     and Writer with poppler (the deck and the briefing
#                                     opened as PDFs), nginx (the
#                                     proxy config test and the replicas behind it), and
#                                     npm with the pinned axe-core (tests/browser/
#                                     package-lock.json) the accessibility test injects
#   scripts/ensure-sysdeps.sh serve   nginx alone, for `make serve`
# Under CI (CI=true) anything missing fails the run: its tests are never skipped. Outside
# CI `make serve` cannot run without nginx, so it fails too; the other tests then report
# what is missing.
set -u
cd "$(dirname "$0")/.." || exit 1
has_nginx() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }
missing=()
if [ "${1:-}" = "serve" ]; then
  has_nginx || missing+=(nginx)
  required=true
  needs_axe=false
else
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-impress)
  # Writer converts the briefing (DOCX) to PDF; its own package beside Impress.
  dpkg-query -W -f='${Status}' libreoffice-writer 2>/dev/null | grep -q "ok installed" \
    || [ -e /usr/lib/libreoffice/program/libswlo.so ] || missing+=(libreoffice-writer)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  has_nginx || missing+=(nginx)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  required=false
  needs_axe=true
fi

if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing ${missing[*]} with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null && missing=()
fi

# axe-core, from the lock file: reinstalled when missing or when the lock file is newer.
AXE=tests/browser/node_modules/axe-core/axe.min.js
if [ "$needs_axe" = true ] && command -v npm >/dev/null 2>&1 \
  && { [ ! -f "$AXE" ] || [ tests/browser/package-lock.json -nt "$AXE" ]; }; then
  echo "Installing axe-core (tests/browser/package-lock.json) with npm ci ..."
  npm ci --prefix tests/browser --no-audit --no-fund --silent && touch "$AXE"
fi
axe_missing=false
[ "$needs_axe" = true ] && [ ! -f "$AXE" ] && axe_missing=true

[ ${#missing[@]} -eq 0 ] && [ "$axe_missing" = false ] && exit 0
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing system packages: ${missing[*]}. Install them with:" >&2
  echo "    sudo apt-get install ${missing[*]}" >&2
fi
[ "$axe_missing" = true ] && echo "Missing axe-core: install it with    npm ci --prefix tests/browser" >&2
if [ "${CI:-}" = "true" ] || [ "$required" = true ]; then exit 1; fi
echo "(continuing: the tests and exports that need them will say so)" >&2
exit 0
