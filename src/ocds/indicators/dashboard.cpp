#include <ocds/indicators/dashboard.hpp>

namespace ocds {

IndicatorsScript::IndicatorsScript(Sink& target, std::string_view assignment, std::size_t buffer_size)
    : Sink(buffer_size), m_target(target) {
    m_target.write(assignment);
}

void IndicatorsScript::finish() {
    drain();
    pass("", true);
    m_target.write(";\n");
}

void IndicatorsScript::deliver(const char* data, std::size_t size) {
    pass(std::string_view(data, size), false);
}

void IndicatorsScript::pass(std::string_view piece, bool last) {
    std::string text = std::move(m_held);
    m_held.clear();
    text.append(piece);
    // A "<" or the first bytes of E2 80 A8/A9 at the end wait for the next piece.
    std::size_t keep = 0;
    if (!last && !text.empty()) {
        const auto end = static_cast<unsigned char>(text.back());
        if (end == '<' || end == 0xE2) {
            keep = 1;
        } else if (end == 0x80 && text.size() >= 2 && static_cast<unsigned char>(text[text.size() - 2]) == 0xE2) {
            keep = 2;
        }
    }
    const std::size_t stop = text.size() - keep;
    std::size_t from = 0;
    for (std::size_t i = 0; i < stop; ++i) {
        if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') {
            m_target.write(text.data() + from, i + 1 - from);
            m_target.put('\\');
            from = i + 1;
        } else if (text.compare(i, 3, "\xE2\x80\xA8") == 0 || text.compare(i, 3, "\xE2\x80\xA9") == 0) {
            m_target.write(text.data() + from, i - from);
            m_target.write(text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029");
            from = i + 3;
            i += 2;
        }
    }
    m_target.write(text.data() + from, stop - from);
    m_held.assign(text, stop, keep);
}

} // namespace ocds
