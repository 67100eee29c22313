#include <ocds/io/reader.hpp>

#include <ocds/io/byte_source.hpp>
#include <ocds/core/detail/binary.hpp>
#include <ocds/core/detail/json_bytes.hpp>
#include <ocds/core/detail/json.hpp>
#include <ocds/core/files.hpp>
#include <ocds/io/input_stream.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace ocds {

namespace {

/// Builds one Value from SAX events, with an explicit stack (no recursion).
class Builder {
public:
    bool active() const noexcept { return m_active; }

    void start() {
        m_root = Value();
        m_stack.clear();
        m_active = true;
    }

    /// Stores a scalar; returns true when it was the whole value.
    bool scalar(Value value) {
        *slot() = std::move(value);
        return m_stack.empty();
    }

    void open(Value container) {
        Value* target = slot();
        *target = std::move(container);
        m_stack.push_back(target);
    }

    void key(const char* text, std::size_t length) {
        m_stack.back()->as_object().push_back(Value::Member{std::string(text, length), Value()});
    }

    /// Closes the innermost container; returns true when that completed the value.
    bool close() {
        m_stack.pop_back();
        return m_stack.empty();
    }

    /// Adds member `key` holding `array` to the innermost object and continues inside that array.
    void adopt_array(std::string key, Value array) {
        auto& members = m_stack.back()->as_object();
        members.push_back(Value::Member{std::move(key), std::move(array)});
        m_stack.push_back(&members.back().value);
    }

    Value& root() { return m_root; }

    Value take() {
        m_active = false;
        m_stack.clear();
        return std::move(m_root);
    }

    /// The JSON Pointer of the innermost place being built, relative to the root; without the
    /// innermost container's last member when `into_last` is false (its key is still held).
    void append_path(std::string& pointer, bool into_last = true) const {
        for (const Value* container : m_stack) {
            if (!into_last && container == m_stack.back()) {
                break;
            }
            if (container->is_array()) {
                if (!container->as_array().empty()) {
                    pointer += '/' + std::to_string(container->as_array().size() - 1);
                }
            } else if (!container->as_object().empty()) {
                pointer += '/' + pointer_token(container->as_object().back().key);
            }
        }
    }

private:
    Value* slot() {
        if (m_stack.empty()) {
            return &m_root;
        }
        Value* top = m_stack.back();
        if (top->is_array()) {
            return &top->as_array().emplace_back();
        }
        return &top->as_object().back().value;
    }

    Value m_root;
    std::vector<Value*> m_stack;
    bool m_active = false;
};

} // namespace

/// The parser thread's side: a RapidJSON SAX handler that recognises packages, streams their
/// items, and hands entries to the reader's queue in batches.
class Reader::Impl {
public:
    Impl(const std::string& path, const ReadOptions& options)
        : Impl(open_source(path), options, 0, UINT64_MAX, false, 4) {}

    /// Parses the bytes [first_byte, end_byte) of `source`, which starts at `first_byte` (a
    /// line's start); `follows_values`: other top-level values come before. Lines and values
    /// are counted from there (see Reader::Pieces); `queue_batches`: how far it may read ahead.
    Impl(std::unique_ptr<ByteSource> source, const ReadOptions& options, std::uint64_t first_byte,
         std::uint64_t end_byte, bool follows_values, std::size_t queue_batches)
        : m_source(std::move(source)), m_options(options),
          m_stream(*m_source, options.max_token_bytes, 1 << 16, first_byte, end_byte), m_follows_values(follows_values),
          m_queue_batches(queue_batches) {
        m_thread = std::thread([this] { run(); });
    }

    ~Impl() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_cancelled = true;
        }
        m_space.notify_all();
        m_thread.join();
    }

    Entry* next() {
        if (m_current_index >= m_current.size()) {
            m_current_index = 0;
            std::unique_lock<std::mutex> lock(m_mutex);
            if (!m_current.empty()) {
                // Back to the parsing thread, to be freed where it was allocated.
                m_returned.push_back(std::move(m_current));
                m_current.clear();
            }
            m_ready.wait(lock, [this] { return !m_queue.empty() || m_finished; });
            if (m_queue.empty()) {
                if (m_error) {
                    std::rethrow_exception(m_error);
                }
                return nullptr;
            }
            m_current = std::move(m_queue.front());
            m_queue.pop_front();
            lock.unlock();
            m_space.notify_one();
        }
        return &m_current[m_current_index++];
    }

    std::uint64_t bytes_read() const noexcept { return m_bytes_read.load(std::memory_order_relaxed); }
    const std::string& name() const noexcept { return m_source->name(); }
    const ByteSource& source() const noexcept { return *m_source; }

    /// Once next() has given nullptr: the top-level values read, and the line the input ended on.
    std::uint64_t values_read() const noexcept { return m_document; }
    std::uint64_t end_line() const noexcept { return m_end_line; }
    /// Whether the stream stopped early (an error in bytes not parsed yet, beyond end_byte).
    bool stream_stopped() const noexcept { return m_stream.stopped(); }

    // RapidJSON SAX handler interface. With kParseNumbersAsStringsFlag every number arrives
    // through RawNumber; the typed number callbacks exist only because the concept names them.
    bool Null() {
        const auto encoded = encoded_scalar(detail::null_tag);
        return encoded ? *encoded : value_event(Value());
    }
    bool Bool(bool b) {
        const auto encoded = encoded_scalar(b ? detail::true_tag : detail::false_tag);
        return encoded ? *encoded : value_event(Value(b));
    }
    bool Int(int) { return true; }
    bool Uint(unsigned) { return true; }
    bool Int64(std::int64_t) { return true; }
    bool Uint64(std::uint64_t) { return true; }
    bool Double(double) { return true; }
    bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
        if (length > m_options.max_number_length) {
            return fail("a number has " + std::to_string(length) + " characters; at most " +
                            std::to_string(m_options.max_number_length) + " are accepted",
                        m_stream.Tell() - length, "max-number-length");
        }
        const auto encoded = encoded_scalar(detail::number_tag, {text, length});
        return encoded ? *encoded : value_event(Value::number(std::string(text, length)));
    }
    bool String(const char* text, rapidjson::SizeType length, bool) {
        const auto encoded = encoded_scalar(detail::string_tag, {text, length});
        return encoded ? *encoded : value_event(Value(std::string(text, length)));
    }
    bool StartObject() { return open_event(Value::object()); }
    bool StartArray() { return open_event(Value::array()); }
    bool Key(const char* text, rapidjson::SizeType length, bool);
    bool EndObject(rapidjson::SizeType) { return close_event(); }
    bool EndArray(rapidjson::SizeType) { return close_event(); }

