-- A canary in EVERY column that the export may not read, of every table it reads: the columns
-- that the role of schemas/consul/read-only-role.sql is not granted, found in the catalogue, not
-- listed by hand, so a personal column added to a table (or forgotten by make-seed.py) is covered
-- too. Text gets 'CANARY-<table>.<column>-<id>', integers 1900000000 + id (the person
-- ids: author_id, user_id, ballot_id, tagger_id...), dates 1901-02-03. Prints how many columns got
-- one and those whose type can hold none (booleans, geometry...), so nothing is left out unsaid.
--   psql -v role=ocds_export -f canaries-everywhere.sql    (after read-only-role.sql)
SELECT set_config('ocds.role', :'role', false) AS role \gset

-- (pg_catalog by oid: privilege functions over names fail on other schemas' tables)
CREATE TEMPORARY VIEW hidden_columns AS
SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS data_type,
       CASE WHEN a.atttypid IN ('text'::regtype, 'varchar'::regtype) THEN
                format('%I = left(%L || id::text, %s)', a.attname,
                       'CANARY-' || c.relname || '.' || a.attname || '-',
                       CASE WHEN a.atttypmod > 4 THEN a.atttypmod - 4 ELSE 1000 END)
            WHEN a.atttypid IN ('int4'::regtype, 'int8'::regtype) THEN
                format('%I = 1900000000 + id', a.attname)
            WHEN a.atttypid IN ('timestamp'::regtype, 'timestamptz'::regtype, 'date'::regtype) THEN
                format('%I = %L', a.attname, '1901-02-03')
       END AS canary
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
  AND has_any_column_privilege(current_setting('ocds.role'), c.oid, 'SELECT')
  AND NOT has_column_privilege(current_setting('ocds.role'), c.oid, a.attnum, 'SELECT');

DO $$
DECLARE
    target record;
BEGIN
    FOR target IN
        SELECT table_name, string_agg(canary, ', ') AS assignments
        FROM hidden_columns WHERE canary IS NOT NULL GROUP BY table_name ORDER BY table_name
    LOOP
        -- one UPDATE per table: every expression sees the row's own id, even when id changes too
        EXECUTE format('UPDATE %I SET %s', target.table_name, target.assignments);
    END LOOP;
END
$$;

SELECT 'canaries in ' || count(*) FILTER (WHERE canary IS NOT NULL) || ' columns of '
       || count(DISTINCT table_name) FILTER (WHERE canary IS NOT NULL) || ' tables; no canary fits the type of: '
       || COALESCE(string_agg(table_name || '.' || column_name || ' (' || data_type || ')', ', '
                              ORDER BY table_name, column_name) FILTER (WHERE canary IS NULL), 'none')
FROM hidden_columns;
