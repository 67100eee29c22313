#!/usr/bin/env bash
# `ocds build` on the San Pedro example.   build_flow.sh OCDS OUT_DIR   (from the source root)
# Checks: the tree (releases, records, extension, versioned bulk files, manifest, latest.json);
# every manifest entry's size and sha256; every package and bulk file validates; records agree
# with the releases they link; a rebuild of an unchanged store is byte-identical (same site,
# and a fresh site); the second export adds a version with only the changed releases and
# records; --keep removes old versions; package splitting respects its limits; a release file
# that would change and a version that exists with other content are errors that change nothing.
set -euo pipefail
ocds=$1
out=$2
config=examples/san-pedro/publisher.ini
rm -rf "$out"
mkdir -p "$out"
fail() { echo "build_flow: FAIL: $*" >&2; exit 1; }
map() { "$ocds" map --config "$config" --store "$out/store" --now "$1" "$2" 2>/dev/null || fail "map $2"; }
build() { "$ocds" build --config "$config" --store "$out/store" "$@"; }

# Checks every file a manifest lists: present, with its size and sha256; prints the count.
check_manifest() { # site
  python3 - "$1" <<'PY'
import hashlib, json, os, sys
site = sys.argv[1]
latest = json.load(open(os.path.join(site, "latest.json")))
raw = open(os.path.join(site, latest["manifest"]), "rb").read()
assert hashlib.sha256(raw).hexdigest() == latest["sha256"], "latest.json's sha256 is not the manifest's"
manifest = json.loads(raw)
assert manifest["version"] == latest["version"]
for entry in manifest["files"]:
    data = open(os.path.join(site, entry["path"]), "rb").read()
    assert len(data) == entry["size"], entry["path"]
    assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
    assert entry["url"] == "https://datos.sanpedro.gob.mx/ocds/" + entry["path"], entry["url"]
    assert entry.get("current", False) == (entry["kind"] in ("record", "extension", "dashboard")), entry
print(len(manifest["files"]))
PY
}

echo "== export 1: the first version"
map 2024-09-06T18:00:00Z examples/san-pedro/export-1.jsonl
index=$(build --out "$out/site" --now 2024-09-06T19:00:00Z)
[[ $index == "$out/site/index.html" ]] || fail "build printed '$index', not the index path"
v1=20240906T190000Z
for path in latest.json index.html "v/$v1/manifest.json" "v/$v1/index.html" "v/$v1/ocids.txt" \
            "v/$v1/bulk/all/releases.jsonl.gz" "v/$v1/bulk/all/records.jsonl.gz" "v/$v1/bulk/2024/releases-1.json.gz" \
            "v/$v1/bulk/2024/records-1.json.gz" extensions/participatory_budget/extension.json \
            extensions/participatory_budget/codelists/+relatedProcess.csv \
            "releases/ocds-sp5p3d-pb-4738-2024-ADQ-0088/ocds-sp5p3d-pb-4738-2024-ADQ-0088-20240906T180000Z.json" \
            records/ocds-sp5p3d-pb-4738-2024-ADQ-0088.json dashboard/index.html dashboard/indicators.js \
            dashboard/indicators.json "v/$v1/indicators.json" "v/$v1/indicators.csv"; do
  [[ -f $out/site/$path ]] || fail "$path is missing"
done
files=$(check_manifest "$out/site")
releases=$(find "$out/store/releases" -name '*.json' | wc -l)
[[ $(find "$out/site/releases" -name '*.json' | wc -l) == "$releases" ]] || fail "not one release file per stored release"
[[ $(wc -l < "$out/site/v/$v1/ocids.txt") == $(ls "$out/store/releases" | wc -l) ]] || fail "ocids.txt lacks processes"
[[ $(find "$out/site" -name '.staging*' | wc -l) == 0 ]] || fail "a staging folder was left"
echo "$files files in the manifest, all present with their sha256"

echo "== CSV tables: one row per process, UTF-8 with a byte order mark (for Excel), years adding up to all"
python3 - "$out/site/v/$v1" <<'PY'
import csv, glob, gzip, io, json, sys
v = sys.argv[1]
def table(path):
    raw = gzip.open(path).read()
    assert raw.startswith(b"\xef\xbb\xbf"), path + " has no byte order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
