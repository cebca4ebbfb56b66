#!/usr/bin/env bash
# Fetches the real assets that the demo and the integration tests use, once, into a cache.
# Packages come through the machine's own npm client, so its registry, proxy and auth settings apply.
#
#   scripts/fetch-assets.sh            # everything
#   scripts/fetch-assets.sh galaxy-app # just one asset
#
# Cache: $JLITE_ASSETS, default <repo>/.cache/assets. Each asset is a folder holding the packed
# tarball (*.tgz) and its unpacked contents (package/); a .complete marker says it arrived whole.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${JLITE_ASSETS:-$root/.cache/assets}"
mkdir -p "$cache"

# name -> npm package spec
declare -A NPM=(
  [galaxy-app]="@galaxyproject/jupyterlite@0.0.31"
  [pyodide-0.22.1]="pyodide@0.22.1"
  [pyodide-0.27.7]="pyodide@0.27.7"
  [pyodide-314.0.7]="pyodide@314.0.7"
  [pyodide-kernel-0.8.6]="@jupyterlite/pyodide-kernel@0.8.6"
  [stlite-1.9.2]="@stlite/browser@1.9.2"
)

fetch_npm() {
  local name=$1 spec=$2 dest="$cache/$1"
  if [ -f "$dest/.complete" ]; then
    return 0
  fi
  command -v npm >/dev/null || { echo "fetch-assets: npm is needed to fetch $spec; install Node.js and npm" >&2; exit 2; }
  echo "fetch-assets: $name <- npm $spec" >&2
  local work
  work=$(mktemp -d "$cache/.tmp-$name-XXXXXX")
  trap 'rm -rf "$work"' RETURN
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  local tgz
  tgz=$(ls "$work"/*.tgz)
  tar xzf "$tgz" -C "$work"
  rm -rf "$dest"
  mv "$work" "$dest"
  touch "$dest/.complete"
  trap - RETURN
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${!NPM[@]}")
for name in "${names[@]}"; do
  spec="${NPM[$name]:-}"
  [ -n "$spec" ] || { echo "fetch-assets: unknown asset '$name' (known: ${!NPM[*]})" >&2; exit 2; }
  fetch_npm "$name" "$spec"
done
