#!/usr/bin/env bash
# The project's test command: fetch the real assets (cached), then build and run every test tier.
# Extra arguments go to Maven. Plain `mvn verify` is the quick loop: it leaves out the end-to-end tier (-Pe2e).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/fetch-assets.sh"
cd "$root"
mvn -B verify -Pe2e "$@"
