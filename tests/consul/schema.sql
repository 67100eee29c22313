-- CONSUL's tables as "Decide San Pedro" has them (github.com/sanpgg/consul, master f9e705e), for
-- the tests of schemas/consul/budget-projects.sql: every table the export query reads, each with
-- all of its columns, plus the tables that hold the people those rows point to (users, ballots,
-- comments, colonia_users, address_users), so that the tests can plant a "canary" in every
-- personal column and prove that none reaches the output.
--
-- Written for these tests from the fork's column lists, column by column: db/schema.rb (version
-- 20230313004340, a Rails 4.2 dump: integer ids, `limit: 8` = bigint, datetime = timestamp
-- without time zone, holding UTC) plus the fork's migrations that schema.rb does not hold:
--   20190209060446_create_colonia        colonia (schema.rb cannot dump its geometry column)
--   20230320083722_add_is_active_to_colonium
--   20230829191422_add_draw_to_budget_investments
-- The polygons are stored as the fork stores them: `t.multi_polygon :the_geom, srid: 0`. The
-- tests also convert them to SRID 4326 and expect the same output.

SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS plpgsql;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- People. The export reads nothing of these.
CREATE TABLE users (
    id                              serial PRIMARY KEY,
    email                           character varying DEFAULT '',
    encrypted_password              character varying DEFAULT '' NOT NULL,
    reset_password_token            character varying,
    reset_password_sent_at          timestamp without time zone,
    remember_created_at             timestamp without time zone,
    sign_in_count                   integer DEFAULT 0 NOT NULL,
    current_sign_in_at              timestamp without time zone,
    last_sign_in_at                 timestamp without time zone,
    current_sign_in_ip              character varying,
    last_sign_in_ip                 character varying,
    created_at                      timestamp without time zone NOT NULL,
    updated_at                      timestamp without time zone NOT NULL,
    confirmation_token              character varying,
    confirmed_at                    timestamp without time zone,
    confirmation_sent_at            timestamp without time zone,
    unconfirmed_email               character varying,
    email_on_comment                boolean DEFAULT false,
    email_on_comment_reply          boolean DEFAULT false,
    phone_number                    character varying(30),
    official_position               character varying,
    official_level                  integer DEFAULT 0,
    hidden_at                       timestamp without time zone,
    sms_confirmation_code           character varying,
    username                        character varying(60),
    document_number                 character varying,
    document_type                   character varying,
    residence_verified_at           timestamp without time zone,
    email_verification_token        character varying,
    verified_at                     timestamp without time zone,
    unconfirmed_phone               character varying,
    confirmed_phone                 character varying,
    letter_requested_at             timestamp without time zone,
    confirmed_hide_at               timestamp without time zone,
    letter_verification_code        character varying,
    failed_census_calls_count       integer DEFAULT 0,
    level_two_verified_at           timestamp without time zone,
    erase_reason                    character varying,
    erased_at                       timestamp without time zone,
    public_activity                 boolean DEFAULT true,
    newsletter                      boolean DEFAULT true,
    notifications_count             integer DEFAULT 0,
    registering_with_oauth          boolean DEFAULT false,
    locale                          character varying,
    oauth_email                     character varying,
    geozone_id                      integer,
    redeemable_code                 character varying,
    gender                          character varying(10),
    date_of_birth                   timestamp without time zone,
    email_on_proposal_notification  boolean DEFAULT true,
    email_digest                    boolean DEFAULT true,
    email_on_direct_message         boolean DEFAULT true,
    official_position_badge         boolean DEFAULT false,
    password_changed_at             timestamp without time zone DEFAULT '2015-01-01 01:01:01' NOT NULL,
    created_from_signature          boolean DEFAULT false,
    failed_email_digests_count      integer DEFAULT 0,
    former_users_data_log           text DEFAULT '',
    public_interests                boolean DEFAULT false,
    recommended_debates             boolean DEFAULT true,
    recommended_proposals           boolean DEFAULT true,
    sector                          character varying,
    ife_file_name                   character varying,
    ife_content_type                character varying,
    ife_file_size                   integer,
    ife_updated_at                  timestamp without time zone,
    born_names                      character varying,
    paternal_last_name              character varying,
    maternal_last_name              character varying,
    birthplace                      character varying,
    curp                            character varying,
    verified                        boolean,
    tutor                           character varying
);

CREATE TABLE administrators (
    id      serial PRIMARY KEY,
    user_id integer
);

-- The neighbourhoods (juntas vecinales): a place and, beside it, its committee's contact person
-- (nombre_12, apellidos, telefono, celular, correo_ele, direccion).
CREATE TABLE colonia (
    id          serial PRIMARY KEY,
    junta_nom   character varying,
    nombre_12   character varying,
    sector      character varying,
    telefono    character varying,
    tipo_1      character varying,
    forma_de_c  character varying,
    distrito    character varying,
    direccion   character varying,
    correo_ele  character varying,
    clave       character varying,
    celular     character varying,
    apellidos   character varying,
    the_geom    geometry(MultiPolygon),
    created_at  timestamp without time zone NOT NULL,
    updated_at  timestamp without time zone NOT NULL,
    is_active   boolean
);
CREATE INDEX index_colonia_on_the_geom ON colonia USING gist (the_geom);

