#include <ocds/map/project_mapping.hpp>

#include <ocds/core/string_formats.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace ocds {

namespace {

// --- Building values that leave out what is unknown -------------------------------------------

bool is_empty(const Value& value) {
    return value.is_null() || (value.is_string() && value.as_string().empty()) ||
           (value.is_object() && value.as_object().empty()) || (value.is_array() && value.as_array().empty());
}

/// Sets `key` unless `value` is unknown or empty: OCDS asks to omit such fields, and a field the
/// mapper emitted empty would look like a change when the store compiles it away.
void put(Value& object, const char* key, Value value) {
    if (!is_empty(value)) {
        object.set(key, std::move(value));
    }
}

/// The member `key` of `object`, or nullptr when absent or null.
const Value* get(const Value* object, std::string_view key) {
    if (object == nullptr || !object->is_object()) {
        return nullptr;
    }
    const Value* found = object->find(key);
    return found == nullptr || found->is_null() ? nullptr : found;
}

Value copy(const Value* value) {
    return value ? *value : Value();
}

std::string text(const Value* value) {
    return value && value->is_string() ? value->as_string() : std::string();
}

bool flag(const Value* object, std::string_view key) {
    const Value* value = get(object, key);
    return value && value->is_bool() && value->as_bool();
}

Value array_of(std::vector<Value> values) {
    Value array = Value::array();
    for (auto& value : values) {
        if (!is_empty(value)) {
            array.push_back(std::move(value));
        }
    }
    return array;
}

/// "1,234,567.5" for a number as written: for sentences, not data.
std::string grouped(const std::string& number) {
    const auto dot = number.find_first_of(".eE");
    std::string whole = number.substr(0, dot);
    std::string out;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0 && whole[i - 1] != '-') {
            out += ',';
        }
        out += whole[i];
    }
    return out + (dot == std::string::npos ? "" : number.substr(dot));
}

// --- The mapping ----------------------------------------------------------------------------

const std::vector<std::string>& phase_kinds() {
    static const std::vector<std::string> kinds = {"drafting",          "informing", "accepting",         "reviewing",
                                                   "selecting",         "valuating", "publishing_prices", "balloting",
                                                   "reviewing_ballots", "finished"};
    return kinds;
}

/// The edition phases that are milestones of a planning process, with their Spanish names.
const std::map<std::string, std::pair<const char*, const char*>>& phase_milestones() {
    static const std::map<std::string, std::pair<const char*, const char*>> phases = {
        {"accepting", {"engagement", "Presentación de propuestas ciudadanas"}},
        {"reviewing", {"engagement", "Revisión de propuestas"}},
        {"selecting", {"engagement", "Apoyos ciudadanos a las propuestas"}},
        {"valuating", {"assessment", "Evaluación de factibilidad técnica, económica y jurídica"}},
        {"balloting", {"engagement", "Votación final"}},
        {"finished", {"approval", "Declaración de proyectos ganadores"}},
    };
    return phases;
}

std::ptrdiff_t phase_index(const std::string& kind) {
    const auto& kinds = phase_kinds();
    const auto found = std::find(kinds.begin(), kinds.end(), kind);
    return found == kinds.end() ? -1 : found - kinds.begin();
}

/// Platform wordings that say, beyond doubt, that the work is done.
bool wording_means_done(std::string wording) {
    std::transform(wording.begin(), wording.end(), wording.begin(), [](unsigned char c) { return std::tolower(c); });
    return wording == "ejecutado" || wording == "terminado" || wording == "entregado" || wording == "concluido";
}

class ProjectMapper {
public:
    ProjectMapper(const Value& record, const MappingConfig& config) : m_record(record), m_config(config) {
        m_project = get(&record, "project");
        m_budget = get(&record, "budget");
        m_currency = text(get(m_budget, "currency"));
        if (m_currency.empty()) {
            m_currency = config.currency;
        }
        if (const Value* parties = get(&record, "parties")) {
            for (const auto& party : parties->as_array()) {
                m_parties[text(party.find("id"))] = &party;
            }
        }
    }

