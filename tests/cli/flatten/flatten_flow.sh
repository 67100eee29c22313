#!/usr/bin/env bash
# `ocds flatten` on the San Pedro example.   flatten_flow.sh OCDS OUT_DIR   (from the source root)
# Maps export-1 to releases, compiles them, flattens the compiled releases and checks with
# python3's csv module: one processes row per compiled release, in order; each table's rows
# are the objects of the JSON (ids, keys and a few values compared); every row as wide as its
# header; the summary lines match the files. Then: --gzip decompresses to the same bytes,
# --bom adds only EF BB BF, a record package, standard input and the releases themselves
# (compiled first) give the same tables, an existing table needs -O, records without
# compiledRelease are compiled from their embedded releases (linked ones only: an error), and
# versioned releases are errors.
set -euo pipefail
ocds=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
fail() { echo "flatten_flow: FAIL: $*" >&2; exit 1; }

"$ocds" map --config examples/san-pedro/publisher.ini --store "$out/store" --now 2024-09-06T18:00:00Z \
  examples/san-pedro/export-1.jsonl -o "$out/releases.json" 2>/dev/null || fail "map"
"$ocds" compile "$out/releases.json" > "$out/compiled.jsonl" || fail "compile"

echo "== flatten the compiled releases"
"$ocds" flatten "$out/compiled.jsonl" -o "$out/tables" 2> "$out/summary.txt" || fail "flatten"
cat "$out/summary.txt"
python3 - "$out" <<'PY'
import csv, io, json, os, re, sys
out = sys.argv[1]
tables = os.path.join(out, "tables")
# Exact number texts, as the CSV keeps them.
releases = [json.loads(line, parse_float=str, parse_int=str) for line in open(os.path.join(out, "compiled.jsonl"), encoding="utf-8")]
assert releases, "no compiled releases"

def read(name):
    with open(os.path.join(tables, name + ".csv"), newline="", encoding="utf-8") as f:
        raw = f.read()
    assert raw.endswith("\r\n"), name + ": records must end with CRLF"
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    header, body = rows[0], rows[1:]
    for number, row in enumerate(body, 2):
        assert len(row) == len(header), f"{name}.csv record {number}: {len(row)} cells, header has {len(header)}"
    assert len(set(header)) == len(header), name + ": duplicate column names"
    return header, [dict(zip(header, row)) for row in body]

def objects(parent, key):
    value = parent.get(key) if isinstance(parent, dict) else None
    return value if isinstance(value, list) else []

def text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value

expected = {name: [] for name in ("parties", "items", "awards", "contracts", "payments", "milestones", "documents")}
for r in releases:
    ocid = r["ocid"]
    planning, tender = r.get("planning", {}), r.get("tender", {})
    expected["parties"] += [(ocid, p["id"]) for p in objects(r, "parties")]
    expected["awards"] += [(ocid, a["id"]) for a in objects(r, "awards")]
    expected["contracts"] += [(ocid, c["id"]) for c in objects(r, "contracts")]
    expected["items"] += [(ocid, "tender", "", i["id"]) for i in objects(tender, "items")]
    for a in objects(r, "awards"):
        expected["items"] += [(ocid, "awards", a["id"], i["id"]) for i in objects(a, "items")]
    for c in objects(r, "contracts"):
        expected["items"] += [(ocid, "contracts", c["id"], i["id"]) for i in objects(c, "items")]
        expected["payments"] += [(ocid, c["id"], t["id"]) for t in objects(c.get("implementation", {}), "transactions")]
    for kind in ("milestones", "documents"):
        expected[kind] += [(ocid, "planning", "", m["id"]) for m in objects(planning, kind)]
        expected[kind] += [(ocid, "tender", "", m["id"]) for m in objects(tender, kind)]
        if kind == "documents":
            for a in objects(r, "awards"):
                expected[kind] += [(ocid, "awards", a["id"], d["id"]) for d in objects(a, kind)]
        for c in objects(r, "contracts"):
            expected[kind] += [(ocid, "contracts", c["id"], m["id"]) for m in objects(c, kind)]
            expected[kind] += [(ocid, "contracts/implementation", c["id"], m["id"]) for m in objects(c.get("implementation", {}), kind)]

keys = {"parties": ["ocid", "id"], "awards": ["ocid", "id"], "contracts": ["ocid", "id"],
        "items": ["ocid", "in", "parentID", "id"], "payments": ["ocid", "contractID", "id"],
        "milestones": ["ocid", "in", "parentID", "id"], "documents": ["ocid", "in", "parentID", "id"]}

