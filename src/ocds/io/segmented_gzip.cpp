#include <ocds/io/segmented_gzip.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/core/version.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <tuple>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

namespace ocds {

namespace {

/// The index's first line: another format (or another program version, whose bulk text may
/// differ for the same items) is not trusted.
std::string index_signature() {
    // The program's digest too: a copied segment is trusted by its key, without reading its text.
    return std::string("ocds-bulk-segments 2 ") + version_string + " " + program_sha256();
}

void put32(std::string& out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) {
        out += static_cast<char>((value >> (8 * i)) & 0xffu);
    }
}

std::uint32_t text_crc(std::string_view text) {
    uLong crc = crc32(0L, Z_NULL, 0);
    std::size_t done = 0;
    while (done < text.size()) { // zlib takes uInt lengths
        const auto piece = static_cast<uInt>(std::min<std::size_t>(text.size() - done, 1u << 30));
        crc = crc32(crc, reinterpret_cast<const Bytef*>(text.data() + done), piece);
        done += piece;
    }
    return static_cast<std::uint32_t>(crc);
}

/// What decides whether a chunk ends after an item: FNV-1a over the identity's 8-byte words
/// (a byte at a time, it took 7% of a build: a CSV row is its own identity). Its top bits are
/// used, which depend on every byte.
std::uint64_t boundary_hash(std::string_view identity) {
    constexpr std::uint64_t prime = 1099511628211ull;
    std::uint64_t hash = 14695981039346656037ull;
    std::size_t i = 0;
    for (; i + 8 <= identity.size(); i += 8) {
        std::uint64_t word = 0;
        for (unsigned k = 0; k < 8; ++k) { // little-endian on every machine: the same cuts everywhere
            word |= static_cast<std::uint64_t>(static_cast<unsigned char>(identity[i + k])) << (8 * k);
        }
        hash = (hash ^ word) * prime;
    }
    for (; i < identity.size(); ++i) {
        hash = (hash ^ static_cast<unsigned char>(identity[i])) * prime;
    }
    return hash;
}

} // namespace

struct SegmentCompressor::Stream {
    z_stream z{};
};

SegmentCompressor::SegmentCompressor() : m_stream(std::make_unique<Stream>()) {
    // Raw deflate (negative windowBits): the gzip header and trailer are the file's.
    if (deflateInit2(&m_stream->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw io_error("cannot start gzip compression");
    }
}

SegmentCompressor::~SegmentCompressor() {
    deflateEnd(&m_stream->z);
}

CompressedSegment SegmentCompressor::compress(std::string_view text, std::string_view dictionary) {
    CompressedSegment segment;
    segment.size = text.size();
    segment.crc = text_crc(text);
    z_stream& z = m_stream->z;
    deflateReset(&z);
    if (!dictionary.empty()) {
        // Only the window's worth is kept, the text just before the segment (a reader has it as history).
        const std::string_view tail =
            dictionary.substr(dictionary.size() - std::min(dictionary.size(), deflate_window));
        if (deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(tail.data()), static_cast<uInt>(tail.size())) !=
            Z_OK) {
            throw io_error("gzip compression failed");
        }
    }
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    // Room for the worst case, left uninitialised: only the pages deflate writes are touched
    // (a string's resize would write zeros to all of it, as large as the text).
    const std::size_t bound = deflateBound(&z, static_cast<uLong>(text.size())) + 16;
    const std::unique_ptr<char[]> out(new char[bound]);
    z.next_out = reinterpret_cast<Bytef*>(out.get());
    z.avail_out = static_cast<uInt>(bound);
    // All the text in one call with a sync flush: the same text always gives the same bytes.
    if (deflate(&z, Z_SYNC_FLUSH) != Z_OK || z.avail_in != 0 || z.avail_out == 0) {
        throw io_error("gzip compression failed");
    }
    segment.bytes.assign(out.get(), bound - z.avail_out);
    return segment;
}

