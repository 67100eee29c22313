#!/usr/bin/env bash
# The export query, schemas/consul/budget-projects.sql, with psql on a real PostgreSQL 15 +
# PostGIS 3 holding CONSUL's tables (schema.sql) and the San Pedro example's data (seed-1.sql,
# seed-2.sql).   query_test.sh OUT_DIR   (from the source root)
# Checks: the seed files are what make-seed.py writes from the example exports; the query gives
# exactly export-1.jsonl, then export-2.jsonl; no planted personal data reaches its output (and
# the same search finds it in the tables, so it can); a role that may read only the columns of
# read-only-role.sql gets the same bytes with its password from a password file; polygons in
# SRID 4326 give the same bytes as in SRID 0; the settings (editions, document links, procurement
# source) work; a database without the procurement system's export still exports; a new edition
# without a year in its name, projects without a heading and hostile text (edge-cases.sql); and
# with a canary in every column of those tables that the role may not read, the same bytes.
set -euo pipefail
out=$1
here=tests/consul
query=schemas/consul/budget-projects.sql
examples=examples/san-pedro
fail() { echo "query_test: FAIL: $*" >&2; exit 1; }

python3 $here/make-seed.py --check || fail "the seed files are stale"

rm -rf "$out"
mkdir -p "$out"
PGHOST=$(bash $here/pg.sh start "$out/db")
export PGHOST PGUSER=consul_admin PGDATABASE=consul
unset PGPASSWORD PGPASSFILE PGOPTIONS PGSERVICE PGPORT
trap 'bash $here/pg.sh stop "$out/db" || true' EXIT
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
export_to() { # file [psql options]: run the query as a transparency officer would
  local file=$1; shift
  psql "$@" -f $query > "$file" || fail "the query failed ($file)"
}

psql -d postgres -c "CREATE DATABASE consul"
psql -f $here/schema.sql >/dev/null
psql -f $here/seed-1.sql

echo "== export 1"
export_to "$out/export-1.jsonl"
python3 $here/compare.py records "$out/export-1.jsonl" $examples/export-1.jsonl || fail "export 1 differs"
python3 $here/compare.py canaries "$out/export-1.jsonl" || fail "personal data in export 1"
# The search does find what was planted, where it was planted.
psql -c "SELECT row_to_json(c) FROM colonia c" -c "SELECT row_to_json(u) FROM users u LIMIT 5" \
     -c "SELECT responsible_name, attachment_file_name FROM budget_investments i JOIN documents d ON d.documentable_id = i.id LIMIT 5" \
     > "$out/planted.txt"
if python3 $here/compare.py canaries "$out/planted.txt" 2>/dev/null; then fail "the canary search finds nothing"; fi

echo "== a role that can read only what the export needs, with its password in a password file"
psql -c "CREATE ROLE ocds_export LOGIN PASSWORD 'Read only, 1 time!'"
psql -v role=ocds_export -f schemas/consul/read-only-role.sql
echo "*:*:consul:ocds_export:Read only, 1 time!" > "$out/pgpass"
chmod 600 "$out/pgpass"
PGPASSFILE="$out/pgpass" PGUSER=ocds_export export_to "$out/export-1-read-only.jsonl"
cmp "$out/export-1.jsonl" "$out/export-1-read-only.jsonl" || fail "the read-only role gets other bytes"
if PGPASSFILE="$out/pgpass" PGUSER=ocds_export command psql -X -q -c "SELECT curp FROM users LIMIT 1" 2>/dev/null; then
  fail "the read-only role can read users"
fi
if PGPASSFILE="$out/pgpass" PGUSER=ocds_export command psql -X -q -c "SELECT nombre_12 FROM colonia LIMIT 1" 2>/dev/null; then
  fail "the read-only role can read colonia's contact person"
fi

echo "== export 2, three weeks later"
psql -f $here/seed-2.sql
export_to "$out/export-2.jsonl"
python3 $here/compare.py records "$out/export-2.jsonl" $examples/export-2.jsonl || fail "export 2 differs"
python3 $here/compare.py canaries "$out/export-2.jsonl" || fail "personal data in export 2"

