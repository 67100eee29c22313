#pragma once

#include <ocds/core/sha256.hpp>
#include <ocds/io/output.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ocds {

/// What deflate can refer back to: only this much of a dictionary's end counts.
constexpr std::size_t deflate_window = 32768;

/// An empty final block (fixed Huffman codes): what ends a deflate stream made of segments.
constexpr std::string_view deflate_final_block{"\x03\x00", 2};

/// Deflate data of one segment: compressed from an empty window and ended byte-aligned by a
/// sync flush, without a final block, so that its bytes depend on its text alone and segments
/// written one after another form one deflate stream.
struct CompressedSegment {
    std::string bytes;
    std::uint64_t size = 0; ///< of the text
    std::uint32_t crc = 0;  ///< CRC-32 of the text
};

/// Compresses segments (one z_stream, reset for each). One per thread.
class SegmentCompressor {
public:
    SegmentCompressor();
    ~SegmentCompressor();
    SegmentCompressor(const SegmentCompressor&) = delete;
    SegmentCompressor& operator=(const SegmentCompressor&) = delete;

    /// `dictionary`: the text just before this segment in the file (its last 32 kB are used),
    /// which the segment may then refer to; "" for none.
    CompressedSegment compress(std::string_view text, std::string_view dictionary = {});

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream;
};

/// Where a segment's compressed bytes are.
struct GzipSegment {
    std::string path;         ///< relative to the SegmentCache's root
    std::uint64_t offset = 0; ///< of its deflate data in that file
    std::uint64_t length = 0; ///< deflate bytes
    std::uint64_t size = 0;   ///< text bytes
    std::uint32_t crc = 0;
};

/// A gzip file of one member whose deflate stream is a series of segments (compressed here, or
/// copied from another file), ended by an empty final block. gzip, zcat, Python and zip readers
/// see an ordinary gzip file. No name and mtime 0: the same segments give the same bytes.
class SegmentedGzipFile {
public:
    /// `options`: as Output's (the file is written raw through one).
    SegmentedGzipFile(const std::string& path, OutputOptions options);

    /// Appends a segment; `key` ("" for none) names its content for a later build (keyed()).
    void append(const CompressedSegment& segment, const std::string& key = "");

    /// Writes the final block and the trailer, and puts the file in place. @throws io_error
    void commit();

    /// Bytes of the file so far (all of it once committed).
    std::uint64_t file_bytes() const noexcept { return m_offset; }
    std::uint64_t text_bytes() const noexcept { return m_size; }
    std::string file_sha256() { return m_output.file_sha256(); }

    /// The keyed segments appended: key and where (path left empty: the caller knows it).
    const std::vector<std::pair<std::string, GzipSegment>>& keyed() const noexcept { return m_keyed; }

private:
    Output m_output;
    std::uint64_t m_offset = 0; ///< bytes written so far
    std::uint32_t m_crc = 0;
    std::uint64_t m_size = 0;
    std::vector<std::pair<std::string, GzipSegment>> m_keyed;
};

/// Bytes that a file has: `size` bytes at `offset` of `path`.
struct FileBytes {
    std::string path;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

/// Text that is made only when it is needed: a process's rows of a CSV table or a sheet, which
/// a chunk copied from the previous version never needs.
class TextMaker {
public:
    virtual ~TextMaker() = default;
    /// @throws io_error when what the text is made from cannot be read
    virtual std::string make() const = 0;
};

/// A text made of bytes given, bytes that files have and texts made on demand (TextMaker), read
/// or made only when the text is needed: a chunk of items whose files the site has is then
/// copied from the previous version without its items ever being read.
class DeferredText {
public:
    void append(std::string_view bytes);
    void append(const FileBytes& bytes);
    /// A text that `maker` makes, of `size` bytes when `exact`, else of about that many (a
    /// weight for cutting chunks: its segment is then found by its key alone).
    void append(std::shared_ptr<const TextMaker> maker, std::uint64_t size, bool exact);
    void append(const DeferredText& text);

    /// Its bytes (when exact()), or the sizes given for them.
    std::uint64_t size() const noexcept { return m_size; }
    /// Whether size() is the text's (no maker gave only a weight).
    bool exact() const noexcept { return m_exact; }
    bool empty() const noexcept { return m_size == 0 && m_pieces.empty(); }
    void clear() noexcept;

    /// Its last `size` bytes or more (a made text is taken whole, its size maybe a weight).
    DeferredText tail(std::uint64_t size) const;