    std::vector<Value> map() {
        std::vector<Value> processes;
        processes.push_back(planning_process());
        if (const Value* list = get(&m_record, "procurement")) {
            for (const auto& process : list->as_array()) {
                processes.push_back(contracting_process(process));
            }
        }
        return processes;
    }

private:
    // Dates: bare dates become local midnight in the configured zone (the checker made sure
    // there is one); date-times keep their own offset.
    Value date(const Value* value) const {
        if (value == nullptr || !value->is_string()) {
            return Value();
        }
        const std::string& given = value->as_string();
        if (!is_date(given) || !m_config.time_zone) {
            return Value(given);
        }
        const std::int64_t days = days_from_civil(std::stoi(given.substr(0, 4)), std::stoi(given.substr(5, 2)),
                                                  std::stoi(given.substr(8, 2)));
        return Value(given + "T00:00:00" + format_offset(m_config.time_zone->offset_of_local(days * 86400)));
    }

    Value money(const Value* value) const {
        const Value* amount = get(value, "amount");
        if (amount == nullptr) {
            return Value();
        }
        std::string currency = text(get(value, "currency"));
        Value result = Value::object();
        result.set("amount", *amount);
        result.set("currency", Value(currency.empty() ? m_currency : currency));
        return result;
    }

    Value period(const Value* value) const {
        Value result = Value::object();
        put(result, "startDate", date(get(value, "start")));
        put(result, "endDate", date(get(value, "end")));
        return result;
    }

    Value reference(const std::string& id, const std::string& name) const {
        Value result = Value::object();
        result.set("id", Value(id));
        put(result, "name", Value(name));
        return result;
    }

    Value buyer_reference() const { return reference(m_config.buyer.id, m_config.buyer.name); }

    /// A reference to a party by the id the record uses for it.
    Value party_reference(const std::string& record_id) const {
        if (record_id == m_config.buyer.id) {
            return buyer_reference();
        }
        if (record_id == m_config.procuring_entity.id) {
            return reference(m_config.procuring_entity.id, m_config.procuring_entity.name);
        }
        const Value* party = m_parties.at(record_id);
        return reference(party_id(*party), text(party->find("name")));
    }

    /// "MX-RFC-<rfc>" when the RFC is published, else an id that does not reveal it.
    std::string party_id(const Value& party) const {
        const std::string rfc = text(get(&party, "rfc"));
        const Value* publish = get(&party, "publish_identifier");
        if (!rfc.empty() && !(publish && !publish->as_bool())) {
            return "MX-RFC-" + rfc;
        }
        return m_config.ocid_prefix + "-party-" + text(party.find("id"));
    }

    Value municipal_party(const MunicipalOrganization& organization, const std::vector<const char*>& roles) const {
        Value party = Value::object();
        party.set("id", Value(organization.id));
        party.set("name", Value(organization.name));
        if (!organization.rfc.empty()) {
            Value identifier = Value::object();
            identifier.set("scheme", Value("MX-RFC"));
            identifier.set("id", Value(organization.rfc));
            put(identifier, "legalName", Value(organization.legal_name));
            party.set("identifier", std::move(identifier));
        }
        Value address = Value::object();
        put(address, "streetAddress", Value(organization.street_address));
        put(address, "locality", Value(organization.locality));
        put(address, "region", Value(organization.region));
        put(address, "postalCode", Value(organization.postal_code));
        put(address, "countryName", Value(organization.country));
        put(party, "address", std::move(address));
        Value contact = Value::object();
        put(contact, "name", Value(organization.contact_name));
        put(contact, "email", Value(organization.contact_email));
        put(contact, "telephone", Value(organization.contact_telephone));
        put(contact, "url", Value(organization.contact_url));
        put(party, "contactPoint", std::move(contact));
        Value role_list = Value::array();
        for (const char* role : roles) {
            role_list.push_back(Value(role));
        }
        party.set("roles", std::move(role_list));
        return party;
    }

