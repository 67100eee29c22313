#include <ocds/indicators/indicators.hpp>
#include <ocds/indicators/indicators_csv.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/validate/profile.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace ocds;

namespace {

Value parse(const std::string& text) {
    Value value;
    JsonTextError failure;
    REQUIRE_MESSAGE(parse_json_text(text, value, failure), failure.reason);
    return value;
}

const std::string as_of = "2024-06-01T00:00:00Z";

/// A planning process of a participatory-budget project.
std::string project(const std::string& id, const std::string& edition, int year, const std::string& sector,
                    const std::string& heading, const std::string& envelope, const std::string& extra) {
    return R"({"ocid": "ocds-x-pb-)" + id + R"(", "id": "c", "date": "2024-05-01T00:00:00Z", "tag": ["compiled"],
      "buyer": {"id": "MUN", "name": "Municipio"},
      "planning": {"project": {"id": ")" +
           id + R"(", "title": "Proyecto )" + id + R"("},
        "participatoryBudget": {"edition": {"id": ")" +
           edition + R"(", "name": "PP", "year": )" + std::to_string(year) + R"(},
          "sector": {"id": ")" +
           sector + R"(", "name": "Sector )" + sector + R"("},
          "heading": {"id": ")" +
           heading + R"(", "envelope": {"amount": )" + envelope + R"(, "currency": "MXN"}})" + extra + "}}}";
}

/// Hand-checked data: four projects in two editions and two sectors, their contracting
/// processes, and one process of another publisher.
Indicators sample() {
    Indicators indicators(as_of);
    auto add = [&](const std::string& json) { indicators.add(process_facts(parse(json), as_of, nullptr)); };
    // A: a winner in execution (contract started, paid, one milestone late), announced 101 days before signature.
    std::string a = project("1", "11", 2023, "K1", "h1", "1000",
                            R"(, "size": "large", "feasibility": "feasible", "valuationFinished": true, "winner": true,
                                "progress": {"percentage": 50})");
    a.insert(a.find(R"("participatoryBudget")"),
             R"("budget": {"amount": {"amount": 800, "currency": "MXN"}},
                "milestones": [{"id": "m", "code": "finished", "dateMet": "2023-10-01T00:00:00-06:00"}], )");
    add(a);
    add(R"({"ocid": "ocds-x-pb-1-P1", "id": "c", "date": "2024-05-01T00:00:00Z", "buyer": {"name": "Municipio"},
        "relatedProcesses": [{"id": "1", "relationship": ["planning"], "scheme": "ocid", "identifier": "ocds-x-pb-1"}],
        "tender": {"id": "t", "procurementMethod": "open", "numberOfTenderers": 3, "value": {"amount": 900, "currency": "MXN"},
                   "tenderPeriod": {"startDate": "2023-11-01T00:00:00Z"}},
        "awards": [{"id": "a1", "status": "active", "date": "2023-12-20T00:00:00Z", "value": {"amount": 750, "currency": "MXN"},
                    "suppliers": [{"id": "S1", "name": "Uno"}]}],
        "contracts": [{"id": "k1", "awardID": "a1", "status": "active", "value": {"amount": 810.5, "currency": "MXN"},
                       "dateSigned": "2024-01-10T00:00:00-06:00", "period": {"startDate": "2024-01-15T00:00:00Z"},
                       "amendments": [{"id": "CM-01", "rationale": "más obra"}],
                       "implementation": {"transactions": [{"id": "p1", "value": {"amount": 300, "currency": "MXN"}},
                                                           {"id": "p2", "value": {"amount": 100.25, "currency": "MXN"}}],
                         "milestones": [{"id": "1", "dueDate": "2024-03-01T00:00:00Z", "status": "met"},
                                        {"id": "2", "dueDate": "2024-02-01T00:00:00Z", "status": "scheduled"},
                                        {"id": "3", "dueDate": "2024-12-01T00:00:00Z", "status": "scheduled"}]}}]})");
    // B: unfeasible, not a winner.
    add(project("2", "11", 2023, "K2", "h2", "500",
                R"(, "size": "medium", "feasibility": "unfeasible", "valuationFinished": true,
                    "unfeasibilityExplanation": "Terreno privado", "winner": false)"));
    // C: a winner delivered through a direct award to a single bidder (award date, tender value and period,
    // contract period missing).
    std::string c =
        project("3", "12", 2024, "K1", "h3", "2000",
                R"(, "size": "large", "feasibility": "feasible", "valuationFinished": true, "winner": true)");
    c.insert(c.find(R"("participatoryBudget")"), R"("budget": {"amount": {"amount": 1500, "currency": "MXN"}}, )");
    add(c);
    add(R"({"ocid": "ocds-x-pb-3-P1", "id": "c", "date": "2024-05-01T00:00:00Z", "buyer": {"name": "Municipio"},
        "relatedProcesses": [{"id": "1", "relationship": ["planning"], "scheme": "ocid", "identifier": "ocds-x-pb-3"}],
        "tender": {"id": "t", "procurementMethod": "direct", "numberOfTenderers": 1},
        "awards": [{"id": "a1", "status": "active", "value": {"amount": 1400, "currency": "MXN"},
                    "suppliers": [{"id": "S2", "name": "Dos"}]}],
        "contracts": [{"id": "k1", "awardID": "a1", "status": "terminated", "value": {"amount": 1400, "currency": "MXN"}}]})");
    // D: undecided, no size, valuation pending, same heading (pot) as B.
    add(project("4", "12", 2024, "K2", "h2", "500", R"(, "feasibility": "undecided", "valuationFinished": false)"));
    // Another publisher's process: no project, no buyer.
    add(R"({"ocid": "ocds-y-99", "id": "c", "date": "2024-05-01T00:00:00Z",
        "tender": {"id": "t", "procurementMethod": "selective", "value": {"amount": 5, "currency": "MXN"}},
        "awards": [{"id": "a", "status": "active", "date": "2024-01-01T00:00:00Z", "value": {"amount": 100, "currency": "MXN"},
                    "suppliers": [{"id": "S1", "name": "Uno"}]}]})");
    return indicators;
}

