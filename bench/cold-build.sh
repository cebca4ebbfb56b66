#!/usr/bin/env bash
# A cold build of a site with many generated wheels and npm's Pyodide core, beside the floor of copying
# and hashing the same bytes; then a no-op rebuild; peak memory at two sizes (is it flat?).
#
#   bench/cold-build.sh [wheels] [kB per wheel] [runs]     (default 1000 wheels of 400 kB, 3 runs; medians)
#
# cold   fresh output and cache: the app unpacked and copied, Pyodide unpacked and copied, every wheel
#        copied with its sha256 and md5, pypi/all.json and the rest of the site written
# floor  cp -r of the same inputs (app, Pyodide, wheels) + sha256sum + md5sum of them
# no-op  the same build again: every task up to date
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-1000}"
kb="${2:-400}"
runs="${3:-3}"
bench_args="$*"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
assets="${JLITE_ASSETS:-$root/.cache/assets}"
"$root/scripts/fetch-assets.sh" galaxy-app pyodide-314.0.7 >/dev/null
bench_work

gen_wheels "$work/wheels" "$count" "$kb"
gen_wheels "$work/half" $((count / 2)) "$kb"

app="$assets/galaxy-app/package/static/dist/_output"
pyodide_tgz=$(ls "$assets"/pyodide-314.0.7/*.tgz)
pyodide_dir="$assets/pyodide-314.0.7/package"
mkdir -p "$work/site"
build() {  # wheels-folder output cache
  JLITE_NO_BUILD=1 "$root/jlite" build --lite-dir "$work/site" --app-archive "$app" --pyodide "$pyodide_tgz" \
    --piplite-wheels "$1" --disable-addons mathjax --output-dir "$2" --cache-dir "$3"
}
export -f build; export root work app pyodide_tgz
floor() {
  cp -r "$app" "$work/f-app" && cp -r "$pyodide_dir" "$work/f-pyodide" && cp -r "$work/wheels" "$work/f-wheels" &&
    find "$app" "$pyodide_dir" "$work/wheels" -type f -print0 | xargs -0 sha256sum >/dev/null &&
    find "$app" "$pyodide_dir" "$work/wheels" -type f -print0 | xargs -0 md5sum >/dev/null
}
rss() { /usr/bin/time -f %M bash -c 'build "$@"' _ "$@" 2>&1 >/dev/null | tail -n 1; }  # the peak of the largest process

floor; rm -rf "$work"/f-*                       # warm the page cache
f=(); c=(); n=()
# one unmeasured build first: the launcher archives its classes on the first run after the project is built
build "$work/wheels" "$work/out" "$work/cache" >/dev/null 2>&1; rm -rf "$work/out" "$work/cache"
for _ in $(seq "$runs"); do
  rm -rf "$work"/f-* "$work/out" "$work/cache"
  f+=("$(ms floor)")
  c+=("$(ms build "$work/wheels" "$work/out" "$work/cache")")
  n+=("$(ms build "$work/wheels" "$work/out" "$work/cache")")
done
rm -rf "$work/out" "$work/cache" "$work/out2" "$work/cache2"
rss_full=$(rss "$work/wheels" "$work/out" "$work/cache")
rss_half=$(rss "$work/half" "$work/out2" "$work/cache2")

size=$(du -smc "$app" "$pyodide_dir" "$work/wheels" | tail -n 1 | cut -f1)
fm=$(printf '%s\n' "${f[@]}" | median); cm=$(printf '%s\n' "${c[@]}" | median); nm=$(printf '%s\n' "${n[@]}" | median)
full=$((rss_full / 1024)); half=$((rss_half / 1024))
row "cold build, $count wheels ($size MB)" "\`cp -r\` + \`sha256sum\` + \`md5sum\`" "$fm ms" "$cm ms" "$(ratio "$cm" "$fm")x" "at most 1.5x" \
  "$(at_most "$(ratio "$cm" "$fm")" 1.5)"
row "no-op rebuild of that site" "" "" "$nm ms" "" "under 600 ms" "$(at_most "$nm" 599)"
row "peak RSS of the cold build" "" "" "$full MB ($count wheels), $half MB ($((count / 2)))" "" "under 256 MB, flat" \
  "$(awk -v f="$full" -v h="$half" 'BEGIN {print (f < 256 && f - h < 0.25 * h) ? "met" : "not met"}')"
{
  printf 'site: the app, Pyodide core, %s wheels (%s MB in all), %s runs, medians:\n' "$count" "$size" "$runs"
  printf '  %-40s %6s ms\n' "cp -r + sha256sum + md5sum (floor)" "$fm"
  printf '  %-40s %6s ms  (%s x the floor)\n' "jlite build, cold" "$cm" "$(ratio "$cm" "$fm")"
  printf '  %-40s %6s ms\n' "jlite build, no-op" "$nm"
  printf '  %-40s %6s MB (%s wheels) / %s MB (%s wheels)\n' "peak RSS, cold build" "$full" "$count" "$half" "$((count / 2))"
} | publish cold-build
