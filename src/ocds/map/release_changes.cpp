#include <ocds/map/release_changes.hpp>

#include <ocds/core/compare.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace ocds {

namespace {

bool is_identifier(const std::string& key) {
    return key == "id" || key == "awardID";
}

bool is_hollow(const Value& value) {
    if (value.is_array()) {
        return value.as_array().empty();
    }
    if (!value.is_object()) {
        return false;
    }
    return std::all_of(value.as_object().begin(), value.as_object().end(),
                       [](const Value::Member& member) { return is_identifier(member.key); });
}

const MergeRules::Node* child_of(const MergeRules::Node* node, const std::string& key) {
    return node ? node->child(key) : nullptr;
}

/// An array whose objects the merge matches by `id` (not a whole-list or literal array).
bool merged_by_id(const Value& value, const MergeRules::Node* node) {
    if (!value.is_array() || value.as_array().empty() || (node && node->rule == MergeRule::whole_list)) {
        return false;
    }
    return std::all_of(value.as_array().begin(), value.as_array().end(),
                       [](const Value& item) { return item.is_object() && item.find("id"); });
}

/// Compares ids as the merge does: "1" and 1 are different ids.
std::string compare_key(const Value& id) {
    return id.is_string() ? "s" + id.as_string() : "n" + (id.is_number() ? id.number_text() : std::string());
}

/// What a release must say for `value` to disappear from the compiled release.
Value erased(const Value& value, const MergeRules::Node* node) {
    if (value.is_object()) {
        Value result = Value::object();
        for (const auto& member : value.as_object()) {
            const MergeRules::Node* child = child_of(node, member.key);
            if (child && child->rule == MergeRule::omit) {
                continue;
            }
            result.set(member.key, is_identifier(member.key) ? member.value : erased(member.value, child));
        }
        return result;
    }
    if (merged_by_id(value, node)) {
        Value result = Value::array();
        for (const auto& item : value.as_array()) {
            result.push_back(erased(item, node));
        }
        return result;
    }
    return Value();
}

void removals(const Value& previous, Value& current, const MergeRules::Node* node) {
    for (const auto& member : previous.as_object()) {
        const MergeRules::Node* child = child_of(node, member.key);
        if (child && child->rule == MergeRule::omit) {
            continue;
        }
        Value* now = current.find(member.key);
        if (now == nullptr) {
            current.set(member.key, erased(member.value, child));
        } else if (member.value.is_object() && now->is_object()) {
            removals(member.value, *now, child);
        } else if (merged_by_id(member.value, child) && merged_by_id(*now, child)) {
            std::map<std::string, Value*> by_id;
            for (auto& item : now->as_array()) {
                by_id[compare_key(*item.find("id"))] = &item;
            }
            std::vector<Value> gone;
            for (const auto& item : member.value.as_array()) {
                const auto found = by_id.find(compare_key(*item.find("id")));
                if (found == by_id.end()) {
                    gone.push_back(erased(item, child));
                } else {
                    removals(item, *found->second, child);
                }
            }
            for (auto& item : gone) {
                now->push_back(std::move(item));
            }
        }
    }
}

const Value* find_by_id(const Value* list, const Value& id) {
    if (list == nullptr || !list->is_array()) {
        return nullptr;
    }
    for (const auto& item : list->as_array()) {
        if (const Value* other = item.find("id"); other && json_equal(*other, id)) {
            return &item;
        }
    }
    return nullptr;
}

bool same(const Value* a, const Value* b) {
    if (a == nullptr || b == nullptr) {
        return a == b;
    }
    return json_equal(*a, *b);
}

std::string status_of(const Value* object) {
    const std::string* status = object ? object->find_string("status") : nullptr;
    return status ? *status : std::string();
}

Value without(const Value& object, const char* key) {
    Value copy = object;
    copy.erase(key);
    return copy;
}

std::size_t count(const Value* object, const char* key) {
    const Value* list = object ? object->find(key) : nullptr;
    return list && list->is_array() ? list->as_array().size() : 0;
}

} // namespace

