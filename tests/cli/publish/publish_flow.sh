#!/usr/bin/env bash
# `ocds publish` to a real nginx with WebDAV (Debian's package, started here on loopback) and to
# a folder.   publish_flow.sh OCDS OUT_DIR   (from the source root)
# Checks: every manifest entry fetched over HTTP has its sha256; the second export's publish
# sends only the files that changed (counted by the tool and in nginx's access log); nginx
# killed in the middle of a publish leaves latest.json naming a complete version, and the re-run
# completes; a release that would be replaced is refused; errors are clear (4xx, unreachable).
set -euo pipefail
ocds=$1
out=$2
config=examples/san-pedro/publisher.ini
servers=tests/servers
rm -rf "$out"
mkdir -p "$out"
fail() { echo "publish_flow: FAIL: $*" >&2; exit 1; }
cleanup() { bash $servers/nginx.sh stop "$out/nginx" 2>/dev/null || true; }
trap cleanup EXIT
map() { "$ocds" map --config "$config" --store "$out/store" --now "$1" "$2" 2>/dev/null || fail "map $2"; }
build() { "$ocds" build --config "$config" --store "$out/store" --out "$1" --now "$2" >/dev/null 2>&1 || fail "build $1"; }
puts() { grep -c '"PUT ' "$out/nginx/access.log" || true; }
changed_files() { python3 $servers/changed_files.py "$1" "$2"; }

port=$(bash $servers/nginx.sh start "$out/nginx")
url=http://127.0.0.1:$port/ocds
echo "== nginx on port $port"

echo "== export 1: first publish"
map 2024-09-06T18:00:00Z examples/san-pedro/export-1.jsonl
build "$out/site-1" 2024-09-06T19:00:00Z
summary=$("$ocds" publish "$out/site-1" --to "$url" 2>&1)
echo "$summary"
expected=$(changed_files - "$out/site-1/v/20240906T190000Z/manifest.json")
[[ $summary =~ \(first\ publish\):\ $expected\ uploaded,\ 0\ already ]] || fail "first publish should send $expected files"
[[ $(puts) == "$expected" ]] || fail "nginx saw $(puts) PUTs, expected $expected"
python3 $servers/check_publication.py "$url" --complete --expect-version 20240906T190000Z || fail "served v1"
summary=$("$ocds" publish "$out/site-1" --to "$url" 2>&1)
[[ $summary =~ :\ 0\ uploaded ]] || fail "publishing the same version again sent files: $summary"

echo "== export 2: only the changed files are sent"
map 2024-09-27T18:00:00Z examples/san-pedro/export-2.jsonl
cp -a "$out/site-1" "$out/site-2"
build "$out/site-2" 2024-09-27T19:00:00Z
before=$(puts)
summary=$("$ocds" publish "$out/site-2" --to "$url" 2>&1)
echo "$summary"
expected=$(changed_files "$out/site-1/v/20240906T190000Z/manifest.json" "$out/site-2/v/20240927T190000Z/manifest.json")
total=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['files']) + 3)" "$out/site-2/v/20240927T190000Z/manifest.json")
[[ $summary =~ \(it\ had\ 20240906T190000Z\):\ $expected\ uploaded,\ $((total - expected))\ already ]] \
  || fail "expected $expected of $total files sent"
[[ $(( $(puts) - before )) == "$expected" ]] || fail "nginx saw $(( $(puts) - before )) PUTs, expected $expected"
python3 $servers/check_publication.py "$url" --complete --expect-version 20240927T190000Z || fail "served v2"
echo "   $expected of $total files sent"