private:
    // Where the next event belongs. Levels: the root value is at 0; a candidate (an object that
    // may be a package, a release or a record) sits at level C (0, or 1 inside a top-level array);
    // its members' values at C+1; a package's items at C+2.
    bool value_event(Value value);
    /// Empty when the scalar is not part of an encoded item; else the handler's result.
    std::optional<bool> encoded_scalar(detail::BinaryTag tag, std::string_view text = {});
    bool encoding_here(std::size_t level) const {
        return m_options.encode_items && m_package && m_items_open && level == m_candidate_level + 2;
    }
    bool encoded_item_complete();
    bool encoded_candidate_complete();
    void decode_candidate();
    bool open_event(Value container);
    bool close_event();
    bool start_candidate();
    bool candidate_member_value(bool is_array);
    bool item_complete();
    bool candidate_complete();
    bool element_complete(Value value, Kind kind);
    void resolve_pending_as_record();
    bool resolve_pending_as_package();
    bool emit_package_start();
    bool emit_item(Value value, Kind kind, Kind container, std::size_t index, const std::string& pointer,
                   const Location& start);
    bool emit(Entry entry);
    /// Stops parsing with `message` about the token that started at `offset`.
    /// Stops the parse with `message`; `setting` names the limit that stopped it, if one did.
    bool fail(std::string message, std::uint64_t offset, std::string setting = {});
    void begin_document();
    void end_document();
    std::string current_pointer() const;
    Location location_at(std::uint64_t byte);
    std::string parse_error_message(rapidjson::ParseErrorCode code, std::uint64_t offset);
    void run();
    void parse_all();
    void flush_batch();

    std::unique_ptr<ByteSource> m_source;
    ReadOptions m_options;
    InputStream m_stream;

    // Parser state (parser thread only).
    std::size_t m_depth = 0;       // open containers
    std::uint64_t m_document = 0;  // index of the current top-level value
    bool m_follows_values = false; // values came before the source's first byte
    std::size_t m_queue_batches = 4;
    std::uint64_t m_end_line = 0;
    bool m_document_has_events = false;
    DocumentEnd m_summary;
    bool m_root_is_array = false;
    std::size_t m_root_index = 0; // next element index of a top-level array

    bool m_candidate = false;
    std::size_t m_candidate_level = 0;
    Location m_candidate_start;
    Builder m_candidate_builder;
    bool m_candidate_encoded = false; // the candidate is being encoded, until it turns out not to be an item
    bool m_key_held = false;
    std::string m_held_key;
    bool m_decided_record = false;

    bool m_items_open = false; // inside a package's items array (or a pending one)
    bool m_package = false;    // the candidate turned out to be a package
    Kind m_package_kind = Kind::release_package;
    std::string m_items_key;
    std::size_t m_item_index = 0;
    Location m_item_start;
    Builder m_item_builder;
    detail::BinaryBuilder m_encoder; // items of packages, with encode_package_items

    // A "releases" array met before anything told a package from a record: its items wait here
    // until a linked release, a second ocid, or the object's other members decide.
    bool m_pending = false;
    std::vector<Item> m_pending_items;
    std::size_t m_pending_position = 0;

    std::string m_error_message;
    std::string m_error_setting;
    std::string m_error_pointer;
    std::uint64_t m_error_offset = 0;

    // The queue between the threads.
    std::vector<Entry> m_batch;
    std::uint64_t m_batch_byte = 0;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_space;
    std::deque<std::vector<Entry>> m_queue;
    std::vector<std::vector<Entry>> m_returned; // consumed batches, to be freed by the parsing thread
    bool m_finished = false;
    std::atomic<bool> m_cancelled{false};
    std::exception_ptr m_error;
    std::atomic<std::uint64_t> m_bytes_read{0};
    std::thread m_thread;

    // Consumer side.
    std::vector<Entry> m_current;
    std::size_t m_current_index = 0;
};

namespace {
constexpr std::size_t batch_entries = 256;
constexpr std::uint64_t batch_bytes = 1u << 20;

std::vector<std::string> setting_list(const std::string& setting) {
    return setting.empty() ? std::vector<std::string>{} : std::vector<std::string>{setting};
}

} // namespace

