#!/usr/bin/env bash
# The publication of N synthetic projects: map, build, publish to a folder and to nginx (WebDAV),
# then 1% changed: map, build, incremental publish; then pull. Prints time and peak RSS of each.
#   bash tests/benchmark/publication.sh [PROJECTS] [WORK_DIR]      (from the source root, after a build)
set -euo pipefail
projects=${1:-100000}
work=${2:-bench-data/publication}
ocds=build/src/ocds
generate=build/tests/benchmark/ocds_bench_projects
config=examples/san-pedro/publisher.ini
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
trap 'bash tests/servers/nginx.sh stop "$work/nginx" || true' EXIT
measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f "%e s, %M kB" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || { cat "$work/err"; exit 1; }
  printf '%-34s %-18s %s\n' "$label" "$(cat "$work/time")" "$(grep -v '^ocds.*: error' "$work/err" | tail -1)"
}
$generate --projects "$projects" --seed 1 -o "$work/p.jsonl"
$generate --projects "$projects" --seed 1 --change-percent 1 -o "$work/p-1.jsonl"
port=$(bash tests/servers/nginx.sh start "$work/nginx")
measure "map (first export)" $ocds map --config $config --store "$work/store" --now 2024-08-01T12:00:00Z "$work/p.jsonl"
measure "build v1" $ocds build --config $config --store "$work/store" --out "$work/site" --now 2024-08-01T13:00:00Z
measure "rebuild v1 (unchanged)" $ocds build --config $config --store "$work/store" --out "$work/site" --now 2024-08-01T13:00:00Z
echo "site: $(find "$work/site" -type f | wc -l) files, $(du -sm "$work/site" | cut -f1) MB"
du -sh "$work"/site/v/*/bulk/all
measure "publish v1 to a folder" $ocds publish "$work/site" --to "file://$work/folder"
measure "publish v1 to nginx" $ocds publish "$work/site" --to "http://127.0.0.1:$port/ocds"
measure "map (1% changed)" $ocds map --config $config --store "$work/store" --now 2024-09-01T12:00:00Z "$work/p-1.jsonl"
measure "build v2" $ocds build --config $config --store "$work/store" --out "$work/site" --now 2024-09-01T13:00:00Z
measure "publish v2 to nginx (incremental)" $ocds publish "$work/site" --to "http://127.0.0.1:$port/ocds"
measure "pull v2 from nginx" $ocds pull "http://127.0.0.1:$port/ocds" --out "$work/pulled"
