#include "command_compile.hpp"

#include "progress.hpp"

#include <ocds/merge/compiler.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/merge/record_check.hpp>
#include <ocds/merge/release_feed.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/files.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <set>

#include <unistd.h>

namespace ocds::cli {

namespace {

constexpr std::size_t warnings_shown_per_check = 10;
constexpr std::size_t errors_shown = 100;

std::string warning_line(const MergeWarning& warning) {
    std::string line = "ocid " + warning.ocid;
    if (!warning.release_id.empty()) {
        line += ", release " + warning.release_id;
    }
    if (!warning.path.empty()) {
        line += ", at " + warning.path;
    }
    return line + ": " + warning.message + " [" + warning.check + "]";
}

} // namespace

void CommandCompile::add_options(po::options_description& visible, po::positional_options_description& positional,
                                 po::options_description& hidden) {
    po::options_description own("Compile options");
    // clang-format off
    own.add_options()
        ("versioned", po::bool_switch(&m_versioned), "write versioned releases (with --package: records get both)")
        ("package", po::bool_switch(&m_package),
         "write one record package: records with ocid, releases, compiledRelease (and versionedRelease)")
        ("linked-releases", po::bool_switch(&m_linked), "records link to their releases ({url, date, tag}) instead of embedding them")
        ("release-url", po::value<std::string>(&m_release_url)->value_name("TEMPLATE"),
         "the URL of each linked release, with {ocid} and {id} (default: as OCDS Kit, the uri of its package + #id)")
        ("check", po::bool_switch(&m_check),
         "check record packages: recompute every record's compiled (and versioned) release and report differences")
        ("schema", po::value<std::string>(&m_schema_file)->value_name("FILE"),
         "take the merge rules from this release schema instead")
        ("schema-version", po::value<std::string>(&m_schema_version)->value_name("X.Y"),
         "merge with this OCDS version's rules, whatever the packages say")
        ("extensions-dir", po::value<std::string>(&m_extensions_dir)->value_name("DIR"),
         "a folder of extensions (<repository>[_<ref>]/release-schema.json) looked at before the bundled ones")
        ("merge-rule", po::value<std::vector<std::string>>(&m_merge_rules)->value_name("PATH=RULE"),
         "override the merge of an array of objects: PATH (dotted, e.g. awards.items) = append | merge-by-position")
        ("warnings-json", po::value<std::string>(&m_warnings_json)->value_name("FILE"),
         "also write every warning as JSON Lines to FILE")
        ("tmpdir", po::value<std::string>(&m_tmpdir)->value_name("DIR"),
         "where to put scratch files (default: the output's folder, or $TMPDIR)")
        ("threads", po::value<unsigned>(&m_threads)->default_value(2)->value_name("N"), "threads that merge")
        ("partitions", po::value<std::size_t>(&m_partitions)->default_value(256)->value_name("N"),
         "scratch partitions (more: less memory per partition)");
    // clang-format on
    visible.add(own);
    add_package_options(visible);
    m_output.add_to(visible, false);
    m_input.add_to(visible, positional, hidden);
}

void CommandCompile::check(const po::variables_map& values) {
    m_output.check();
    m_settings = read_package_options(values);
    for (const auto& rule : m_merge_rules) {
        const auto equals = rule.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw usage_error("--merge-rule '" + rule + "' must be PATH=append or PATH=merge-by-position");
        }
        m_overrides[rule.substr(0, equals)] = parse_array_override(rule.substr(equals + 1));
    }
    if (m_linked && !m_package) {
        throw usage_error("--linked-releases writes records: add --package");
    }
    if (m_check && (m_package || m_versioned || m_linked)) {
        throw usage_error("--check only reports: it takes no --package, --versioned or --linked-releases");
    }
    if (!m_schema_version.empty() && bundled_version(m_schema_version).empty()) {
        throw usage_error("--schema-version must be 1.0 or 1.1");
    }
    if (m_threads == 0 || m_partitions == 0) {
        throw usage_error("--threads and --partitions must be at least 1");
    }
}

MergeRules CommandCompile::rules_for(const std::string& version, const std::vector<std::string>& extensions,
                                     std::vector<Note>& notes) {
    MergeRules rules;
    if (!m_schema_file.empty()) {
        rules = MergeRules::from_schema(read_json_file(m_schema_file));
    } else {
        const ExtensionSources sources{find_schemas_dir(m_schemas_dir), m_extensions_dir};
        const std::string used = m_schema_version.empty() ? version : m_schema_version;
        const ReleaseSchema schema = build_release_schema(used, extensions, sources);
        for (const auto& url : schema.missing_extensions) {
            notes.push_back(
                {"extension-unavailable",
                 "the extension " + url +
                     " is not available offline (bundled or in --extensions-dir); its merge rules are not applied"});
        }
        rules = MergeRules::from_schema(schema.schema);
    }
    for (const auto& [path, override] : m_overrides) {
        rules.set_override(path, override);
    }
    return rules;
}

