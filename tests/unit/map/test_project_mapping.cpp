// One budget-project record into the OCDS releases of its processes (budget-project-record.md):
// the planning process and one contracting process per procurement[] element, with amounts kept
// as written, every party a reference names, and no identifier a supplier asked to withhold.

#include <doctest/doctest.h>

#include "map/san_pedro.hpp"

#include <ocds/core/json_writer.hpp>
#include <ocds/map/budget_record.hpp>
#include <ocds/map/project_mapping.hpp>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using ocds::Value;

const Value& at(const Value& value, std::initializer_list<const char*> keys) {
    const Value* current = &value;
    for (const char* key : keys) {
        current = current->find(key);
        REQUIRE_MESSAGE(current != nullptr, key);
    }
    return *current;
}

std::string text_at(const Value& value, std::initializer_list<const char*> keys) {
    const Value& found = at(value, keys);
    REQUIRE(found.is_string());
    return found.as_string();
}

/// Every OrganizationReference of a release (an object under one of these keys), with the role
/// the party must have for it.
void each_reference(const Value& release, const std::function<void(const Value&, const std::string&)>& visit) {
    static const std::map<std::string, std::string> roles = {
        {"buyer", "buyer"},        {"procuringEntity", "procuringEntity"},
        {"tenderers", "tenderer"}, {"suppliers", "supplier"},
        {"payer", "payer"},        {"payee", "payee"},
        {"sourceParty", ""}};
    std::function<void(const Value&)> walk = [&](const Value& value) {
        if (value.is_array()) {
            for (const auto& element : value.as_array()) {
                walk(element);
            }
        } else if (value.is_object()) {
            for (const auto& member : value.as_object()) {
                const auto role = roles.find(member.key);
                if (role != roles.end() && member.value.is_object()) {
                    visit(member.value, role->second);
                } else if (role != roles.end() && member.value.is_array()) {
                    for (const auto& reference : member.value.as_array()) {
                        visit(reference, role->second);
                    }
                } else {
                    walk(member.value);
                }
            }
        }
    };
    walk(release);
}