const Value& group(const Value& result, const char* edition, const char* sector) {
    for (const auto& candidate : result.find("groups")->as_array()) {
        const Value* e = candidate.find("edition");
        const Value* s = candidate.find("sector");
        if ((edition ? e->is_string() && e->as_string() == edition : e->is_null()) &&
            (sector ? s->is_string() && s->as_string() == sector : s->is_null())) {
            return candidate;
        }
    }
    FAIL("no group " << (edition ? edition : "all") << "/" << (sector ? sector : "all"));
    static Value none;
    return none;
}

/// The JSON text at a slash path of `value` ("execution/stages/inExecution").
std::string text(const Value& value, const std::string& path) {
    const Value* at = &value;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = std::min(path.find('/', start), path.size());
        const std::string key = path.substr(start, slash - start);
        REQUIRE_MESSAGE(at->is_object(), path);
        at = at->find(key);
        REQUIRE_MESSAGE(at, path);
        start = slash + 1;
    }
    return to_json(*at);
}

} // namespace

TEST_CASE("indicators: execution of the winning projects, by hand") {
    const Value result = sample().result();
    const Value& all = group(result, nullptr, nullptr);
    CHECK(text(all, "execution/winners") == "2");
    CHECK(text(all, "execution/stages") ==
          R"({"planning":0,"tender":0,"awarded":0,"contracted":0,"inExecution":1,"delivered":1,"cancelled":0})");
    CHECK(text(all, "execution/amounts") ==
          R"({"estimated":{"MXN":2300},"contracted":{"MXN":2210.5},"paid":{"MXN":400.25}})");
    CHECK(text(all, "execution/progress") == R"({"projects":1,"mean":50})");
    CHECK(text(all, "execution/milestones") == R"({"total":3,"met":1,"late":1})");
    CHECK(text(all, "execution/daysToContract") == R"({"projects":1,"median":101,"mean":101,"min":101,"max":101})");
    CHECK(text(result, "currency") == R"("MXN")");
}

TEST_CASE("indicators: feasibility of all projects, by hand") {
    const Value result = sample().result();
    const Value& all = group(result, nullptr, nullptr);
    CHECK(text(all, "feasibility/projects") == "4");
    CHECK(text(all, "feasibility/feasibility") == R"({"feasible":2,"unfeasible":1,"undecided":1})");
    CHECK(text(all, "feasibility/valuationFinished") == "3");
    CHECK(text(all, "feasibility/valuationPending") == "1");
    CHECK(text(all, "feasibility/unfeasibleShare") == "0.3333");
    CHECK(text(all, "feasibility/bySize") == R"({"large":{"feasible":2,"unfeasible":0,"undecided":0},)"
                                             R"("medium":{"feasible":0,"unfeasible":1,"undecided":0},)"
                                             R"("unknown":{"feasible":0,"unfeasible":0,"undecided":1}})");
    CHECK(text(all, "feasibility/unfeasibleReasons") ==
          R"([{"project":"2","title":"Proyecto 2","reason":"Terreno privado"}])");
}

