#!/usr/bin/env bash
# The whole chain from CONSUL's database to a served site: `ocds update` with from-consul, on a
# real PostgreSQL 15 + PostGIS 3 and a real nginx (WebDAV), both started here.
#   chain_test.sh OCDS OUT_DIR   (from the source root)
# The database is read by a role that may read only the export's columns (read-only-role.sql),
# its password in a password file. Checks: two nights three weeks apart give exactly the store of
# mapping export-1.jsonl then export-2.jsonl, and publish complete versions; no planted personal
# data anywhere in the store, the site, the served files or the logs, and no password in any
# message; a new edition without a year in its name is published with no file edited, and its
# projects without a heading are named in warnings and counted; an edition named in the
# configuration that gives nothing is said; the procurement export read on a second connection
# gives the bytes of the query's own reading; the database going away in the
# middle of an export stops the run with a clear error (exit 4) and changes nothing.
set -euo pipefail
ocds=$1
out=$2
here=tests/consul
servers=tests/servers
examples=examples/san-pedro
rm -rf "$out"
mkdir -p "$out/tmp"
out=$(cd "$out" && pwd)
fail() { echo "chain_test: FAIL: $*" >&2; exit 1; }
cleanup() {
  bash $servers/nginx.sh stop "$out/nginx" 2>/dev/null || true
  bash $here/pg.sh stop "$out/db" 2>/dev/null || true
}
trap cleanup EXIT

sockets=$(bash $here/pg.sh start "$out/db")
export PGHOST=$sockets PGUSER=consul_admin
unset PGPASSWORD PGPASSFILE PGOPTIONS PGSERVICE PGPORT PGDATABASE
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "CREATE DATABASE consul"
psql -d consul -f $here/schema.sql >/dev/null
psql -d consul -f $here/seed-1.sql
password='Nightly export, 2024!'
psql -d consul -c "CREATE ROLE ocds_export LOGIN PASSWORD '$password'"
psql -d consul -v role=ocds_export -f schemas/consul/read-only-role.sql
echo "*:*:consul:ocds_export:$password" > "$out/pgpass"
chmod 600 "$out/pgpass"
export PGPASSFILE=$out/pgpass
unset PGUSER

port=$(bash $servers/nginx.sh start "$out/nginx")
url=http://127.0.0.1:$port/ocds
cp $examples/publisher.ini "$out/publisher.ini"
cat >> "$out/publisher.ini" <<INI

# ocds update: from CONSUL's database to the web server (the password is in PGPASSFILE)
from-consul = host=$sockets dbname=consul user=ocds_export
store = $out/store
out = $out/site
to = $url
INI
update() { # expected-exit now [options...]
  local expected=$1 now=$2; shift 2
  set +e
  TMPDIR=$out/tmp "$ocds" update --config "$out/publisher.ini" --now "$now" "$@" 2> "$out/stderr"
  local code=$?
  set -e
  cat "$out/stderr" >> "$out/all-stderr"
  cat "$out/stderr"
  [[ $code == "$expected" ]] || fail "update exited $code, expected $expected"
}
# The stores must be equal but for .mapped-records, the memory of the record lines' bytes: the
# database prints coordinates as 25.661600 where the files say 25.6616, the same number.
by_hand() { # now export: the same nights mapped from the JSON Lines files
  "$ocds" map -q --config $examples/publisher.ini --store "$out/hand" --now "$1" "$2"
}

echo "== night 1 (2024-09-06)"
update 0 2024-09-06T18:00:00Z
grep -q "^ocds update: map: from CONSUL (host=$sockets dbname=consul user=ocds_export): 94 projects read; processes: 121 new" \
  "$out/stderr" || fail "the map line"
by_hand 2024-09-06T18:00:00Z $examples/export-1.jsonl
diff -r -x .update-lock -x .mapped-records "$out/store" "$out/hand" >/dev/null || fail "night 1: the store differs from mapping export-1.jsonl"
python3 $servers/check_publication.py "$url" --complete --expect-version 20240906T180000Z >/dev/null || fail "night 1 served"