header, processes = read("processes")
assert header[0] == "ocid"
assert [row["ocid"] for row in processes] == [r["ocid"] for r in releases], "processes.csv: not one row per compiled release, in order"
for row, r in zip(processes, releases):
    assert row["date"] == r["date"] and row["tag"] == ";".join(r["tag"]), row["ocid"]
    if "tender" in r and "value" in r["tender"]:
        assert row["tender/value/amount"] == r["tender"]["value"]["amount"], row["ocid"]
for column in header:
    assert not re.match(r"(parties|awards|contracts)(/|$)|tender/(items|documents|milestones)(/|$)", column), "a table's array in processes.csv: " + column

summary = {}
for line in open(os.path.join(out, "summary.txt"), encoding="utf-8"):
    match = re.fullmatch(r"(.*)/(\w+)\.csv: (\d+) rows?, (\d+) columns?\n", line)
    assert match, "summary line: " + line
    summary[match.group(2)] = (int(match.group(3)), int(match.group(4)))
assert summary["processes"] == (len(releases), len(header)), summary["processes"]

for name, rows_expected in expected.items():
    if not rows_expected:
        assert not os.path.exists(os.path.join(tables, name + ".csv")), name + ".csv written without rows"
        continue
    header, rows = read(name)
    assert header[:len(keys[name])] == keys[name], f"{name}.csv key columns: {header}"
    got = [tuple(row[k] for k in keys[name]) for row in rows]
    assert got == rows_expected, f"{name}.csv: {len(got)} rows, the JSON has {len(rows_expected)} objects (or keys differ)"
    assert summary[name] == (len(rows), len(header)), name
    print(f"{name}.csv: {len(rows)} rows, as in the JSON")
assert len(summary) == 1 + sum(1 for rows in expected.values() if rows)

# Values: awards' amounts and suppliers (joined with ';'), parties' roles.
_, awards = read("awards")
awards_json = [a for r in releases for a in objects(r, "awards")]
for row, award in zip(awards, awards_json):
    assert row["value/amount"] == text(award.get("value", {}).get("amount")), row["id"]
    assert row["suppliers/id"] == ";".join(s["id"] for s in award.get("suppliers", [])), row["id"]
    assert row["suppliers/name"] == ";".join(s.get("name", "") for s in award.get("suppliers", [])), row["id"]
_, parties = read("parties")
for row, party in zip(parties, [p for r in releases for p in objects(r, "parties")]):
    assert row["roles"] == ";".join(party.get("roles", [])), row["id"]
    assert row["name"] == party.get("name", ""), row["id"]
print(f"processes.csv: {len(processes)} rows, one per compiled release")
PY

