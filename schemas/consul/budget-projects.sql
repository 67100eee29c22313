-- =============================================================================================
-- budget-projects.sql: the participatory-budget projects of "Decide San Pedro" (CONSUL 0.18 with
-- San Pedro Garza García's changes, github.com/sanpgg/consul) as budget-project records
-- (record_version "1", schemas/budget-project-record.schema.json): one JSON text per row.
--
-- ES: Los proyectos del Presupuesto Participativo de "Decide San Pedro" como registros
--     proyecto-presupuesto, un JSON por renglón: la entrada de `ocds map`.
--
-- `ocds map --from-consul CONNINFO` runs this very file (installed with the schemas). The same
-- file with psql writes JSON Lines for `ocds map` (a read-only role is enough):
-- El mismo archivo con psql escribe JSON Lines (basta un rol de solo lectura):
--
--     psql -X -q -v ON_ERROR_STOP=1 -d consul_production -f budget-projects.sql > export.jsonl
--
-- Settings (all optional), with PGOPTIONS for psql, e.g.
-- Ajustes (todos opcionales), con PGOPTIONS para psql, p. ej.
--     PGOPTIONS='-c ocds.editions=11,12' psql ...
--   ocds.editions      budget ids to export, comma-separated. Default: every edition of the
--                      sector/size-based process (a budget whose projects have a `size`, as only
--                      that process's form asks) that is past its drafting phase. An edition in
--                      drafting is never exported (it is not public yet).
--                      / ediciones a exportar; por omisión, todas las del proceso por sector y
--                      tamaño que ya pasaron de la fase de borrador.
--   ocds.platform_url  the platform's public address (default https://decide.sanpedro.gob.mx);
--                      project pages are <platform_url>/budgets/<budget id>/investments/<id>.
--   ocds.document_url  where a project's documents can be downloaded, as a template over
--                      {document_id}, {project_id} and {budget_id}. Default: the project's
--                      public page, which lists its documents. CONSUL keeps its files under a
--                      name made with the application's secret key (and on S3 in production),
--                      so no SQL can write a working file address.
--                      / dirección de descarga de los documentos; por omisión, la página pública
--                      del proyecto.
--   ocds.time_zone     the platform's time zone (default America/Monterrey, CONSUL's
--                      config.time_zone). CONSUL stores UTC; dates are written in local time
--                      with their offset (2024-02-15T10:00:00-06:00), and an edition's year and
--                      a project's code use local dates, as the application does.
--   ocds.procurement   the relation holding the procurement system's export (default
--                      procurement_export, see below). Without it, records have no procurement.
--   ocds.procurement_separately
--                      'on': leave that relation out (records get "procurement": [] and
--                      "parties": []). Set by `ocds map`, which reads the relation in a query of
--                      its own, in the same snapshot, and puts its members into each record;
--                      not meant for psql.
--   ocds.part          'K/N' (1 <= K <= N): only the projects whose id leaves K - 1 divided by N,
--                      still in id order. Set by `ocds map`, which runs N parts on N connections
--                      in one snapshot (pg_export_snapshot) and merges them by id: the server
--                      builds records on N cores. Default: every project.
--
-- PERSONAL DATA / DATOS PERSONALES: this query reads no personal data, and names every column it
-- reads, so a role granted SELECT on those columns only can run it. It reads nothing from
-- `users` or any identity table (address_users, colonia_users, identities, electoral_rolls,
-- ...), nor the proposer's columns (`author_id`, `responsible_name`, `organization_name`), nor
-- who uploaded a file (`user_id`), nor votes or ballots one by one (only counts of ballot lines).
-- From `colonia`, which keeps a neighbourhood beside its committee's contact person (nombre_12,
-- apellidos, telefono, celular, correo_ele, direccion), it reads only id, junta_nom, sector,
-- is_active and the_geom. A project's neighbourhood is the one its map point falls in, never
-- the author's. From `administrators` it reads only `id`, for the public code.
-- ES: no lee datos personales: nada de `users` ni de tablas de identidad, ni autor, ni votantes;
--     de `colonia` solo id, junta_nom, sector, is_active y the_geom (nombre_12, apellidos,
--     teléfonos y correo son de la persona de contacto de la junta, no de la colonia).
--
-- What is exported: every project of the chosen editions that is not hidden by moderation
-- (`hidden_at`), whatever its heading: a project without one (editions 11 and later do not ask
-- for it) comes without `budget.heading`, with the sector of the neighbourhood its map point
-- falls in when it has one, and `ocds map` names it in a warning.
--
-- The procurement system (NOT part of CONSUL): when the database holds its export, the relation
-- named by ocds.procurement (a table loaded every night, a view, or a postgres_fdw foreign table)
--     procurement_export(investment_id integer,  -- budget_investments.id
--                        procurement   jsonb,    -- shaped like the record's procurement[]
--                        parties       jsonb,    -- shaped like parties[]: suppliers, tenderers
--                        progress      jsonb)    -- {percentage, as_of}, or NULL
-- with at most one row per project, the records carry it. It is read through query_to_xml, the
-- one way plain SQL can read a relation that may not exist; its amounts keep their centavos.
-- That costs the server as much as the rest of the query: `ocds map` reads the relation with a
-- plain SELECT on a second connection instead (ocds.procurement_separately), same bytes, in
-- investment_id order beside the records (a primary key on investment_id spares a sort).
--
-- Output: COPY ... TO STDOUT in CSV with a quote and a delimiter that never occur in JSON text
-- (\x01, \x02), so each JSON text is written verbatim (COPY's text format would double its
-- backslashes); JSON text has no raw line breaks, so each line is one record. Keys come in the
-- order written here, without spaces (json_strip_nulls writes the whole record once more); the
-- same data always gives the same bytes. Unknown = absent (json_strip_nulls). The records are
-- json, not jsonb: building jsonb (its keys sorted at every level) cost the server a fifth more.
-- Records come in project id order, streamed as they are made (the first one within a second).
-- =============================================================================================

