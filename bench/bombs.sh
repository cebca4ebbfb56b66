#!/usr/bin/env bash
# Hostile archives refused: how long jlite takes to say no, beside reading the archive once.
#
#   bench/bombs.sh
#
# zip     a zip of one 10 GiB entry of zeros (about 10 MB): `jlite build --app-archive` it; floor: sha256sum of it
# tar     a gzipped tar of 1,000,000 empty files: the same; floors: `tar tzf`, which lists every entry, and
#         `tar xzf` of its first 10,001 entries, which writes what jlite writes before it stops at the limit
# wheel   a wheel whose RECORD inflates to 3 GiB (about 3 MB), given to --piplite-wheels after a good build of the
#         demo's app into the same output; floor: sha256sum of it
# Each must be refused (exit 1) in under 5 s, the tar within 1.5x its floor where the disk is slower than that
# (least of three runs); the tests (HostileInputTests) check what each run writes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_args="$*"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
assets="${JLITE_ASSETS:-$root/.cache/assets}"
"$root/scripts/fetch-assets.sh" galaxy-app >/dev/null
bench_work

python3 - "$work" <<'PY'
import os, struct, sys, tarfile, io, zlib, gzip
work = sys.argv[1]
MIB = 1 << 20

def flushed_zeros():
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(bytes(MIB)) + c.flush(zlib.Z_FULL_FLUSH)

def zip_with_zeros(path, size, bomb_name, small):
    """A zip64 archive: the small entries (stored), then bomb_name, SIZE bytes of zeros as a deflate stream of one
    flushed block repeated (so the gigabytes are never compressed), honest sizes and CRC."""
    chunk, n = flushed_zeros(), size // MIB
    crc, zeros = 0, bytes(MIB)
    for _ in range(n):
        crc = zlib.crc32(zeros, crc)
    entries = [(name.encode(), data.encode(), 0, len(data), len(data), zlib.crc32(data.encode())) for name, data in small]
    central, offset = b"", 0
    with open(path, "wb") as f:
        for name, data, method, csize, usize, c in entries:
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, method, 0, 0x21, c, csize, usize, len(name), 0) + name + data)
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, method, 0, 0x21, c, csize, usize, len(name),
                                   0, 0, 0, 0, 0, offset) + name
            offset = f.tell()
        name, csize = bomb_name.encode(), n * len(chunk) + 2
        extra = struct.pack("<HHQQ", 1, 16, n * MIB, csize)
        f.write(struct.pack("<IHHHHHIIIHH", 0x04034b50, 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra))
                + name + extra)
        for _ in range(n):
            f.write(chunk)
        f.write(b"\x03\x00")
        cextra = struct.pack("<HHQQQ", 1, 24, n * MIB, csize, offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 45, 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                               len(name), len(cextra), 0, 0, 0, 0, 0xFFFFFFFF) + name + cextra
        cd_offset = f.tell()
        f.write(central)
        count = len(entries) + 1
        z64 = f.tell()
        f.write(struct.pack("<IQHHIIQQQQ", 0x06064b50, 44, 45, 45, 0, 0, count, count, len(central), cd_offset))
        f.write(struct.pack("<IIQI", 0x07064b50, 0, z64, 1))
        f.write(struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))

zip_with_zeros(os.path.join(work, "bomb.zip"), 10 << 30, "package/zeros.bin", [("package/index.html", "<html/>")])
os.makedirs(os.path.join(work, "wheels"))
zip_with_zeros(os.path.join(work, "wheels", "bomb-1.0-py3-none-any.whl"), 3 << 30, "bomb-1.0.dist-info/RECORD",
               [("bomb/__init__.py", ""), ("bomb-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: bomb\nVersion: 1.0\n")])
for name, count in (("many.tgz", 1_000_000), ("first.tgz", 10_001)):
    with gzip.open(os.path.join(work, name), "wb", compresslevel=1) as g:
        with tarfile.open(fileobj=g, mode="w", format=tarfile.USTAR_FORMAT) as t:
            for i in range(1, count + 1):
                t.addfile(tarfile.TarInfo(f"package/f{i:07d}"), io.BytesIO(b""))
PY
mkdir -p "$work/site"

