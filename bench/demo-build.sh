#!/usr/bin/env bash
# Cold and no-op builds of the demo site, beside `cp -r` of the same app tree and `java -version`.
#
#   bench/demo-build.sh [runs]      (default 5 runs each; medians are printed)
#
# cold:  a fresh output directory and a fresh cache (the app is resolved and copied, config merged)
# no-op: the same build again, nothing changed (every task skipped)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_args="$*"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
runs="${1:-5}"
assets="${JLITE_ASSETS:-$root/.cache/assets}"
"$root/scripts/fetch-assets.sh" galaxy-app >/dev/null
app="$assets/galaxy-app/package/static/dist/_output"
"$root/jlite" --version >/dev/null   # builds the project if needed, outside the measurements
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The demo's app and runtime configuration only: its Pyodide and wheels (npm sources) are benchmarked by
# bench/pyodide.sh and bench/piplite-index.sh.
echo '{"LiteBuildConfig": {"no_sourcemaps": true}}' > "$work/config.json"
jlite_build() { JLITE_NO_BUILD=1 "$root/jlite" build --lite-dir "$root/examples/demo" --config "$work/config.json" --app-archive "$app" --output-dir "$work/out" --cache-dir "$work/cache"; }

jlite_build >/dev/null 2>&1; rm -rf "$work/out" "$work/cache"   # unmeasured: the launcher archives its classes once
cold=(); noop=(); cp_r=(); jv=()
for _ in $(seq "$runs"); do
  rm -rf "$work/out" "$work/cache" "$work/copy"
  cp_r+=("$(ms cp -r "$app" "$work/copy")")
  cold+=("$(ms jlite_build)")
  noop+=("$(ms jlite_build)")
  jv+=("$(ms java -version)")
done

files=$(find "$app" -type f | wc -l)
size=$(du -sm "$app" | cut -f1)
c=$(printf '%s\n' "${cp_r[@]}" | median); cm=$(printf '%s\n' "${cold[@]}" | median)
nm=$(printf '%s\n' "${noop[@]}" | median); jm=$(printf '%s\n' "${jv[@]}" | median)
row "demo site, cold build" "\`cp -r\` of the app" "$c ms" "$cm ms" "$(ratio "$cm" "$c")x" "" ""
row "demo site, no-op rebuild" "" "" "$nm ms" "" "" ""
{
  printf 'demo site from %s (%s files, %s MB), %s runs, medians:\n' "galaxy-app" "$files" "$size" "$runs"
  printf '  %-28s %6s ms\n' "cp -r of the app (floor)" "$c"
  printf '  %-28s %6s ms\n' "jlite build, cold" "$cm"
  printf '  %-28s %6s ms\n' "jlite build, no-op" "$nm"
  printf '  %-28s %6s ms\n' "java -version (JVM start)" "$jm"
} | publish demo-build
