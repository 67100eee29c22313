#!/usr/bin/env bash
# Configures and builds everything with clang under AddressSanitizer and UndefinedBehaviorSanitizer
# (no recovery: undefined behaviour stops the program), with libFuzzer's coverage, in one folder
# (build-sanitize/, or $SANITIZE_BUILD_DIR) that tests/sanitizers/run.sh and tests/fuzz/run.sh
# share: one more build of the project instead of two.   tests/sanitizers/build.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in clang clang++; do
  command -v "$tool" >/dev/null || { echo "sanitizers: $tool is missing (bash setup.sh test installs it)" >&2; exit 1; }
done
build=${SANITIZE_BUILD_DIR:-build-sanitize}
# -O1: the sanitizers' advice (readable reports, and a quicker build than -O2).
# ccache when the machine has it (a developer's rebuilds); CI's fresh machine builds once anyway.
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# ccache hashes the ignore list's name, not its contents: an edited list must recompile.
export CCACHE_EXTRAFILES=$PWD/tests/sanitizers/ubsan-ignorelist.txt
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
  -DOCDS_SANITIZE=ON -DOCDS_BUILD_FUZZERS=ON -DOCDS_BUILD_EXAMPLES=OFF "${launcher[@]}" >/dev/null
targets=()
for target in "$@"; do targets+=(--target "$target"); done
# Two jobs at most: the CTest that runs this holds two processors (PROCESSORS 2), whatever the machine.
cmake --build "$build" -j2 "${targets[@]}" >/dev/null
