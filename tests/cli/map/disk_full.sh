#!/usr/bin/env bash
# `ocds map` when the store cannot be written (as on a full disk): one I/O error, with the path,
# exit 2 (a file that cannot be written, as for every command), and no project reported as rejected for it.   disk_full.sh OCDS OUT_DIR
# The disk is made "full" for ocds alone: a file size limit (ulimit -f) with SIGXFSZ ignored, so
# that a write past it fails (EFBIG) as a write to a full disk does (ENOSPC).
set -euo pipefail
ocds=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
fail() { echo "disk_full: FAIL: $*" >&2; exit 1; }
set +e
message=$(trap '' XFSZ; ulimit -f 1; "$ocds" map --config examples/san-pedro/publisher.ini --store "$out/store" \
  --now 2024-09-06T18:00:00Z examples/san-pedro/export-1.jsonl -o "$out/releases.json" 2>&1)
code=$?
set -e
echo "$message" | head -n 5
[[ $code == 2 ]] || fail "exit $code instead of 2"
[[ $message != *"cannot be compiled"* && $message != *rejected* ]] || fail "an I/O error was blamed on the projects"
errors=$(grep -c 'error' <<<"$message" || true)
[[ $errors == 1 ]] || fail "$errors error lines instead of one"
[[ $message =~ ocds\ map:\ error:\ .*\'$out/store/[^\']+\':\ File\ too\ large ]] || fail "the error does not name the file"
[[ ! -e $out/releases.json ]] || fail "a package was written"
echo "disk_full: OK"
