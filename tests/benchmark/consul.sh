#!/usr/bin/env bash
# CONSUL's database as the source, at scale (not a test: figures for BENCHMARKS.md).
#   bash tests/benchmark/consul.sh [PROJECTS] [WORK_DIR]     (from the source root, after a build)
# Starts PostgreSQL + PostGIS (tests/consul/pg.sh), loads the San Pedro example's database
# (tests/consul/seed-*.sql) and copies its projects, with their documents, milestones, tags, map
# points and procurement, until it holds PROJECTS (default 100,000). Then:
#   1. the export query alone, with psql, into JSON Lines;
#   2. ocds map of that file, and ocds map --from-consul of the database, into fresh stores,
#      which must be byte for byte equal, four rounds in alternating order (target: --from-consul
#      within 1.5x the file; memory under 100 MB);
#   3. ocds update from the database to a folder: a first run, then three runs each after another
#      1% of the projects changed in CONSUL (target: at most 15% of the first run).
# Prints the time, peak RSS and CPU time (the command's own, not the database server's) of each
# step and each stage's log line.
set -euo pipefail
projects=${1:-100000}
work=${2:-bench-data/consul}
ocds=${OCDS:-$PWD/build/src/ocds}
config=examples/san-pedro/publisher.ini
rm -rf "$work"
mkdir -p "$work/tmp"
work=$(cd "$work" && pwd)
# The update steps write the site and its published copy: about 74 kB per project each (1.48 GB
# at 20,045 projects), beside the database, the export and the map's eight stores (17 kB per
# project each). A full disk half way would fail the build for everyone on the machine: say so
# before starting.
need_kb=$(( projects * 350 ))
free_kb=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
(( free_kb >= need_kb )) || { echo "consul.sh: $projects projects need about $(( need_kb / 1048576 )) GB free in $work; $(( free_kb / 1048576 )) GB are" >&2; exit 1; }
export TMPDIR=$work/tmp
trap 'bash tests/consul/pg.sh stop "$work/db" || true' EXIT
measure() { # key label command...: the seconds go to $work/seconds-KEY
  local key=$1 label=$2; shift 2
  # The step before's files written out first: a step pays for its own writes, not for the
  # gigabytes the step before left for the kernel to write (a nightly run follows a quiet day).
  sync
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || { cat "$work/err"; exit 1; }
  read -r seconds kilobytes user system < "$work/time"
  # CPU: the command's own (user + system), not the database server's
  printf '%-40s %8.1f s %8d kB %8.1f s CPU   %s\n' "$label" "$seconds" "$kilobytes" "$(awk "BEGIN { print $user + $system }")" \
    "$(grep -v '^ocds update: \(map\|build\|publish\)' "$work/err" | tail -1)"
  grep '^ocds update: \(map\|build\|publish\)' "$work/err" | sed 's/^/    /' || true
  echo "$seconds" > "$work/seconds-$key"
}

export PGHOST=$(bash tests/consul/pg.sh start "$work/db") PGUSER=consul_admin PGDATABASE=consul
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "CREATE DATABASE consul"
psql -f tests/consul/schema.sql >/dev/null
psql -f tests/consul/seed-1.sql
psql -f tests/consul/seed-2.sql
copies=$(( (projects + 94) / 95 - 1 ))
echo "== the example's 95 projects and $copies copies of them"
psql -v copies="$copies" <<'SQL'
-- Copy g of project i is 1000000 + g * 10000 + i (ids below 10000); so are its rows' ids.
CREATE TEMPORARY TABLE copies AS SELECT g FROM generate_series(1, :copies) g;
INSERT INTO budget_investments (id, author_id, administrator_id, title, description, external_url, price, feasibility,
    price_explanation, unfeasibility_explanation, valuation_finished, price_first_year, duration, cached_votes_up,
    physical_votes, created_at, updated_at, heading_id, group_id, budget_id, responsible_name, selected, location,
    ballot_lines_count, winner, incompatible, size, draw, ballot_offline_count)
SELECT 1000000 + g * 10000 + i.id, i.author_id, i.administrator_id, i.title, i.description, i.external_url, i.price,
    i.feasibility, i.price_explanation, i.unfeasibility_explanation, i.valuation_finished, i.price_first_year, i.duration,
    i.cached_votes_up, i.physical_votes, i.created_at, i.updated_at, i.heading_id, i.group_id, i.budget_id,
    i.responsible_name, i.selected, i.location, i.ballot_lines_count, i.winner, i.incompatible, i.size, i.draw,
    i.ballot_offline_count
FROM budget_investments i, copies WHERE i.budget_id IN (11, 12) AND i.hidden_at IS NULL;
INSERT INTO documents (id, title, attachment_file_name, attachment_content_type, attachment_file_size,
    attachment_updated_at, user_id, documentable_id, documentable_type, created_at, updated_at)
SELECT 1000000 + g * 10000 + d.id, d.title, d.attachment_file_name, d.attachment_content_type, d.attachment_file_size,
    d.attachment_updated_at, d.user_id, 1000000 + g * 10000 + d.documentable_id, d.documentable_type, d.created_at, d.updated_at
FROM documents d, copies WHERE d.documentable_type = 'Budget::Investment' AND d.documentable_id < 10000;
INSERT INTO milestones (id, milestoneable_id, milestoneable_type, title, description, publication_date, status_id,
    created_at, updated_at)