echo "== night 2 (2024-09-27): three weeks of changes in CONSUL"
psql -d consul -U consul_admin -f $here/seed-2.sql
update 0 2024-09-27T18:00:00Z
grep -q "95 projects read; processes: 2 new, 60 changed, 61 unchanged" "$out/stderr" || fail "the map line of night 2"
by_hand 2024-09-27T18:00:00Z $examples/export-2.jsonl
diff -r -x .update-lock -x .mapped-records "$out/store" "$out/hand" >/dev/null || fail "night 2: the store differs from mapping export-2.jsonl"
python3 $servers/check_publication.py "$url" --complete --expect-version 20240927T180000Z >/dev/null || fail "night 2 served"

echo "== a new edition (no year in its name), projects without a heading: no file edited"
psql -d consul -U consul_admin -f $here/edge-cases.sql
update 0 2025-03-03T18:00:00Z
for project in 9102 9103 9104; do
  grep -q "^ocds map: warning: consul:[0-9]*: project $project: /budget/heading: no heading" "$out/stderr" \
    || fail "no warning names project $project"
done
grep -q "100 projects read; .*; 3 projects without a heading" "$out/stderr" || fail "the summary counts them"
for project in 9101 9102 9103 9104 9105; do
  curl -sf -o /dev/null "$url/records/ocds-sp5p3d-pb-$project.json" || fail "project $project of the new edition is not served"
done
curl -sf -o /dev/null "$url/records/ocds-sp5p3d-pb-9106.json" && fail "a project of an edition in drafting is served"
"$ocds" validate -q $(find "$out/site/releases" -path '*-pb-910*' -name '*.json') "$out"/site/records/ocds-sp5p3d-pb-910*.json \
  >/dev/null || fail "the new edition's releases and records do not validate"

echo "== editions named in the configuration: only those, and one that gives nothing is said"
cp "$out/publisher.ini" "$out/editions.ini"
echo "editions = 14, 13, 99" >> "$out/editions.ini"
TMPDIR=$out/tmp "$ocds" map --config "$out/editions.ini" --store "$out/editions-store" --from-consul "host=$sockets dbname=consul user=ocds_export" \
  --now 2025-03-03T18:00:00Z 2> "$out/editions.txt" || fail "map with editions = 14, 13, 99: exit $?"
cat "$out/editions.txt" >> "$out/all-stderr"
grep -q "^ocds map: 5 projects read;" "$out/editions.txt" || fail "editions = 14, 13, 99 does not read edition 14's 5 projects"
for edition in 13 99; do
  grep -q "^ocds map: warning: consul: edition $edition (the editions setting) exported no project" "$out/editions.txt" \
    || fail "edition $edition gave nothing without a word"
done
! grep -q "edition 14 (the editions setting)" "$out/editions.txt" || fail "edition 14 is said to give nothing"

echo "== records built on several connections, or on one (a role allowed fewer): the same bytes"
# ocds map reads procurement_export on a connection of its own in the export's snapshot, and
# builds the records in parts (ocds.part) on --consul-connections more. With fewer connections
# allowed it runs fewer parts; with one only, the query's own query_to_xml reads the procurement
# export, as with psql. Every record's bytes are the same (.mapped-records remembers them).
one_night() { # store [option...]
  local store=$1; shift
  TMPDIR=$out/tmp "$ocds" map -q --config "$out/publisher.ini" --store "$store" --now 2025-03-03T18:00:00Z \
    --from-consul "host=$sockets dbname=consul user=ocds_export" "$@" || fail "map into $store: exit $?"
}
one_night "$out/two-connections"
one_night "$out/three-parts" --consul-connections 3
one_night "$out/one-part" --consul-connections 1
psql -d consul -U consul_admin -c "ALTER ROLE ocds_export CONNECTION LIMIT 2"
one_night "$out/limit-two" --consul-connections 4
psql -d consul -U consul_admin -c "ALTER ROLE ocds_export CONNECTION LIMIT 1"
one_night "$out/one-connection"
psql -d consul -U consul_admin -c "ALTER ROLE ocds_export CONNECTION LIMIT -1"
grep -rqs '"contracts"' "$out/one-connection/releases" || fail "the store mapped with one connection has no procurement"
for store in three-parts one-part limit-two one-connection; do
  diff -r "$out/two-connections" "$out/$store" >/dev/null \
    || fail "records built as in $store differ from those built on two connections"
