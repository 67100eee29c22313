#include <ocds/publish/page.hpp>

#include <ocds/core/html.hpp>
#include <ocds/core/number_format.hpp>

#include <functional>
#include <map>

namespace ocds {

namespace {

/// The page's words in one language.
struct Words {
    const char* lang;
    const char* caption;
    const char* data;
    const char* excel;
    const char* csv;
    const char* json;
    const char* by_edition;
    const char* by_year;
    const char* everything;
    const char* all_label;
    const char* edition; ///< "Edición {id}" when an edition has no name
    const char* each_table;
    const char* packages;
    const char* projects;
    const char* processes;
    const char* none;
};

const Words spanish{"es",
                    "Descargas por edición del presupuesto participativo, por año y de toda la publicación",
                    "Datos",
                    "Excel",
                    "CSV",
                    "JSON (OCDS)",
                    "Por edición del presupuesto participativo",
                    "Por año de la primera entrega de cada proceso",
                    "Todo",
                    "Todas las ediciones y años",
                    "Edición ",
                    "Cada tabla (.csv.gz)",
                    "Paquetes:",
                    "proyectos",
                    "procesos",
                    "sin libro de Excel"};

/// The table names as the Spanish page says them.
std::string table_label(const std::string& format, bool in_spanish) {
    static const std::map<std::string, std::pair<const char*, const char*>> names{
        {"processes.csv.gz", {"procesos", "processes"}},  {"parties.csv.gz", {"partes", "parties"}},
        {"items.csv.gz", {"artículos", "items"}},         {"awards.csv.gz", {"adjudicaciones", "awards"}},
        {"contracts.csv.gz", {"contratos", "contracts"}}, {"payments.csv.gz", {"pagos", "payments"}},
        {"milestones.csv.gz", {"hitos", "milestones"}},   {"documents.csv.gz", {"documentos", "documents"}},
    };
    const auto found = names.find(format);
    if (found == names.end()) {
        return format;
    }
    return in_spanish ? found->second.first : found->second.second;
}

bool ends_with(const std::string& text, const std::string& end) {
    return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

} // namespace

std::string publication_page(const PublicationPage& page, const std::string& folder) {
    // Links: relative to where the page stands for the files beside and below it. A version's
    // page links to the rest of the site by its full URL, so that a copy of the version alone
    // (`ocds pull`) has no link to a page it does not hold.
    auto link = [&](const std::string& path) {
        if (folder.empty()) {
            return escape_html(path);
        }
        if (path.compare(0, folder.size(), folder) == 0) {
            return escape_html(path.substr(folder.size()));
        }
        return escape_html(page.base_uri + "/" + path);
    };
    const std::string date = page.published.substr(0, 10);
    const PublicationCounts all = page.counts.count("all") ? page.counts.at("all") : PublicationCounts{};
    auto download = [&](const PublicationFile& file, const std::string& label) {
        return "<a href=\"" + link(file.path) + "\" download>" + escape_html(label) + "</a> <span class=\"size\">" +
               size_text(file.size) + "</span>";
    };
    auto counts_text = [&](const PublicationCounts& counts, const Words& words) {
        return std::to_string(counts.projects) + " " + words.projects + ", " + std::to_string(counts.processes) + " " +
               words.processes;
    };

    // One row of the table: a group's files by kind.
    auto row = [&](const Words& words, const std::string& label, const std::string& detail,
                   const std::vector<const PublicationFile*>& files) {
        std::string excel, zip, tables, lines, packages;
        for (const PublicationFile* file : files) {
            const std::string name = file->path.substr(file->path.rfind('/') + 1);
            if (file->format == "xlsx") {
                excel = download(*file, name);
            } else if (file->format == "csv.zip") {
                zip = download(*file, name);
            } else if (ends_with(file->format, ".csv.gz")) {
                tables += "<li>" + download(*file, table_label(file->format, true)) + "</li>";
            } else if (file->format == "releases.jsonl.gz" || file->format == "records.jsonl.gz") {
                lines += "<li>" + download(*file, name) + "</li>";
            } else {
                packages += (packages.empty() ? "" : " · ") + download(*file, name);
            }
        }
        std::string out = "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">" + escape_html(label);
        if (!detail.empty()) {
            out += "<span class=\"note\">" + escape_html(detail) + "</span>";
        }
        out += "</th>\n<td role=\"cell\" data-label=\"" + std::string(words.excel) + "\">" +
               (excel.empty() ? "<span class=\"note\">" + std::string(words.none) + "</span>" : excel) + "</td>\n";
        out += "<td role=\"cell\" data-label=\"" + std::string(words.csv) + "\">" + zip;
        if (!tables.empty()) {
            out += "<details><summary>" + std::string(words.each_table) + "</summary><ul>" + tables + "</ul></details>";
        }
        out += "</td>\n<td role=\"cell\" data-label=\"" + std::string(words.json) + "\"><ul>" + lines;
        if (!packages.empty()) {
            out += "<li>" + std::string(words.packages) + " " + packages + "</li>";
        }
        out += "</ul></td></tr>\n";
        return out;
    };
    auto files_where = [&](const std::function<bool(const PublicationFile&)>& wanted) {
        std::vector<const PublicationFile*> files;
        for (const auto& file : page.bulk_files) {
            if (wanted(file)) {
                files.push_back(&file);
            }
        }
        return files;
    };
    auto group_heading = [](const char* text) {
        return "<tr role=\"row\" class=\"group\"><th colspan=\"4\" scope=\"colgroup\" role=\"columnheader\">" +
               std::string(text) + "</th></tr>\n";
    };
    auto table = [&](const Words& words) {
        std::string out = "<table class=\"downloads\" role=\"table\">\n<caption>" + std::string(words.caption) +
                          "</caption>\n<thead role=\"rowgroup\"><tr role=\"row\">";
        for (const char* heading : {words.data, words.excel, words.csv, words.json}) {
            out += "<th scope=\"col\" role=\"columnheader\">" + std::string(heading) + "</th>";
        }
        out += "</tr></thead>\n<tbody role=\"rowgroup\">\n";
        if (!page.editions.empty()) {
            out += group_heading(words.by_edition);
            for (const auto& edition : page.editions) {
                const std::string name = edition.name.empty() ? words.edition + edition.id : edition.name;
                out += row(words, name, counts_text(edition.counts, words),
                           files_where([&](const PublicationFile& file) { return file.edition == edition.id; }));
            }
        }
        out += group_heading(words.by_year);
        for (const auto& year_counts : page.counts) {
            // A named copy: C++17 lambdas cannot capture structured bindings (clang refuses).
            const std::string& year = year_counts.first;
            if (year != "all") {
                out += row(words, year, counts_text(year_counts.second, words),
                           files_where(
                               [&](const PublicationFile& file) { return file.year == year && file.edition.empty(); }));
            }
        }
        out += group_heading(words.everything);
        out += row(words, words.all_label, counts_text(all, words),
                   files_where([](const PublicationFile& file) { return file.year == "all"; }));
        out += "</tbody>\n</table>\n";
        return out;
    };
    auto dashboard_link = [&](bool in_spanish) {
        if (page.dashboard.empty()) {
            return std::string();
        }
        return "<p class=\"lead\"><a class=\"button\" href=\"" + link(page.dashboard) + "\">" +
               (in_spanish
                    ? "Ver los tableros de control</a> de ejecución, factibilidad y seguimiento de los proyectos, "
                      "con un mapa y la lista de proyectos."
                    : "See the dashboards</a> of execution, feasibility and follow-up of the projects, with a map "
                      "and the list of projects.") +
               "</p>\n";
    };
    auto indicator_list = [&](bool in_spanish) {
        std::string out;
        for (const auto& file : page.indicator_files) {
            const std::string name = file.path.substr(file.path.rfind('/') + 1);
            const bool csv = ends_with(name, ".csv");
            out += "<li>" + download(file, name) + ": ";
            out += csv ? (in_spanish ? "los indicadores en CSV, una fila por edición y sector"
                                     : "the indicators as CSV, one row per edition and sector")
                       : (in_spanish ? "todos los indicadores y la lista de proyectos, en JSON"
                                     : "every indicator and the list of projects, as JSON");
            out += "</li>\n";
        }
        return out;
    };
    auto url_link = [](const std::string& url) {
        return "<a class=\"url\" href=\"" + escape_html(url) + "\">" + escape_html(url) + "</a>";
    };

    std::string html;
    html += "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    html += "<title>Datos abiertos de contrataciones (OCDS) — " + escape_html(page.publisher) + "</title>\n";
    html += "<link rel=\"icon\" href=\"data:,\">\n";
    html +=
        "<style>\n"
        "body{font-family:system-ui,sans-serif;max-width:64rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1a1a1a;background:#fff}\n"
        "a{color:#0b4f9c}a:focus{outline:3px solid #f2a900;outline-offset:2px}\n"
        "a.url,td a,code{overflow-wrap:anywhere}\n"
        ".lead{font-size:1.1rem}.button{display:inline-block;background:#0b4f9c;color:#fff;padding:.4rem .8rem;"
        "border-radius:.3rem;text-decoration:none;font-weight:600}\n"
        "table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:left;font-weight:bold;padding:.5rem 0}\n"
        "th,td{border:1px solid #767676;padding:.4rem .5rem;text-align:left;vertical-align:top}thead th{background:#eef2f7}\n"
        "tr.group th{background:#f6f6f6}td ul{list-style:none;margin:0;padding:0}\n"
        ".note{display:block;color:#4d4d4d;font-size:.9rem;font-weight:normal}.size{color:#4d4d4d;white-space:nowrap}\n"
        "summary{cursor:pointer;color:#0b4f9c}code{background:#f3f3f3;padding:0 .2rem}\n"
        "@media (max-width:40rem){table.downloads,table.downloads tbody,table.downloads tr,table.downloads th,"
        "table.downloads td{display:block;width:auto}table.downloads thead{position:absolute;left:-9999px}"
        "table.downloads caption{display:block}table.downloads tr{margin-bottom:.75rem}table.downloads td::before{content:attr(data-label);display:block;"
        "font-weight:600}}\n"
        "</style>\n</head>\n<body>\n";
    html += "<header>\n<h1>Datos abiertos de contrataciones del presupuesto participativo</h1>\n";
    html += "<p>" + escape_html(page.publisher) +
            ". Publicación en el Estándar de Datos de Contrataciones Abiertas "
            "(OCDS). <a href=\"#english\" lang=\"en\">English below</a>.</p>\n";
    html += dashboard_link(true);
    html += "</header>\n<main>\n";
    html += "<section aria-labelledby=\"resumen\">\n<h2 id=\"resumen\">Resumen</h2>\n<ul>\n";
    html += "<li>Versión <code>" + escape_html(page.version) + "</code>, publicada el <time datetime=\"" +
            escape_html(page.published) + "\">" + escape_html(date) + "</time>.</li>\n";
    html += "<li>" + std::to_string(all.projects) + " proyectos, " + std::to_string(all.processes) +
            " procesos de contratación y planeación, " + std::to_string(all.releases) + " entregas (releases).</li>\n";
    if (!page.license.empty()) {
        html += "<li>Licencia: " + url_link(page.license) + ".</li>\n";
    }
    if (!page.publication_policy.empty()) {
        html += "<li>Política de publicación: " + url_link(page.publication_policy) + ".</li>\n";
    }
    html += "</ul>\n</section>\n";

    html += "<section aria-labelledby=\"descargas\">\n<h2 id=\"descargas\">Descargas</h2>\n";
    html += "<p>Para una hoja de cálculo: <strong>Excel</strong> (.xlsx: una hoja por tabla, con títulos en español y "
            "un diccionario de columnas) o <strong>CSV</strong> (todas las tablas en un .zip, que Windows abre sin "
            "programas extra; cada tabla también en .csv.gz). Para programas: <strong>JSON</strong> de OCDS con gzip, "
            "una entrega (<code>releases.jsonl.gz</code>) o un registro (<code>records.jsonl.gz</code>) por línea, o "
            "en paquetes. Cada fila de las tablas lleva el <code>ocid</code> de su proceso.</p>\n";
    html += table(spanish);
    if (page.without_edition.processes > 0) {
        html += "<p>" + std::to_string(page.without_edition.processes) +
                " procesos no pertenecen a ninguna edición: están en las descargas por año y en «Todo».</p>\n";
    }
    html += "<p>Las sumas SHA-256 de todos los archivos están en el <a href=\"" +
            link("v/" + page.version + "/manifest.json") + "\">manifiesto</a>; la lista de procesos, en <a href=\"" +
            link("v/" + page.version + "/ocids.txt") + "\">ocids.txt</a>.</p>\n</section>\n";
    if (!page.indicator_files.empty()) {
        html += "<section aria-labelledby=\"indicadores\">\n<h2 id=\"indicadores\">Indicadores</h2>\n<ul>\n" +
                indicator_list(true) + "</ul>\n</section>\n";
    }
    html += "<section aria-labelledby=\"programas\">\n<h2 id=\"programas\">Para programas</h2>\n<ul>\n";
    html += "<li><a href=\"" + link("latest.json") +
            "\">latest.json</a> dice cuál es la versión actual y dónde está "
            "su manifiesto, que lista cada archivo con su URL, tamaño y SHA-256. <code>ocds pull " +
            escape_html(page.base_uri) + "</code> descarga y verifica todo.</li>\n";
    html +=
        "<li>Cada entrega tiene una URL permanente: <code>releases/&lt;ocid&gt;/&lt;id&gt;.json</code>; el registro "
        "actual de cada proceso está en <code>records/&lt;ocid&gt;.json</code>.</li>\n";
    for (const auto& extension : page.extensions) {
        html += "<li>Extensión: " + url_link(extension) + "</li>\n";
    }
    html += "</ul>\n</section>\n";

    html += "<section id=\"english\" lang=\"en\" aria-labelledby=\"english-title\">\n"
            "<h2 id=\"english-title\">English</h2>\n";
    html += "<p>Open contracting data of the participatory budget, published by " + escape_html(page.publisher) +
            " in the Open Contracting Data Standard (OCDS). Version <code>" + escape_html(page.version) +
            "</code>, published on <time datetime=\"" + escape_html(page.published) + "\">" + escape_html(date) +
            "</time>: " + std::to_string(all.projects) + " projects, " + std::to_string(all.processes) +
            " planning and contracting processes, " + std::to_string(all.releases) + " releases.";
    if (!page.license.empty()) {
        html += " Licence: " + url_link(page.license) + ".";
    }
    html += "</p>\n";
    html += dashboard_link(false);
    html += "<p>The <a href=\"#descargas\">downloads table</a> above groups the files by participatory budget "
            "edition (<i lang=\"es\">Por edición</i>), by year of each process's first release (<i lang=\"es\">Por "
            "año</i>) and for everything (<i lang=\"es\">Todo</i>). For a spreadsheet: <strong>Excel</strong> "
            "(.xlsx: one sheet per table, Spanish column titles and a data dictionary) or <strong>CSV</strong> (every "
            "table in one .zip, which Windows opens without extra software; each table also as .csv.gz). For "
            "programs: gzipped OCDS <strong>JSON</strong>, one release (<code>releases.jsonl.gz</code>) or record "
            "(<code>records.jsonl.gz</code>) per line, or in packages. Every row of the tables carries its process's "
            "<code>ocid</code>.";
    if (page.without_edition.processes > 0) {
        html += " " + std::to_string(page.without_edition.processes) +
                " processes belong to no edition: they are in the downloads by year and in <i lang=\"es\">Todo</i>.";
    }
    html += "</p>\n";
    if (!page.indicator_files.empty()) {
        html += "<ul>\n" + indicator_list(false) + "</ul>\n";
    }
    html += "<p>The <a href=\"" + link("v/" + page.version + "/manifest.json") +
            "\">manifest</a> lists every file with its URL, size and SHA-256; <a href=\"" + link("latest.json") +
            "\">latest.json</a> names the current version. Each release has a permanent URL "
            "(<code>releases/&lt;ocid&gt;/&lt;id&gt;.json</code>) and each process's current record is at "
            "<code>records/&lt;ocid&gt;.json</code>.</p>\n</section>\n";
    html += "</main>\n</body>\n</html>\n";
    return html;
}

} // namespace ocds
