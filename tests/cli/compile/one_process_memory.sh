#!/usr/bin/env bash
# Memory stays flat on one contracting process with a million releases (135 MB, nearly alike,
# as a hostile gzip would hold them): `ocds compile` and `ocds indicators`, which compiles, must
# merge it release by release instead of holding every release. (A versioned release holds its
# history: here the amount changes ten times.)   one_process_memory.sh OCDS OUT_DIR
# Before, compile held the whole process: about 300 MB here, 4.8 GB on 5 million releases.
set -euo pipefail
ocds=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
fail() { echo "one_process_memory: FAIL: $*" >&2; exit 1; }
limit_mb=128

python3 - "$out/one-process.jsonl.gz" <<'PY'
import gzip, sys
with gzip.open(sys.argv[1], "wt", compresslevel=1) as f:
    for n in range(1_000_000):
        f.write('{"ocid":"ocds-abc123-1","id":"r%d","date":"2024-01-01T%02d:%02d:%02d.%03dZ","tag":["tender"],'
                '"tender":{"id":"t","title":"Obra","value":{"amount":%d,"currency":"MXN"}}}\n'
                % (n, n // 3600000, n // 60000 % 60, n // 1000 % 60, n % 1000, n // 100000))
PY

# Runs a command; prints its peak resident memory in MB.
peak_mb() { python3 tests/cli/peak_mb.py "$@"; }

mb=$(peak_mb "$ocds" compile -q "$out/one-process.jsonl.gz" -o "$out/compiled.jsonl") || fail "compile failed"
echo "compile: ${mb} MB peak"
(( mb < limit_mb )) || fail "compile peaked at ${mb} MB (limit ${limit_mb} MB)"
[[ $(wc -l < "$out/compiled.jsonl") == 1 ]] || fail "not one compiled release"
grep -q '"amount":9,"currency":"MXN"' "$out/compiled.jsonl" || fail "the latest release does not win"
grep -q '"date":"2024-01-01T00:16:39.999Z"' "$out/compiled.jsonl" || fail "the compiled release's date is not the latest"

mb=$(peak_mb "$ocds" compile -q --versioned "$out/one-process.jsonl.gz" -o "$out/versioned.jsonl") || fail "compile --versioned failed"
echo "compile --versioned: ${mb} MB peak"
(( mb < limit_mb )) || fail "compile --versioned peaked at ${mb} MB (limit ${limit_mb} MB)"
[[ $(grep -o '"releaseID"' "$out/versioned.jsonl" | wc -l) == 13 ]] ||
  fail "the versioned release should have 10 versions of the amount and one of each of three other fields"

mb=$(peak_mb "$ocds" indicators -q "$out/one-process.jsonl.gz" -o "$out/indicators.json") ||
  fail "indicators failed"
echo "indicators: ${mb} MB peak"
(( mb < limit_mb )) || fail "indicators peaked at ${mb} MB (limit ${limit_mb} MB)"
# Tiny releases sharing one date, fewer bytes than the budget a partition is merged in memory
# under (29 MB; 1.7 MB gzipped): a same-date warning per release weighs more than the release, and they must be
# written as they come. Before, compile peaked at 223 MB here (410 MB at 600,000 releases).
python3 - "$out/tiny.jsonl.gz" <<'PY2'
import gzip, sys
with gzip.open(sys.argv[1], "wt", compresslevel=1) as f:
    for n in range(300_000):
        f.write('{"ocid":"ocds-abc123-2","id":"%d","date":"2024-01-01T00:00:00Z","tender":{"title":"t%d"}}\n' % (n, n))
PY2
mb=$(peak_mb "$ocds" compile -q "$out/tiny.jsonl.gz" -o "$out/tiny.jsonl" --warnings-json "$out/tiny-warnings.jsonl") ||
  fail "compile of tiny releases failed"
echo "compile, 300,000 tiny releases sharing a date: ${mb} MB peak"
(( mb < limit_mb )) || fail "compile of tiny releases peaked at ${mb} MB (limit ${limit_mb} MB)"
[[ $(wc -l < "$out/tiny-warnings.jsonl") == 299999 ]] || fail "not one same-date warning per later release"
grep -q '"title":"t299999"' "$out/tiny.jsonl" || fail "the last release in the input does not win"
echo "one_process_memory: ok"