    Value record_party(const Value& party, const std::vector<std::string>& roles) const {
        Value result = Value::object();
        result.set("id", Value(party_id(party)));
        result.set("name", copy(get(&party, "name")));
        const Value* publish = get(&party, "publish_identifier");
        if (const Value* rfc = get(&party, "rfc"); rfc && !(publish && !publish->as_bool())) {
            Value identifier = Value::object();
            identifier.set("scheme", Value("MX-RFC"));
            identifier.set("id", *rfc);
            put(identifier, "legalName", copy(get(&party, "legal_name")));
            result.set("identifier", std::move(identifier));
        }
        const Value* address = get(&party, "address");
        Value mapped_address = Value::object();
        put(mapped_address, "streetAddress", copy(get(address, "street")));
        put(mapped_address, "locality", copy(get(address, "locality")));
        put(mapped_address, "region", copy(get(address, "region")));
        put(mapped_address, "postalCode", copy(get(address, "postal_code")));
        put(mapped_address, "countryName", copy(get(address, "country")));
        put(result, "address", std::move(mapped_address));
        // No contactPoint: a supplier's `contact` may name a person (the format cannot tell an
        // office from a salesman), and no contact person leaves the municipality. The city's own
        // offices' contact points come from the configuration.
        Value role_list = Value::array();
        for (const auto& role : roles) {
            role_list.push_back(Value(role));
        }
        put(result, "roles", std::move(role_list));
        return result;
    }

    Value documents(const Value* list) const {
        Value result = Value::array();
        if (list == nullptr) {
            return result;
        }
        for (const auto& document : list->as_array()) {
            Value mapped = Value::object();
            mapped.set("id", copy(get(&document, "id")));
            put(mapped, "documentType", copy(get(&document, "type")));
            put(mapped, "title", copy(get(&document, "title")));
            put(mapped, "url", copy(get(&document, "url")));
            put(mapped, "datePublished", date(get(&document, "date")));
            put(mapped, "format", copy(get(&document, "format")));
            put(mapped, "language", Value(m_config.language));
            result.push_back(std::move(mapped));
        }
        return result;
    }

    Value location() const {
        const Value* location = get(&m_record, "location");
        Value result = Value::object();
        put(result, "description", copy(get(location, "description")));
        if (const Value* point = get(location, "point")) {
            Value geometry = Value::object();
            geometry.set("type", Value("Point"));
            Value coordinates = Value::array(); // GeoJSON order: longitude, latitude
            coordinates.push_back(*point->find("lng"));
            coordinates.push_back(*point->find("lat"));
            geometry.set("coordinates", std::move(coordinates));
            result.set("geometry", std::move(geometry));
        }
        return result;
    }

    std::string planning_id() const { return planning_ocid(m_config, text(get(m_project, "id"))); }

    /// The edition and heading; the edition alone for a project without a heading (CONSUL's
    /// editions 11 and later do not ask for one).
    std::string budget_id() const {
        const Value* heading = get(m_budget, "heading");
        return text(get(m_budget, "id")) + (heading ? "-" + text(get(heading, "id")) : std::string());
    }

    std::string budget_description() const {
        const Value* heading = get(m_budget, "heading");
        std::string description = text(get(m_budget, "name"));
        const std::string group = text(get(get(m_budget, "group"), "name"));
        const std::string heading_name = text(get(heading, "name"));
        if (!group.empty() || !heading_name.empty()) {
            description += ", " + group + (group.empty() || heading_name.empty() ? "" : " / ") + heading_name;
        }
        if (const Value* envelope = get(heading, "envelope"); envelope && get(envelope, "amount")) {
            description += ". Bolsa del rubro: $" + grouped(get(envelope, "amount")->number_text()) + " " +
                           (text(get(envelope, "currency")).empty() ? m_currency : text(get(envelope, "currency"))) +
                           "; el monto es el costo estimado de este proyecto, no la bolsa";
        }
        return description + ".";
    }

    // --- The planning process -----------------------------------------------------------------

