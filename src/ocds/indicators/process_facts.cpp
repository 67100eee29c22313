#include <ocds/indicators/process_facts.hpp>

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/core/string_formats.hpp>
#include <ocds/validate/checks.hpp>
#include <ocds/validate/profile.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace ocds {

namespace {

const Value* at(const Value* value, std::initializer_list<const char*> path) {
    for (const char* key : path) {
        if (!value || !value->is_object()) {
            return nullptr;
        }
        value = value->find(key);
    }
    return value;
}

const Value::Array& array_at(const Value* value, std::initializer_list<const char*> path) {
    static const Value::Array empty;
    const Value* found = at(value, path);
    return found && found->is_array() ? found->as_array() : empty;
}

std::string text_at(const Value* value, std::initializer_list<const char*> path) {
    const Value* found = at(value, path);
    if (found && found->is_string()) {
        return found->as_string();
    }
    if (found && found->is_number()) {
        return found->number_text(); // ids are sometimes numbers
    }
    return "";
}

std::optional<long double> number_at(const Value* value, std::initializer_list<const char*> path) {
    const Value* found = at(value, path);
    if (!found || !found->is_number()) {
        return std::nullopt;
    }
    return std::strtold(found->number_text().c_str(), nullptr);
}

/// An OCDS Value object ({amount, currency}); a missing currency is kept as "".
bool read_money(const Value* money, std::string& currency, long double& amount) {
    const std::optional<long double> found = number_at(money, {"amount"});
    if (!found) {
        return false;
    }
    amount = *found;
    currency = text_at(money, {"currency"});
    return true;
}

void add_money(Amounts& to, const Value* money) {
    std::string currency;
    long double amount = 0;
    if (read_money(money, currency, amount)) {
        to[currency] += amount;
    }
}

bool has_any(const Value* object, std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
        const Value* found = at(object, {key});
        if (found && !found->is_null()) {
            return true;
        }
    }
    return false;
}

void read_project(const Value& release, const Value& planning, ProcessFacts& facts) {
    const Value* pb = planning.find("participatoryBudget");
    facts.is_project = true;
    facts.planning_ocid = facts.ocid;
    facts.title = text_at(&planning, {"project", "title"});
    if (facts.title.empty()) {
        facts.title = text_at(&planning, {"budget", "project"});
    }
    facts.code = text_at(&planning, {"budget", "projectID"});
    facts.url = text_at(&planning, {"project", "uri"});
    facts.edition_id = text_at(pb, {"edition", "id"});
    facts.edition_name = text_at(pb, {"edition", "name"});
    if (const auto year = number_at(pb, {"edition", "year"})) {
        facts.edition_year = static_cast<std::int64_t>(*year);
    }
    facts.sector_id = text_at(pb, {"sector", "id"});
    facts.sector_name = text_at(pb, {"sector", "name"});
    if (facts.sector_id.empty()) {
        facts.sector_id = text_at(pb, {"heading", "sector"});
    }
    facts.heading_id = text_at(pb, {"heading", "id"});
    add_money(facts.envelope, at(pb, {"heading", "envelope"}));
    facts.size = text_at(pb, {"size"});
    facts.feasibility = text_at(pb, {"feasibility"});
    facts.unfeasibility_reason = text_at(pb, {"unfeasibilityExplanation"});
    if (const Value* finished = at(pb, {"valuationFinished"}); finished && finished->is_bool()) {
        facts.valuation_finished = finished->as_bool();
    }
    const Value* winner = at(pb, {"winner"});
    facts.winner = winner && winner->is_bool() && winner->as_bool();
    if (const auto percentage = number_at(pb, {"progress", "percentage"})) {
        facts.progress = static_cast<double>(*percentage);
    }
    add_money(facts.estimated, at(&planning, {"budget", "amount"}));
    for (const auto& location : array_at(&planning, {"project", "locations"})) {
        const auto& point = array_at(&location, {"geometry", "coordinates"});
        if (text_at(&location, {"geometry", "type"}) == "Point" && point.size() >= 2 && point[0].is_number() &&
            point[1].is_number()) {
            facts.longitude = std::strtod(point[0].number_text().c_str(), nullptr); // GeoJSON: [lng, lat]
            facts.latitude = std::strtod(point[1].number_text().c_str(), nullptr);
            break;
        }
    }
    for (const auto& milestone : array_at(&planning, {"milestones"})) {
        if (text_at(&milestone, {"code"}) == "finished") {
            facts.winners_announced = text_at(&milestone, {"dateMet"});
            if (facts.winners_announced.empty()) {
                facts.winners_announced = text_at(&milestone, {"dueDate"});
            }
        }
    }
    (void)release;
}

