#include <ocds/merge/merge.hpp>

#include <ocds/core/compare.hpp>
#include <ocds/core/detail/binary.hpp>
#include <ocds/core/json_writer.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace ocds {

merge_error::merge_error(std::string ocid, const std::string& release_id, const std::string& path,
                         const std::string& reason)
    : error("ocid " + ocid + (release_id.empty() ? "" : ", release " + release_id) +
            (path.empty() ? "" : ", at " + path) + ": " + reason),
      m_ocid(std::move(ocid)) {}

Value warning_to_value(const MergeWarning& warning) {
    Value entry = Value::object();
    entry.set("check", Value(warning.check));
    entry.set("ocid", Value(warning.ocid));
    entry.set("release", Value(warning.release_id));
    entry.set("path", Value(warning.path));
    entry.set("message", Value(warning.message));
    if (!warning.value.empty()) {
        entry.set("value", Value(warning.value));
    }
    return entry;
}

namespace {

/// The merged state of one field. Nodes are placed in their parent (an object's member order,
/// an array's item order) when their first leaf is set, as the reference implementation's
/// flattened paths order them; nodes that never get a leaf are not written.
struct Node {
    enum class Kind { unset, leaf, object, array };
    Kind kind = Kind::unset;
    bool has_leaf = false;

    Value value; // leaf: the latest value (compiled) or the array of versions (versioned)
    // A compiled leaf of encoded releases that outlive the merge, kept undecoded (see keep_views).
    detail::BinaryView view;
    bool is_view = false;
    std::size_t last_version_release = 0; // versioned: which merged release (1, 2...) added the last version
    std::vector<std::pair<std::string, std::unique_ptr<Node>>> members;

    // Array items, each with the identity it is merged by.
    std::vector<std::pair<std::string, std::unique_ptr<Node>>> items;
    std::unordered_map<std::string, std::size_t> item_index; // identity → position, for long arrays

    // An object in an array keeps the id it was created with, first and unversioned.
    bool has_item_id = false;
    Value item_id;
};

constexpr std::size_t index_threshold = 16;

/// Whether a compiled leaf is null (a null removes the field from the compiled release).
bool is_null_leaf(const Node& node) {
    return node.is_view ? node.view.is_null() : node.value.is_null();
}

/// A JSON Pointer built lazily from the keys and indexes being merged (only for messages).
class Path {
public:
    Path() { m_frames.reserve(32); } // deeper than OCDS data goes: no regrowth per process

    void push(std::string_view key) { m_frames.push_back({key, true, 0}); }
    void push(std::size_t index) { m_frames.push_back({{}, false, index}); }
    void pop() { m_frames.pop_back(); }

    std::string pointer() const {
        std::string text;
        for (const auto& frame : m_frames) {
            text += '/' + (frame.is_key ? pointer_token(frame.key) : std::to_string(frame.index));
        }
        return text;
    }

private:
    struct Frame {
        std::string_view key;
        bool is_key;
        std::size_t index;
    };
    std::vector<Frame> m_frames;
};

/// A Value seen through the same small interface as detail::BinaryView, so that one merge
/// serves releases held as Values and releases read straight from the scratch encoding.
class ValueRef {
public:
    ValueRef() = default;
    explicit ValueRef(const Value& value) : m_value(&value) {}

    bool is_null() const noexcept { return m_value->is_null(); }
    bool is_object() const noexcept { return m_value->is_object(); }
    bool is_array() const noexcept { return m_value->is_array(); }
    bool is_string() const noexcept { return m_value->is_string(); }
    bool is_number() const noexcept { return m_value->is_number(); }
    std::string_view text() const { return is_string() ? m_value->as_string() : m_value->number_text(); }
    std::uint32_t size() const {
        return static_cast<std::uint32_t>(is_object() ? m_value->as_object().size() : m_value->as_array().size());
    }
    template<typename F>
    void for_each_member(F f) const {
        for (const auto& member : m_value->as_object()) {
            f(std::string_view(member.key), ValueRef(member.value));
        }
    }
    template<typename F>
    void for_each_item(F f) const {
        std::size_t index = 0;
        for (const auto& item : m_value->as_array()) {
            f(index++, ValueRef(item));
        }
    }
    bool find(std::string_view key, ValueRef& found) const {
        const Value* value = m_value->find(key);
        if (value) {
            found = ValueRef(*value);
        }
        return value != nullptr;
    }
    Value to_value() const { return *m_value; }

private:
    const Value* m_value = nullptr;
};

/// How Python's str() writes a JSON number once json.loads has read it: an integer as its digits,
/// anything else as a float's shortest round-trip form (1e3 is 1000.0, 1.50 is 1.5).
std::string python_number_text(std::string_view text) {
    if (text.find_first_of(".eE") == std::string_view::npos) {
        return text == "-0" ? std::string("0") : std::string(text);
    }
    const std::string input(text);
    const double number = std::strtod(input.c_str(), nullptr);
    char digits[40];
    for (int precision = 0; precision < 17; ++precision) {
        std::snprintf(digits, sizeof digits, "%.*e", precision, number);
        if (std::strtod(digits, nullptr) == number) {
            break;
        }
    }
    // digits is "d.ddde±XX": split it into its significant digits and decimal exponent.
    const std::string scientific(digits);
    const std::size_t e = scientific.find('e');
    std::string mantissa = scientific.substr(0, e);
    const int exponent = std::atoi(scientific.c_str() + e + 1);
    const bool negative = mantissa[0] == '-';
    mantissa.erase(std::remove_if(mantissa.begin(), mantissa.end(), [](char c) { return c == '-' || c == '.'; }),
                   mantissa.end());
    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
        out += mantissa.substr(0, 1);
        if (mantissa.size() > 1) {
            out += '.' + mantissa.substr(1);
        }
        char tail[16];
        std::snprintf(tail, sizeof tail, "e%c%02d", exponent < 0 ? '-' : '+', exponent < 0 ? -exponent : exponent);
        return out + tail;
    }
    if (exponent < 0) {
        return out + "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + mantissa;
    }
    const std::size_t integer_digits = static_cast<std::size_t>(exponent) + 1;
    if (mantissa.size() <= integer_digits) {
        return out + mantissa + std::string(integer_digits - mantissa.size(), '0') + ".0";
    }
    return out + mantissa.substr(0, integer_digits) + '.' + mantissa.substr(integer_digits);
}

