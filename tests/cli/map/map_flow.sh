#!/usr/bin/env bash
# The life of the San Pedro example through `ocds map`, and a run killed half way.
#   map_flow.sh OCDS OCDS_BENCH_PROJECTS OUT_DIR      (from the source root)
# Checks: export 1 then export 2 then export 2 again (which writes nothing); every release and
# every package built from them validates with no errors and no additional-field warnings; a
# run killed with SIGKILL and run again leaves the same store as a run never interrupted.
set -euo pipefail
ocds=$1
generate=$2
out=$3
config=examples/san-pedro/publisher.ini
rm -rf "$out"
mkdir -p "$out"
fail() { echo "map_flow: FAIL: $*" >&2; exit 1; }

map() { # store now input package → the summary line
  "$ocds" map --config "$config" --store "$1" --now "$2" "$3" -o "$4" 2>&1
}
releases_in() { find "$1/releases" -name '*.json' | wc -l; }

echo "== export 1, export 2, export 2 again"
first=$(map "$out/store" 2024-08-01T12:00:00Z examples/san-pedro/export-1.jsonl "$out/releases-1.json")
echo "$first"
[[ $first =~ \ 0\ changed,\ 0\ unchanged ]] || fail "the first run changed something: $first"
second=$(map "$out/store" 2024-09-15T12:00:00Z examples/san-pedro/export-2.jsonl "$out/releases-2.json")
echo "$second"
[[ $second =~ [1-9][0-9]*\ new,\ [1-9][0-9]*\ changed ]] || fail "export 2 should add and change processes: $second"
third=$(map "$out/store" 2024-10-01T12:00:00Z examples/san-pedro/export-2.jsonl "$out/releases-3.json")
echo "$third"
[[ $third =~ \ 0\ new,\ 0\ changed,.*\ 0\ releases\ written ]] || fail "mapping export 2 again wrote something: $third"
[[ ! -e $out/releases-3.json ]] || fail "a package with no release was written"

echo "== every release is in a package, and every package validates"
in_packages=$(python3 -c "import json,sys; print(sum(len(json.load(open(f))['releases']) for f in sys.argv[1:]))" \
  "$out/releases-1.json" "$out/releases-2.json")
[[ $in_packages == $(releases_in "$out/store") ]] || fail "$in_packages releases in packages, $(releases_in "$out/store") in the store"
"$ocds" compile --package --versioned --uri https://datos.sanpedro.gob.mx/ocds/records.json \
  "$out/releases-1.json" "$out/releases-2.json" -o "$out/records.json"
"$ocds" compile --check "$out/records.json"
for package in releases-1.json releases-2.json records.json; do
  "$ocds" validate --format json "$out/$package" > "$out/$package.report" || fail "$package does not validate: $(head -c 2000 "$out/$package.report")"
  python3 - "$out/$package.report" <<'PY' || fail "$package: findings"
import json, sys
report = json.load(open(sys.argv[1]))
bad = [f for file in report["files"] for f in file["findings"]
       if f["severity"] in ("error", "warning") and not (f["check"] == "empty-field" and "records" in sys.argv[1])]
for finding in bad[:20]:
    print(finding["severity"], finding["check"], finding["examples"][0]["path"], finding["message"], file=sys.stderr)
if report["errors"] or any(f["check"] == "additional-field" for file in report["files"] for f in file["findings"]) or bad:
    sys.exit(1)
PY
done
echo "ok: $(releases_in "$out/store") releases; packages and records valid"

echo "== a run killed half way, then run again, gives the store of an uninterrupted run"
"$generate" --projects 20000 --seed 7 -o "$out/big.jsonl"
map "$out/clean" 2024-08-01T12:00:00Z "$out/big.jsonl" "$out/clean.json" > /dev/null
"$ocds" map --config "$config" --store "$out/killed" --now 2024-08-01T12:00:00Z "$out/big.jsonl" 2> /dev/null &
pid=$!
for _ in $(seq 1 600); do
  [[ -d $out/killed/releases ]] && (( $(releases_in "$out/killed") > 0 )) && break
  sleep 0.01
done
kill -9 "$pid" 2> /dev/null || true
status=0
wait "$pid" || status=$?
(( status == 137 )) || fail "the run ended (status $status) before it could be killed: make the input bigger"
partial=$(releases_in "$out/killed")
(( partial < $(releases_in "$out/clean") )) || fail "the killed run had written everything"
echo "killed with $partial of $(releases_in "$out/clean") releases written"
map "$out/killed" 2024-08-01T12:00:00Z "$out/big.jsonl" "$out/resumed.json"
diff -r -x .staging "$out/clean" "$out/killed" > /dev/null || fail "the resumed store differs from the clean one"
[[ -z $(ls -A "$out/killed/.staging") ]] || fail "staged files left behind"
echo "ok: the resumed store is the clean store, file for file"
