#!/usr/bin/env bash
# Indexing a folder of generated wheels, beside the floor of reading every byte for its digests.
#
#   bench/piplite-index.sh [wheels] [kB per wheel] [runs]     (default 1000 wheels of 400 kB, 5 runs; medians)
#
# jlite piplite index DIR   reads each wheel's central directory and METADATA, sha256 and md5 of every
#                           byte, and writes DIR/all.json
# floor                     sha256sum + md5sum of the same files (the digests alone, no zip reading)
# jlite build               --piplite-wheels DIR: copies the wheels into the site as well, so its floor
#                           adds cp of the same bytes
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_args="$*"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
count="${1:-1000}"
kb="${2:-400}"
runs="${3:-5}"
bench_work
gen_wheels "$work/wheels" "$count" "$kb"

digests() { sha256sum "$work"/wheels/*.whl >/dev/null && md5sum "$work"/wheels/*.whl >/dev/null; }
digests_cp() { digests && cp -r "$work/wheels" "$work/copy"; }
index() { JLITE_NO_BUILD=1 "$root/jlite" piplite index "$work/wheels"; }
build() {
  JLITE_NO_BUILD=1 "$root/jlite" build --lite-dir "$work/site" --app-archive "$root/.cache/assets/galaxy-app/package/static/dist/_output" \
    --disable-addons mathjax --piplite-wheels "$work/wheels" --output-dir "$work/out" --cache-dir "$work/cache"
}
jv() { java -version; }

mkdir -p "$work/site"
"$root/scripts/fetch-assets.sh" galaxy-app >/dev/null
digests; index >/dev/null; rm -f "$work/wheels/all.json"   # warm the page cache
floor=(); idx=(); floor_cp=(); bld=(); jvm=()
for _ in $(seq "$runs"); do
  rm -rf "$work/copy" "$work/out" "$work/cache"
  floor+=("$(ms digests)")
  idx+=("$(ms index)")
  rm -f "$work/wheels/all.json"
  floor_cp+=("$(ms digests_cp)")
  bld+=("$(ms build)")
  jvm+=("$(ms jv)")
done

size=$(du -sm "$work/wheels" | cut -f1)
f=$(printf '%s\n' "${floor[@]}" | median); i=$(printf '%s\n' "${idx[@]}" | median)
fc=$(printf '%s\n' "${floor_cp[@]}" | median); b=$(printf '%s\n' "${bld[@]}" | median)
row "\`jlite piplite index\` of $count wheels ($size MB)" "\`sha256sum\` + \`md5sum\`" "$f ms" "$i ms" "$(ratio "$i" "$f")x" "" ""
{
  printf '%s generated wheels (%s MB), %s runs, medians:\n' "$count" "$size" "$runs"
  printf '  %-44s %6s ms\n' "sha256sum + md5sum (floor)" "$f"
  printf '  %-44s %6s ms  (%s x the floor)\n' "jlite piplite index" "$i" "$(ratio "$i" "$f")"
  printf '  %-44s %6s ms\n' "sha256sum + md5sum + cp -r (floor)" "$fc"
  printf '  %-44s %6s ms  (%s x the floor; the app copied too)\n' "jlite build --piplite-wheels, cold" "$b" "$(ratio "$b" "$fc")"
  printf '  %-44s %6s ms\n' "java -version (JVM start, in both jlite figures)" "$(printf '%s\n' "${jvm[@]}" | median)"
} | publish piplite-index
