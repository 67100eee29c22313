#include <doctest/doctest.h>

#include "helpers.hpp"
#include "map/san_pedro.hpp"

#include <ocds/map/budget_record.hpp>
#include <ocds/core/compare.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/io/line_reader.hpp>
#include <ocds/map/map_run.hpp>
#include <ocds/map/record_memory.hpp>
#include <ocds/core/files.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/map/release_changes.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/map/release_store.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/time_zone.hpp>

#include <set>

namespace {

using test::json;
using test::read_records;
using test::san_pedro;
const std::string examples = test::san_pedro_examples;

const ocds::MergeRules& rules() {
    static const ocds::MergeRules rules = ocds::MergeRules::from_schema(
        ocds::build_release_schema("1.1", ocds::mapping_extensions(san_pedro()), {OCDS_SCHEMAS_DIR, ""}).schema);
    return rules;
}

ocds::MapSummary map_into(const std::string& store, const std::string& input, const std::string& now,
                          std::vector<ocds::MapError>* errors = nullptr) {
    ocds::MapOptions options;
    options.inputs = {input};
    options.store_dir = store;
    options.schemas_dir = OCDS_SCHEMAS_DIR;
    options.config = san_pedro();
    options.now = now;
    return ocds::run_map(options, [&](const ocds::MapError& error) {
        if (errors) {
            errors->push_back(error);
        }
    });
}

} // namespace

TEST_CASE("time zones: offsets by date, from the tz database") {
    const auto monterrey = ocds::TimeZone::load("America/Monterrey");
    const auto at = [&](int year, unsigned month, unsigned day) {
        return ocds::format_offset(monterrey.offset_of_local(ocds::days_from_civil(year, month, day) * 86400));
    };
    CHECK(at(2021, 7, 1) == "-05:00"); // daylight saving time, until Mexico dropped it in 2022
    CHECK(at(2021, 12, 1) == "-06:00");
    CHECK(at(2023, 7, 1) == "-06:00");
    CHECK(ocds::format_utc(0) == "1970-01-01T00:00:00Z");
    CHECK(ocds::format_utc(ocds::days_from_civil(2024, 2, 29) * 86400 + 3661) == "2024-02-29T01:01:01Z");
    CHECK_THROWS_AS(ocds::TimeZone::load("../../etc/passwd"), ocds::precondition_error);
    CHECK_THROWS_AS(ocds::TimeZone::load("Mars/Olympus_Mons"), ocds::precondition_error);
}

TEST_CASE("ocid file names: one to one, no traversal, no case collisions") {
    CHECK(ocds::ocid_file_name("ocds-sp5p3d-pb-4712") == "ocds-sp5p3d-pb-4712");
    const std::string hostile = ocds::ocid_file_name("ocds-sp5p3d-pb-../../etc");
    CHECK(hostile.find('/') == std::string::npos);
    CHECK(hostile.find("..") == std::string::npos);
    CHECK(ocds::ocid_file_name("ocds-a-B") != ocds::ocid_file_name("ocds-a-b"));
    // Different ocids never give names that differ only in case.
    std::set<std::string> folded;
    for (const char* ocid : {"ocds-a-B", "ocds-a-b", "ocds-a-_42", "ocds-a-%42", "ocds-a-.b", "ocds-a-B."}) {
        std::string name = ocds::ocid_file_name(ocid);
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        CHECK(folded.insert(name).second);
    }
    CHECK_THROWS_AS(ocds::ocid_file_name(""), ocds::error);
    CHECK_THROWS_AS(ocds::ocid_file_name(std::string(300, 'a')), ocds::error);
}

TEST_CASE("release changes: nulls for what disappeared make the merge give the new state") {
    const ocds::Value before =
        json(R"({"ocid":"ocds-x-1","tender":{"id":"t","title":"Old","value":{"amount":5,"currency":"MXN"},
        "documents":[{"id":"a","title":"A"},{"id":"b","title":"B","url":"https://x.org/b"}]},
        "awards":[{"id":"1","status":"active"}]})");
    const ocds::Value after = json(R"({"ocid":"ocds-x-1","tender":{"id":"t","title":"New",
        "documents":[{"id":"a","title":"A"}]},"awards":[{"id":"1","status":"cancelled"}]})");
    ocds::Value release = after;
    ocds::add_removals(before, release, rules());
    CHECK(ocds::to_json(*release.find("tender")) ==
          R"({"id":"t","title":"New","documents":[{"id":"a","title":"A"},{"id":"b","title":null,"url":null}],)"
          R"("value":{"amount":null,"currency":null}})");
    // Merging both gives the new state once the shells merging cannot delete are pruned.
    ocds::Value first = before, second = release;
    first.set("id", ocds::Value("1"));
    first.set("date", ocds::Value("2024-01-01T00:00:00Z"));
    second.set("id", ocds::Value("2"));
    second.set("date", ocds::Value("2024-02-01T00:00:00Z"));
    std::vector<ocds::MergeWarning> warnings;
    const ocds::Value compiled =
        ocds::comparable_state(ocds::merge_releases({&first, &second}, rules(), {}, warnings).compiled);
    CHECK(ocds::json_equal(compiled, after));
    CHECK(ocds::change_tags(&before, after) == std::vector<std::string>{"tenderUpdate", "awardCancellation"});
    CHECK(ocds::change_tags(nullptr, after) == std::vector<std::string>{"tender", "award"});
}