    Value planning_process() const {
        Value release = Value::object();
        release.set("ocid", Value(planning_id()));
        release.set("initiationType", Value("tender"));
        release.set("language", Value(m_config.language));
        Value parties = Value::array();
        parties.push_back(municipal_party(m_config.buyer, {"buyer", "payer"}));
        release.set("parties", std::move(parties));
        release.set("buyer", buyer_reference());
        release.set("planning", planning());
        Value related = Value::array();
        if (const Value* list = get(&m_record, "procurement")) {
            for (const auto& process : list->as_array()) {
                Value entry = Value::object();
                entry.set("id", copy(get(&process, "process_id")));
                Value relationship = Value::array();
                relationship.push_back(Value("contractingProcess"));
                entry.set("relationship", std::move(relationship));
                put(entry, "title", copy(get(&process, "title")));
                entry.set("scheme", Value("ocid"));
                entry.set("identifier", Value(contracting_ocid(m_config, text(get(m_project, "id")),
                                                               text(get(&process, "process_id")))));
                related.push_back(std::move(entry));
            }
        }
        put(release, "relatedProcesses", std::move(related));
        return release;
    }

    Value planning() const {
        const Value* assessment = get(&m_record, "assessment");
        Value planning = Value::object();
        put(planning, "rationale", Value(rationale()));
        Value budget = Value::object();
        budget.set("id", Value(budget_id()));
        budget.set("description", Value(budget_description()));
        put(budget, "amount", money(get(assessment, "estimated_cost")));
        put(budget, "project", copy(get(m_project, "title")));
        put(budget, "projectID",
            Value(text(get(m_project, "code")).empty() ? text(get(m_project, "id")) : text(get(m_project, "code"))));
        put(budget, "uri", copy(get(m_project, "url")));
        if (Value first_year = money(get(assessment, "first_year_cost")); !first_year.is_null()) {
            Value line = Value::object();
            line.set("id", Value("primer-anio"));
            line.set("description", Value("Costo del primer año de ejecución"));
            line.set("amount", std::move(first_year));
            line.set("sourceParty", buyer_reference());
            Value breakdown = Value::array();
            breakdown.push_back(std::move(line));
            budget.set("budgetBreakdown", std::move(breakdown));
        }
        planning.set("budget", std::move(budget));
        Value project = Value::object();
        project.set("id", copy(get(m_project, "id")));
        put(project, "title", copy(get(m_project, "title")));
        put(project, "description", copy(get(m_project, "description")));
        put(project, "totalValue", money(get(assessment, "estimated_cost")));
        put(project, "uri", copy(get(m_project, "url")));
        put(project, "locations", array_of({location()}));
        planning.set("project", std::move(project));
        put(planning, "milestones", planning_milestones());
        put(planning, "documents", documents(get(&m_record, "documents")));
        put(planning, "participatoryBudget", participatory_budget());
        return planning;
    }

    std::string rationale() const {
        const Value* assessment = get(&m_record, "assessment");
        const Value* participation = get(&m_record, "participation");
        std::string out = "Propuesta ciudadana del " + text(get(m_budget, "name")) + ".";
        const std::string feasibility = text(get(assessment, "feasibility"));
        out += feasibility == "feasible"     ? " Factibilidad: viable"
               : feasibility == "unfeasible" ? " Factibilidad: inviable"
                                             : " Factibilidad: sin decidir";
        out += flag(assessment, "valuation_finished") ? " (evaluación concluida)." : " (evaluación en curso).";
        if (const Value* why = get(assessment, "unfeasibility_explanation")) {
            out += " Motivo: " + why->as_string();
            if (out.back() != '.') {
                out += '.';
            }
        }
        auto votes = [&](const char* key, const char* what) {
            if (const Value* total = get(get(participation, key), "total")) {
                out += std::string(" ") + what + ": " + grouped(total->number_text()) + ".";
            }
        };
        votes("supports", "Apoyos ciudadanos");
        votes("ballots", "Votos en la votación final");
        if (flag(participation, "incompatible")) {
            out += " Declarado incompatible.";
        } else if (flag(participation, "winner")) {
            out += " Proyecto ganador.";
        } else if (flag(participation, "draw")) {
            out += " Empatado en el corte de ganadores, en deliberación.";
        } else if (flag(participation, "selected")) {
            out += " Seleccionado para la votación final.";
        }
        return out;
    }

