-- What a real CONSUL database holds sooner or later, added on top of seed-1.sql + seed-2.sql:
-- check_edge_cases.py says what the export must make of it.
BEGIN;

-- A new edition created in CONSUL's admin after the example's exports, named without a year,
-- past its drafting phase: the export takes it with no file edited, its year from its phases.
INSERT INTO budgets (id, name, currency_symbol, phase, created_at, updated_at, slug)
VALUES (14, 'Presupuesto Participativo - Edición Sectores', '$', 'accepting',
        '2024-12-02 17:00', '2025-02-03 06:00', 'pp-sectores');
INSERT INTO budget_phases (id, budget_id, kind, starts_at, ends_at, enabled)
SELECT 1400 + n, 14, kind,
       '2025-02-03 06:00'::timestamp + (n - 2) * interval '3 weeks',
       '2025-02-03 06:00'::timestamp + (n - 1) * interval '3 weeks' - interval '1 second',
       kind <> 'drafting'
FROM unnest(ARRAY['drafting', 'informing', 'accepting', 'reviewing', 'selecting', 'valuating',
                  'publishing_prices', 'balloting', 'reviewing_ballots', 'finished']) WITH ORDINALITY AS k(kind, n);
-- its informing phase starts in 2024 (local time): the year is the call for proposals' (2025)
UPDATE budget_phases SET starts_at = '2024-12-16 06:00' WHERE id = 1402;
INSERT INTO budget_groups (id, budget_id, name, slug) VALUES (27, 14, 'Sectores', 'sectores');
INSERT INTO budget_headings (id, group_id, name, price, sector, htype)
VALUES (171, 27, 'Sector K3 Del Valle', 15500000, 'K3', 'sector');

INSERT INTO budget_investments (id, author_id, administrator_id, title, description, created_at, updated_at,
                                heading_id, group_id, budget_id, size, responsible_name, feasibility, location)
VALUES
    -- with its heading, an administrator: code <local year>-<id>-A<administrator>
    (9101, 90001, 5, 'Ciclovía en Calzada del Valle', '<p>Ciclovía confinada.</p>',
     '2025-02-04 03:00', '2025-02-04 03:00', 171, 27, 14, 'large', 'CANARY-responsible_name-9101', 'undecided',
     'Calzada del Valle'),
    -- no heading (the form of editions 11 and later has none): the sector of where its map point
    -- falls, no administrator row for id 99, created on 31 December local time (1 January UTC)
    (9102, 90002, 99, 'Bancas en el parque de Fuentes del Valle', '<p>Bancas.</p>',
     '2025-01-01 03:00', '2025-02-05 18:00', NULL, NULL, 14, 'medium', 'CANARY-responsible_name-9102',
     'undecided', 'Parque'),
    -- no heading and no map point: nothing known about where it is
    (9103, 90003, NULL, 'Biblioteca de barrio', '<p>Libros.</p>',
     '2025-02-05 18:00', '2025-02-05 18:00', NULL, NULL, 14, 'medium', 'CANARY-responsible_name-9103',
     'undecided', NULL),
    -- a heading that was deleted: the group stays, the heading goes
    (9104, 90004, NULL, 'Arbolado en Vasconcelos', '<p>Árboles.</p>',
     '2025-02-05 18:00', '2025-02-05 18:00', 999, 27, 14, 'medium', 'CANARY-responsible_name-9104',
     'undecided', NULL),
    -- text that a naive export would break: quotes, backslashes, tabs, line breaks, control
    -- characters, emoji, HTML entities
    (9105, 90005, NULL, E'Cancha "La 10" \\ techada\tcon\nluz \x01\x02 ⚽ 🏀',
     E'<p>Techo &amp; luz &quot;LED&quot;, 50&nbsp;% &lt;ahorro&gt; &#39;ya&#39;</p>\r\n<p>Sin \\N ni \\.</p>',
     '2025-02-05 18:00', '2025-02-05 18:00', 171, 27, 14, 'medium', 'CANARY-responsible_name-9105',
     'undecided', NULL),
    -- an edition still in drafting is never exported
    (9106, 90006, NULL, 'Propuesta de prueba del administrador', '<p>Prueba.</p>',
     '2024-09-03 18:00', '2024-09-03 18:00', NULL, NULL, 13, 'large', 'CANARY-responsible_name-9106',
     'undecided', NULL);

INSERT INTO map_locations (id, latitude, longitude, zoom, investment_id)
SELECT v.investment_id, ST_Y(p), ST_X(p), v.zoom, v.investment_id
FROM (VALUES (9101, 118, 17), (9102, 97, 13)) AS v(investment_id, colonia_id, zoom)
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(the_geom) AS p FROM colonia WHERE id = v.colonia_id) c;

COMMIT;