/// The identity objects of an array are merged by: their `id` as the reference implementation
/// compares ids, by Python's str() of the value, so the ids 1 and "1" are one object, and a null
/// id is the id "None" (publishers switch between numbers and strings from release to release).
template<typename V>
std::string id_key(const V& id) {
    if (id.is_string()) {
        return std::string(id.text());
    }
    if (id.is_number()) {
        return python_number_text(id.text());
    }
    if (id.is_null()) {
        return "None";
    }
    const Value value = id.to_value();
    if (value.is_bool()) {
        return value.as_bool() ? "True" : "False";
    }
    return to_json(value);
}

/// How the reference implementation quotes an id in its warning (Python's repr of a string).
template<typename V>
std::string quoted_id(const V& id) {
    const std::string text = id_key(id);
    return text.find('\'') != std::string::npos && text.find('"') == std::string::npos ? '"' + text + '"'
                                                                                       : '\'' + text + '\'';
}

/// Whether a value is merged as one leaf. At a wholeListMerge path it always is, whatever its
/// type: publishers put objects, {} or [] where the schema says array (tender.amendment.changes:
/// {}), and the reference implementation (ocds-merge's flatten) keeps them as they are.
template<typename V>
bool is_literal(const V& value, MergeRule rule) {
    if (rule == MergeRule::whole_list || (!value.is_object() && !value.is_array())) {
        return true;
    }
    if (value.is_object()) {
        return false;
    }
    bool non_object = false;
    value.for_each_item([&](std::size_t, const V& item) { non_object = non_object || !item.is_object(); });
    return non_object;
}

class TreeMerger {
public:
    /// `warnings` null: warn nothing (the second pass when both outputs are made). `keep_views`:
    /// compiled leaves of encoded releases stay views into them (the releases outlive the merge).
    TreeMerger(const MergeRules& rules, bool versioned, std::vector<MergeWarning>* warnings, bool keep_views = false)
        : m_rules(rules), m_versioned(versioned), m_keep_views(keep_views), m_warnings(warnings) {}

    /// Merges one release; `skip` names top-level members that are handled elsewhere.
    template<typename V>
    void merge(const V& release, const std::string& ocid, const std::string& release_id, const Value& date,
               const Value& tag, std::initializer_list<const char*> skip) {
        m_ocid = &ocid;
        m_release_id = &release_id;
        m_date = &date;
        m_tag = &tag;
        m_skip = skip;
        m_top = true;
        ++m_release_serial;
        merge_object(m_root, release, &m_rules.root());
    }

    Node& root() { return m_root; }

private:
    [[noreturn]] void conflict(const char* what) { throw merge_error(*m_ocid, *m_release_id, m_path.pointer(), what); }

    void warn(const char* check, const std::string& path, std::string message, std::string value = {}) {
        if (m_warnings) {
            m_warnings->push_back({check, *m_ocid, *m_release_id, path, std::move(message), std::move(value)});
        }
    }

    /// Prepares a node to hold an object or array; a node that holds no leaf yet can change kind.
    bool make(Node& node, Node::Kind kind) {
        if (node.kind == kind) {
            return true;
        }
        if (node.kind == Node::Kind::unset || !node.has_leaf ||
            (node.kind == Node::Kind::leaf && !m_versioned && is_null_leaf(node))) {
            node = Node();
            node.kind = kind;
            return true;
        }
        if (node.kind == Node::Kind::leaf && m_versioned && node.value.as_array().back().find("value")->is_null()) {
            // A versioned field whose last version is null: the reference implementation keeps
            // the history and adds the object's fields beside it; the object wins here.
            node = Node();
            node.kind = kind;
            return true;
        }
        conflict(kind == Node::Kind::object
                     ? "an earlier release has a literal or array here; this one an object"
                     : "an earlier release has a literal or object here; this one an array of objects");
    }

    template<typename V>
    void set_leaf(Node& node, const V& value) {
        if (node.kind == Node::Kind::object || node.kind == Node::Kind::array) {
            if (node.has_leaf) {
                if (value.is_null()) {
                    // The reference implementation keeps the earlier object: say so.
                    warn("null-container", m_path.pointer(),
                         "null does not remove an object or array of objects when releases are merged; "
                         "set each of its fields to null instead");
                    return;
                }
                conflict("an earlier release has an object or array of objects here; this one a literal");
            }
            node = Node();
        }
        node.kind = Node::Kind::leaf;
        node.has_leaf = true;
        if (!m_versioned) {
            if constexpr (std::is_same_v<V, detail::BinaryView>) {
                if (m_keep_views) {
                    node.view = value;
                    node.is_view = true;
                    node.value = Value();
                    return;
                }
            }
            node.value = value.to_value();
            node.is_view = false;
            return;
        }
        Value leaf = value.to_value();
        if (!node.value.is_array()) {
            node.value = Value::array();
        }
        auto& versions = node.value.as_array();
        if (!versions.empty() && node.last_version_release == m_release_serial) {
            // Set again by the same release (objects sharing an id in one array): the reference
            // implementation flattens a release first, so only its last value makes a version.
            versions.pop_back();
            node.last_version_release = 0;
        }
        if (!versions.empty() && json_equal(*versions.back().find("value"), leaf)) {
            return;
        }
        node.last_version_release = m_release_serial;
        Value version = Value::object();
        auto& members = version.as_object();
        members.reserve(4);
        members.push_back({"releaseID", Value(*m_release_id)});
        members.push_back({"releaseDate", *m_date});
        members.push_back({"releaseTag", *m_tag});
        members.push_back({"value", std::move(leaf)});
        node.value.push_back(std::move(version));
    }

