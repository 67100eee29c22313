#!/usr/bin/env bash
# The HTML validation report in a real browser, end to end:
#   tests/browser/validation_report.sh OCDS_BINARY OUT_DIR [REAL_LIKE_GENERATOR]   (from the repository's root)
# writes the JSON and the HTML report of the same inputs with the real binary, opens the page from
# file:// in Debian's Chromium (validation_report.test.mjs, through playwright-core) and compares
# every number with the JSON report's. Inputs: the validation fixtures (every check, records,
# facts; several files in one page), and with the generator (tests/benchmark's
# ocds_bench_real_like) 20 MB shaped like real publications. Screenshots go to OUT_DIR/<name>-*.png.
set -euo pipefail

fail() { echo "validation-report-browser: FAILED: $*" >&2; exit 1; }
[[ $# -eq 2 || $# -eq 3 ]] || { echo "usage: $0 OCDS_BINARY OUT_DIR [REAL_LIKE_GENERATOR]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ocds=$(realpath "$1")
out=$2
generator=${3:-}
chromium=${CHROMIUM:-/usr/bin/chromium}
cd "$root"

[[ -x $ocds ]] || fail "no ocds binary at $1"
[[ -z $generator || -x $generator ]] || fail "no real-like generator at $generator"
command -v node >/dev/null || fail "node is not installed (apt-get install nodejs npm)"
[[ -x $chromium ]] || fail "no Chromium at $chromium (apt-get install chromium)"
if [[ ! -d $here/node_modules/playwright-core ]]; then
  npm ci --prefix "$here" --no-audit --no-fund || fail "npm ci in tests/browser did not install playwright-core"
fi
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# One page: the JSON and the HTML report of the same files (exit 1: the data has errors), then the browser.
check_report() { # NAME EXAMPLES FILE...
  local name=$1 examples=$2
  shift 2
  local status=0
  "$ocds" validate -q --format json --examples "$examples" "$@" > "$out/$name.json" || status=$?
  [[ $status -le 1 ]] || fail "$name: ocds validate --format json exited $status"
  status=0
  "$ocds" validate -q --format html --examples "$examples" -o "$out/$name.html" "$@" || status=$?
  [[ $status -le 1 && -s $out/$name.html ]] || fail "$name: ocds validate --format html exited $status"
  node "$here/validation_report.test.mjs" --html "$out/$name.html" --json "$out/$name.json" --artifacts "$out" \
    --name "$name" --chromium "$chromium" || fail "$name: the page's checks"
}

check_report fixtures 5 fixtures/validate/invalid-release-package.json fixtures/validate/records.json \
  fixtures/validate/facts.json fixtures/validate/releases.jsonl fixtures/bad/truncated.json
check_report valid 3 fixtures/validate/valid-package.json
if [[ -n $generator ]]; then
  "$generator" --shape packages --size 20M --seed 3 -o "$out/real-like.jsonl" 2> /dev/null || fail "the real-like generator"
  check_report real-like 5 "$out/real-like.jsonl"
  rm -f "$out/real-like.jsonl"
fi
