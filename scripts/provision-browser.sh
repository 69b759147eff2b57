#!/usr/bin/env bash
# Installs Debian's Chromium for the browser suite when the machine has none. Nothing is downloaded
# by a test tool: playwright-core drives this binary. Progress goes to stderr.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
start=$SECONDS
say() { echo "[provision-browser] $*" >&2; }
say "Chromium is missing: installing Debian's chromium package for the browser suite (once per machine;"
say "about 130 packages, 110 MB to download, 1 to 3 minutes). Skip the browser suite with: npm run test:unit"
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
say "step 1/2: apt-get update (package lists)"
$SUDO apt-get update -q >&2
say "step 2/2: apt-get install chromium (one line per package downloaded, then unpacked)"
$SUDO apt-get install -y chromium 2>&1 | grep --line-buffered -E '^(Get:|Unpacking|Setting up chromium|E:)' >&2 || true
if [ ! -x /usr/bin/chromium ]; then say "chromium did not install (see the apt-get output above)"; exit 1; fi
say "done in $((SECONDS - start)) s: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