echo "== polygons in SRID 4326"
psql -c "ALTER TABLE colonia ALTER COLUMN the_geom TYPE geometry(MultiPolygon, 4326) USING ST_SetSRID(the_geom, 4326)"
export_to "$out/export-2-4326.jsonl"
cmp "$out/export-2.jsonl" "$out/export-2-4326.jsonl" || fail "SRID 4326 gives other records"

echo "== settings: editions, document links, the procurement source"
PGOPTIONS="-c ocds.editions=12" export_to "$out/edition-12.jsonl"
grep '"budget":{"id":"12"' "$out/export-2.jsonl" > "$out/edition-12-expected.jsonl"
cmp "$out/edition-12.jsonl" "$out/edition-12-expected.jsonl" || fail "ocds.editions=12"
[[ $(wc -l < "$out/edition-12.jsonl") -eq 47 ]] || fail "edition 12 has 47 projects"
PGOPTIONS="-c ocds.editions=10,\ 11" export_to "$out/editions-10-11.jsonl"
python3 - "$out/editions-10-11.jsonl" <<'PY' || fail "ocds.editions=10, 11"
import json, sys
budgets = [json.loads(line)["budget"]["id"] for line in open(sys.argv[1])]
assert budgets.count("10") == 2 and budgets.count("11") == 48 and len(budgets) == 50, budgets
PY
PGOPTIONS="-c ocds.document_url=https://transparencia.example/decide/{budget_id}/{project_id}/{document_id}.pdf" \
  export_to "$out/document-urls.jsonl"
python3 - "$out/document-urls.jsonl" <<'PY' || fail "ocds.document_url"
import json, sys
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    for d in r["documents"]:
        assert d["url"] == "https://transparencia.example/decide/%s/%s/%s.pdf" % (r["budget"]["id"], r["project"]["id"], d["id"]), d
        n += 1
assert n == 103, n
PY
# ocds.part K/N: the parts that ocds map runs on N connections; together, in id order, the whole.
for n in 2 3; do
  rm -f "$out/parts.jsonl"
  for (( k = 1; k <= n; k++ )); do
    PGOPTIONS="-c ocds.part=$k/$n" export_to "$out/part-$k-of-$n.jsonl"
    [[ -s $out/part-$k-of-$n.jsonl ]] || fail "ocds.part=$k/$n gives nothing"
    cat "$out/part-$k-of-$n.jsonl" >> "$out/parts.jsonl"
  done
  python3 - "$out/parts.jsonl" "$out/export-2.jsonl" <<'PY' || fail "the $n parts of ocds.part are not the whole export"
import json, sys
parts = sorted(open(sys.argv[1]), key=lambda line: int(json.loads(line)["project"]["id"]))
assert parts == list(open(sys.argv[2])), "the parts differ from the whole"
PY
done
psql -c "ALTER TABLE procurement_export RENAME TO compras_export"
export_to "$out/no-procurement.jsonl"
python3 $here/compare.py records "$out/no-procurement.jsonl" $examples/export-2.jsonl --drop procurement parties progress \
  || fail "without the procurement system's export"
PGOPTIONS="-c ocds.procurement=compras_export" export_to "$out/procurement-renamed.jsonl"
cmp "$out/export-2.jsonl" "$out/procurement-renamed.jsonl" || fail "ocds.procurement=compras_export"
psql -c "ALTER TABLE compras_export RENAME TO procurement_export"

echo "== a new edition, projects without a heading, hostile text"
psql -f $here/edge-cases.sql
export_to "$out/edge-cases.jsonl"
python3 $here/check_edge_cases.py "$out/edge-cases.jsonl" || fail "edge cases"
python3 $here/compare.py canaries "$out/edge-cases.jsonl" || fail "personal data in the edge cases"

echo "== a canary in every column the export may not read (found in the catalogue, not listed)"
psql -tA -v role=ocds_export -f $here/canaries-everywhere.sql
psql -c "SELECT author_id FROM budget_investments LIMIT 3" > "$out/planted-numbers.txt"
if python3 $here/compare.py canaries --numbers "$out/planted-numbers.txt" 2>/dev/null; then
  fail "the canary search finds no planted person id"
fi
export_to "$out/all-canaries.jsonl"
cmp "$out/edge-cases.jsonl" "$out/all-canaries.jsonl" || fail "a column the export may not read changes its output"
python3 $here/compare.py canaries --numbers "$out/all-canaries.jsonl" || fail "personal data with a canary in every column"
echo "query_test: OK"
