#!/usr/bin/env bash
# The dependency check must refuse bad-tree/: a forbidden arrow, a detail/ header in the
# command line, and a cycle, each reported, with exit code 1.
checker=$1 tree=$2
out=$("$checker" "$tree" 2>&1 >/dev/null)
status=$?
echo "$out"
[[ $status == 1 ]] || { echo "exit code $status, expected 1"; exit 1; }
for expected in "the part core may not depend on io" "never detail/" "cycle: ocds/io/"; do
  grep -qF -- "$expected" <<<"$out" || { echo "not reported: $expected"; exit 1; }
done
