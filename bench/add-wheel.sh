#!/usr/bin/env bash
# A rebuild after adding one wheel to a site of many: the work should be that wheel's, not the whole set's.
#
#   bench/add-wheel.sh [wheels] [kB per wheel] [runs]     (default 600 wheels of 600 kB, 5 runs)
#
# site    the demo's app, npm's Pyodide 314.0.7, COUNT generated wheels in <lite dir>/pypi/
# add     one more wheel copied into <lite dir>/pypi/, then `jlite build` (a new wheel each run)
# floor   `cp` of that wheel; beside it the reference's figure for the same step (jupyterlite-core 0.8.1 with
#         jupyterlite-pyodide-kernel 0.8.3 on 633 real wheels, min of runs), which cannot run on this machine
# start   `jlite --version`: the JVM and jlite's module graph starting, which every command pays
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-600}"
kb="${2:-600}"
runs="${3:-5}"
bench_args="$*"
reference_ms=1850
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
assets="${JLITE_ASSETS:-$root/.cache/assets}"
"$root/scripts/fetch-assets.sh" galaxy-app pyodide-314.0.7 >/dev/null
bench_work

gen_wheels "$work/all" $((count + runs)) "$kb"
mkdir -p "$work/site/pypi" "$work/extra"
# the last RUNS wheels are the ones added, one per run
ls "$work/all" | sort | tail -n "$runs" | while read -r w; do mv "$work/all/$w" "$work/extra/"; done
mv "$work/all"/*.whl "$work/site/pypi/"
app="$assets/galaxy-app/package/static/dist/_output"
pyodide_tgz=$(ls "$assets"/pyodide-314.0.7/*.tgz)
build() {
  JLITE_NO_BUILD=1 "$root/jlite" build --lite-dir "$work/site" --app-archive "$app" --pyodide "$pyodide_tgz" \
    --output-dir "$work/out" --cache-dir "$work/cache"
}
build >/dev/null 2>&1  # the cold build, not measured
build >/dev/null 2>&1

v=(); n=(); a=(); inside=(); c=()
for w in $(ls "$work/extra" | sort); do
  v+=("$(ms env JLITE_NO_BUILD=1 "$root/jlite" --version)")
  n+=("$(ms build)")
  s=$(date +%s%N); cp "$work/extra/$w" "$work/site/pypi/$w"; e=$(date +%s%N); c+=($(( (e - s) / 1000000 )))
  s=$(date +%s%N); out=$(build 2>&1); e=$(date +%s%N)
  a+=($(( (e - s) / 1000000 )))
  # "build: 3 tasks ran, 14 up to date (0.31 s) ..." : the time spent inside jlite, JVM start left out
  inside+=("$(printf '%s\n' "$out" | sed -n 's/.*up to date (\([0-9.]*\) s).*/\1/p' | awk '{printf "%d", $1 * 1000}')")
done
ranlast=$(printf '%s\n' "$out" | sed -n 's/^build: \([0-9]*\) tasks\{0,1\} ran.*/\1/p')

min() { sort -n | head -n 1; }
am=$(printf '%s\n' "${a[@]}" | min); amed=$(printf '%s\n' "${a[@]}" | median)
im=$(printf '%s\n' "${inside[@]}" | min); vm=$(printf '%s\n' "${v[@]}" | min); nm=$(printf '%s\n' "${n[@]}" | min)
cm=$(printf '%s\n' "${c[@]}" | min)
size=$(du -smc "$work/site/pypi" | tail -n 1 | cut -f1)
beyond=$((am - vm))
row "rebuild after adding one wheel to $count ($size MB)" "reference (0.8.1) / \`cp\` of the wheel" "$reference_ms ms / $cm ms" \
  "$am ms ($im ms in jlite)" "$(ratio "$am" "$reference_ms")x the reference" "at most 0.5x the reference, under 500 ms beyond start-up" \
  "$( [ "$(at_most "$(ratio "$am" "$reference_ms")" 0.5)" = met ] && [ "$beyond" -lt 500 ] && echo met || echo not met)"
{
  printf 'site: the app, Pyodide 314.0.7, %s wheels (%s MB) in <lite dir>/pypi/; %s runs, each adding one wheel:\n' \
    "$count" "$size" "$runs"
  printf '  %-44s %6s ms (min)\n' "cp of the wheel (floor)" "$cm"
  printf '  %-44s %6s ms (min, as measured elsewhere)\n' "the reference, the same step" "$reference_ms"
  printf '  %-44s %6s ms (min), %s ms (median); %s x the reference\n' "jlite build after adding the wheel" "$am" "$amed" \
    "$(ratio "$am" "$reference_ms")"
  printf '  %-44s %6s ms (min): %s tasks ran in the last\n' "  of which inside jlite (its own figure)" "$im" "$ranlast"
  printf '  %-44s %6s ms (min)\n' "jlite build, nothing changed" "$nm"
  printf '  %-44s %6s ms (min); the build is %s ms beyond it\n' "jlite --version (start-up)" "$vm" "$beyond"
} | publish add-wheel
