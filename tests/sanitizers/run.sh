#!/usr/bin/env bash
# The unit and command-line tests again, on the build of tests/sanitizers/build.sh (clang, ASan and
# UBSan, no recovery). Any sanitizer report fails, even one from a test that expects `ocds` to fail
# or hides its stderr: reports go to files, and a run that leaves one fails.
#   tests/sanitizers/run.sh [CTEST ARGS...]     e.g. -R 'compile|unit' to run fewer
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${SANITIZE_BUILD_DIR:-build-sanitize}
[[ ${OCDS_SANITIZE_BUILT:-} == 1 ]] || bash tests/sanitizers/build.sh
reports=$(realpath "$build")/sanitizer-reports
rm -rf "$reports"
mkdir -p "$reports"
# exitcode 99: never the 1 or 2 a test may expect. log_path: a report lands in a file whatever
# the test does with stderr.
export ASAN_OPTIONS="exitcode=99:log_path=$reports/asan:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="exitcode=99:log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"
# The progress test on a tenth of its usual work: every command is several times slower here,
# and a quarter of a second is all a progress line needs.
export OCDS_PROGRESS_TEST_RELEASES=15000 OCDS_PROGRESS_TEST_PROJECTS=200
status=0
# Not the memory tests (label memory): they measure peak RSS, which ASan's shadow memory inflates.
# Not the oracle run over ~90,000 generated documents (20 minutes here, seconds in the main suite):
# the same code runs here on every single-value change of the fixtures' releases.
ctest --test-dir "$build" -L '^(unit|cli)$' -LE '^memory$' -E '^on generated real-like data' \
  --output-on-failure -j2 "$@" || status=$?
if compgen -G "$reports/*" >/dev/null; then
  for report in "$reports"/*; do
    echo "== sanitizer report $report" >&2
    head -n 60 "$report" >&2
  done
  echo "sanitizers: FAIL: $(ls "$reports" | wc -l) sanitizer report(s)" >&2
  exit 1
fi
exit "$status"