done

echo "== a project the export gives twice (two rows of it in the procurement system's export): named, not mapped"
twice=$(psql -d consul -U consul_admin -tA -c "SELECT min(investment_id) FROM procurement_export")
psql -d consul -U consul_admin -c "CREATE VIEW procurement_twice AS SELECT * FROM procurement_export
  UNION ALL SELECT * FROM procurement_export WHERE investment_id = $twice" -c "GRANT SELECT ON procurement_twice TO ocds_export"
set +e
TMPDIR=$out/tmp "$ocds" map --config "$out/publisher.ini" --store "$out/twice-store" --procurement-table procurement_twice \
  --from-consul "host=$sockets dbname=consul user=ocds_export" --now 2025-03-03T18:00:00Z 2> "$out/twice.txt"
code=$?
set -e
cat "$out/twice.txt" >> "$out/all-stderr"
[[ $code == 1 ]] || fail "a project given twice: exit $code, expected 1"
grep -Eq "^ocds map: error: consul:([0-9]+): project $twice: /project/id: the project id is given more than once in this export \(consul:[0-9]+, consul:[0-9]+\)" \
  "$out/twice.txt" || fail "a project given twice is not named: $(cat "$out/twice.txt")"
[[ $(grep -c "project $twice: /project/id: the project id is given more than once" "$out/twice.txt") == 2 ]] \
  || fail "both rows of the project given twice are not named"

echo "== procurement rows of no exported project (a negative id, ids between and after the projects): passed over"
# ocds map takes the procurement system's rows in project id order beside the records: rows that
# match no record must not put the two out of step (a view: the server sorts it, no index).
psql -d consul -U consul_admin -c "CREATE VIEW procurement_extra AS SELECT * FROM procurement_export
  UNION ALL SELECT investment_id * -1, procurement, parties, progress FROM procurement_export
  UNION ALL SELECT investment_id + 500000000, procurement, parties, progress FROM procurement_export
  UNION ALL SELECT i.id, p.procurement, p.parties, p.progress FROM budget_investments i
    CROSS JOIN (SELECT * FROM procurement_export ORDER BY investment_id LIMIT 1) p WHERE i.hidden_at IS NOT NULL" \
  -c "GRANT SELECT ON procurement_extra TO ocds_export"
[[ $(psql -d consul -U consul_admin -tA -c "SELECT count(*) FROM budget_investments WHERE hidden_at IS NOT NULL") -gt 0 ]] \
  || fail "the seed has no hidden project to give procurement rows to"
one_night "$out/extra-procurement" --procurement-table procurement_extra
diff -r "$out/two-connections" "$out/extra-procurement" >/dev/null \
  || fail "procurement rows of no exported project changed the records"

echo "== an export in another order than the query's (project id): refused, not mapped"
# ocds map relies on the order to see a project given twice (its rows come in a row).
cp -r schemas "$out/schemas-reversed"
sed -i 's/^ORDER BY x.id$/ORDER BY x.id DESC/' "$out/schemas-reversed/consul/budget-projects.sql"
grep -q '^ORDER BY x.id DESC$' "$out/schemas-reversed/consul/budget-projects.sql" || fail "the query has no ORDER BY x.id to reverse"
set +e
TMPDIR=$out/tmp "$ocds" map --config "$out/publisher.ini" --store "$out/reversed-store" --schemas-dir "$out/schemas-reversed" \
  --from-consul "host=$sockets dbname=consul user=ocds_export" --now 2025-03-03T18:00:00Z 2> "$out/reversed.txt"
code=$?
set -e
cat "$out/reversed.txt" >> "$out/all-stderr"
[[ $code == 1 ]] || fail "an export in reverse order: exit $code, expected 1"
grep -q "comes after project .*: the export is not ordered by project id" "$out/reversed.txt" \
  || fail "an export in reverse order is not said: $(cat "$out/reversed.txt")"
