#!/usr/bin/env bash
# Makes the test inputs that are too big (or too odd) to keep in git, in the folder $1.
set -euo pipefail
out=$1
rm -rf "$out"
mkdir -p "$out"
# 100,000 levels of nesting.
printf '%.0s[' $(seq 100000) > "$out/deep.json"
printf '%.0s]' $(seq 100000) >> "$out/deep.json"
# A 50 MB string.
{ printf '{"ocid":"ocds-sp5p3d-1","description":"'; head -c 52428800 /dev/zero | tr '\0' 'a'; printf '"}\n'; } > "$out/50mb-string.json"
# A gzip file cut in the middle of its compressed data.
for i in $(seq 5000); do
  printf '{"ocid":"ocds-sp5p3d-%d","id":"%d","date":"2024-01-01T00:00:00Z","tag":["planning"]}\n' "$i" "$((i * 7919))"
done | gzip -c > "$out/whole.jsonl.gz"
size=$(stat -c %s "$out/whole.jsonl.gz")
head -c $((size / 2)) "$out/whole.jsonl.gz" > "$out/cut-middle.jsonl.gz"
# A file nobody but its owner may read.
printf '[]' > "$out/unreadable.json"
chmod 000 "$out/unreadable.json"
chmod 755 "$out"
# A large valid input (about 120 MB), long enough to run for a visible progress report.
# (yes ends by SIGPIPE when head has enough: that is not a failure)
set +o pipefail
yes '{"ocid":"ocds-sp5p3d-pb-101","id":"ocds-sp5p3d-pb-101-01","date":"2024-02-15T10:00:00-06:00","tag":["planning"],"initiationType":"tender","planning":{"rationale":"Construcción de cancha de fútbol en la colonia Valle Oriente"}}' \
  | head -n 550000 > "$out/large.jsonl"
set -o pipefail