    Node& member(Node& node, std::string_view key, std::size_t& position) {
        auto& members = node.members;
        for (position = 0; position < members.size(); ++position) {
            if (members[position].first == key) {
                return *members[position].second;
            }
        }
        members.emplace_back(std::string(key), std::make_unique<Node>());
        return *members.back().second;
    }

    /// Moves a child that just got its first leaf behind its placed siblings.
    template<typename Entries>
    static void place(Entries& entries, std::size_t position) {
        if (position + 1 < entries.size()) {
            std::rotate(entries.begin() + static_cast<std::ptrdiff_t>(position),
                        entries.begin() + static_cast<std::ptrdiff_t>(position) + 1, entries.end());
        }
    }

    template<typename V>
    void merge_object(Node& node, const V& object, const MergeRules::Node* rules) {
        make(node, Node::Kind::object);
        const bool top = m_top;
        m_top = false;
        object.for_each_member([&](std::string_view key, const V& value) {
            if (top && std::find_if(m_skip.begin(), m_skip.end(), [&](const char* name) { return key == name; }) !=
                           m_skip.end()) {
                return;
            }
            const MergeRules::Node* child_rules = rules ? rules->child(key) : nullptr;
            const MergeRule rule = child_rules ? child_rules->rule : MergeRule::none;
            if (rule == MergeRule::omit) {
                return;
            }
            if (key == "id" && node.has_item_id) {
                return; // kept as the object was created with
            }
            const bool literal = is_literal(value, rule);
            if (!literal && value.size() == 0) {
                return;
            }
            std::size_t position = 0;
            Node& child = member(node, key, position);
            const bool had_leaf = child.has_leaf;
            m_path.push(key);
            if (literal) {
                set_leaf(child, value);
            } else if (value.is_object()) {
                merge_object(child, value, child_rules);
            } else {
                merge_array(child, value, child_rules);
            }
            m_path.pop();
            if (child.has_leaf && !had_leaf) {
                node.has_leaf = true;
                place(node.members, position);
            }
        });
    }

    template<typename V>
    void merge_array(Node& node, const V& array, const MergeRules::Node* rules) {
        make(node, Node::Kind::array);
        const ArrayOverride override = rules ? rules->override : ArrayOverride::none;
        // One warning per array for each repeated id and one for the objects without id, named by
        // the array's JSON Pointer, counted rather than repeated (ocds-merge warns per object).
        struct Seen {
            std::size_t first;
            std::size_t count = 1;
            std::size_t warning = 0; // where its warning is, once there is one
        };
        std::unordered_map<std::string, Seen> seen; // identity → what was seen of it in this array
        std::size_t without_id = 0, without_id_warning = 0;
        const std::string pointer = m_warnings ? m_path.pointer() : std::string();
        array.for_each_item([&](std::size_t index, const V& item) {
            V id;
            // A null id is an id too ("None"), as the reference implementation takes it.
            const bool has_id = item.find("id", id);
            m_path.push(index);
            std::string identity;
            if (has_id) {
                identity = "i" + id_key(id); // apart from the "u" and "p" identities below
                const auto [found, inserted] = seen.emplace(identity, Seen{index});
                if (!inserted && found->second.first != index && m_warnings) {
                    Seen& repeated = found->second;
                    if (++repeated.count == 2) {
                        repeated.warning = m_warnings->size();
                        warn("duplicate-id", pointer, {}, quoted_id(id));
                    }
                    m_warnings->at(repeated.warning).message =
                        std::to_string(repeated.count) + " objects of this array have the `id` value " + quoted_id(id) +
                        (override == ArrayOverride::none ? ", so they are merged into one" : "");
                }
            } else if (override != ArrayOverride::append && m_warnings) {
                if (++without_id == 1) {
                    without_id_warning = m_warnings->size();
                    warn("missing-id", pointer, {});
                }
                m_warnings->at(without_id_warning).message =
                    without_id == 1
                        ? "an object without an `id` in an array merged by id: it is appended, never merged"
                        : std::to_string(without_id) +
                              " objects without an `id` in an array merged by id: they are appended, never merged";
            }
            if (override == ArrayOverride::append || !has_id) {
                identity = "u" + std::to_string(m_unique++);
            } else if (override == ArrayOverride::merge_by_position) {
                identity = "p" + std::to_string(index);
            }
            std::size_t position = 0;
            Node& child = item_node(node, identity, position);
            const bool had_leaf = child.has_leaf;
            if (child.kind == Node::Kind::unset && has_id && !id.is_null()) {
                child.kind = Node::Kind::object;
                child.has_item_id = true;
                child.item_id = id.to_value();
                child.has_leaf = true; // its id is a leaf
            }
            merge_object(child, item, rules);
            m_path.pop();
            if (child.has_leaf && !had_leaf) {
                node.has_leaf = true;
                if (position + 1 < node.items.size()) {
                    place(node.items, position);
                    reindex(node);
                }
            }
        });
    }

