#include <ocds/validate/checks.hpp>

#include <ocds/core/compare.hpp>
#include <ocds/core/detail/binary.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/core/string_formats.hpp>

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace ocds {

using detail::BinaryView;

namespace {

constexpr std::size_t value_limit = 200;

bool is_index(std::string_view token) {
    return !token.empty() && token.find_first_not_of("0123456789") == std::string_view::npos;
}

/// Whitespace as Python's str.isspace() sees it, which the Data Review Tool's empty-field check
/// strips: ASCII and Unicode spaces (no-break, em, ideographic...) alike.
bool is_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/// Empty, or only whitespace (the text is valid UTF-8: the reader checked it).
bool is_blank(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t c = length == 1 ? lead : lead & (0xFF >> (length + 1));
        for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
            c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        if (!is_space(c)) {
            return false;
        }
        i += length;
    }
    return true;
}

/// A language tag as OCDS's patternProperties allow after `field_` (BCP 47, loosely).
bool is_language_tag(std::string_view tag) {
    std::size_t letters = 0;
    while (letters < tag.size() &&
           ((tag[letters] >= 'a' && tag[letters] <= 'z') || (tag[letters] >= 'A' && tag[letters] <= 'Z'))) {
        ++letters;
    }
    if (letters < 2 || letters > 8) {
        return false;
    }
    for (std::size_t i = letters; i < tag.size(); ++i) {
        const char c = tag[i];
        if (!(c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            return false;
        }
    }
    return tag.back() != '-';
}

void render(BinaryView value, std::string& out, std::size_t limit) {
    if (out.size() > limit) {
        return;
    }
    switch (value.type()) {
    case Value::Type::null: out += "null"; break;
    case Value::Type::boolean: out += *value.data() == detail::true_tag ? "true" : "false"; break;
    case Value::Type::number: out += value.text(); break;
    case Value::Type::string: {
        out += '"';
        for (const char c : value.text()) {
            if (out.size() > limit) {
                return;
            }
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[(c >> 4) & 0xf];
                out += hex[c & 0xf];
            } else {
                out += c;
            }
        }
        out += '"';
        break;
    }
    case Value::Type::array: {
        out += '[';
        bool first = true;
        value.for_each_item([&](std::size_t, BinaryView item) {
            if (!first) {
                out += ',';
            }
            first = false;
            render(item, out, limit);
        });
        out += ']';
        break;
    }
    case Value::Type::object: {
        out += '{';
        bool first = true;
        value.for_each_member([&](std::string_view key, BinaryView member) {
            if (out.size() > limit) {
                return;
            }
            if (!first) {
                out += ',';
            }
            first = false;
            out += '"';
            out += key;
            out += "\":";
            render(member, out, limit);
        });
        out += '}';
        break;
    }
    }
}

/// The value at `pointer` under `root`; false when there is none.
bool view_at(BinaryView root, std::string_view pointer, BinaryView& found) {
    found = root;
    for (const auto& token : pointer_tokens(pointer)) {
        if (found.is_object()) {
            if (!found.find(token, found)) {
                return false;
            }
        } else if (found.is_array() && is_index(token)) {
            const auto index = std::stoul(token);
            if (index >= found.size()) {
                return false;
            }
            BinaryView item = found.first_item();
            for (std::size_t i = 0; i < index; ++i) {
                item = BinaryView(item.end());
            }
            found = item;
        } else {
            return false;
        }
    }
    return true;
}

bool member_string(BinaryView object, std::string_view key, std::string& out) {
    BinaryView found;
    if (object.find(key, found) && (found.is_string() || found.is_number())) {
        out = std::string(found.text());
        return true;
    }
    return false;
}

/// Collects findings about one item, with paths relative to its place in the input.
class Checker {
public:
    Checker(const ValidationProfile& profile, const Place& place, std::vector<Finding>& findings)
        : m_profile(profile), m_place(place), m_findings(findings) {}

    Finding& add(Severity severity, const char* check, const char* keyword, const std::string& pointer,
                 std::string message) {
        Finding& finding = m_findings.emplace_back();
        finding.severity = severity;
        finding.check = check;
        finding.keyword = keyword;
        finding.path = m_place.pointer + pointer;
        finding.field = field_of(finding.path);
        finding.message = std::move(message);
        finding.line = m_place.line;
        finding.document = m_place.document;
        return finding;
    }

    Finding& add(Severity severity, const char* check, const char* keyword, const std::string& pointer,
                 std::string message, BinaryView value) {
        Finding& finding = add(severity, check, keyword, pointer, std::move(message));
        finding.value = render_json(value, value_limit, finding.truncated);
        return finding;
    }

    /// JSON Schema, with our own wording for the keywords OCDS uses.
    void schema(ValidationProfile::Shape shape, BinaryView value, const std::string& pointer) {
        const SchemaNode& root = m_profile.node(shape);
        for (const auto& violation : m_profile.violations(shape, value)) {
            BinaryView at;
            const bool present = view_at(value, violation.pointer, at);
            const SchemaNode* node = node_at(root, violation.pointer);
            std::string message;
            if (violation.keyword == "required") {
                Finding& finding = add(Severity::error, "schema", "required", pointer + violation.pointer,
                                       "'" + violation.property + "' is missing but required");
                finding.field += (finding.field.empty() ? "" : "/") + violation.property;
                continue;
            }
            if (violation.keyword == "type") {
                message = "expected " + (node && !node->types.empty() ? node->types : std::string("another type")) +
                          ", found " + (present ? type_name(at.type()) : "nothing");
                if (present && at.is_number() && node && node->types.find("integer") != std::string::npos) {
                    message += " that is not an integer";
                }
            } else if (violation.keyword == "minItems") {
                message = "the array has too few items (" +
                          violation.detail.substr(violation.detail.find("no fewer than") + 14);
                message.erase(message.find(" elements"));
                message += " at least)";
            } else if (violation.keyword == "minLength") {
                message = present && at.is_string() && at.text().empty() ? "must not be an empty string"
                                                                         : "the string is too short";
            } else if (violation.keyword == "pattern") {
                message = "does not match the pattern " + (node ? node->pattern : std::string("of the schema"));
            } else if (violation.keyword == "enum") {
                message = node && !node->enum_text.empty() ? "is not one of: " + node->enum_text
                                                           : "is not one of the values the schema allows";
            } else if (violation.keyword == "minProperties") {
                message = "the object has too few fields";
            } else {
                message = violation.detail;
            }
            if (present) {
                add(Severity::error, "schema", violation.keyword.c_str(), pointer + violation.pointer, message, at);
            } else {
                add(Severity::error, "schema", violation.keyword.c_str(), pointer + violation.pointer, message);
            }
        }
    }

    /// The OCDS checks beyond JSON Schema, over `value` described by `node`. Where the schema no
    /// longer describes the data (inside an additional field: `node` is null), only empty fields
    /// are looked for; where an object stands for an array of objects or the other way round,
    /// fields, codelists and deprecations are still checked against the schema's fields, as the
    /// Data Review Tool reads paths without array indexes, but not formats, which JSON Schema
    /// never reaches there.
    void walk(BinaryView value, const SchemaNode* node, std::string& pointer) {
        switch (value.type()) {
        case Value::Type::string:
            if (is_blank(value.text())) {
                add(Severity::warning, "empty-field", "empty", pointer,
                    value.text().empty() ? "the string is empty" : "the string holds only whitespace", value);
            }
            if (node && !node->codelist.empty() && !value.text().empty()) {
                code(value, *node, pointer);
            }
            if (node && m_schema_reaches) {
                format(value, node->format, pointer);
            }
            break;
        case Value::Type::array: walk_array(value, node, pointer); break;
        case Value::Type::object: walk_object(value, node, pointer); break;
        default:
            // A number or true where a code belongs is a code missing from the codelist, as the
            // Data Review Tool reads it; 0, false and null, like "", are left to other checks.
            if (node && !node->codelist.empty() && !is_falsy(value)) {
                code(value, *node, pointer);
            }
            break;
        }
    }

    /// Walks `value` with `node` for the fields of something the schema gives another type.
    void walk_mismatched(BinaryView value, const SchemaNode* node, std::string& pointer) {
        const bool reaches = m_schema_reaches;
        m_schema_reaches = false;
        walk(value, node, pointer);
        m_schema_reaches = reaches;
    }

    static bool describes_object(const SchemaNode* node) { return node && !node->properties.empty(); }

    void walk_array(BinaryView array, const SchemaNode* node, std::string& pointer) {
        if (array.size() == 0) {
            add(Severity::warning, "empty-field", "empty", pointer, "the array is empty", array);
            return;
        }
        const SchemaNode* items = node ? node->items : nullptr;
        const bool object_expected = !items && describes_object(node);
        const bool identified = items && items->has_id && !node->whole_list_merge;
        const bool unique_items = node && node->unique_items;
        // Codes in an array are its items; an array of objects holds none (the Data Review Tool
        // tells the two apart by the first item).
        const bool codes = node && !node->codelist.empty() && !array.first_item().is_object();
        std::unordered_map<std::string, std::size_t> ids;
        std::unordered_set<std::string_view> bodies;
        const std::size_t length = pointer.size();
        array.for_each_item([&](std::size_t index, BinaryView item) {
            pointer += '/';
            pointer += std::to_string(index);
            if (codes && !item.is_object()) {
                code(item, *node, pointer);
            }
            if (object_expected || (!items && node && item.is_object())) {
                // Objects in an array where the schema says object, or says neither (a scalar):
                // their fields are read as the object's, or are additional.
                if (item.is_object()) {
                    walk_mismatched(item, node, pointer);
                }
            } else {
                walk(item, items, pointer);
            }
            if (item.is_object() && identified) {
                std::string id;
                if (member_string(item, "id", id)) {
                    if (unique_items && !ids.emplace(id, index).second) {
                        BinaryView id_value;
                        item.find("id", id_value);
                        add(Severity::error, "unique-ids", "uniqueItems", pointer + "/id",
                            "the id is used by another item of the array", id_value);
                    }
                } else if (!items->id_required) {
                    add(Severity::warning, "missing-id", "id", pointer,
                        "an object in an array merged by identifier has no id, so it cannot be merged");
                }
            } else if (unique_items && (item.is_object() || item.is_array())) {
                const std::string_view body(item.data(), static_cast<std::size_t>(item.end() - item.data()));
                if (!bodies.insert(body).second) {
                    add(Severity::error, "unique-ids", "uniqueItems", pointer,
                        "the item repeats another item of the array");
                }
            }
            pointer.resize(length);
        });
    }

    /// `apart`: fields checked on their own (a record's releases, compiled and versioned release).
    void walk_object(BinaryView object, const SchemaNode* node, std::string& pointer,
                     std::initializer_list<std::string_view> apart = {}) {
        if (object.size() == 0) {
            add(Severity::warning, "empty-field", "empty", pointer, "the object is empty", object);
            return;
        }
        // An object where the schema says array of objects: its fields are read as the items'.
        if (node && !describes_object(node) && describes_object(node->items)) {
            walk_mismatched(object, node->items, pointer);
            return;
        }
        const std::size_t length = pointer.size();
        std::string start, end;
        object.for_each_member([&](std::string_view key, BinaryView member) {
            if (std::find(apart.begin(), apart.end(), key) != apart.end()) {
                return;
            }
            pointer += '/';
            append_pointer_token(pointer, key);
            const SchemaProperty* property = node ? node->property(key) : nullptr;
            if (property) {
                if (!property->deprecated_version.empty()) {
                    add(Severity::warning, "deprecated", "deprecated", pointer,
                        "deprecated in OCDS " + property->deprecated_version + ": " + property->deprecated_note);
                }
                walk(member, property->node, pointer);
            } else if (node && is_language_variant(*node, key)) {
                if (is_translatable(*node, key) && !member.is_string() && !member.is_null()) {
                    add(Severity::error, "schema", "type", pointer,
                        std::string("expected string or null, found ") + type_name(member.type()), member);
                } else if (member.is_string() && is_blank(member.text())) {
                    add(Severity::warning, "empty-field", "empty", pointer, "the string is empty", member);
                }
            } else {
                // A field the schema does not name, even where it expects no object (only the first
                // unknown field of a branch is reported; empty fields are looked for below it).
                if (node) {
                    add(Severity::warning, "additional-field", "additionalProperties", pointer,
                        "the field is not in the schema or its extensions", member);
                }
                walk(member, nullptr, pointer);
            }
            if (key == "amount" && member.is_number() && member.text()[0] == '-' &&
                member.text().find_first_of("123456789") != std::string_view::npos) {
                add(Severity::warning, "negative-amount", "amount", pointer, "the amount is negative", member);
            } else if (key == "currency" && member.is_string()) {
                m_currencies.emplace(member.text());
            } else if (key == "startDate" && member.is_string()) {
                start = std::string(member.text());
            } else if (key == "endDate" && member.is_string()) {
                end = std::string(member.text());
            }
            pointer.resize(length);
        });
        Instant from, to;
        if (!start.empty() && !end.empty() && is_date_time(start, &from) && is_date_time(end, &to) && to < from) {
            add(Severity::warning, "date-order", "period", pointer, "the period ends before it starts").value =
                "{\"startDate\":" + json_string(start) + ",\"endDate\":" + json_string(end) + "}";
        }
    }

    /// `title_es` beside a `title` field of the schema: a translation, not an additional field
    /// (the Data Review Tool's rule, whether or not patternProperties names the field).
    static bool is_language_variant(const SchemaNode& node, std::string_view key) {
        const auto underscore = key.rfind('_');
        if (underscore == std::string_view::npos || underscore == 0) {
            return false;
        }
        const std::string_view base = key.substr(0, underscore);
        return (node.property(base) || std::find(node.language_fields.begin(), node.language_fields.end(), base) !=
                                           node.language_fields.end()) &&
               is_language_tag(key.substr(underscore + 1));
    }

    static bool is_translatable(const SchemaNode& node, std::string_view key) {
        const auto underscore = key.rfind('_');
        return std::find(node.language_fields.begin(), node.language_fields.end(), key.substr(0, underscore)) !=
               node.language_fields.end();
    }

    static bool is_falsy(BinaryView value) {
        if (value.is_number()) {
            const std::string_view text = value.text();
            return text.substr(0, text.find_first_of("eE")).find_first_of("123456789") == std::string_view::npos;
        }
        return value.is_null() || (value.type() == Value::Type::boolean && *value.data() != detail::true_tag);
    }

    /// `value` against the codelist of `node`: a string, or any other value as its JSON text.
    void code(BinaryView value, const SchemaNode& node, const std::string& pointer) {
        bool truncated = false;
        const std::string text = value.is_string() || value.is_number() ? std::string(value.text())
                                                                        : render_json(value, value_limit, truncated);
        const std::string name = node.codelist.substr(0, node.codelist.rfind(".csv"));
        if (!node.open_codelist) {
            const bool known = node.closed_codes ? std::find(node.closed_codes->begin(), node.closed_codes->end(),
                                                             text) != node.closed_codes->end()
                                                 : (!node.codes || node.codes->codes.count(text) > 0);
            if (!known) {
                add(Severity::error, "closed-codelist", "enum", pointer,
                    "the code is not in the closed codelist " + name, value);
            }
        } else if (node.codes && node.codes->codes.count(text) == 0) {
            add(Severity::info, "open-codelist", "codelist", pointer, "the code is not in the open codelist " + name,
                value);
        }
        if (node.codes && value.is_string()) {
            const auto deprecated = node.codes->deprecated.find(text);
            if (deprecated != node.codes->deprecated.end()) {
                add(Severity::warning, "deprecated", "codelist", pointer,
                    "the code is deprecated in codelist " + name + " since OCDS " + deprecated->second, value);
            }
        }
    }

    void format(BinaryView value, StringFormat format, const std::string& pointer) {
        const std::string_view text = value.text();
        const char* problem = nullptr;
        switch (format) {
        case StringFormat::date_time:
            problem = is_date_time(text)
                          ? nullptr
                          : "not a date-time: expected RFC 3339 with a time zone, like 2024-03-01T09:30:00-06:00";
            break;
        case StringFormat::date: problem = is_date(text) ? nullptr : "not a date: expected YYYY-MM-DD"; break;
        case StringFormat::uri:
            problem =
                is_uri(text) ? nullptr : "not a URI: expected an absolute URI with spaces and accents percent-encoded";
            break;
        case StringFormat::email: problem = is_email(text) ? nullptr : "not an e-mail address"; break;
        case StringFormat::none: break;
        }
        if (problem) {
            add(Severity::error, "format", "format", pointer, problem, value);
        }
    }

    void ocid_prefix(BinaryView object, const std::string& pointer) {
        BinaryView ocid;
        if (!object.find("ocid", ocid) || !ocid.is_string()) {
            return;
        }
        const std::string_view text = ocid.text();
        bool good = text.size() >= 11 && text.compare(0, 5, "ocds-") == 0;
        for (std::size_t i = 5; good && i < 11; ++i) {
            good = (text[i] >= 'a' && text[i] <= 'z') || (text[i] >= '0' && text[i] <= '9');
        }
        if (!good) {
            add(Severity::error, "ocid-prefix", "pattern", pointer + "/ocid",
                "the ocid does not start with a registered prefix: ocds- and six lowercase letters or digits", ocid);
        }
    }

    /// References to parties and awards, and the roles of the parties referenced.
    void references(BinaryView release, const std::string& pointer) {
        std::unordered_map<std::string, BinaryView> parties;
        BinaryView list;
        if (release.find("parties", list) && list.is_array()) {
            list.for_each_item([&](std::size_t, BinaryView party) {
                std::string id;
                if (party.is_object() && member_string(party, "id", id)) {
                    parties.emplace(id, party);
                }
            });
        }
        const auto reference = [&](BinaryView organization, const std::string& at, const char* role) {
            std::string id;
            if (!organization.is_object() || !member_string(organization, "id", id)) {
                return;
            }
            const auto party = parties.find(id);
            if (party == parties.end()) {
                add(Severity::warning, "reference", "parties", at + "/id",
                    std::string("no party in parties has this id (referenced as ") + role + ")", organization)
                    .value = json_string(id);
                return;
            }
            BinaryView roles;
            if (!party->second.find("roles", roles) || !roles.is_array()) {
                return;
            }
            bool has_role = false;
            roles.for_each_item([&](std::size_t, BinaryView item) {
                has_role = has_role || (item.is_string() && item.text() == role);
            });
            if (!has_role) {
                add(Severity::warning, "party-role", "roles", at + "/id",
                    std::string("the party referenced here lacks the role ") + role, organization)
                    .value = json_string(id);
            }
        };
        const auto each = [](BinaryView array, const auto& f) {
            if (array.is_array()) {
                array.for_each_item(f);
            }
        };
        BinaryView found, inner;
        if (release.find("buyer", found)) {
            reference(found, pointer + "/buyer", "buyer");
        }
        if (release.find("tender", found) && found.is_object()) {
            if (found.find("procuringEntity", inner)) {
                reference(inner, pointer + "/tender/procuringEntity", "procuringEntity");
            }
            if (found.find("tenderers", inner)) {
                each(inner, [&](std::size_t i, BinaryView tenderer) {
                    reference(tenderer, pointer + "/tender/tenderers/" + std::to_string(i), "tenderer");
                });
            }
        }
        std::unordered_map<std::string, std::string> award_dates;
        if (release.find("awards", found)) {
            each(found, [&](std::size_t i, BinaryView award) {
                std::string id, date;
                if (award.is_object() && member_string(award, "id", id)) {
                    award_dates[id] = member_string(award, "date", date) ? date : std::string();
                }
                BinaryView suppliers;
                if (award.is_object() && award.find("suppliers", suppliers)) {
                    each(suppliers, [&](std::size_t j, BinaryView supplier) {
                        reference(supplier,
                                  pointer + "/awards/" + std::to_string(i) + "/suppliers/" + std::to_string(j),
                                  "supplier");
                    });
                }
            });
        }
        if (release.find("contracts", found)) {
            each(found, [&](std::size_t i, BinaryView contract) {
                if (!contract.is_object()) {
                    return;
                }
                const std::string at = pointer + "/contracts/" + std::to_string(i);
                std::string award_id, signed_date;
                BinaryView award_field;
                if (member_string(contract, "awardID", award_id)) {
                    contract.find("awardID", award_field);
                    const auto award = award_dates.find(award_id);
                    if (award == award_dates.end()) {
                        add(Severity::warning, "reference", "awardID", at + "/awardID",
                            "no award in awards has this id", award_field);
                    } else if (member_string(contract, "dateSigned", signed_date) && !award->second.empty()) {
                        Instant signed_at, awarded_at;
                        if (is_date_time(signed_date, &signed_at) && is_date_time(award->second, &awarded_at) &&
                            signed_at < awarded_at) {
                            add(Severity::warning, "date-order", "dateSigned", at + "/dateSigned",
                                "the contract is signed before its award's date")
                                .value = json_string(signed_date);
                        }
                    }
                }
                BinaryView implementation, transactions;
                if (contract.find("implementation", implementation) && implementation.is_object() &&
                    implementation.find("transactions", transactions)) {
                    each(transactions, [&](std::size_t j, BinaryView transaction) {
                        BinaryView party;
                        const std::string base = at + "/implementation/transactions/" + std::to_string(j);
                        if (transaction.is_object() && transaction.find("payer", party)) {
                            reference(party, base + "/payer", "payer");
                        }
                        if (transaction.is_object() && transaction.find("payee", party)) {
                            reference(party, base + "/payee", "payee");
                        }
                    });
                }
            });
        }
    }

    /// Every check of a release at `pointer` (relative to the item).
    void release(BinaryView value, const std::string& pointer) {
        m_currencies.clear();
        schema(ValidationProfile::Shape::release, value, pointer);
        if (!value.is_object()) {
            return;
        }
        ocid_prefix(value, pointer);
        std::string walked = pointer;
        walk(value, &m_profile.node(ValidationProfile::Shape::release), walked);
        references(value, pointer);
        if (m_currencies.size() > 1) {
            std::string list;
            for (const auto& currency : m_currencies) {
                list += (list.empty() ? "" : ",") + json_string(currency);
            }
            add(Severity::warning, "mixed-currency", "currency", pointer,
                "amounts of one contracting process are in more than one currency")
                .value = "[" + list + "]";
        }
    }

    void record(BinaryView value) {
        schema(ValidationProfile::Shape::record, value, "");
        if (!value.is_object()) {
            return;
        }
        ocid_prefix(value, "");
        std::string walked;
        walk_object(value, &m_profile.node(ValidationProfile::Shape::record), walked,
                    {"releases", "compiledRelease", "versionedRelease"});

        BinaryView releases, compiled, versioned;
        std::vector<BinaryView> embedded;
        if (value.find("releases", releases) && releases.is_array() && releases.size() == 0) {
            add(Severity::warning, "empty-field", "empty", "/releases", "the array is empty", releases);
        }
        if (value.find("releases", releases) && releases.is_array()) {
            std::size_t linked = 0;
            releases.for_each_item([&](std::size_t, BinaryView item) {
                BinaryView url;
                linked += item.is_object() && item.find("url", url);
            });
            if (linked > 0 && linked < releases.size()) {
                add(Severity::error, "record-releases", "oneOf", "/releases",
                    "a record's releases must be all linked releases (with url) or all embedded releases");
            }
            std::string previous_date;
            Instant previous{};
            bool sorted = true;
            releases.for_each_item([&](std::size_t i, BinaryView item) {
                const std::string at = "/releases/" + std::to_string(i);
                BinaryView url;
                if (item.is_object() && item.find("url", url)) {
                    schema(ValidationProfile::Shape::linked_release, item, at);
                    std::string walked_linked = at;
                    walk(item, &m_profile.node(ValidationProfile::Shape::linked_release), walked_linked);
                } else {
                    release(item, at);
                    embedded.push_back(item);
                }
                std::string date;
                Instant instant;
                if (item.is_object() && member_string(item, "date", date) && is_date_time(date, &instant)) {
                    if (!previous_date.empty() && instant < previous && sorted) {
                        sorted = false;
                        add(Severity::warning, "date-order", "releases", at + "/date",
                            "the record's releases are not in date order")
                            .value = json_string(date);
                    }
                    previous_date = date;
                    previous = instant;
                }
            });
        }
        if (value.find("compiledRelease", compiled)) {
            release(compiled, "/compiledRelease");
            if (!embedded.empty() && embedded.size() == releases.size()) {
                compare_compiled(embedded, compiled);
            }
        }
        if (value.find("versionedRelease", versioned)) {
            versioned_release(versioned, "/versionedRelease");
        }
    }

    /// Every check a release gets, through the versioned release validation schema: JSON Schema,
    /// then formats of releaseDate and of versioned values, codelists of versioned values,
    /// deprecated, additional and empty fields, and missing ids, as the Data Review Tool walks
    /// them (paths end at the version's `value` or `releaseDate`).
    void versioned_release(BinaryView value, const std::string& pointer) {
        schema(ValidationProfile::Shape::versioned_release, value, pointer);
        if (!value.is_object()) {
            return;
        }
        std::string walked = pointer;
        walk(value, &m_profile.node(ValidationProfile::Shape::versioned_release), walked);
    }

    /// A record's compiled release must be the merge of its releases.
    void compare_compiled(const std::vector<BinaryView>& releases, BinaryView compiled) {
        std::vector<MergeWarning> warnings;
        try {
            const MergeResult merged =
                merge_encoded_releases(releases, m_profile.merge_rules(), MergeOutput{true, false, false}, warnings);
            const Value found = compiled.to_value();
            const auto differing = differences(merged.compiled, found, 4);
            for (const auto& difference : differing) {
                if (difference.pointer == "/id") {
                    continue; // publishers choose their compiled release's id; ocds-merge's is ocid-date
                }
                Finding& finding =
                    add(Severity::warning, "compiled-release", "merge", "/compiledRelease" + difference.pointer,
                        "the compiled release differs from the merge of the record's releases");
                finding.value = json_string(difference.what.substr(0, value_limit));
                finding.truncated = false;
            }
        } catch (const merge_error& e) {
            add(Severity::warning, "compiled-release", "merge", "/releases",
                std::string("the record's releases cannot be merged: ") + e.what());
        }
    }

private:
    const ValidationProfile& m_profile;
    const Place& m_place;
    std::vector<Finding>& m_findings;
    std::set<std::string> m_currencies;
    bool m_schema_reaches = true; ///< false where the data's shape differs from the schema's
};

} // namespace

