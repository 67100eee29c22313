#include "command_map.hpp"

#include "progress.hpp"

#include <ocds/io/output.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/string_formats.hpp>
#include <ocds/core/files.hpp>

#include <iostream>
#include <regex>

namespace ocds::cli {

namespace {

void add_organization_options(po::options_description& options, const std::string& prefix,
                              MunicipalOrganization& organization, const std::string& who) {
    // clang-format off
    options.add_options()
        ((prefix + "-id").c_str(), po::value<std::string>(&organization.id)->value_name("ID"),
         ("the party id of " + who + " (records refer to it; default MX-RFC-<rfc>)").c_str())
        ((prefix + "-name").c_str(), po::value<std::string>(&organization.name)->value_name("NAME"), ("name of " + who).c_str())
        ((prefix + "-rfc").c_str(), po::value<std::string>(&organization.rfc)->value_name("RFC"), ("RFC (Mexican tax id) of " + who).c_str())
        ((prefix + "-legal-name").c_str(), po::value<std::string>(&organization.legal_name)->value_name("NAME"), "its legal name")
        ((prefix + "-street-address").c_str(), po::value<std::string>(&organization.street_address)->value_name("TEXT"), "its address: street")
        ((prefix + "-locality").c_str(), po::value<std::string>(&organization.locality)->value_name("TEXT"), "locality")
        ((prefix + "-region").c_str(), po::value<std::string>(&organization.region)->value_name("TEXT"), "region (state)")
        ((prefix + "-postal-code").c_str(), po::value<std::string>(&organization.postal_code)->value_name("TEXT"), "postal code")
        ((prefix + "-country").c_str(), po::value<std::string>(&organization.country)->value_name("TEXT"), "country name")
        ((prefix + "-contact-name").c_str(), po::value<std::string>(&organization.contact_name)->value_name("TEXT"), "its contact point: name (an office, not a person)")
        ((prefix + "-contact-email").c_str(), po::value<std::string>(&organization.contact_email)->value_name("EMAIL"), "e-mail")
        ((prefix + "-contact-telephone").c_str(), po::value<std::string>(&organization.contact_telephone)->value_name("TEXT"), "telephone")
        ((prefix + "-contact-url").c_str(), po::value<std::string>(&organization.contact_url)->value_name("URL"), "web page");
    // clang-format on
}

void require(const std::string& value, const char* option) {
    if (value.empty()) {
        throw usage_error(std::string("set --") + option + " (in the configuration file: " + option + " = ...)");
    }
}

} // namespace

void CommandMap::add_options(po::options_description& visible, po::positional_options_description& positional,
                             po::options_description& hidden) {
    MappingConfig& config = m_options.config;
    po::options_description own("Map options");
    // clang-format off
    own.add_options()
        ("store", po::value<std::string>(&m_options.store_dir)->default_value("ocds-data")->value_name("DIR"),
         "the release store: every release ever made, and the mapper's memory of what it published")
        ("now", po::value<std::string>(&m_options.now)->value_name("DATE"),
         "the date of the new releases (RFC 3339; default: the current time), for reproducible runs")
        ("threads", po::value<unsigned>(&m_options.threads)->default_value(2)->value_name("N"), "threads that map");
    po::options_description consul("CONSUL's database (instead of INPUT files)");
    // clang-format off
    consul.add_options()
        ("from-consul", po::value<std::string>(&m_from_consul)->value_name("CONNINFO"),
         "read the projects from CONSUL's PostgreSQL database: a libpq connection string or URI, e.g. "
         "'host=db.example dbname=consul_production user=ocds_export'; the password from ~/.pgpass, "
         "PGPASSFILE or PGPASSWORD (never printed). A read-only role is enough (consul/read-only-role.sql)")
        ("editions", po::value<std::string>(&m_editions)->value_name("IDS"),
         "CONSUL budget ids to export, comma-separated (default: every edition of the sector/size-based "
         "process past its drafting phase, so a new edition needs no setting)")
        ("document-url", po::value<std::string>(&m_consul.document_url)->value_name("TEMPLATE"),
         "where documents are downloaded: a URL over {document_id}, {project_id} and {budget_id} "
         "(default: the project's page on the platform, which lists them)")
        ("platform-url", po::value<std::string>(&m_consul.platform_url)->value_name("URL"),
         "the participation platform's public address (default: https://decide.sanpedro.gob.mx)")
        ("procurement-table", po::value<std::string>(&m_consul.procurement)->value_name("NAME"),
         "the relation holding the procurement system's export, if the database has one (default: "
         "procurement_export)")
        ("consul-connections", po::value<unsigned>(&m_consul.connections)->default_value(2)->value_name("N"),
         "connections that build the records at once, each on a core of the database server, in one "
         "snapshot (1: the lightest load on a busy server; fewer if the server refuses more)");
    // clang-format on
    po::options_description publication("Publication settings (usually in the --config file)");
    // clang-format off
    publication.add_options()
        ("ocid-prefix", po::value<std::string>(&config.ocid_prefix)->value_name("PREFIX"),
         "the publisher's ocid prefix from the OCDS registry, e.g. ocds-sp5p3d")
        ("base-uri", po::value<std::string>(&config.base_uri)->value_name("URI"),
         "where the publication lives; it hosts the participatory budget extension under extensions/")
        ("time-zone", po::value<std::string>(&m_time_zone)->default_value("America/Monterrey")->value_name("ZONE"),
         "places bare dates of the records (local midnight); 'none': bare dates are errors")
        ("currency", po::value<std::string>(&config.currency)->default_value("MXN")->value_name("CODE"),
         "currency of amounts that do not say")
        ("language", po::value<std::string>(&config.language)->default_value("es")->value_name("CODE"),
         "the language of the texts (ISO 639-1)");
    // clang-format on
    // clang-format on
    add_organization_options(publication, "buyer", config.buyer, "the municipality (buyer and payer)");
    add_organization_options(publication, "procuring-entity", config.procuring_entity,
                             "the unit that runs the procurement");
    visible.add(own);
    visible.add(consul);
    visible.add(publication);
    add_package_options(visible, false);
    m_output.add_to(visible, false);
    m_input.add_to(visible, positional, hidden);
}

void CommandMap::check(const po::variables_map& values) {
    m_output.check();
    m_package = read_package_options(values);
    MappingConfig& config = m_options.config;
    require(config.ocid_prefix, "ocid-prefix");
    static const std::regex prefix(R"(ocds-[a-z0-9]{6})");
    if (!std::regex_match(config.ocid_prefix, prefix)) {
        throw usage_error("--ocid-prefix '" + config.ocid_prefix +
                          "' is not an OCDS prefix: 'ocds-' and six lower-case letters or digits");
    }
    require(config.base_uri, "base-uri");
    if (!is_uri(config.base_uri)) {
        throw usage_error("--base-uri '" + config.base_uri + "' is not an absolute URI");
    }
    require(config.buyer.name, "buyer-name");
    if (config.buyer.id.empty()) {
        require(config.buyer.rfc, "buyer-rfc");
        config.buyer.id = "MX-RFC-" + config.buyer.rfc;
    }
    require(config.procuring_entity.name, "procuring-entity-name");
    if (config.procuring_entity.id.empty()) {
        require(config.procuring_entity.rfc, "procuring-entity-id");
        config.procuring_entity.id = "MX-RFC-" + config.procuring_entity.rfc;
    }
    if (config.procuring_entity.id == config.buyer.id) {
        throw usage_error("--procuring-entity-id must differ from the buyer's id (they are two parties)");
    }
    check_now(m_options.now);
    if (m_options.threads == 0 || m_options.threads > 64) {
        throw usage_error("--threads must be between 1 and 64");
    }
    check_consul(values);
}

void CommandMap::check_consul(const po::variables_map& values) {
    if (!values.count("from-consul")) {
        return; // its settings may sit in a configuration file shared with JSON Lines runs
    }
    if (!m_input.files.empty()) {
        throw usage_error("--from-consul reads the projects from the database: give no input file");
    }
    m_consul.conninfo = m_from_consul;
    m_consul.editions.clear();
    static const std::regex edition(R"(\s*([0-9]{1,9})\s*)");
    std::size_t start = 0;
    while (!m_editions.empty() && start <= m_editions.size()) {
        const std::size_t comma = std::min(m_editions.find(',', start), m_editions.size());
        std::smatch match;
        const std::string part = m_editions.substr(start, comma - start);
        if (!std::regex_match(part, match, edition)) {
            throw usage_error("--editions '" + m_editions + "' is not a list of CONSUL budget ids such as 11,12");
        }
        m_consul.editions.push_back(match[1]);
        start = comma + 1;
    }
    if (!m_consul.document_url.empty() && !is_uri(m_consul.document_url)) {
        throw usage_error("--document-url '" + m_consul.document_url + "' is not an absolute URL template");
    }
    if (!m_consul.platform_url.empty() && !is_uri(m_consul.platform_url)) {
        throw usage_error("--platform-url '" + m_consul.platform_url + "' is not an absolute URL");
    }
    static const std::regex relation(R"([A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?)");
    if (!m_consul.procurement.empty() && !std::regex_match(m_consul.procurement, relation)) {
        throw usage_error("--procurement-table '" + m_consul.procurement + "' is not a table name (schema.table)");
    }
    if (m_consul.connections < 1 || m_consul.connections > 64) {
        throw usage_error("--consul-connections " + std::to_string(m_consul.connections) +
                          " is not a number of connections from 1 to 64");
    }
    m_options.consul = m_consul;
}

bool CommandMap::run() {
    const MapSummary summary = map();
    if (!quiet()) {
        // One line a script can read: the figures of the run.
        std::cerr << "ocds map: " << summary_line(summary) << '\n';
    }
    return summary.projects_rejected == 0;
}

std::string CommandMap::source_name() const {
    if (m_options.consul) {
        return "CONSUL (" + redact_conninfo(m_options.consul->conninfo) + ")";
    }
    std::string names;
    for (const auto& path : m_input.paths()) {
        names += (names.empty() ? "" : ", ") + (path == "-" ? std::string("<stdin>") : path);
    }
    return names;
}

std::string CommandMap::summary_line(const MapSummary& summary) const {
    std::string line = count_of(summary.projects_read, "project", "projects") + " read";
    if (summary.projects_rejected) {
        line += ", " + with_commas(summary.projects_rejected) + " rejected";
    }
    line += "; processes: " + with_commas(summary.processes_new) + " new, " + with_commas(summary.processes_changed) +
            " changed, " + with_commas(summary.processes_unchanged) + " unchanged; " +
            count_of(summary.releases_written, "release", "releases") + " written to " + m_options.store_dir;
    if (summary.projects_without_heading) {
        line += "; " + count_of(summary.projects_without_heading, "project", "projects") + " without a heading";
    }
    if (summary.errors) {
        line += "; " + count_of(summary.errors, "error", "errors");
    }
    return line;
}

MapSummary CommandMap::map() {
    MappingConfig& config = m_options.config;
    if (m_time_zone != "none") {
        config.time_zone = TimeZone::load(m_time_zone);
        if (m_options.consul && m_options.consul->time_zone.empty()) {
            m_options.consul->time_zone = m_time_zone; // CONSUL's dates in the publisher's zone
        }
    }
    m_options.schemas_dir = find_schemas_dir(m_schemas_dir);
    if (!m_options.consul) {
        m_options.inputs = m_input.paths_to_read("map", quiet());
    }
    Value metadata = Value::object();
    PackageSettings store_settings = m_package;
    store_settings.uri = store_settings.uri.value_or(config.base_uri);
    store_settings.version = "1.1";
    store_settings.extensions = mapping_extensions(config);
    store_settings.published_date = store_settings.published_date.value_or(m_options.now);
    Value package = package_metadata(store_settings, Value::object(), 1, m_options.now);
    for (const char* key : {"publisher", "license", "publicationPolicy"}) {
        if (const Value* value = package.find(key)) {
            metadata.set(key, *value);
        }
    }
    m_options.package_metadata = metadata;

    std::unique_ptr<Output> output;
    std::unique_ptr<PackageWriter> writer;
    // -o: the releases this run wrote, as one release package (the store has them all).
    const bool wants_package = !m_output.path.empty() && m_output.path != "-";
    if (wants_package) {
        output = std::make_unique<Output>(m_output.path, m_output.options);
        writer =
            std::make_unique<PackageWriter>(Kind::release_package, m_output.indent, parent_directory(m_output.path));
        m_options.on_release = [&](const std::string& json) { writer->add_json(json); };
    }
    Progress progress(quiet(), "map");
    m_options.on_warning = [&](const MapError& warning) {
        progress.done(); // the line is drawn again after the message
        std::cerr << "ocds map: warning: " << warning.to_string() << '\n';
    };
    m_options.on_progress = [&](std::uint64_t done, std::uint64_t total) {
        progress.stage("", Progress::Unit::items, total, "projects");
        progress.update(done);
    };
    const MapSummary summary = run_map(m_options, [&](const MapError& error) {
        progress.done();
        std::cerr << "ocds map: error: " << error.to_string() << '\n';
    });
    progress.done();
    if (writer && writer->size() > 0) {
        writer->finish(*output, package);
        output->commit();
    } else if (writer && !quiet()) {
        // A package must hold a release; with none new there is nothing to publish.
        std::cerr << "ocds map: no new release, so " << m_output.path << " was not written\n";
    }
    return summary;
}

} // namespace ocds::cli
