#include <ocds/publish/page.hpp>

#include <ocds/core/html.hpp>

#include <cstdio>
#include <map>

namespace ocds {

namespace {

struct FormatText {
    const char* spanish;
    const char* english;
};

FormatText describe(const std::string& format) {
    if (format == "releases.jsonl.gz") {
        return {"Entregas (releases): un paquete por línea, JSON Lines con gzip",
                "Releases: one package per line, gzipped JSON Lines"};
    }
    if (format == "records.jsonl.gz") {
        return {"Registros (records): un paquete por proceso y línea, JSON Lines con gzip",
                "Records: one package per process and line, gzipped JSON Lines"};
    }
    if (format == "release-package.json.gz") {
        return {"Paquete de entregas, JSON con gzip", "Release package, gzipped JSON"};
    }
    if (format.size() > 7 && format.compare(format.size() - 7, 7, ".csv.gz") == 0) {
        static const std::map<std::string, FormatText> tables{
            {"processes.csv.gz", {"Tabla CSV de procesos: una fila por proceso, con gzip", "CSV table of processes: one row per process, gzipped"}},
            {"parties.csv.gz", {"Tabla CSV de partes (compradores, proveedores, licitantes)", "CSV table of parties (buyers, suppliers, tenderers)"}},
            {"items.csv.gz", {"Tabla CSV de artículos de licitaciones, adjudicaciones y contratos", "CSV table of the items of tenders, awards and contracts"}},
            {"awards.csv.gz", {"Tabla CSV de adjudicaciones", "CSV table of awards"}},
            {"contracts.csv.gz", {"Tabla CSV de contratos", "CSV table of contracts"}},
            {"payments.csv.gz", {"Tabla CSV de pagos", "CSV table of payments"}},
            {"milestones.csv.gz", {"Tabla CSV de hitos", "CSV table of milestones"}},
            {"documents.csv.gz", {"Tabla CSV de documentos", "CSV table of documents"}},
        };
        auto found = tables.find(format);
        return found != tables.end() ? found->second : FormatText{"Tabla CSV, con gzip", "CSV table, gzipped"};
    }
    return {"Paquete de registros, JSON con gzip", "Record package, gzipped JSON"};
}

std::string year_label(const std::string& year, bool spanish) {
    if (year == "all") {
        return spanish ? "Todos los años" : "All years";
    }
    return year;
}

} // namespace

std::string human_size(std::uint64_t bytes) {
    char text[32];
    if (bytes < 1000) {
        std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
    } else if (bytes < 1000000) {
        std::snprintf(text, sizeof text, "%.1f kB", static_cast<double>(bytes) / 1e3);
    } else if (bytes < 1000000000) {
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    } else {
        std::snprintf(text, sizeof text, "%.2f GB", static_cast<double>(bytes) / 1e9);
    }
    return text;
}

std::string publication_page(const PublicationPage& page, const std::string& folder) {
    // Links relative to where the page stands: "v/<version>/" pages go up two levels.
    auto link = [&](const std::string& path) {
        if (!folder.empty() && path.compare(0, folder.size(), folder) == 0) {
            return escape_html(path.substr(folder.size()));
        }
        return escape_html((folder.empty() ? "" : "../../") + path);
    };
    const std::string date = page.published.substr(0, 10);
    const PublicationCounts all = page.counts.count("all") ? page.counts.at("all") : PublicationCounts{};
    std::string html;
    html += "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    html += "<title>Datos abiertos de contrataciones (OCDS) — " + escape_html(page.publisher) + "</title>\n";
    html += "<style>\n"
            "body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1a1a1a;background:#fff}\n"
            "a{color:#0b4f9c}a:focus{outline:3px solid #f2a900;outline-offset:2px}\n"
            "table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:left;font-weight:bold;padding:.5rem 0}\n"
            "th,td{border:1px solid #767676;padding:.4rem .5rem;text-align:left;vertical-align:top}th{background:#eef2f7}\n"
            "td.size{text-align:right;white-space:nowrap}code{background:#f3f3f3;padding:0 .2rem}\n"
            "</style>\n</head>\n<body>\n";
    html += "<header>\n<h1>Datos abiertos de contrataciones del presupuesto participativo</h1>\n";
    html += "<p>" + escape_html(page.publisher) + ". Publicación en el Estándar de Datos de Contrataciones Abiertas "
            "(OCDS). <a href=\"#english\" lang=\"en\">English below</a>.</p>\n</header>\n<main>\n";
    html += "<section aria-labelledby=\"resumen\">\n<h2 id=\"resumen\">Resumen</h2>\n<ul>\n";
    html += "<li>Versión <code>" + escape_html(page.version) + "</code>, publicada el <time datetime=\"" +
            escape_html(page.published) + "\">" + escape_html(date) + "</time>.</li>\n";
    html += "<li>" + std::to_string(all.projects) + " proyectos, " + std::to_string(all.processes) +
            " procesos de contratación y planeación, " + std::to_string(all.releases) + " entregas (releases).</li>\n";
    if (!page.license.empty()) {
        html += "<li>Licencia: <a href=\"" + escape_html(page.license) + "\">" + escape_html(page.license) + "</a>.</li>\n";
    }
    if (!page.publication_policy.empty()) {
        html += "<li>Política de publicación: <a href=\"" + escape_html(page.publication_policy) + "\">" +
                escape_html(page.publication_policy) + "</a>.</li>\n";
    }
    html += "</ul>\n</section>\n";

    auto table = [&](bool spanish) {
        std::string out = "<table>\n<caption>";
        out += spanish ? "Descargas por año del primer dato de cada proceso" : "Downloads by year of each process's first release";
        out += "</caption>\n<thead><tr><th scope=\"col\">";
        out += spanish ? "Año" : "Year";
        out += "</th><th scope=\"col\">";
        out += spanish ? "Archivo y formato" : "File and format";
        out += "</th><th scope=\"col\">";
        out += spanish ? "Tamaño" : "Size";
        out += "</th></tr></thead>\n<tbody>\n";
        for (const auto& file : page.bulk_files) {
            const std::string name = file.path.substr(file.path.rfind('/') + 1);
            const FormatText text = describe(file.format);
            out += "<tr><td>" + escape_html(year_label(file.year, spanish)) + "</td><td><a href=\"" + link(file.path) +
                   "\" download>" + escape_html(name) + "</a><br>" + (spanish ? text.spanish : text.english) +
                   "</td><td class=\"size\">" + human_size(file.size) + "</td></tr>\n";
        }
        out += "</tbody>\n</table>\n";
        return out;
    };
    html += "<section aria-labelledby=\"descargas\">\n<h2 id=\"descargas\">Descargas masivas</h2>\n";
    html += table(true);
    html += "<p>Las tablas CSV (UTF-8, separadas por comas) abren en una hoja de cálculo después de descomprimirlas; "
            "cada fila lleva el <code>ocid</code> de su proceso y el <code>id</code> de su objeto.</p>\n";
    html += "<p>Cada archivo está comprimido con gzip. Las sumas SHA-256 de todos los archivos están en el "
            "<a href=\"" + link("v/" + page.version + "/manifest.json") + "\">manifiesto</a>; la lista de procesos en "
            "<a href=\"" + link("v/" + page.version + "/ocids.txt") + "\">ocids.txt</a>.</p>\n</section>\n";
    auto dashboard = [&](bool spanish) {
        if (page.dashboard.empty()) {
            return std::string();
        }
        std::string out = "<p><a href=\"" + link(page.dashboard) + "\">";
        out += spanish ? "Tableros de control</a>: proyectos en ejecución, factibilidad de los proyectos e indicadores "
                         "de seguimiento, por edición y sector, con un mapa y la lista de proyectos ganadores.</p>\n"
                       : "Dashboards</a>: projects in execution, feasibility of the projects and follow-up indicators, "
                         "by edition and sector, with a map and the list of winning projects.</p>\n";
        out += "<ul>\n";
        for (const auto& file : page.indicator_files) {
            const std::string name = file.path.substr(file.path.rfind('/') + 1);
            const bool csv = name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0;
            out += "<li><a href=\"" + link(file.path) + "\" download>" + escape_html(name) + "</a> (" + human_size(file.size) + "): ";
            out += csv ? (spanish ? "los indicadores en CSV, una fila por edición y sector" : "the indicators as CSV, one row per edition and sector")
                       : (spanish ? "todos los indicadores y la lista de proyectos, en JSON" : "every indicator and the list of projects, as JSON");
            out += "</li>\n";
        }
        out += "</ul>\n";
        return out;
    };
    if (!page.dashboard.empty()) {
        html += "<section aria-labelledby=\"tableros\">\n<h2 id=\"tableros\">Tableros de control e indicadores</h2>\n";
        html += dashboard(true) + "</section>\n";
    }
    html += "<section aria-labelledby=\"programas\">\n<h2 id=\"programas\">Para programas</h2>\n<ul>\n";
    html += "<li><a href=\"" + link("latest.json") + "\">latest.json</a> dice cuál es la versión actual y dónde está "
            "su manifiesto, que lista cada archivo con su URL, tamaño y SHA-256. <code>ocds pull " +
            escape_html(page.base_uri) + "</code> descarga y verifica todo.</li>\n";
    html += "<li>Cada entrega tiene una URL permanente: <code>releases/&lt;ocid&gt;/&lt;id&gt;.json</code>; el registro "
            "actual de cada proceso está en <code>records/&lt;ocid&gt;.json</code>.</li>\n";
    for (const auto& extension : page.extensions) {
        html += "<li>Extensión: <a href=\"" + escape_html(extension) + "\">" + escape_html(extension) + "</a></li>\n";
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
        html += " Licence: <a href=\"" + escape_html(page.license) + "\">" + escape_html(page.license) + "</a>.";
    }
    html += "</p>\n";
    html += table(false);
    html += dashboard(false);
    html += "<p>The CSV tables (UTF-8, comma-separated) open in a spreadsheet once decompressed; each row carries its "
            "process's <code>ocid</code> and its object's <code>id</code>.</p>\n";
    html += "<p>Every file is gzip-compressed. The <a href=\"" + link("v/" + page.version + "/manifest.json") +
            "\">manifest</a> lists every file with its URL, size and SHA-256; <a href=\"" + link("latest.json") +
            "\">latest.json</a> names the current version. Each release has a permanent URL "
            "(<code>releases/&lt;ocid&gt;/&lt;id&gt;.json</code>) and each process's current record is at "
            "<code>records/&lt;ocid&gt;.json</code>.</p>\n</section>\n";
    html += "</main>\n</body>\n</html>\n";
    return html;
}

} // namespace ocds
