#!/usr/bin/env bash
# The offline audit of the demo site: what it adds to `jlite check`, beside grep reading the same files.
#
#   bench/audit.sh [runs]      (default 7 runs each; medians)
#
# The demo is built once first (its npm sources come from the per-user cache, fetched on first use). The
# audit's cost is `jlite check` minus `jlite check --disable-addons audit`, run in turns; the floor is
# `grep -rl //` over the files the audit reads (all but files/), which reads each of them once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-7}"
bench_args="$*"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
bench_work
demo=(--lite-dir "$root/examples/demo" --output-dir "$work/out")
JLITE_NO_BUILD=1 "$root/jlite" build "${demo[@]}" >/dev/null
files=$(find "$work/out" -type f -not -path "$work/out/files/*" | wc -l)
mb=$(( $(du -sk --exclude=files "$work/out" | cut -f1) >> 10 ))

with() { JLITE_NO_BUILD=1 "$root/jlite" check "${demo[@]}"; }
without() { JLITE_NO_BUILD=1 "$root/jlite" check "${demo[@]}" --disable-addons audit; }
floor() { grep -rl // --exclude-dir=files "$work/out"; }
with >/dev/null 2>&1 || true   # warm the page cache and the launcher's class archive
a=(); b=(); g=()
for _ in $(seq "$runs"); do
  a+=("$(ms with)")
  b+=("$(ms without)")
  g+=("$(ms floor)")
done
am=$(printf '%s\n' "${a[@]}" | median); bm=$(printf '%s\n' "${b[@]}" | median); gm=$(printf '%s\n' "${g[@]}" | median)
cost=$(( am - bm ))
row "the offline audit of the demo ($files files, $mb MB), beyond the rest of \`jlite check\`" \
  "\`grep -rl //\` of the same files" "$gm ms" "$cost ms" "$(ratio "$cost" "$gm")x" "under 1 s" "$(at_most "$cost" 1000)"
{
  printf '%s runs each, in turns, medians; the demo: %s files, %s MB (files/ left out)\n' "$runs" "$files" "$mb"
  printf '  %-52s %6s ms\n' "jlite check" "$am"
  printf '  %-52s %6s ms\n' "jlite check --disable-addons audit" "$bm"
  printf '  %-52s %6s ms\n' "the audit (the difference)" "$cost"
  printf '  %-52s %6s ms\n' "grep -rl // over the same files (floor)" "$gm"
} | publish audit
