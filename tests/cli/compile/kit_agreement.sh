#!/usr/bin/env bash
# `ocds compile` gives what OCDS Kit gives on real-shaped data: twelve publisher profiles' messy
# contracting processes (fixtures/kit/, made by ocds_bench_real_like; OCDS Kit's outputs made by
# fixtures/kit/make-expected.py). Compiled and versioned releases, and record packages with
# embedded and linked releases, compared as JSON values (member order aside), process by process;
# a record's releases as a set (ocds lists them in date order, OCDS Kit in input order).
#   kit_agreement.sh OCDS OUT_DIR
set -euo pipefail
ocds=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
kit=fixtures/kit
package=(--uri https://example.org/records.json --published-date 2024-01-01T00:00:00Z --publisher-name Example)

for version in 1.1 1.0; do
  input=$kit/releases-$version.jsonl.gz
  # Exit 0: every process of these fixtures can be merged; warnings (missing and repeated ids,
  # shared dates) go to stderr.
  "$ocds" compile "$input" -o "$out/$version-compiled.jsonl" 2>"$out/$version-stderr.txt"
  "$ocds" compile --versioned "$input" -o "$out/$version-versioned.jsonl" 2>>"$out/$version-stderr.txt"
  "$ocds" compile --package "${package[@]}" "$input" -o "$out/$version-records.json" 2>>"$out/$version-stderr.txt"
  "$ocds" compile --package --linked-releases "${package[@]}" "$input" -o "$out/$version-records-linked.json" \
    2>>"$out/$version-stderr.txt"
done

python3 - "$kit" "$out" <<'PY'
import gzip, json, sys

kit, out = sys.argv[1:3]

def differences(expected, actual, pointer=""):
    """JSON Pointers where two JSON values differ (numbers compared as numbers)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected.keys() | actual.keys():
            token = key.replace("~", "~0").replace("/", "~1")
            if key not in actual:
                yield f"{pointer}/{token}: missing (OCDS Kit has {json.dumps(expected[key], ensure_ascii=False)[:120]})"
            elif key not in expected:
                yield f"{pointer}/{token}: not in OCDS Kit's output ({json.dumps(actual[key], ensure_ascii=False)[:120]})"
            else:
                yield from differences(expected[key], actual[key], f"{pointer}/{token}")
    elif isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for index, (a, b) in enumerate(zip(expected, actual)):
            yield from differences(a, b, f"{pointer}/{index}")
    elif expected != actual or type(expected) is bool != (type(actual) is bool):
        yield (f"{pointer}: OCDS Kit has {json.dumps(expected, ensure_ascii=False)[:160]}, "
               f"ocds has {json.dumps(actual, ensure_ascii=False)[:160]}")

def lines(path, opener=open):
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]

failed = 0
processes = 0
for version in ("1.1", "1.0"):
    for name in ("compiled", "versioned"):
        expected = {item["ocid"]: item for item in lines(f"{kit}/releases-{version}-{name}.jsonl.gz", gzip.open)}
        actual = {item["ocid"]: item for item in lines(f"{out}/{version}-{name}.jsonl")}
        processes += len(expected)
        for ocid in sorted(expected.keys() | actual.keys()):
            found = list(differences(expected.get(ocid), actual.get(ocid)))
            if found:
                failed += 1
                print(f"{version} {name}: {ocid}:", *found[:5], sep="\n  ")
    for name in ("records", "records-linked"):
        [expected] = lines(f"{kit}/releases-{version}-{name}.json.gz", gzip.open)
        [actual] = lines(f"{out}/{version}-{name}.json")
        records = {"expected": expected.pop("records"), "actual": actual.pop("records")}
        found = list(differences(expected, actual))
        if [r["ocid"] for r in records["expected"]] != [r["ocid"] for r in records["actual"]]:
            found.append("/records: the ocids are not the same or not in the same order")
        for e, a in zip(records["expected"], records["actual"]):
            # A record lists its releases in date order here (the order they were merged in, which
            # validate's date-order check expects), in input order in OCDS Kit: compare them as sets.
            for record in (e, a):
                record["releases"].sort(key=lambda r: json.dumps(r, sort_keys=True))
            found += differences(e, a, f"/records/{e['ocid']}")
        processes += len(records["expected"])
        if found:
            failed += 1
            print(f"{version} {name}:", *found[:10], sep="\n  ")
print(f"kit_agreement: {processes} compiled releases, versioned releases and records compared; {failed} outputs differ from OCDS Kit's")
sys.exit(1 if failed else 0)
PY
