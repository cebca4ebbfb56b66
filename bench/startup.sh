#!/usr/bin/env bash
# Start-up: `jlite --version` and `jlite status` on the demo site, beside `java -version`, with the launcher's
# class-data sharing archive and without it (JLITE_CDS=0).
#
#   bench/startup.sh [runs]      (default 11 runs each; medians)
#
# The demo is built once first (its npm sources come from the per-user cache, fetched on first use).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-11}"
bench_args="$*"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
"$root/jlite" --version >/dev/null   # builds the project if needed, outside the measurements
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
demo=(--lite-dir "$root/examples/demo" --output-dir "$work/out")
JLITE_NO_BUILD=1 "$root/jlite" build "${demo[@]}" >/dev/null
JLITE_NO_BUILD=1 "$root/jlite" status "${demo[@]}" >/dev/null   # the launcher archives its classes, if it has not yet

version() { JLITE_NO_BUILD=1 "$root/jlite" --version; }
status() { JLITE_NO_BUILD=1 "$root/jlite" status "${demo[@]}"; }
version_nocds() { JLITE_CDS=0 JLITE_NO_BUILD=1 "$root/jlite" --version; }
status_nocds() { JLITE_CDS=0 JLITE_NO_BUILD=1 "$root/jlite" status "${demo[@]}"; }
jv=(); v=(); s=(); v0=(); s0=()
for _ in $(seq "$runs"); do
  jv+=("$(ms java -version)")
  v+=("$(ms version)")
  s+=("$(ms status)")
  v0+=("$(ms version_nocds)")
  s0+=("$(ms status_nocds)")
done
j=$(printf '%s\n' "${jv[@]}" | median)
vm=$(printf '%s\n' "${v[@]}" | median); sm=$(printf '%s\n' "${s[@]}" | median)
v0m=$(printf '%s\n' "${v0[@]}" | median); s0m=$(printf '%s\n' "${s0[@]}" | median)
row "\`jlite --version\`" "\`java -version\`" "$j ms" "$vm ms" "$(ratio "$vm" "$j")x" "at most 2x" "$(at_most "$vm" $((2 * j)))"
row "\`jlite status\` on the demo" "\`java -version\`" "$j ms" "$sm ms" "$(ratio "$sm" "$j")x" "at most 2x" "$(at_most "$sm" $((2 * j)))"
{
  printf '%s runs, medians:\n' "$runs"
  printf '  %-46s %6s ms\n' "java -version (floor)" "$j"
  printf '  %-46s %6s ms  (%s x the floor)\n' "jlite --version" "$vm" "$(ratio "$vm" "$j")"
  printf '  %-46s %6s ms  (%s x the floor)\n' "jlite status, the demo" "$sm" "$(ratio "$sm" "$j")"
  printf '  %-46s %6s ms\n' "jlite --version, JLITE_CDS=0" "$v0m"
  printf '  %-46s %6s ms\n' "jlite status, the demo, JLITE_CDS=0" "$s0m"
} | publish startup