SegmentedGzipFile::SegmentedGzipFile(const std::string& path, OutputOptions options)
    : m_output(path, [&] {
          options.raw = true;
          return options;
      }()) {
    // ID1 ID2, deflate, no flags, mtime 0, no extra flags, OS 3 (Unix): GzipCompressor's header.
    static const char header[10] = {'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, 0, 3};
    m_output.write(std::string_view(header, sizeof header));
    m_offset = sizeof header;
    m_crc = static_cast<std::uint32_t>(crc32(0L, Z_NULL, 0));
}

void SegmentedGzipFile::append(const CompressedSegment& segment, const std::string& key) {
    if (segment.size == 0) {
        return; // nothing to add: an empty segment is not written
    }
    if (!key.empty()) {
        m_keyed.emplace_back(key, GzipSegment{"", m_offset, segment.bytes.size(), segment.size, segment.crc});
    }
    m_output.write(segment.bytes);
    m_offset += segment.bytes.size();
    m_crc = static_cast<std::uint32_t>(crc32_combine(m_crc, segment.crc, static_cast<z_off_t>(segment.size)));
    m_size += segment.size;
}

void SegmentedGzipFile::commit() {
    std::string trailer(deflate_final_block);
    put32(trailer, m_crc);
    put32(trailer, static_cast<std::uint32_t>(m_size & 0xffffffffu));
    m_output.write(trailer);
    m_offset += trailer.size();
    m_output.commit();
}

SegmentCache::SegmentCache(std::string root, const std::string& previous) : m_root(std::move(root)) {
    if (previous.empty() || !path_exists(previous)) {
        return;
    }
    std::istringstream lines(read_file(previous));
    std::string line;
    if (!std::getline(lines, line) || line != index_signature()) {
        return;
    }
    std::map<std::string, std::uint32_t> trusted; // a file whose size is not the recorded one is not read
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string kind;
        fields >> kind;
        if (kind == "file") {
            std::string path;
            std::int64_t size = -1;
            fields >> path >> size;
            if (size >= 0 && file_size(m_root + "/" + path) == size) {
                trusted.emplace(path, static_cast<std::uint32_t>(m_previous_paths.size()));
                m_previous_paths.push_back(path);
            }
        } else if (kind == "segment") {
            std::string key;
            std::string path;
            KeptSegment segment;
            fields >> key >> path >> segment.offset >> segment.length >> segment.size >> segment.crc;
            const auto file = trusted.find(path);
            if (fields && file != trusted.end()) {
                segment.path = file->second;
                m_previous.emplace(key_bytes(key), segment);
            }
        }
    }
}

std::size_t SegmentCache::KeyHash::operator()(const KeyBytes& key) const noexcept {
    std::size_t hash = 0;
    std::memcpy(&hash, key.data(), sizeof hash);
    return hash;
}

SegmentCache::KeyBytes SegmentCache::key_bytes(const std::string& key) {
    auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
    const std::string hex =
        key.size() == 64 && std::all_of(key.begin(), key.end(), [&](char c) { return digit(c) >= 0; })
            ? key
            : sha256_hex(key);
    KeyBytes bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        bytes[i] = static_cast<unsigned char>(digit(hex[2 * i]) * 16 + digit(hex[2 * i + 1]));
    }
    return bytes;
}

SegmentCache::~SegmentCache() {
    for (const auto& [path, fd] : m_files) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
}

int SegmentCache::open_file(const std::string& path) {
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto open = m_files.find(path);
    if (open != m_files.end()) {
        return open->second; // -1 for a file that could not be opened: its segments are compressed again
    }
    const int fd = ::open((m_root + "/" + path).c_str(), O_RDONLY | O_CLOEXEC);
    m_files.emplace(path, fd);
    return fd;
}

CompressedSegment SegmentCache::obtain(const std::string& key, const DeferredText& text, const DeferredText& dictionary,
                                       SegmentCompressor& compressor) {
    const KeyBytes bytes = key_bytes(key);
    const auto found = m_previous.find(bytes);
    if (found != m_previous.end() && (!text.exact() || found->second.size == text.size())) {
        const KeptSegment& segment = found->second;
        const std::string& path = m_previous_paths[segment.path];
        const int fd = open_file(path);
        CompressedSegment copy;
        copy.bytes.resize(segment.length);
        if (fd >= 0 && read_fd_at(fd, segment.offset, copy.bytes.data(), copy.bytes.size(), m_root + "/" + path) ==
                           segment.length) {
            copy.size = segment.size;
            copy.crc = segment.crc;
            m_copied += 1;
            return copy;
        }
    }
    m_compressed += 1;
    return compress_fresh(bytes, text, dictionary, compressor);
}