CREATE TABLE colonia_users (
    user_id     integer NOT NULL,
    colonium_id integer NOT NULL
);

CREATE TABLE address_users (
    id           serial PRIMARY KEY,
    user_id      integer,
    latitude     double precision,
    longitude    double precision,
    full_address text,
    zoom         integer,
    created_at   timestamp without time zone NOT NULL,
    updated_at   timestamp without time zone NOT NULL
);

CREATE TABLE geozones (
    id                   serial PRIMARY KEY,
    name                 character varying,
    html_map_coordinates character varying,
    external_code        character varying,
    created_at           timestamp without time zone NOT NULL,
    updated_at           timestamp without time zone NOT NULL,
    census_code          character varying,
    deleted_at           timestamp without time zone
);

-- Budgets (editions), their phases, groups and headings.
CREATE TABLE budgets (
    id                            serial PRIMARY KEY,
    name                          character varying(80),
    currency_symbol               character varying(10),
    phase                         character varying(40) DEFAULT 'accepting',
    created_at                    timestamp without time zone NOT NULL,
    updated_at                    timestamp without time zone NOT NULL,
    description_accepting         text,
    description_reviewing         text,
    description_selecting         text,
    description_valuating         text,
    description_balloting         text,
    description_reviewing_ballots text,
    description_finished          text,
    slug                          character varying,
    description_drafting          text,
    description_publishing_prices text,
    description_informing         text
);

CREATE TABLE budget_phases (
    id            serial PRIMARY KEY,
    budget_id     integer,
    next_phase_id integer,
    kind          character varying NOT NULL,
    summary       text,
    description   text,
    starts_at     timestamp without time zone,
    ends_at       timestamp without time zone,
    enabled       boolean DEFAULT true
);

CREATE TABLE budget_groups (
    id                   serial PRIMARY KEY,
    budget_id            integer,
    name                 character varying(50),
    slug                 character varying,
    max_votable_headings integer DEFAULT 1
);

CREATE TABLE budget_headings (
    id                   serial PRIMARY KEY,
    group_id             integer,
    name                 character varying(50),
    price                bigint,
    population           integer,
    slug                 character varying,
    allow_custom_content boolean DEFAULT false,
    latitude             text,
    longitude            text,
    sector               text,
    htype                text,
    suburb_id            integer,
    description          text
);