[[ -z $(find "$out/reversed-store" -type f 2>/dev/null) ]] || fail "an export in reverse order left files in the store"

echo "== no personal data anywhere, no password in any message"
python3 $here/compare.py canaries "$out/store" "$out/site" "$out/nginx/www" "$out/all-stderr" || fail "personal data"
bad="postgresql://ocds_export:Wr0ng-S3cret@/consul?host=$sockets"
set +e
TMPDIR=$out/tmp "$ocds" map --config $examples/publisher.ini --store "$out/store" --from-consul "$bad" 2> "$out/wrong.txt"
code=$?
set -e
cat "$out/wrong.txt"
[[ $code == 2 ]] || fail "a wrong password: exit $code, expected 2"
grep -q "password authentication failed" "$out/wrong.txt" || fail "a wrong password is not said"
! grep -q "Wr0ng-S3cret" "$out/wrong.txt" || fail "the password is printed"
! grep -q "$password" "$out/all-stderr" || fail "the password file's password is printed"

echo "== the database goes away in the middle of an export"
# A database big enough that the export takes a while: the example's projects, 400 times over.
psql -d consul -U consul_admin <<'SQL'
INSERT INTO budget_investments (id, author_id, title, description, price, feasibility, valuation_finished,
    cached_votes_up, physical_votes, created_at, updated_at, heading_id, group_id, budget_id,
    responsible_name, selected, location, winner, incompatible, size, ballot_offline_count)
SELECT 1000000 + g * 10000 + i.id, i.author_id, i.title, i.description, i.price, i.feasibility, i.valuation_finished,
    i.cached_votes_up, i.physical_votes, i.created_at, i.updated_at, i.heading_id, i.group_id, i.budget_id,
    i.responsible_name, i.selected, i.location, i.winner, i.incompatible, i.size, i.ballot_offline_count
FROM budget_investments i CROSS JOIN generate_series(1, 400) g
WHERE i.budget_id IN (11, 12) AND i.hidden_at IS NULL;
INSERT INTO procurement_export SELECT 1000000 + g * 10000 + p.investment_id, p.procurement, p.parties, p.progress
FROM procurement_export p CROSS JOIN generate_series(1, 400) g;
SQL
(cd "$out" && find store site -type f -not -name .update-lock -exec sha256sum {} + | sort) > "$out/before.txt"
TMPDIR=$out/tmp "$ocds" update --config "$out/publisher.ini" --now 2025-03-04T18:00:00Z 2> "$out/stderr" & runner=$!
# Once records are being mapped as they stream in (their releases staged, waiting for the end of
# the export), the server stops at once (as a crash would).
staged=0
for _ in $(seq 1200); do
  staged=$(find "$out/store/.staging" -type f 2>/dev/null | wc -l)
  (( staged >= 500 )) && break
  kill -0 $runner 2>/dev/null || break
  sleep 0.05
done
(( staged >= 500 )) || fail "the export ended before it could be interrupted (make the database bigger)"
bash $here/pg.sh kill "$out/db"
set +e
wait $runner
code=$?
set -e
cat "$out/stderr"
[[ $code == 4 ]] || fail "the database going away: exit $code, expected 4"
grep -Eq "^ocds update: error: map: CONSUL's database \(.*\): the export failed after [0-9]+ records: .*(terminat|closed|lost).*; nothing was built or published" \
  "$out/stderr" || fail "the error does not say what happened"
(cd "$out" && find store site -type f -not -name .update-lock -exec sha256sum {} + | sort) > "$out/after.txt"
cmp -s "$out/before.txt" "$out/after.txt" || fail "the interrupted run changed the store or the site"
[[ -z $(ls -A "$out/tmp") ]] || fail "the scratch file was left behind: $(ls "$out/tmp")"
python3 $servers/check_publication.py "$url" --complete --expect-version 20250303T180000Z >/dev/null || fail "the served version changed"
echo "chain_test: OK"
