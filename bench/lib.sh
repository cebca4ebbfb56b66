# Sourced by the scripts in bench/ (after they set $root): timing helpers, and `publish`, which prints a
# script's report, keeps it in bench/results/, and regenerates the tables of docs/performance.md from
# every report kept there. BENCH_NO_PUBLISH=1 prints only.

# Milliseconds that a command takes, its output discarded.
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
# The median of the numbers on stdin, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
# a / b, two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# "met" when a <= b (numbers), else "not met".
at_most() { awk -v a="$1" -v b="$2" 'BEGIN {print (a <= b) ? "met" : "not met"}'; }

bench_rows=()
# row FIGURE FLOOR FLOOR-VALUE JLITE-VALUE RATIO TARGET VERDICT: a line of the summary table of
# docs/performance.md (empty fields are written as a dash).
row() { local IFS=$'\t'; bench_rows+=("$*"); }

# publish NAME: the report on stdin is printed, and kept with its rows as bench/results/NAME.{txt,tsv}.
publish() {
  local name="$1" report dir="$root/bench/results"
  report=$(cat)
  printf '%s\n' "$report"
  [ -n "${BENCH_NO_PUBLISH:-}" ] && return 0
  mkdir -p "$dir"
  local changes=""
  git -C "$root" diff --quiet HEAD -- . ':!bench/results' ':!docs/performance.md' 2>/dev/null || changes=" + local changes"
  {
    printf '$ bench/%s.sh%s\n' "$name" "${bench_args:+ $bench_args}"
    printf '# %s, commit %s%s; %s cores, %s GiB; %s\n' "$(date -u +%Y-%m-%d)" \
      "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')" "$changes" "$(nproc)" \
      "$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)" "$(java -version 2>&1 | sed -n 1p)"
    printf '%s\n' "$report"
  } > "$dir/$name.txt"
  if [ ${#bench_rows[@]} -gt 0 ]; then printf '%s\n' "${bench_rows[@]}" > "$dir/$name.tsv"; else rm -f "$dir/$name.tsv"; fi
  python3 "$root/bench/render.py" "$root/docs/performance.md" "$dir"
  echo "(kept in bench/results/$name.txt; docs/performance.md regenerated)" >&2
}

# bench_work: builds the project if needed (outside the measurements), then makes $work, a scratch
# folder removed when the script ends (KEEP=1 keeps it and says where).
bench_work() {
  "$root/jlite" --version >/dev/null
  work=$(mktemp -d)
  if [ -n "${KEEP:-}" ]; then echo "keeping $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
}

# gen_wheels DIR COUNT KB: COUNT pure-Python wheels, stored uncompressed, each with KB kB of random data.
gen_wheels() {
  python3 - "$1" "$2" "$3" <<'PY'
import os, sys, zipfile
out, count, kb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
for i in range(count):
    name = f"pkg{i:04d}"
    with zipfile.ZipFile(os.path.join(out, f"{name}-1.0.{i}-py3-none-any.whl"), "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{name}/__init__.py", f"VALUE = {i}\n")
        z.writestr(f"{name}/data.bin", os.urandom(kb * 1024))
        info = f"{name}-1.0.{i}.dist-info/"
        z.writestr(info + "METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0.{i}\nRequires-Python: >=3.8\n")
        z.writestr(info + "WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        z.writestr(info + "RECORD", f"{name}/__init__.py,,\n{name}/data.bin,,\n{info}METADATA,,\n{info}WHEEL,,\n{info}RECORD,,\n")
PY
}