processes = table(f"{v}/bulk/all/csv/processes.csv.gz")
assert sorted(row["ocid"] for row in processes) == sorted(open(f"{v}/ocids.txt").read().split())
records = [json.loads(line)["records"][0]["compiledRelease"] for line in gzip.open(f"{v}/bulk/all/records.jsonl.gz")]
awards = table(f"{v}/bulk/all/csv/awards.csv.gz")
assert len(awards) == sum(len(r.get("awards", [])) for r in records)
payments = table(f"{v}/bulk/all/csv/payments.csv.gz")
assert len(payments) == sum(len(c.get("implementation", {}).get("transactions", [])) for r in records for c in r.get("contracts", []))
years = glob.glob(f"{v}/bulk/[0-9]*/csv/processes.csv.gz")
assert years and sum(len(table(y)) for y in years) == len(processes)
print(f"   {len(processes)} processes, {len(awards)} awards, {len(payments)} payments")
PY

echo "== editions: each holds its projects and their processes (as ocds indicators joins them); years and all add up"
"$ocds" indicators --as-of 2024-09-06T19:00:00Z "$out/site/v/$v1/bulk/all/records.jsonl.gz" > "$out/indicators-v1.json" 2>/dev/null \
  || fail "ocds indicators"
check_groups() { # site version indicators.json
  python3 - "$@" <<'PY'
import glob, gzip, json, os, sys, zipfile
site, version, indicators = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
v = f"{site}/v/{version}"
manifest = json.load(open(f"{v}/manifest.json"))
def ocids(path):
    return [json.loads(line)["records"][0]["ocid"] for line in gzip.open(path)]
everything = ocids(f"{v}/bulk/all/records.jsonl.gz")
assert sorted(everything) == sorted(open(f"{v}/ocids.txt").read().split())
years = glob.glob(f"{v}/bulk/[0-9]*/records.jsonl.gz")
assert years and sorted(o for y in years for o in ocids(y)) == sorted(everything), "the years' records are not all's"
want = {}
for project in indicators["projects"]:
    group = want.setdefault(project["edition"], set())
    group.add(project["ocid"])
    group.update(process["ocid"] for process in project["processes"])
by_edition = manifest["counts"]["byEdition"]
assert set(by_edition) == {e for e in want if e is not None}, (list(by_edition), list(want))
in_editions = set()
for edition, entry in by_edition.items():
    folder = f"{site}/{entry['folder']}"
    assert entry["folder"] == f"v/{version}/bulk/edition-{entry['year']}/", entry["folder"]
    got = ocids(f"{folder}/records.jsonl.gz")
    assert set(got) == want[edition] and len(got) == len(set(got)), f"edition {edition}: {sorted(set(got) ^ want[edition])}"
    assert entry["processes"] == len(got), entry
    releases = [json.loads(line)["releases"][0]["ocid"] for line in gzip.open(f"{folder}/releases.jsonl.gz")]
    assert set(releases) == set(got) and entry["releases"] == len(releases), entry
    packaged = [r["ocid"] for part in sorted(glob.glob(f"{folder}/records-*.json.gz")) for r in json.load(gzip.open(part))["records"]]
    assert packaged == got, f"edition {edition}: the record packages and records.jsonl.gz differ"
    files = [f for f in manifest["files"] if f["path"].startswith(entry["folder"])]
    assert files and all(f.get("edition") == edition and "year" not in f for f in files), files[:2]
    assert {f["format"] for f in files} >= {"xlsx", "csv.zip", "processes.csv.gz", "releases.jsonl.gz", "record-package.json.gz"}
    in_editions |= set(got)
assert manifest["counts"]["withoutEdition"]["processes"] == len(set(everything) - in_editions)
# Every group's zip holds its CSV tables, byte for byte, in a folder of the group's name.
zips = glob.glob(f"{v}/bulk/*/tables-*.csv.zip")
assert len(zips) == len(glob.glob(f"{v}/bulk/*/csv/processes.csv.gz")), zips
for path in zips:
    group = os.path.basename(os.path.dirname(path))
    archive = zipfile.ZipFile(path)
    assert archive.testzip() is None, path
    tables = sorted(os.path.basename(t)[:-3] for t in glob.glob(f"{v}/bulk/{group}/csv/*.csv.gz"))
    assert sorted(archive.namelist()) == sorted(f"tables-{group}/{t}" for t in tables), archive.namelist()
    for table in tables:
        assert archive.read(f"tables-{group}/{table}") == gzip.open(f"{v}/bulk/{group}/csv/{table}.gz").read(), (path, table)
# Workbooks: editions and all, none for years.
workbooks = sorted(os.path.basename(p) for p in glob.glob(f"{v}/bulk/*/tables-*.xlsx"))
assert workbooks == sorted([f"tables-edition-{e['year']}.xlsx" for e in by_edition.values()] + ["tables-all.xlsx"]), workbooks
print(f"   {len(by_edition)} editions, {len(years)} years, {len(zips)} zips, {len(workbooks)} workbooks")
PY
}
check_groups "$out/site" "$v1" "$out/indicators-v1.json" || fail "the bulk files by edition, year and all"