/// Checks what holds for every record: ocids, links both ways, references that resolve to the
/// parties with their roles, amounts as written.
void check_mapping(const Value& record, const ocds::MappingConfig& config) {
    const std::string project_id = text_at(record, {"project", "id"});
    const Value* procurement = record.find("procurement");
    const std::size_t processes = procurement && procurement->is_array() ? procurement->as_array().size() : 0;
    const auto mapped = ocds::map_project(record, config);
    REQUIRE(mapped.size() == 1 + processes);
    const Value& planning = mapped[0];
    CHECK(text_at(planning, {"ocid"}) == config.ocid_prefix + "-pb-" + project_id);
    CHECK(text_at(planning, {"planning", "project", "id"}) == project_id);
    if (const Value* cost = at(record, {"assessment"}).find("estimated_cost"); cost && !cost->is_null()) {
        CHECK(at(planning, {"planning", "budget", "amount", "amount"}).number_text() ==
              at(*cost, {"amount"}).number_text());
    }
    std::set<std::string> linked;
    if (const Value* related = planning.find("relatedProcesses")) {
        for (const auto& entry : related->as_array()) {
            CHECK(text_at(entry, {"scheme"}) == "ocid");
            CHECK(at(entry, {"relationship"}).as_array() == Value::Array{Value("contractingProcess")});
            linked.insert(text_at(entry, {"identifier"}));
        }
    }
    CHECK(linked.size() == processes);
    for (std::size_t i = 0; i < processes; ++i) {
        const Value& input = procurement->as_array()[i];
        const Value& release = mapped[i + 1];
        const std::string ocid = text_at(release, {"ocid"});
        CAPTURE(ocid);
        CHECK(ocid == config.ocid_prefix + "-pb-" + project_id + "-" + text_at(input, {"process_id"}));
        CHECK(linked.count(ocid) == 1);
        const Value& back = at(release, {"relatedProcesses"}).as_array().at(0);
        CHECK(text_at(back, {"identifier"}) == text_at(planning, {"ocid"}));
        CHECK(at(back, {"relationship"}).as_array() == Value::Array{Value("planning")});
        CHECK(text_at(release, {"planning", "project", "id"}) == project_id);
        // Amounts: the text of the record's numbers, unchanged.
        if (const Value* tender = input.find("tender");
            tender && tender->find("value") && !tender->find("value")->is_null()) {
            CHECK(at(release, {"tender", "value", "amount"}).number_text() ==
                  at(*tender, {"value", "amount"}).number_text());
        }
        const Value* awards = input.find("awards");
        const std::size_t award_count = awards && awards->is_array() ? awards->as_array().size() : 0;
        std::set<std::string> award_ids;
        for (std::size_t a = 0; a < award_count; ++a) {
            const Value& mapped_award = at(release, {"awards"}).as_array().at(a);
            CHECK(text_at(mapped_award, {"id"}) == text_at(awards->as_array()[a], {"id"}));
            award_ids.insert(text_at(mapped_award, {"id"}));
        }
        // Empty lists are left out of the release (OCDS asks to omit empty fields).
        if (const Value* contracts = input.find("contracts");
            contracts && contracts->is_array() && !contracts->as_array().empty()) {
            REQUIRE(at(release, {"contracts"}).as_array().size() == contracts->as_array().size());
            for (std::size_t c = 0; c < contracts->as_array().size(); ++c) {
                const Value& given = contracts->as_array()[c];
                const Value& contract = at(release, {"contracts"}).as_array()[c];
                CHECK(award_ids.count(text_at(contract, {"awardID"})) == 1);
                const Value* payments = given.find("payments");
                const std::size_t payment_count = payments && payments->is_array() ? payments->as_array().size() : 0;
                const Value* implementation = contract.find("implementation");
                const Value* transactions = implementation ? implementation->find("transactions") : nullptr;
                REQUIRE((transactions ? transactions->as_array().size() : 0) == payment_count);
                for (std::size_t p = 0; p < payment_count; ++p) {
                    CHECK(at(transactions->as_array()[p], {"value", "amount"}).number_text() ==
                          at(payments->as_array()[p], {"value", "amount"}).number_text());
                    CHECK(text_at(transactions->as_array()[p], {"id"}) == text_at(payments->as_array()[p], {"id"}));
                }
            }
        }
    }
    // Every reference names a party of the same release, which has the reference's role; the
    // municipality is the buyer of every process.
    for (const auto& release : mapped) {
        CAPTURE(text_at(release, {"ocid"}));
        CHECK(text_at(release, {"buyer", "id"}) == config.buyer.id);
        std::map<std::string, std::set<std::string>> parties;
        for (const auto& party : at(release, {"parties"}).as_array()) {
            const std::string id = text_at(party, {"id"});
            CHECK_MESSAGE(parties.count(id) == 0, id); // each party once
            for (const auto& role : at(party, {"roles"}).as_array()) {
                parties[id].insert(role.as_string());
            }
        }
        each_reference(release, [&](const Value& reference, const std::string& role) {
            const std::string id = text_at(reference, {"id"});
            CAPTURE(id);
            REQUIRE(parties.count(id) == 1);
            if (!role.empty()) {
                CHECK(parties[id].count(role) == 1);
            }
        });
    }
    // The identifiers of suppliers who withhold theirs appear nowhere.
    if (const Value* list = record.find("parties"); list && list->is_array()) {
        std::string all;
        for (const auto& release : mapped) {
            all += ocds::to_json(release);
        }
        for (const auto& party : list->as_array()) {
            const Value* publish = party.find("publish_identifier");
            if (publish && publish->is_bool() && !publish->as_bool()) {
                for (const char* key : {"rfc", "legal_name"}) {
                    if (const Value* withheld = party.find(key); withheld && withheld->is_string()) {
                        CHECK_MESSAGE(all.find(withheld->as_string()) == std::string::npos, withheld->as_string());
                    }
                }
            }
        }
    }
}

