#!/usr/bin/env bash
# Installs Debian's redis-server for the queue-mode suite when the machine has none.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
echo "[provision] installing Debian's redis-server" >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq redis-server >&2