echo "== --gzip: the same bytes, compressed"
"$ocds" flatten --gzip -q "$out/compiled.jsonl" -o "$out/gzip" || fail "flatten --gzip"
[[ $(ls "$out/tables" | sed 's/$/.gz/') == $(ls "$out/gzip") ]] || fail "--gzip wrote other tables"
for file in "$out"/tables/*.csv; do
  name=$(basename "$file")
  [[ $(head -c 2 "$out/gzip/$name.gz" | od -An -tx1 | tr -d ' ') == 1f8b ]] || fail "$name.gz is not gzip"
  gzip -dc "$out/gzip/$name.gz" | cmp -s - "$file" || fail "$name.gz does not decompress to $name"
done

echo "== --bom: EF BB BF, then the same bytes"
"$ocds" flatten --bom -q "$out/compiled.jsonl" -o "$out/bom" || fail "flatten --bom"
for file in "$out"/tables/*.csv; do
  name=$(basename "$file")
  [[ $(head -c 3 "$out/bom/$name" | od -An -tx1 | tr -d ' ') == efbbbf ]] || fail "$name has no BOM"
  tail -c +4 "$out/bom/$name" | cmp -s - "$file" || fail "$name with --bom differs beyond the BOM"
done

echo "== a record package and standard input give the same tables"
"$ocds" compile --package --config examples/san-pedro/publisher.ini "$out/releases.json" -o "$out/records.json" 2>/dev/null || fail "compile --package"
"$ocds" flatten -q "$out/records.json" -o "$out/from-records" || fail "flatten records"
"$ocds" flatten -q -o "$out/from-stdin" < "$out/compiled.jsonl" || fail "flatten stdin"
diff -r "$out/tables" "$out/from-records" >/dev/null || fail "a record package gives other tables"
diff -r "$out/tables" "$out/from-stdin" >/dev/null || fail "standard input gives other tables"

echo "== releases are compiled first: the same tables as their compiled releases, one row per process"
"$ocds" flatten "$out/releases.json" -o "$out/from-releases" 2> "$out/releases-summary.txt" || fail "flatten releases"
grep -Eq "^ocds flatten: [0-9]+ releases compiled first into $(wc -l < "$out/compiled.jsonl") contracting processes" \
  "$out/releases-summary.txt" || fail "no note that releases were compiled: $(cat "$out/releases-summary.txt")"
diff -r "$out/tables" "$out/from-releases" >/dev/null || fail "releases give other tables than their compiled releases"

echo "== an existing table needs -O; -O replaces and removes tables left without rows"
before=$(sha256sum "$out"/tables/*.csv)
if "$ocds" flatten -q "$out/compiled.jsonl" -o "$out/tables" 2> "$out/exists.txt"; then fail "flatten over existing tables succeeded"; fi
grep -q "exists already" "$out/exists.txt" || fail "no 'exists already' message: $(cat "$out/exists.txt")"
[[ $(sha256sum "$out"/tables/*.csv) == "$before" ]] || fail "a refused run changed the tables"
[[ $(ls -A "$out/tables" | grep -cv '\.csv$') == 0 ]] || fail "a refused run left files: $(ls -A "$out/tables")"
head -n 1 "$out/compiled.jsonl" | python3 -c '
import json, sys
release = json.loads(sys.stdin.read())
for key in ("parties", "awards", "contracts", "planning", "tender"):
    release.pop(key, None)
print(json.dumps(release))' > "$out/bare.jsonl"
"$ocds" flatten -O -q "$out/bare.jsonl" -o "$out/tables" || fail "flatten -O"
[[ $(ls "$out/tables") == processes.csv ]] || fail "-O left old tables: $(ls "$out/tables")"

echo "== records without compiledRelease: compiled from their embedded releases; with linked releases only, an error"
# (python rewrites numbers such as 968770.00 as 968770.0: the same package with its compiled
# releases kept, through python too, is what the tables are compared with)
python3 -c '
import json, sys
package = json.load(open(sys.argv[1]))
json.dump(package, open(sys.argv[3], "w"))
for record in package["records"]:
    del record["compiledRelease"]
json.dump(package, open(sys.argv[2], "w"))' "$out/records.json" "$out/uncompiled.json" "$out/roundtrip.json"
"$ocds" flatten -q "$out/uncompiled.json" -o "$out/uncompiled" || fail "records with embedded releases only"
"$ocds" flatten -q "$out/roundtrip.json" -o "$out/roundtrip" || fail "records through python"
diff -r "$out/roundtrip" "$out/uncompiled" >/dev/null || fail "records' embedded releases give other tables"
"$ocds" compile --package --linked-releases --release-url 'https://example.org/{ocid}/{id}.json' --uri https://example.org/records.json \
  "$out/releases.json" -o "$out/linked.json" 2>/dev/null || fail "compile --linked-releases"
python3 -c '
import json, sys
package = json.load(open(sys.argv[1]))
for record in package["records"]:
    del record["compiledRelease"]
json.dump(package, open(sys.argv[2], "w"))' "$out/linked.json" "$out/linked-only.json"
if "$ocds" flatten "$out/linked-only.json" -o "$out/linked" 2> "$out/linked.txt"; then fail "a record with linked releases only was flattened"; fi
grep -q "linked-only.json.*without a compiled release or embedded releases" "$out/linked.txt" || fail "message: $(cat "$out/linked.txt")"
[[ ! -e $out/linked || -z $(ls -A "$out/linked") ]] || fail "files left after an error: $(ls -A "$out/linked")"
echo "== versioned releases are an error"
"$ocds" compile --versioned "$out/releases.json" > "$out/versioned.jsonl" 2>/dev/null || fail "compile --versioned"
if "$ocds" flatten "$out/versioned.jsonl" -o "$out/versioned" 2> "$out/versioned.txt"; then fail "a versioned release was flattened"; fi
grep -q "found a versioned release" "$out/versioned.txt" || fail "message: $(cat "$out/versioned.txt")"
echo "flatten_flow: OK"