const char* hand_made = R"({"record_version":"1",
  "project":{"id":"501","code":"2024-501","title":"Cancha de usos múltiples","description":"Techar la cancha.",
             "url":"https://decide.sanpedro.gob.mx/budgets/12/investments/501","created_at":"2024-03-01T10:00:00-06:00"},
  "budget":{"id":"12","name":"Presupuesto Participativo 2024","year":2024,"phase":"balloting",
            "phases":[{"kind":"accepting","starts_at":"2024-03-01","ends_at":"2024-04-16"},
                      {"kind":"valuating","starts_at":"2024-05-01T00:00:00-06:00","ends_at":"2024-06-30T23:59:59-06:00"},
                      {"kind":"balloting","starts_at":"2024-08-01T00:00:00-06:00","ends_at":"2024-08-31T23:59:59-06:00"},
                      {"kind":"finished","starts_at":"2024-10-01T00:00:00-06:00"}],
            "group":{"id":"1","name":"Sectores"},
            "heading":{"id":"3","name":"Sector K3","envelope":{"amount":12500000,"currency":"MXN"}}},
  "assessment":{"feasibility":"feasible","valuation_finished":true,
                "estimated_cost":{"amount":1234567.50,"currency":"MXN"}},
  "participation":{"supports":{"online":1200,"offline":34,"total":1234},"selected":true},
  "procurement":[{"process_id":"LP-01","title":"Techado",
    "tender":{"status":"complete","method":"open","method_details":"Licitación pública","category":"works",
              "value":{"amount":1200000.00,"currency":"MXN"},"tenderer_ids":["P1","P2"],
              "items":[{"id":"1","description":"Techumbre","quantity":1,"unit":"obra",
                        "classification":{"scheme":"CUCOP","id":"62201","description":"Obra"}}]},
    "awards":[{"id":"A1","status":"active","date":"2024-06-01","value":{"amount":1150000.10,"currency":"MXN"},
               "supplier_ids":["P2"]}],
    "contracts":[{"id":"C1","award_id":"A1","status":"active","date_signed":"2024-06-10",
                  "value":{"amount":1150000.10,"currency":"MXN"},
                  "payments":[{"id":"9f1c2d4e-0000-4000-8000-000000000001","date":"2024-07-01",
                               "value":{"amount":575000.05,"currency":"MXN"},"payee_id":"P2"}],
                  "milestones":[{"id":"m1","title":"Entrega","type":"delivery","due_date":"2024-09-30","status":"scheduled"}]}]}],
  "parties":[{"id":"P1","name":"Constructora Uno","rfc":"CUN010101AB1","legal_name":"Constructora Uno SA de CV"},
             {"id":"P2","name":"Herrería El Obispo","rfc":"GAVE820917JK4","legal_name":"Ernesto García Vela",
              "publish_identifier":false}]})";

} // namespace

TEST_CASE("project mapping: every example record maps to linked processes whose references resolve") {
    const ocds::MappingConfig config = test::san_pedro();
    std::size_t records = 0;
    std::size_t contracting = 0;
    for (const char* file : {"export-1.jsonl", "export-2.jsonl"}) {
        for (const auto& record : test::read_records(test::san_pedro_examples + file)) {
            CAPTURE(text_at(record, {"project", "id"}));
            check_mapping(record, config);
            ++records;
            const Value* procurement = record.find("procurement");
            contracting += procurement && procurement->is_array() ? procurement->as_array().size() : 0;
        }
    }
    CHECK(records > 150);
    CHECK(contracting > 40); // the examples have processes at every stage
}