CompressedSegment SegmentCache::compress_fresh(const KeyBytes& key, const DeferredText& text,
                                               const DeferredText& dictionary, SegmentCompressor& compressor) {
    // Groups share chunks: bulk/all and a year's files hold the same items in the same order
    // where no other year's process comes between them (all of them, in a publisher's first
    // year), and their lanes write them at about the same time. Such a chunk is compressed once.
    std::shared_ptr<Fresh> other;
    std::promise<CompressedSegment> mine;
    {
        std::lock_guard<std::mutex> lock(m_fresh_mutex);
        const auto known = m_fresh.find(key);
        if (known != m_fresh.end()) {
            other = known->second;
        } else {
            auto fresh = std::make_shared<Fresh>();
            fresh->exact = text.exact();
            fresh->segment = mine.get_future().share();
            m_fresh.emplace(key, std::move(fresh));
        }
    }
    if (other) {
        const CompressedSegment& segment = other->segment.get(); // rethrows the other file's failure
        if (!text.exact() || !other->exact || segment.size == text.size()) {
            m_shared += 1;
            return segment;
        }
        m_compressed_bytes += text.size(); // the key names other bytes: never seen, but not trusted
        return compress_text(compressor, text, dictionary);
    }
    CompressedSegment segment;
    try {
        m_compressed_bytes += text.size();
        segment = compress_text(compressor, text, dictionary);
    } catch (...) {
        mine.set_exception(std::current_exception());
        throw;
    }
    mine.set_value(segment);
    std::lock_guard<std::mutex> lock(m_fresh_mutex);
    m_fresh_order.emplace_back(key, segment.bytes.size());
    m_fresh_bytes += segment.bytes.size();
    while (m_fresh_bytes > fresh_budget && !m_fresh_order.empty()) {
        m_fresh_bytes -= m_fresh_order.front().second;
        m_fresh.erase(m_fresh_order.front().first);
        m_fresh_order.pop_front();
    }
    return segment;
}

void SegmentCache::record(const std::string& path, std::uint64_t base, std::uint64_t file_size,
                          const std::vector<std::pair<std::string, GzipSegment>>& segments) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_sizes[path] = file_size;
    const auto number = static_cast<std::uint32_t>(m_recorded_paths.size());
    m_recorded_paths.push_back(path);
    for (const auto& [key, segment] : segments) {
        KeptSegment placed;
        placed.path = number;
        placed.offset = segment.offset + base;
        placed.length = segment.length;
        placed.size = segment.size;
        placed.crc = segment.crc;
        m_recorded.emplace_back(key_bytes(key), placed);
    }
}

void SegmentCache::save(const std::string& path) {
    std::lock_guard<std::mutex> lock(m_mutex);
    // In file and offset order: groups finish on several threads, and the index must not depend on which came first.
    std::sort(m_recorded.begin(), m_recorded.end(), [this](const auto& a, const auto& b) {
        const std::string& a_path = m_recorded_paths[a.second.path];
        const std::string& b_path = m_recorded_paths[b.second.path];
        return a_path != b_path ? a_path < b_path : a.second.offset < b.second.offset;
    });
    Output output(path, OutputOptions{true, false, false});
    output.write(index_signature() + "\n");
    for (const auto& [file, size] : m_sizes) {
        output.write("file " + file + " " + std::to_string(size) + "\n");
    }
    static const char digits[] = "0123456789abcdef";
    std::string line;
    for (const auto& [key, segment] : m_recorded) {
        line = "segment ";
        for (const unsigned char byte : key) {
            line += digits[byte >> 4];
            line += digits[byte & 15];
        }
        line += " " + m_recorded_paths[segment.path] + " " + std::to_string(segment.offset) + " " +
                std::to_string(segment.length) + " " + std::to_string(segment.size) + " " +
                std::to_string(segment.crc) + "\n";
        output.write(line);
    }
    output.commit();
}