    Value planning_milestones() const {
        Value milestones = Value::array();
        const std::ptrdiff_t current = phase_index(text(get(m_budget, "phase")));
        if (const Value* phases = get(m_budget, "phases")) {
            for (const auto& phase : phases->as_array()) {
                const std::string kind = text(phase.find("kind"));
                const auto known = phase_milestones().find(kind);
                if (known == phase_milestones().end()) {
                    continue;
                }
                Value milestone = Value::object();
                milestone.set("id", Value(text(get(m_budget, "id")) + "-" + kind));
                milestone.set("title", Value(known->second.second));
                milestone.set("type", Value(known->second.first));
                milestone.set("code", Value(kind));
                const bool is_finished = kind == "finished";
                put(milestone, "dueDate", date(get(&phase, is_finished ? "starts_at" : "ends_at")));
                if (current >= 0) {
                    // Phases before the current one are over; "finished" is met once reached.
                    const std::ptrdiff_t index = phase_index(kind);
                    const bool met = index < current || (is_finished && index == current);
                    milestone.set("status", Value(met ? "met" : "scheduled"));
                    if (met) {
                        put(milestone, "dateMet", date(get(&phase, is_finished ? "starts_at" : "ends_at")));
                    }
                }
                milestones.push_back(std::move(milestone));
            }
        }
        if (const Value* platform = get(&m_record, "milestones")) {
            for (const auto& entry : platform->as_array()) {
                Value milestone = Value::object();
                milestone.set("id", Value("avance-" + text(entry.find("id"))));
                put(milestone, "title", copy(get(&entry, "title")));
                put(milestone, "description", copy(get(&entry, "description")));
                milestone.set("type", Value("reporting"));
                put(milestone, "dateModified", date(get(&entry, "date")));
                const std::string wording = text(get(&entry, "status"));
                put(milestone, "statusDetails", Value(wording));
                if (wording_means_done(wording)) {
                    milestone.set("status", Value("met"));
                    put(milestone, "dateMet", date(get(&entry, "date")));
                }
                milestones.push_back(std::move(milestone));
            }
        }
        return milestones;
    }

    static Value votes(const Value* counts) {
        Value result = Value::object();
        put(result, "online", copy(get(counts, "online")));
        put(result, "offline", copy(get(counts, "offline")));
        put(result, "total", copy(get(counts, "total")));
        return result;
    }

    static Value id_and_name(const Value* object, const char* id_key = "id") {
        Value result = Value::object();
        put(result, "id", copy(get(object, id_key)));
        put(result, "name", copy(get(object, "name")));
        return result;
    }

    Value participatory_budget() const {
        const Value* assessment = get(&m_record, "assessment");
        const Value* participation = get(&m_record, "participation");
        const Value* territory = get(&m_record, "territory");
        Value result = Value::object();
        Value edition = Value::object();
        put(edition, "id", copy(get(m_budget, "id")));
        put(edition, "name", copy(get(m_budget, "name")));
        put(edition, "year", copy(get(m_budget, "year")));
        put(edition, "phase", copy(get(m_budget, "phase")));
        result.set("edition", std::move(edition));
        put(result, "group", id_and_name(get(m_budget, "group")));
        const Value* heading = get(m_budget, "heading");
        Value mapped_heading = id_and_name(heading);
        put(mapped_heading, "sector", copy(get(heading, "sector")));
        put(mapped_heading, "envelope", money(get(heading, "envelope")));
        put(result, "heading", std::move(mapped_heading));
        put(result, "sector", id_and_name(get(territory, "sector"), "code"));
        put(result, "neighbourhood", id_and_name(get(territory, "neighbourhood")));
        put(result, "size", copy(get(m_project, "size")));
        put(result, "categories", copy(get(m_project, "categories")));
        put(result, "feasibility", copy(get(assessment, "feasibility")));
        put(result, "valuationFinished", copy(get(assessment, "valuation_finished")));
        put(result, "unfeasibilityExplanation", copy(get(assessment, "unfeasibility_explanation")));
        put(result, "costExplanation", copy(get(assessment, "cost_explanation")));
        put(result, "duration", copy(get(assessment, "duration_text")));
        put(result, "supports", votes(get(participation, "supports")));
        put(result, "ballots", votes(get(participation, "ballots")));
        for (const char* key : {"selected", "winner", "incompatible", "draw"}) {
            put(result, key, copy(get(participation, key)));
        }
        const Value* progress = get(&m_record, "progress");
        Value mapped_progress = Value::object();
        put(mapped_progress, "percentage", copy(get(progress, "percentage")));
        put(mapped_progress, "asOf", date(get(progress, "as_of")));
        put(result, "progress", std::move(mapped_progress));
        put(result, "locationPrecision", copy(get(get(&m_record, "location"), "precision")));
        return result;
    }

