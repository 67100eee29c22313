#include <ocds/validate/report_html.hpp>

#include <ocds/core/html.hpp>
#include <ocds/core/version.hpp>
#include <ocds/validate/detail/report_words.hpp>

#include <algorithm>
#include <map>

namespace ocds {

using detail::check_words;
using detail::CheckWords;
using detail::every_check_words;
using detail::message_es;

namespace {

// Styles and script of the page, inline so the page is one file that opens anywhere. Colours keep
// WCAG AA contrast on white, as the dashboard's.
const char* const style = R"(
:root{--ink:#1a1a1a;--muted:#4d4d4d;--line:#767676;--soft:#e3e7ed;--panel:#f5f7fa;--link:#0b4f9c;--accent:#123b68;
--error:#b3261e;--warning:#8a5300;--info:#0b5cad;--ok:#00704a}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;line-height:1.5;color:var(--ink);background:#fff}
[data-lang="es"] [data-l="en"],[data-lang="en"] [data-l="es"]{display:none}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
a{color:var(--link);text-underline-offset:.15em}
:focus-visible{outline:3px solid var(--link);outline-offset:2px}
h1,h2,h3,h4{line-height:1.25}
h1{font-size:clamp(1.4rem,4.5vw,2rem);margin:0}
h2{font-size:1.4rem;margin:2rem 0 .5rem}
h3{font-size:1.15rem;margin:1.75rem 0 .5rem;padding-top:.5rem;border-top:1px solid var(--soft)}
h4{font-size:1rem;margin:0 0 .25rem;display:flex;flex-wrap:wrap;gap:.25rem .6rem;align-items:baseline}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em;overflow-wrap:anywhere;word-break:break-word}
.top{background:var(--accent);color:#fff;padding:1rem 0}
.top a{color:#fff}
.bar{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between}
.langs{display:flex;gap:.25rem}
.langs button{font:inherit;color:#fff;background:transparent;border:1px solid #fff;border-radius:.35rem;padding:.35rem .7rem;min-height:2.5rem;cursor:pointer}
.langs button[aria-pressed="true"]{background:#fff;color:var(--accent);font-weight:600}
.meta{margin:.5rem 0 0;font-size:.92rem}
.verdict{margin:1rem 0;padding:.75rem 1rem;border-radius:.4rem;border-left:.4rem solid;font-weight:600;background:var(--panel)}
.verdict.valid{border-color:var(--ok);color:var(--ok)}
.verdict.invalid{border-color:var(--error);color:var(--error)}
.verdict.unread{border-color:var(--warning);color:var(--warning)}
.verdict span.n{font-variant-numeric:tabular-nums}
nav ul{margin:.25rem 0;padding-left:1.25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--soft);overflow-wrap:anywhere}
thead th{border-bottom:2px solid var(--line);font-size:.92rem}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.facts th{width:14rem;font-weight:600}
.scroll{overflow-x:auto}
.note{color:var(--muted);font-size:.92rem;margin:.25rem 0}
.badge{white-space:nowrap;overflow-wrap:normal;display:inline-block;border-radius:.3rem;padding:0 .45rem;font-size:.85rem;font-weight:600;color:#fff}
.badge.error{background:var(--error)}.badge.warning{background:var(--warning)}.badge.info{background:var(--info)}
.badge.beyond{background:#fff;color:var(--accent);border:1px solid var(--accent)}
.check{border:1px solid var(--soft);border-radius:.4rem;padding:.75rem 1rem;margin:.75rem 0;background:#fff}
.check .about{margin:.25rem 0 .5rem;color:var(--muted)}
.kind{border-top:1px solid var(--soft);padding:.5rem 0}
.kind-head{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:baseline}
.kind .times{font-weight:600;font-variant-numeric:tabular-nums}
.kind p{margin:.15rem 0}
details{margin:.25rem 0}
summary{cursor:pointer;color:var(--link)}
ol.examples{margin:.25rem 0;padding-left:1.5rem}
ol.examples li{margin:.2rem 0}
.where{color:var(--muted)}
.tools{margin:.5rem 0}
.tools button{font:inherit;border:1px solid var(--line);background:#fff;border-radius:.35rem;padding:.3rem .6rem;cursor:pointer}
footer{margin:3rem 0 2rem;color:var(--muted);font-size:.9rem}
@media (max-width:40rem){.facts th,.facts td{display:block;width:auto}.facts th{border-bottom:0;padding-bottom:0}
.facts td{padding-top:0}table.summary code,table.beyond td:nth-child(2){display:none}}
@media print{.langs,.tools{display:none}details{display:block}}
)";

const char* const script = R"(
(function () {
  var root = document.documentElement;
  function setLanguage(language) {
    root.setAttribute('lang', language);
    root.setAttribute('data-lang', language);
    document.title = root.getAttribute('data-title-' + language);
    var buttons = document.querySelectorAll('[data-set-lang]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', buttons[i].getAttribute('data-set-lang') === language ? 'true' : 'false');
    }
  }
  var buttons = document.querySelectorAll('[data-set-lang]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', function (event) {
      setLanguage(event.currentTarget.getAttribute('data-set-lang'));
    });
  }
  var toggles = document.querySelectorAll('[data-toggle-examples]');
  for (var j = 0; j < toggles.length; j++) {
    toggles[j].addEventListener('click', function (event) {
      var open = event.currentTarget.getAttribute('data-toggle-examples') === 'open';
      var all = document.querySelectorAll('details.examples');
      for (var k = 0; k < all.length; k++) all[k].open = open;
    });
  }
  if (/^#?lang=en$/.test(location.hash)) setLanguage('en');
  document.body.setAttribute('data-ready', 'true');
})();
)";

/// A text in both languages; the page shows one.
std::string both(const std::string& es, const std::string& en) {
    if (es == en) {
        return es;
    }
    return "<span lang=\"es\" data-l=\"es\">" + es + "</span><span lang=\"en\" data-l=\"en\">" + en + "</span>";
}

/// A count with its data- value: what the browser test compares with the JSON report.
std::string count_cell(std::uint64_t count) {
    return "<span class=\"n\" data-value=\"" + std::to_string(count) + "\">" + with_commas(count) + "</span>";
}

/// 1500000.5 → 1,500,000.50 (an exact decimal sum, shown whole).
std::string amount_text(const std::string& decimal) {
    const bool negative = !decimal.empty() && decimal[0] == '-';
    const std::string digits = decimal.substr(negative ? 1 : 0);
    const auto point = digits.find('.');
    const std::string whole = digits.substr(0, point);
    std::string fraction = point == std::string::npos ? "" : digits.substr(point + 1);
    while (fraction.size() < 2) {
        fraction += '0';
    }
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) {
            grouped += ',';
        }
        grouped += whole[i];
    }
    return (negative ? "-" : "") + grouped + "." + fraction;
}

/// An https/http URL as a link; anything else as text.
std::string link_or_text(const std::string& text) {
    if (text.compare(0, 8, "https://") == 0 || text.compare(0, 7, "http://") == 0) {
        return "<a href=\"" + escape_html(text) + "\" rel=\"noopener noreferrer\">" + escape_html(text) + "</a>";
    }
    return escape_html(text);
}

const char* severity_es(Severity severity) {
    switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "advertencia";
    case Severity::info: return "aviso";
    }
    return "";
}

const char* severities_es(Severity severity) {
    switch (severity) {
    case Severity::error: return "errores";
    case Severity::warning: return "advertencias";
    case Severity::info: return "avisos";
    }
    return "";
}

std::string counts_sentence(std::uint64_t errors, std::uint64_t warnings, std::uint64_t infos) {
    const auto part = [](std::uint64_t count, const char* name, const char* es_one, const char* es_many,
                         const char* en_one, const char* en_many) {
        return "<span data-count=\"" + std::string(name) + "\" data-value=\"" + std::to_string(count) + "\">" +
               with_commas(count) + " " + both(count == 1 ? es_one : es_many, count == 1 ? en_one : en_many) +
               "</span>";
    };
    return part(errors, "errors", "error", "errores", "error", "errors") + ", " +
           part(warnings, "warnings", "advertencia", "advertencias", "warning", "warnings") + ", " +
           part(infos, "infos", "aviso", "avisos", "info", "infos");
}

std::string verdict(std::uint64_t errors, std::uint64_t warnings, std::uint64_t infos, bool readable,
                    const std::string& id) {
    const char* kind = !readable ? "unread" : errors ? "invalid" : "valid";
    std::string text = "<p class=\"verdict " + std::string(kind) + "\"" + (id.empty() ? "" : " id=\"" + id + "\"") +
                       " data-valid=\"" + (errors == 0 && readable ? "true" : "false") + "\">";
    if (!readable) {
        text += both("No se pudo leer el archivo.", "The file could not be read.");
    } else if (errors) {
        text += both("Los datos no son válidos: ", "The data is not valid: ");
    } else {
        text += both("Los datos son válidos: ", "The data is valid: ");
    }
    if (readable) {
        text += counts_sentence(errors, warnings, infos) + ".";
    }
    return text + "</p>\n";
}

std::string row(const std::string& heading, const std::string& cell, const std::string& fact = {}) {
    return "<tr" + (fact.empty() ? std::string() : " data-fact-row=\"" + fact + "\"") + "><th scope=\"row\">" +
           heading + "</th><td>" + cell + "</td></tr>\n";
}

std::string none() {
    return "<span class=\"note\">" + both("no consta", "not given") + "</span>";
}

std::string texts_cell(const PublicationFacts::Texts& texts, bool links) {
    if (texts.values.empty()) {
        return none();
    }
    std::string cell;
    for (const auto& value : texts.values) {
        cell += (cell.empty() ? "" : "<br>") + (links ? link_or_text(value) : escape_html(value));
    }
    if (texts.others) {
        cell += "<br><span class=\"note\">" +
                both("y otros en " + with_commas(texts.others) + " paquetes",
                     "and others in " + with_commas(texts.others) + " packages") +
                "</span>";
    }
    return cell;
}

std::string dates_cell(const PublicationFacts::DateRange& range, const std::string& fact) {
    if (range.count == 0) {
        return none();
    }
    std::string cell = "<span data-fact=\"" + fact + ".first\" data-value=\"" + escape_html(range.first) + "\">" +
                       escape_html(range.first) + "</span>";
    if (range.last != range.first) {
        cell += " – <span data-fact=\"" + fact + ".last\" data-value=\"" + escape_html(range.last) + "\">" +
                escape_html(range.last) + "</span>";
    }
    return cell;
}

std::string stage_cell(const PublicationFacts::Stage& stage, const std::string& fact) {
    std::string cell = "<span data-fact=\"" + fact + ".count\" data-value=\"" + std::to_string(stage.count) + "\">" +
                       with_commas(stage.count) + "</span>";
    if (!stage.values.empty()) {
        std::string values;
        for (const auto& [currency, sum] : stage.values) {
            values += (values.empty() ? "" : "; ") + std::string("<span data-fact=\"") + fact + ".values." +
                      escape_html(currency) + "\" data-value=\"" + escape_html(sum) + "\">" + amount_text(sum) + " " +
                      escape_html(currency) + "</span>";
        }
        cell += " · " + both("valor: ", "value: ") + values;
    }
    if (stage.without_value) {
        cell += " <span class=\"note\">(" +
                both(with_commas(stage.without_value) + " sin valor",
                     with_commas(stage.without_value) + " without a value") +
                ")</span>";
    }
    return cell;
}

std::string count_fact(std::uint64_t count, const std::string& fact) {
    return "<span data-fact=\"" + fact + "\" data-value=\"" + std::to_string(count) + "\">" + with_commas(count) +
           "</span>";
}

/// Why a version was used, in both languages.
std::string version_reason_text(VersionReason reason) {
    switch (reason) {
    case VersionReason::declared:
        return both("el paquete la declara (\"version\")", "the package declares it (\"version\")");
    case VersionReason::package_without:
        return both("el paquete no declara versión: un paquete sin \"version\" es OCDS 1.0",
                    "the package declares no version: a package without \"version\" is OCDS 1.0");
    case VersionReason::unknown:
        return both("el paquete declara una versión que OCDS no tiene: se valida como 1.1",
                    "the package declares a version OCDS does not have: validated as 1.1");
    case VersionReason::bare_with_parties:
        return both(
            "datos fuera de paquetes, sin versión y con <code>parties</code> (que llegó en 1.1): 1.1, la regla de OCDS Kit",
            "data outside packages, without a version and with <code>parties</code> (added in 1.1): 1.1, OCDS Kit's rule");
    case VersionReason::bare_without_parties:
        return both(
            "datos fuera de paquetes, sin versión ni <code>parties</code> (que llegó en 1.1): 1.0, la regla de OCDS Kit",
            "data outside packages, without a version or <code>parties</code> (added in 1.1): 1.0, OCDS Kit's rule");
    case VersionReason::setting:
        return both("elegida por quien validó (schema-version)", "chosen by whoever validated (schema-version)");
    }
    return {};
}

/// The versions the data was checked against, how many items each, and why.
std::string versions_cell(const FileSummary& summary) {
    if (summary.schema_versions.empty()) {
        return none();
    }
    std::string cell;
    for (const auto& [version, items] : summary.schema_versions) {
        cell += (cell.empty() ? "" : "<br>") + std::string("OCDS <span data-fact=\"schema_versions\" data-value=\"") +
                escape_html(version) + "\">" + escape_html(version) + "</span> (" + with_commas(items) + " " +
                both(items == 1 ? "elemento" : "elementos", items == 1 ? "item" : "items") + ")";
        const auto reasons = summary.schema_version_reasons.find(version);
        if (reasons != summary.schema_version_reasons.end()) {
            std::string why;
            for (const VersionReason reason : reasons->second) {
                why += (why.empty() ? "" : "; ") + version_reason_text(reason);
            }
            cell += ": <span class=\"why\">" + why + "</span>";
        }
    }
    return cell;
}

std::string extensions_cell(const std::vector<std::string>& urls) {
    if (urls.empty()) {
        return both("ninguna", "none");
    }
    std::string cell = "<ul>";
    for (const auto& url : urls) {
        cell += "<li>" + link_or_text(url) + "</li>";
    }
    return cell + "</ul>";
}

std::string facts_section(const FileSummary& summary, const std::string& id) {
    const PublicationFacts& facts = summary.facts;
    std::string html = "<section id=\"" + id + "-facts\" aria-labelledby=\"" + id + "-facts-h\">\n<h3 id=\"" + id +
                       "-facts-h\">" + both("Datos clave", "Key facts") +
                       "</h3>\n<div class=\"scroll\"><table class=\"facts\"><tbody>\n";
    html += row(both("Publicador", "Publisher"), texts_cell(facts.publishers, false));
    html += row(both("Fecha de publicación", "Published date"), dates_cell(facts.published, "published_dates"));
    html += row(both("Licencia", "Licence"), texts_cell(facts.licenses, true));
    html += row(both("Política de publicación", "Publication policy"), texts_cell(facts.publication_policies, true));
    html += row(both("Versión de OCDS usada", "OCDS version used"), versions_cell(summary));
    html += row(both("Extensiones aplicadas", "Extensions applied"), extensions_cell(summary.extensions));
    if (!summary.unavailable_extensions.empty()) {
        html +=
            row(both("Extensiones que faltan", "Extensions missing"), extensions_cell(summary.unavailable_extensions));
    }
    html += row(both("Paquetes", "Packages"), count_fact(summary.packages, "packages"));
    html += row(both("Entregas (releases)", "Releases"), count_fact(summary.releases, "releases"));
    html += row(both("Registros (records)", "Records"), count_fact(summary.records, "records"));
    html += row(both("Procesos de contratación (ocid distintos)", "Contracting processes (distinct ocids)"),
                count_fact(summary.ocids, "ocids"));
    html += row(both("Primera y última entrega", "First and last release"),
                dates_cell(facts.release_dates, "release_dates"));
    std::string tags;
    for (const auto& [tag, count] : facts.tags) {
        tags += (tags.empty() ? "" : ", ") + std::string("<code>") + escape_html(tag) + "</code> " +
                count_fact(count, "tags." + escape_html(tag));
    }
    html += row(both("Etiquetas de las entregas", "Release tags"), tags.empty() ? none() : tags);
    html += row(both("Licitaciones", "Tenders"), stage_cell(facts.tenders, "tenders"));
    html += row(both("Adjudicaciones", "Awards"), stage_cell(facts.awards, "awards"));
    html += row(both("Contratos", "Contracts"), stage_cell(facts.contracts, "contracts"));
    html += "</tbody></table></div>\n<p class=\"note\">" +
            both("Licitaciones: una por proceso (ocid); adjudicaciones y contratos: uno por ocid e id, como los cuenta "
                 "la herramienta de revisión de datos de OCDS. Cada valor se suma una vez, con el monto de la entrega "
                 "más reciente que lo da; las sumas son exactas y no convierten monedas.",
                 "Tenders: one per process (ocid); awards and contracts: one per ocid and id, as the OCDS Data Review "
                 "Tool counts them. Each value is added once, with the amount of the latest release that gives it; "
                 "sums are exact and do not convert currencies.") +
            "</p>\n</section>\n";
    return html;
}

std::string check_anchor(const std::string& id, Severity severity, const std::string& check) {
    return id + "-" + severity_name(severity) + "-" + check;
}

std::string example_list(const FindingGroups::Group& group) {
    std::string html = "<details class=\"examples\"><summary>" +
                       both("Ejemplos (" + with_commas(group.examples.size()) + ")",
                            "Examples (" + with_commas(group.examples.size()) + ")") +
                       "</summary>\n<ol class=\"examples\">";
    for (const auto& example : group.examples) {
        html += "<li data-path=\"" + escape_html(example.path) + "\">";
        if (example.line) {
            html += "<span class=\"where\">" + both("línea ", "line ") + std::to_string(example.line) + "</span> · ";
        }
        html += "<code>" + escape_html(example.path.empty() ? "/" : example.path) + "</code>";
        if (!example.value.empty()) {
            html += " = <code>" + escape_html(example.value) + (example.truncated ? "…" : "") + "</code>";
        }
        html += "</li>";
    }
    html += "</ol>";
    if (group.count > group.examples.size()) {
        const std::string more = with_commas(group.count - group.examples.size());
        html += "<p class=\"note\">" + both("… y " + more + " más", "… and " + more + " more") + "</p>";
    }
    return html + "</details>\n";
}

std::string kind_block(const FindingGroups::Group& group) {
    const Finding& first = group.first;
    std::string html = "<div class=\"kind\" data-field=\"" + escape_html(first.field) + "\" data-message=\"" +
                       escape_html(first.message) + "\" data-count=\"" + std::to_string(group.count) + "\">\n" +
                       "<div class=\"kind-head\"><code>" + escape_html(first.field.empty() ? "/" : first.field) +
                       "</code><span class=\"times\">× " + with_commas(group.count) + "</span></div>\n<p>" +
                       both(escape_html(message_es(first.message)), escape_html(first.message)) + "</p>\n";
    if (!group.examples.empty()) {
        html += example_list(group);
    }
    return html + "</div>\n";
}

struct CheckBlock {
    Severity severity;
    std::string check;
    std::vector<const FindingGroups::Group*> groups;
};

std::vector<CheckBlock> check_blocks(const FindingGroups& groups) {
    std::vector<CheckBlock> blocks;
    for (const auto* group : groups.in_report_order()) {
        if (blocks.empty() || blocks.back().severity != group->first.severity ||
            blocks.back().check != group->first.check) {
            blocks.push_back(CheckBlock{group->first.severity, group->first.check, {}});
        }
        blocks.back().groups.push_back(group);
    }
    return blocks;
}

std::string findings_section(const FindingGroups& groups, const std::vector<CheckBlock>& blocks,
                             const std::string& id) {
    std::string html = "<section id=\"" + id + "-findings\" aria-labelledby=\"" + id + "-findings-h\">\n<h3 id=\"" +
                       id + "-findings-h\">" + both("Hallazgos por comprobación", "Findings by check") + "</h3>\n";
    if (blocks.empty()) {
        return html + "<p>" + both("Ninguna comprobación encontró nada.", "No check found anything.") +
               "</p>\n</section>\n";
    }
    html += "<div class=\"scroll\"><table class=\"summary\"><thead><tr><th>" + both("Comprobación", "Check") +
            "</th><th>" + both("Gravedad", "Severity") + "</th><th class=\"num\">" + both("Hallazgos", "Findings") +
            "</th></tr></thead><tbody>\n";
    for (const auto& block : blocks) {
        const CheckWords& words = check_words(block.check);
        html += "<tr data-summary-check=\"" + escape_html(block.check) + "\" data-severity=\"" +
                severity_name(block.severity) + "\"><td><a href=\"#" + check_anchor(id, block.severity, block.check) +
                "\">" + both(words.title_es, words.title_en) + "</a> <code>" + escape_html(block.check) +
                "</code></td><td>" + "<span class=\"badge " + severity_name(block.severity) + "\">" +
                both(severity_es(block.severity), severity_name(block.severity)) + "</span></td><td class=\"num\">" +
                count_cell(groups.check_total(block.severity, block.check)) + "</td></tr>\n";
    }
    html += "</tbody></table></div>\n<p class=\"tools\"><button type=\"button\" data-toggle-examples=\"open\">" +
            both("Abrir todos los ejemplos", "Open every example") +
            "</button> <button type=\"button\" data-toggle-examples=\"close\">" +
            both("Cerrar los ejemplos", "Close the examples") + "</button></p>\n";
    for (const auto& block : blocks) {
        const CheckWords& words = check_words(block.check);
        const std::uint64_t total = groups.check_total(block.severity, block.check);
        html += "<article class=\"check\" id=\"" + check_anchor(id, block.severity, block.check) + "\" data-check=\"" +
                escape_html(block.check) + "\" data-severity=\"" + severity_name(block.severity) + "\" data-count=\"" +
                std::to_string(total) + "\">\n<h4><span class=\"badge " + severity_name(block.severity) + "\">" +
                both(severity_es(block.severity), severity_name(block.severity)) + "</span> " +
                both(words.title_es, words.title_en) + " <code>" + escape_html(block.check) + "</code>" +
                (words.beyond_drt
                     ? " <span class=\"badge beyond\">" + both("más allá del DRT", "beyond the DRT") + "</span>"
                     : std::string()) +
                " <span class=\"times\">" + count_cell(total) + "</span></h4>\n";
        if (*words.about_es) {
            html += "<p class=\"about\">" + both(words.about_es, words.about_en) + "</p>\n";
        }
        std::size_t shown = 0;
        std::uint64_t hidden_findings = 0;
        for (const auto* group : block.groups) {
            if (shown < HtmlReport::kinds_shown) {
                html += kind_block(*group);
                ++shown;
            } else {
                hidden_findings += group->count;
            }
        }
        if (block.groups.size() > shown) {
            const std::string kinds = with_commas(block.groups.size() - shown), findings = with_commas(hidden_findings);
            html +=
                "<p class=\"note\" data-hidden-kinds=\"" + std::to_string(block.groups.size() - shown) + "\">" +
                both("… y " + kinds + " tipos más (" + findings + " hallazgos): el informe JSON los lista todos.",
                     "… and " + kinds + " more kinds (" + findings + " findings): the JSON report lists them all.") +
                "</p>\n";
        }
        html += "</article>\n";
    }
    for (const Severity severity : {Severity::error, Severity::warning, Severity::info}) {
        if (const auto more = groups.uncounted_kinds(severity)) {
            html += "<p class=\"note\">" +
                    both(with_commas(more) + " " + severities_es(severity) +
                             " más de otros tipos (demasiados tipos para listarlos)",
                         with_commas(more) + " more " + std::string(severity_name(severity)) +
                             "s of other kinds (too many kinds to list)") +
                    "</p>\n";
        }
    }
    return html + "</section>\n";
}

std::string codelists_section(const FindingGroups& groups, const std::string& id) {
    std::string html = "<section id=\"" + id + "-codelists\" aria-labelledby=\"" + id + "-codelists-h\">\n<h3 id=\"" +
                       id + "-codelists-h\">" + both("Listas de códigos", "Codelists") + "</h3>\n";
    const auto uses = groups.codelists();
    if (uses.empty()) {
        return html + "<p>" + both("Todos los códigos están en sus listas.", "Every code is in its codelist.") +
               "</p>\n</section>\n";
    }
    html += "<p class=\"note\">" +
            both("Códigos que no están en la lista de su campo. Una lista cerrada solo admite sus códigos (error); una "
                 "abierta admite otros (aviso).",
                 "Codes that are not in their field's list. A closed codelist takes only its codes (an error); an open "
                 "one takes others (an info).") +
            "</p>\n<div class=\"scroll\"><table class=\"codelists\"><thead><tr><th>" + both("Campo", "Field") +
            "</th><th>" + both("Lista", "Codelist") + "</th><th>" + both("Tipo", "Kind") + "</th><th>" +
            both("Códigos que no están en ella", "Codes not in it") + "</th><th class=\"num\">" +
            both("Veces", "Times") + "</th></tr></thead><tbody>\n";
    for (const auto& use : uses) {
        std::string codes;
        for (const auto& [code, count] : use.codes) {
            codes += (codes.empty() ? "" : ", ") + std::string("<code>") + escape_html(code) + "</code> ×" +
                     with_commas(count);
        }
        if (use.other_codes) {
            codes += " " + both("y otros (" + with_commas(use.other_codes) + ")",
                                "and others (" + with_commas(use.other_codes) + ")");
        }
        html += "<tr data-codelist=\"" + escape_html(use.codelist) + "\" data-field=\"" + escape_html(use.field) +
                "\" data-count=\"" + std::to_string(use.count) + "\"><td><code>" + escape_html(use.field) +
                "</code></td><td>" + escape_html(use.codelist) + "</td><td>" +
                (use.open ? both("abierta", "open") : both("cerrada", "closed")) + "</td><td>" + codes +
                "</td><td class=\"num\">" + count_cell(use.count) + "</td></tr>\n";
    }
    return html + "</tbody></table></div>\n</section>\n";
}

/// A table of the kinds of one check (additional or deprecated fields), most frequent first.
std::string field_table(const std::vector<CheckBlock>& blocks, const std::string& check, const std::string& id,
                        const std::string& section, const std::string& title_es, const std::string& title_en,
                        const std::string& empty_es, const std::string& empty_en) {
    std::string html = "<section id=\"" + id + "-" + section + "\" aria-labelledby=\"" + id + "-" + section +
                       "-h\">\n<h3 id=\"" + id + "-" + section + "-h\">" + both(title_es, title_en) + "</h3>\n";
    std::vector<const FindingGroups::Group*> rows;
    for (const auto& block : blocks) {
        if (block.check == check) {
            rows.insert(rows.end(), block.groups.begin(), block.groups.end());
        }
    }
    if (rows.empty()) {
        return html + "<p>" + both(empty_es, empty_en) + "</p>\n</section>\n";
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) { return a->count > b->count; });
    html += "<div class=\"scroll\"><table class=\"fields\"><thead><tr><th>" + both("Campo", "Field") + "</th><th>" +
            both("Qué", "What") + "</th><th class=\"num\">" + both("Veces", "Times") + "</th><th>" +
            both("Primer ejemplo", "First example") + "</th></tr></thead><tbody>\n";
    std::size_t shown = 0;
    for (const auto* group : rows) {
        if (shown++ == HtmlReport::kinds_shown) {
            html += "<tr><td colspan=\"4\" class=\"note\">" +
                    both("… y " + with_commas(rows.size() - HtmlReport::kinds_shown) + " campos más",
                         "… and " + with_commas(rows.size() - HtmlReport::kinds_shown) + " more fields") +
                    "</td></tr>\n";
            break;
        }
        std::string example;
        if (!group->examples.empty()) {
            const auto& first = group->examples.front();
            example = "<code>" + escape_html(first.path) + "</code>";
            if (first.line) {
                example +=
                    " <span class=\"where\">(" + both("línea ", "line ") + std::to_string(first.line) + ")</span>";
            }
        }
        html += "<tr data-field=\"" + escape_html(group->first.field) + "\" data-count=\"" +
                std::to_string(group->count) + "\"><td><code>" + escape_html(group->first.field) + "</code></td><td>" +
                both(escape_html(message_es(group->first.message)), escape_html(group->first.message)) +
                "</td><td class=\"num\">" + count_cell(group->count) + "</td><td>" + example + "</td></tr>\n";
    }
    return html + "</tbody></table></div>\n<p class=\"note\"><a href=\"#" + check_anchor(id, Severity::warning, check) +
           "\">" + both("Todos los ejemplos, en los hallazgos", "Every example, with the findings") +
           "</a></p>\n</section>\n";
}

std::string beyond_section(const FindingGroups& groups, const std::vector<CheckBlock>& blocks, const std::string& id) {
    std::string html =
        "<section id=\"" + id + "-beyond\" aria-labelledby=\"" + id + "-beyond-h\">\n<h3 id=\"" + id + "-beyond-h\">" +
        both("Comprobaciones más allá del DRT", "Checks beyond the DRT") + "</h3>\n<p class=\"note\">" +
        both("La herramienta de revisión de datos de OCDS (DRT) no hace estas comprobaciones; este programa sí, "
             "sobre los mismos datos.",
             "The OCDS Data Review Tool (DRT) does not make these checks; this program does, on the same data.") +
        "</p>\n<div class=\"scroll\"><table class=\"beyond\"><thead><tr><th>" + both("Comprobación", "Check") +
        "</th><th>" + both("Qué busca", "What it looks for") + "</th><th class=\"num\">" +
        both("Hallazgos", "Findings") + "</th></tr></thead><tbody>\n";
    for (const auto& words : every_check_words()) {
        if (!words.beyond_drt) {
            continue;
        }
        std::uint64_t total = 0;
        std::string link;
        for (const auto& block : blocks) {
            if (block.check == words.check) {
                total += groups.check_total(block.severity, block.check);
                if (link.empty()) {
                    link = check_anchor(id, block.severity, block.check);
                }
            }
        }
        const std::string title = both(words.title_es, words.title_en);
        html += "<tr data-beyond-check=\"" + std::string(words.check) + "\" data-count=\"" + std::to_string(total) +
                "\"><td>" + (link.empty() ? title : "<a href=\"#" + link + "\">" + title + "</a>") + " <code>" +
                words.check + "</code></td><td>" + both(words.about_es, words.about_en) + "</td><td class=\"num\">" +
                count_cell(total) + "</td></tr>\n";
    }
    return html + "</tbody></table></div>\n</section>\n";
}

} // namespace

void HtmlReport::begin_file(const std::string&) {
    m_groups.clear();
}

void HtmlReport::add(const Finding& finding) {
    m_groups.add(finding);
}

void HtmlReport::end_file(const FileSummary& summary) {
    FileEntry entry;
    entry.id = "f" + std::to_string(m_files.size() + 1);
    entry.name = summary.file;
    entry.errors = summary.errors;
    entry.warnings = summary.warnings;
    entry.infos = summary.infos;
    entry.complete = summary.complete;
    const std::string& id = entry.id;
    const auto blocks = check_blocks(m_groups);
    entry.verdict = verdict(summary.errors, summary.warnings, summary.infos, true, id + "-verdict");
    if (!summary.complete) {
        entry.verdict += "<p class=\"note\">" +
                         both("El archivo no se pudo leer hasta el final: lo que sigue al error de JSON no se revisó.",
                              "The file could not be read to its end: what follows the JSON error was not checked.") +
                         "</p>\n";
    }
    std::string html = facts_section(summary, id);
    html += findings_section(m_groups, blocks, id);
    html += codelists_section(m_groups, id);
    html += field_table(blocks, "additional-field", id, "additional", "Campos adicionales", "Additional fields",
                        "Ningún campo adicional.", "No additional field.");
    html +=
        field_table(blocks, "deprecated", id, "deprecated", "Campos y códigos obsoletos", "Deprecated fields and codes",
                    "Ningún campo ni código obsoleto.", "No deprecated field or code.");
    html += beyond_section(m_groups, blocks, id);
    entry.body = std::move(html);
    m_files.push_back(std::move(entry));
    m_groups.clear(); // frees the kinds before the next file
}

void HtmlReport::unreadable_file(const std::string& file, const std::string& why) {
    FileEntry entry;
    entry.id = "f" + std::to_string(m_files.size() + 1);
    entry.name = file;
    entry.readable = false;
    entry.complete = false;
    entry.verdict = verdict(0, 0, 0, false, entry.id + "-verdict") + "<p><code>" + escape_html(why) + "</code></p>\n";
    m_files.push_back(std::move(entry));
}

void HtmlReport::finish() {
    std::uint64_t errors = 0, warnings = 0, infos = 0;
    bool readable = true;
    for (const auto& file : m_files) {
        errors += file.errors;
        warnings += file.warnings;
        infos += file.infos;
        readable = readable && file.readable;
    }
    const std::string title_es = "Informe de validación OCDS", title_en = "OCDS validation report";
    std::string html =
        "<!DOCTYPE html>\n<html lang=\"es\" data-lang=\"es\" data-title-es=\"" + title_es + "\" data-title-en=\"" +
        title_en +
        "\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"ocds " +
        std::string(version_string) + "\">\n<title>" + title_es + "</title>\n<style>" + style +
        "</style>\n</head>\n<body>\n<header class=\"top\"><div class=\"wrap\">\n"
        "<div class=\"bar\"><h1>" +
        both(title_es, title_en) +
        "</h1>\n"
        "<div class=\"langs\" role=\"group\" aria-label=\"Idioma / Language\">"
        "<button type=\"button\" data-set-lang=\"es\" lang=\"es\" aria-pressed=\"true\">Español</button>"
        "<button type=\"button\" data-set-lang=\"en\" lang=\"en\" aria-pressed=\"false\">English</button></div></div>\n"
        "<p class=\"meta\">" +
        both("Hecho por ocds " + std::string(version_string) +
                 " sin conexión a la red: esquema de OCDS y extensiones declaradas, como la herramienta de "
                 "revisión de datos de OCDS, y comprobaciones propias. " +
                 with_commas(m_groups.examples()) + " ejemplos por tipo de hallazgo como máximo.",
             "Made by ocds " + std::string(version_string) +
                 " offline: the OCDS schema and declared extensions, as the OCDS Data Review Tool "
                 "checks them, and checks of our own. At most " +
                 with_commas(m_groups.examples()) + " examples per kind of finding.") +
        "</p>\n</div></header>\n<main class=\"wrap\">\n";
    // The headline: with one file, its verdict; with several, the verdict of them all.
    html += m_files.size() == 1 ? m_files.front().verdict : verdict(errors, warnings, infos, readable, "verdict");
    html += "<nav id=\"contents\" aria-labelledby=\"contents-h\"><h2 id=\"contents-h\">" +
            both("Contenido", "Contents") + "</h2>\n<ul>\n";
    for (const auto& file : m_files) {
        html += "<li><a href=\"#" + file.id + "\">" + escape_html(file.name) + "</a>";
        if (file.readable) {
            html += "<ul><li><a href=\"#" + file.id + "-facts\">" + both("Datos clave", "Key facts") +
                    "</a></li>"
                    "<li><a href=\"#" +
                    file.id + "-findings\">" + both("Hallazgos por comprobación", "Findings by check") +
                    "</a></li><li><a href=\"#" + file.id + "-codelists\">" + both("Listas de códigos", "Codelists") +
                    "</a></li><li><a href=\"#" + file.id + "-additional\">" +
                    both("Campos adicionales", "Additional fields") + "</a></li><li><a href=\"#" + file.id +
                    "-deprecated\">" + both("Obsoletos", "Deprecated") + "</a></li><li><a href=\"#" + file.id +
                    "-beyond\">" + both("Más allá del DRT", "Beyond the DRT") + "</a></li></ul>";
        }
        html += "</li>\n";
    }
    html += "</ul></nav>\n";
    m_out.write(html);
    for (auto& file : m_files) {
        html = "<section class=\"file\" id=\"" + file.id + "\" data-file=\"" + escape_html(file.name) +
               "\" aria-labelledby=\"" + file.id + "-h\">\n<h2 id=\"" + file.id + "-h\">" + both("Archivo ", "File ") +
               "<code>" + escape_html(file.name) + "</code></h2>\n" +
               (m_files.size() > 1 ? file.verdict : std::string());
        m_out.write(html);
        m_out.write(file.body);
        m_out.write("</section>\n");
        file.body.clear();
    }
    html =
        "</main>\n<footer class=\"wrap\"><p>" +
        both("Gravedad: un error impide usar los datos como el estándar manda; una advertencia señala un problema de "
             "calidad; un aviso, algo que conviene revisar. La ruta de cada ejemplo es un JSON Pointer (RFC 6901) "
             "dentro del valor de primer nivel del archivo; la línea es donde empieza la entrega o el registro.",
             "Severity: an error keeps the data from being used as the standard says; a warning points at a quality "
             "problem; an info, at something worth a look. Each example's path is a JSON Pointer (RFC 6901) inside "
             "the file's top-level value; the line is where the release or record starts.") +
        "</p></footer>\n<script>" + script + "</script>\n</body>\n</html>\n";
    m_out.write(html);
}

} // namespace ocds