    /// The whole text. @throws io_error when a file cannot be read or is shorter than said
    std::string read() const;
    /// The whole text: its bytes when they were all given at once, else read() into `buffer`.
    std::string_view view(std::string& buffer) const;

private:
    struct Piece {
        std::string bytes;                      ///< given
        FileBytes file;                         ///< or read from a file (its path not empty)
        std::shared_ptr<const TextMaker> maker; ///< or made (not null)
        std::uint64_t made_size = 0;
        bool made_exact = true;
    };
    std::vector<Piece> m_pieces;
    std::uint64_t m_size = 0;
    bool m_exact = true;
};

/// `compressor`'s segment of `text` after `dictionary`, read from their files.
CompressedSegment compress_text(SegmentCompressor& compressor, const DeferredText& text,
                                const DeferredText& dictionary);

/// The segments of the previous version's bulk files by key (what their text is made of), and
/// those of the version being built, for the next build: an unchanged chunk of a bulk file is
/// copied compressed instead of compressed again. Keys name content, never a version, so a
/// fresh build and an incremental one write the same bytes. Thread-safe.
class SegmentCache {
public:
    /// `root`: the folder the segments' paths are relative to (the site). `previous`: an index
    /// written by save() ("" or a missing file: none). An index of another format, or naming a
    /// file whose size changed since, is ignored (in whole, or that file's segments).
    SegmentCache(std::string root, const std::string& previous);
    ~SegmentCache();
    SegmentCache(const SegmentCache&) = delete;
    SegmentCache& operator=(const SegmentCache&) = delete;

    /// The segment of `text` (after `dictionary`, as SegmentCompressor::compress) whose content
    /// `key` names: copied from the previous version's file when it has it with the same size
    /// (any size when the text's is not exact; the key names the bytes: the text is not read),
    /// else read and compressed with `compressor`.
    CompressedSegment obtain(const std::string& key, const DeferredText& text, const DeferredText& dictionary,
                             SegmentCompressor& compressor);

    /// Records a written file's keyed segments, at `base` in the file `path` (relative to the root).
    void record(const std::string& path, std::uint64_t base, std::uint64_t file_size,
                const std::vector<std::pair<std::string, GzipSegment>>& segments);

    /// Writes the recorded segments to `path` (replacing it).
    void save(const std::string& path);

    /// Chunks new in this build: compressed here, or taken from another file of it (shared()).
    std::uint64_t compressed() const noexcept { return m_compressed; }
    /// The text of the chunks compressed, in bytes.
    std::uint64_t compressed_bytes() const noexcept { return m_compressed_bytes; }
    /// Chunks new in this build that another of its files had compressed already.
    std::uint64_t shared() const noexcept { return m_shared; }
    std::uint64_t copied() const noexcept { return m_copied; }

    /// How much of this build's compressed chunks is kept for its other files (oldest first out).
    static constexpr std::uint64_t fresh_budget = 32 << 20;

private:
    /// A segment as kept here, hundreds of thousands at 100,000 projects: its key as 32 bytes
    /// (key_bytes), its file by number.
    using KeyBytes = std::array<unsigned char, 32>;
    struct KeptSegment {
        std::uint32_t path = 0;
        std::uint32_t crc = 0;
        std::uint64_t offset = 0;
        std::uint64_t length = 0;
        std::uint64_t size = 0;
    };
    struct KeyHash {
        std::size_t operator()(const KeyBytes& key) const noexcept; // its first bytes: a digest's
    };
    /// A key's 32 bytes: a SHA-256 in hex as its bytes, any other text by its SHA-256.
    static KeyBytes key_bytes(const std::string& key);
    int open_file(const std::string& path);
    /// A chunk compressed by this build, or being compressed: a file that needs it too waits.
    struct Fresh {
        bool exact = true; ///< whether its text's size was known (DeferredText::exact)
        std::shared_future<CompressedSegment> segment;
    };
    CompressedSegment compress_fresh(const KeyBytes& key, const DeferredText& text, const DeferredText& dictionary,
                                     SegmentCompressor& compressor);

