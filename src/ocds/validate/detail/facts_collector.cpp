#include <ocds/validate/detail/facts_collector.hpp>

#include <ocds/core/detail/binary.hpp>

#include <algorithm>
#include <functional>

namespace ocds::detail {

namespace {

constexpr std::size_t tags_listed = 100;
/// Amounts are added up to 1e24 (in millionths, 1e30): far beyond any budget, and room in 128
/// bits for 1e8 of them.
const Micros micros_limit = static_cast<Micros>(1000000000000000LL) * 1000000000000000LL;

std::uint64_t mix(std::uint64_t value) {
    // splitmix64's finaliser: spreads ids that differ in one character over the whole key.
    value += 0x9E3779B97F4A7C15ull;
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ull;
    value = (value ^ (value >> 27)) * 0x94D049BB133111EBull;
    return value ^ (value >> 31);
}

std::uint64_t text_hash(std::string_view text) {
    return static_cast<std::uint64_t>(std::hash<std::string_view>()(text));
}

bool text_of(BinaryView object, std::string_view key, std::string_view& out) {
    BinaryView found;
    if (object.find(key, found) && (found.is_string() || found.is_number())) {
        out = found.text();
        return true;
    }
    return false;
}

/// `value` of a tender, award or contract: its amount and currency, when both are there.
void value_of(BinaryView object, ReleaseFacts::Staged& staged) {
    BinaryView value, amount, currency;
    if (object.find("value", value) && value.is_object() && value.find("amount", amount) && amount.is_number() &&
        value.find("currency", currency) && currency.is_string() && !currency.text().empty()) {
        staged.valued = parse_micros(amount.text(), staged.amount);
        staged.currency = std::string(currency.text());
    }
}

void release_facts(BinaryView release, bool counts_release, bool values, std::vector<ReleaseFacts>& out) {
    if (!release.is_object()) {
        return;
    }
    ReleaseFacts& facts = out.emplace_back();
    facts.counts_release = counts_release;
    std::string_view date;
    if (text_of(release, "date", date) && is_date_time(date, &facts.instant)) {
        facts.dated = true;
        facts.date = std::string(date);
    }
    BinaryView tag;
    if (counts_release && release.find("tag", tag)) {
        if (tag.is_string()) {
            facts.tags.emplace_back(tag.text());
        } else if (tag.is_array()) {
            tag.for_each_item([&](std::size_t, BinaryView item) {
                if (item.is_string()) {
                    facts.tags.emplace_back(item.text());
                }
            });
        }
    }
    std::string_view ocid;
    if (!values || !text_of(release, "ocid", ocid)) {
        return;
    }
    const std::uint64_t ocid_hash = text_hash(ocid);
    BinaryView tender;
    if (release.find("tender", tender) && tender.is_object() && tender.size() > 0) {
        ReleaseFacts::Staged& staged = facts.staged.emplace_back();
        staged.stage = 0;
        staged.key = mix(ocid_hash);
        value_of(tender, staged);
    }
    const char* names[] = {"awards", "contracts"};
    for (int stage = 1; stage <= 2; ++stage) {
        BinaryView list;
        if (!release.find(names[stage - 1], list) || !list.is_array()) {
            continue;
        }
        list.for_each_item([&](std::size_t, BinaryView object) {
            std::string_view id;
            if (!object.is_object() || !text_of(object, "id", id)) {
                return; // the Data Review Tool counts awards and contracts by (id, ocid)
            }
            ReleaseFacts::Staged& staged = facts.staged.emplace_back();
            staged.stage = stage;
            staged.key = mix(mix(ocid_hash + static_cast<std::uint64_t>(stage)) ^ text_hash(id));
            value_of(object, staged);
        });
    }
}

} // namespace

bool parse_micros(std::string_view text, Micros& out) {
    std::size_t at = 0;
    const bool negative = at < text.size() && text[at] == '-';
    at += negative;
    std::string digits; // every significant digit, and where the decimal point falls in them
    long point = -1;
    for (; at < text.size() && ((text[at] >= '0' && text[at] <= '9') || text[at] == '.'); ++at) {
        if (text[at] == '.') {
            point = static_cast<long>(digits.size());
        } else {
            digits += text[at];
        }
    }
    if (point < 0) {
        point = static_cast<long>(digits.size());
    }
    long exponent = 0;
    if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
        try {
            exponent = std::stol(std::string(text.substr(at + 1)));
        } catch (...) {
            return false;
        }
        if (exponent > 40 || exponent < -40) {
            return exponent < 0 ? (out = 0, true) : false;
        }
    }
    point += exponent + 6; // in millionths
    Micros value = 0;
    for (long i = 0; i < point; ++i) {
        const int digit = i < static_cast<long>(digits.size()) ? digits[static_cast<std::size_t>(i)] - '0' : 0;
        if (value > micros_limit) {
            return false;
        }
        value = value * 10 + digit;
    }
    // Round half away from zero at the seventh decimal place.
    if (point >= 0 && point < static_cast<long>(digits.size()) && digits[static_cast<std::size_t>(point)] >= '5') {
        value += 1;
    }
    if (value > micros_limit) {
        return false;
    }
    out = negative ? -value : value;
    return true;
}

