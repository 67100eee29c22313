#!/usr/bin/env bash
# The dashboard in a real browser, end to end:
#   tests/browser/run.sh OCDS_BINARY OUT_DIR [PROJECTS_GENERATOR]   (from the repository's root, as CTest runs it)
# builds sites with the real binary, asks `ocds indicators` for the expected numbers, serves the
# sites with a real nginx on loopback and checks each page in Debian's Chromium
# (dashboard.test.mjs, through playwright-core). Sites: the San Pedro example, and with the
# generator (tests/benchmark's ocds_bench_projects) a synthetic city of 2,000 projects whose
# table needs several pages. Screenshots go to OUT_DIR/screenshots/<site>/.
set -euo pipefail

fail() { echo "dashboard-browser: FAILED: $*" >&2; exit 1; }
[[ $# -eq 2 || $# -eq 3 ]] || { echo "usage: $0 OCDS_BINARY OUT_DIR [PROJECTS_GENERATOR]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ocds=$(realpath "$1")
out=$2
generator=${3:-}
chromium=${CHROMIUM:-/usr/bin/chromium}
config=examples/san-pedro/publisher.ini
cd "$root"

[[ -x $ocds ]] || fail "no ocds binary at $1"
[[ -z $generator || -x $generator ]] || fail "no project generator at $generator"
command -v node >/dev/null || fail "node is not installed (apt-get install nodejs npm)"
command -v nginx >/dev/null || fail "nginx is not installed (apt-get install nginx-core)"
[[ -x $chromium ]] || fail "no Chromium at $chromium (apt-get install chromium)"

# 1. playwright-core from the lock file, once; every later run is offline.
if [[ ! -d $here/node_modules/playwright-core ]]; then
  npm ci --prefix "$here" --no-audit --no-fund || fail "npm ci in tests/browser did not install playwright-core"
fi

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# 2. A real nginx on loopback, stopped whatever happens next.
nginx_dir=$out/nginx
trap 'bash "$root/tests/servers/nginx.sh" stop "$nginx_dir" >/dev/null 2>&1 || true' EXIT
port=$(bash tests/servers/nginx.sh start "$nginx_dir") || fail "nginx did not start"

# 3. One site: map each export (FILE@NOW), build as a publisher would, compute the expected
#    numbers again from the site's own bulk records, serve it under /NAME/ and check it.
check_site() { # NAME BUILD_NOW FILE@NOW...
  local name=$1 now=$2 site=$out/$1
  shift 2
  mkdir -p "$site"
  local export
  for export in "$@"; do
    "$ocds" map --config "$config" --store "$site/store" --now "${export#*@}" "${export%@*}" > "$site/map.log" 2>&1 \
      || { cat "$site/map.log" >&2; fail "$name: ocds map ${export%@*}"; }
  done
  "$ocds" build --config "$config" --store "$site/store" --out "$site/site" --now "$now" > "$site/build.log" 2>&1 \
    || { cat "$site/build.log" >&2; fail "$name: ocds build"; }
  local f
  for f in index.html dashboard.css dashboard.js indicators.js indicators.json; do
    [[ -s $site/site/dashboard/$f ]] || fail "$name: ocds build wrote no $site/site/dashboard/$f"
  done
  local records
  records=$(compgen -G "$site/site/v/*/bulk/all/records.jsonl.gz") || fail "$name: no v/*/bulk/all/records.jsonl.gz in the built site"
  "$ocds" indicators --as-of "$now" $records > "$site/expected.json" 2> "$site/indicators.log" \
    || { cat "$site/indicators.log" >&2; fail "$name: ocds indicators"; }
  mkdir -p "$nginx_dir/www/$name"
  cp -r "$site/site/." "$nginx_dir/www/$name/"
  node "$here/dashboard.test.mjs" --url "http://127.0.0.1:$port/$name/dashboard/" --expected "$site/expected.json" \
    --artifacts "$out/screenshots/$name" --file "$site/site/dashboard/index.html" --chromium "$chromium" \
    --city "$(sed -n 's/^city *= *//p' "$config")" \
    || fail "$name: the dashboard's checks"
}

# The San Pedro example: two exports three weeks apart.
check_site san-pedro 2024-09-27T19:00:00Z \
  examples/san-pedro/export-1.jsonl@2024-09-06T18:00:00Z examples/san-pedro/export-2.jsonl@2024-09-27T18:00:00Z
if [[ -n $generator ]]; then
  "$generator" --projects 2000 --seed 7 -o "$out/synthetic.jsonl" 2> /dev/null || fail "the project generator"
  check_site synthetic 2026-05-15T12:00:00Z "$out/synthetic.jsonl@2026-05-15T11:00:00Z"
fi