bool Reader::Impl::fail(std::string message, std::uint64_t offset, std::string setting) {
    m_error_message = std::move(message);
    m_error_setting = std::move(setting);
    m_error_pointer = current_pointer();
    m_error_offset = offset;
    return false;
}

/// A scalar inside an item being encoded, or a scalar item of a package being encoded.
std::optional<bool> Reader::Impl::encoded_scalar(detail::BinaryTag tag, std::string_view text) {
    if (!m_encoder.active() && !encoding_here(m_depth)) {
        return std::nullopt;
    }
    m_stream.mark_token();
    m_document_has_events = true;
    if (!m_encoder.active()) {
        m_encoder.start();
        m_item_start = location_at(m_stream.Tell());
    }
    return m_encoder.scalar(tag, text) ? encoded_item_complete() : true;
}

/// The encoded candidate has a releases or records member: decode what was encoded so far and
/// go on building it as a Value.
void Reader::Impl::decode_candidate() {
    m_encoder.close(); // writes the count so far (only the candidate's object is open)
    const char* cursor = m_encoder.encoded().data();
    Value so_far = detail::decode(cursor);
    m_encoder.finish();
    m_candidate_encoded = false;
    m_candidate_builder.start();
    m_candidate_builder.open(std::move(so_far));
}

bool Reader::Impl::encoded_candidate_complete() {
    m_encoder.finish();
    m_candidate = false;
    m_candidate_encoded = false;
    Item item;
    item.is_encoded = true;
    item.encoded.assign(m_encoder.encoded());
    item.ocid = m_encoder.ocid();
    item.has_ocid = m_encoder.has_ocid();
    item.kind = classify(detail::BinaryView(item.encoded.data()));
    item.location = m_candidate_start;
    if (m_root_is_array) {
        ++m_summary.elements[item.kind];
        item.index = m_root_index++;
        item.location.pointer = '/' + std::to_string(item.index);
    } else {
        m_summary.kind = item.kind;
    }
    return emit(std::move(item));
}

bool Reader::Impl::encoded_item_complete() {
    m_encoder.finish();
    Item item;
    item.is_encoded = true;
    item.encoded.assign(m_encoder.encoded());
    item.ocid = m_encoder.ocid();
    item.has_ocid = m_encoder.has_ocid();
    const bool is_object = !item.encoded.empty() && item.encoded[0] == detail::object_tag;
    item.kind = !is_object ? Kind::other : m_package_kind == Kind::record_package ? Kind::record : Kind::release;
    item.container = m_package_kind;
    item.index = m_item_index++;
    item.location = m_item_start;
    item.location.pointer = (m_root_is_array ? '/' + std::to_string(m_root_index) : std::string()) + '/' +
                            pointer_token(m_items_key) + '/' + std::to_string(item.index);
    return emit(std::move(item));
}

bool Reader::Impl::value_event(Value value) {
    m_stream.mark_token();
    m_document_has_events = true;
    if (m_item_builder.active()) {
        return m_item_builder.scalar(std::move(value)) ? item_complete() : true;
    }
    if (m_items_open && m_depth == m_candidate_level + 2) {
        m_item_builder.start();
        m_item_start = location_at(m_stream.Tell());
        m_item_builder.scalar(std::move(value));
        return item_complete();
    }
    if (m_candidate && m_depth == m_candidate_level + 1) {
        if (!candidate_member_value(false)) {
            return false;
        }
        m_candidate_builder.scalar(std::move(value));
        return true;
    }
    if (m_candidate) {
        m_candidate_builder.scalar(std::move(value));
        return true;
    }
    // A scalar as the root value or as an element of a top-level array.
    if (m_depth == 0) {
        m_summary.first_byte = m_stream.Tell();
    }
    m_item_start = location_at(m_stream.Tell());
    // Classified before the move: the order in which arguments are evaluated is unspecified
    // (GCC happened to classify first, Clang moves first).
    const Kind kind = classify(value);
    return element_complete(std::move(value), kind);
}

bool Reader::Impl::open_event(Value container) {
    m_stream.mark_token();
    m_document_has_events = true;
    if (m_depth + 1 > m_options.max_depth) {
        return fail("arrays and objects are nested deeper than " + std::to_string(m_options.max_depth) + " levels",
                    m_stream.Tell() - 1, "max-depth");
    }
    const bool is_array = container.is_array();
    const std::size_t level = m_depth++;
    if (m_encoder.active() || encoding_here(level)) {
        if (!m_encoder.active()) {
            m_encoder.start();
            m_item_start = location_at(m_stream.Tell() - 1);
        }
        m_encoder.open(!is_array);
        return true;
    }
    if (m_item_builder.active()) {
        m_item_builder.open(std::move(container));
        return true;
    }
    if (m_items_open && level == m_candidate_level + 2) {
        m_item_builder.start();
        m_item_start = location_at(m_stream.Tell() - 1);
        m_item_builder.open(std::move(container));
        return true;
    }
    if (m_candidate && level == m_candidate_level + 1) {
        if (!candidate_member_value(is_array)) {
            return false;
        }
        if (m_items_open) {
            return true; // the items array itself is not part of the candidate
        }
        m_candidate_builder.open(std::move(container));
        return true;
    }
    if (m_candidate) {
        m_candidate_builder.open(std::move(container));
        return true;
    }
    if (level == 0) {
        m_summary.first_byte = m_stream.Tell() - 1;
        m_summary.first_line = m_stream.locate(m_summary.first_byte).line;
        if (m_options.whole_values) {
            m_item_builder.start();
            m_item_start = location_at(m_summary.first_byte);
            m_item_builder.open(std::move(container));
            return true;
        }
        if (is_array) {
            m_root_is_array = true;
            m_summary.is_array = true;
            return true;
        }
        return start_candidate();
    }
    // An element of a top-level array: objects may be packages; arrays are built whole.
    if (!is_array) {
        return start_candidate();
    }
    m_item_builder.start();
    m_item_start = location_at(m_stream.Tell() - 1);
    m_item_builder.open(std::move(container));
    return true;
}

