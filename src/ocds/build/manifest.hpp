#pragma once

#include <ocds/core/sink.hpp>
#include <ocds/core/value.hpp>
#include <ocds/publish/publication.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ocds {

/// The list of a version's files that becomes its manifest.json. Release and record files go
/// through a scratch file: at 100,000 projects their entries would be hundreds of megabytes in
/// memory. The other files (bulk, lists, pages, dashboard, extensions) are few and kept here.
class ManifestWriter {
public:
    /// `base`: the site's URL, for each file's url; the scratch file goes in `scratch_dir`.
    ManifestWriter(std::string base, const std::string& scratch_dir);

    /// A release or record file (spooled).
    void add_site_file(const std::string& path, std::uint64_t size, const std::string& sha256, const char* kind);

    /// Any other file.
    void add(PublicationFile file);

    /// The files added with add(), in the order added (sorted by path after write()).
    const std::vector<PublicationFile>& files() const noexcept { return m_files; }

    /// Writes the manifest to `path`: `header`'s members, then "files", one per line, in path
    /// order; returns the sha256 of the bytes written.
    std::string write(const std::string& path, const Value& header);

    std::uint64_t file_count() const noexcept { return m_file_count; }
    std::uint64_t byte_count() const noexcept { return m_byte_count; }

private:
    std::string entry(const PublicationFile& file) const;

    std::string m_base;
    std::vector<PublicationFile> m_files;
    std::unique_ptr<SpoolFile> m_site_entries; ///< entries of release and record files
    std::uint64_t m_file_count = 0;
    std::uint64_t m_byte_count = 0;
};

} // namespace ocds