TEST_CASE("project mapping: the planning process of one record") {
    const ocds::MappingConfig config = test::san_pedro();
    const Value record = test::json(hand_made);
    const ocds::RecordChecker checker(OCDS_SCHEMAS_DIR, {{config.buyer.id, config.procuring_entity.id}}, true);
    const auto problems = checker.check(record);
    REQUIRE_MESSAGE(problems.empty(), (problems.empty() ? "" : problems[0].pointer + ": " + problems[0].message));
    check_mapping(record, config);
    const auto mapped = ocds::map_project(record, config);
    const Value& planning = mapped.at(0);
    CHECK(text_at(planning, {"initiationType"}) == "tender");
    const Value& budget = at(planning, {"planning", "budget"});
    CHECK(text_at(budget, {"id"}) == "12-3");                              // the edition and its heading
    CHECK(at(budget, {"amount", "amount"}).number_text() == "1234567.50"); // as written, not 1234567.5
    CHECK(text_at(budget, {"amount", "currency"}) == "MXN");
    CHECK(text_at(budget, {"projectID"}) == "2024-501");
    // The heading's envelope is the pot, not the project's cost: it is said in words only.
    const std::string description = text_at(budget, {"description"});
    CHECK(description.find("Sectores / Sector K3") != std::string::npos);
    CHECK(description.find("$12,500,000 MXN") != std::string::npos);
    CHECK(at(planning, {"planning", "project", "totalValue", "amount"}).number_text() == "1234567.50");
    const std::string rationale = text_at(planning, {"planning", "rationale"});
    CHECK(rationale.find("viable") != std::string::npos);
    CHECK(rationale.find("1,234") != std::string::npos); // the supports, in words
    CHECK(at(planning, {"planning", "participatoryBudget", "supports", "total"}).number_text() == "1234");

    // Edition phases become milestones; those before the current phase (balloting) are met.
    const std::vector<std::string> order = {"accepting", "valuating", "balloting", "finished"};
    const auto& milestones = at(planning, {"planning", "milestones"}).as_array();
    REQUIRE(milestones.size() == order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        CAPTURE(order[i]);
        CHECK(text_at(milestones[i], {"code"}) == order[i]);
        CHECK(text_at(milestones[i], {"id"}) == "12-" + order[i]);
        const bool met = i < 2;
        CHECK(text_at(milestones[i], {"status"}) == (met ? "met" : "scheduled"));
        CHECK((milestones[i].find("dateMet") != nullptr) == met);
    }
    CHECK(text_at(milestones[0], {"type"}) == "engagement");
    CHECK(text_at(milestones[1], {"type"}) == "assessment");
    CHECK(text_at(milestones[3], {"type"}) == "approval");
    // A bare date is local midnight in the configured zone (Monterrey: UTC-6 all year since 2022).
    CHECK(text_at(milestones[0], {"dueDate"}) == "2024-04-16T00:00:00-06:00");
    CHECK(text_at(milestones[1], {"dueDate"}) == "2024-06-30T23:59:59-06:00"); // a date-time keeps its offset

    // Mapping again gives the same value (the store's change detection relies on it).
    CHECK(ocds::to_json(ocds::map_project(record, config).at(0)) == ocds::to_json(planning));
}

TEST_CASE("project mapping: a contracting process: tender, award, contract, payments, milestones, parties") {
    const ocds::MappingConfig config = test::san_pedro();
    const auto mapped = ocds::map_project(test::json(hand_made), config);
    REQUIRE(mapped.size() == 2);
    const Value& release = mapped[1];
    CHECK(text_at(release, {"ocid"}) == ocds::contracting_ocid(config, "501", "LP-01"));
    CHECK(text_at(release, {"ocid"}) == ocds::planning_ocid(config, "501") + "-LP-01");
    const Value& tender = at(release, {"tender"});
    CHECK(text_at(tender, {"id"}) == "LP-01"); // no tender id: the process's
    CHECK(text_at(tender, {"title"}) == "Techado");
    CHECK(text_at(tender, {"procurementMethod"}) == "open");
    CHECK(text_at(tender, {"procurementMethodDetails"}) == "Licitación pública");
    CHECK(text_at(tender, {"mainProcurementCategory"}) == "works");
    CHECK(text_at(tender, {"procuringEntity", "id"}) == config.procuring_entity.id);
    CHECK(at(tender, {"value", "amount"}).number_text() == "1200000.00");
    CHECK(text_at(at(tender, {"items"}).as_array().at(0), {"classification", "scheme"}) == "CUCOP");
    CHECK(at(tender, {"tenderers"}).as_array().size() == 2);

    const Value& award = at(release, {"awards"}).as_array().at(0);
    CHECK(at(award, {"value", "amount"}).number_text() == "1150000.10");
    CHECK(text_at(award, {"date"}) == "2024-06-01T00:00:00-06:00");
    const Value& contract = at(release, {"contracts"}).as_array().at(0);
    CHECK(text_at(contract, {"awardID"}) == "A1");
    CHECK(text_at(contract, {"dateSigned"}) == "2024-06-10T00:00:00-06:00");
    const Value& payment = at(contract, {"implementation", "transactions"}).as_array().at(0);
    CHECK(at(payment, {"value", "amount"}).number_text() == "575000.05");
    CHECK(text_at(payment, {"payer", "id"}) == config.buyer.id); // no payer given: the municipality
    const Value& milestone = at(contract, {"implementation", "milestones"}).as_array().at(0);
    CHECK(text_at(milestone, {"type"}) == "delivery");
    CHECK(text_at(milestone, {"dueDate"}) == "2024-09-30T00:00:00-06:00");

    // Parties: the municipality, its procurement unit, then the record's parties in their order,
    // each with the roles it has in this process.
    std::vector<std::string> ids;
    std::map<std::string, Value> parties;
    for (const auto& party : at(release, {"parties"}).as_array()) {
        ids.push_back(text_at(party, {"id"}));
        parties[ids.back()] = party;
    }
    const std::string withheld_id = text_at(at(award, {"suppliers"}).as_array().at(0), {"id"});
    REQUIRE(ids.size() == 4);
    CHECK(ids[0] == config.buyer.id);
    CHECK(ids[1] == config.procuring_entity.id);
    CHECK(ids[2] == "MX-RFC-CUN010101AB1");
    CHECK(ids[3] == withheld_id);
    CHECK(text_at(parties[ids[2]], {"identifier", "scheme"}) == "MX-RFC");
    CHECK(text_at(parties[ids[2]], {"identifier", "id"}) == "CUN010101AB1");
    CHECK(text_at(parties[ids[2]], {"identifier", "legalName"}) == "Constructora Uno SA de CV");
    CHECK(at(parties[ids[2]], {"roles"}).as_array() == Value::Array{Value("tenderer")});
    CHECK(at(parties[ids[3]], {"roles"}).as_array() ==
          Value::Array{Value("tenderer"), Value("supplier"), Value("payee")});
    CHECK(text_at(payment, {"payee", "id"}) == withheld_id);
}