TEST_CASE("indicators: follow-up, by hand") {
    const Value result = sample().result();
    const Value& all = group(result, nullptr, nullptr);
    CHECK(text(all, "followUp/envelope") == R"({"MXN":3500})"); // h1 + h2 (B and D share it) + h3
    CHECK(text(all, "followUp/winnersEstimated") == R"({"MXN":2300})");
    CHECK(text(all, "followUp/envelopeUsed") == "0.6571");
    CHECK(text(all, "followUp/processes") == "3");
    CHECK(text(all, "followUp/direct") == R"({"processes":1,"share":0.3333})");
    CHECK(text(all, "followUp/singleBidder") == R"({"tenders":2,"single":1,"share":0.5})");
    CHECK(text(all, "followUp/suppliers") ==
          R"({"distinct":2,"top":{"id":"S2","name":"Dos","value":{"MXN":1400},"share":0.6222},)"
          R"("list":[{"id":"S2","name":"Dos","value":{"MXN":1400},"share":0.6222,"processes":1},)"
          R"({"id":"S1","name":"Uno","value":{"MXN":850},"share":0.3778,"processes":2}]})");
    CHECK(text(all, "followUp/amendments") == R"({"contracts":1,"raisedValue":1,"increase":{"MXN":60.5}})");
    CHECK(text(all, "followUp/quality/processes") == "7");
    CHECK(text(all, "followUp/quality/missing") ==
          R"({"tenderValue":{"missing":1,"of":3},"tenderPeriod":{"missing":2,"of":3},"buyer":{"missing":1,"of":7},)"
          R"("awardValue":{"missing":0,"of":3},"awardDate":{"missing":1,"of":3},"supplier":{"missing":0,"of":3},)"
          R"("contractPeriod":{"missing":1,"of":2}})");
}

TEST_CASE("indicators: groups by edition, sector and both") {
    const Value result = sample().result();
    CHECK(result.find("groups")->as_array().size() == 9); // all, 2 editions, 2 sectors, 4 pairs
    CHECK(text(group(result, "11", nullptr), "execution/winners") == "1");
    CHECK(text(group(result, "11", nullptr), "feasibility/projects") == "2");
    CHECK(text(group(result, "12", nullptr), "execution/stages/delivered") == "1");
    CHECK(text(group(result, nullptr, "K1"), "execution/winners") == "2");
    CHECK(text(group(result, nullptr, "K2"), "execution/winners") == "0");
    CHECK(text(group(result, nullptr, "K2"), "followUp/envelope") == R"({"MXN":500})");
    CHECK(text(group(result, "11", "K1"), "followUp/processes") == "1");
    // The other publisher's process counts only in the overall group.
    CHECK(text(group(result, "11", nullptr), "followUp/quality/processes") == "3");
    CHECK(text(result, "editions") == R"([{"id":"11","name":"PP","year":2023},{"id":"12","name":"PP","year":2024}])");
    CHECK(text(result, "sectors") == R"([{"id":"K1","name":"Sector K1"},{"id":"K2","name":"Sector K2"}])");
    const auto& projects = result.find("projects")->as_array();
    REQUIRE(projects.size() == 4);
    CHECK(text(projects[0], "stage") == R"("inExecution")");
    CHECK(text(projects[0], "lateMilestones") == "1");
    CHECK(text(projects[0], "processes") ==
          R"([{"ocid":"ocds-x-pb-1-P1","title":null,"method":"open","status":null}])");
    CHECK(text(projects[1], "stage") == "null"); // not a winner
}

TEST_CASE("indicators: stages of winners") {
    Indicators indicators(as_of);
    auto add = [&](const std::string& json) { indicators.add(process_facts(parse(json), as_of, nullptr)); };
    const std::string winner = R"(, "feasibility": "feasible", "winner": true)";
    auto process = [](const std::string& project, const std::string& body) {
        return R"({"ocid": "ocds-x-pb-)" + project +
               R"(-P", "relatedProcesses": [{"id": "1", "relationship": ["planning"],
            "scheme": "ocid", "identifier": "ocds-x-pb-)" +
               project + R"("}], )" + body + "}";
    };
    add(project("1", "11", 2023, "K1", "h", "1", winner)); // no process: planning
    add(project("2", "11", 2023, "K1", "h", "1", winner));
    add(process("2", R"("tender": {"status": "active"})"));
    add(project("3", "11", 2023, "K1", "h", "1", winner));
    add(process("3", R"("tender": {"status": "complete"}, "awards": [{"id": "a", "status": "pending"}])"));
    add(project("4", "11", 2023, "K1", "h", "1", winner));
    add(process("4", R"("tender": {"status": "complete"}, "contracts": [{"id": "k", "status": "pending",
                        "period": {"startDate": "2024-09-01T00:00:00Z"}}])"));
    add(project("5", "11", 2023, "K1", "h", "1", winner));
    add(process("5", R"("tender": {"status": "cancelled"})"));
    add(project("6", "11", 2023, "K1", "h", "1", winner));
    add(process("6", R"("tender": {"status": "unsuccessful"})"));
    add(process("6",
                R"("tender": {"status": "complete"}, "contracts": [{"id": "k", "status": "active"}])")); // second try
    const Value result = indicators.result();
    const auto& projects = result.find("projects")->as_array();
    REQUIRE(projects.size() == 6);
    CHECK(text(projects[0], "stage") == R"("planning")");
    CHECK(text(projects[1], "stage") == R"("tender")");
    CHECK(text(projects[2], "stage") == R"("awarded")");
    CHECK(text(projects[3], "stage") == R"("contracted")"); // signed, not started
    CHECK(text(projects[4], "stage") == R"("cancelled")");
    CHECK(text(projects[5], "stage") == R"("contracted")"); // the failed first tender does not count
    CHECK(text(group(result, nullptr, nullptr), "execution/stages") ==
          R"({"planning":1,"tender":1,"awarded":1,"contracted":2,"inExecution":0,"delivered":0,"cancelled":1})");
}