bool Reader::Impl::start_candidate() {
    m_candidate = true;
    m_candidate_level = m_depth - 1;
    m_candidate_start = location_at(m_stream.Tell() - 1);
    m_candidate_encoded = m_options.encode_items;
    if (m_candidate_encoded) {
        m_encoder.start();
        m_encoder.open(true);
    } else {
        m_candidate_builder.start();
        m_candidate_builder.open(Value::object());
    }
    m_key_held = false;
    m_decided_record = false;
    m_items_open = false;
    m_package = false;
    m_pending = false;
    m_item_index = 0;
    return true;
}

bool Reader::Impl::Key(const char* text, rapidjson::SizeType length, bool) {
    m_stream.mark_token();
    if (m_candidate_encoded && m_depth == m_candidate_level + 1) {
        const std::string_view key(text, length);
        if (key != "releases" && key != "records") {
            m_encoder.key(key);
            return true;
        }
        decode_candidate(); // a package or a record: on with the Value path, which tells them apart
    } else if (m_encoder.active()) {
        m_encoder.key({text, length});
        return true;
    }
    if (m_item_builder.active()) {
        m_item_builder.key(text, length);
        return true;
    }
    if (m_candidate && m_depth == m_candidate_level + 1) {
        m_held_key.assign(text, length);
        m_key_held = true;
        if (m_pending && !m_items_open) {
            if (m_held_key == "ocid") {
                resolve_pending_as_record();
            } else if (is_package_metadata_key(m_held_key)) {
                return resolve_pending_as_package();
            }
        }
        return true;
    }
    m_candidate_builder.key(text, length);
    return true;
}

/// A value starts at the candidate's member level: decide whether it is a package's items array.
bool Reader::Impl::candidate_member_value(bool is_array) {
    const bool items_key = m_key_held && (m_held_key == "releases" || m_held_key == "records");
    if (is_array && items_key && !m_decided_record) {
        const Value& so_far = m_candidate_builder.root();
        bool has_metadata = false;
        for (const auto& member : so_far.as_object()) {
            has_metadata = has_metadata || is_package_metadata_key(member.key);
        }
        if (m_held_key == "records" || (!so_far.find("ocid") && (has_metadata || m_package))) {
            m_package = true;
            m_package_kind = m_held_key == "records" ? Kind::record_package : Kind::release_package;
        } else if (so_far.find("ocid")) {
            m_decided_record = true;
        } else {
            m_pending = true;
            m_pending_position = so_far.as_object().size();
        }
        if (m_package || m_pending) {
            m_items_open = true;
            m_items_key = m_held_key;
            m_key_held = false;
            return m_package ? emit_package_start() : true;
        }
    }
    if (m_key_held) {
        m_candidate_builder.key(m_held_key.data(), m_held_key.size());
        m_key_held = false;
    }
    return true;
}

bool Reader::Impl::close_event() {
    m_stream.mark_token();
    const std::size_t level = --m_depth;
    if (m_encoder.active()) {
        if (!m_encoder.close()) {
            return true;
        }
        return m_candidate_encoded ? encoded_candidate_complete() : encoded_item_complete();
    }
    if (m_item_builder.active()) {
        return m_item_builder.close() ? item_complete() : true;
    }
    if (m_items_open && level == m_candidate_level + 1) {
        m_items_open = false;
        return true;
    }
    if (m_candidate && level > m_candidate_level) {
        m_candidate_builder.close();
        return true;
    }
    if (m_candidate && level == m_candidate_level) {
        m_candidate_builder.close();
        return candidate_complete();
    }
    // The end of a top-level array.
    return true;
}

bool Reader::Impl::item_complete() {
    Value value = m_item_builder.take();
    if (!m_items_open) {
        const Kind kind = classify(value);
        return element_complete(std::move(value), kind);
    }
    const std::size_t index = m_item_index++;
    std::string pointer = m_root_is_array ? '/' + std::to_string(m_root_index) : std::string();
    pointer += '/' + pointer_token(m_items_key) + '/' + std::to_string(index);
    if (m_package) {
        Kind kind = classify(value);
        if (m_package_kind == Kind::record_package) {
            kind = value.is_object() ? Kind::record : Kind::other;
        } else if (!is_release_kind(kind)) {
            kind = value.is_object() ? Kind::release : Kind::other;
        }
        return emit_item(std::move(value), kind, m_package_kind, index, pointer, m_item_start);
    }
    // Pending: a linked release means a record; a second ocid means a package.
    const Kind kind = classify(value);
    Item item;
    item.kind = is_release_kind(kind) || kind == Kind::linked_release ? kind : Kind::release;
    item.container = Kind::release_package;
    item.index = index;
    item.location = m_item_start;
    item.location.pointer = std::move(pointer);
    item.value = std::move(value);
    const std::string* ocid = item.value.find_string("ocid");
    const std::string* first_ocid =
        m_pending_items.empty() ? nullptr : m_pending_items.front().value.find_string("ocid");
    const bool other_ocid = ocid && first_ocid && *ocid != *first_ocid;
    m_pending_items.push_back(std::move(item));
    if (kind == Kind::linked_release) {
        resolve_pending_as_record();
        return true;
    }
    if (other_ocid) {
        return resolve_pending_as_package();
    }
    return true;
}