std::string micros_text(Micros value) {
    const bool negative = value < 0;
    if (negative) {
        value = -value;
    }
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
        value /= 10;
    } while (value > 0);
    while (digits.size() < 7) {
        digits.insert(digits.begin(), '0');
    }
    std::string whole = digits.substr(0, digits.size() - 6), fraction = digits.substr(digits.size() - 6);
    while (!fraction.empty() && fraction.back() == '0') {
        fraction.pop_back();
    }
    std::string text = (negative ? "-" : "") + whole;
    if (!fraction.empty()) {
        text += '.' + fraction;
    }
    return text == "-0" ? "0" : text;
}

void extract_facts(BinaryView item, Kind kind, std::vector<ReleaseFacts>& out) {
    if (!item.is_object()) {
        return;
    }
    if (kind == Kind::release || kind == Kind::compiled_release) {
        release_facts(item, true, true, out);
        return;
    }
    if (kind != Kind::record) {
        return;
    }
    BinaryView compiled, releases;
    const bool has_compiled = item.find("compiledRelease", compiled) && compiled.is_object();
    if (item.find("releases", releases) && releases.is_array()) {
        releases.for_each_item([&](std::size_t, BinaryView release) {
            BinaryView url;
            const bool linked = release.is_object() && release.find("url", url);
            release_facts(release, true, !has_compiled && !linked, out);
        });
    }
    if (has_compiled) {
        release_facts(compiled, false, true, out);
    }
}

void FactsCollector::add_package(const Value& metadata) {
    if (const Value* publisher = metadata.find("publisher"); publisher && publisher->is_object()) {
        if (const std::string* name = publisher->find_string("name"); name && !name->empty()) {
            m_facts.publishers.add(*name);
        }
    }
    if (const std::string* license = metadata.find_string("license"); license && !license->empty()) {
        m_facts.licenses.add(*license);
    }
    if (const std::string* policy = metadata.find_string("publicationPolicy"); policy && !policy->empty()) {
        m_facts.publication_policies.add(*policy);
    }
    Instant instant;
    if (const std::string* published = metadata.find_string("publishedDate");
        published && is_date_time(*published, &instant)) {
        add_date(m_facts.published, m_first_published, m_last_published, *published, instant);
    }
}

void FactsCollector::add_date(PublicationFacts::DateRange& range, Instant& first, Instant& last,
                              const std::string& text, const Instant& instant) {
    if (range.count == 0 || instant < first) {
        first = instant;
        range.first = text;
    }
    if (range.count == 0 || last < instant) {
        last = instant;
        range.last = text;
    }
    ++range.count;
}

std::uint16_t FactsCollector::currency_index(const std::string& currency) {
    const auto found = std::find(m_currencies.begin(), m_currencies.end(), currency);
    if (found != m_currencies.end()) {
        return static_cast<std::uint16_t>(found - m_currencies.begin());
    }
    if (m_currencies.size() >= 1000) { // a publisher writing anything in `currency`
        return 0xFFFF;
    }
    m_currencies.push_back(currency);
    return static_cast<std::uint16_t>(m_currencies.size() - 1);
}

void FactsCollector::add(const ReleaseFacts& release) {
    if (release.counts_release) {
        if (release.dated) {
            add_date(m_facts.release_dates, m_first_release, m_last_release, release.date, release.instant);
        }
        for (const auto& tag : release.tags) {
            auto found = m_facts.tags.find(tag);
            if (found != m_facts.tags.end()) {
                ++found->second;
            } else if (m_facts.tags.size() < tags_listed) {
                m_facts.tags.emplace(tag, 1);
            } else {
                ++m_facts.other_tags;
            }
        }
    }
    for (const auto& staged : release.staged) {
        Latest candidate;
        candidate.instant = release.instant;
        candidate.dated = release.dated;
        candidate.stage = static_cast<std::uint8_t>(staged.stage);
        candidate.valued = staged.valued;
        if (staged.valued) {
            candidate.currency = currency_index(staged.currency);
            candidate.valued = candidate.currency != 0xFFFF;
            candidate.amount = staged.amount;
        }
        auto [entry, inserted] = m_latest.emplace(staged.key, candidate);
        if (inserted) {
            continue;
        }
        Latest& held = entry->second;
        // The latest release by date gives the value; undated releases come before dated ones, and
        // between equal dates the later in the input wins, as in merging.
        const bool later = !held.dated || (candidate.dated && !(candidate.instant < held.instant));
        if (later && candidate.valued) {
            held = candidate;
        } else if (later) {
            held.instant = candidate.instant;
            held.dated = candidate.dated;
        }
    }
}

void FactsCollector::finish(PublicationFacts& facts) {
    std::map<std::string, Micros> sums[3];
    PublicationFacts::Stage* stages[3] = {&m_facts.tenders, &m_facts.awards, &m_facts.contracts};
    for (auto* stage : stages) {
        *stage = PublicationFacts::Stage{};
    }
    for (const auto& [key, latest] : m_latest) {
        PublicationFacts::Stage& stage = *stages[latest.stage];
        ++stage.count;
        if (latest.valued) {
            sums[latest.stage][m_currencies[latest.currency]] += latest.amount;
        } else {
            ++stage.without_value;
        }
    }
    for (int i = 0; i < 3; ++i) {
        for (const auto& [currency, sum] : sums[i]) {
            stages[i]->values[currency] = micros_text(sum);
        }
    }
    facts = m_facts;
}

} // namespace ocds::detail