    // --- A contracting process ----------------------------------------------------------------

    Value contracting_process(const Value& process) const {
        const std::string project_id = text(get(m_project, "id"));
        const std::string process_id = text(get(&process, "process_id"));
        const Value* tender = get(&process, "tender");
        Value release = Value::object();
        release.set("ocid", Value(contracting_ocid(m_config, project_id, process_id)));
        release.set("initiationType", Value("tender"));
        release.set("language", Value(m_config.language));
        release.set("parties", contracting_parties(process));
        release.set("buyer", buyer_reference());
        Value planning = Value::object();
        Value budget = Value::object();
        budget.set("id", Value(budget_id()));
        budget.set("description", Value(budget_description()));
        put(budget, "project", copy(get(m_project, "title")));
        put(budget, "projectID",
            Value(text(get(m_project, "code")).empty() ? project_id : text(get(m_project, "code"))));
        planning.set("budget", std::move(budget));
        Value project = Value::object();
        project.set("id", Value(project_id));
        put(project, "title", copy(get(m_project, "title")));
        put(project, "uri", copy(get(m_project, "url")));
        planning.set("project", std::move(project));
        release.set("planning", std::move(planning));
        put(release, "tender", this->tender(process, tender));
        Value awards = Value::array();
        if (const Value* list = get(&process, "awards")) {
            for (const auto& award : list->as_array()) {
                awards.push_back(this->award(award));
            }
        }
        put(release, "awards", std::move(awards));
        Value contracts = Value::array();
        if (const Value* list = get(&process, "contracts")) {
            for (const auto& contract : list->as_array()) {
                contracts.push_back(this->contract(contract));
            }
        }
        put(release, "contracts", std::move(contracts));
        Value related = Value::array();
        Value entry = Value::object();
        entry.set("id", Value("planeacion"));
        Value relationship = Value::array();
        relationship.push_back(Value("planning"));
        entry.set("relationship", std::move(relationship));
        put(entry, "title", copy(get(m_project, "title")));
        entry.set("scheme", Value("ocid"));
        entry.set("identifier", Value(planning_id()));
        related.push_back(std::move(entry));
        release.set("relatedProcesses", std::move(related));
        return release;
    }

    /// The municipality, its procurement unit, and every party this process refers to, with the
    /// roles it has in this process.
    Value contracting_parties(const Value& process) const {
        std::map<std::string, std::set<std::string>> roles; // record id → roles
        std::vector<std::string> order;
        auto add = [&](const Value* id, const char* role) {
            if (id && id->is_string()) {
                if (!roles.count(id->as_string())) {
                    order.push_back(id->as_string());
                }
                roles[id->as_string()].insert(role);
            }
        };
        if (const Value* ids = get(get(&process, "tender"), "tenderer_ids")) {
            for (const auto& id : ids->as_array()) {
                add(&id, "tenderer");
            }
        }
        if (const Value* awards = get(&process, "awards")) {
            for (const auto& award : awards->as_array()) {
                if (const Value* ids = get(&award, "supplier_ids")) {
                    for (const auto& id : ids->as_array()) {
                        add(&id, "supplier");
                    }
                }
            }
        }
        if (const Value* contracts = get(&process, "contracts")) {
            for (const auto& contract : contracts->as_array()) {
                if (const Value* payments = get(&contract, "payments")) {
                    for (const auto& payment : payments->as_array()) {
                        add(get(&payment, "payee_id"), "payee");
                        add(get(&payment, "payer_id"), "payer");
                    }
                }
            }
        }
        Value parties = Value::array();
        parties.push_back(municipal_party(m_config.buyer, {"buyer", "payer"}));
        parties.push_back(municipal_party(m_config.procuring_entity, {"procuringEntity"}));
        static const std::vector<std::string> role_order = {"tenderer", "supplier", "payee", "payer"};
        // Input order, so that a party's place does not move when another one is added.
        if (const Value* list = get(&m_record, "parties")) {
            for (const auto& party : list->as_array()) {
                const auto found = roles.find(text(party.find("id")));
                if (found == roles.end()) {
                    continue;
                }
                std::vector<std::string> ordered;
                for (const auto& role : role_order) {
                    if (found->second.count(role)) {
                        ordered.push_back(role);
                    }
                }
                parties.push_back(record_party(party, ordered));
            }
        }
        return parties;
    }

