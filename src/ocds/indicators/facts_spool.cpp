#include <ocds/indicators/facts_spool.hpp>

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/error.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <type_traits>

namespace ocds {

namespace {

/// Writes each field given to it at the end of a string.
class FieldWriter {
public:
    explicit FieldWriter(std::string& out) : m_out(out) {}

    void operator()(const std::string& text) {
        detail::put_varint(m_out, text.size());
        m_out += text;
    }
    void operator()(bool flag) { m_out += flag ? '\1' : '\0'; }
    /// As text: an x87 long double's bytes hold six of padding, which would make the same
    /// facts' bytes differ (ProcessCache keeps them in a file that two builds must write alike).
    void operator()(long double number) {
        char text[64];
        const int length = std::snprintf(text, sizeof text, "%.21Lg", number);
        (*this)(std::string(text, static_cast<std::size_t>(std::max(0, length))));
    }
    template<typename Number, typename = std::enable_if_t<std::is_arithmetic_v<Number>>>
    void operator()(Number number) {
        char bytes[sizeof number];
        std::memcpy(bytes, &number, sizeof number);
        m_out.append(bytes, sizeof number);
    }
    template<typename T>
    void operator()(const std::optional<T>& value) {
        (*this)(value.has_value());
        if (value) {
            (*this)(*value);
        }
    }
    void operator()(const Amounts& sums) {
        detail::put_varint(m_out, sums.size());
        for (const auto& [currency, amount] : sums) {
            (*this)(currency);
            (*this)(amount);
        }
    }
    void operator()(const ProcessFacts::Supplier& supplier) {
        (*this)(supplier.id);
        (*this)(supplier.name);
        (*this)(supplier.value);
    }
    template<typename T>
    void operator()(const std::vector<T>& items) {
        detail::put_varint(m_out, items.size());
        for (const auto& item : items) {
            (*this)(item);
        }
    }

private:
    std::string& m_out;
};

/// Reads each field given to it, in the order FieldWriter wrote them.
class FieldReader {
public:
    FieldReader(const char* begin, const char* end) : m_cursor(begin), m_end(end) {}

    void operator()(std::string& text) {
        const auto size = static_cast<std::size_t>(varint());
        need(size);
        text.assign(m_cursor, size);
        m_cursor += size;
    }
    void operator()(bool& flag) {
        need(1);
        flag = *m_cursor++ != '\0';
    }
    void operator()(long double& number) {
        std::string text;
        (*this)(text);
        char* end = nullptr;
        number = std::strtold(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size()) {
            throw io_error("the facts were read back with an amount that is no number");
        }
    }
    template<typename Number, typename = std::enable_if_t<std::is_arithmetic_v<Number>>>
    void operator()(Number& number) {
        need(sizeof number);
        std::memcpy(&number, m_cursor, sizeof number);
        m_cursor += sizeof number;
    }
    template<typename T>
    void operator()(std::optional<T>& value) {
        bool present = false;
        (*this)(present);
        value.reset();
        if (present) {
            (*this)(value.emplace());
        }
    }
    void operator()(Amounts& sums) {
        sums.clear();
        for (auto count = varint(); count > 0; --count) {
            std::string currency;
            long double amount = 0;
            (*this)(currency);
            (*this)(amount);
            sums.emplace(std::move(currency), amount);
        }
    }
    void operator()(ProcessFacts::Supplier& supplier) {
        (*this)(supplier.id);
        (*this)(supplier.name);
        (*this)(supplier.value);
    }
    template<typename T>
    void operator()(std::vector<T>& items) {
        const auto count = static_cast<std::size_t>(varint());
        items.clear();
        items.resize(count);
        for (auto& item : items) {
            (*this)(item);
        }
    }
    bool at_end() const noexcept { return m_cursor == m_end; }

private:
    /// A varint (detail::put_varint's), within the bytes: they may come from a damaged file.
    std::uint64_t varint() {
        std::uint64_t number = 0;
        if (!detail::get_varint(m_cursor, m_end, number)) {
            throw io_error("the facts were read back short");
        }
        return number;
    }

    void need(std::size_t size) const {
        if (static_cast<std::size_t>(m_end - m_cursor) < size) {
            throw io_error("a scratch file of the indicators was read back short");
        }
    }

    const char* m_cursor;
    const char* m_end;
};

/// Every field of ProcessFacts, once: the writer and the reader walk the same list.
// A tripwire for a field added to ProcessFacts but not here (the size on 64-bit Linux with
// libstdc++): add the field below, then the new size.
static_assert(sizeof(void*) != 8 || sizeof(ProcessFacts) == 1104, "ProcessFacts changed: update each_field()");
template<typename Io, typename Facts>
void each_field(Io& io, Facts& f) {
    io(f.ocid), io(f.planning_ocid), io(f.project_id), io(f.files.record), io(f.files.releases);
    io(f.is_project), io(f.title), io(f.code), io(f.url);
    io(f.edition_id), io(f.edition_name), io(f.sector_id), io(f.sector_name), io(f.heading_id), io(f.size);
    io(f.feasibility), io(f.unfeasibility_reason), io(f.edition_year), io(f.envelope), io(f.estimated);
    io(f.valuation_finished), io(f.winner), io(f.progress), io(f.latitude), io(f.longitude), io(f.winners_announced);
    io(f.is_contracting), io(f.process_title), io(f.method), io(f.tender_status), io(f.tenderers);
    io(f.cancelled), io(f.awarded), io(f.contracted), io(f.executing), io(f.delivered);
    io(f.contract_value), io(f.paid), io(f.milestones), io(f.milestones_met), io(f.milestones_late);
    io(f.first_signed), io(f.suppliers), io(f.amended_contracts), io(f.raised_contracts), io(f.increase);
    io(f.errors), io(f.warnings), io(f.has_awards), io(f.has_contracts);
    io(f.missing_tender_value), io(f.missing_tender_period), io(f.missing_buyer), io(f.missing_award_value);
    io(f.missing_award_date), io(f.missing_supplier), io(f.missing_contract_period), io(f.recheck_at);
}

} // namespace

void encode_facts(const ProcessFacts& facts, std::string& out) {
    FieldWriter writer(out);
    each_field(writer, facts);
}

bool decode_facts(std::string_view bytes, ProcessFacts& facts) {
    FieldReader reader(bytes.data(), bytes.data() + bytes.size());
    try {
        each_field(reader, facts);
    } catch (const error&) {
        return false;
    }
    return reader.at_end();
}

FactsSpool::FactsSpool(const std::string& directory) : m_file(directory) {}

FactsRef FactsSpool::append(const ProcessFacts& facts) {
    m_buffer.clear();
    encode_facts(facts, m_buffer);
    const FactsRef ref{m_file.bytes_written(), static_cast<std::uint32_t>(m_buffer.size())};
    m_file.write(m_buffer);
    return ref;
}

ProcessFacts FactsSpool::load(FactsRef ref) {
    m_file.flush();
    m_buffer.resize(ref.size);
    for (std::size_t done = 0; done < ref.size;) {
        const std::size_t count = m_file.read_at(ref.offset + done, m_buffer.data() + done, ref.size - done);
        if (count == 0) {
            throw io_error("a scratch file of the indicators is shorter than what was written to it");
        }
        done += count;
    }
    ProcessFacts facts;
    FieldReader reader(m_buffer.data(), m_buffer.data() + m_buffer.size());
    each_field(reader, facts);
    if (!reader.at_end()) {
        throw io_error("a scratch file of the indicators was read back with bytes left over");
    }
    return facts;
}

} // namespace ocds