std::string render_json(BinaryView value, std::size_t limit, bool& truncated) {
    std::string out;
    render(value, out, limit);
    truncated = out.size() > limit;
    if (truncated) {
        out.resize(limit);
        // Never cut a UTF-8 sequence in two.
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
            out.pop_back();
        }
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) {
            out.pop_back();
        }
    }
    return out;
}

std::string json_string(std::string_view text) {
    return to_json(Value(std::string(text)));
}

std::string field_of(const std::string& pointer) {
    std::string field;
    std::size_t start = 1;
    while (start <= pointer.size() && !pointer.empty()) {
        const auto slash = pointer.find('/', start);
        const std::string_view token =
            std::string_view(pointer).substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (!is_index(token)) {
            field += (field.empty() ? "" : "/") + std::string(token);
        }
        if (slash == std::string::npos) {
            break;
        }
        start = slash + 1;
    }
    return field;
}

void check_release(const ValidationProfile& profile, BinaryView release, const Place& place,
                   std::vector<Finding>& findings) {
    Checker(profile, place, findings).release(release, "");
}

void check_record(const ValidationProfile& profile, BinaryView record, const Place& place,
                  std::vector<Finding>& findings) {
    Checker(profile, place, findings).record(record);
}

void check_versioned_release(const ValidationProfile& profile, BinaryView release, const Place& place,
                             std::vector<Finding>& findings) {
    Checker(profile, place, findings).versioned_release(release, "");
}

void check_package(const ValidationProfile& profile, Kind kind, BinaryView metadata, std::size_t items,
                   const Place& place, std::vector<Finding>& findings) {
    Checker checker(profile, place, findings);
    const auto shape = kind == Kind::record_package ? ValidationProfile::Shape::record_package
                                                    : ValidationProfile::Shape::release_package;
    checker.schema(shape, metadata, "");
    std::string pointer;
    checker.walk(metadata, &profile.node(shape), pointer);
    const char* items_name = kind == Kind::record_package ? "records" : "releases";
    if (items == 0) {
        checker.add(Severity::error, "schema", "minItems", std::string("/") + items_name,
                    std::string("a package needs at least one item in ") + items_name);
    }
}

} // namespace ocds
