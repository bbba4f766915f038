#!/usr/bin/env bash
# Makes sure the Debian packages the project runs with are present, installing them with
# apt-get when it can and otherwise saying exactly what to install.
#   scripts/ensure-sysdeps.sh         everything `make test` needs: Chromium and CJK fonts
#                                     (browser tests, static export), LibreOffice Impress
#                                     with poppler (the deck opened as a PDF), and nginx
#                                     (the proxy config test and the replicas behind it)
#   scripts/ensure-sysdeps.sh serve   nginx alone, for `make serve`
# Under CI (CI=true) anything missing fails the run: its tests are never skipped. Outside
# CI `make serve` cannot run without nginx, so it fails too; the other tests then report
# what is missing.
set -u
has_nginx() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }
missing=()
if [ "${1:-}" = "serve" ]; then
  has_nginx || missing+=(nginx)
  required=true
else
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-impress)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  has_nginx || missing+=(nginx)
  required=false
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing ${missing[*]} with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null && exit 0
fi

echo "Missing system packages: ${missing[*]}. Install them with:" >&2
echo "    sudo apt-get install ${missing[*]}" >&2
if [ "${CI:-}" = "true" ] || [ "$required" = true ]; then exit 1; fi
echo "(continuing: the tests and exports that need them will say so)" >&2
exit 0