/// A date that `earlier(date, as_of)` or `earlier(as_of, date)` compares: on or after as-of,
/// it is when the facts may change (ProcessFacts::recheck_at).
void note_date_ahead(const std::string& date, const std::string& as_of, ProcessFacts& facts) {
    const auto seconds = seconds_of(date);
    const auto now = seconds_of(as_of);
    if (seconds && now && *seconds >= *now && (!facts.recheck_at || *seconds < *facts.recheck_at)) {
        facts.recheck_at = *seconds;
    }
}

void count_milestones(const Value::Array& milestones, const std::string& as_of, ProcessFacts& facts, bool& any_met) {
    for (const auto& milestone : milestones) {
        ++facts.milestones;
        const bool met = text_at(&milestone, {"status"}) == "met" || !text_at(&milestone, {"dateMet"}).empty();
        facts.milestones_met += met;
        any_met = any_met || met;
        if (met) {
            continue;
        }
        const std::string due = text_at(&milestone, {"dueDate"});
        if (earlier(due, as_of)) {
            ++facts.milestones_late;
        } else {
            note_date_ahead(due, as_of, facts);
        }
    }
}

void read_awards(const Value& release, ProcessFacts& facts) {
    for (const auto& award : array_at(&release, {"awards"})) {
        facts.has_awards = true;
        const std::string status = text_at(&award, {"status"});
        facts.awarded = facts.awarded || status == "active" || status == "pending";
        std::string currency;
        long double amount = 0;
        const bool valued = read_money(at(&award, {"value"}), currency, amount);
        facts.missing_award_value = facts.missing_award_value || !valued;
        facts.missing_award_date = facts.missing_award_date || text_at(&award, {"date"}).empty();
        const auto& suppliers = array_at(&award, {"suppliers"});
        facts.missing_supplier = facts.missing_supplier || suppliers.empty();
        if (status != "active" && !status.empty()) {
            continue; // pending, cancelled or unsuccessful awards are nobody's money yet
        }
        for (const auto& supplier : suppliers) {
            ProcessFacts::Supplier share;
            share.id = text_at(&supplier, {"id"});
            share.name = text_at(&supplier, {"name"});
            if (valued) {
                share.value[currency] = amount / static_cast<long double>(suppliers.size());
            }
            facts.suppliers.push_back(std::move(share));
        }
    }
}

void read_contracts(const Value& release, const std::string& as_of, ProcessFacts& facts) {
    std::size_t standing = 0, terminated = 0;
    for (const auto& contract : array_at(&release, {"contracts"})) {
        facts.has_contracts = true;
        const std::string status = text_at(&contract, {"status"});
        facts.missing_contract_period =
            facts.missing_contract_period || !has_any(at(&contract, {"period"}), {"startDate", "endDate"});
        bool any_met = false;
        count_milestones(array_at(&contract, {"milestones"}), as_of, facts, any_met);
        count_milestones(array_at(&contract, {"implementation", "milestones"}), as_of, facts, any_met);
        Amounts paid;
        for (const auto& transaction : array_at(&contract, {"implementation", "transactions"})) {
            const Value* value = at(&transaction, {"value"});
            add_money(paid, value ? value : at(&transaction, {"amount"})); // `amount` is 1.0's name
        }
        add_amounts(facts.paid, paid);
        if (status == "cancelled") {
            continue;
        }
        ++standing;
        terminated += status == "terminated";
        facts.contracted = true;
        add_money(facts.contract_value, at(&contract, {"value"}));
        const std::string signed_on = text_at(&contract, {"dateSigned"});
        if (!signed_on.empty() && (facts.first_signed.empty() || earlier(signed_on, facts.first_signed))) {
            facts.first_signed = signed_on;
        }
        const std::string start = text_at(&contract, {"period", "startDate"});
        const bool started = !start.empty() && !earlier(as_of, start);
        note_date_ahead(start, as_of, facts);
        facts.executing = facts.executing || (status == "active" && (!paid.empty() || any_met || started));
        if (array_at(&contract, {"amendments"}).empty()) {
            continue;
        }
        ++facts.amended_contracts;
        std::string contract_currency, award_currency;
        long double contract_amount = 0, award_amount = 0;
        if (!read_money(at(&contract, {"value"}), contract_currency, contract_amount)) {
            continue;
        }
        const std::string award_id = text_at(&contract, {"awardID"});
        for (const auto& award : array_at(&release, {"awards"})) {
            if (!award_id.empty() && text_at(&award, {"id"}) == award_id &&
                read_money(at(&award, {"value"}), award_currency, award_amount) &&
                award_currency == contract_currency && contract_amount > award_amount) {
                ++facts.raised_contracts;
                facts.increase[contract_currency] += contract_amount - award_amount;
            }
        }
    }
    facts.delivered = standing > 0 && terminated == standing;
}

