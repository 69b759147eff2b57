#!/usr/bin/env bash
# Installs Debian's Chromium for the browser suite when the machine has none. Nothing is downloaded
# by a test tool: playwright-core drives this binary.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "[provision] installing Debian's chromium" >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq chromium >&2
