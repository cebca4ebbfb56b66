#!/usr/bin/env bash
# Builds the demo site (examples/demo) from a real JupyterLite app obtained through npm.
# Extra arguments go to `jlite build`, e.g. --output-dir /tmp/site or -v.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
assets="${JLITE_ASSETS:-$root/.cache/assets}"
"$root/scripts/fetch-assets.sh" galaxy-app
# The npm package @galaxyproject/jupyterlite carries a complete JupyterLite 0.8 site; any site is an app archive.
"$root/jlite" build --lite-dir "$root/examples/demo" --app-archive "$assets/galaxy-app/package/static/dist/_output" "$@"
