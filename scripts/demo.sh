#!/usr/bin/env bash
# Builds the demo site (examples/demo) and packs it as an audited, reproducible archive.
# Its app is a real JupyterLite app, its Pyodide npm's pyodide 314.0.7, its wheels the app's own
# (installed on import); all are named in examples/demo/jupyter_lite_config.json as npm: sources,
# fetched once with the machine's npm client into the per-user cache and pinned by sha256.
#
#   1. jlite build              -> examples/demo/_output (fetching what it needs)
#   2. jlite archive --offline  -> examples/demo/demo-jupyterlite.tgz, with SHA256SUMS; --offline makes
#                                  any reference to another host in the site an error (the offline audit)
#
# Extra arguments go to both, e.g. --output-dir /tmp/site or -v. Then: ./jlite serve --lite-dir examples/demo
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/jlite" build --lite-dir "$root/examples/demo" "$@"
JLITE_NO_BUILD=1 exec "$root/jlite" archive --offline --lite-dir "$root/examples/demo" "$@"