-- The projects. author_id, responsible_name (the author's document number) and
-- organization_name are the proposer's; administrator_id is an administrators row.
CREATE TABLE budget_investments (
    id                               serial PRIMARY KEY,
    author_id                        integer,
    administrator_id                 integer,
    title                            character varying,
    description                      text,
    external_url                     character varying,
    price                            bigint,
    feasibility                      character varying(15) DEFAULT 'undecided',
    price_explanation                text,
    unfeasibility_explanation        text,
    valuation_finished               boolean DEFAULT false,
    valuator_assignments_count       integer DEFAULT 0,
    price_first_year                 bigint,
    duration                         character varying,
    hidden_at                        timestamp without time zone,
    cached_votes_up                  integer DEFAULT 0,
    comments_count                   integer DEFAULT 0,
    confidence_score                 integer DEFAULT 0 NOT NULL,
    physical_votes                   integer DEFAULT 0,
    tsv                              tsvector,
    created_at                       timestamp without time zone NOT NULL,
    updated_at                       timestamp without time zone NOT NULL,
    heading_id                       integer,
    responsible_name                 character varying,
    budget_id                        integer,
    group_id                         integer,
    selected                         boolean DEFAULT false,
    location                         character varying,
    organization_name                character varying,
    unfeasible_email_sent_at         timestamp without time zone,
    ballot_lines_count               integer DEFAULT 0,
    previous_heading_id              integer,
    winner                           boolean DEFAULT false,
    incompatible                     boolean DEFAULT false,
    community_id                     integer,
    visible_to_valuators             boolean DEFAULT false,
    valuator_group_assignments_count integer DEFAULT 0,
    confirmed_hide_at                timestamp without time zone,
    ignored_flag_at                  timestamp without time zone,
    flags_count                      integer DEFAULT 0,
    hot_score                        bigint DEFAULT 0,
    ballot_offline_count             integer DEFAULT 0,
    size                             character varying,
    draw                             boolean
);
CREATE INDEX index_budget_investments_on_heading_id ON budget_investments (heading_id);
CREATE INDEX index_budget_investments_on_author_id ON budget_investments (author_id);

-- Final votes: one ballot per voter, one line per project chosen.
CREATE TABLE budget_ballots (
    id         serial PRIMARY KEY,
    user_id    integer,
    budget_id  integer,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);

CREATE TABLE budget_ballot_lines (
    id            serial PRIMARY KEY,
    ballot_id     integer,
    investment_id integer,
    created_at    timestamp without time zone NOT NULL,
    updated_at    timestamp without time zone NOT NULL,
    budget_id     integer,
    group_id      integer,
    heading_id    integer
);
CREATE UNIQUE INDEX index_budget_ballot_lines_on_ballot_id_and_investment_id
    ON budget_ballot_lines (ballot_id, investment_id);
CREATE INDEX index_budget_ballot_lines_on_investment_id ON budget_ballot_lines (investment_id);

-- Where a project is on the map, its files, its execution milestones, its tags.
CREATE TABLE map_locations (
    id            serial PRIMARY KEY,
    latitude      double precision,
    longitude     double precision,
    zoom          integer,
    proposal_id   integer,
    investment_id integer
);
CREATE INDEX index_map_locations_on_investment_id ON map_locations (investment_id);

CREATE TABLE documents (
    id                      serial PRIMARY KEY,
    title                   character varying,
    attachment_file_name    character varying,
    attachment_content_type character varying,
    attachment_file_size    integer,
    attachment_updated_at   timestamp without time zone,
    user_id                 integer,
    documentable_id         integer,
    documentable_type       character varying,
    created_at              timestamp without time zone NOT NULL,
    updated_at              timestamp without time zone NOT NULL
);
CREATE INDEX index_documents_on_documentable_type_and_documentable_id
    ON documents (documentable_type, documentable_id);

CREATE TABLE images (
    id                      serial PRIMARY KEY,
    imageable_id            integer,
    imageable_type          character varying,
    title                   character varying(80),
    created_at              timestamp without time zone NOT NULL,
    updated_at              timestamp without time zone NOT NULL,
    attachment_file_name    character varying,
    attachment_content_type character varying,
    attachment_file_size    integer,
    attachment_updated_at   timestamp without time zone,
    user_id                 integer
);

CREATE TABLE milestone_statuses (
    id          serial PRIMARY KEY,
    name        character varying,
    description text,
    hidden_at   timestamp without time zone,
    created_at  timestamp without time zone NOT NULL,
    updated_at  timestamp without time zone NOT NULL
);

CREATE TABLE milestones (
    id                 serial PRIMARY KEY,
    milestoneable_id   integer,
    milestoneable_type character varying,
    title              character varying(80),
    description        text,
    publication_date   timestamp without time zone,
    status_id          integer,
    created_at         timestamp without time zone NOT NULL,
    updated_at         timestamp without time zone NOT NULL
);

CREATE TABLE milestone_translations (
    id           serial PRIMARY KEY,
    milestone_id integer NOT NULL,
    locale       character varying NOT NULL,
    created_at   timestamp without time zone NOT NULL,
    updated_at   timestamp without time zone NOT NULL,
    title        character varying,
    description  text
);
CREATE INDEX index_milestone_translations_on_milestone_id ON milestone_translations (milestone_id);

CREATE TABLE tags (
    id                            serial PRIMARY KEY,
    name                          character varying(40),
    taggings_count                integer DEFAULT 0,
    debates_count                 integer DEFAULT 0,
    proposals_count               integer DEFAULT 0,
    spending_proposals_count      integer DEFAULT 0,
    kind                          character varying,
    "budget/investments_count"    integer DEFAULT 0,
    "legislation/proposals_count" integer DEFAULT 0,
    "legislation/processes_count" integer DEFAULT 0,
    description                   text
);
CREATE UNIQUE INDEX index_tags_on_name ON tags (name);

CREATE TABLE taggings (
    id            serial PRIMARY KEY,
    tag_id        integer,
    taggable_id   integer,
    taggable_type character varying,
    tagger_id     integer,
    tagger_type   character varying,
    context       character varying(128),
    created_at    timestamp without time zone
);
CREATE INDEX index_taggings_on_taggable_id_and_taggable_type_and_context
    ON taggings (taggable_id, taggable_type, context);

-- Comments, valuators' notes among them (valuation = true): the people's words, never exported.
CREATE TABLE comments (
    id                 serial PRIMARY KEY,
    commentable_id     integer,
    commentable_type   character varying,
    body               text,
    subject            character varying,
    user_id            integer NOT NULL,
    created_at         timestamp without time zone,
    updated_at         timestamp without time zone,
    hidden_at          timestamp without time zone,
    flags_count        integer DEFAULT 0,
    ignored_flag_at    timestamp without time zone,
    moderator_id       integer,
    administrator_id   integer,
    cached_votes_total integer DEFAULT 0,
    cached_votes_up    integer DEFAULT 0,
    cached_votes_down  integer DEFAULT 0,
    confirmed_hide_at  timestamp without time zone,
    ancestry           character varying,
    confidence_score   integer DEFAULT 0 NOT NULL,
    valuation          boolean DEFAULT false
);

-- NOT CONSUL: the municipal procurement system's export, as the export query assumes it (see
-- schemas/consul/budget-projects.sql): at most one row per project, shaped like the record's
-- procurement[], parties[] and progress. The tests also run without it.
CREATE TABLE procurement_export (
    investment_id integer PRIMARY KEY,
    procurement   jsonb,
    parties       jsonb,
    progress      jsonb
);
