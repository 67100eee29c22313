#!/usr/bin/env bash
# `ocds pull` from servers that lie or stall (a real nginx and a silent socket, both started here
# on loopback).   hostile_flow.sh OCDS OUT_DIR CASE
# CASE: duplicate, version, overlong, silent, secrets, insecure (one CTest each).
# Checks: a file longer than its manifest entry is cut at the announced size and nothing of it is
# kept; a manifest listing a path twice, or of another version than latest.json's, is refused;
# a failed pull leaves the local copy whole at its old version, and the next one switches it
# whole; a silent server holds a pull no longer than --timeout over all tries, and the pull says
# what it waits for; credentials in URLs never appear in a message; insecure = true is warned of.
set -euo pipefail
ocds=$1
out=$2
case_name=$3
config=examples/san-pedro/publisher.ini
servers=tests/servers
rm -rf "$out"
mkdir -p "$out"
fail() { echo "hostile_flow: FAIL: $*" >&2; exit 1; }
silent_pid=
cleanup() {
  bash $servers/nginx.sh stop "$out/nginx" 2>/dev/null || true
  [[ -z $silent_pid ]] || kill "$silent_pid" 2>/dev/null || true
}
trap cleanup EXIT
v1=20240906T190000Z
v2=20240927T190000Z
sha() { sha256sum "$1" | cut -d' ' -f1; }
# latest.json of the served site pointing at a manifest (after the test changed it).
point_latest() { # VERSION MANIFEST_PATH
  printf '{"version": "%s", "published": "x", "manifest": "%s", "sha256": "%s"}\n' \
    "$1" "$2" "$(sha "$www/$2")" > "$www/latest.json"
}
same_as_version() { # VERSION: the pulled folder is exactly that version (manifest and every file)
  cmp -s "$out/site/v/$1/manifest.json" "$out/pulled/manifest.json" || fail "the manifest is not $1's"
  while read -r path; do
    cmp -s "$out/site/v/$1/$path" "$out/pulled/$path" || fail "$path is not $1's"
  done < <(cd "$out/site/v/$1" && find . -type f ! -name manifest.json | sed 's|^\./||')
}

"$ocds" map --config "$config" --store "$out/store" --now 2024-09-06T18:00:00Z examples/san-pedro/export-1.jsonl 2>/dev/null
"$ocds" build --config "$config" --store "$out/store" --out "$out/site" --now 2024-09-06T19:00:00Z >/dev/null 2>&1
port=$(bash $servers/nginx.sh start "$out/nginx")
url=http://127.0.0.1:$port/ocds
www=$out/nginx/www/ocds
"$ocds" publish "$out/site" --to "file://$(realpath "$out")/nginx/www/ocds" 2>/dev/null || fail "publish v1"
"$ocds" pull "$url" --out "$out/pulled" 2>/dev/null || fail "pull v1"
same_as_version $v1
"$ocds" map --config "$config" --store "$out/store" --now 2024-09-27T18:00:00Z examples/san-pedro/export-2.jsonl 2>/dev/null
"$ocds" build --config "$config" --store "$out/store" --out "$out/site" --now 2024-09-27T19:00:00Z >/dev/null 2>&1
"$ocds" publish "$out/site" --to "file://$(realpath "$out")/nginx/www/ocds" 2>/dev/null || fail "publish v2"

case_duplicate() {
  echo "== a manifest that lists a path twice is refused"
  manifest=v/$v2/manifest.json
  python3 -c '
import json, sys
manifest = json.load(open(sys.argv[1]))
manifest["files"].append(dict(next(f for f in manifest["files"] if f["path"].endswith("releases.jsonl.gz"))))
json.dump(manifest, open(sys.argv[1], "w"))' "$www/$manifest"
  point_latest $v2 "$manifest"
  set +e
  message=$("$ocds" pull "$url" --out "$out/pulled" 2>&1); code=$?
  set -e
  [[ $code == 1 && $message =~ releases.jsonl.gz\ is\ listed\ twice ]] || fail "a duplicate path was accepted ($code): $message"
  same_as_version $v1
}

case_version() {
  echo "== a manifest of another version than latest.json's is refused"
  manifest=v/$v2/manifest.json
  python3 -c '
import json, sys
manifest = json.load(open(sys.argv[1]))
manifest["version"] = "20300101T000000Z"
json.dump(manifest, open(sys.argv[1], "w"))' "$www/$manifest"
  point_latest $v2 "$manifest"
  set +e
  message=$("$ocds" pull "$url" --out "$out/pulled" 2>&1); code=$?
  set -e
  [[ $code == 1 && $message =~ the\ manifest\ is\ of\ version\ 20300101T000000Z,\ not\ $v2 ]] \
    || fail "a manifest of another version was accepted ($code): $message"
  same_as_version $v1
}