# the least ms of three refused builds (each must exit 1; a refusal leaves the cache as it was)
refuse() {
  local s e code i best=
  for i in 1 2 3; do
    s=$(date +%s%N)
    set +e
    JLITE_NO_BUILD=1 "$root/jlite" build --lite-dir "$work/site" --output-dir "$work/out" --cache-dir "$work/cache" "$@" \
      >"$work/last.out" 2>"$work/last.err"
    code=$?
    set -e
    e=$(date +%s%N)
    [ "$code" = 1 ] || { echo "expected exit 1, got $code:" >&2; cat "$work/last.err" >&2; exit 1; }
    i=$(( (e - s) / 1000000 ))
    { [ -z "$best" ] || [ "$i" -lt "$best" ]; } && best=$i
  done
  echo "$best"
}

app="$assets/galaxy-app/package/static/dist/_output"
zip_ms=$(refuse --app-archive "$work/bomb.zip"); zip_err=$(head -n 1 "$work/last.err")
tar_ms=$(refuse --app-archive "$work/many.tgz"); tar_err=$(head -n 1 "$work/last.err")
sha_zip=$(ms sha256sum "$work/bomb.zip")
tar_floor=$(ms tar tzf "$work/many.tgz")
# what jlite writes before it stops at the entry limit, written by tar
mkdir -p "$work/x"
tar_x=$(ms tar xzf "$work/first.tgz" -C "$work/x")
rm -rf "$work/x"
whl="$work/wheels/bomb-1.0-py3-none-any.whl"
sha_whl=$(ms sha256sum "$whl")
# the wheel after a good build of the demo's app into the same output, which the refusal leaves as it was
JLITE_NO_BUILD=1 "$root/jlite" build --lite-dir "$work/site" --output-dir "$work/out" --cache-dir "$work/cache" \
  --app-archive "$app" >/dev/null 2>&1
whl_ms=$(refuse --app-archive "$app" --piplite-wheels "$whl"); whl_err=$(head -n 1 "$work/last.err")

zip_mb=$(( $(stat -c %s "$work/bomb.zip") >> 20 )); whl_mb=$(( $(stat -c %s "$whl") >> 20 ))
tar_mb=$(( $(stat -c %s "$work/many.tgz") >> 20 ))
row "a ${zip_mb} MB zip of 10 GiB of zeros, refused" "\`sha256sum\` of it" "$sha_zip ms" "$zip_ms ms" \
  "$(ratio "$zip_ms" "$sha_zip")x" "under 5 s" "$(at_most "$zip_ms" 5000)"
row "a ${whl_mb} MB wheel whose RECORD is 3 GiB, refused (a rebuild of the app)" "\`sha256sum\` of it" "$sha_whl ms" \
  "$whl_ms ms" "$(ratio "$whl_ms" "$sha_whl")x" "under 5 s" "$(at_most "$whl_ms" 5000)"
row "a ${tar_mb} MB tar.gz of 1,000,000 entries, refused" "\`tar xzf\` of its first 10,001 (what is written before the limit)" \
  "$tar_x ms" "$tar_ms ms" "$(ratio "$tar_ms" "$tar_x")x" "under 5 s, or within 1.5x the floor" \
  "$(awk -v a="$tar_ms" -v b="$tar_x" 'BEGIN {print (a <= 5000 || a <= 1.5 * b) ? "met" : "not met"}')"
{
  printf 'each refused with exit 1 by `jlite build` (JVM start included):\n'
  printf '  %-52s %6s ms; sha256sum of it %s ms\n' "zip, ${zip_mb} MB, one 10 GiB entry of zeros" "$zip_ms" "$sha_zip"
  printf '    %s\n' "$zip_err"
  printf '  %-52s %6s ms; tar tzf of it %s ms; tar xzf of its first 10,001 entries %s ms\n' \
    "tar.gz, ${tar_mb} MB, 1,000,000 entries" "$tar_ms" "$tar_floor" "$tar_x"
  printf '    %s\n' "$tar_err"
  printf '  %-52s %6s ms; sha256sum of it %s ms\n' "wheel, ${whl_mb} MB, RECORD of 3 GiB (the app built too)" "$whl_ms" \
    "$sha_whl"
  printf '    %s\n' "$whl_err"
} | publish bombs
