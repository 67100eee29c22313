#include <ocds/map/record_memory.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/core/version.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <vector>

#include <unistd.h>

namespace ocds {

namespace {

constexpr const char* header = "ocds-mapped-records 1 ";

} // namespace

RecordMemory::RecordMemory(std::string store_dir, std::string fingerprint)
    : m_path(std::move(store_dir) + "/.mapped-records"), m_fingerprint(std::move(fingerprint)) {
    if (!is_regular_file(m_path)) {
        return;
    }
    std::string text;
    try {
        text = read_file(m_path);
    } catch (const io_error&) {
        return;
    }
    std::istringstream lines(text);
    std::string line;
    if (!std::getline(lines, line) || line != header + m_fingerprint) {
        return; // other settings or another program: map everything
    }
    // <project id> TAB <sha256> TAB <processes> TAB <0|1 without heading>
    while (std::getline(lines, line)) {
        const auto a = line.find('\t');
        const auto b = a == std::string::npos ? a : line.find('\t', a + 1);
        const auto c = b == std::string::npos ? b : line.find('\t', b + 1);
        if (c == std::string::npos || b - a != 65) {
            m_previous.clear(); // damaged: trust none of it
            return;
        }
        Entry entry;
        entry.sha256 = line.substr(a + 1, 64);
        entry.processes = static_cast<std::uint32_t>(std::strtoul(line.c_str() + b + 1, nullptr, 10));
        entry.without_heading = line.compare(c + 1, std::string::npos, "1") == 0;
        m_previous.emplace(line.substr(0, a), std::move(entry));
    }
}

void RecordMemory::forget_saved() const {
    ::unlink(m_path.c_str());
}

const RecordMemory::Entry* RecordMemory::find(const std::string& project_id) const {
    const auto found = m_previous.find(project_id);
    return found == m_previous.end() ? nullptr : &found->second;
}

void RecordMemory::save() const {
    std::vector<const std::pair<const std::string, Entry>*> entries;
    entries.reserve(m_next.size());
    for (const auto& entry : m_next) {
        entries.push_back(&entry);
    }
    std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
    std::string text = header + m_fingerprint + "\n";
    for (const auto* entry : entries) {
        text += entry->first;
        text += '\t';
        text += entry->second.sha256;
        text += '\t';
        text += std::to_string(entry->second.processes);
        text += entry->second.without_heading ? "\t1\n" : "\t0\n";
    }
    replace_file(m_path, text);
}

std::string mapping_fingerprint(const MappingConfig& config) {
    // The program itself: a mapper changed without a new version number must not trust a memory
    // of the old one.
    const std::string program = program_sha256().empty() ? std::string("unknown") : program_sha256();
    std::string text = std::string("ocds ") + version_string + " " + program + "\n";
    auto add = [&](const std::string& value) {
        text += value;
        text += '\n';
    };
    for (const std::string* value : {&config.ocid_prefix, &config.base_uri, &config.currency, &config.language}) {
        add(*value);
    }
    add(config.time_zone ? config.time_zone->name() : std::string("none"));
    for (const MunicipalOrganization* organization : {&config.buyer, &config.procuring_entity}) {
        for (const std::string* value :
             {&organization->id, &organization->name, &organization->rfc, &organization->legal_name,
              &organization->street_address, &organization->locality, &organization->region, &organization->postal_code,
              &organization->country, &organization->contact_name, &organization->contact_email,
              &organization->contact_telephone, &organization->contact_url}) {
            add(*value);
        }
    }
    return sha256_hex(text);
}

} // namespace ocds