    Node& item_node(Node& node, const std::string& identity, std::size_t& position) {
        if (node.items.size() >= index_threshold) {
            if (node.item_index.empty()) {
                reindex(node);
            }
            const auto found = node.item_index.find(identity);
            if (found != node.item_index.end()) {
                position = found->second;
                return *node.items[position].second;
            }
        } else {
            for (position = 0; position < node.items.size(); ++position) {
                if (node.items[position].first == identity) {
                    return *node.items[position].second;
                }
            }
        }
        position = node.items.size();
        node.items.emplace_back(identity, std::make_unique<Node>());
        if (!node.item_index.empty()) {
            node.item_index.emplace(identity, position);
        }
        return *node.items.back().second;
    }

    static void reindex(Node& node) {
        if (node.items.size() < index_threshold) {
            node.item_index.clear();
            return;
        }
        node.item_index.clear();
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            node.item_index.emplace(node.items[i].first, i);
        }
    }

    const MergeRules& m_rules;
    bool m_versioned;
    bool m_keep_views; // compiled leaves stay views into the encoded releases
    std::vector<MergeWarning>* m_warnings;
    Node m_root;
    Path m_path;
    std::size_t m_unique = 0;
    std::size_t m_release_serial = 0; // releases merged so far, the current one included
    bool m_top = false;
    std::initializer_list<const char*> m_skip;
    const std::string* m_ocid = nullptr;
    const std::string* m_release_id = nullptr;
    const Value* m_date = nullptr;
    const Value* m_tag = nullptr;
};

/// Turns a merged node into JSON data, compiled (null leaves left out) or versioned, moving the
/// values out of the tree.
Value to_value(Node& node, bool versioned) {
    switch (node.kind) {
    case Node::Kind::leaf: return node.is_view ? node.view.to_value() : std::move(node.value);
    case Node::Kind::array: {
        Value::Array array;
        array.reserve(node.items.size());
        for (auto& [identity, item] : node.items) {
            if (item->has_leaf) {
                array.push_back(to_value(*item, versioned));
            }
        }
        return Value(std::move(array));
    }
    default: {
        Value::Object members;
        members.reserve(node.members.size() + (node.has_item_id ? 1 : 0));
        if (node.has_item_id) {
            members.push_back({"id", std::move(node.item_id)});
        }
        for (auto& [key, child] : node.members) {
            if (!child->has_leaf || (!versioned && child->kind == Node::Kind::leaf && is_null_leaf(*child))) {
                continue;
            }
            members.push_back({key, to_value(*child, versioned)});
        }
        return Value(std::move(members));
    }
    }
}

/// Writes an encoded value as JsonWriter::value writes its decoded Value.
void write_encoded(JsonWriter& writer, const detail::BinaryView& value, int level) {
    switch (value.type()) {
    case Value::Type::null: writer.raw("null"); break;
    case Value::Type::boolean: writer.raw(*value.data() == detail::true_tag ? "true" : "false"); break;
    case Value::Type::number: writer.raw(value.text()); break;
    case Value::Type::string: writer.string(value.text()); break;
    case Value::Type::array: {
        writer.raw('[');
        value.for_each_item([&](std::size_t index, const detail::BinaryView& item) {
            if (index > 0) {
                writer.raw(',');
            }
            writer.newline(level + 1);
            write_encoded(writer, item, level + 1);
        });
        if (value.size() > 0) {
            writer.newline(level);
        }
        writer.raw(']');
        break;
    }
    case Value::Type::object: {
        writer.raw('{');
        bool first = true;
        value.for_each_member([&](std::string_view key, const detail::BinaryView& member) {
            if (!first) {
                writer.raw(',');
            }
            first = false;
            writer.newline(level + 1);
            writer.string(key);
            writer.colon();
            write_encoded(writer, member, level + 1);
        });
        if (!first) {
            writer.newline(level);
        }
        writer.raw('}');
        break;
    }
    }
}

/// The members a compiled release starts with (ProcessMerge::finish makes them first).
constexpr const char* compiled_head[] = {"tag", "id", "date", "ocid"};

bool is_compiled_head(std::string_view key) {
    return std::find(std::begin(compiled_head), std::end(compiled_head), key) != std::end(compiled_head);
}

/// What a compiled release's first member is when the merge gives it none.
enum class Head { merged, unmerged, give_up };

/// Opens a compiled release and writes its first members: each as `merged(name, level)` writes it
/// (Head::merged), or else its default: tag ["compiled"], id "<ocid>-<date>", date, and the ocid
/// as `write_ocid()` writes it. False, when `merged` gives up.
template<typename Merged, typename WriteOcid>
bool write_compiled_head(JsonWriter& writer, int level, std::string_view ocid, std::string_view date, Merged merged,
                         WriteOcid write_ocid) {
    writer.raw('{');
    for (std::size_t i = 0; i < 4; ++i) {
        if (i > 0) {
            writer.raw(',');
        }
        writer.newline(level + 1);
        writer.string(compiled_head[i]);
        writer.colon();
        const Head head = merged(compiled_head[i], level + 1);
        if (head == Head::give_up) {
            return false;
        }
        if (head == Head::merged) {
            continue;
        }
        if (i == 0) {
            writer.raw('[');
            writer.newline(level + 2);
            writer.string("compiled");
            writer.newline(level + 1);
            writer.raw(']');
        } else if (i == 1) {
            std::string id(ocid);
            id += '-';
            id += date;
            writer.string(id);
        } else if (i == 2) {
            writer.string(date);
        } else {
            write_ocid();
        }
    }
    return true;
}

/// Whether a merged member is part of the compiled release (to_value's test).
bool is_written(const Node& child) {
    return child.has_leaf && !(child.kind == Node::Kind::leaf && is_null_leaf(child));
}