case_overlong() {
  echo "== a file longer than its manifest entry: cut at the announced size, nothing kept, the old version intact;"
  echo "   after the repair, the next pull switches the folder whole to the new version"
  big=bulk/all/records.jsonl.gz
  cp "$www/v/$v2/$big" "$out/big.good"
  size=$(stat -c %s "$out/big.good")
  head -c 20000000 /dev/zero >> "$www/v/$v2/$big"
  set +e
  message=$("$ocds" pull "$url" --out "$out/pulled" --retries 0 2>&1); code=$?
  set -e
  [[ $code == 1 ]] || fail "an overlong file gave exit $code: $message"
  [[ $message =~ records.jsonl.gz:\ the\ server\ sent\ more\ than\ the\ $size\ bytes\ expected ]] \
    || fail "the overlong file is not named as such: $message"
  [[ $message =~ keeps\ the\ version\ it\ had ]] || fail "the summary does not say the folder is unchanged: $message"
  [[ -z $(find "$out/pulled" -name 'records.jsonl.gz*' -size +$((size / 1024 + 1))k) ]] || fail "more than $size bytes were kept"
  [[ ! -e $out/pulled/.ocds-pull/$v2/partial/$big ]] || fail "the overlong file's bytes were kept to resume from"
  same_as_version $v1
  cp "$out/big.good" "$www/v/$v2/$big"
  "$ocds" pull "$url" --out "$out/pulled" 2>/dev/null || fail "the pull after the repair failed"
  same_as_version $v2
  [[ ! -e $out/pulled/.ocds-pull/$v2 ]] || fail "the staging folder was left behind"
  [[ -z $(cd "$out/pulled" && find . -type f ! -path './.ocds-pull/*' | sed 's|^\./||' | grep -vxF -f <(cd "$out/site/v/$v2" && find . -type f | sed 's|^\./||')) ]] \
    || fail "files of $v1 only were left beside $v2's"
}

case_silent() {
  echo "== a silent server: given up after --timeout over all tries, and named while waited for"
  silent_port_file=$out/silent.port
  python3 -c '
import socket, sys, time
server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0)); server.listen(64); server.settimeout(1)
open(sys.argv[1], "w").write(str(server.getsockname()[1]))
held, end = [], time.time() + 300
while time.time() < end:
    try: held.append(server.accept()[0])   # accept, then never answer
    except socket.timeout: pass
' "$silent_port_file" &
  silent_pid=$!
  for _ in $(seq 50); do [[ -s $silent_port_file ]] && break; sleep 0.1; done
  set +e
  message=$("$ocds" pull "http://127.0.0.1:$(cat "$silent_port_file")/ocds" --out "$out/silent" --timeout 7 --retries 5 2>&1); code=$?
  set -e
  [[ $code == 1 && $message =~ latest.json:\ nothing\ moved\ for\ 7\ s ]] || fail "the silent server ($code): $message"
  [[ ! $message =~ tries ]] || fail "a silent server was tried again past the timeout: $message"
  [[ $message =~ waiting\ for\ GET\ http://127.0.0.1:[0-9]+/ocds/latest.json:\ nothing\ for\ 5\ s\ \(gives\ up\ at\ 7\ s\) ]] \
    || fail "the pull did not say what it waits for: $message"
}

case_secrets() {
  echo "== credentials never appear in a message, whatever the URL's form"
  for target in "http://user:pa/ss-word@127.0.0.1:$port/nothing" "http://user:s3cret-word@127.0.0.1:$port/nothing" \
                "file://user:s3cret-word@/tmp/nothing" "https://user:pa%2Fss-word@127.0.0.1:1/nothing"; do
    set +e
    message=$("$ocds" pull "$target" --out "$out/x" --retries 0 2>&1); code=$?
    set -e
    [[ $code != 0 ]] || fail "pull from $target succeeded"
    [[ ! $message =~ (ss-word|s3cret|pa%2F) ]] || fail "a password was printed: $message"
  done
  set +e
  message=$(OCDS_PASSWORD=s3cret-word "$ocds" publish "$out/site" --to "http://user@127.0.0.1:1/x" --retries 0 2>&1)
  set -e
  [[ ! $message =~ s3cret ]] || fail "a password was printed: $message"
}

case_insecure() {
  echo "== insecure = true in a configuration file is warned of on every run"
  for section in "" "[pull]"; do
    printf '%s\ninsecure = true\n' "$section" > "$out/insecure.ini"
    message=$("$ocds" pull "$url" --config "$out/insecure.ini" --out "$out/pulled" 2>&1) || fail "pull with insecure: $message"
    [[ $message =~ warning:\ TLS\ certificates\ are\ not\ verified ]] || fail "no warning for insecure = true in '$section': $message"
  done
  message=$("$ocds" pull "$url" --out "$out/pulled" 2>&1)
  [[ ! $message =~ TLS ]] || fail "a warning without insecure: $message"
}

declare -F "case_$case_name" >/dev/null || fail "no case '$case_name'"
"case_$case_name"
echo "hostile_flow $case_name: OK"
