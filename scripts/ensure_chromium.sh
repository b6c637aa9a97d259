#!/bin/sh
# Browser tests drive Debian's Chromium (Playwright cannot download its own here).
# Install it when missing and we may; otherwise the browser tests skip and say why.
set -e
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "warning: no Chromium at $CHROMIUM and no root apt-get; browser tests will be skipped" >&2
fi
