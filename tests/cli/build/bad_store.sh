#!/usr/bin/env bash
# `ocds build` on a release store with one bad stored release: exit 1, and the error names that
# release's file (never "<stdin> (byte 0)", nor only its folder).   bad_store.sh OCDS OUT_DIR
set -euo pipefail
ocds=$1
out=$2
config=examples/san-pedro/publisher.ini
rm -rf "$out"
mkdir -p "$out"
fail() { echo "bad_store: FAIL: $*" >&2; exit 1; }
"$ocds" map --config "$config" --store "$out/store" --now 2024-09-06T18:00:00Z examples/san-pedro/export-1.jsonl 2>/dev/null
# sed, not head: head leaves early, sort may then die of SIGPIPE, and pipefail fails the script.
file=$(find "$out/store/releases" -name '*.json' | sort | sed -n 1p)
cp "$file" "$out/good.json"
edit() { python3 -c "import json, sys; r = json.load(open(sys.argv[1])); $1; print(json.dumps(r))" "$out/good.json"; }
cases=('{"ocid": "x", "id":' '[1, 2]' "$(edit 'r["id"] = ""')" "$(edit 'del r["date"]')" "$(edit 'r["ocid"] = "x" * 300')")
for bad in "${cases[@]}"; do
  printf '%s\n' "$bad" > "$file"
  set +e
  message=$("$ocds" build --config "$config" --store "$out/store" --out "$out/site" --now 2024-09-07T00:00:00Z 2>&1 >/dev/null)
  code=$?
  set -e
  echo "$message"
  [[ $code == 1 ]] || fail "exit $code for ${bad:0:40}"
  [[ $message == *"$file"* ]] || fail "the error does not name $file: $message"
  [[ $message != *"<stdin>"* ]] || fail "the error says <stdin>: $message"
done
echo "bad_store: OK"