/// Writes a compiled node as JSON, as JsonWriter would write to_value(node, false).
void write_compiled_node(JsonWriter& writer, const Node& node, int level) {
    switch (node.kind) {
    case Node::Kind::leaf:
        if (node.is_view) {
            write_encoded(writer, node.view, level);
        } else {
            writer.value(node.value, level);
        }
        return;
    case Node::Kind::array: {
        writer.raw('[');
        bool first = true;
        for (const auto& [identity, item] : node.items) {
            if (!item->has_leaf) {
                continue;
            }
            if (!first) {
                writer.raw(',');
            }
            first = false;
            writer.newline(level + 1);
            write_compiled_node(writer, *item, level + 1);
        }
        if (!first) {
            writer.newline(level);
        }
        writer.raw(']');
        return;
    }
    default: {
        writer.raw('{');
        bool first = true;
        const auto separate = [&] {
            if (!first) {
                writer.raw(',');
            }
            first = false;
            writer.newline(level + 1);
        };
        if (node.has_item_id) {
            separate();
            writer.string("id");
            writer.colon();
            writer.value(node.item_id, level + 1);
        }
        for (const auto& [key, child] : node.members) {
            if (!is_written(*child)) {
                continue;
            }
            separate();
            writer.string(key);
            writer.colon();
            write_compiled_node(writer, *child, level + 1);
        }
        if (!first) {
            writer.newline(level);
        }
        writer.raw('}');
        return;
    }
    }
}

/// The text of a member for messages: a string as it is, anything else as JSON; "" when absent.
template<typename V>
std::string text_of(const V& object, std::string_view key) {
    V value;
    if (!object.find(key, value)) {
        return {};
    }
    return value.is_string() ? std::string(value.text()) : to_json(value.to_value());
}

/// The date of a release, which must be a string to be ordered.
template<typename V>
std::string date_of(const V& release, const std::string& ocid, const std::string& release_id) {
    V date;
    if (!release.find("date", date)) {
        throw merge_error(ocid, release_id, "/date", "the release has no date, so it cannot be put in order");
    }
    if (date.is_null()) {
        throw merge_error(ocid, release_id, "/date", "the release's date is null, so it cannot be put in order");
    }
    if (!date.is_string()) {
        throw merge_error(ocid, release_id, "/date",
                          std::string("the release's date is a ") + type_name(date.to_value().type()) +
                              ", not a string");
    }
    return std::string(date.text());
}

/// Writes the compiled release of a process of one release straight from the encoded release,
/// as the tree writes it, for releases where merging changes nothing but what it leaves out:
/// omitted fields, `tag`, empty objects and arrays of objects, the id of an array's object moved
/// first. Anything that the tree treats otherwise (a null outside a whole-list value, repeated
/// keys, repeated ids in an array, a container left with nothing to write, an id that is not a
/// string or an integer) makes it give up, and the tree does it. Objects without id in an array
/// merged by id get the tree's missing-id warning, in the tree's order.
class SingleReleaseWriter {
public:
    SingleReleaseWriter(JsonWriter& writer, std::vector<MergeWarning>& warnings)
        : m_writer(writer), m_warnings(warnings) {}

    /// False when the release is not one it can write (what was written is then to be dropped).
    bool write_release(const detail::BinaryView& release, const MergeRules& rules, int level) {
        detail::BinaryView ocid, date;
        if (!release.is_object() || !release.find("ocid", ocid) || !ocid.is_string() || !release.find("date", date) ||
            !date.is_string()) {
            return false;
        }
        const bool repeated = may_repeat_keys(release);
        if (repeated &&
            (occurrences(release, "id") > 1 || occurrences(release, "date") > 1 || occurrences(release, "ocid") > 1)) {
            return false; // which one makes the compiled release's id and date: left to the tree
        }
        m_ocid = ocid.text();
        m_release_id = text_of(release, "id");
        // The tree's compiled release starts from tag, id, date and ocid; merged fields of these
        // names take their places, the others follow in the release's order.
        const MergeRules::Node& root = rules.root();
        const auto merged = [&](std::string_view key, int at_level) {
            detail::BinaryView value;
            const MergeRules::Node* child_rules = root.child(key);
            const MergeRule rule = child_rules ? child_rules->rule : MergeRule::none;
            if (key == "tag" || !release.find(key, value) || rule == MergeRule::omit) {
                return Head::unmerged; // the tree merges no tag
            }
            if (!is_literal(value, rule) || value.is_null()) {
                return Head::give_up;
            }
            write_encoded(m_writer, value, at_level);
            return Head::merged;
        };
        if (!write_compiled_head(m_writer, level, ocid.text(), date.text(), merged,
                                 [&] { m_writer.string(ocid.text()); })) {
            return false;
        }
        bool ok = true;
        std::size_t position = 0;
        release.for_each_member([&](std::string_view key, const detail::BinaryView& value) {
            const std::size_t at = position++;
            if (!ok || is_compiled_head(key)) {
                return;
            }
            detail::BinaryView kept = value;
            const Place place = repeated ? place_of(release, key, at, &root, kept) : Place::write;
            ok = place != Place::give_up && (place == Place::skip || write_member(key, kept, &root, level, false).ok);
        });
        if (!ok) {
            return false;
        }
        m_writer.newline(level);
        m_writer.raw('}');
        return true;
    }

private:
    struct Written {
        bool ok = true;
        bool wrote = false;
    };