void CommandCompile::report_warnings(Compiler& compiler, const std::vector<Note>& notes) {
    for (const auto& note : notes) {
        std::cerr << "ocds compile: warning: " << note.message << '\n';
    }
    for (const auto& warning : compiler.warnings()) {
        std::cerr << "ocds compile: warning: " << warning_line(warning) << '\n';
    }
    for (const auto& [check, count] : compiler.warning_counts()) {
        if (count > warnings_shown_per_check) {
            std::cerr << "ocds compile: ... and " << with_commas(count - warnings_shown_per_check) << " more " << check
                      << " warnings" << (m_warnings_json.empty() ? " (--warnings-json FILE lists them all)" : "")
                      << '\n';
        }
    }
    if (m_warnings_json.empty()) {
        return;
    }
    Output file(m_warnings_json, m_output.options);
    for (const auto& note : notes) {
        Value entry = Value::object();
        entry.set("check", Value(note.check));
        entry.set("message", Value(note.message));
        file.write(to_json(entry));
        file.put('\n');
    }
    compiler.write_warnings([&](std::string_view json) {
        file.write(json);
        file.put('\n');
    });
    file.commit();
}

bool CommandCompile::run() {
    if (m_check) {
        return run_check();
    }
    CompileSettings settings;
    settings.merge.compiled = !m_versioned || m_package;
    settings.merge.versioned = m_versioned;
    settings.records = m_package;
    settings.linked_releases = m_linked;
    settings.release_url = m_release_url;
    settings.indent = m_output.indent;
    settings.level = m_package ? 2 : 0;
    settings.threads = m_threads;
    settings.partitions = m_partitions;
    settings.warnings_sample = warnings_shown_per_check;
    if (!m_tmpdir.empty()) {
        settings.scratch_dir = m_tmpdir;
    } else if (m_output.path != "-") {
        settings.scratch_dir = parent_directory(m_output.path);
    } else {
        settings.scratch_dir = temporary_directory();
    }
    Compiler compiler(settings);
    std::vector<Note> notes;
    if (m_linked && m_release_url.empty()) {
        notes.push_back(
            {"release-url",
             "--linked-releases without --release-url: each release is linked as OCDS Kit links it, by the uri "
             "of its package + '#' + its id, and embedded when its package has no uri"});
    }
    Progress progress(quiet(), "compile");
    ReleaseFeed::Handlers handlers;
    handlers.progress = [&](const Reader& reader, std::uint64_t) {
        progress.reading(reader, compiler.releases(), "releases");
    };
    ReleaseFeed feed(compiler, m_input.read, handlers);
    for (const auto& path : m_input.paths_to_read("compile", quiet())) {
        feed.read(path);
    }
    const DeclaredPackages& declared = feed.declared();
    const std::uint64_t linked_records = feed.linked_records();
    progress.done(); // before the notes below; merging draws the line again
    if (linked_records > 0) {
        notes.push_back({"linked-releases", with_commas(linked_records) +
                                                " records link to releases instead of embedding them; those releases "
                                                "cannot be compiled"});
    }
    if (declared.versions.size() > 1 && m_schema_version.empty() && m_schema_file.empty()) {
        std::string list;
        for (const auto& version : declared.versions) {
            list += (list.empty() ? "" : ", ") + version;
        }
        notes.push_back({"mixed-versions", "the input mixes OCDS versions (" + list + "); merging with the rules of " +
                                               declared.version() + " (--schema-version chooses)"});
    }
    // Which version's rules, and why: the one version rule (undeclared_version) or the option.
    if (!quiet()) {
        std::cerr << "ocds compile: "
                  << (!m_schema_file.empty()      ? "merge rules of " + m_schema_file
                      : !m_schema_version.empty() ? "merge rules of OCDS " + bundled_version(m_schema_version) +
                                                        ": --schema-version asks for it"
                                                  : "merge rules of OCDS " + bundled_version(declared.version()) +
                                                        ": " + declared.version_reason())
                  << '\n';
    }
    // Bare releases declare no extensions: the publisher's --extension settings count too.
    std::vector<std::string> extensions = declared.extensions;
    for (const auto& url : m_settings.extensions.value_or(std::vector<std::string>{})) {
        if (std::find(extensions.begin(), extensions.end(), url) == extensions.end()) {
            extensions.push_back(url);
        }
    }
    const MergeRules rules = rules_for(declared.version(), extensions, notes);

    const auto merging = [&](std::size_t done, std::size_t total) { progress.merging(done, total); };
    std::uint64_t written = 0;
    const auto writing = [&] { progress.writing(++written, compiler.processes()); };
    Output output(m_output.path, m_output.options);
    if (m_package) {
        // A record package's uri is its own, never a release package's.
        Value inherited = declared.metadata;
        inherited.erase("uri");
        inherited.erase("packages");
        // The records are the version their releases were merged as (the one version rule, or
        // --schema-version), so the package says that version, not 1.1 by default.
        if (m_schema_file.empty()) {
            inherited.set("version", Value(m_schema_version.empty() ? declared.version() : m_schema_version));
        }
        if (!declared.package_uris.empty()) {
            Value packages = Value::array();
            for (const auto& uri : declared.package_uris) {
                packages.push_back(Value(uri));
            }
            inherited.set("packages", std::move(packages));
        }
        // OCDS Kit's habits where a setting is missing, said in a warning: an empty uri, and the
        // publisher of the input packages or none.
        PackageSettings settings_used = m_settings;
        if (!settings_used.uri) {
            settings_used.uri = std::string();
            notes.push_back({"package-metadata", "no --uri: the record package's uri is empty, as OCDS Kit leaves it "
                                                 "(the schema requires a URI: give --uri)"});
        }
        const Value* inherited_publisher = inherited.find("publisher");
        const bool no_publisher_name =
            !settings_used.publisher_name && !(inherited_publisher && inherited_publisher->find("name"));
        if (no_publisher_name) {
            settings_used.publisher_name = std::string();
            notes.push_back({"package-metadata",
                             "no --publisher-name and none in the input: the record package's "
                             "publisher has no name, as OCDS Kit leaves it (give --publisher-name)"});
        }
        // Every input has been read: the metadata is final, so records go straight to the output.
        Value metadata = package_metadata(settings_used, inherited, 1);
        if (no_publisher_name) {
            metadata.find("publisher")->erase("name");
        }
        PackageWriter writer(Kind::record_package, m_output.indent, settings.scratch_dir);
        if (output.can_rewind()) {
            writer.write_directly(output, metadata);
        }
        compiler.finish(
            rules,
            [&](std::string_view json) {
                writer.add_json(json);
                writing();
            },
            merging);
        // Even without records (every process failed to compile) the file is a package: an
        // output file is JSON or is not there, never 0 bytes.
        writer.finish(output, metadata);
    } else {
        compiler.finish(
            rules,
            [&](std::string_view json) {
                output.write(json);
                output.put('\n');
                writing();
            },
            merging);
    }
    progress.done();
    report_warnings(compiler, notes);
    const auto& errors = compiler.errors();
    for (std::size_t i = 0; i < errors.size() && i < errors_shown; ++i) {
        std::cerr << "ocds compile: error: " << errors[i] << '\n';
    }
    if (errors.size() > errors_shown) {
        std::cerr << "ocds compile: ... and " << with_commas(errors.size() - errors_shown) << " more errors\n";
    }
    if (compiler.processes() == 0 && errors.empty()) {
        throw ocds::error("the input has no releases to compile");
    }
    output.commit();
    if (!quiet() && isatty(STDERR_FILENO)) {
        std::cerr << "ocds compile: " << count_of(compiler.releases(), "release", "releases") << " of "
                  << count_of(compiler.processes(), "contracting process", "contracting processes") << " compiled\n";
    }
    return errors.empty();
}

bool CommandCompile::run_check() {
    std::vector<Note> notes;
    RecordCheck check([&](const std::string& version, const std::vector<std::string>& extensions) {
        return rules_for(version, extensions, notes);
    });
    for (const auto& path : m_input.paths_to_read("compile", quiet())) {
        check.check(path, m_input.read,
                    [](const RecordDifference& difference) { std::cout << difference.describe() << '\n'; });
    }
    for (const auto& note : notes) {
        std::cerr << "ocds compile: warning: " << note.message << '\n';
    }
    const std::uint64_t unchecked = check.unchecked();
    std::cerr << "ocds compile: checked " << count_of(check.records(), "record", "records") << ": "
              << with_commas(check.differing()) << " differ"
              << (unchecked ? ", " + with_commas(unchecked) + " without embedded releases or a compiled release" : "")
              << '\n';
    return check.differing() == 0;
}

} // namespace ocds::cli