void Reader::Impl::resolve_pending_as_record() {
    Value releases = Value::array();
    for (auto& item : m_pending_items) {
        releases.push_back(std::move(item.value));
    }
    m_pending_items.clear();
    m_pending = false;
    m_decided_record = true;
    if (m_items_open) {
        // Still inside the array: the rest of it is built as part of the record.
        m_items_open = false;
        m_candidate_builder.adopt_array(m_items_key, std::move(releases));
    } else {
        auto& members = m_candidate_builder.root().as_object();
        members.insert(members.begin() + static_cast<std::ptrdiff_t>(m_pending_position),
                       Value::Member{m_items_key, std::move(releases)});
    }
}

bool Reader::Impl::resolve_pending_as_package() {
    m_pending = false;
    m_package = true;
    m_package_kind = Kind::release_package;
    if (!emit_package_start()) {
        return false;
    }
    for (auto& item : m_pending_items) {
        if (!emit(std::move(item))) {
            return false;
        }
    }
    m_pending_items.clear();
    return true;
}

bool Reader::Impl::emit_package_start() {
    PackageStart start;
    start.kind = m_package_kind;
    start.metadata = m_candidate_builder.root();
    start.location = m_candidate_start;
    if (m_root_is_array) {
        start.location.pointer = '/' + std::to_string(m_root_index);
    }
    return emit(std::move(start));
}

bool Reader::Impl::candidate_complete() {
    if (m_pending) {
        if (m_candidate_builder.root().find("ocid")) {
            resolve_pending_as_record();
        } else if (!resolve_pending_as_package()) {
            return false;
        }
    }
    m_candidate = false;
    const bool record = m_decided_record;
    m_decided_record = false;
    Value value = m_candidate_builder.take();
    if (m_package) {
        PackageEnd end;
        end.kind = m_package_kind;
        end.items = m_item_index;
        end.location = m_candidate_start;
        if (m_root_is_array) {
            end.location.pointer = '/' + std::to_string(m_root_index);
        }
        end.metadata = std::move(value);
        m_package = false;
        if (m_root_is_array) {
            ++m_summary.elements[end.kind];
            ++m_root_index;
        } else {
            m_summary.kind = end.kind;
        }
        return emit(std::move(end));
    }
    m_item_start = m_candidate_start;
    const Kind kind = record ? Kind::record : classify(value);
    return element_complete(std::move(value), kind);
}

/// A complete value that is a root value or an element of a top-level array.
bool Reader::Impl::element_complete(Value value, Kind kind) {
    if (m_root_is_array) {
        ++m_summary.elements[kind];
        const std::size_t index = m_root_index++;
        return emit_item(std::move(value), kind, Kind::other, index, '/' + std::to_string(index), m_item_start);
    }
    m_summary.kind = kind;
    return emit_item(std::move(value), kind, Kind::other, 0, std::string(), m_item_start);
}

bool Reader::Impl::emit_item(Value value, Kind kind, Kind container, std::size_t index, const std::string& pointer,
                             const Location& start) {
    Item item;
    item.kind = kind;
    item.container = container;
    item.index = index;
    item.location = start;
    item.location.pointer = pointer;
    item.value = std::move(value);
    return emit(std::move(item));
}

bool Reader::Impl::emit(Entry entry) {
    m_batch.push_back(std::move(entry));
    if (m_batch.size() >= batch_entries || m_stream.Tell() - m_batch_byte >= batch_bytes) {
        flush_batch();
    }
    return !m_cancelled.load(std::memory_order_relaxed);
}

void Reader::Impl::flush_batch() {
    m_batch_byte = m_stream.Tell();
    m_bytes_read.store(m_batch_byte, std::memory_order_relaxed);
    if (m_batch.empty()) {
        return;
    }
    std::vector<std::vector<Entry>> consumed;
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_space.wait(lock, [this] { return m_queue.size() < m_queue_batches || m_cancelled; });
        if (m_cancelled) {
            m_batch.clear();
            return;
        }
        m_queue.push_back(std::move(m_batch));
        consumed.swap(m_returned);
    }
    m_batch.clear();
    m_ready.notify_one();
    consumed.clear(); // freed here, on the thread that allocated them, outside the lock
}

Location Reader::Impl::location_at(std::uint64_t byte) {
    Location location;
    location.file = m_source->name();
    location.byte = byte;
    location.document = m_document;
    const auto position = m_stream.locate(byte);
    location.line = position.line;
    location.column = position.column;
    return location;
}