SELECT 1000000 + g * 10000 + m.id, 1000000 + g * 10000 + m.milestoneable_id, m.milestoneable_type, m.title,
    m.description, m.publication_date, m.status_id, m.created_at, m.updated_at
FROM milestones m, copies WHERE m.milestoneable_type = 'Budget::Investment' AND m.id < 7000;
INSERT INTO milestone_translations (id, milestone_id, locale, created_at, updated_at, title, description)
SELECT 3000000 + g * 20000 + t.id, 1000000 + g * 10000 + t.milestone_id, t.locale, t.created_at, t.updated_at,
    t.title, t.description
FROM milestone_translations t, copies WHERE t.milestone_id < 7000;
INSERT INTO taggings (id, tag_id, taggable_id, taggable_type, tagger_id, tagger_type, context, created_at)
SELECT 1000000 + g * 10000 + t.id, t.tag_id, 1000000 + g * 10000 + t.taggable_id, t.taggable_type, t.tagger_id,
    t.tagger_type, t.context, t.created_at
FROM taggings t, copies WHERE t.taggable_id < 10000;
INSERT INTO map_locations (id, latitude, longitude, zoom, proposal_id, investment_id)
SELECT 1000000 + g * 100000 + l.id, l.latitude, l.longitude, l.zoom, NULL, 1000000 + g * 10000 + l.investment_id
FROM map_locations l, copies WHERE l.investment_id < 10000;
INSERT INTO procurement_export SELECT 1000000 + g * 10000 + p.investment_id, p.procurement, p.parties, p.progress
FROM procurement_export p, copies;
ANALYZE;
SQL
echo "   $(psql -tA -c "SELECT count(*) FROM budget_investments WHERE hidden_at IS NULL AND budget_id IN (11, 12)") projects"

echo "== the source: the export query, then ocds map from the file and from the database"
measure export "export with psql (query alone)" \
  bash -c "psql -X -q -v ON_ERROR_STOP=1 -f schemas/consul/budget-projects.sql > '$work/projects.jsonl'"
echo "   $(wc -l < "$work/projects.jsonl") records, $(stat -c %s "$work/projects.jsonl") bytes"
# Four rounds, in alternating order, each into fresh stores kept until the end: creating a
# store's 260,000 files costs the kernel more or less with what the file system went through
# just before (a store of 1.7 GB deleted a moment before costs the next run up to 30 s of system
# time), so none is deleted between runs. Median and best of each.
map_file() { measure "file-$1" "map from JSON Lines" $ocds map --config $config --store "$work/store-file-$1" \
  --now 2024-09-27T18:00:00Z "$work/projects.jsonl"; }
map_db() { measure "db-$1" "map --from-consul" $ocds map --config $config --store "$work/store-db-$1" \
  --now 2024-09-27T18:00:00Z --from-consul "dbname=consul"; }
for round in 1 2 3 4; do
  if (( round % 2 == 1 )); then map_file $round; map_db $round; else map_db $round; map_file $round; fi
  diff -r "$work/store-file-$round" "$work/store-db-$round" >/dev/null && echo "   the two stores are byte for byte equal" \
    || { echo "   the two stores differ" >&2; exit 1; }
done
python3 - "$work" <<'PY'
import statistics, sys
w = sys.argv[1]
seconds = lambda k: [float(open(f"{w}/seconds-{k}-{r}").read()) for r in (1, 2, 3, 4)]
file, db = seconds("file"), seconds("db")
print("   --from-consul / JSON Lines by round: " + ", ".join("%.2fx" % (d / f) for f, d in zip(file, db)))
print("   median of each: %.2fx; best of each: %.2fx" % (statistics.median(db) / statistics.median(file), min(db) / min(file)))
PY
rm -rf "$work/projects.jsonl" "$work"/store-file-* "$work"/store-db-*

echo "== ocds update from the database to a folder"
cp $config "$work/publisher.ini"
cat >> "$work/publisher.ini" <<INI
from-consul = dbname=consul
store = $work/store
out = $work/site
to = file://$work/public
INI
measure first "update, first run" $ocds update --config "$work/publisher.ini" --now 2024-09-27T18:00:00Z
# Three nights, each after another 1% of the projects changed (a vote counted): the copies' ids
# end like the example's, so these remainders pick about 1% each.
day=28
for remainder in 3 18 19; do
  psql -c "UPDATE budget_investments SET cached_votes_up = cached_votes_up + 1, updated_at = updated_at + interval '1 day'
           WHERE budget_id IN (11, 12) AND hidden_at IS NULL AND id % 100 = $remainder"
  echo "   $(psql -tA -c "SELECT count(*) FROM budget_investments WHERE hidden_at IS NULL AND budget_id IN (11, 12) AND id % 100 = $remainder") projects changed"
  measure "night-$remainder" "update, 1% changed" $ocds update --config "$work/publisher.ini" --now 2024-09-${day}T18:00:00Z
  day=$(( day + 1 ))
done
python3 - "$work" <<'PY'
import statistics, sys
w = sys.argv[1]
first = float(open(f"{w}/seconds-first").read())
nights = [float(open(f"{w}/seconds-night-{r}").read()) for r in (3, 18, 19)]
print("   each night / first run: " + ", ".join("%.1f%%" % (100 * n / first) for n in nights))
print("   median: %.1f%%" % (100 * statistics.median(nights) / first))
PY
