#!/usr/bin/env bash
# Download throughput from a loopback HTTP server (sequential vs parallel) and the unpack time of the
# real pyodide npm tarball, each beside a floor measured in the same run.
#
#   bench/sources.sh [files] [MB per file]     (default 16 files of 16 MB)
#
# floor for downloads: curl, one file after another, into the same disk (JVM start included for jlite)
# floor for unpacking: tar xzf of the same tarball
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_args="$*"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
files="${1:-16}"
mb="${2:-16}"
"$root/scripts/fetch-assets.sh" pyodide-0.27.7 >/dev/null
"$root/jlite" --version >/dev/null
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/www"
for i in $(seq "$files"); do head -c $((mb * 1024 * 1024)) /dev/urandom > "$work/www/f$i.bin"; done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$work/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/f1.bin" -o /dev/null && break; sleep 0.1; done

urls=(); for i in $(seq "$files"); do urls+=("http://127.0.0.1:$port/f$i.bin"); done
curl_all() { mkdir -p "$work/curl"; for u in "${urls[@]}"; do curl -sf "$u" -o "$work/curl/$(basename "$u")"; done; }
# jlite also hashes what it downloads (sha256, to cache by content and check pins): the fair floor adds that.
curl_sha() { curl_all; sha256sum "$work"/curl/* >/dev/null; }
fetch() { JLITE_NO_BUILD=1 "$root/jlite" fetch --cache-dir "$work/cache-$1" --LiteBuildConfig.max_parallel_downloads="$1" "${urls[@]}"; }

total=$((files * mb))
rounds="${ROUNDS:-3}"
# Each measurement starts after `sync`, so none pays for the dirty pages of the one before.
c=(); ch=(); s1=(); s4=()
for _ in $(seq "$rounds"); do
  rm -rf "$work"/curl "$work"/cache-*; sync
  c+=("$(ms curl_all)"); rm -rf "$work"/curl; sync
  ch+=("$(ms curl_sha)"); sync
  s1+=("$(ms fetch 1)"); sync
  s4+=("$(ms fetch 4)")
done
t_curl=$(printf '%s\n' "${c[@]}" | median)
t_curl_sha=$(printf '%s\n' "${ch[@]}" | median)
t_seq=$(printf '%s\n' "${s1[@]}" | median)
t_par=$(printf '%s\n' "${s4[@]}" | median)
rate() { awk -v mb="$total" -v ms="$1" 'BEGIN { printf "%7.0f MB/s", mb / (ms / 1000) }'; }
tgz=$(ls "${JLITE_ASSETS:-$root/.cache/assets}"/pyodide-0.27.7/*.tgz)
size=$(du -m "$tgz" | cut -f1)
mkdir -p "$work/tar"
sync; t_tar=$(ms tar xzf "$tgz" -C "$work/tar")
unpack() { JLITE_NO_BUILD=1 "$root/jlite" fetch --cache-dir "$work/cache-unpack" "$tgz!/package/package.json"; }
sync; t_unpack=$(ms unpack)
t_again=$(ms unpack)
t_jvm=$(ms "$root/jlite" --version)
row "downloads, $total MB from loopback" "curl + \`sha256sum\`" "$t_curl_sha ms" "$t_par ms (4 at a time)" "$(ratio "$t_par" "$t_curl_sha")x" "" ""
row "unpacking $(basename "$tgz")" "\`tar xzf\`" "$t_tar ms" "$t_unpack ms (JVM start included)" "$(ratio "$t_unpack" "$t_tar")x" "" ""
{
  printf 'downloads from a loopback server: %s files x %s MB = %s MB, median of %s rounds\n' "$files" "$mb" "$total" "$rounds"
  printf '  %-34s %6s ms  %s\n' "curl, one after another (floor)" "$t_curl" "$(rate "$t_curl")"
  printf '  %-34s %6s ms  %s\n' "curl + sha256sum (fair floor)" "$t_curl_sha" "$(rate "$t_curl_sha")"
  printf '  %-34s %6s ms  %s\n' "jlite fetch, 1 at a time" "$t_seq" "$(rate "$t_seq")"
  printf '  %-34s %6s ms  %s\n' "jlite fetch, 4 at a time" "$t_par" "$(rate "$t_par")"
  printf 'unpacking %s (%s MB packed, %s files)\n' "$(basename "$tgz")" "$size" "$(find "$work/tar" -type f | wc -l)"
  printf '  %-34s %6s ms\n' "tar xzf (floor)" "$t_tar"
  printf '  %-34s %6s ms\n' "jlite fetch ...!/ (unpack, cold)" "$t_unpack"
  printf '  %-34s %6s ms\n' "jlite fetch ...!/ (cached)" "$t_again"
  printf '  %-34s %6s ms\n' "jlite --version (JVM start)" "$t_jvm"
} | publish sources