TEST_CASE("indicators: data quality counts validation findings per process") {
    const auto profile = ValidationProfile::build("1.1", {}, ExtensionSources{OCDS_SCHEMAS_DIR, ""});
    Indicators indicators(as_of);
    const Value good =
        parse(R"({"ocid": "ocds-213czf-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["compiled"],
        "initiationType": "tender", "buyer": {"id": "b", "name": "B"}, "parties": [{"id": "b", "name": "B", "roles": ["buyer"]}],
        "tender": {"id": "t", "status": "active"}})");
    const Value bad = parse(R"({"ocid": "ocds-213czf-2", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["compiled"],
        "initiationType": "tender", "tender": {"id": "t", "status": "bogus"}})");
    const ProcessFacts good_facts = process_facts(good, as_of, profile.get());
    const ProcessFacts bad_facts = process_facts(bad, as_of, profile.get());
    CHECK(good_facts.errors == 0);
    CHECK(bad_facts.errors >= 1);
    indicators.add(good_facts);
    indicators.add(bad_facts);
    const Value result = indicators.result();
    CHECK(text(group(result, nullptr, nullptr), "followUp/quality/withErrors") == "1");
    CHECK(text(group(result, nullptr, nullptr), "followUp/quality/processes") == "2");
}

TEST_CASE("indicators: CSV has one row per group and one column per figure") {
    const std::string csv = indicators_csv(sample().result());
    CHECK(csv.rfind("edition,sector,execution.winners,execution.stages.planning,", 0) == 0);
    std::size_t lines = 0;
    for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) {
        ++lines;
    }
    CHECK(lines == 10);                                                                // header + 9 groups
    CHECK(csv.find("\r\n,,2,0,0,0,0,1,1,0,2300,2210.5,400.25,") != std::string::npos); // the overall row
    CHECK(csv.find("unfeasibleReasons") == std::string::npos);
}

TEST_CASE("indicators: write_json streams exactly the bytes of result(), at every indent") {
    const Indicators indicators = sample();
    const Value result = indicators.result();
    REQUIRE(result.find("projects")->as_array().size() == 4);
    for (int indent : {0, 1, 2}) {
        std::string streamed;
        StringSink sink(streamed, 7); // a tiny buffer: many small pieces
        indicators.write_json(sink, indent);
        sink.finish();
        CHECK(streamed == to_json(result, indent));
    }
}

TEST_CASE("indicators: with no project, write_json still writes an empty projects list") {
    const Indicators empty(as_of);
    std::string streamed;
    StringSink sink(streamed);
    empty.write_json(sink, 1);
    sink.finish();
    CHECK(streamed == to_json(empty.result(), 1));
    CHECK(streamed.find("\"projects\": []") != std::string::npos);
}

TEST_CASE("indicators: summary() is result() without the projects") {
    const Indicators indicators = sample();
    Value expected = indicators.result();
    Value summary = indicators.summary();
    CHECK(summary.find("projects") == nullptr);
    Value::Object members;
    for (auto& member : expected.as_object()) {
        if (member.key != "projects") {
            members.push_back(member);
        }
    }
    CHECK(to_json(summary) == to_json(Value(std::move(members))));
    CHECK(indicators_csv(summary) == indicators_csv(expected));
}

TEST_CASE("indicators: one write_json pass also gives summary() and each project, in order") {
    const Indicators indicators = sample();
    std::string streamed;
    StringSink sink(streamed);
    Value summary;
    Value projects = Value::array();
    indicators.write_json(sink, 1, summary, [&](const Value& project) { projects.push_back(project); });
    sink.finish();
    const Value result = indicators.result();
    CHECK(streamed == to_json(result, 1));
    CHECK(to_json(summary) == to_json(indicators.summary()));
    CHECK(to_json(projects) == to_json(*result.find("projects")));
    CHECK(projects.as_array().size() == 4);
}