std::string Reader::Impl::current_pointer() const {
    std::string pointer;
    if (m_root_is_array && m_depth > 0) {
        pointer += '/' + std::to_string(m_root_index);
    }
    if (m_candidate) {
        if (m_items_open) {
            pointer += '/' + pointer_token(m_items_key) + '/' + std::to_string(m_item_index);
            if (m_encoder.active()) {
                m_encoder.append_path(pointer);
            } else {
                m_item_builder.append_path(pointer);
            }
            return pointer;
        }
        if (m_candidate_encoded) {
            m_encoder.append_path(pointer);
            return pointer;
        }
        m_candidate_builder.append_path(pointer, !m_key_held);
        if (m_key_held) {
            pointer += '/' + pointer_token(m_held_key);
        }
        return pointer;
    }
    if (m_item_builder.active()) {
        m_item_builder.append_path(pointer);
    }
    return pointer;
}

void Reader::Impl::begin_document() {
    m_depth = 0;
    m_document_has_events = false;
    m_summary = DocumentEnd();
    m_summary.index = m_document;
    m_root_is_array = false;
    m_root_index = 0;
    m_candidate = false;
}

void Reader::Impl::end_document() {
    m_summary.end_byte = m_stream.Tell();
    m_summary.last_line = m_stream.locate(m_summary.end_byte > 0 ? m_summary.end_byte - 1 : 0).line;
    if (m_summary.first_line == 0) {
        m_summary.first_line = m_summary.last_line;
    }
    emit(m_summary);
    ++m_document;
}

} // namespace ocds

namespace ocds::detail {
// UTF-8 is validated by InputStream, in bulk, not by the parser.
constexpr unsigned parse_flags = rapidjson::kParseStopWhenDoneFlag | rapidjson::kParseNumbersAsStringsFlag;
} // namespace ocds::detail

namespace rapidjson {

// RapidJSON checks that every number fits a double, even when it hands numbers over as text, so
// it rejects `1e400` and 400-digit integers, which are valid JSON that must pass through
// unchanged. For our stream and handler, numbers are scanned here instead: the JSON grammar
// only, no conversion.
template<>
template<>
void GenericReader<UTF8<>, UTF8<>, CrtAllocator>::ParseNumber<ocds::detail::parse_flags, ocds::InputStream,
                                                              ocds::Reader::Impl>(ocds::InputStream& is,
                                                                                  ocds::Reader::Impl& handler) {
    const std::size_t start = is.Tell();
    std::string text;
    const auto is_digit = [&is] { return is.Peek() >= '0' && is.Peek() <= '9'; };
    const auto take_digits = [&] {
        while (is_digit()) {
            text += is.Take();
        }
    };
    if (is.Peek() == '-') {
        text += is.Take();
    }
    if (is.Peek() == '0') {
        text += is.Take();
    } else if (is_digit()) {
        take_digits();
    } else {
        RAPIDJSON_PARSE_ERROR(kParseErrorValueInvalid, is.Tell());
    }
    if (is.Peek() == '.') {
        text += is.Take();
        if (!is_digit()) {
            RAPIDJSON_PARSE_ERROR(kParseErrorNumberMissFraction, is.Tell());
        }
        take_digits();
    }
    if (is.Peek() == 'e' || is.Peek() == 'E') {
        text += is.Take();
        if (is.Peek() == '+' || is.Peek() == '-') {
            text += is.Take();
        }
        if (!is_digit()) {
            RAPIDJSON_PARSE_ERROR(kParseErrorNumberMissExponent, is.Tell());
        }
        take_digits();
    }
    if (!handler.RawNumber(text.data(), static_cast<SizeType>(text.size()), true)) {
        RAPIDJSON_PARSE_ERROR(kParseErrorTermination, start);
    }
}

// RapidJSON copies strings from a custom stream one character at a time (its bulk copy exists
// only for in-memory streams). For our stream, a run of plain characters is found eight bytes
// at a time and copied at once; RapidJSON's own loop handles what ends the run.
template<>
template<>
void GenericReader<UTF8<>, UTF8<>, CrtAllocator>::ScanCopyUnescapedString<
    ocds::InputStream, GenericReader<UTF8<>, UTF8<>, CrtAllocator>::StackStream<char>>(ocds::InputStream& is,
                                                                                       StackStream<char>& os) {
    const char* const begin = is.buffered_begin();
    const char* const end = is.buffered_end();
    const char* p = begin;
    while (end - p >= 8 && !ocds::detail::may_end_plain_run(p)) {
        p += 8;
    }
    while (p < end && *p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20) {
        ++p;
    }
    // Keep the last byte of the buffer for the stream's own Take, which refills behind it.
    if (p == end && p > begin) {
        --p;
    }
    const auto count = static_cast<SizeType>(p - begin);
    if (count > 0) {
        std::memcpy(os.Push(count), begin, count);
        is.skip_buffered(count);
    }
}

} // namespace rapidjson

