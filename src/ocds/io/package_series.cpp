#include <ocds/io/package_series.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>

namespace ocds {

Output& PackageOutputs::sink(std::size_t number) {
    const auto placeholder = m_target.path.find("{n}");
    if (placeholder == std::string::npos) {
        if (!m_current) {
            m_current = std::make_unique<Output>(m_target.path, m_target.options);
        }
        return *m_current;
    }
    if (number != m_number) {
        if (m_current) {
            // Closed, but put in place only with the others (commit): a run that fails later
            // leaves no earlier part behind.
            m_current->finish();
            m_finished.push_back(std::move(m_current));
        }
        std::string path = m_target.path;
        path.replace(placeholder, 3, std::to_string(number));
        m_current = std::make_unique<Output>(path, m_target.options);
        m_number = number;
    }
    return *m_current;
}

void PackageOutputs::commit() {
    if (m_current) {
        m_current->finish();
        m_finished.push_back(std::move(m_current));
    }
    for (auto& output : m_finished) {
        output->commit();
    }
    m_finished.clear();
}

std::string PackageOutputs::scratch_dir() const {
    if (m_target.path.empty() || m_target.path == "-") {
        return temporary_directory();
    }
    return parent_directory(m_target.path);
}

PackageSeries::PackageSeries(Kind package_kind, PackageSettings settings, const PackageTarget& target,
                             std::size_t max_items)
    : m_kind(package_kind), m_settings(std::move(settings)), m_max_items(max_items), m_indent(target.indent),
      m_outputs(target),
      m_writer(std::make_unique<PackageWriter>(package_kind, target.indent, m_outputs.scratch_dir())) {}

void PackageSeries::add(const Value& item) {
    if (m_writer->size() == 0 && m_waiting.empty()) {
        try_writing_directly();
    }
    m_writer->add(item);
    ++m_items;
    if (m_max_items > 0 && m_writer->size() >= m_max_items) {
        close_current();
        write_waiting(false);
    }
}

/// When the metadata is complete already (it usually is) and the output can be rewound, the
/// package goes straight into it: no scratch copy, half the bytes written.
void PackageSeries::try_writing_directly() {
    Value metadata;
    try {
        metadata = package_metadata(m_settings, m_inherited, m_packages + 1, m_now);
    } catch (const missing_settings_error&) {
        return; // the input may give the missing metadata later
    }
    Output& output = m_outputs.sink(m_packages + 1);
    if (output.can_rewind()) {
        m_writer->write_directly(output, metadata);
    }
}

void PackageSeries::close_current() {
    if (m_writer->size() > 0) {
        m_waiting.push_back(std::move(m_writer));
        m_writer = std::make_unique<PackageWriter>(m_kind, m_indent, m_outputs.scratch_dir());
    }
}

void PackageSeries::write_waiting(bool final) {
    while (!m_waiting.empty()) {
        Value metadata;
        try {
            metadata = package_metadata(m_settings, m_inherited, m_packages + 1, m_now);
        } catch (const missing_settings_error&) {
            if (final) {
                throw;
            }
            return; // the input may still give the missing metadata
        }
        ++m_packages;
        m_waiting.front()->finish(m_outputs.sink(m_packages), metadata);
        m_waiting.pop_front();
    }
}

void PackageSeries::flush() {
    close_current();
    write_waiting(true);
}

std::size_t PackageSeries::finish() {
    flush();
    m_outputs.commit();
    return m_packages;
}

void check_item_fits(const Item& item, Kind package_kind) {
    const bool fits = package_kind == Kind::record_package
                          ? item.kind == Kind::record
                          : item.kind == Kind::release || item.kind == Kind::compiled_release ||
                                (item.kind == Kind::other && item.value.is_object());
    if (fits) {
        return;
    }
    std::string reason = std::string("expected ") + (package_kind == Kind::record_package ? "a record" : "a release") +
                         ", found " +
                         (item.kind == Kind::other ? std::string("a JSON ") + type_name(item.value.type())
                                                   : std::string("a ") + kind_name(item.kind));
    std::vector<std::string> settings; // the command that does what was maybe meant
    if (package_kind == Kind::record_package && is_release_kind(item.kind)) {
        settings.push_back("compile.package");
    } else if (package_kind == Kind::release_package && item.kind == Kind::record) {
        settings.push_back("package.records");
    }
    throw data_error(item.location, reason, settings);
}

} // namespace ocds