TEST_CASE("project mapping: no personal data: a withheld RFC appears nowhere, citizens' data is refused") {
    const ocds::MappingConfig config = test::san_pedro();
    const Value record = test::json(hand_made);
    const auto mapped = ocds::map_project(record, config);
    std::string all;
    for (const auto& release : mapped) {
        all += ocds::to_json(release);
    }
    CHECK(all.find("GAVE820917JK4") == std::string::npos);
    CHECK(all.find("Ernesto García Vela") == std::string::npos); // a natural person's legal name is their name
    CHECK(all.find("Herrería El Obispo") != std::string::npos);  // the trade name is published
    const Value& supplier = mapped.at(1).find("parties")->as_array().at(3);
    CHECK(supplier.find("identifier") == nullptr);
    CHECK(text_at(supplier, {"id"}).find("P2") != std::string::npos); // the record's id, not the RFC

    // A supplier's contact may be a person: read, never published (canaries in every field).
    Value with_contact = record;
    for (auto& party : with_contact.find("parties")->as_array()) {
        Value contact = Value::object();
        contact.set("name", Value("Canario Persona de Contacto"));
        contact.set("email", Value("canario.persona@example.org"));
        contact.set("telephone", Value("+52 81 0000 0001"));
        party.set("contact", std::move(contact));
    }
    std::string with_contact_text;
    for (const auto& release : ocds::map_project(with_contact, config)) {
        with_contact_text += ocds::to_json(release);
        for (const auto& party : release.find("parties")->as_array()) {
            const std::string& id = party.find("id")->as_string();
            if (id != config.buyer.id && id != config.procuring_entity.id) {
                CHECK_MESSAGE(party.find("contactPoint") == nullptr, id);
            }
        }
    }
    for (const char* canary : {"Canario", "canario.persona", "0000 0001"}) {
        CHECK_MESSAGE(with_contact_text.find(canary) == std::string::npos, canary);
    }

    // A record carrying a citizen's data is refused before mapping: the format has no such field.
    const ocds::RecordChecker checker(OCDS_SCHEMAS_DIR, {{config.buyer.id, config.procuring_entity.id}}, true);
    for (const auto& planted :
         std::vector<std::pair<std::string, std::string>>{{"project", "author"}, {"participation", "voters"}}) {
        // Named copies, not a structured binding: clang 14 (the sanitizer build) refuses one in CHECK_MESSAGE.
        const std::string& where = planted.first;
        const std::string& field = planted.second;
        Value with = record;
        Value* object = with.find(where);
        REQUIRE(object != nullptr);
        object->set(field, Value("María Pérez"));
        const auto problems = checker.check(with);
        REQUIRE_FALSE(problems.empty());
        bool named = false;
        for (const auto& problem : problems) {
            named = named || problem.pointer.find("/" + where) == 0;
        }
        CHECK_MESSAGE(named, (where + "/" + field));
    }
}
