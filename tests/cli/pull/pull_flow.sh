#!/usr/bin/env bash
# `ocds pull` from a real nginx (started here on loopback).   pull_flow.sh OCDS OUT_DIR
# Checks: every bulk file arrives and equals the site's; the pulled index.html links to no file it
# lacks; a second pull downloads nothing; a
# corrupted file on the server (same size, other bytes) is refused and nothing is kept; a
# connection dropped mid-file keeps the partial file (in .ocds-pull/<version>/partial/), and the next pull resumes it with a Range
# request (a 206 in nginx's log); an older version by --version; clear errors.
set -euo pipefail
ocds=$1
out=$2
config=examples/san-pedro/publisher.ini
servers=tests/servers
rm -rf "$out"
mkdir -p "$out"
fail() { echo "pull_flow: FAIL: $*" >&2; exit 1; }
cleanup() { bash $servers/nginx.sh stop "$out/nginx" 2>/dev/null || true; }
trap cleanup EXIT
v1=20240906T190000Z
v2=20240927T190000Z

"$ocds" map --config "$config" --store "$out/store" --now 2024-09-06T18:00:00Z examples/san-pedro/export-1.jsonl 2>/dev/null
"$ocds" build --config "$config" --store "$out/store" --out "$out/site" --now 2024-09-06T19:00:00Z >/dev/null 2>&1
port=$(bash $servers/nginx.sh start "$out/nginx")
url=http://127.0.0.1:$port/ocds
"$ocds" publish "$out/site" --to "$url" 2>/dev/null || fail "publish v1"
"$ocds" map --config "$config" --store "$out/store" --now 2024-09-27T18:00:00Z examples/san-pedro/export-2.jsonl 2>/dev/null
"$ocds" build --config "$config" --store "$out/store" --out "$out/site" --now 2024-09-27T19:00:00Z >/dev/null 2>&1
"$ocds" publish "$out/site" --to "$url" 2>/dev/null || fail "publish v2"

echo "== pull the current version"
summary=$("$ocds" pull "$url" --out "$out/pulled" 2>&1) || fail "pull: $summary"
echo "$summary"
count=0
while read -r path; do
  cmp "$out/site/v/$v2/$path" "$out/pulled/$path" || fail "$path differs from the site's"
  count=$((count + 1))
done < <(cd "$out/site/v/$v2" && find . -type f ! -name manifest.json | sed 's|^\./||')
[[ $summary =~ version\ $v2.*:\ $count\ downloaded ]] || fail "expected $count files downloaded"
cmp "$out/site/v/$v2/manifest.json" "$out/pulled/manifest.json" || fail "the manifest differs"
echo "== the pulled index.html links only to files that were pulled (the rest by full URL)"
python3 - "$out/pulled" <<'PY' || fail "the pulled index.html links to pages that were not pulled"
import html.parser, os, sys, urllib.parse
root = sys.argv[1]
class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []
    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for key, value in attrs if key == "href"]
page = Links()
page.feed(open(os.path.join(root, "index.html"), encoding="utf-8").read())
relative = [h for h in page.hrefs if not urllib.parse.urlsplit(h).scheme and not h.startswith("#")]
missing = [h for h in relative if not os.path.isfile(os.path.join(root, urllib.parse.unquote(h)))]
assert len(relative) > 20 and not missing, missing
print(f"   {len(relative)} links to pulled files, all there")
PY
summary=$("$ocds" pull "$url" --out "$out/pulled" 2>&1)
[[ $summary =~ :\ 0\ downloaded,\ $count\ already\ there\ and\ verified ]] || fail "second pull: $summary"

echo "== a corrupted file is refused and nothing is kept"
served=$out/nginx/www/ocds/v/$v2/bulk/all/releases.jsonl.gz
cp "$served" "$out/good.gz"
printf 'X' | dd of="$served" bs=1 seek=1000 conv=notrunc status=none
rm "$out/pulled/bulk/all/releases.jsonl.gz"
set +e
message=$("$ocds" pull "$url" --out "$out/pulled" 2>&1); code=$?
set -e
[[ $code == 1 && $message =~ releases.jsonl.gz:\ sha256\ mismatch ]] || fail "corruption not reported ($code): $message"
[[ ! -e $out/pulled/bulk/all/releases.jsonl.gz && ! -e $out/pulled/.ocds-pull/$v2/partial/bulk/all/releases.jsonl.gz ]] \
  || fail "an unverified file was kept"
cp "$out/good.gz" "$served"
"$ocds" pull "$url" --out "$out/pulled" 2>/dev/null || fail "the pull after the repair failed"

echo "== a connection dropped mid-file: the partial file is kept, and the next pull resumes it"
bash $servers/nginx.sh stop "$out/nginx"
bash $servers/nginx.sh start "$out/nginx" 20000 >/dev/null  # 20 kB/s: a file takes seconds
big=bulk/all/records.jsonl.gz
part=$out/pulled/.ocds-pull/$v2/partial/$big  # where the next version is put together
rm "$out/pulled/$big"
set +e
"$ocds" pull "$url" --out "$out/pulled" --retries 0 >"$out/dropped.log" 2>&1 &
puller=$!
set -e
for _ in $(seq 200); do
  [[ $(stat -c %s "$part" 2>/dev/null || echo 0) -gt 40000 ]] && break
  sleep 0.1
done
bash $servers/nginx.sh kill "$out/nginx"
! curl -s -o /dev/null --max-time 2 "$url/latest.json" || fail "nginx still answers after the kill"
set +e; wait $puller; code=$?; set -e
kept=$(stat -c %s "$part" 2>/dev/null || echo 0)
[[ $code == 1 ]] || fail "the dropped pull exited $code: $(cat "$out/dropped.log")"
grep -q "bytes kept in .*partial/$big: run again to resume" "$out/dropped.log" || fail "no resume hint: $(cat "$out/dropped.log")"
(( kept > 40000 )) || fail "only $kept bytes were kept"
[[ ! -e $out/pulled/$big ]] || fail "a partial file was put in place"
echo "   dropped after $kept bytes"
bash $servers/nginx.sh start "$out/nginx" >/dev/null
summary=$("$ocds" pull "$url" --out "$out/pulled" 2>&1) || fail "the resumed pull failed: $summary"
echo "$summary"
[[ $summary =~ :\ 1\ downloaded ]] || fail "the resumed pull should download one file: $summary"
cmp "$out/site/v/$v2/$big" "$out/pulled/$big" || fail "the resumed file differs"
grep -q "GET /ocds/v/$v2/$big HTTP/1.1\" 206 " "$out/nginx/access.log" || fail "no Range request (206) in nginx's log"

echo "== an older version by --version; clear errors"
"$ocds" pull "$url" --version $v1 --out "$out/pulled-v1" 2>/dev/null || fail "pull --version $v1"
cmp "$out/pulled-v1/manifest.json" "$out/site/v/$v1/manifest.json" || fail "v1's manifest differs"
set +e
message=$("$ocds" pull "$url" --version 20000101T000000Z --out "$out/x" 2>&1); code=$?
[[ $code == 1 && $message =~ does\ not\ exist:\ is\ there\ a\ version ]] || fail "unknown version ($code): $message"
message=$("$ocds" pull "$url" --version latest --out "$out/x" 2>&1); code=$?
[[ $code == 2 ]] || fail "a malformed version should be a usage error ($code)"
message=$("$ocds" pull "http://127.0.0.1:$port/nothing" --out "$out/x" 2>&1); code=$?
[[ $code == 1 && $message =~ is\ http.*an\ ocds\ publication ]] || fail "not a publication ($code): $message"
set -e
echo "pull_flow: OK"