    Value tender(const Value& process, const Value* tender) const {
        Value result = Value::object();
        if (tender == nullptr) {
            return result;
        }
        result.set(
            "id", Value(text(get(tender, "id")).empty() ? text(get(&process, "process_id")) : text(get(tender, "id"))));
        std::string title = text(get(tender, "title"));
        if (title.empty()) {
            title = text(get(&process, "title"));
        }
        put(result, "title", Value(title.empty() ? text(get(m_project, "title")) : title));
        put(result, "description", copy(get(tender, "description")));
        put(result, "status", copy(get(tender, "status")));
        result.set("procuringEntity", reference(m_config.procuring_entity.id, m_config.procuring_entity.name));
        Value items = Value::array();
        if (const Value* list = get(tender, "items")) {
            for (const auto& item : list->as_array()) {
                items.push_back(this->item(item));
            }
        }
        put(result, "items", std::move(items));
        put(result, "value", money(get(tender, "value")));
        put(result, "procurementMethod", copy(get(tender, "method")));
        put(result, "procurementMethodDetails", copy(get(tender, "method_details")));
        put(result, "mainProcurementCategory", copy(get(tender, "category")));
        put(result, "tenderPeriod", period(get(tender, "period")));
        put(result, "numberOfTenderers", copy(get(tender, "number_of_tenderers")));
        Value tenderers = Value::array();
        if (const Value* ids = get(tender, "tenderer_ids")) {
            for (const auto& id : ids->as_array()) {
                tenderers.push_back(party_reference(id.as_string()));
            }
        }
        put(result, "tenderers", std::move(tenderers));
        put(result, "documents", documents(get(tender, "documents")));
        return result;
    }

    Value item(const Value& item) const {
        Value result = Value::object();
        result.set("id", copy(get(&item, "id")));
        put(result, "description", copy(get(&item, "description")));
        if (const Value* classification = get(&item, "classification")) {
            Value mapped = Value::object();
            mapped.set("scheme", copy(get(classification, "scheme")));
            mapped.set("id", copy(get(classification, "id")));
            put(mapped, "description", copy(get(classification, "description")));
            result.set("classification", std::move(mapped));
        }
        put(result, "quantity", copy(get(&item, "quantity")));
        Value unit = Value::object();
        put(unit, "name", copy(get(&item, "unit")));
        put(unit, "value", money(get(&item, "unit_value")));
        put(result, "unit", std::move(unit));
        put(result, "deliveryLocations", array_of({location()}));
        return result;
    }

    Value award(const Value& award) const {
        Value result = Value::object();
        result.set("id", copy(get(&award, "id")));
        put(result, "title", copy(get(&award, "title")));
        put(result, "status", copy(get(&award, "status")));
        put(result, "date", date(get(&award, "date")));
        put(result, "value", money(get(&award, "value")));
        Value suppliers = Value::array();
        if (const Value* ids = get(&award, "supplier_ids")) {
            for (const auto& id : ids->as_array()) {
                suppliers.push_back(party_reference(id.as_string()));
            }
        }
        put(result, "suppliers", std::move(suppliers));
        put(result, "documents", documents(get(&award, "documents")));
        return result;
    }

