#!/usr/bin/env bash
# Runs each libFuzzer target (ASan + UBSan, no recovery) for a bounded time on a corpus seeded from
# the fixtures, on the build of tests/sanitizers/build.sh. Any crash, sanitizer report, leak, hang
# (10 s for one input; $FUZZ_UNIT_TIMEOUT on a machine busy with other work) or exception the
# library does not mean fails. Prints, per target, the executions and the coverage reached.
#   tests/fuzz/run.sh [SECONDS PER TARGET] [TARGET...]   (default 20; every target)
#   targets: validate formats compile map flatten indicators manifest
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
shift || true
targets=("$@")
(( ${#targets[@]} > 0 )) || targets=(validate formats compile map flatten indicators manifest)
build=${SANITIZE_BUILD_DIR:-build-sanitize}
[[ ${OCDS_SANITIZE_BUILT:-} == 1 ]] || bash tests/sanitizers/build.sh "${targets[@]/#/fuzz_}"

seed() { # TARGET FILES...: copy seeds into the target's corpus (kept between runs: it grows)
  local corpus=$build/fuzz-corpus/$1
  shift
  mkdir -p "$corpus"
  for file in "$@"; do
    [[ -f $file ]] && cp "$file" "$corpus/seed-$(basename "$file")"
  done
  return 0
}
shopt -s nullglob
json=(fixtures/validate/*.json fixtures/validate/*.jsonl fixtures/formats/* fixtures/packages/*.json fixtures/bad/*)
seed validate "${json[@]}" fixtures/compile/records*.json
seed formats "${json[@]}" fixtures/compile/release-package.json
seed compile fixtures/compile/* fixtures/formats/*
seed map fixtures/map/*.jsonl
seed flatten fixtures/compile/* fixtures/formats/compiled-release.json fixtures/formats/record*.json
seed indicators fixtures/compile/* fixtures/formats/compiled-release.json fixtures/formats/record*.json
seed manifest tests/fuzz/seeds/manifest/*

status=0
summary=()
for target in "${targets[@]}"; do
  log=$build/fuzz-$target.log
  # One input at a time: records and packages stay small so that many run in the time given.
  set +e
  "$build/tests/fuzz/fuzz_$target" "$build/fuzz-corpus/$target" -dict=tests/fuzz/json.dict \
    -max_total_time="$seconds" -max_len=16384 -timeout="${FUZZ_UNIT_TIMEOUT:-10}" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-$target-" >"$log" 2>&1
  code=$?
  set -e
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  # A target that stops at once has no coverage line: not a reason to end this script early.
  coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1 || true)
  summary+=("$(printf '%-11s %10s executions in %s s, %s' "$target" "${executions:-?}" "$seconds" "${coverage:-no coverage line}")")
  if (( code != 0 )) || grep -qE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|runtime error:|deadly signal' "$log"; then
    echo "fuzz: FAIL: fuzz_$target (exit $code); the input is in $build/fuzz-$target-*; the end of its log:" >&2
    tail -n 40 "$log" >&2
    status=1
  fi
done
printf 'fuzz: %s\n' "${summary[@]}"
exit "$status"