-- This session only: no JIT compilation (seconds of compiling for a query run once, which it
-- does not win back: tests/benchmark/consul.sh), and more memory for the procurement export's
-- hash table and the final sort, which otherwise spill to disk.
DO $$
BEGIN
    PERFORM set_config('TimeZone',
                       COALESCE(NULLIF(current_setting('ocds.time_zone', true), ''), 'America/Monterrey'),
                       false);
    PERFORM set_config('jit', 'off', false);
    PERFORM set_config('work_mem', '64MB', false);
END
$$;

COPY (
WITH
settings AS (
    SELECT NULLIF(regexp_replace(COALESCE(current_setting('ocds.editions', true), ''), '\s', '', 'g'), '')
               AS editions,
           COALESCE(NULLIF(rtrim(current_setting('ocds.platform_url', true), '/'), ''),
                    'https://decide.sanpedro.gob.mx') AS platform_url,
           NULLIF(current_setting('ocds.document_url', true), '') AS document_url,
           CASE WHEN current_setting('ocds.procurement_separately', true) IS DISTINCT FROM 'on'
                THEN to_regclass(COALESCE(NULLIF(current_setting('ocds.procurement', true), ''),
                                          'procurement_export')) END AS procurement_source,
           -- Points are built in the polygons' own SRID: 0 as the fork's migration creates the
           -- column (the app's own lookup relies on it), 4326 if a DBA converted it.
           (SELECT ST_SRID(c.the_geom) FROM colonia c WHERE c.the_geom IS NOT NULL LIMIT 1)
               AS colonia_srid,
           -- ocds.part 'K/N': the remainder K - 1 of ids divided by N
           COALESCE(NULLIF(split_part(current_setting('ocds.part', true), '/', 2), '')::integer, 1) AS parts,
           COALESCE(NULLIF(split_part(current_setting('ocds.part', true), '/', 1), '')::integer, 1) - 1 AS part
),

-- The editions. The year is the local year in which the call for proposals (accepting) opens, or
-- without one the first enabled phase after drafting; never parsed out of the name.
editions AS (
    SELECT b.id, b.name, b.phase,
           CASE b.currency_symbol WHEN '$' THEN 'MXN' WHEN '€' THEN 'EUR' WHEN '£' THEN 'GBP'
                                  WHEN '¥' THEN 'JPY' END AS currency,
           extract(year FROM COALESCE(
               (SELECT min(ph.starts_at) FROM budget_phases ph
                WHERE ph.budget_id = b.id AND ph.enabled AND ph.kind = 'accepting'),
               (SELECT min(ph.starts_at) FROM budget_phases ph
                WHERE ph.budget_id = b.id AND ph.enabled AND ph.kind <> 'drafting'),
               b.created_at) AT TIME ZONE 'UTC')::integer AS year,
           -- CONSUL's amounts are public from publishing_prices on (PUBLISHED_PRICES_PHASES),
           -- the final votes once the ballot is closed.
           b.phase IN ('publishing_prices', 'balloting', 'reviewing_ballots', 'finished') AS prices_public,
           b.phase IN ('reviewing_ballots', 'finished') AS ballots_public
    FROM budgets b
    CROSS JOIN settings s
    WHERE b.phase <> 'drafting'
      AND CASE WHEN s.editions IS NULL
               THEN EXISTS (SELECT 1 FROM budget_investments i
                            WHERE i.budget_id = b.id AND i.size IS NOT NULL)
               ELSE b.id = ANY (string_to_array(s.editions, ',')::integer[])
          END
),

-- Each edition's enabled phases, in the order of Budget::Phase::PHASE_KINDS.
phases AS (
    SELECT ph.budget_id,
           json_agg(json_build_object(
                   'kind',      ph.kind,
                   'starts_at', to_json(date_trunc('second', ph.starts_at) AT TIME ZONE 'UTC'),
                   'ends_at',   to_json(date_trunc('second', ph.ends_at) AT TIME ZONE 'UTC'))
               ORDER BY array_position(ARRAY['drafting', 'informing', 'accepting', 'reviewing',
                                             'selecting', 'valuating', 'publishing_prices',
                                             'balloting', 'reviewing_ballots', 'finished'],
                                       ph.kind::text), ph.id) AS phases
    FROM budget_phases ph
    JOIN editions e ON e.id = ph.budget_id
    WHERE ph.enabled
    GROUP BY ph.budget_id
),

projects AS (
    SELECT i.id, i.budget_id, i.group_id, i.heading_id, i.administrator_id, i.title,
           i.description, i.location, i.size, i.created_at, i.updated_at, i.feasibility,
           i.valuation_finished, i.unfeasibility_explanation, i.price, i.price_first_year,
           i.price_explanation, i.duration, i.cached_votes_up, i.physical_votes,
           i.ballot_offline_count, i.selected, i.winner, i.incompatible, i.draw,
           e.name AS budget_name, e.phase AS budget_phase, e.year AS budget_year,
           e.currency, e.prices_public, e.ballots_public
    FROM budget_investments i
    JOIN editions e ON e.id = i.budget_id
    CROSS JOIN settings s
    WHERE i.hidden_at IS NULL
      AND i.id % s.parts = s.part
),

-- Published execution milestones, Spanish text first, with the platform's status name
-- ("Estudiando el proyecto", "Licitación", "Ejecutando el proyecto", "Ejecutado").
milestones_agg AS (
    SELECT m.milestoneable_id AS investment_id,
           json_agg(json_build_object(
                   'id',          m.id::text,
                   'title',       COALESCE(NULLIF(btrim(mt.title), ''), NULLIF(btrim(m.title), ''),
                                           st.name, 'Hito'),
                   'description', NULLIF(btrim(regexp_replace(COALESCE(mt.description, m.description, ''),
                                                              '<[^>]*>', ' ', 'g')), ''),
                   'date',        to_json(date_trunc('second', m.publication_date) AT TIME ZONE 'UTC'),
                   'status',      NULLIF(btrim(st.name), ''))
               ORDER BY m.publication_date, m.id) AS items
    FROM milestones m
    LEFT JOIN milestone_translations mt ON mt.milestone_id = m.id AND mt.locale = 'es'
    LEFT JOIN milestone_statuses st ON st.id = m.status_id AND st.hidden_at IS NULL
    CROSS JOIN settings s
    WHERE m.milestoneable_type = 'Budget::Investment'
      AND m.publication_date <= now() AT TIME ZONE 'UTC'
      AND m.milestoneable_id % s.parts = s.part
    GROUP BY m.milestoneable_id
),

-- The procurement system's export, when the database has it (see the header). Its JSON crosses
-- query_to_xml in base64: as XML text every quote of it would be escaped and parsed back, which
-- took as long as all the rest of this query.
procurement AS (
    SELECT r.investment_id,
           convert_from(decode(r.procurement, 'base64'), 'UTF8')::jsonb AS procurement,
           convert_from(decode(r.parties, 'base64'), 'UTF8')::jsonb AS parties,
           convert_from(decode(r.progress, 'base64'), 'UTF8')::jsonb AS progress
    FROM settings s
    CROSS JOIN XMLTABLE('/table/row' PASSING query_to_xml(
             CASE WHEN s.procurement_source IS NULL THEN 'SELECT NULL::integer AS investment_id WHERE false'
                  ELSE format('SELECT investment_id, '
                              'encode(convert_to(procurement::text, ''UTF8''), ''base64'') AS procurement, '
                              'encode(convert_to(parties::text, ''UTF8''), ''base64'') AS parties, '
                              'encode(convert_to(progress::text, ''UTF8''), ''base64'') AS progress FROM %s',
                              s.procurement_source) END,
             false, false, '')
         COLUMNS investment_id integer, procurement text, parties text, progress text) r
)

-- "random() >= 0" is always true; it makes the row's expression volatile, which PostgreSQL
-- evaluates after an ORDER BY's sort (when a plan needs one) rather than before it: each row is
-- built as it is sent, so `ocds map --from-consul` maps the first rows while the database builds
-- the others.
SELECT CASE WHEN random() >= 0 THEN json_strip_nulls(json_build_object(
    'record_version', '1',

    'project', json_build_object(
        'id',          x.id::text,
        -- Investment#code: local year of creation, id, and the administrator's id when it has one
        'code',        extract(year FROM x.created_at AT TIME ZONE 'UTC')::integer::text || '-' || x.id
                           || CASE WHEN EXISTS (SELECT 1 FROM administrators a WHERE a.id = x.administrator_id)
                                   THEN '-A' || x.administrator_id ELSE '' END,
        'title',       x.title,
        -- The description is HTML: tags and the common entities go.
        'description', NULLIF(btrim(regexp_replace(
                           replace(replace(replace(replace(replace(replace(
                               regexp_replace(COALESCE(x.description, ''), '<[^>]*>', ' ', 'g'),
                               '&nbsp;', ' '), '&quot;', '"'), '&#39;', ''''), '&lt;', '<'),
                               '&gt;', '>'), '&amp;', '&'),
                           '\s+', ' ', 'g')), ''),
        'url',         s.platform_url || '/budgets/' || x.budget_id || '/investments/' || x.id,
        'created_at',  to_json(date_trunc('second', x.created_at) AT TIME ZONE 'UTC'),
        'updated_at',  to_json(date_trunc('second', x.updated_at) AT TIME ZONE 'UTC'),
        'categories',  COALESCE(cat.names, '[]'::json),
        'size',        x.size),

    'budget', json_build_object(
        'id',       x.budget_id::text,
        'name',     x.budget_name,
        'year',     x.budget_year,
        'currency', x.currency,
        'phase',    x.budget_phase,
        'phases',   COALESCE(ph.phases, '[]'::json),
        'group',    CASE WHEN g.id IS NOT NULL THEN json_build_object('id', g.id::text, 'name', g.name) END,
        'heading',  CASE WHEN h.id IS NOT NULL THEN json_build_object(
                        'id',       h.id::text,
                        'name',     h.name,
                        -- the heading's pot (whole pesos), not the project's cost
                        'envelope', json_build_object('amount', h.price, 'currency', x.currency),
                        'sector',   COALESCE(h.sector, suburb.sector)) END),

    'territory', json_build_object(
        'sector', CASE WHEN sector.code IS NOT NULL THEN json_build_object(
                      'code', sector.code,
                      'name', (SELECT gz.name FROM geozones gz
                               WHERE gz.census_code = sector.code AND gz.deleted_at IS NULL
                               ORDER BY gz.id LIMIT 1)) END,
        'neighbourhood', CASE WHEN place.id IS NOT NULL THEN
                             json_build_object('id', place.id::text, 'name', place.junta_nom) END),

    -- The point the project set on the map: at street zoom (16 or more) an exact place, otherwise
    -- an area (the form starts at zoom 13). Without a point there is no location: the heading's
    -- centre would put the project in the middle of its sector.
    'location', CASE WHEN loc.investment_id IS NOT NULL THEN json_build_object(
        'description', NULLIF(btrim(x.location), ''),
        'point',       json_build_object('lat', trim_scale(round(loc.latitude::numeric, 6)),
                                          'lng', trim_scale(round(loc.longitude::numeric, 6))),
        'precision',   CASE WHEN loc.zoom >= 16 THEN 'exact' ELSE 'area' END) END,

    'assessment', json_build_object(
        'feasibility',               x.feasibility,
        'valuation_finished',        x.valuation_finished,
        'unfeasibility_explanation', CASE WHEN x.feasibility = 'unfeasible'
                                          THEN NULLIF(btrim(x.unfeasibility_explanation), '') END,
        'estimated_cost',            CASE WHEN x.prices_public AND x.feasibility = 'feasible' AND x.price IS NOT NULL
                                          THEN json_build_object('amount', x.price, 'currency', x.currency) END,
        'first_year_cost',           CASE WHEN x.prices_public AND x.feasibility = 'feasible'
                                           AND x.price_first_year IS NOT NULL
                                          THEN json_build_object('amount', x.price_first_year,
                                                                  'currency', x.currency) END,
        'cost_explanation',          CASE WHEN x.prices_public AND x.feasibility = 'feasible'
                                          THEN NULLIF(btrim(x.price_explanation), '') END,
        'duration_text',             NULLIF(btrim(x.duration), '')),

    'participation', json_build_object(
        -- first-round supports: online (cached_votes_up) and on paper (physical_votes)
        'supports', json_build_object(
                        'online',  COALESCE(x.cached_votes_up, 0),
                        'offline', COALESCE(x.physical_votes, 0),
                        'total',   COALESCE(x.cached_votes_up, 0) + COALESCE(x.physical_votes, 0)),
        -- final votes, as the app's total_votes_v2: ballot lines + ballot_offline_count
        'ballots',  CASE WHEN x.ballots_public AND x.selected THEN json_build_object(
                        'online',  COALESCE(bc.online, 0),
                        'offline', COALESCE(x.ballot_offline_count, 0),
                        'total',   COALESCE(bc.online, 0) + COALESCE(x.ballot_offline_count, 0)) END,
        'selected',     COALESCE(x.selected, false),
        'winner',       COALESCE(x.winner, false),
        'incompatible', COALESCE(x.incompatible, false),
        'draw',         COALESCE(x.draw, false)),

    'milestones',  COALESCE(ms.items, '[]'::json),
    'documents',   COALESCE(docs.items, '[]'::json),
    -- the procurement system's, last: ocds map puts what it reads separately in their place
    'progress',    pr.progress::json,
    'procurement', COALESCE(pr.procurement::json, '[]'::json),
    'parties',     COALESCE(pr.parties::json, '[]'::json)
))::text END
FROM projects x
CROSS JOIN settings s
LEFT JOIN budget_groups g      ON g.id = x.group_id
LEFT JOIN budget_headings h    ON h.id = x.heading_id
LEFT JOIN colonia suburb       ON suburb.id = h.suburb_id
LEFT JOIN phases ph            ON ph.budget_id = x.budget_id
LEFT JOIN milestones_agg ms    ON ms.investment_id = x.id
-- What follows is read project by project through CONSUL's indexes (taggings, documents, ballot
-- lines, map locations by project), in the order of the rows: the first record leaves the
-- server at once instead of after aggregates over whole tables and a sort of every joined row.
-- Public tags (categories); the 'valuation' context is the valuators' own.
CROSS JOIN LATERAL (
    SELECT json_agg(t.name ORDER BY tg.id) AS names
    FROM taggings tg
    JOIN tags t ON t.id = tg.tag_id
    WHERE tg.taggable_id = x.id AND tg.taggable_type = 'Budget::Investment' AND tg.context = 'tags') cat
-- The project's documents: their title, type and date, linked to where the public can get them
-- (ocds.document_url, or the project's page). CONSUL keeps no document type: it is read from
-- the title.
CROSS JOIN LATERAL (
    SELECT json_agg(json_build_object(
                   'id',     d.id::text,
                   'title',  d.title,
                   'url',    CASE WHEN s.document_url IS NULL
                                  THEN s.platform_url || '/budgets/' || x.budget_id || '/investments/' || x.id
                                  ELSE replace(replace(replace(s.document_url,
                                           '{document_id}', d.id::text),
                                           '{project_id}', x.id::text),
                                           '{budget_id}', x.budget_id::text)
                             END,
                   'format', d.attachment_content_type,
                   'date',   to_json(date_trunc('second', d.created_at) AT TIME ZONE 'UTC'),
                   'type',   CASE WHEN d.title ~* '^acta' THEN 'evaluationReports'
                                  WHEN d.title ~* 'factibilidad|viabilidad|inviabilidad|dictamen'
                                      THEN 'feasibilityStudy'
                                  WHEN d.title ~* 'anteproyecto|proyecto ejecutivo|plan maestro'
                                      THEN 'projectPlan'
                                  WHEN d.title ~* 'cotizaci|investigaci.n de mercado'
                                      THEN 'marketStudies'
                             END)
               ORDER BY d.id) AS items
    FROM documents d
    WHERE d.documentable_type = 'Budget::Investment' AND d.documentable_id = x.id) docs
-- Online final votes: ballot lines (the app's Budget::Ballot::Line.counter).
CROSS JOIN LATERAL (
    SELECT count(*)::integer AS online FROM budget_ballot_lines bl WHERE bl.investment_id = x.id) bc
-- One map point (the latest), in the polygons' SRID.
LEFT JOIN LATERAL (
    SELECT ml.investment_id, ml.latitude, ml.longitude, ml.zoom,
           ST_SetSRID(ST_MakePoint(ml.longitude, ml.latitude), s.colonia_srid) AS point
    FROM map_locations ml
    WHERE ml.investment_id = x.id AND ml.latitude IS NOT NULL AND ml.longitude IS NOT NULL
    ORDER BY ml.id DESC
    LIMIT 1) loc ON true
LEFT JOIN procurement pr       ON pr.investment_id = x.id
-- The neighbourhood the map point falls in (an active one first, as the app lists them).
LEFT JOIN LATERAL (
    SELECT c.id, c.junta_nom, c.sector
    FROM colonia c
    WHERE ST_Contains(c.the_geom, loc.point)
    ORDER BY c.is_active IS TRUE DESC, c.id
    LIMIT 1) place ON true
CROSS JOIN LATERAL (SELECT COALESCE(h.sector, suburb.sector, place.sector) AS code) sector
-- In project id order, the primary key's: no sort of the joined rows before the first one, and a
-- project that comes twice (two rows in the procurement export) comes twice in a row.
ORDER BY x.id
) TO STDOUT WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02');