TEST_CASE("release changes: contract amendments, terminations and implementation") {
    const ocds::Value before = json(R"({"contracts":[{"id":"c","awardID":"1","status":"active",
        "implementation":{"transactions":[{"id":"p1"}]}}]})");
    CHECK(ocds::change_tags(&before,
                            json(R"({"contracts":[{"id":"c","awardID":"1","status":"active","amendments":[{"id":"m"}],
        "implementation":{"transactions":[{"id":"p1"}]}}]})")) == std::vector<std::string>{"contractAmendment"});
    CHECK(ocds::change_tags(&before, json(R"({"contracts":[{"id":"c","awardID":"1","status":"terminated",
        "implementation":{"transactions":[{"id":"p1"},{"id":"p2"}]}}]})")) ==
          std::vector<std::string>{"implementationUpdate", "contractTermination"});
}

TEST_CASE("record checks: each problem named by its JSON Pointer") {
    const ocds::RecordChecker with_zone(OCDS_SCHEMAS_DIR, {{"MX-RFC-MSP850101AB1"}}, true);
    const auto records = read_records(examples + "export-1.jsonl");
    REQUIRE(records.size() >= 80);
    for (const auto& record : records) {
        CHECK(with_zone.check(record).empty());
    }
    const ocds::RecordChecker checker(OCDS_SCHEMAS_DIR, {{"MX-RFC-MSP850101AB1"}}, false);
    ocds::Value record = json(R"({"record_version":"1","project":{"id":"1","title":"Parque","created_at":"2024-01-05"},
        "budget":{"id":"12","name":"PP 2024","year":2024,"heading":{"id":"1","name":"K1"}},
        "assessment":{"feasibility":"maybe"},
        "procurement":[{"process_id":"p","awards":[{"id":"a","supplier_ids":["nobody"]}]}]})");
    const auto problems = checker.check(record);
    std::set<std::string> pointers;
    for (const auto& problem : problems) {
        pointers.insert(problem.pointer);
    }
    CHECK(pointers.count("/assessment/feasibility"));
    CHECK(pointers.count("/project/created_at")); // a bare date, and no time zone
}

TEST_CASE("map: the store compiles to the mapping of the latest export, an unchanged export writes nothing") {
    test::TempDir dir;
    const std::string store = dir.path("store");
    std::vector<ocds::MapError> errors;
    const auto first = map_into(store, examples + "export-1.jsonl", "2024-08-01T12:00:00Z", &errors);
    CHECK(errors.empty());
    CHECK(first.projects_rejected == 0);
    CHECK(first.processes_changed == 0);
    CHECK(first.releases_written == first.processes_new);
    const auto second = map_into(store, examples + "export-2.jsonl", "2024-09-15T12:00:00Z", &errors);
    CHECK(errors.empty());
    CHECK(second.processes_changed > 0);
    CHECK(second.processes_new > 0);
    CHECK(second.releases_written == second.processes_new + second.processes_changed);

    // Compiling every ocid's stored releases gives exactly the mapping of the second export.
    const ocds::ReleaseStore reader(store);
    std::size_t processes = 0;
    for (const auto& record : read_records(examples + "export-2.jsonl")) {
        for (auto& process : ocds::map_project(record, san_pedro())) {
            const std::string ocid = *process.find_string("ocid");
            auto releases = reader.releases(ocid);
            REQUIRE_MESSAGE(!releases.empty(), ocid);
            std::vector<const ocds::Value*> pointers;
            std::set<std::string> ids;
            for (const auto& release : releases) {
                pointers.push_back(&release);
                CHECK(ids.insert(*release.find_string("id")).second);
            }
            std::vector<ocds::MergeWarning> warnings;
            const ocds::Value compiled =
                ocds::comparable_state(ocds::merge_releases(pointers, rules(), {}, warnings).compiled);
            ocds::prune_hollow(process);
            CHECK_MESSAGE(ocds::json_equal(compiled, process), ocid);
            CHECK(warnings.empty());
            ++processes;
        }
    }
    CHECK(processes == second.processes_new + second.processes_changed + second.processes_unchanged);

    const std::size_t files = reader.release_files().size();
    const auto again = map_into(store, examples + "export-2.jsonl", "2024-10-01T12:00:00Z", &errors);
    CHECK(again.releases_written == 0);
    CHECK(again.processes_unchanged == processes);
    CHECK(reader.release_files().size() == files);
}

