#include <ocds/indicators/facts_spool.hpp>
#include <ocds/core/files.hpp>
#include <ocds/indicators/process_facts.hpp>

#include "helpers.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace ocds;

namespace {

/// Facts with every field away from its default, so that a field the spool forgets shows.
ProcessFacts full_facts(const std::string& ocid) {
    ProcessFacts f;
    f.ocid = ocid;
    f.planning_ocid = ocid + "-planning";
    f.project_id = "4703";
    f.files.record = "records/" + ocid + ".json";
    f.files.releases = {"releases/" + ocid + "/1.json", "releases/" + ocid + "/2.json"};
    f.is_project = true;
    f.title = "Banquetas, alumbrado LED y arbolado";
    f.code = "2023-4703";
    f.url = "https://decide.sanpedro.gob.mx/budgets/11/investments/4703";
    f.edition_id = "11";
    f.edition_name = "Presupuesto Participativo 2023";
    f.sector_id = "K1";
    f.sector_name = "Casco Urbano";
    f.heading_id = "71";
    f.size = "large";
    f.feasibility = "unfeasible";
    f.unfeasibility_reason = std::string("No es viable\0con un cero", 24);
    f.edition_year = 2023;
    f.envelope = {{"MXN", 12500000.5L}};
    f.estimated = {{"MXN", 12380000}, {"USD", 1.25L}};
    f.valuation_finished = false;
    f.winner = true;
    f.progress = 74.5;
    f.latitude = 25.6517;
    f.longitude = -100.4004;
    f.winners_announced = "2023-06-30T00:00:00Z";
    f.is_contracting = true;
    f.process_title = "Construcción de banquetas";
    f.method = "open";
    f.tender_status = "complete";
    f.tenderers = 3;
    f.cancelled = f.awarded = f.contracted = f.executing = f.delivered = true;
    f.contract_value = {{"MXN", 12522446.92L}};
    f.paid = {{"MXN", 9332855.16L}};
    f.milestones = 7;
    f.milestones_met = 5;
    f.milestones_late = 1;
    f.first_signed = "2024-02-03T00:00:00Z";
    f.suppliers = {{"MX-RFC-AAA", "Constructora A", {{"MXN", 6000000}}}, {"MX-RFC-BBB", "", {}}};
    f.amended_contracts = 2;
    f.raised_contracts = 1;
    f.increase = {{"MXN", 142446.92L}};
    f.errors = 3;
    f.warnings = 4;
    f.has_awards = f.has_contracts = true;
    f.missing_tender_value = f.missing_tender_period = f.missing_buyer = f.missing_award_value = true;
    f.missing_award_date = f.missing_supplier = f.missing_contract_period = true;
    f.recheck_at = 1727740800;
    return f;
}

} // namespace

TEST_CASE("facts spool: facts come back field for field, in any order of reading") {
    FactsSpool spool(temporary_directory());
    const ProcessFacts first = full_facts("ocds-x-1");
    const ProcessFacts empty;
    const FactsRef a = spool.append(first);
    const FactsRef b = spool.append(empty);
    const FactsRef c = spool.append(full_facts("ocds-x-3"));
    CHECK(b.offset == a.offset + a.size);

    const ProcessFacts third = spool.load(c);
    CHECK(third.ocid == "ocds-x-3");
    const ProcessFacts back = spool.load(a);
    CHECK(back.ocid == first.ocid);
    CHECK(back.files.releases == first.files.releases);
    CHECK(back.unfeasibility_reason == first.unfeasibility_reason);
    CHECK(back.edition_year == first.edition_year);
    CHECK(back.estimated == first.estimated);
    CHECK(back.valuation_finished == std::optional<bool>(false));
    CHECK(back.progress == first.progress);
    CHECK(back.longitude == first.longitude);
    CHECK(back.tenderers == first.tenderers);
    REQUIRE(back.suppliers.size() == 2);
    CHECK(back.suppliers[0].value == first.suppliers[0].value);
    CHECK(back.suppliers[1].id == "MX-RFC-BBB");
    CHECK(back.milestones_late == 1);
    CHECK(back.missing_contract_period);
    // Every field: what is written again from what was read is the same bytes.
    FactsSpool again(temporary_directory());
    CHECK(again.append(back).size == a.size);
    const ProcessFacts nothing = spool.load(b);
    CHECK(nothing.ocid.empty());
    CHECK_FALSE(nothing.edition_year);
    CHECK_FALSE(nothing.is_project);
    CHECK(nothing.suppliers.empty());
}

TEST_CASE("facts: encoded facts come back alike, the same bytes each time, and damaged bytes are refused") {
    const ProcessFacts facts = full_facts("ocds-x-1");
    std::string bytes, again;
    encode_facts(facts, bytes);
    encode_facts(facts, again);
    CHECK(bytes == again); // no padding bytes of a long double: a file of them is the same each build
    ProcessFacts back;
    REQUIRE(decode_facts(bytes, back));
    std::string rewritten;
    encode_facts(back, rewritten);
    CHECK(rewritten == bytes);
    CHECK(back.contract_value == facts.contract_value); // amounts exactly
    CHECK(back.recheck_at == facts.recheck_at);
    for (std::size_t cut : {std::size_t{0}, std::size_t{1}, bytes.size() / 2, bytes.size() - 1}) {
        ProcessFacts short_read;
        CHECK_FALSE(decode_facts(std::string_view(bytes).substr(0, cut), short_read));
    }
    CHECK_FALSE(decode_facts(bytes + "x", back));
    CHECK_FALSE(decode_facts(std::string(40, '\xff'), back)); // a varint that never ends
}

TEST_CASE("facts: read for one date, they hold for a later one until a milestone falls due or a contract starts") {
    const Value release = test::parse(R"({"ocid":"ocds-x-1","tender":{"id":"t"},
        "contracts":[{"id":"c1","status":"active","period":{"startDate":"2024-10-15T00:00:00Z"},
          "implementation":{"milestones":[{"id":"m1","dueDate":"2024-10-01T00:00:00Z"},
                                          {"id":"m2","dueDate":"2024-08-01T00:00:00Z"}]}},
        {"id":"c2","status":"cancelled","milestones":[{"id":"m3","dueDate":"2024-09-10T00:00:00Z","status":"met"}]}]})");
    const std::string as_of = "2024-09-06T18:00:00Z";
    const ProcessFacts facts = process_facts(release, as_of, nullptr);
    CHECK(facts.milestones_late == 1);
    CHECK_FALSE(facts.executing);
    REQUIRE(facts.recheck_at);
    CHECK(*facts.recheck_at == *seconds_of("2024-10-01T00:00:00Z")); // the met one does not count
    CHECK(facts_hold(facts, as_of, as_of));
    CHECK(facts_hold(facts, as_of, "2024-09-30T23:59:59Z"));
    CHECK_FALSE(facts_hold(facts, as_of, "2024-10-01T00:00:00Z"));
    CHECK_FALSE(facts_hold(facts, as_of, "2024-09-01T00:00:00Z")); // an earlier date: read again
    // What they would be then differs indeed.
    CHECK(process_facts(release, "2024-10-16T00:00:00Z", nullptr).milestones_late == 2);
    CHECK(process_facts(release, "2024-10-16T00:00:00Z", nullptr).executing);
    // Nothing ahead: they hold for good.
    const ProcessFacts later = process_facts(release, "2024-12-02T00:00:00Z", nullptr);
    CHECK_FALSE(later.recheck_at);
    CHECK(facts_hold(later, "2024-12-02T00:00:00Z", "2030-01-01T00:00:00Z"));
}