    /// Writes one member of an object (with the separator before it unless `first`), or nothing
    /// when the tree leaves it out.
    Written write_member(std::string_view key, const detail::BinaryView& value, const MergeRules::Node* rules,
                         int level, bool first) {
        const MergeRules::Node* child_rules = rules ? rules->child(key) : nullptr;
        const MergeRule rule = child_rules ? child_rules->rule : MergeRule::none;
        if (rule == MergeRule::omit) {
            return {};
        }
        const bool literal = is_literal(value, rule);
        if (literal && value.is_null()) {
            return {false, false}; // the tree drops it but keeps its parent, even when left empty
        }
        if (!literal && !may_write(value, child_rules)) {
            return {}; // nothing in it is merged (empty, or only omitted or empty fields): left out
        }
        if (!first) {
            m_writer.raw(',');
        }
        m_writer.newline(level + 1);
        m_writer.string(key);
        m_writer.colon();
        if (literal) {
            write_encoded(m_writer, value, level + 1);
            return {true, true};
        }
        m_path.push(key);
        const bool ok = value.is_object() ? write_object(value, child_rules, level + 1, false)
                                          : write_array(value, child_rules, level + 1);
        m_path.pop();
        return {ok, true};
    }

    /// An object merged field by field: false when the tree would write it otherwise or not at
    /// all (nothing of it written).
    bool write_object(const detail::BinaryView& object, const MergeRules::Node* rules, int level, bool has_item_id) {
        const bool repeated = may_repeat_keys(object);
        m_writer.raw('{');
        bool first = true;
        if (has_item_id) {
            // The tree keeps an array's object's id first, as it was created with.
            detail::BinaryView id;
            object.find("id", id);
            m_writer.newline(level + 1);
            m_writer.string("id");
            m_writer.colon();
            write_encoded(m_writer, id, level + 1);
            first = false;
        }
        bool ok = true;
        std::size_t position = 0;
        object.for_each_member([&](std::string_view key, const detail::BinaryView& value) {
            const std::size_t at = position++;
            if (!ok || (has_item_id && key == "id")) {
                return;
            }
            detail::BinaryView kept = value;
            const Place place = repeated ? place_of(object, key, at, rules, kept) : Place::write;
            if (place != Place::write) {
                ok = place == Place::skip;
                return;
            }
            const Written written = write_member(key, kept, rules, level, first);
            ok = written.ok;
            first = first && !written.wrote;
        });
        if (!ok || first) {
            return false; // first: nothing written, which the tree leaves out
        }
        m_writer.newline(level);
        m_writer.raw('}');
        return true;
    }

    /// A non-empty array of objects merged by id (or appended, or by position).
    bool write_array(const detail::BinaryView& array, const MergeRules::Node* rules, int level) {
        const ArrayOverride override = rules ? rules->override : ArrayOverride::none;
        // Ids as the tree compares them (id_key): strings and integers by their text, so "1"
        // and 1 are one id. Others would need Python's str(): left to the tree.
        m_ids.clear();
        bool ok = true;
        std::size_t without_id = 0;
        array.for_each_item([&](std::size_t, const detail::BinaryView& item) {
            detail::BinaryView id;
            if (!ok) {
                return;
            }
            if (!item.find("id", id)) {
                ++without_id; // appended as it is
                return;
            }
            const bool integer =
                id.is_number() && id.text().find_first_of(".eE") == std::string_view::npos && id.text() != "-0";
            ok = id.is_string() || integer;
            if (ok) {
                m_ids.push_back(id.text());
            }
        });
        if (!ok) {
            return false;
        }
        std::sort(m_ids.begin(), m_ids.end());
        if (std::adjacent_find(m_ids.begin(), m_ids.end()) != m_ids.end()) {
            return false; // a duplicate-id warning, and objects merged into one
        }
        const bool warn_without_id = without_id > 0 && override != ArrayOverride::append;
        const std::string pointer = warn_without_id ? m_path.pointer() : std::string();
        m_writer.raw('[');
        bool warned = false;
        std::size_t written = 0;
        array.for_each_item([&](std::size_t index, const detail::BinaryView& item) {
            if (!ok) {
                return;
            }
            detail::BinaryView id;
            const bool has_id = item.find("id", id);
            if (!has_id && warn_without_id && !warned) {
                // Where the tree warns: at the first object without id, counting them all.
                warned = true;
                m_warnings.push_back(
                    {"missing-id",
                     std::string(m_ocid),
                     m_release_id,
                     pointer,
                     without_id == 1
                         ? "an object without an `id` in an array merged by id: it is appended, never merged"
                         : std::to_string(without_id) + " objects without an `id` in an array merged by "
                                                        "id: they are appended, never merged",
                     {}});
            }
            if (!has_id && !may_write(item, rules)) {
                return; // the tree appends it, and leaves it out
            }
            if (written++ > 0) {
                m_writer.raw(',');
            }
            m_writer.newline(level + 1);
            m_path.push(index);
            ok = write_object(item, rules, level + 1, has_id);
            m_path.pop();
        });
        if (!ok || written == 0) {
            return false; // written == 0: the tree leaves the array out
        }
        m_writer.newline(level);
        m_writer.raw(']');
        return true;
    }

    /// False when the tree would neither merge a leaf in an object or array of objects (so leave
    /// it out) nor warn about it: nothing in it but omitted fields and empty objects and arrays.
    /// True for any other, which is written, and given up on when it writes nothing after all
    /// (a null counts as a leaf, as the tree keeps an object of nulls; this writer gives up there).
    static bool may_write(const detail::BinaryView& container, const MergeRules::Node* rules) {
        if (container.is_array()) {
            return container.size() > 0; // its objects without id may be warned about
        }
        bool found = false;
        container.for_each_member([&](std::string_view key, const detail::BinaryView& value) {
            if (found) {
                return;
            }
            const MergeRules::Node* child_rules = rules ? rules->child(key) : nullptr;
            const MergeRule rule = child_rules ? child_rules->rule : MergeRule::none;
            found = rule != MergeRule::omit && (is_literal(value, rule) || may_write(value, child_rules));
        });
        return found;
    }

