#!/usr/bin/env bash
# Makes sure Debian's Chromium and CJK fonts are present (browser tests, static export),
# and LibreOffice Impress with poppler (the test that opens the exported deck as a PDF).
# Installs them with apt-get when it can; otherwise says exactly what to install.
# Under CI (CI=true) a missing browser fails the run: browser tests are never skipped.
set -u
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-impress)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing ${missing[*]} with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null && exit 0
fi

echo "Missing system packages: ${missing[*]}. Install them with:" >&2
echo "    sudo apt-get install ${missing[*]}" >&2
if [ "${CI:-}" = "true" ]; then exit 1; fi
echo "(continuing: browser tests and image export will report that Chromium is missing)" >&2
exit 0
