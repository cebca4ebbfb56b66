#!/usr/bin/env bash
# The project's test command: fetch the real assets (cached), then build and run every test tier.
# Extra arguments go to Maven, e.g. -Pquick to skip the slow end-to-end tier.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/fetch-assets.sh"
cd "$root"
mvn -B verify "$@"
