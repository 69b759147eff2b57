#!/usr/bin/env bash
# Installs Debian's redis-server for the queue-mode suite when the machine has none. Progress goes
# to stderr.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
start=$SECONDS
say() { echo "[provision-redis] $*" >&2; }
say "redis-server is missing: installing Debian's redis-server package for the queue-mode suite (once"
say "per machine; a few MB, under a minute). Skip the queue suite with: npm run test:unit"
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
say "step 1/2: apt-get update (package lists)"
$SUDO apt-get update -q >&2
say "step 2/2: apt-get install redis-server (one line per package downloaded, then unpacked)"
$SUDO apt-get install -y redis-server 2>&1 | grep --line-buffered -E '^(Get:|Unpacking|Setting up redis|E:)' >&2 || true
if ! command -v redis-server >/dev/null 2>&1; then say "redis-server did not install (see the apt-get output above)"; exit 1; fi
say "done in $((SECONDS - start)) s: $(redis-server --version | cut -d' ' -f1-3)"