void DeferredText::append(std::string_view bytes) {
    if (bytes.empty()) {
        return;
    }
    if (m_pieces.empty() || !m_pieces.back().file.path.empty() || m_pieces.back().maker) {
        m_pieces.emplace_back();
    }
    std::string& text = m_pieces.back().bytes;
    // Sized first: an item of many megabytes (the record of a process of many releases) is
    // not held twice by the string's doubling; small items still grow it by doubling (sized to
    // each item, a chunk of a thousand CSV rows was copied a thousand times).
    const std::size_t needed = text.size() + bytes.size();
    if (needed > text.capacity()) {
        text.reserve(std::max(needed, std::min(2 * text.capacity(), needed + (1u << 20))));
    }
    text += bytes;
    m_size += bytes.size();
}

void DeferredText::append(const FileBytes& bytes) {
    if (bytes.size == 0) {
        return;
    }
    m_pieces.push_back(Piece{"", bytes, nullptr, 0, true});
    m_size += bytes.size;
}

void DeferredText::append(std::shared_ptr<const TextMaker> maker, std::uint64_t size, bool exact) {
    m_pieces.push_back(Piece{"", FileBytes{}, std::move(maker), size, exact});
    m_size += size;
    m_exact = m_exact && exact;
}

void DeferredText::append(const DeferredText& text) {
    for (const auto& piece : text.m_pieces) {
        if (piece.maker) {
            append(piece.maker, piece.made_size, piece.made_exact);
        } else if (piece.file.path.empty()) {
            append(piece.bytes);
        } else {
            append(piece.file);
        }
    }
}

void DeferredText::clear() noexcept {
    m_pieces.clear();
    m_size = 0;
    m_exact = true;
}

std::string_view DeferredText::view(std::string& buffer) const {
    if (m_pieces.empty()) {
        return {};
    }
    if (m_pieces.size() == 1 && m_pieces.front().file.path.empty() && !m_pieces.front().maker) {
        return m_pieces.front().bytes;
    }
    buffer = read();
    return buffer;
}

DeferredText DeferredText::tail(std::uint64_t size) const {
    std::vector<const Piece*> kept; // from the end
    std::uint64_t have = 0;
    for (auto it = m_pieces.rbegin(); it != m_pieces.rend() && have < size; ++it) {
        kept.push_back(&*it);
        have += it->maker ? it->made_size : it->file.path.empty() ? it->bytes.size() : it->file.size;
    }
    DeferredText tail;
    std::uint64_t skip = have > size ? have - size : 0; // of the first piece kept, when it can be cut
    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
        const Piece& piece = **it;
        if (piece.maker) {
            tail.append(piece.maker, piece.made_size, piece.made_exact);
        } else if (piece.file.path.empty()) {
            tail.append(std::string_view(piece.bytes).substr(static_cast<std::size_t>(skip)));
        } else {
            tail.append(FileBytes{piece.file.path, piece.file.offset + skip, piece.file.size - skip});
        }
        skip = 0;
    }
    return tail;
}

std::string DeferredText::read() const {
    std::string text;
    text.reserve(m_size);
    for (const auto& piece : m_pieces) {
        if (piece.maker) {
            const std::string made = piece.maker->make();
            if (piece.made_exact && made.size() != piece.made_size) {
                // The size cut the chunks and names the copied segments: a wrong one is a bug.
                throw error("a bulk file's item was made with " + std::to_string(made.size()) + " bytes, not the " +
                            std::to_string(piece.made_size) + " said");
            }
            text += made;
        } else if (piece.file.path.empty()) {
            text += piece.bytes;
        } else {
            text += read_file_range(piece.file.path, piece.file.offset, piece.file.size);
        }
    }
    return text;
}

CompressedSegment compress_text(SegmentCompressor& compressor, const DeferredText& text,
                                const DeferredText& dictionary) {
    std::string text_buffer;
    std::string dictionary_buffer;
    return compressor.compress(text.view(text_buffer), dictionary.view(dictionary_buffer));
}

bool Chunk::full_before(std::uint64_t size, std::uint64_t awards_contracts) const noexcept {
    // An item of a chunk's size starts a chunk of its own: a change in it makes no smaller
    // items before it compressed again.
    return !empty() && (m_text.size() + size > m_limits.max_bytes || size >= m_limits.min_bytes ||
                        m_awards_contracts + awards_contracts > m_limits.max_awards_contracts);
}

void Chunk::start_item(std::string_view separator) {
    if (m_items == 0) {
        m_key = Sha256();
        m_key.update(m_tag);
        m_key.update("\n", 1);
    } else {
        m_text.append(separator);
    }
    m_item_start = m_text.size();
}