namespace ocds {

std::string Reader::Impl::parse_error_message(rapidjson::ParseErrorCode code, std::uint64_t offset) {
    std::string expected;
    switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
        return "the input is empty: expected a JSON value (an OCDS package, release or record)";
    case rapidjson::kParseErrorDocumentRootNotSingular: expected = "the end of the input after the JSON value"; break;
    case rapidjson::kParseErrorValueInvalid:
        expected = "a JSON value (object, array, string, number, true, false or null)";
        break;
    case rapidjson::kParseErrorObjectMissName: expected = "a member name in double quotes"; break;
    case rapidjson::kParseErrorObjectMissColon: expected = "':' after the member name"; break;
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket: expected = "',' or '}' after the member value"; break;
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket: expected = "',' or ']' after the array element"; break;
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex: expected = "four hexadecimal digits after \\u"; break;
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
        expected = "a valid UTF-16 surrogate pair in the \\u escapes";
        break;
    case rapidjson::kParseErrorStringEscapeInvalid:
        expected = "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)";
        break;
    case rapidjson::kParseErrorStringMissQuotationMark: expected = "the closing '\"' of the string"; break;
    case rapidjson::kParseErrorStringInvalidEncoding:
        return "invalid UTF-8: expected text encoded as UTF-8 (is the file in another encoding, such as Latin-1?)";
    case rapidjson::kParseErrorNumberMissFraction: expected = "digits after the decimal point"; break;
    case rapidjson::kParseErrorNumberMissExponent: expected = "digits in the exponent"; break;
    default: expected = rapidjson::GetParseError_En(code); break;
    }
    if (m_stream.at_end() && offset >= m_stream.Tell()) {
        return "the input ends too early (truncated JSON?): expected " + expected;
    }
    if (code == rapidjson::kParseErrorValueInvalid && !m_document_has_events && (m_document > 0 || m_follows_values)) {
        return "unexpected text after the end of a JSON value: expected another JSON value or the end of the input";
    }
    return "expected " + expected;
}

void Reader::Impl::parse_all() {
    rapidjson::Reader parser;
    for (;;) {
        begin_document();
        const rapidjson::ParseResult result = parser.Parse<detail::parse_flags>(m_stream, *this);
        if (!result.IsError()) {
            end_document();
            continue;
        }
        const auto offset = static_cast<std::uint64_t>(result.Offset());
        const bool stopped_early = !m_stream.stop_reason().empty() || m_stream.read_error();
        if (stopped_early && offset >= m_stream.stop_offset()) {
            if (m_stream.read_error()) {
                std::rethrow_exception(m_stream.read_error());
            }
            Location location = location_at(m_stream.stop_offset());
            location.pointer = current_pointer();
            throw parse_error(location, m_stream.stop_reason(), setting_list(m_stream.stop_setting()));
        }
        if (result.Code() == rapidjson::kParseErrorTermination) {
            if (m_cancelled) {
                return;
            }
            Location location = location_at(m_error_offset);
            location.pointer = m_error_pointer;
            throw parse_error(location, m_error_message, setting_list(m_error_setting));
        }
        if (result.Code() == rapidjson::kParseErrorDocumentEmpty && (m_document > 0 || m_follows_values)) {
            m_end_line = m_stream.line_at_end();
            return; // only whitespace after the last value
        }
        Location location = location_at(offset);
        location.pointer = current_pointer();
        throw parse_error(location, parse_error_message(result.Code(), offset));
    }
}

void Reader::Impl::run() {
    std::exception_ptr error;
    try {
        parse_all();
        flush_batch();
    } catch (...) {
        error = std::current_exception();
        try {
            flush_batch();
        } catch (...) {
        }
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_error = error;
        m_finished = true;
    }
    m_ready.notify_all();
}

namespace {
constexpr std::uint64_t piece_bytes = 1u << 20;       // a piece ends at the first cut after this many bytes
constexpr std::uint64_t cut_search_bytes = 32u << 20; // beyond which the rest is one piece
constexpr std::size_t pieces_at_once = 2;             // parsed at once: one read, one ahead
constexpr std::size_t piece_queue_batches = 16;       // enough for the piece ahead to finish

/// Where a top-level value that starts a line follows one that ends the line before: "}\n{" or
/// "}\r\n{". In valid JSON a `}` followed by whitespace and `{` closes a top-level value (inside
/// a value a comma would stand between), and a line break cannot be in a string.
std::optional<std::uint64_t> find_cut(int fd, const std::string& name, std::uint64_t from, std::uint64_t size) {
    std::vector<char> window(1 << 16);
    const std::uint64_t limit = std::min(size, from + cut_search_bytes);
    for (std::uint64_t at = from; at + 4 <= limit;) {
        const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(window.size(), limit - at));
        const std::size_t count = read_fd_at(fd, at, window.data(), wanted, name);
        if (count < 4) {
            return std::nullopt;
        }
        for (const char* p = window.data(); p + 3 <= window.data() + count;) {
            const void* found = std::memchr(p, '\n', static_cast<std::size_t>(window.data() + count - p));
            if (!found) {
                break;
            }
            const char* newline = static_cast<const char*>(found);
            const char* before = newline > window.data() && newline[-1] == '\r' ? newline - 1 : newline;
            if (before > window.data() && before[-1] == '}' && newline + 1 < window.data() + count &&
                newline[1] == '{') {
                return at + static_cast<std::uint64_t>(newline + 1 - window.data());
            }
            p = newline + 1;
        }
        at += count - 3; // a cut across two windows is found in the next
    }
    return std::nullopt;
}
} // namespace