echo "== a contracting process whose project comes later in the store still goes to the project's edition"
cp -r "$out/store" "$out/store-later"
python3 - "$out/store-later" <<'PY' || fail "preparing the store"
import os, shutil, sys
store = sys.argv[1]
def folder(ocid):  # the store's escape: a-z, 0-9 and '-' stay, every other byte is _ and two hex digits
    return "".join(c if c.islower() and c.isascii() or c.isdigit() or c == "-" else "_%02x" % b
                   for c, b in ((chr(b), b) for b in ocid.encode()))
old, new = "ocds-sp5p3d-pb-4738-2024-ADQ-0088", "ocds-sp5p3d-aa-4738-2024-ADQ-0088"
source = os.path.join(store, "releases", folder(old))
assert os.path.isdir(source), source
os.makedirs(os.path.join(store, "releases", folder(new)))
for name in os.listdir(source):
    text = open(os.path.join(source, name), encoding="utf-8").read()
    open(os.path.join(store, "releases", folder(new), name), "w", encoding="utf-8").write(text.replace(old, new))
shutil.rmtree(source)
PY
"$ocds" build --config "$config" --store "$out/store-later" --out "$out/site-later" --now 2024-09-06T19:00:00Z >/dev/null 2>&1 \
  || fail "build of the store with a process before its project"
"$ocds" indicators --as-of 2024-09-06T19:00:00Z "$out/site-later/v/$v1/bulk/all/records.jsonl.gz" > "$out/indicators-later.json" 2>/dev/null
check_groups "$out/site-later" "$v1" "$out/indicators-later.json" || fail "a process before its project is not in its edition"
[[ $(zcat "$out"/site-later/v/$v1/bulk/edition-*/records.jsonl.gz | grep -c '"records":\[{"ocid":"ocds-sp5p3d-aa-4738-2024-ADQ-0088"') == 1 ]] \
  || fail "the process set aside is not in one edition's records"

echo "== a workbook opens in LibreOffice, and each sheet has its CSV table's rows, numbers and dates"
command -v soffice >/dev/null || fail "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"
workbook=$(ls "$out"/site/v/$v1/bulk/edition-*/tables-edition-*.xlsx | sed -n 1p)
# Its own profile folder: LibreOffice runs from several tests at once.
soffice --headless "-env:UserInstallation=file://$out/libreoffice" \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
  --outdir "$out/workbook" "$workbook" > "$out/soffice.log" 2>&1 || { cat "$out/soffice.log"; fail "LibreOffice cannot convert $workbook"; }
python3 - "$workbook" "$out/workbook" <<'PY' || fail "the workbook differs from the CSV tables"
import csv, glob, gzip, io, os, re, sys
workbook, converted = sys.argv[1], sys.argv[2]
stem = os.path.basename(workbook)[:-5]
sheets = {"processes": "procesos", "parties": "partes", "items": "artículos", "awards": "adjudicaciones",
          "contracts": "contratos", "payments": "pagos", "milestones": "hitos", "documents": "documentos"}
def rows(path, opener=open):
    with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))
date = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))?$")
checked = numbers = dates = 0
for table, sheet in sheets.items():
    source = os.path.join(os.path.dirname(workbook), "csv", table + ".csv.gz")
    if not os.path.exists(source):
        assert not os.path.exists(f"{converted}/{stem}-{sheet}.csv"), sheet
        continue
    want = rows(source, gzip.open)
    got = rows(f"{converted}/{stem}-{sheet}.csv")
    assert len(got) == len(want), f"{sheet}: {len(got)} rows, the CSV has {len(want)}"
    assert len(got[0]) == len(want[0]), f"{sheet}: {len(got[0])} columns, the CSV has {len(want[0])}"
    assert got[0][0] == "OCID (proceso)", got[0][:3]
    for number, (a, b) in enumerate(zip(got[1:], want[1:]), 2):
        a = a + [""] * (len(b) - len(a))
        for column, (cell, text) in enumerate(zip(a, b)):
            where = f"{sheet} row {number}, column {want[0][column]}"
            match = date.match(text)
            if match and re.search(r"(?i)date|asof", want[0][column]):
                assert cell == match.group(1) + (" " + match.group(2) if match.group(2) else ""), f"{where}: {cell!r} for {text!r}"
                dates += 1
            elif text in ("true", "false"):
                assert cell.lower() == text, f"{where}: {cell!r} for {text!r}"
            elif re.fullmatch(r"-?\d+(\.\d+)?([eE][+-]?\d+)?", text) and len(text.replace("-", "").replace(".", "").lstrip("0")) <= 15:
                assert abs(float(cell) - float(text)) <= 1e-9 * max(1, abs(float(text))), f"{where}: {cell!r} for {text!r}"
                numbers += 1
            else:
                assert cell == text, f"{where}: {cell!r} for {text!r}"
            checked += 1