    /// Where a key an object may give more than once is written: the tree merges every value of
    /// it at the first one's place, so for literals other than null the last wins there.
    enum class Place { write, skip, give_up };
    static Place place_of(const detail::BinaryView& object, std::string_view key, std::size_t at,
                          const MergeRules::Node* rules, detail::BinaryView& value) {
        const MergeRules::Node* child_rules = rules ? rules->child(key) : nullptr;
        const MergeRule rule = child_rules ? child_rules->rule : MergeRule::none;
        std::size_t index = 0, count = 0;
        bool literals = true, earlier = false;
        object.for_each_member([&](std::string_view other, const detail::BinaryView& other_value) {
            if (other == key) {
                earlier = earlier || index < at;
                literals = literals && !other_value.is_null() && is_literal(other_value, rule);
                value = other_value;
                ++count;
            }
            ++index;
        });
        if (earlier) {
            return Place::skip;
        }
        return count == 1 || literals || rule == MergeRule::omit ? Place::write : Place::give_up;
    }

    static std::size_t occurrences(const detail::BinaryView& object, std::string_view key) {
        std::size_t count = 0;
        object.for_each_member([&](std::string_view other, const detail::BinaryView&) { count += other == key; });
        return count;
    }

    /// Whether an object may have a key twice (then place_of says where each is written).
    static bool may_repeat_keys(const detail::BinaryView& object) {
        constexpr std::size_t most = 32;
        const std::uint32_t count = object.size();
        if (count > most) {
            return true; // rare: not worth sorting
        }
        std::string_view keys[most];
        std::size_t n = 0;
        bool repeated = false;
        object.for_each_member([&](std::string_view key, const detail::BinaryView&) {
            for (std::size_t i = 0; i < n && !repeated; ++i) {
                repeated = keys[i] == key;
            }
            keys[n++] = key;
        });
        return repeated;
    }

    JsonWriter& m_writer;
    std::vector<MergeWarning>& m_warnings;
    std::string_view m_ocid;
    std::string m_release_id;
    Path m_path;
    std::vector<std::string_view> m_ids; // of the array being checked
};

/// Release ids remembered per process to find repeated ones; past this many, a process (a
/// hostile one: millions of releases of one ocid) is checked no further, so memory stays flat.
constexpr std::size_t max_remembered_ids = 100000;

/// Merges the releases of one contracting process one at a time, in date order, holding only the
/// merged state: memory does not grow with the number of releases (only with the fields and,
/// for a versioned release, the history they make).
template<typename V>
class ProcessMerge {
public:
    ProcessMerge(const MergeRules& rules, MergeOutput output, std::vector<MergeWarning>& warnings,
                 bool keep_views = false)
        : m_warnings(output.warnings ? &warnings : nullptr) {
        if (output.compiled) {
            m_compiled.emplace(rules, false, m_warnings, keep_views);
        }
        if (output.versioned) {
            m_versioned.emplace(rules, true, output.compiled ? nullptr : m_warnings);
        }
    }

    /// Adds the next release: in date order, releases of equal dates in input order. `R` is V,
    /// or ValueRef for a release held as a Value.
    /// @throws merge_error
    template<typename R = V>
    void add(const R& release) {
        if (m_count == 0) {
            m_ocid = text_of(release, "ocid");
        }
        const std::string release_id = text_of(release, "id");
        std::string date = date_of(release, m_ocid, release_id);
        if (m_count > 0 && date == m_date && m_warnings) {
            m_warnings->push_back({"same-date",
                                   m_ocid,
                                   release_id,
                                   "/date",
                                   "releases " + m_release_id + " and " + release_id + " have the same date " + date +
                                       "; the later one in the input wins",
                                   {}});
        }
        R id;
        if (m_warnings && release.find("id", id) && m_ids.size() < max_remembered_ids &&
            !m_ids.insert(release_id).second) {
            m_warnings->push_back({"duplicate-release-id",
                                   m_ocid,
                                   release_id,
                                   "/id",
                                   "two releases of this ocid have the id " + release_id,
                                   {}});
        }
        R ocid;
        // Read before the release's values may be taken away.
        m_last_ocid = release.find("ocid", ocid) ? ocid.to_value() : Value();
        const Value date_value(date);
        if (m_versioned) {
            R tag;
            const Value tag_value = release.find("tag", tag) ? tag.to_value() : Value();
            m_versioned->merge(release, m_ocid, release_id, date_value, tag_value, {"tag", "ocid"});
        }
        if (m_compiled) {
            m_compiled->merge(release, m_ocid, release_id, date_value, Value(), {"tag"});
        }
        m_release_id = release_id;
        m_date = std::move(date);
        ++m_count;
    }

    /// Writes the compiled release of what was added, as JsonWriter would write finish()'s.
    void write_compiled(JsonWriter& writer, int level) {
        const Node& root = m_compiled->root();
        // finish() starts from these four members; merged fields of the same names take their
        // places, the others follow in merged order.
        const auto merged = [&](std::string_view key, int at_level) {
            for (const auto& [name, child] : root.members) {
                if (name == key && is_written(*child)) {
                    write_compiled_node(writer, *child, at_level);
                    return Head::merged;
                }
            }
            return Head::unmerged;
        };
        write_compiled_head(writer, level, m_ocid, m_date, merged, [&] { writer.value(m_last_ocid, level + 1); });
        for (const auto& [key, child] : root.members) {
            if (!is_written(*child) || is_compiled_head(key)) {
                continue;
            }
            writer.raw(',');
            writer.newline(level + 1);
            writer.string(key);
            writer.colon();
            write_compiled_node(writer, *child, level + 1);
        }
        writer.newline(level);
        writer.raw('}');
    }

