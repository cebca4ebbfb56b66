#!/usr/bin/env bash
# Builds the demo site (examples/demo). Its app is a real JupyterLite app, named in
# examples/demo/jupyter_lite_config.json as an npm: source (fetched once with the machine's npm
# client into the per-user cache, pinned by sha256). Extra arguments go to `jlite build`,
# e.g. --output-dir /tmp/site or -v.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$root/jlite" build --lite-dir "$root/examples/demo" "$@"