    Value contract(const Value& contract) const {
        Value result = Value::object();
        result.set("id", copy(get(&contract, "id")));
        result.set("awardID", copy(get(&contract, "award_id")));
        put(result, "title", copy(get(&contract, "title")));
        put(result, "status", copy(get(&contract, "status")));
        put(result, "period", period(get(&contract, "period")));
        put(result, "value", money(get(&contract, "value")));
        put(result, "dateSigned", date(get(&contract, "date_signed")));
        put(result, "documents", documents(get(&contract, "documents")));
        Value amendments = Value::array();
        if (const Value* list = get(&contract, "amendments")) {
            for (const auto& amendment : list->as_array()) {
                Value mapped = Value::object();
                mapped.set("id", copy(get(&amendment, "id")));
                put(mapped, "date", date(get(&amendment, "date")));
                put(mapped, "rationale", copy(get(&amendment, "rationale")));
                amendments.push_back(std::move(mapped));
            }
        }
        put(result, "amendments", std::move(amendments));
        Value implementation = Value::object();
        Value transactions = Value::array();
        if (const Value* list = get(&contract, "payments")) {
            for (const auto& payment : list->as_array()) {
                Value mapped = Value::object();
                mapped.set("id", copy(get(&payment, "id")));
                mapped.set("source", Value(m_config.base_uri));
                put(mapped, "date", date(get(&payment, "date")));
                put(mapped, "value", money(get(&payment, "value")));
                const std::string payer = text(get(&payment, "payer_id"));
                mapped.set("payer", party_reference(payer.empty() ? m_config.buyer.id : payer));
                if (const Value* payee = get(&payment, "payee_id")) {
                    mapped.set("payee", party_reference(payee->as_string()));
                }
                put(mapped, "uri", copy(get(&payment, "uri")));
                transactions.push_back(std::move(mapped));
            }
        }
        put(implementation, "transactions", std::move(transactions));
        Value milestones = Value::array();
        if (const Value* list = get(&contract, "milestones")) {
            for (const auto& milestone : list->as_array()) {
                Value mapped = Value::object();
                mapped.set("id", copy(get(&milestone, "id")));
                put(mapped, "title", copy(get(&milestone, "title")));
                put(mapped, "type", copy(get(&milestone, "type")));
                put(mapped, "dueDate", date(get(&milestone, "due_date")));
                put(mapped, "dateMet", date(get(&milestone, "date_met")));
                put(mapped, "status", copy(get(&milestone, "status")));
                put(mapped, "progressPercentage", copy(get(&milestone, "progress_percentage")));
                milestones.push_back(std::move(mapped));
            }
        }
        put(implementation, "milestones", std::move(milestones));
        put(result, "implementation", std::move(implementation));
        return result;
    }

    const Value& m_record;
    const MappingConfig& m_config;
    const Value* m_project = nullptr;
    const Value* m_budget = nullptr;
    std::string m_currency;
    std::map<std::string, const Value*> m_parties;
};

} // namespace

std::string MappingConfig::extension_url() const {
    std::string base = base_uri;
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base + "/extensions/participatory_budget/extension.json";
}

std::vector<std::string> mapping_extensions(const MappingConfig& config) {
    const std::string official = "https://raw.githubusercontent.com/open-contracting-extensions/";
    return {
        official + "ocds_project_extension/master/extension.json",
        official + "ocds_location_extension/master/extension.json",
        official + "ocds_budget_breakdown_extension/master/extension.json",
        config.extension_url(),
    };
}

std::string planning_ocid(const MappingConfig& config, const std::string& project_id) {
    return config.ocid_prefix + "-pb-" + project_id;
}

std::string contracting_ocid(const MappingConfig& config, const std::string& project_id,
                             const std::string& process_id) {
    return planning_ocid(config, project_id) + "-" + process_id;
}

std::vector<Value> map_project(const Value& record, const MappingConfig& config) {
    return ProjectMapper(record, config).map();
}

} // namespace ocds
