-- =============================================================================================
-- read-only-role.sql: lets a database role run budget-projects.sql and see nothing else: SELECT
-- on exactly the columns the export reads (no personal column, no people's table), nothing more.
-- ES: permite a un rol ejecutar budget-projects.sql y nada más: SELECT solo sobre las columnas que
--     la exportación lee (ninguna columna personal, ninguna tabla de personas).
--
-- A database administrator creates the role, then runs this file in CONSUL's database:
--
--     psql -d consul_production -c "CREATE ROLE ocds_export LOGIN PASSWORD '...'"
--     psql -X -q -v ON_ERROR_STOP=1 -v role=ocds_export -d consul_production -f read-only-role.sql
--
-- and `ocds map --from-consul 'dbname=consul_production user=ocds_export'` (the password in
-- ~/.pgpass or PGPASSFILE) reads the projects. Run it again after upgrading ocds: it grants what
-- the new budget-projects.sql reads. With the procurement system's export in the database
-- (procurement_export, see budget-projects.sql), the role may read it too.
-- =============================================================================================

SELECT set_config('ocds.role', :'role', false) AS role \gset

GRANT USAGE ON SCHEMA public TO :"role";
GRANT SELECT (id, name, phase, currency_symbol, created_at) ON budgets TO :"role";
GRANT SELECT (id, budget_id, kind, starts_at, ends_at, enabled) ON budget_phases TO :"role";
GRANT SELECT (id, name) ON budget_groups TO :"role";
GRANT SELECT (id, name, price, sector, suburb_id) ON budget_headings TO :"role";
GRANT SELECT (id, budget_id, group_id, heading_id, administrator_id, title, description, location, size,
              created_at, updated_at, hidden_at, feasibility, valuation_finished, unfeasibility_explanation,
              price, price_first_year, price_explanation, duration, cached_votes_up, physical_votes,
              ballot_offline_count, selected, winner, incompatible, draw) ON budget_investments TO :"role";
GRANT SELECT (investment_id) ON budget_ballot_lines TO :"role";
GRANT SELECT (id, investment_id, latitude, longitude, zoom) ON map_locations TO :"role";
GRANT SELECT (id, title, attachment_content_type, documentable_id, documentable_type, created_at) ON documents TO :"role";
GRANT SELECT (id, milestoneable_id, milestoneable_type, title, description, publication_date, status_id)
    ON milestones TO :"role";
GRANT SELECT (milestone_id, locale, title, description) ON milestone_translations TO :"role";
GRANT SELECT (id, name, hidden_at) ON milestone_statuses TO :"role";
GRANT SELECT (id, tag_id, taggable_id, taggable_type, context) ON taggings TO :"role";
GRANT SELECT (id, name) ON tags TO :"role";
GRANT SELECT (id, name, census_code, deleted_at) ON geozones TO :"role";
GRANT SELECT (id, junta_nom, sector, is_active, the_geom) ON colonia TO :"role";
GRANT SELECT (id) ON administrators TO :"role";

DO $$
BEGIN
    IF to_regclass('procurement_export') IS NOT NULL THEN
        EXECUTE format('GRANT SELECT ON procurement_export TO %I', current_setting('ocds.role'));
    END IF;
END
$$;
