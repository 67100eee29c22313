#!/usr/bin/env bash
# `ocds update` on the San Pedro example, JSON Lines to a folder.   update_flow.sh OCDS OUT_DIR
# Checks: two nightly runs publish export 1, then export 2, each with one log line per stage and
# the same site and store as map + build + publish run by hand; a run while another holds the
# lock does nothing (exit 3); a failing stage stops the chain and publishes nothing: an unreadable
# input (4), a build refused (5), an unreachable target (6); rejected projects still publish the
# others (exit 1).
set -euo pipefail
ocds=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
fail() { echo "update_flow: FAIL: $*" >&2; exit 1; }
target=$(realpath -m "$out/public")
cat examples/san-pedro/publisher.ini > "$out/publisher.ini"
cat >> "$out/publisher.ini" <<INI

# ocds update
store = $out/store
out = $out/site
to = file://$target
INI
update() { # expected-exit now [args...]
  local expected=$1 now=$2; shift 2
  set +e
  "$ocds" update --config "$out/publisher.ini" --now "$now" "$@" > "$out/stdout" 2> "$out/stderr"
  local code=$?
  set -e
  cat "$out/stderr"
  [[ $code == "$expected" ]] || fail "update $* exited $code, expected $expected"
}
served() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['version'])" "$target/latest.json"; }

echo "== night 1: export 1"
update 0 2024-09-06T18:00:00Z examples/san-pedro/export-1.jsonl
[[ $(grep -c "^ocds update: " "$out/stderr") == 4 ]] || fail "one line per stage (map, build, publish, done)"
grep -q "^ocds update: map: from examples/san-pedro/export-1.jsonl: 94 projects read; processes: 121 new" "$out/stderr" || fail "map line"
grep -q "^ocds update: build: version 20240906T180000Z" "$out/stderr" || fail "build line"
grep -q "^ocds update: publish: version 20240906T180000Z to file://$target (first publish)" "$out/stderr" || fail "publish line"
[[ $(served) == 20240906T180000Z ]] || fail "version 1 served"

echo "== night 2: export 2"
update 0 2024-09-27T18:00:00Z examples/san-pedro/export-2.jsonl
grep -q "processes: 2 new, 60 changed, 61 unchanged" "$out/stderr" || fail "map line of night 2"
[[ $(served) == 20240927T180000Z ]] || fail "version 2 served"

echo "== the same by hand gives the same store, site and folder"
config=examples/san-pedro/publisher.ini
mkdir -p "$out/hand"
for night in "2024-09-06T18:00:00Z 1" "2024-09-27T18:00:00Z 2"; do
  set -- $night
  "$ocds" map -q --config $config --store "$out/hand/store" --now "$1" examples/san-pedro/export-$2.jsonl
  "$ocds" build -q --config $config --store "$out/hand/store" --out "$out/hand/site" --now "$1" >/dev/null
  "$ocds" publish -q --config $config "$out/hand/site" --to "file://$(realpath -m "$out/hand/public")"
done
diff -r -x .update-lock "$out/store" "$out/hand/store" >/dev/null || fail "the store differs from map by hand"
bash tests/cli/same_site.sh "$out/site" "$out/hand/site" >/dev/null || fail "the site differs from build by hand"
diff -r "$target" "$out/hand/public" >/dev/null || fail "the published folder differs from publish by hand"

echo "== a run while another holds the lock: nothing done, exit 3"
cp -a "$target" "$out/before"
python3 -c "import fcntl,os,sys,time; f=open(sys.argv[1],'r+'); fcntl.flock(f,fcntl.LOCK_EX); f.truncate(); f.write(str(os.getpid())); f.flush(); open(sys.argv[2],'w').close(); time.sleep(60)" \
  "$out/store/.update-lock" "$out/locked" & holder=$!
for _ in $(seq 100); do [[ -f $out/locked ]] && break; sleep 0.1; done
update 3 2024-10-01T18:00:00Z examples/san-pedro/export-2.jsonl
grep -q "another ocds update is running (.*is held by process $holder)" "$out/stderr" || fail "the lock message"
kill $holder; wait $holder 2>/dev/null || true
diff -r "$out/before" "$target" >/dev/null || fail "the locked-out run changed the target"

echo "== failing stages publish nothing"
update 4 2024-10-01T18:00:00Z "$out/no-such-export.jsonl"
grep -q "^ocds update: error: map: .*nothing was built or published" "$out/stderr" || fail "the map failure message"
[[ ! -d "$out/site/v/20241001T180000Z" ]] || fail "a failed map built a version"
update 5 2024-09-01T18:00:00Z examples/san-pedro/export-2.jsonl   # older than the site's version
grep -q "^ocds update: error: build: .*nothing was published" "$out/stderr" || fail "the build failure message"
sed -i "s#^to = .*#to = http://127.0.0.1:9/ocds#" "$out/publisher.ini"   # the discard port: nobody there
update 6 2024-10-02T18:00:00Z examples/san-pedro/export-2.jsonl
grep -q "^ocds update: error: publish: .*still serves its previous version" "$out/stderr" || fail "the publish failure message"
diff -r "$out/before" "$target" >/dev/null || fail "a failed run changed the published folder"

echo "== rejected projects: the others are published, exit 1"
sed -i "s#^to = .*#to = file://$target#" "$out/publisher.ini"
{ cat examples/san-pedro/export-2.jsonl; echo '{"record_version":"1","project":{"id":"9999"}}'; } > "$out/with-bad.jsonl"
update 1 2024-10-03T18:00:00Z "$out/with-bad.jsonl"
grep -q "^ocds map: error: .*project 9999" "$out/stderr" || fail "the rejected project is named"
grep -q "^ocds update: done: version 20241003T180000Z published .*1 project was rejected" "$out/stderr" || fail "the done line"
[[ $(served) == 20241003T180000Z ]] || fail "the good projects were published"
echo "update_flow: OK"
