#!/usr/bin/env bash
# CMake configures with each build option switched off alone and with all of them off (a test
# once needed a benchmark generator that OCDS_BUILD_BENCHMARKS=OFF did not build).
#   configure_options.sh SOURCE_DIR SCRATCH_DIR
set -euo pipefail
source_dir=$1
scratch=$2
rm -rf "$scratch"
mkdir -p "$scratch"
combinations=(
  "-DOCDS_BUILD_TESTS=OFF"
  "-DOCDS_BUILD_EXAMPLES=OFF"
  "-DOCDS_BUILD_BENCHMARKS=OFF"
  "-DOCDS_BUILD_TESTS=OFF -DOCDS_BUILD_EXAMPLES=OFF -DOCDS_BUILD_BENCHMARKS=OFF"
  "-DOCDS_WERROR=ON"
)
failed=0
for index in "${!combinations[@]}"; do
  combination=${combinations[$index]}
  # shellcheck disable=SC2086  # the options are separate words on purpose
  if cmake -S "$source_dir" -B "$scratch/$index" $combination >"$scratch/$index.log" 2>&1; then
    echo "configures: $combination"
  else
    echo "FAIL: cmake $combination" >&2
    tail -n 20 "$scratch/$index.log" >&2
    failed=1
  fi
done
rm -rf "$scratch"
exit "$failed"
