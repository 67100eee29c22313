-- =============================================================================================
-- consul-export.sql
--
-- ES: Exporta los proyectos del Presupuesto Participativo de "Decide San Pedro" (CONSUL 0.18 con
--     los cambios de San Pedro Garza García) en el formato de registro proyecto-presupuesto
--     (budget-project record, record_version "1"): JSON Lines, UTF-8, un proyecto por línea. Es la
--     entrada de `ocds map`. Une la parte de participación (CONSUL) con la parte de contratación
--     (sistema municipal de compras) por el id del proyecto.
-- EN: Exports the participatory-budget projects of "Decide San Pedro" (CONSUL 0.18 with San Pedro
--     Garza García's changes) in the budget-project record format (record_version "1"): JSON
--     Lines, UTF-8, one project per line, the input of `ocds map`. It joins the participation half
--     (CONSUL) with the contracting half (the municipal procurement system) on the project id.
--
-- Uso / usage (read-only access to the CONSUL database is enough):
--
--     psql -X -q -v ON_ERROR_STOP=1 -d consul_production -f consul-export.sql > export.jsonl
--
-- ES: La salida usa `COPY ... TO STDOUT` en formato CSV con comillas y separador que nunca aparecen
--     en JSON (\x01, \x02): así cada registro sale tal cual, sin el escape de barras invertidas del
--     formato de texto de COPY (que corrompería los "\n" y "\"" de las cadenas JSON). Un JSON no
--     contiene saltos de línea sin escapar, así que cada línea es un registro.
-- EN: Output goes through `COPY ... TO STDOUT` in CSV format with a quote and delimiter that never
--     occur in JSON (\x01, \x02), so each record is written verbatim, without the backslash
--     escaping of COPY's text format (which would corrupt the "\n" and "\"" inside JSON strings).
--     JSON has no unescaped line breaks, so every line is one record.
--
-- ES: Qué se exporta: las ediciones de `budget_ids` (abajo), solo los rubros (headings) de tipo
--     sector (K1–K6, `htype = 'sector'`), sin proyectos ocultos por moderación (`hidden_at`).
-- EN: What is exported: the editions listed in `budget_ids` (below), only sector headings (K1–K6,
--     `htype = 'sector'`), without projects hidden by moderation (`hidden_at`).
--
-- ES: DATOS PERSONALES: este query NUNCA exporta datos personales. No lee `users` ni ninguna tabla
--     de identidad (curp, electoral_rolls, address_users, colonia_users, ...), ni las columnas
--     `author_id`, `responsible_name` (número de documento del autor), `organization_name`,
--     `administrator_id`, asignaciones de evaluadores, comentarios, `votes` o `budget_ballots`
--     individuales (solo conteos), ni `user_id` de documentos e imágenes. La colonia del proyecto
--     sale de la ubicación del proyecto en el mapa, nunca de la colonia del autor. Los datos de
--     contratación (`procurement_export`) solo traen proveedores y licitantes; el sistema de compras
--     debe marcar `publish_identifier: false` para las personas físicas (RFC de 13 caracteres).
-- EN: PERSONAL DATA: this query NEVER exports personal data. It does not read `users` or any
--     identity table (curp, electoral_rolls, address_users, colonia_users, ...), nor the columns
--     `author_id`, `responsible_name` (the author's document number), `organization_name`,
--     `administrator_id`, valuator assignments, comments, individual `votes` or `budget_ballots`
--     (only counts), nor the `user_id` of documents and images. The project's colonia comes from
--     the project's map location, never from the author's colonia. The procurement data
--     (`procurement_export`) holds only suppliers and tenderers; the procurement system must set
--     `publish_identifier: false` for natural persons (13-character RFC).
--
-- ES: SUPUESTO (no es parte de CONSUL): el sistema municipal de compras publica, en esta misma base
--     (por ejemplo como tabla cargada cada noche o como tabla foránea con postgres_fdw), la vista
-- EN: ASSUMPTION (not part of CONSUL): the municipal procurement system provides, in this same
--     database (e.g. a table loaded every night, or a foreign table through postgres_fdw), the view
--
--         procurement_export(
--             investment_id integer,  -- budget_investments.id, la llave del panel "Proceso de
--                                     -- contratación abierta" / the key of the EDCA panel
--             procurement   jsonb,    -- array con la forma de procurement[] del formato / array
--                                     -- shaped like the format's procurement[] (process_id,
--                                     -- tender, awards, contracts, payments, milestones)
--             parties       jsonb,    -- array con la forma de parties[]: proveedores y
--                                     -- licitantes / suppliers and tenderers
--             progress      jsonb)    -- {percentage, as_of}: avance físico reportado por la
--                                     -- supervisión de obra / physical progress, or NULL
--
--     ES: con a lo más un renglón por proyecto. Sus importes llevan centavos (vienen del sistema de
--     compras); los de CONSUL son pesos enteros (bigint).
--     EN: with at most one row per project. Its amounts have centavos (they come from the
--     procurement system); CONSUL's amounts are whole pesos (bigint).
--
-- ES: Otros supuestos: la tabla `colonia` de San Pedro guarda el nombre en `nombre_12` y el
--     polígono en `the_geom` (PostGIS, SRID 4326); los adjuntos usan la ruta por omisión de
--     Paperclip (:id_partition); `taggings.context = 'tags'` son las etiquetas públicas (las de
--     contexto 'valuation' son internas). Revíselos contra la instalación real.
-- EN: Other assumptions: San Pedro's `colonia` table keeps the name in `nombre_12` and the polygon
--     in `the_geom` (PostGIS, SRID 4326); attachments use Paperclip's default path
--     (:id_partition); `taggings.context = 'tags'` are the public tags (context 'valuation' is
--     internal). Check them against the real installation.
--
-- ES: Fechas: CONSUL guarda `timestamp without time zone` en UTC; se convierten a la hora de
--     Monterrey con su desfase (RFC 3339, p. ej. 2024-02-15T10:00:00-06:00).
-- EN: Dates: CONSUL stores `timestamp without time zone` in UTC; they are converted to Monterrey
--     time with its offset (RFC 3339, e.g. 2024-02-15T10:00:00-06:00).
--
-- ES: `jsonb_strip_nulls` quita los miembros nulos (desconocido = ausente, nunca ""). jsonb ordena
--     las claves a su manera (las cortas primero); el orden no importa al mapeador, y el mismo dato
--     produce siempre los mismos bytes, así que un proyecto sin cambios sale idéntico.
-- EN: `jsonb_strip_nulls` drops null members (unknown = absent, never ""). jsonb orders keys its
--     own way (shorter keys first); the order does not matter to the mapper, and the same data
--     always gives the same bytes, so an unchanged project is written identically.
-- =============================================================================================

SET TIME ZONE 'America/Monterrey';   -- to_jsonb(timestamptz) escribe la hora local con desfase
                                     -- to_jsonb(timestamptz) writes local time with its offset

COPY (
WITH
params AS (
    SELECT ARRAY[11, 12]::integer[]               AS budget_ids,   -- ediciones / editions
           'https://decide.sanpedro.gob.mx'::text AS base_url
),

-- Fases de cada edición, en el orden de Budget::Phase::PHASE_KINDS; solo las habilitadas.
-- Each edition's phases, in the order of Budget::Phase::PHASE_KINDS; enabled ones only.
phases AS (
    SELECT ph.budget_id,
           jsonb_agg(jsonb_build_object(
                   'kind',      ph.kind,
                   'starts_at', to_jsonb(date_trunc('second', ph.starts_at) AT TIME ZONE 'UTC'),
                   'ends_at',   to_jsonb(date_trunc('second', ph.ends_at) AT TIME ZONE 'UTC'))
               ORDER BY array_position(ARRAY['drafting', 'informing', 'accepting', 'reviewing',
                                             'selecting', 'valuating', 'publishing_prices',
                                             'balloting', 'reviewing_ballots', 'finished'],
                                       ph.kind::text)) AS phases
    FROM budget_phases ph
    WHERE ph.enabled
    GROUP BY ph.budget_id
),

-- Etiquetas públicas (categorías) / public tags (categories)
categories AS (
    SELECT tg.taggable_id AS investment_id,
           jsonb_agg(t.name ORDER BY tg.id) AS names
    FROM taggings tg
    JOIN tags t ON t.id = tg.tag_id
    WHERE tg.taggable_type = 'Budget::Investment'
      AND tg.context = 'tags'
    GROUP BY tg.taggable_id
),

-- Hitos de ejecución con el texto en español y el nombre del estatus de la plataforma
-- ("Estudiando el proyecto", "Licitación", "Ejecutando el proyecto", "Ejecutado").
-- Execution milestones with the Spanish text and the platform's status name.
milestones_agg AS (
    SELECT m.milestoneable_id AS investment_id,
           jsonb_agg(jsonb_build_object(
                   'id',          m.id::text,
                   'title',       COALESCE(NULLIF(btrim(mt.title), ''), NULLIF(btrim(m.title), ''),
                                           st.name, 'Hito'),
                   'description', NULLIF(btrim(regexp_replace(
                                      COALESCE(mt.description, m.description, ''),
                                      '<[^>]*>', ' ', 'g')), ''),
                   'date',        to_jsonb(date_trunc('second', m.publication_date) AT TIME ZONE 'UTC'),
                   'status',      NULLIF(btrim(st.name), ''))
               ORDER BY m.publication_date, m.id) AS items
    FROM milestones m
    LEFT JOIN milestone_translations mt ON mt.milestone_id = m.id AND mt.locale = 'es'
    LEFT JOIN milestone_statuses st ON st.id = m.status_id AND st.hidden_at IS NULL
    WHERE m.milestoneable_type = 'Budget::Investment'
      AND m.publication_date IS NOT NULL
      AND m.publication_date <= now() AT TIME ZONE 'UTC'      -- solo publicados / published only
    GROUP BY m.milestoneable_id
),

-- Documentos PDF del proyecto (sin user_id). CONSUL no guarda el tipo: se deduce del título.
-- The project's PDF documents (no user_id). CONSUL keeps no type: it is guessed from the title.
documents_agg AS (
    SELECT d.documentable_id AS investment_id,
           jsonb_agg(jsonb_build_object(
                   'id',     d.id::text,
                   'title',  d.title,
                   'url',    (SELECT base_url FROM params)
                             || '/system/documents/attachments/'
                             || regexp_replace(lpad(d.id::text, 9, '0'),
                                               '^(\d{3})(\d{3})(\d{3})$', '\1/\2/\3')
                             || '/original/' || replace(d.attachment_file_name, ' ', '%20'),
                   'format', d.attachment_content_type,
                   'date',   to_jsonb(date_trunc('second', d.created_at) AT TIME ZONE 'UTC'),
                   'type',   CASE
                               WHEN d.title ~* '^acta'
                                 THEN 'evaluationReports'
                               WHEN d.title ~* 'factibilidad|viabilidad|inviabilidad|dictamen'
                                 THEN 'feasibilityStudy'
                               WHEN d.title ~* 'anteproyecto|proyecto ejecutivo|plan maestro'
                                 THEN 'projectPlan'
                               WHEN d.title ~* 'cotizaci|investigaci.n de mercado'
                                 THEN 'marketStudies'
                             END)
               ORDER BY d.id) AS items
    FROM documents d
    WHERE d.documentable_type = 'Budget::Investment'
    GROUP BY d.documentable_id
),

-- Votos finales en línea: líneas de boleta por proyecto (Budget::Ballot::Line.counter).
-- Online final votes: ballot lines per project (Budget::Ballot::Line.counter).
ballot_counts AS (
    SELECT bl.investment_id, count(*)::integer AS online
    FROM budget_ballot_lines bl
    GROUP BY bl.investment_id
),

-- Una ubicación por proyecto (la más reciente) / one map location per project (the latest)
locations AS (
    SELECT DISTINCT ON (ml.investment_id)
           ml.investment_id, ml.latitude, ml.longitude, ml.zoom
    FROM map_locations ml
    WHERE ml.investment_id IS NOT NULL
      AND ml.latitude IS NOT NULL AND ml.longitude IS NOT NULL
    ORDER BY ml.investment_id, ml.id DESC
),

base AS (
    SELECT i.*,
           b.name            AS budget_name,
           b.phase           AS budget_phase,
           b.currency_symbol AS budget_currency_symbol,
           g.name            AS group_name,
           h.name            AS heading_name,
           h.price           AS heading_price,
           h.sector          AS heading_sector,
           -- Los importes de CONSUL se publican desde publishing_prices (PUBLISHED_PRICES_PHASES)
           -- CONSUL's amounts are public from publishing_prices on (PUBLISHED_PRICES_PHASES)
           b.phase IN ('publishing_prices', 'balloting', 'reviewing_ballots', 'finished')
                             AS prices_public,
           -- Los votos finales se publican al cerrar la votación / final votes once voting closed
           b.phase IN ('reviewing_ballots', 'finished')
                             AS ballots_public,
           CASE b.currency_symbol WHEN '$' THEN 'MXN' WHEN '€' THEN 'EUR' WHEN '£' THEN 'GBP'
                                  WHEN '¥' THEN 'JPY' END
                             AS currency
    FROM budget_investments i
    JOIN budgets b         ON b.id = i.budget_id
    JOIN budget_groups g   ON g.id = i.group_id
    JOIN budget_headings h ON h.id = i.heading_id
    CROSS JOIN params
    WHERE i.budget_id = ANY (params.budget_ids)
      AND h.htype = 'sector'
      AND i.hidden_at IS NULL
)

SELECT jsonb_strip_nulls(jsonb_build_object(
    'record_version', '1',

    'project', jsonb_build_object(
        'id',          x.id::text,
        -- Investment#code: año de creación (hora local) y id / creation year (local time) and id
        'code',        extract(year FROM x.created_at AT TIME ZONE 'UTC')::integer::text || '-' || x.id,
        'title',       x.title,
        -- La descripción es HTML: se quitan etiquetas y entidades comunes.
        -- The description is HTML: tags and common entities are removed.
        'description', NULLIF(btrim(regexp_replace(
                           replace(replace(replace(replace(replace(replace(
                               regexp_replace(COALESCE(x.description, ''), '<[^>]*>', ' ', 'g'),
                               '&nbsp;', ' '), '&quot;', '"'), '&#39;', ''''), '&lt;', '<'),
                               '&gt;', '>'), '&amp;', '&'),
                           '\s+', ' ', 'g')), ''),
        'url',         (SELECT base_url FROM params) || '/budgets/' || x.budget_id
                           || '/investments/' || x.id,
        'created_at',  to_jsonb(date_trunc('second', x.created_at) AT TIME ZONE 'UTC'),
        'updated_at',  to_jsonb(date_trunc('second', x.updated_at) AT TIME ZONE 'UTC'),
        'categories',  COALESCE(cat.names, '[]'::jsonb),
        'size',        x.size),                                  -- large | medium (SP)

    'budget', jsonb_build_object(
        'id',       x.budget_id::text,
        'name',     x.budget_name,
        'year',     right(x.budget_name, 4)::integer,            -- Budget#short_name (SP)
        'currency', x.currency,                                  -- "$" -> MXN
        'phase',    x.budget_phase,
        'phases',   COALESCE(ph.phases, '[]'::jsonb),
        'group',    jsonb_build_object('id', x.group_id::text, 'name', x.group_name),
        'heading',  jsonb_build_object(
                        'id',       x.heading_id::text,
                        'name',     x.heading_name,
                        -- la bolsa del sector (pesos enteros), no el costo del proyecto
                        -- the sector's pot (whole pesos), not the project's cost
                        'envelope', jsonb_build_object('amount', x.heading_price,
                                                       'currency', x.currency),
                        'sector',   x.heading_sector)),

    'territory', jsonb_build_object(
        'sector', CASE WHEN x.heading_sector IS NOT NULL THEN jsonb_build_object(
                      'code', x.heading_sector,
                      'name', (SELECT gz.name FROM geozones gz
                               WHERE gz.census_code = x.heading_sector AND gz.deleted_at IS NULL
                               ORDER BY gz.id LIMIT 1)) END,
        'neighbourhood', (SELECT jsonb_build_object('id', c.id::text, 'name', c.nombre_12)
                          FROM colonia c
                          WHERE loc.investment_id IS NOT NULL
                            AND ST_Contains(c.the_geom,
                                            ST_SetSRID(ST_MakePoint(loc.longitude, loc.latitude), 4326))
                          ORDER BY c.id LIMIT 1)),

    -- Ubicación: el punto que el proyecto marcó en el mapa; con zoom de calle (>= 16) es un
    -- lugar exacto, si no un área. Sin punto no hay ubicación: el centro del rubro, que usa el CSV
    -- de SP, pondría el proyecto en el centro del sector.
    -- Location: the point the project set on the map; at street zoom (>= 16) an exact place,
    -- otherwise an area. Without a point there is no location: the heading's centre, which SP's
    -- CSV uses, would put the project at the middle of the sector.
    'location', CASE WHEN loc.investment_id IS NOT NULL THEN jsonb_build_object(
        'description', NULLIF(btrim(x.location), ''),
        'point',       jsonb_build_object('lat', round(loc.latitude::numeric, 6),
                                          'lng', round(loc.longitude::numeric, 6)),
        'precision',   CASE WHEN loc.zoom >= 16 THEN 'exact' ELSE 'area' END) END,

    'assessment', jsonb_build_object(
        'feasibility',               x.feasibility,              -- undecided|feasible|unfeasible
        'valuation_finished',        x.valuation_finished,
        'unfeasibility_explanation', CASE WHEN x.feasibility = 'unfeasible'
                                          THEN NULLIF(btrim(x.unfeasibility_explanation), '') END,
        'estimated_cost',            CASE WHEN x.prices_public AND x.feasibility = 'feasible'
                                           AND x.price IS NOT NULL
                                          THEN jsonb_build_object('amount', x.price,
                                                                  'currency', x.currency) END,
        'first_year_cost',           CASE WHEN x.prices_public AND x.feasibility = 'feasible'
                                           AND x.price_first_year IS NOT NULL
                                          THEN jsonb_build_object('amount', x.price_first_year,
                                                                  'currency', x.currency) END,
        'cost_explanation',          CASE WHEN x.prices_public AND x.feasibility = 'feasible'
                                          THEN NULLIF(btrim(x.price_explanation), '') END,
        'duration_text',             NULLIF(btrim(x.duration), '')),

    'participation', jsonb_build_object(
        -- Apoyos (primera ronda): en línea = cached_votes_up, presenciales = physical_votes
        -- Supports (first round): online = cached_votes_up, offline = physical_votes
        'supports', jsonb_build_object(
                        'online',  COALESCE(x.cached_votes_up, 0),
                        'offline', COALESCE(x.physical_votes, 0),
                        'total',   COALESCE(x.cached_votes_up, 0) + COALESCE(x.physical_votes, 0)),
        -- Votos finales (SP total_votes_v2 = líneas de boleta + ballot_offline_count)
        -- Final votes (SP total_votes_v2 = ballot lines + ballot_offline_count)
        'ballots',  CASE WHEN x.ballots_public AND x.selected THEN jsonb_build_object(
                        'online',  COALESCE(bc.online, 0),
                        'offline', COALESCE(x.ballot_offline_count, 0),
                        'total',   COALESCE(bc.online, 0) + COALESCE(x.ballot_offline_count, 0)) END,
        'selected',     COALESCE(x.selected, false),
        'winner',       COALESCE(x.winner, false),
        'incompatible', COALESCE(x.incompatible, false),
        'draw',         COALESCE(x.draw, false)),

    'milestones',  COALESCE(ms.items, '[]'::jsonb),
    'progress',    pe.progress,
    'documents',   COALESCE(docs.items, '[]'::jsonb),
    'procurement', COALESCE(pe.procurement, '[]'::jsonb),
    'parties',     COALESCE(pe.parties, '[]'::jsonb)
))::text
FROM base x
LEFT JOIN phases ph            ON ph.budget_id = x.budget_id
LEFT JOIN categories cat       ON cat.investment_id = x.id
LEFT JOIN milestones_agg ms    ON ms.investment_id = x.id
LEFT JOIN documents_agg docs   ON docs.investment_id = x.id
LEFT JOIN ballot_counts bc     ON bc.investment_id = x.id
LEFT JOIN locations loc        ON loc.investment_id = x.id
LEFT JOIN procurement_export pe ON pe.investment_id = x.id   -- SUPUESTO / ASSUMPTION (see above)
ORDER BY x.budget_id, x.id
) TO STDOUT WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02');