bool Chunk::add(std::string_view separator, std::string_view bytes, std::string_view identity,
                std::uint64_t awards_contracts, std::string_view terminator) {
    start_item(separator);
    m_text.append(bytes);
    m_text.append(terminator);
    return added(identity, awards_contracts, separator);
}

bool Chunk::add(std::string_view separator, const FileBytes& bytes, std::string_view identity,
                std::uint64_t awards_contracts, std::string_view terminator) {
    start_item(separator);
    m_text.append(bytes);
    m_text.append(terminator);
    return added(identity, awards_contracts, separator);
}

bool Chunk::add(const std::shared_ptr<const TextMaker>& maker, std::uint64_t size, bool exact,
                std::string_view identity) {
    start_item("");
    m_text.append(maker, size, exact);
    return added(identity, 0, "");
}

bool Chunk::added(std::string_view identity, std::uint64_t awards_contracts, std::string_view separator) {
    m_key.update(identity);
    m_key.update("\n", 1);
    m_items += 1;
    m_awards_contracts += awards_contracts;
    m_separator = separator;
    // The boundary hangs on the item, not on where the chunk began: chunks after a changed item
    // are cut at the same items as before. An item of a chunk's size ends its chunk (it began
    // one, full_before): records of 70 kB gathered four to a chunk made a change compress
    // 300 kB again.
    return m_text.size() >= m_limits.min_bytes &&
           (m_text.size() - m_item_start >= m_limits.min_bytes || boundary_hash(identity) >> 62 == 0);
}

Chunk::Taken Chunk::take() {
    Taken taken;
    const std::string items = m_key.hex();
    taken.key_alone = sha256_hex(items + " alone");
    taken.key = m_previous.empty() ? taken.key_alone : sha256_hex(items + " after " + m_previous_identity);
    std::swap(taken.dictionary, m_previous);
    // The next chunk's dictionary: this one's end (a window's worth), then the separator.
    m_previous = m_text.tail(deflate_window);
    m_previous.append(m_separator);
    m_previous_identity = taken.key_alone;
    std::swap(taken.text, m_text);
    m_text.clear();
    m_items = 0;
    m_awards_contracts = 0;
    return taken;
}

void Chunk::forget_previous() noexcept {
    m_previous.clear();
    m_previous_identity.clear();
}

ChunkedGzip::ChunkedGzip(const std::string& path, OutputOptions options, SegmentCache* cache, std::string tag,
                         ChunkLimits limits)
    : m_file(path, options), m_cache(cache), m_chunk(std::move(tag), limits) {}

void ChunkedGzip::write_fixed(std::string_view text) {
    end_chunk();
    m_chunk.forget_previous();
    m_file.append(m_compressor.compress(text));
}

void ChunkedGzip::add(std::string_view bytes, std::string_view identity, std::string_view terminator) {
    if (m_chunk.full_before(bytes.size() + terminator.size(), 0)) {
        end_chunk();
    }
    if (m_chunk.add("", bytes, identity, 0, terminator)) {
        end_chunk();
    }
}

void ChunkedGzip::add(const FileBytes& bytes, std::string_view identity, std::string_view terminator) {
    if (m_chunk.full_before(bytes.size + terminator.size(), 0)) {
        end_chunk();
    }
    if (m_chunk.add("", bytes, identity, 0, terminator)) {
        end_chunk();
    }
}

void ChunkedGzip::add(const std::shared_ptr<const TextMaker>& maker, std::uint64_t size, bool exact,
                      std::string_view identity) {
    if (m_chunk.full_before(size, 0)) {
        end_chunk();
    }
    if (m_chunk.add(maker, size, exact, identity)) {
        end_chunk();
    }
}

void ChunkedGzip::end_chunk() {
    if (m_chunk.empty()) {
        return;
    }
    const Chunk::Taken chunk = m_chunk.take();
    m_file.append(m_cache ? m_cache->obtain(chunk.key, chunk.text, chunk.dictionary, m_compressor)
                          : compress_text(m_compressor, chunk.text, chunk.dictionary),
                  chunk.key);
}

void ChunkedGzip::commit() {
    end_chunk();
    m_file.commit();
}

} // namespace ocds
