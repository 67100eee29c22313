#!/usr/bin/env bash
# Builds the libFuzzer target with clang (ASan + UBSan) in build-fuzz/ and runs it for a bounded
# time on a corpus seeded from the fixtures. Any crash, sanitizer report or hang fails.
#   tests/fuzz/run.sh [SECONDS]     (default 60)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
for tool in clang clang++; do
  command -v "$tool" >/dev/null || { echo "fuzz: $tool is missing (bash setup.sh test installs it)" >&2; exit 1; }
done
build=${FUZZ_BUILD_DIR:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCDS_BUILD_FUZZERS=ON \
  -DOCDS_BUILD_TESTS=OFF -DOCDS_BUILD_EXAMPLES=OFF -DOCDS_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_validate >/dev/null
corpus=$build/fuzz-corpus
mkdir -p "$corpus"
cp fixtures/validate/*.json fixtures/formats/*.json fixtures/formats/*.jsonl fixtures/bad/*.json "$corpus"/ 2>/dev/null || true
# Records and packages stay small so that many inputs run in the time given.
"$build/tests/fuzz/fuzz_validate" "$corpus" -max_total_time="$seconds" -max_len=16384 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/" 2>&1 | tail -n 15