echo "== to a folder (file://)"
"$ocds" publish "$out/site-2" --to "file://$(realpath -m "$out/folder")" 2>/dev/null || fail "publish to a folder"
(cd "$out/site-2" && python3 -c "
import json,hashlib,sys
m=json.load(open('latest.json'))['manifest']
for f in json.load(open(m))['files']:
    assert hashlib.sha256(open('../folder/'+f['path'],'rb').read()).hexdigest()==f['sha256'], f['path']
") || fail "the folder copy differs"
cmp "$out/site-2/latest.json" "$out/folder/latest.json" || fail "latest.json differs"

echo "== nginx killed in the middle of a publish: latest.json names a complete version; the re-run completes"
kill_url=$url-kill
"$ocds" publish "$out/site-1" --to "$kill_url" 2>/dev/null || fail "publish v1 to $kill_url"
start=$(puts)
set +e
"$ocds" publish "$out/site-2" --to "$kill_url" --jobs 1 --limit-rate 40000 --retries 0 >"$out/killed.log" 2>&1 &
publisher=$!
set -e
for _ in $(seq 300); do (( $(puts) > start + 20 )) && break; sleep 0.1; done
sent_before_kill=$(( $(puts) - start ))
(( sent_before_kill > 20 && sent_before_kill < expected )) || fail "the kill came at $sent_before_kill of $expected PUTs"
bash $servers/nginx.sh kill "$out/nginx"
! curl -s -o /dev/null --max-time 2 "$url/latest.json" || fail "nginx still answers after the kill"
set +e; wait $publisher; code=$?; set -e
[[ $code == 1 ]] || fail "the interrupted publish exited $code"
grep -q "ocds publish: error: PUT $kill_url/" "$out/killed.log" || fail "no clear error: $(cat "$out/killed.log")"
# Read straight from the served folder: latest.json still names version 1, complete.
python3 - "$out/nginx/www/ocds-kill" <<'PY' || fail "after the kill, latest.json does not name a complete version"
import hashlib, json, os, sys
root = sys.argv[1]
latest = json.load(open(os.path.join(root, "latest.json")))
assert latest["version"] == "20240906T190000Z", latest
manifest = json.load(open(os.path.join(root, latest["manifest"])))
for f in manifest["files"]:
    data = open(os.path.join(root, f["path"]), "rb").read()
    if f.get("current"):
        json.loads(data) if f["path"].endswith(".json") else None
    else:
        assert hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]
assert not os.path.exists(os.path.join(root, "v/20240927T190000Z/manifest.json")), "v2's manifest is there"
PY
echo "   killed after $sent_before_kill of $expected PUTs; latest.json names the complete version 1"
bash $servers/nginx.sh start "$out/nginx" >/dev/null
summary=$("$ocds" publish "$out/site-2" --to "$kill_url" 2>&1) || fail "the re-run failed: $summary"
echo "$summary"
python3 $servers/check_publication.py "$kill_url" --complete --expect-version 20240927T190000Z || fail "after the re-run"

echo "== a release the target has with other content is refused before anything is sent"
# Another store mapped with another buyer name gives the same release ids with other bytes.
"$ocds" map --config "$config" --buyer-name "Otro municipio" --store "$out/store-x" --now 2024-09-06T18:00:00Z \
  examples/san-pedro/export-1.jsonl 2>/dev/null || fail "map store-x"
"$ocds" build --config "$config" --store "$out/store-x" --out "$out/site-x" --now 2024-10-01T00:00:00Z >/dev/null 2>&1
before=$(puts)
set +e
message=$("$ocds" publish "$out/site-x" --to "$url" 2>&1); code=$?
set -e
[[ $code == 1 && $message =~ never\ replaced ]] || fail "a changed release was not refused ($code): $message"
[[ $(puts) == "$before" ]] || fail "files were sent before the refusal"
python3 $servers/check_publication.py "$url" --complete --expect-version 20240927T190000Z >/dev/null || fail "the refusal changed the target"

echo "== clear errors"
set +e
message=$("$ocds" publish "$out/site-2" --to "http://127.0.0.1:$port/no/such/folder" --retries 0 2>&1); code=$?
[[ $code == 1 && $message =~ HTTP\ 409.*folder\ above ]] || fail "missing parent folder ($code): $message"
message=$("$ocds" publish "$out/site-2" --to "http://127.0.0.1:1/ocds" --retries 1 2>&1); code=$?
[[ $code == 1 && $message =~ GET\ http://127.0.0.1:1/ocds/latest.json:.*\(after\ 2\ tries\) ]] || fail "unreachable ($code): $message"
message=$("$ocds" publish "$out/site-2" --to "ftp://example.org/x" 2>&1); code=$?
[[ $code == 2 ]] || fail "an ftp:// target should be a usage error ($code): $message"
message=$("$ocds" publish "$out/no-site" --to "$url" 2>&1); code=$?
[[ $code == 2 && $message =~ not\ a\ built\ site ]] || fail "a missing site ($code): $message"
message=$("$ocds" publish "$out/site-2" --to "http://user:secret@127.0.0.1:1/ocds" --retries 0 2>&1); code=$?
[[ $message != *secret* ]] || fail "a password was printed: $message"
set -e
echo "publish_flow: OK"
