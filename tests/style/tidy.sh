#!/usr/bin/env bash
# clang-tidy with the checks of .clang-tidy on every source file of src/, two at a time; any
# warning fails.   tidy.sh SOURCE_DIR BUILD_DIR   (BUILD_DIR has compile_commands.json)
set -uo pipefail
source_dir=$1
build_dir=$2
command -v clang-tidy >/dev/null || { echo "tidy: clang-tidy is missing (bash setup.sh test installs it)" >&2; exit 1; }
[[ -f $build_dir/compile_commands.json ]] || { echo "tidy: no $build_dir/compile_commands.json" >&2; exit 1; }
cd "$source_dir" || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# GCC 12 compiles C++17 without a -std flag, so the compilation database has none; Clang's
# default is older.
find src -name '*.cpp' -print0 | sort -z |
  xargs -0 -P2 -n8 clang-tidy --quiet -p "$build_dir" --extra-arg=-std=c++17 >"$log" 2>&1
status=$?
# clang-tidy's counts of the warnings it hid (system headers) are noise.
grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' "$log"
if (( status != 0 )); then
  echo "tidy: clang-tidy found problems (above)" >&2
  exit 1
fi
echo "tidy: no warning in $(find src -name '*.cpp' | wc -l) files"
