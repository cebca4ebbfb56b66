#!/usr/bin/env bash
# jlite archive of a ~300 MB site, beside `tar czf` of the same tree (gzip's default level, one core).
#
#   bench/archive.sh [runs]      (default 3 runs; medians)
#
# The site: the real app, npm's Pyodide 314.0.7 core, MathJax, 600 generated wheels (deflated Python-like
# text, as real wheels are) and 60 MB of CSV under files/. `jlite archive` here is the whole command on a
# site already built: the up-to-date check of the build, SHA256SUMS, the offline audit, then the pack.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
bench_args="$*"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
assets="${JLITE_ASSETS:-$root/.cache/assets}"
"$root/scripts/fetch-assets.sh" galaxy-app pyodide-314.0.7 >/dev/null
bench_work

python3 - "$work" <<'PY'
import os, random, sys, zipfile
work = sys.argv[1]
rnd = random.Random(1)
words = ["import", "def", "return", "self", "value", "class", "for", "in", "if", "else", "None", "True", "jupyter",
         "lite", "(", ")", ":", "=", ".", ",", "0", "1", "x", "y", "data", "np", "array", "\n", "\n    ", " "]
def text(n):
    return "".join(rnd.choice(words) + " " for _ in range(n // 4))[:n]
os.makedirs(f"{work}/wheels")
for i in range(600):
    name = f"pkg{i:04d}"
    with zipfile.ZipFile(f"{work}/wheels/{name}-1.0-py3-none-any.whl", "w", zipfile.ZIP_DEFLATED) as z:
        for m in range(8):
            z.writestr(f"{name}/mod{m}.py", text(110_000))
        info = f"{name}-1.0.dist-info/"
        z.writestr(info + "METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        z.writestr(info + "RECORD", "")
os.makedirs(f"{work}/site/files/data")
for i in range(60):
    with open(f"{work}/site/files/data/table{i:02d}.csv", "w") as f:
        f.write("\n".join(",".join(str(rnd.randint(0, 10**rnd.randint(1, 6))) for _ in range(12)) for _ in range(16_000)))
PY

app="$assets/galaxy-app/package/static/dist/_output"
pyodide=$(ls "$assets"/pyodide-314.0.7/*.tgz)
args=(--lite-dir "$work/site" --app-archive "$app" --pyodide "$pyodide" --piplite-wheels "$work/wheels"
      --output-dir "$work/out" --cache-dir "$work/cache" --output-archive "$work/site.tgz")
JLITE_NO_BUILD=1 "$root/jlite" build "${args[@]}" >/dev/null

tarczf() { tar czf "$work/tar.tgz" -C "$work/out" .; }
archive() { rm -f "$work/site.tgz"; JLITE_NO_BUILD=1 "$root/jlite" archive "${args[@]}"; }

tar_ms=(); jl_ms=()
for _ in $(seq "$runs"); do
  tar_ms+=("$(ms tarczf)")
  jl_ms+=("$(ms archive)")
done
t=$(printf '%s\n' "${tar_ms[@]}" | median); j=$(printf '%s\n' "${jl_ms[@]}" | median)
size=$(du -sm "$work/out" | cut -f1)
tb=$(stat -c %s "$work/tar.tgz"); jb=$(stat -c %s "$work/site.tgz")
time_ratio=$(ratio "$j" "$t"); size_ratio=$(awk -v a="$jb" -v b="$tb" 'BEGIN {printf "%.3f", a / b}')
row "\`jlite archive\` of a $size MB site" "\`tar czf\`" "$t ms, $(awk -v b="$tb" 'BEGIN {printf "%.1f", b / 1e6}') MB" \
  "$j ms, $(awk -v b="$jb" 'BEGIN {printf "%.1f", b / 1e6}') MB" "${time_ratio}x time, ${size_ratio}x size" \
  "at most 0.7x, size within 2%" \
  "$(awk -v r="$time_ratio" -v s="$size_ratio" 'BEGIN {print (r <= 0.7 && s <= 1.02 && s >= 0.98) ? "met" : "not met"}')"
{
  printf 'site of %s MB (%s files), %s runs, medians, on %s cores:\n' "$size" "$(find "$work/out" -type f | wc -l)" "$runs" "$(nproc)"
  printf '  %-40s %6s ms  %6s MB\n' "tar czf (floor)" "$t" "$(awk -v b="$tb" 'BEGIN {printf "%.1f", b / 1e6}')"
  printf '  %-40s %6s ms  %6s MB  (%s x the time, %s x the size)\n' "jlite archive" "$j" \
    "$(awk -v b="$jb" 'BEGIN {printf "%.1f", b / 1e6}')" "$time_ratio" "$size_ratio"
} | publish archive