void count_findings(const Value& release, const ValidationProfile& profile, ProcessFacts& facts) {
    std::string encoded;
    detail::encode(release, encoded);
    std::vector<Finding> findings;
    Place place;
    check_release(profile, detail::BinaryView(encoded.data()), place, findings);
    for (const auto& finding : findings) {
        facts.errors += finding.severity == Severity::error;
        facts.warnings += finding.severity == Severity::warning;
    }
}

} // namespace

ProcessFacts process_facts(const Value& release, const std::string& as_of, const ValidationProfile* profile,
                           ProcessFiles files) {
    ProcessFacts facts;
    facts.ocid = text_at(&release, {"ocid"});
    facts.files = std::move(files);
    const Value* planning = release.find("planning");
    facts.project_id = text_at(planning, {"project", "id"});
    if (planning && planning->is_object() && at(planning, {"participatoryBudget"}) &&
        at(planning, {"participatoryBudget"})->is_object()) {
        read_project(release, *planning, facts);
    }
    for (const auto& related : array_at(&release, {"relatedProcesses"})) {
        const auto& relationship = array_at(&related, {"relationship"});
        const bool to_planning = std::any_of(relationship.begin(), relationship.end(), [](const Value& code) {
            return code.is_string() && code.as_string() == "planning";
        });
        if (to_planning && text_at(&related, {"scheme"}) == "ocid" && facts.planning_ocid.empty()) {
            facts.planning_ocid = text_at(&related, {"identifier"});
        }
    }
    const Value* tender = release.find("tender");
    const bool has_tender = tender && tender->is_object();
    facts.is_contracting =
        has_tender || !array_at(&release, {"awards"}).empty() || !array_at(&release, {"contracts"}).empty();
    facts.missing_buyer = !has_any(release.find("buyer"), {"id", "name"});
    if (facts.is_contracting) {
        facts.process_title = text_at(&release, {"title"});
        if (facts.process_title.empty()) {
            facts.process_title = text_at(tender, {"title"});
        }
        facts.method = text_at(tender, {"procurementMethod"});
        facts.tender_status = text_at(tender, {"status"});
        if (const auto count = number_at(tender, {"numberOfTenderers"})) {
            facts.tenderers = static_cast<std::int64_t>(*count);
        } else if (const auto& tenderers = array_at(tender, {"tenderers"}); !tenderers.empty()) {
            facts.tenderers = static_cast<std::int64_t>(tenderers.size());
        }
        facts.missing_tender_value = !number_at(tender, {"value", "amount"});
        facts.missing_tender_period = !has_any(at(tender, {"tenderPeriod"}), {"startDate", "endDate"});
        read_awards(release, facts);
        read_contracts(release, as_of, facts);
        const bool failed = facts.tender_status == "cancelled" || facts.tender_status == "unsuccessful" ||
                            facts.tender_status == "withdrawn" || (facts.has_contracts && !facts.contracted);
        facts.cancelled = failed && !facts.contracted;
    }
    if (profile) {
        count_findings(release, *profile, facts);
    }
    return facts;
}

void add_amounts(Amounts& to, const Amounts& from) {
    for (const auto& [currency, amount] : from) {
        to[currency] += amount;
    }
}

std::optional<std::int64_t> seconds_of(const std::string& date) {
    Instant instant;
    if (date.empty() || !is_date_time(date, &instant)) {
        return std::nullopt;
    }
    return instant.seconds;
}

bool earlier(const std::string& date, const std::string& than) {
    const auto a = seconds_of(date);
    const auto b = seconds_of(than);
    return a && b && *a < *b;
}

bool facts_hold(const ProcessFacts& facts, const std::string& read_for, const std::string& as_of) {
    const auto then = seconds_of(read_for);
    const auto now = seconds_of(as_of);
    return then && now && *then <= *now && (!facts.recheck_at || *now < *facts.recheck_at);
}

void ProjectLookup::add(const std::string& ocid, const std::string& project_id, std::uint32_t index) {
    m_by_ocid.emplace(ocid, index);
    m_by_id.emplace(project_id, index);
}

std::optional<std::uint32_t> ProjectLookup::find(const std::string& planning_ocid,
                                                 const std::string& project_id) const {
    if (auto by_ocid = find_by_ocid(planning_ocid)) {
        return by_ocid;
    }
    if (auto by_id = m_by_id.find(project_id); !project_id.empty() && by_id != m_by_id.end()) {
        return by_id->second;
    }
    return std::nullopt;
}

std::optional<std::uint32_t> ProjectLookup::find_by_ocid(const std::string& ocid) const {
    auto found = m_by_ocid.find(ocid);
    return found == m_by_ocid.end() ? std::nullopt : std::optional<std::uint32_t>(found->second);
}

} // namespace ocds
