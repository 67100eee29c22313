#!/usr/bin/env bash
# `ocds indicators` on the San Pedro example.   indicators_flow.sh OCDS OUT_DIR   (from the source root)
# Checks: the same figures from every input shape (releases, compiled releases, a record package,
# the publication's bulk records); the CSV against its golden; figures recomputed here in Python
# from the compiled releases for a few indicators; usage and data errors.
set -euo pipefail
ocds=$1
out=$2
config=examples/san-pedro/publisher.ini
as_of=2024-09-27T19:00:00Z
here=tests/cli/indicators
rm -rf "$out"
mkdir -p "$out"
fail() { echo "indicators_flow: FAIL: $*" >&2; exit 1; }
"$ocds" map --config "$config" --store "$out/store" --now 2024-09-06T18:00:00Z -o "$out/releases-1.json" \
  examples/san-pedro/export-1.jsonl 2>/dev/null
"$ocds" map --config "$config" --store "$out/store" --now 2024-09-27T18:00:00Z -o "$out/releases-2.json" \
  examples/san-pedro/export-2.jsonl 2>/dev/null
"$ocds" compile --package --config "$config" "$out/releases-1.json" "$out/releases-2.json" -o "$out/records.json" 2>/dev/null
"$ocds" compile "$out/releases-1.json" "$out/releases-2.json" -o "$out/compiled.jsonl" 2>/dev/null
"$ocds" build --config "$config" --store "$out/store" --out "$out/site" --now "$as_of" >/dev/null 2>&1

echo "== the same figures from every shape"
"$ocds" indicators -q --as-of $as_of "$out/releases-1.json" "$out/releases-2.json" -o "$out/from-releases.json"
"$ocds" indicators -q --as-of $as_of "$out/records.json" -o "$out/from-records.json"
"$ocds" indicators -q --as-of $as_of "$out"/site/v/*/bulk/all/records.jsonl.gz -o "$out/from-bulk.json"
"$ocds" indicators -q --as-of $as_of < "$out/compiled.jsonl" > "$out/from-compiled.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
load = lambda name: json.load(open(f"{out}/{name}"))
releases, records, bulk, compiled = (load(f"from-{n}.json") for n in ("releases", "records", "bulk", "compiled"))
assert releases == records, "releases and the record package disagree"
assert records == bulk, "the record package and the bulk records disagree"
site = load("site/dashboard/indicators.json")
assert site["groups"] == records["groups"], "the dashboard's figures differ from the command's"
# Bare compiled releases declare no extension: only the data-quality counts may differ.
strip = lambda data: [{**g, "followUp": {**g["followUp"], "quality": None}} for g in data["groups"]]
assert strip(compiled) == strip(records), "compiled releases give other figures"
assert compiled["groups"][0]["followUp"]["quality"]["warnings"] > 0, "bare compiled releases should warn (no extension)"
assert records["groups"][0]["followUp"]["quality"]["errors"] == 0
print("   the same figures from releases, a record package, the bulk records and compiled releases")

# A few figures recomputed from the compiled releases, independently of the C++ code.
processes = [json.loads(line) for line in open(f"{out}/compiled.jsonl")]
projects = [p for p in processes if "participatoryBudget" in p.get("planning", {})]
overall = records["groups"][0]
assert overall["edition"] is None and overall["sector"] is None
pb = lambda p: p["planning"]["participatoryBudget"]
assert overall["feasibility"]["projects"] == len(projects)
assert overall["execution"]["winners"] == sum(1 for p in projects if pb(p).get("winner"))
assert overall["feasibility"]["feasibility"]["unfeasible"] == sum(1 for p in projects if pb(p).get("feasibility") == "unfeasible")
contracting = [p for p in processes if "tender" in p or p.get("awards") or p.get("contracts")]
assert overall["followUp"]["processes"] == len(contracting)
direct = sum(1 for p in contracting if p.get("tender", {}).get("procurementMethod") == "direct")
assert overall["followUp"]["direct"]["processes"] == direct
paid = sum(t["value"]["amount"] for p in contracting for c in p.get("contracts", [])
           for t in c.get("implementation", {}).get("transactions", []))
winners = {p["ocid"] for p in projects if pb(p).get("winner")}
linked = lambda p: next((r["identifier"] for r in p.get("relatedProcesses", []) if "planning" in r["relationship"]), None)
paid_winners = sum(t["value"]["amount"] for p in contracting if linked(p) in winners for c in p.get("contracts", [])
                   for t in c.get("implementation", {}).get("transactions", []))
assert abs(overall["execution"]["amounts"]["paid"]["MXN"] - paid_winners) < 0.005, (overall["execution"]["amounts"]["paid"], paid_winners)
suppliers = {s["id"] for p in contracting for a in p.get("awards", []) if a.get("status") in ("active", None) for s in a.get("suppliers", [])}
assert overall["followUp"]["suppliers"]["distinct"] == len(suppliers)
for edition in records["editions"]:
    group = next(g for g in records["groups"] if g["edition"] == edition["id"] and g["sector"] is None)
    assert group["feasibility"]["projects"] == sum(1 for p in projects if pb(p)["edition"]["id"] == edition["id"])
print(f"   recomputed: {len(projects)} projects, {overall['execution']['winners']} winners, {len(contracting)} contracting processes, "
      f"{len(suppliers)} suppliers, paid {paid:.2f} in all, {paid_winners:.2f} to winners")
PY

echo "== CSV: one row per group"
"$ocds" indicators -q --as-of $as_of --format csv "$out/records.json" -o "$out/indicators.csv"
cmp "$out/indicators.csv" "$here/expected/indicators.csv" || { diff "$out/indicators.csv" "$here/expected/indicators.csv" | head; fail "the CSV differs from its golden"; }

echo "== errors"
set +e
"$ocds" indicators --as-of yesterday "$out/records.json" > /dev/null 2> "$out/err"; code=$?
[[ $code == 2 ]] && grep -q -- "--as-of 'yesterday'" "$out/err" || fail "a bad --as-of: exit $code, $(cat "$out/err")"
"$ocds" indicators --format xml "$out/records.json" > /dev/null 2>&1; code=$?
[[ $code == 2 ]] || fail "--format xml: exit $code"
head -c 2000 "$out/records.json" > "$out/truncated.json"
"$ocds" indicators -o "$out/none.json" "$out/truncated.json" 2> "$out/err"; code=$?
[[ $code == 1 ]] && grep -q "truncated.json" "$out/err" || fail "a truncated file: exit $code, $(cat "$out/err")"
[[ ! -e $out/none.json ]] || fail "a failed run left its output"
echo '{"version": "1.1", "records": [{"ocid": "ocds-x-1", "releases": [{"url": "https://example.org/r.json", "date": "2024-01-01T00:00:00Z"}]}]}' > "$out/linked.json"
"$ocds" indicators "$out/linked.json" > /dev/null 2> "$out/err"; code=$?
[[ $code == 1 ]] && grep -q "compiled release" "$out/err" || fail "a record without a compiled release: exit $code, $(cat "$out/err")"
set -e
echo "indicators_flow: ok"