print(f"   {os.path.basename(workbook)}: {checked} cells as in the CSV, {numbers} numbers and {dates} dates among them")
dictionary = rows(f"{converted}/{stem}-diccionario.csv")
assert dictionary[0] == ["Hoja", "Columna", "Significado", "Ruta en OCDS"], dictionary[0]
assert any(row[3] == "awards/value/amount" and row[1] == "Valor › Monto" for row in dictionary), "no awards/value/amount in the dictionary"
PY

echo "== every package validates; bulk files hold every release and record"
zcat "$out/site/v/$v1/bulk/all/releases.jsonl.gz" > "$out/releases.jsonl"
zcat "$out/site/v/$v1/bulk/all/records.jsonl.gz" > "$out/records.jsonl"
[[ $(wc -l < "$out/releases.jsonl") == "$releases" ]] || fail "releases.jsonl.gz lacks releases"
for f in "$out"/site/v/$v1/bulk/2024/*-1.json.gz; do zcat "$f" > "$out/$(basename "$f" .gz)"; done
"$ocds" validate --format json "$out/releases.jsonl" "$out/records.jsonl" "$out/releases-1.json" "$out/records-1.json" \
  "$out/site/records/ocds-sp5p3d-pb-4738-2024-ADQ-0088.json" > "$out/validation.json" || fail "validation errors"
python3 - "$out/validation.json" <<'PY' || fail "validation found problems"
import json, sys
report = json.load(open(sys.argv[1]))
assert len(report["files"]) == 5
for checked in report["files"]:
    assert checked["findings"] == [], (checked["file"], checked["findings"][:3])
    assert checked["errors"] == 0 and checked["facts"]["unavailable_extensions"] == []
PY
# The records' compiled releases agree with merging the release files they link.
python3 - "$out" <<'PY' || fail "linked releases do not match"
import json, sys, os
out = sys.argv[1]
site = out + "/site"
for line in open(out + "/records.jsonl"):
    package = json.loads(line)
    record = package["records"][0]
    for link in record["releases"]:
        path = link["url"].replace("https://datos.sanpedro.gob.mx/ocds/", "")
        release = json.load(open(os.path.join(site, path)))["releases"][0]
        assert release["ocid"] == record["ocid"] and release["date"] == link["date"], path
    assert package["packages"] == [l["url"] for l in record["releases"]]
PY
"$ocds" compile --package --versioned --uri https://x.example/records.json "$out/releases.jsonl" -o "$out/compiled.json" 2>/dev/null
python3 - "$out" <<'PY' || fail "records differ from ocds compile"
import json, sys
out = sys.argv[1]
compiled = {r["ocid"]: r for r in json.load(open(out + "/compiled.json"))["records"]}
for line in open(out + "/records.jsonl"):
    record = json.loads(line)["records"][0]
    assert record["compiledRelease"] == compiled[record["ocid"]]["compiledRelease"], record["ocid"]
    assert record["versionedRelease"] == compiled[record["ocid"]]["versionedRelease"], record["ocid"]
PY

echo "== a rebuild of the unchanged store is byte-identical"
cp -a "$out/site" "$out/site-before"
summary=$(build --out "$out/site" --now 2024-09-06T19:00:00Z 2>&1 >/dev/null)
[[ $summary =~ \(unchanged\).*\ 0\ release\ files\ and\ 0\ record\ files\ written ]] || fail "rebuild: $summary"
diff -r "$out/site-before" "$out/site" || fail "the rebuild changed files"
build --out "$out/site-fresh" --now 2024-09-06T19:00:00Z 2>/dev/null >/dev/null
bash tests/cli/same_site.sh "$out/site" "$out/site-fresh" || fail "a fresh build differs"

echo "== export 2: a new version; releases are shared, only changed records are rewritten"
map 2024-09-27T18:00:00Z examples/san-pedro/export-2.jsonl
new_releases=$(( $(find "$out/store/releases" -name '*.json' | wc -l) - releases ))
summary=$(build --out "$out/site" --now 2024-09-27T19:00:00Z 2>&1 >/dev/null)
echo "$summary"
[[ $summary =~ \ $new_releases\ release\ files\ and\ ([0-9]+)\ record\ files ]] || fail "expected $new_releases new release files: $summary"
changed_records=${BASH_REMATCH[1]}
(( changed_records > 0 && changed_records <= new_releases )) || fail "$changed_records records rewritten for $new_releases new releases"
changed=$( (diff -rq "$out/site-before/records" "$out/site/records" || true) | wc -l)
[[ $changed == "$changed_records" ]] || fail "$changed record files differ, the summary says $changed_records"
check_manifest "$out/site" >/dev/null
"$ocds" indicators --as-of 2024-09-27T19:00:00Z "$out/site/v/20240927T190000Z/bulk/all/records.jsonl.gz" > "$out/indicators-v2.json" 2>/dev/null
check_groups "$out/site" 20240927T190000Z "$out/indicators-v2.json" || fail "the bulk files by edition of version 2"
[[ -d $out/site/v/$v1 && -d $out/site/v/20240927T190000Z ]] || fail "both versions should be kept"
grep -q '"version": "20240927T190000Z"' "$out/site/latest.json" || fail "latest.json does not name the new version"
grep -q "v/20240927T190000Z/bulk/all/releases.jsonl.gz" "$out/site/index.html" || fail "index.html does not list the new bulk files"

echo "== --keep 1 removes the old version; an older --now is refused"
summary=$(build --out "$out/site" --now 2024-09-28T00:00:00Z --keep 1 2>&1 >/dev/null)
[[ $summary =~ removed\ 2\ old\ versions ]] || fail "keep: $summary"
[[ $(ls "$out/site/v") == 20240928T000000Z ]] || fail "v/ holds $(ls "$out/site/v")"
set +e
message=$(build --out "$out/site" --now 2024-09-01T00:00:00Z 2>&1 >/dev/null); code=$?
set -e
[[ $code == 2 && $message =~ later\ than\ this\ build ]] || fail "an older version was not refused ($code): $message"

echo "== a release file that would change is refused, and nothing changes"
cp -a "$out/site" "$out/site-keep"
victim=$(find "$out/site/releases" -name '*.json' | sort | sed -n 1p)  # sed reads all: head would cut sort off (SIGPIPE, pipefail)
echo '{"tampered": true}' > "$victim"
cp "$victim" "$out/site-keep/${victim#"$out/site/"}"
set +e
message=$(build --out "$out/site" --now 2024-10-01T00:00:00Z 2>&1 >/dev/null); code=$?
set -e
[[ $code == 1 && $message =~ published\ releases\ are\ never\ changed ]] || fail "a changed release was not refused ($code): $message"
diff -r "$out/site-keep" "$out/site" || fail "a refused build changed the site"

echo "== bulk packages are split within the limits"
build --out "$out/site-split" --now 2024-09-27T19:00:00Z --package-max-awards-contracts 10 --package-max-bytes 200000 \
  >/dev/null 2>&1 || fail "split build"
python3 - "$out/site-split" <<'PY' || fail "splitting"
import gzip, json, glob, sys
site = sys.argv[1]
for kind in ("releases", "records"):
    parts = sorted(glob.glob(f"{site}/v/*/bulk/all/{kind}-*.json.gz"))
    assert len(parts) > 2, f"{kind}: {len(parts)} parts"
    items = 0
    for part in parts:
        raw = gzip.open(part).read()
        package = json.loads(raw)
        assert package["uri"].endswith(part.split("/v/", 1)[1]), package["uri"]
        found = package[kind]
        releases = [r["compiledRelease"] for r in found] if kind == "records" else found
        awards = sum(len(r.get("awards", [])) + len(r.get("contracts", [])) for r in releases)
        assert awards <= 10 or len(found) == 1, f"{part}: {awards} awards and contracts"
        assert len(raw) <= 200000 or len(found) == 1, f"{part}: {len(raw)} bytes"
        items += len(found)
    lines = sum(1 for _ in gzip.open(glob.glob(f"{site}/v/*/bulk/all/{kind}.jsonl.gz")[0]))
    assert items == lines, f"{kind}: {items} in packages, {lines} lines"
print("split ok")
PY

echo "== usage errors"
set +e
"$ocds" build --store "$out/store" --out "$out/x" 2>/dev/null; [[ $? == 2 ]] || fail "no --base-uri should be exit 2"
"$ocds" build --config "$config" --store "$out/no-store" --out "$out/x" 2>/dev/null; [[ $? == 2 ]] || fail "no store should be exit 2"
set -e
[[ ! -e $out/no-store ]] || fail "a missing store was created"
echo "build_flow: OK"
