#include "command_compile.hpp"

#include "progress.hpp"

#include <ocds/core/compare.hpp>
#include <ocds/merge/compiler.hpp>
#include <ocds/core/detail/binary.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/merge/merge.hpp>
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

/// The versions and extensions the input packages declare.
struct Declared {
    std::set<std::string> versions; // a package without one counts as 1.0
    std::vector<std::string> extensions;
    Value metadata = Value::object();
    std::vector<std::string> package_uris;

    void add(const Value& package_metadata, bool is_release_package) {
        const std::string* version = package_metadata.find_string("version");
        versions.insert(version ? *version : "1.0");
        if (const Value* list = package_metadata.find("extensions"); list && list->is_array()) {
            for (const auto& url : list->as_array()) {
                if (url.is_string() &&
                    std::find(extensions.begin(), extensions.end(), url.as_string()) == extensions.end()) {
                    extensions.push_back(url.as_string());
                }
            }
        }
        if (const std::string* uri = package_metadata.find_string("uri"); uri && is_release_package &&
                                                                           std::find(package_uris.begin(), package_uris.end(), *uri) == package_uris.end()) {
            package_uris.push_back(*uri);
        }
        merge_metadata(metadata, package_metadata);
    }

    /// The version to merge with: the highest declared, else 1.1 (bare releases have none).
    std::string version() const {
        return versions.empty() ? "1.1" : *versions.rbegin();
    }
};

} // namespace

