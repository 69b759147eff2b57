#!/usr/bin/env bash
# Everything the suites of `npm test` need besides node_modules: the n8n hosts
# (scripts/provision-n8n.sh), Debian's Chromium (scripts/provision-browser.sh) and redis-server
# (scripts/provision-redis.sh). Each part returns at once when its result is already there.
#
#   scripts/provision-all.sh           provision in the foreground, progress on stderr
#   scripts/provision-all.sh --start   start it in the background and return at once
#   scripts/provision-all.sh --wait    show the background run's progress until it ends, then
#                                      check (in the foreground) that everything is there
#
# `npm test` starts it before the unit tests and waits for it after them: the npm installs wait on
# the network, not on the CPU the unit tests use, so most of a first run's provisioning costs no
# time. The background run writes its progress to <cache>/provision.log, which --wait prints; it
# stops when the command that started it (npm test's shell) is gone, so a failed unit test does not
# leave an install running.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE="${BLUESHIFT_CACHE:-$HOME/.cache/n8n-nodes-blueshift}"
LOG="$CACHE/provision.log"
PIDFILE="$CACHE/.provision-all.pid"
mkdir -p "$CACHE"
log() { echo "[provision] $*" >&2; }

# The n8n hosts beside Chromium and redis-server (about 120 MB from Debian beside 1.5 GB from npm);
# those two one after the other, as dpkg takes one installer at a time.
provision() {
	local started=$SECONDS hosts status=0
	bash "$HERE/provision-n8n.sh" >/dev/null &
	hosts=$!
	{ bash "$HERE/provision-browser.sh" && bash "$HERE/provision-redis.sh"; } || status=$?
	wait "$hosts" || status=$?
	[ "$status" -eq 0 ] || return "$status"
	((SECONDS - started < 5)) || log "everything provisioned in $((SECONDS - started)) s"
}

case "${1:-}" in
--start)
	if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
		log "provisioning already runs in the background (log: $LOG)"
		exit 0
	fi
	# its own process group (setsid), so that the watcher below can stop all of it
	setsid bash "$0" --background "$PPID" >"$LOG" 2>&1 </dev/null &
	echo $! >"$PIDFILE"
	log "n8n hosts, Chromium and redis-server: provisioning in the background (log: $LOG)"
	;;
--background)
	watched=$2
	provision &
	main=$!
	while kill -0 "$main" 2>/dev/null; do
		if ! kill -0 "$watched" 2>/dev/null; then
			log "the command that started this provisioning is gone: stopping it"
			kill -- "-$$"
		fi
		sleep 2
	done
	wait "$main"
	;;
--wait)
	if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
		log "the background provisioning so far (log: $LOG), then its progress until it ends:"
		tail -n +1 --pid="$(cat "$PIDFILE")" -f "$LOG" >&2
	elif [ -f "$PIDFILE" ] && [ -f "$LOG" ]; then
		log "the background provisioning (log: $LOG):"
		cat "$LOG" >&2
	fi
	rm -f "$PIDFILE"
	# whatever the background run did not finish (or a failure of it) is done here, in view
	provision
	;;
'')
	provision
	;;
*)
	echo "usage: $0 [--start | --wait]" >&2
	exit 2
	;;
esac
