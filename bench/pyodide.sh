#!/usr/bin/env bash
# Builds of a site hosting Pyodide from a release-style tarball (npm's core repacked as pyodide/),
# cold (fresh cache and output) and warm (a second site: fresh output, the cache already holding the
# unpacked distribution), beside `tar xjf` + `cp -r` of the same tree.
#
#   bench/pyodide.sh [version] [runs]     (default 314.0.7, 5 runs; medians)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_args="$*"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
version="${1:-314.0.7}"
runs="${2:-5}"
assets="${JLITE_ASSETS:-$root/.cache/assets}"
"$root/scripts/fetch-assets.sh" galaxy-app "pyodide-$version" >/dev/null
"$root/jlite" --version >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/repack" && tar xzf "$assets/pyodide-$version"/*.tgz -C "$work/repack"
mv "$work/repack/package" "$work/repack/pyodide"
tar cjf "$work/pyodide-$version.tar.bz2" -C "$work/repack" pyodide
app="$assets/galaxy-app/package/static/dist/_output"
mkdir -p "$work/site"

build() { JLITE_NO_BUILD=1 "$root/jlite" build --lite-dir "$work/site" --app-archive "$app" --pyodide "$work/pyodide-$version.tar.bz2" \
  --output-dir "$work/out-$1" --cache-dir "$work/cache"; }
# The floor does what the build does, with the shell: unpack and copy Pyodide, copy the app.
floor() { rm -rf "$work/x" && mkdir -p "$work/x" && tar xjf "$work/pyodide-$version.tar.bz2" -C "$work/x" \
  && cp -r "$app" "$work/x/site" && cp -r "$work/x/pyodide" "$work/x/site/pyodide"; }

build warmup >/dev/null 2>&1; rm -rf "$work"/out-* "$work/cache"   # unmeasured: the launcher archives its classes once
cold=(); warm=(); fl=()
for i in $(seq "$runs"); do
  rm -rf "$work"/out-* "$work/cache"; sync
  fl+=("$(ms floor)"); sync
  cold+=("$(ms build "cold$i")"); sync
  warm+=("$(ms build "warm$i")")
done
size=$(du -sm "$work/repack/pyodide" | cut -f1)
flm=$(printf '%s\n' "${fl[@]}" | median); cm=$(printf '%s\n' "${cold[@]}" | median); wm=$(printf '%s\n' "${warm[@]}" | median)
row "site with Pyodide $version from a tarball, cold" "\`tar xjf\` + \`cp -r\`" "$flm ms" "$cm ms" "$(ratio "$cm" "$flm")x" "" ""
row "the same, second site (cache hit)" "\`tar xjf\` + \`cp -r\`" "$flm ms" "$wm ms" "$(ratio "$wm" "$flm")x" "" ""
{
  printf 'site with Pyodide %s (core, %s MB unpacked, %s files) and the galaxy app, %s runs, medians:\n' "$version" "$size" \
    "$(find "$work/repack/pyodide" -type f | wc -l)" "$runs"
  printf '  %-44s %6s ms\n' "tar xjf + cp -r of Pyodide and the app (floor)" "$flm"
  printf '  %-44s %6s ms\n' "jlite build, cold (unpack + copy app + Pyodide)" "$cm"
  printf '  %-44s %6s ms\n' "jlite build, warm (second site, cache hit)" "$wm"
} | publish pyodide