void prune_hollow(Value& value) {
    if (value.is_object()) {
        auto& members = value.as_object();
        for (auto& member : members) {
            prune_hollow(member.value);
        }
        members.erase(std::remove_if(members.begin(), members.end(),
                                     [](const Value::Member& member) { return is_hollow(member.value); }),
                      members.end());
    } else if (value.is_array()) {
        auto& items = value.as_array();
        for (auto& item : items) {
            prune_hollow(item);
        }
        items.erase(std::remove_if(items.begin(), items.end(),
                                   [](const Value& item) { return item.is_object() && is_hollow(item); }),
                    items.end());
    }
}

Value comparable_state(Value compiled) {
    compiled.erase("id");
    compiled.erase("date");
    compiled.erase("tag");
    prune_hollow(compiled);
    return compiled;
}

void add_removals(const Value& previous, Value& current, const MergeRules& rules) {
    removals(previous, current, &rules.root());
}

std::vector<std::string> change_tags(const Value* previous, const Value& current) {
    std::set<std::string> tags;
    auto section = [&](const char* key) { return previous ? previous->find(key) : nullptr; };
    // Planning.
    if (const Value* planning = current.find("planning"); planning && !same(section("planning"), planning)) {
        tags.insert(section("planning") ? "planningUpdate" : "planning");
    }
    // Tender.
    if (const Value* tender = current.find("tender"); tender && !same(section("tender"), tender)) {
        const Value* before = section("tender");
        if (status_of(tender) == "cancelled" && status_of(before) != "cancelled") {
            tags.insert("tenderCancellation");
        } else {
            tags.insert(before ? "tenderUpdate" : "tender");
        }
    }
    // Awards, one by one.
    if (const Value* awards = current.find("awards"); awards && awards->is_array()) {
        for (const auto& award : awards->as_array()) {
            const Value* before = find_by_id(section("awards"), *award.find("id"));
            if (before == nullptr) {
                tags.insert("award");
            } else if (!json_equal(*before, award)) {
                tags.insert(status_of(&award) == "cancelled" && status_of(before) != "cancelled" ? "awardCancellation"
                                                                                                 : "awardUpdate");
            }
        }
    }
    // Contracts, and their implementation apart.
    if (const Value* contracts = current.find("contracts"); contracts && contracts->is_array()) {
        for (const auto& contract : contracts->as_array()) {
            const Value* before = find_by_id(section("contracts"), *contract.find("id"));
            const Value* implementation = contract.find("implementation");
            if (before == nullptr) {
                tags.insert("contract");
                if (implementation) {
                    tags.insert("implementation");
                }
                continue;
            }
            if (!json_equal(without(*before, "implementation"), without(contract, "implementation"))) {
                if (status_of(&contract) == "terminated" && status_of(before) != "terminated") {
                    tags.insert("contractTermination");
                } else if (count(&contract, "amendments") > count(before, "amendments")) {
                    tags.insert("contractAmendment");
                } else {
                    tags.insert("contractUpdate");
                }
            }
            if (implementation && !same(before->find("implementation"), implementation)) {
                tags.insert(before->find("implementation") ? "implementationUpdate" : "implementation");
            }
        }
    }
    if (tags.empty()) {
        // Only parties, buyer or related processes changed: an update of the latest stage.
        tags.insert(current.find("contracts") ? "contractUpdate"
                    : current.find("awards")  ? "awardUpdate"
                    : current.find("tender")  ? (previous ? "tenderUpdate" : "tender")
                                              : (previous ? "planningUpdate" : "planning"));
    }
    static const std::vector<std::string> order = {"planning",        "planningUpdate",       "tender",
                                                   "tenderAmendment", "tenderUpdate",         "tenderCancellation",
                                                   "award",           "awardUpdate",          "awardCancellation",
                                                   "contract",        "contractUpdate",       "contractAmendment",
                                                   "implementation",  "implementationUpdate", "contractTermination"};
    std::vector<std::string> ordered;
    for (const auto& tag : order) {
        if (tags.count(tag)) {
            ordered.push_back(tag);
        }
    }
    return ordered;
}

} // namespace ocds
