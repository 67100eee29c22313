#!/usr/bin/env bash
# `ocds build` on a store where one contracting process has many releases: memory stays bounded
# (merged release by release, release packages beyond a budget spilled to a scratch file), and
# the record is what `ocds compile` makes of the same releases.   one_process_memory.sh OCDS OUT_DIR
#
# 1. 50,000 releases of one ocid (2 kB each, 100 MB in all), stored as map stores them
#    (releases/<ocid>/<stamp>.json): peak RSS below the limit. Before, build held every release
#    (its text, its Value, its package and bulk item) and merged them all at once: 1,069 MB
#    here; after, 113 MB: the record (a link per release), its copies in the bulk files' lanes
#    and a few hundred bytes of bookkeeping per release (path, digest, link).
# 2. 3,000 releases (beyond the spill budget) whose file names are not in date order and some of
#    which share a date: the record package's record is byte for byte the record that
#    `ocds compile --package --versioned --linked-releases` makes of the stored releases; release
#    files, JSON Lines and bulk packages hold each stored release.
set -euo pipefail
ocds=$1
out=$2
config=examples/san-pedro/publisher.ini
many=50000
limit_mb=256
rm -rf "$out"
mkdir -p "$out"
fail() { echo "one_process_memory: FAIL: $*" >&2; exit 1; }

# The store's metadata as map writes it (the example's publisher, version and extensions).
"$ocds" map --config "$config" --store "$out/example" --now 2024-09-06T18:00:00Z examples/san-pedro/export-1.jsonl 2>/dev/null
for store in many shuffled; do
  mkdir -p "$out/$store"
  cp "$out/example/package-metadata.json" "$out/$store/"
done

# store folder ocid count mode: "many" names each file by its date (as map does); "shuffled"
# names them so that name order is not date order, with every fifth date repeated.
python3 - "$out" "$many" <<'PY'
import datetime, os, sys
out, many = sys.argv[1], int(sys.argv[2])
start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
def write(store, ocid, count, shuffled):
    folder = os.path.join(out, store, "releases", ocid)
    os.makedirs(folder)
    for n in range(count):
        second = n - n % 5 if shuffled and n % 5 == 1 else n  # a repeated date
        date = (start + datetime.timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")
        stamp = date.replace("-", "").replace(":", "")
        name = "%07d" % ((n * 7919) % count) if shuffled else stamp
        # The many releases change the amount ten times (their versioned release stays small);
        # the shuffled ones change title and status too.
        title, status = ("Obra %d" % (n % 3), "active" if n % 2 else "planned") if shuffled else ("Obra", "active")
        described = "" if shuffled else ',"description":"%s"' % ("Rehabilitación de banquetas y alumbrado. " * 50)
        release = ('{"ocid":"%s","id":"%s-%d","date":"%s","tag":["%s"],'
                   '"tender":{"id":"t","title":"%s"%s,"status":"%s",'
                   '"value":{"amount":%d,"currency":"MXN"}}}'
                   % (ocid, ocid, n, date, "tender" if n == 0 else "tenderUpdate", title, described, status,
                      n // 5000))
        fd = os.open(os.path.join(folder, name + ".json"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, release.encode())
        os.close(fd)
write("many", "ocds-sp5p3d-many-1", many, False)
write("shuffled", "ocds-sp5p3d-shuffled-1", 3000, True)
PY

# Runs a command; prints its peak resident memory in MB.
peak_mb() { python3 tests/cli/peak_mb.py "$@"; }

mb=$(peak_mb "$ocds" build -q --config "$config" --store "$out/many" --out "$out/many-site" --now 2024-09-07T00:00:00Z) ||
  fail "build failed"
echo "build of one process of $many releases: ${mb} MB peak"
(( mb < limit_mb )) || fail "build peaked at ${mb} MB (limit ${limit_mb} MB)"
python3 - "$out/many-site/records/ocds-sp5p3d-many-1.json" "$many" <<'PY' || fail "the record of the process of many releases"
import json, sys
package = json.load(open(sys.argv[1]))
record = package["records"][0]
count = int(sys.argv[2])
assert len(record["releases"]) == count and len(package["packages"]) == count, "a link per release"
assert record["releases"][-1]["date"] == package["publishedDate"], "dated by the latest release"
compiled = record["compiledRelease"]
assert compiled["tender"]["value"]["amount"] == (count - 1) // 5000, "the latest release wins"
assert len(record["versionedRelease"]["tender"]["value"]["amount"]) == (count - 1) // 5000 + 1
PY
[[ $(find "$out/many-site/releases" -name '*.json' | wc -l) == "$many" ]] || fail "not a release file per release"

"$ocds" build -q --config "$config" --store "$out/shuffled" --out "$out/shuffled-site" --now 2024-09-07T00:00:00Z ||
  fail "build of the shuffled store failed"
# The stored releases in store order (file name order), packaged with the store's metadata.
python3 - "$out/shuffled" "$out/shuffled.json" <<'PY'
import json, os, sys
store, target = sys.argv[1:]
folder = os.path.join(store, "releases", "ocds-sp5p3d-shuffled-1")
package = json.load(open(os.path.join(store, "package-metadata.json")))
package["releases"] = [json.load(open(os.path.join(folder, name))) for name in sorted(os.listdir(folder))]
json.dump(package, open(target, "w"), ensure_ascii=False)
PY
"$ocds" compile -q --package --versioned --linked-releases \
  --release-url 'https://datos.sanpedro.gob.mx/ocds/releases/{ocid}/{id}.json' "$out/shuffled.json" -o "$out/compiled.json" \
  2>"$out/compile-warnings.txt" ||
  fail "compile failed"
python3 - "$out/shuffled-site" "$out/compiled.json" "$out/shuffled" <<'PY' || fail "the shuffled process"
import glob, gzip, json, os, sys
site, compiled, store = sys.argv[1:]
ocid = "ocds-sp5p3d-shuffled-1"
text = open(os.path.join(site, "records", ocid + ".json"), encoding="utf-8").read()
expected = json.dumps(json.load(open(compiled))["records"][0], ensure_ascii=False, separators=(",", ":"))
# The record package ends with its record: {...,"records":[<record>]}
assert text.endswith(',"records":[' + expected + "]}"), "the record differs from compile's"
dates = [link["date"] for link in json.loads(text)["records"][0]["releases"]]
assert dates == sorted(dates), "links in date order"
folder = os.path.join(store, "releases", ocid)
stored = sorted(json.dumps(json.load(open(os.path.join(folder, name))), ensure_ascii=False, separators=(",", ":"))
                for name in os.listdir(folder))
files = sorted(glob.glob(os.path.join(site, "releases", ocid, "*.json")))
assert len(files) == len(stored), "a release file per release"
lines = gzip.open(glob.glob(os.path.join(site, "v", "*", "bulk", "all", "releases.jsonl.gz"))[0], "rt").read().splitlines()
assert sorted(lines) == sorted(open(f, encoding="utf-8").read() for f in files), "JSON Lines are the release files"
bulk = []
for part in sorted(glob.glob(os.path.join(site, "v", "*", "bulk", "all", "releases-*.json.gz"))):
    bulk += [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in json.load(gzip.open(part))["releases"]]
assert sorted(bulk) == stored, "the bulk packages hold the stored releases"
PY
echo "one_process_memory: ok"