void CommandCompile::add_options(po::options_description& visible, po::positional_options_description& positional,
                                 po::options_description& hidden) {
    po::options_description own("Compile options");
    own.add_options()
        ("versioned", po::bool_switch(&m_versioned), "write versioned releases (with --package: records get both)")
        ("package", po::bool_switch(&m_package),
         "write one record package: records with ocid, releases, compiledRelease (and versionedRelease)")
        ("linked-releases", po::bool_switch(&m_linked), "records link to their releases ({url, date, tag}) instead of embedding them")
        ("release-url", po::value<std::string>(&m_release_url)->value_name("TEMPLATE"),
         "the URL of each linked release, with {ocid} and {id}")
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
    if (m_linked && m_release_url.empty()) {
        throw usage_error("--linked-releases needs --release-url TEMPLATE (with {ocid} and {id})");
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
                                     std::vector<std::string>& notes) {
    MergeRules rules;
    if (!m_schema_file.empty()) {
        rules = MergeRules::from_schema(read_json_file(m_schema_file));
    } else {
        const ExtensionSources sources{find_schemas_dir(m_schemas_dir), m_extensions_dir};
        const std::string used = m_schema_version.empty() ? version : m_schema_version;
        const ReleaseSchema schema = build_release_schema(used, extensions, sources);
        for (const auto& url : schema.missing_extensions) {
            notes.push_back("the extension " + url +
                            " is not available offline (bundled or in --extensions-dir); its merge rules are not applied");
        }
        rules = MergeRules::from_schema(schema.schema);
    }
    for (const auto& [path, override] : m_overrides) {
        rules.set_override(path, override);
    }
    return rules;
}

void CommandCompile::report_warnings(Compiler& compiler, const std::vector<std::string>& notes) {
    for (const auto& note : notes) {
        std::cerr << "ocds compile: warning: " << note << '\n';
    }
    for (const auto& warning : compiler.warnings()) {
        std::cerr << "ocds compile: warning: " << warning_line(warning) << '\n';
    }
    for (const auto& [check, count] : compiler.warning_counts()) {
        if (count > warnings_shown_per_check) {
            std::cerr << "ocds compile: ... and " << count - warnings_shown_per_check << " more " << check << " warnings"
                      << (m_warnings_json.empty() ? " (--warnings-json FILE lists them all)" : "") << '\n';
        }
    }
    if (m_warnings_json.empty()) {
        return;
    }
    Output file(m_warnings_json, m_output.options);
    for (const auto& note : notes) {
        Value entry = Value::object();
        entry.set("check", Value("extension-unavailable"));
        entry.set("message", Value(note));
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
    Declared declared;
    std::vector<std::string> notes;
    std::size_t linked_records = 0;
    Progress progress(quiet());
    // Releases of packages only need storing until every input is read: they come encoded.
    ReadOptions read_options = m_input.read;
    read_options.encode_items = true;
    for (const auto& path : m_input.paths()) {
        Reader reader(path, read_options);
        while (auto entry = reader.next()) {
            if (auto* item = std::get_if<Item>(&*entry)) {
                if (item->is_encoded && item->kind == Kind::release) {
                    compiler.add_encoded(*item);
                    progress.update(compiler.releases(), reader.bytes_read());
                    continue;
                }
                if (item->is_encoded) {
                    const char* cursor = item->encoded.data();
                    item->value = detail::decode(cursor);
                }
                if (item->kind == Kind::record) {
                    const Value* releases = item->value.find("releases");
                    bool linked = false;
                    if (releases && releases->is_array()) {
                        for (const auto& release : releases->as_array()) {
                            if (release.find("ocid")) {
                                compiler.add(release, item->location);
                            } else {
                                linked = true;
                            }
                        }
                    }
                    linked_records += linked;
                } else if (item->kind == Kind::release || item->kind == Kind::compiled_release ||
                           (item->kind == Kind::other && item->value.is_object())) {
                    compiler.add(item->value, item->location);
                } else {
                    throw data_error(item->location, std::string("expected a release or a record, found a ") +
                                                         (item->kind == Kind::other ? std::string("JSON ") + type_name(item->value.type())
                                                                                    : std::string(kind_name(item->kind))));
                }
                progress.update(compiler.releases(), reader.bytes_read());
            } else if (auto* start = std::get_if<PackageStart>(&*entry)) {
                declared.add(start->metadata, start->kind == Kind::release_package);
            } else if (auto* end = std::get_if<PackageEnd>(&*entry)) {
                declared.add(end->metadata, end->kind == Kind::release_package);
            }
        }
    }
    progress.done();
    if (linked_records > 0) {
        notes.push_back(std::to_string(linked_records) +
                        " records link to releases instead of embedding them; those releases cannot be compiled");
    }
    if (declared.versions.size() > 1) {
        std::string list;
        for (const auto& version : declared.versions) {
            list += (list.empty() ? "" : ", ") + version;
        }
        notes.push_back("the input mixes OCDS versions (" + list + "); merging with the rules of " + declared.version());
    }
    // Bare releases declare no extensions: the publisher's --extension settings count too.
    std::vector<std::string> extensions = declared.extensions;
    for (const auto& url : m_settings.extensions.value_or(std::vector<std::string>{})) {
        if (std::find(extensions.begin(), extensions.end(), url) == extensions.end()) {
            extensions.push_back(url);
        }
    }
    const MergeRules rules = rules_for(declared.version(), extensions, notes);

    Output output(m_output.path, m_output.options);
    if (m_package) {
        // A record package's uri is its own, never a release package's.
        Value inherited = declared.metadata;
        inherited.erase("uri");
        inherited.erase("packages");
        if (!declared.package_uris.empty()) {
            Value packages = Value::array();
            for (const auto& uri : declared.package_uris) {
                packages.push_back(Value(uri));
            }
            inherited.set("packages", std::move(packages));
        }
        // Every input has been read: the metadata is final, so records go straight to the output.
        const Value metadata = package_metadata(m_settings, inherited, 1);
        PackageWriter writer(Kind::record_package, m_output.indent, settings.scratch_dir);
        if (output.can_rewind()) {
            writer.write_directly(output, metadata);
        }
        compiler.finish(rules, [&](std::string_view json) { writer.add_json(json); });
        if (writer.size() > 0) {
            writer.finish(output, metadata);
        } else {
            writer.discard();
        }
    } else {
        compiler.finish(rules, [&](std::string_view json) {
            output.write(json);
            output.put('\n');
        });
    }
    report_warnings(compiler, notes);
    const auto& errors = compiler.errors();
    for (std::size_t i = 0; i < errors.size() && i < errors_shown; ++i) {
        std::cerr << "ocds compile: error: " << errors[i] << '\n';
    }
    if (errors.size() > errors_shown) {
        std::cerr << "ocds compile: ... and " << errors.size() - errors_shown << " more errors\n";
    }
    if (compiler.processes() == 0 && errors.empty()) {
        throw ocds::error("the input has no releases to compile");
    }
    output.commit();
    if (!quiet() && isatty(STDERR_FILENO)) {
        std::cerr << "ocds compile: " << plural(compiler.releases(), "release", "releases") << " of "
                  << plural(compiler.processes(), "contracting process", "contracting processes") << " compiled\n";
    }
    return errors.empty();
}

bool CommandCompile::run_check() {
    std::map<std::string, MergeRules> rules_cache;
    std::vector<std::string> notes;
    std::vector<MergeWarning> warnings;
    std::size_t records = 0;
    std::size_t differing = 0;
    std::size_t unchecked = 0;
    for (const auto& path : m_input.paths()) {
        Reader reader(path, m_input.read);
        Declared declared;
        while (auto entry = reader.next()) {
            if (auto* start = std::get_if<PackageStart>(&*entry)) {
                declared = Declared();
                declared.add(start->metadata, false);
                continue;
            }
            auto* item = std::get_if<Item>(&*entry);
            if (!item) {
                continue;
            }
            if (item->kind != Kind::record) {
                throw data_error(item->location, std::string("--check takes records, found a ") + kind_name(item->kind));
            }
            ++records;
            const Value& record = item->value;
            const Value* releases = record.find("releases");
            std::vector<const Value*> embedded;
            if (releases && releases->is_array()) {
                for (const auto& release : releases->as_array()) {
                    if (release.find("ocid")) {
                        embedded.push_back(&release);
                    }
                }
            }
            const Value* compiled = record.find("compiledRelease");
            const Value* versioned = record.find("versionedRelease");
            if (embedded.empty() || (!compiled && !versioned)) {
                ++unchecked;
                continue;
            }
            std::string key = declared.version();
            for (const auto& url : declared.extensions) {
                key += ' ' + url;
            }
            auto found = rules_cache.find(key);
            if (found == rules_cache.end()) {
                found = rules_cache.emplace(key, rules_for(declared.version(), declared.extensions, notes)).first;
            }
            MergeOutput output;
            output.compiled = compiled != nullptr;
            output.versioned = versioned != nullptr;
            Location place = item->location;
            place.pointer.clear();
            const std::string where = place.to_string() + ": ";
            const std::string* ocid = record.find_string("ocid");
            MergeResult result;
            try {
                result = merge_releases(embedded, found->second, output, warnings);
            } catch (const merge_error& e) {
                std::cout << where << "cannot recompute: " << e.what() << '\n';
                ++differing;
                continue;
            }
            warnings.clear(); // --check reports differences, not merge warnings: keep memory flat
            bool differs = false;
            const auto report = [&](const char* field, const Value& expected, const Value& actual) {
                for (const auto& difference : differences(expected, actual)) {
                    if (std::string(field) == "compiledRelease" && (difference.pointer == "/id" || difference.pointer == "/tag")) {
                        continue; // the compiled release's id and tag are conventions, not data
                    }
                    std::cout << where << "ocid " << (ocid ? *ocid : std::string("?")) << ": " << item->location.pointer
                              << '/' << field << difference.pointer << ": ";
                    if (difference.found.empty()) {
                        std::cout << "missing; merging the record's releases gives " << difference.expected << '\n';
                    } else if (difference.expected.empty()) {
                        std::cout << "the record has " << difference.found << ", which merging its releases does not give\n";
                    } else {
                        std::cout << "the record has " << difference.found << "; merging its releases gives "
                                  << difference.expected << '\n';
                    }
                    differs = true;
                }
            };
            if (compiled) {
                report("compiledRelease", result.compiled, *compiled);
            }
            if (versioned) {
                report("versionedRelease", result.versioned, *versioned);
            }
            differing += differs;
        }
    }
    for (const auto& note : notes) {
        std::cerr << "ocds compile: warning: " << note << '\n';
    }
    std::cerr << "ocds compile: checked " << plural(records, "record", "records") << ": " << differing << " differ"
              << (unchecked ? ", " + std::to_string(unchecked) + " without embedded releases or a compiled release" : "")
              << '\n';
    return differing == 0;
}

} // namespace ocds::cli
