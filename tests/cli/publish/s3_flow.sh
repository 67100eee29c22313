#!/usr/bin/env bash
# `ocds publish` to an S3 API server (s3rver, started here on loopback).   s3_flow.sh OCDS OUT_DIR
# Checks, as for nginx: every manifest entry read back over HTTP has its sha256; the second
# export sends only the files that changed (counted by the tool and in the server's log); a
# publish killed half way leaves latest.json naming a complete version and the re-run completes;
# pull reads s3:// too. An unknown key is a clear 403 that never shows the secret, and missing
# credentials are a usage error. s3rver does not check signatures: the unit test
# test_transfer_signature.cpp checks ours against AWS's published examples.
set -euo pipefail
ocds=$1
out=$2
config=examples/san-pedro/publisher.ini
servers=tests/servers
rm -rf "$out"
mkdir -p "$out"
fail() { echo "s3_flow: FAIL: $*" >&2; exit 1; }
cleanup() { bash $servers/s3.sh stop "$out/s3" || true; }
trap cleanup EXIT
map() { "$ocds" map --config "$config" --store "$out/store" --now "$1" "$2" 2>/dev/null || fail "map $2"; }
build() { "$ocds" build --config "$config" --store "$out/store" --out "$1" --now "$2" "${@:3}" >/dev/null 2>&1 || fail "build $1"; }
puts() { grep -c 'Stored object ".*" in bucket "pub"' "$out/s3/s3.log" || true; }
changed_files() { python3 $servers/changed_files.py "$1" "$2"; }

port=$(bash $servers/s3.sh start "$out/s3") || fail "the S3 server did not start"
endpoint=http://127.0.0.1:$port
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
echo "== s3rver on port $port"

echo "== export 1, then export 2: only the changed files are sent"
map 2024-09-06T18:00:00Z examples/san-pedro/export-1.jsonl
build "$out/site-1" 2024-09-06T19:00:00Z
summary=$("$ocds" publish "$out/site-1" --to s3://pub/ocds --endpoint "$endpoint" 2>&1) || fail "$summary"
echo "$summary"
expected=$(changed_files - "$out/site-1/v/20240906T190000Z/manifest.json")
[[ $summary =~ :\ $expected\ uploaded ]] || fail "expected $expected files sent"
[[ $(puts) == "$expected" ]] || fail "the server saw $(puts) PUTs, expected $expected"
python3 $servers/check_publication.py "$endpoint/pub/ocds" --complete --expect-version 20240906T190000Z \
  || fail "served v1"
map 2024-09-27T18:00:00Z examples/san-pedro/export-2.jsonl
cp -a "$out/site-1" "$out/site-2"
build "$out/site-2" 2024-09-27T19:00:00Z
before=$(puts)
summary=$("$ocds" publish "$out/site-2" --to s3://pub/ocds --endpoint "$endpoint" 2>&1) || fail "$summary"
echo "$summary"
expected=$(changed_files "$out/site-1/v/20240906T190000Z/manifest.json" "$out/site-2/v/20240927T190000Z/manifest.json")
[[ $summary =~ :\ $expected\ uploaded ]] || fail "expected $expected files sent"
[[ $(( $(puts) - before )) == "$expected" ]] || fail "the server saw $(( $(puts) - before )) PUTs, expected $expected"
python3 $servers/check_publication.py "$endpoint/pub/ocds" --complete --expect-version 20240927T190000Z \
  || fail "served v2"

echo "== pull from s3://"
"$ocds" pull s3://pub/ocds --endpoint "$endpoint" --out "$out/pulled" 2>/dev/null || fail "pull from S3"
cmp "$out/pulled/bulk/all/records.jsonl.gz" "$out/site-2/v/20240927T190000Z/bulk/all/records.jsonl.gz" || fail "pulled file differs"

echo "== a publish killed half way: latest.json names a complete version; the re-run completes"
"$ocds" publish "$out/site-1" --to s3://pub/kill --endpoint "$endpoint" 2>/dev/null || fail "publish v1 to kill/"
start=$(puts)
"$ocds" publish "$out/site-2" --to s3://pub/kill --endpoint "$endpoint" --jobs 1 --limit-rate 40000 >/dev/null 2>&1 &
publisher=$!
for _ in $(seq 300); do (( $(puts) > start + 20 )) && break; sleep 0.1; done
kill -KILL $publisher
wait $publisher 2>/dev/null || true
sent=$(( $(puts) - start ))
(( sent > 20 && sent < expected )) || fail "the kill came at $sent of $expected PUTs"
python3 $servers/check_publication.py "$endpoint/pub/kill" --expect-version 20240906T190000Z \
  || fail "after the kill, latest.json does not name a complete version"
echo "   killed after $sent of $expected PUTs; latest.json names the complete version 1"
"$ocds" publish "$out/site-2" --to s3://pub/kill --endpoint "$endpoint" 2>/dev/null || fail "the re-run failed"
python3 $servers/check_publication.py "$endpoint/pub/kill" --complete --expect-version 20240927T190000Z \
  || fail "after the re-run"

echo "== credentials: an unknown key is a clear 403 without the secret; none is a usage error"
set +e
message=$(AWS_ACCESS_KEY_ID=UNKNOWN AWS_SECRET_ACCESS_KEY=not-to-be-printed "$ocds" publish "$out/site-1" --to s3://pub/other \
  --endpoint "$endpoint" 2>&1)
code=$?
[[ $code == 1 && $message =~ HTTP\ 403\ \(check\ the\ credentials && $message =~ InvalidAccessKeyId ]] \
  || fail "an unknown key ($code): $message"
[[ $message != *not-to-be-printed* ]] || fail "the secret was printed"
message=$(env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$ocds" publish "$out/site-1" --to s3://pub/x 2>&1); code=$?
[[ $code == 2 && $message =~ needs\ credentials ]] || fail "missing credentials ($code): $message"
set -e
echo "s3_flow: OK"