/// Reads a plain file in pieces, each parsed on its own thread by an Impl, two at a time; hands
/// their entries out in order, shifting their lines and top-level value numbers by what came
/// before (each piece counts them from its start).
class Reader::Pieces {
public:
    Pieces(const std::string& path, const ReadOptions& options, std::uint64_t size)
        : m_path(path), m_options(options), m_size(size), m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (m_fd < 0) {
            throw io_error(system_message("cannot open", path, errno));
        }
        start_pieces();
    }
    ~Pieces() {
        m_running.clear(); // their threads stop first
        ::close(m_fd);
    }
    Pieces(const Pieces&) = delete;
    Pieces& operator=(const Pieces&) = delete;

    Entry* next() {
        while (!m_running.empty()) {
            Piece& piece = m_running.front();
            Entry* entry = nullptr;
            try {
                entry = piece.parser->next();
            } catch (const parse_error& e) {
                if (e.location().byte >= piece.end && piece.end < m_size) {
                    read_rest_whole();
                    continue;
                }
                Location location = e.location();
                shift(location);
                throw parse_error(location, e.reason(), e.settings());
            }
            if (entry) {
                ++piece.entries;
                std::visit([this](auto& value) { shift(value); }, *entry);
                return entry;
            }
            if (piece.parser->stream_stopped() && piece.end < m_size) {
                // Its last buffer has an error beyond it (a NUL byte, invalid UTF-8, a token too
                // long) that the next piece, starting afresh, might not see the same way.
                read_rest_whole();
                continue;
            }
            m_lines_before += piece.parser->end_line() - 1;
            m_values_before += piece.parser->values_read();
            m_running.pop_front();
            start_pieces();
        }
        return nullptr;
    }

    const Impl& current() const { return *m_running.front().parser; }
    bool finished() const noexcept { return m_running.empty(); }
    const std::string& name() const noexcept { return m_path; }
    std::uint64_t size() const noexcept { return m_size; }

private:
    struct Piece {
        std::unique_ptr<Impl> parser;
        std::uint64_t begin = 0, end = 0;
        std::uint64_t entries = 0; // handed out so far
    };

    void start_pieces() {
        while (m_running.size() < pieces_at_once && m_next < m_size) {
            const std::uint64_t begin = m_next;
            m_next = m_size - begin > 2 * piece_bytes
                         ? find_cut(m_fd, m_path, begin + piece_bytes, m_size).value_or(m_size)
                         : m_size;
            start(begin, m_next);
        }
    }

    void start(std::uint64_t begin, std::uint64_t end) {
        m_running.push_back(Piece{std::make_unique<Impl>(open_file_from(m_path, begin), m_options, begin, end,
                                                         begin > 0, piece_queue_batches),
                                  begin, end, 0});
    }

    /// The front piece did not end between two values (invalid JSON there): it is read again
    /// with the rest of the input, as one piece, past the entries already handed out.
    void read_rest_whole() {
        const std::uint64_t begin = m_running.front().begin;
        const std::uint64_t skip = m_running.front().entries;
        m_running.clear();
        m_next = m_size;
        start(begin, m_size);
        for (std::uint64_t i = 0; i < skip; ++i) {
            m_running.front().parser->next();
        }
        m_running.front().entries = skip;
    }

    template<class T>
    void shift(T& entry) {
        shift(entry.location);
    }
    void shift(DocumentEnd& end) {
        end.index += m_values_before;
        shift_line(end.first_line);
        shift_line(end.last_line);
    }
    void shift(Location& location) {
        location.document += m_values_before;
        shift_line(location.line);
    }
    void shift_line(std::uint64_t& line) const {
        if (line > 0) { // 0: not known
            line += m_lines_before;
        }
    }

    std::string m_path;
    ReadOptions m_options;
    std::uint64_t m_size;
    int m_fd;
    std::deque<Piece> m_running;
    std::uint64_t m_next = 0;          // where the next piece to start begins
    std::uint64_t m_lines_before = 0;  // lines of the pieces handed out
    std::uint64_t m_values_before = 0; // top-level values of the pieces handed out
};

Reader::Reader(const std::string& path, ReadOptions options) {
    // A token limit below the buffer's size would be checked differently at a piece's start.
    const bool limits_allow = options.max_token_bytes == 0 || options.max_token_bytes >= (1u << 16);
    const std::uint64_t size =
        options.parse_in_pieces && !options.whole_values && limits_allow ? plain_file_size(path) : 0;
    if (size > 2 * piece_bytes) {
        m_pieces = std::make_unique<Pieces>(path, options, size);
    } else {
        m_impl = std::make_unique<Impl>(path, options);
    }
}

Reader::~Reader() = default;

Entry* Reader::next() {
    return m_pieces ? m_pieces->next() : m_impl->next();
}

Item* Reader::next_item() {
    while (Entry* entry = next()) {
        if (auto* item = std::get_if<Item>(entry)) {
            return item;
        }
    }
    return nullptr;
}

std::uint64_t Reader::bytes_read() const noexcept {
    if (m_pieces) {
        return m_pieces->finished() ? m_pieces->size() : m_pieces->current().bytes_read();
    }
    return m_impl->bytes_read();
}

std::uint64_t Reader::file_position() const noexcept {
    if (m_pieces) {
        return m_pieces->finished() ? m_pieces->size() : m_pieces->current().source().file_position();
    }
    return m_impl->source().file_position();
}

std::uint64_t Reader::file_size() const noexcept {
    return m_pieces ? m_pieces->size() : m_impl->source().file_size();
}

const std::string& Reader::name() const noexcept {
    return m_pieces ? m_pieces->name() : m_impl->name();
}

Value read_json_file(const std::string& path, ReadOptions options) {
    options.whole_values = true;
    Reader reader(path, options);
    Item* item = reader.next_item();
    if (!item) {
        Location location;
        location.file = path;
        throw data_error(location, "expected a JSON value");
    }
    Value value = std::move(item->value);
    if (Item* second = reader.next_item()) {
        throw data_error(second->location, "expected one JSON value, found more");
    }
    return value;
}

} // namespace ocds