TEST_CASE("map: a release is never rewritten, and a later run's date is later than the stored ones") {
    test::TempDir dir;
    const std::string store = dir.path("store");
    const std::string one = dir.write(
        "one.jsonl",
        R"({"record_version":"1","project":{"id":"7","title":"Banquetas","created_at":"2024-01-05T10:00:00-06:00"},"budget":{"id":"12","name":"PP 2024","year":2024,"heading":{"id":"1","name":"K1"}},"assessment":{"feasibility":"undecided"}})"
        "\n");
    CHECK(map_into(store, one, "2024-08-01T12:00:00Z").releases_written == 1);
    const std::string two = dir.write(
        "two.jsonl",
        R"({"record_version":"1","project":{"id":"7","title":"Banquetas nuevas","created_at":"2024-01-05T10:00:00-06:00"},"budget":{"id":"12","name":"PP 2024","year":2024,"heading":{"id":"1","name":"K1"}},"assessment":{"feasibility":"undecided"}})"
        "\n");
    // A clock behind the stored release: the new one still comes after it.
    CHECK(map_into(store, two, "2024-07-01T12:00:00Z").releases_written == 1);
    const auto releases = ocds::ReleaseStore(store).releases("ocds-sp5p3d-pb-7");
    REQUIRE(releases.size() == 2);
    CHECK(*releases[1].find_string("date") == "2024-08-01T12:00:01Z");
    CHECK(*releases[1].find_string("id") == "ocds-sp5p3d-pb-7-20240801T120001Z");
}

TEST_CASE("map: a project without a heading (CONSUL's editions 11 and later) is mapped with its edition only") {
    const ocds::Value record = json(
        R"({"record_version":"1","project":{"id":"9102","title":"Bancas","created_at":"2025-01-01T00:00:00-06:00"},
            "budget":{"id":"14","name":"Presupuesto Participativo - Sectores","year":2025},
            "territory":{"sector":{"code":"K4","name":"Fuentes del Valle"}},
            "assessment":{"feasibility":"undecided"}})");
    const auto processes = ocds::map_project(record, san_pedro());
    REQUIRE(processes.size() == 1);
    const ocds::Value* budget = processes[0].find("planning")->find("budget");
    CHECK(*budget->find_string("id") == "14");
    CHECK(*budget->find_string("description") == "Presupuesto Participativo - Sectores.");
    const ocds::Value* pb = processes[0].find("planning")->find("participatoryBudget");
    REQUIRE(pb != nullptr);
    CHECK(pb->find("heading") == nullptr);
    CHECK(*pb->find("sector")->find_string("id") == "K4");
}

TEST_CASE("map: a record as the last run mapped it is not mapped again, unless its store or the settings changed") {
    test::TempDir dir;
    const std::string store = dir.path("store");
    const std::string export_2 = examples + "export-2.jsonl";
    map_into(store, examples + "export-1.jsonl", "2024-08-01T12:00:00Z");
    CHECK(ocds::is_regular_file(store + "/.mapped-records"));
    const auto second = map_into(store, export_2, "2024-09-15T12:00:00Z");
    CHECK(second.processes_changed == 60);
    const auto again = map_into(store, export_2, "2024-10-01T12:00:00Z");
    CHECK(again.processes_unchanged == 123);
    CHECK(again.releases_written == 0);
    // A planning process gone from the store: that project is mapped again (and written again).
    ocds::remove_tree(store + "/releases/" + ocds::ocid_file_name("ocds-sp5p3d-pb-4703"));
    const auto repaired = map_into(store, export_2, "2024-10-02T12:00:00Z");
    CHECK(repaired.processes_new == 1);
    CHECK(repaired.releases_written == 1);
    // Other settings: nothing remembered is trusted.
    ocds::MappingConfig other = san_pedro();
    other.base_uri = "https://example.org/ocds";
    const ocds::RecordMemory memory(store, ocds::mapping_fingerprint(other));
    CHECK(memory.find("4703") == nullptr);
    // Loading it changes nothing (a run that stops before writing the store leaves it as it was);
    // once a run starts writing the store, a run that stops leaves none.
    CHECK(ocds::is_regular_file(store + "/.mapped-records"));
    memory.forget_saved();
    CHECK_FALSE(ocds::is_regular_file(store + "/.mapped-records"));
}