    std::string m_root;
    std::vector<std::string> m_previous_paths; ///< the previous index's files, by number
    std::unordered_map<KeyBytes, KeptSegment, KeyHash> m_previous;
    std::mutex m_mutex;                 ///< guards m_files, m_recorded, m_recorded_paths, m_sizes
    std::map<std::string, int> m_files; ///< open files of the previous version
    std::vector<std::pair<KeyBytes, KeptSegment>> m_recorded;
    std::vector<std::string> m_recorded_paths;    ///< the files of m_recorded, by number
    std::map<std::string, std::uint64_t> m_sizes; ///< recorded files' sizes
    std::atomic<std::uint64_t> m_compressed{0};
    std::atomic<std::uint64_t> m_compressed_bytes{0};
    std::atomic<std::uint64_t> m_copied{0};
    std::atomic<std::uint64_t> m_shared{0};
    std::mutex m_fresh_mutex; ///< guards m_fresh, m_fresh_order and m_fresh_bytes
    std::unordered_map<KeyBytes, std::shared_ptr<Fresh>, KeyHash> m_fresh;
    std::deque<std::pair<KeyBytes, std::uint64_t>> m_fresh_order; ///< keys by age, with their compressed size
    std::uint64_t m_fresh_bytes = 0;
};

/// How a ChunkedGzip cuts its items into chunks. A chunk ends after an item whose identity
/// hashes to a boundary once it holds `min_bytes` (so a changed item changes its own chunk, and
/// the chunks after it are cut where they were), and before an item that would take it past
/// `max_bytes` or `max_awards_contracts`. What a changed item costs a build is about the size of
/// a chunk compressed again; what a cut costs a file is a few bytes of block header (the item
/// before stays the dictionary).
struct ChunkLimits {
    std::uint64_t min_bytes = 16 * 1024;
    std::uint64_t max_bytes = 1024 * 1024;
    std::uint64_t max_awards_contracts = UINT64_MAX;
};

/// A chunk of items being gathered: its text and its key (the SHA-256 of a tag, the items'
/// identities and the key of the chunk before it). A chunk is compressed with the end of the
/// chunk before it as the dictionary (deflate's whole window), so that cutting a stream into
/// small chunks costs little in size even where items are small; a change in an item then
/// changes its chunk and the next one.
class Chunk {
public:
    Chunk(std::string tag, ChunkLimits limits) : m_tag(std::move(tag)), m_limits(limits) {}

    bool empty() const noexcept { return m_items == 0; }
    std::uint64_t awards_contracts() const noexcept { return m_awards_contracts; }

    /// Whether an item of `size` bytes and `awards_contracts` must go to a new chunk.
    bool full_before(std::uint64_t size, std::uint64_t awards_contracts) const noexcept;

    /// Adds an item: `separator` (written before it unless it is the first of the chunk, and
    /// by the caller between chunks), its bytes and `terminator`, and `identity`, what its bytes
    /// are a function of (its own text, or the SHA-256 of the file it comes from). Returns
    /// whether the chunk should end after it.
    bool add(std::string_view separator, std::string_view bytes, std::string_view identity,
             std::uint64_t awards_contracts = 0, std::string_view terminator = "");

    /// add(), the item's bytes being those that a file has (read only if the chunk is compressed).
    bool add(std::string_view separator, const FileBytes& bytes, std::string_view identity,
             std::uint64_t awards_contracts = 0, std::string_view terminator = "");

    /// add(), the item's bytes made by `maker` (only if the chunk is compressed): `size` as
    /// DeferredText::append's.
    bool add(const std::shared_ptr<const TextMaker>& maker, std::uint64_t size, bool exact, std::string_view identity);

    struct Taken {
        DeferredText text;
        std::string key;         ///< of the text compressed after `dictionary`
        DeferredText dictionary; ///< the chunk before's end and the separator (empty for the first of a stream)
        std::string key_alone;   ///< of the text compressed with no dictionary
    };

    /// The chunk, which starts empty again; the next one follows it.
    Taken take();

    /// The next chunk follows no item (a header, a new file): it has no dictionary.
    void forget_previous() noexcept;

private:
    /// add()'s common part, once the item's bytes are in m_text.
    bool added(std::string_view identity, std::uint64_t awards_contracts, std::string_view separator);
    void start_item(std::string_view separator);

    std::string m_tag;
    ChunkLimits m_limits;
    DeferredText m_text;
    Sha256 m_key;
    std::uint64_t m_items = 0;
    std::uint64_t m_item_start = 0; ///< where the last item's bytes begin in m_text
    std::uint64_t m_awards_contracts = 0;
    std::string m_separator;
    DeferredText m_previous;         ///< the dictionary of the chunk being gathered
    std::string m_previous_identity; ///< the chunk before's key alone: it names the dictionary
};

/// A segmented gzip file written in chunks of items through a SegmentCache (none: every chunk
/// compressed), e.g. JSON Lines with a line per item.
class ChunkedGzip {
public:
    ChunkedGzip(const std::string& path, OutputOptions options, SegmentCache* cache, std::string tag,
                ChunkLimits limits = {});

    /// Text that is no item (a header): its own segment, always compressed, never recorded.
    void write_fixed(std::string_view text);
    /// An item: its bytes then `terminator` (a line's "\n"); `identity` as Chunk::add's.
    void add(std::string_view bytes, std::string_view identity, std::string_view terminator = "");
    /// An item whose bytes a file has.
    void add(const FileBytes& bytes, std::string_view identity, std::string_view terminator = "");
    /// An item that `maker` makes if its chunk must be compressed: `size` as DeferredText::append's.
    void add(const std::shared_ptr<const TextMaker>& maker, std::uint64_t size, bool exact, std::string_view identity);
    void commit();

    SegmentedGzipFile& file() noexcept { return m_file; }

private:
    void end_chunk();

    SegmentedGzipFile m_file;
    SegmentCache* m_cache;
    Chunk m_chunk;
    SegmentCompressor m_compressor;
};

} // namespace ocds