    /// The compiled and/or versioned release of what was added.
    MergeResult finish() {
        MergeResult result;
        if (m_compiled) {
            Value merged = to_value(m_compiled->root(), false);
            Value compiled = Value::object();
            auto& members = compiled.as_object();
            members.push_back({"tag", Value(Value::Array{Value("compiled")})});
            members.push_back({"id", Value(m_ocid + "-" + m_date)});
            members.push_back({"date", Value(m_date)});
            members.push_back({"ocid", m_last_ocid});
            // Fields a schema does not omit (id, date, ocid in a bare schema) take the merged value.
            for (auto& field : merged.as_object()) {
                if (Value* existing = compiled.find(field.key)) {
                    *existing = std::move(field.value);
                } else {
                    members.push_back(std::move(field));
                }
            }
            result.compiled = std::move(compiled);
        }
        if (m_versioned) {
            Value versioned = Value::object();
            versioned.as_object().push_back({"ocid", m_last_ocid});
            Value merged = to_value(m_versioned->root(), true);
            for (auto& field : merged.as_object()) {
                versioned.as_object().push_back(std::move(field));
            }
            result.versioned = std::move(versioned);
        }
        return result;
    }

private:
    std::vector<MergeWarning>* m_warnings; ///< null: not asked for
    std::optional<TreeMerger> m_compiled;
    std::optional<TreeMerger> m_versioned;
    std::string m_ocid;       // as messages name it: the first release's
    Value m_last_ocid;        // the latest release's, as the merged releases carry it
    std::string m_release_id; // of the latest release
    std::string m_date;       // of the latest release
    std::unordered_set<std::string> m_ids;
    std::size_t m_count = 0;
};

/// Adds the releases to `process` in date order: dates must be strings to be ordered (the first
/// release without one, in input order, is the error); the order is stable, so equal dates keep
/// input order. Returns that order.
template<typename V>
std::vector<std::size_t> merge_in_date_order(const std::vector<V>& releases, ProcessMerge<V>& process) {
    const std::string ocid = releases.empty() ? std::string() : text_of(releases.front(), "ocid");
    std::vector<std::string> dates(releases.size());
    std::vector<std::size_t> order(releases.size());
    for (std::size_t i = 0; i < releases.size(); ++i) {
        dates[i] = date_of(releases[i], ocid, text_of(releases[i], "id"));
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return dates[a] < dates[b]; });
    for (const std::size_t i : order) {
        process.add(releases[i]);
    }
    return order;
}

template<typename V>
MergeResult merge(const std::vector<V>& releases, const MergeRules& rules, MergeOutput output,
                  std::vector<MergeWarning>& warnings) {
    ProcessMerge<V> process(rules, output, warnings);
    std::vector<std::size_t> order = merge_in_date_order(releases, process);
    MergeResult result = process.finish();
    result.order = std::move(order);
    return result;
}

std::vector<ValueRef> refs(const std::vector<const Value*>& releases) {
    std::vector<ValueRef> out;
    out.reserve(releases.size());
    for (const Value* release : releases) {
        out.emplace_back(*release);
    }
    return out;
}

} // namespace

MergeResult merge_releases(const std::vector<const Value*>& releases, const MergeRules& rules, MergeOutput output,
                           std::vector<MergeWarning>& warnings) {
    return merge(refs(releases), rules, output, warnings);
}

MergeResult merge_encoded_releases(const std::vector<detail::BinaryView>& releases, const MergeRules& rules,
                                   MergeOutput output, std::vector<MergeWarning>& warnings) {
    return merge(releases, rules, output, warnings);
}

std::vector<std::size_t> write_compiled_release(const std::vector<detail::BinaryView>& releases,
                                                const MergeRules& rules, std::vector<MergeWarning>& warnings,
                                                JsonWriter& writer, int level) {
    if (releases.size() == 1 && write_single_compiled_release(releases.front(), rules, warnings, writer, level)) {
        return {0};
    }
    ProcessMerge<detail::BinaryView> process(rules, MergeOutput{}, warnings, true);
    std::vector<std::size_t> order = merge_in_date_order(releases, process);
    process.write_compiled(writer, level);
    return order;
}

bool write_single_compiled_release(const detail::BinaryView& release, const MergeRules& rules,
                                   std::vector<MergeWarning>& warnings, JsonWriter& writer, int level) {
    // Written aside first: what was written, and warned, is dropped when the tree must do it.
    thread_local std::string written;
    written.clear();
    const std::size_t warnings_before = warnings.size();
    {
        StringSink sink(written);
        JsonWriter aside(sink, writer.indent());
        if (!SingleReleaseWriter(aside, warnings).write_release(release, rules, level)) {
            warnings.resize(warnings_before);
            return false;
        }
        sink.finish();
    }
    writer.raw(written);
    return true;
}

struct IncrementalMerge::Impl {
    Impl(const MergeRules& rules, MergeOutput output, std::vector<MergeWarning>& warnings)
        : process(rules, output, warnings) {}
    ProcessMerge<detail::BinaryView> process;
};

IncrementalMerge::IncrementalMerge(const MergeRules& rules, MergeOutput output, std::vector<MergeWarning>& warnings)
    : m_impl(std::make_unique<Impl>(rules, output, warnings)) {}

IncrementalMerge::~IncrementalMerge() = default;

void IncrementalMerge::add(const detail::BinaryView& release) {
    m_impl->process.add(release);
}

void IncrementalMerge::add(const Value& release) {
    m_impl->process.add(ValueRef(release));
}

MergeResult IncrementalMerge::finish() {
    return m_impl->process.finish();
}

} // namespace ocds
