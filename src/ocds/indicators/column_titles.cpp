#include <ocds/indicators/column_titles.hpp>

#include <map>
#include <set>
#include <vector>

namespace ocds {

namespace {

// Spanish titles of OCDS field names, as the Spanish edition of the standard words them where it
// does, and of the participatory budget extension's fields.
const std::map<std::string, std::string>& field_titles() {
    static const std::map<std::string, std::string> titles{
        {"additionalClassifications", "Clasificaciones adicionales"},
        {"additionalIdentifiers", "Identificadores adicionales"},
        {"additionalProcurementCategories", "Categorías adicionales"},
        {"address", "Domicilio"},
        {"amendments", "Modificaciones"},
        {"amount", "Monto"},
        {"asOf", "Fecha del dato"},
        {"awardCriteria", "Criterios de adjudicación"},
        {"awardID", "ID de la adjudicación"},
        {"awardPeriod", "Periodo de adjudicación"},
        {"awards", "Adjudicaciones"},
        {"ballots", "Votos"},
        {"budget", "Presupuesto"},
        {"budgetBreakdown", "Desglose del presupuesto"},
        {"buyer", "Comprador"},
        {"categories", "Categorías"},
        {"classification", "Clasificación"},
        {"code", "Código"},
        {"contactPoint", "Contacto"},
        {"contractPeriod", "Periodo del contrato"},
        {"contracts", "Contratos"},
        {"coordinates", "Coordenadas"},
        {"costExplanation", "Explicación del costo"},
        {"countryName", "País"},
        {"currency", "Moneda"},
        {"date", "Fecha"},
        {"dateMet", "Fecha de cumplimiento"},
        {"dateModified", "Fecha de modificación"},
        {"datePublished", "Fecha de publicación"},
        {"dateSigned", "Fecha de firma"},
        {"deliveryLocations", "Lugares de entrega"},
        {"description", "Descripción"},
        {"details", "Detalles"},
        {"documentType", "Tipo de documento"},
        {"documents", "Documentos"},
        {"draw", "Empate"},
        {"dueDate", "Fecha límite"},
        {"duration", "Duración"},
        {"edition", "Edición"},
        {"eligibilityCriteria", "Criterios de elegibilidad"},
        {"email", "Correo electrónico"},
        {"endDate", "Fecha de fin"},
        {"enquiryPeriod", "Periodo de aclaraciones"},
        {"envelope", "Bolsa"},
        {"faxNumber", "Fax"},
        {"feasibility", "Factibilidad"},
        {"format", "Formato"},
        {"geometry", "Geometría"},
        {"group", "Grupo"},
        {"hasEnquiries", "Hubo aclaraciones"},
        {"heading", "Partida"},
        {"id", "ID"},
        {"identifier", "Identificador"},
        {"implementation", "Ejecución"},
        {"incompatible", "Incompatible"},
        {"initiationType", "Tipo de inicio"},
        {"items", "Artículos"},
        {"language", "Idioma"},
        {"legalName", "Razón social"},
        {"locality", "Localidad"},
        {"locationPrecision", "Precisión de la ubicación"},
        {"locations", "Ubicaciones"},
        {"mainProcurementCategory", "Categoría principal de contratación"},
        {"maxValue", "Valor máximo"},
        {"milestones", "Hitos"},
        {"minValue", "Valor mínimo"},
        {"name", "Nombre"},
        {"neighbourhood", "Colonia"},
        {"numberOfTenderers", "Número de licitantes"},
        {"offline", "Presenciales"},
        {"online", "En línea"},
        {"participatoryBudget", "Presupuesto participativo"},
        {"parties", "Partes"},
        {"payee", "Beneficiario del pago"},
        {"payer", "Pagador"},
        {"percentage", "Porcentaje"},
        {"period", "Periodo"},
        {"phase", "Fase"},
        {"planning", "Planeación"},
        {"postalCode", "Código postal"},
        {"procurementMethod", "Método de contratación"},
        {"procurementMethodDetails", "Detalle del método de contratación"},
        {"procurementMethodRationale", "Justificación del método de contratación"},
        {"procuringEntity", "Entidad contratante"},
        {"progress", "Avance"},
        {"progressPercentage", "Porcentaje de avance"},
        {"project", "Proyecto"},
        {"projectID", "ID del proyecto"},
        {"quantity", "Cantidad"},
        {"rationale", "Justificación"},
        {"region", "Estado o región"},
        {"relatedProcesses", "Procesos relacionados"},
        {"relationship", "Relación"},
        {"roles", "Roles"},
        {"scale", "Escala"},
        {"scheme", "Esquema"},
        {"sector", "Sector"},
        {"selected", "Seleccionado"},
        {"source", "Fuente"},
        {"sourceParty", "Parte que aporta los fondos"},
        {"startDate", "Fecha de inicio"},
        {"status", "Estado"},
        {"statusDetails", "Detalle del estado"},
        {"streetAddress", "Calle y número"},
        {"submissionMethod", "Forma de presentación"},
        {"suppliers", "Proveedores"},
        {"supports", "Apoyos"},
        {"tag", "Etiquetas"},
        {"telephone", "Teléfono"},
        {"tender", "Licitación"},
        {"tenderPeriod", "Periodo de licitación"},
        {"tenderers", "Licitantes"},
        {"title", "Título"},
        {"total", "Total"},
        {"totalValue", "Valor total"},
        {"transactions", "Pagos"},
        {"type", "Tipo"},
        {"unfeasibilityExplanation", "Motivo de inviabilidad"},
        {"unit", "Unidad"},
        {"uri", "URI"},
        {"url", "URL"},
        {"valuationFinished", "Valoración terminada"},
        {"value", "Valor"},
        {"winner", "Ganador"},
        {"year", "Año"},
    };
    return titles;
}

// What a field holds, by its name, when nothing more precise is known.
const std::map<std::string, std::string>& field_meanings() {
    static const std::map<std::string, std::string> meanings{
        {"amount", "Cantidad de dinero, como número"},
        {"asOf", "Fecha a la que se refiere el dato"},
        {"awardID", "ID de la adjudicación de la que sale el contrato (columna ID de la hoja de adjudicaciones)"},
        {"code", "Código del objeto"},
        {"coordinates", "Coordenadas del punto: longitud y latitud (GeoJSON)"},
        {"currency", "Moneda del monto (código ISO 4217, como MXN)"},
        {"date", "Fecha y hora"},
        {"dateMet", "Fecha y hora en que se cumplió"},
        {"dateModified", "Fecha y hora de la última modificación"},
        {"datePublished", "Fecha y hora de publicación"},
        {"dateSigned", "Fecha y hora de firma"},
        {"description", "Descripción en texto libre"},
        {"documentType", "Tipo de documento (código de la lista documentType de OCDS)"},
        {"dueDate", "Fecha y hora límite"},
        {"email", "Correo electrónico"},
        {"endDate", "Fecha y hora de fin"},
        {"format", "Formato del archivo (tipo MIME)"},
        {"id", "Identificador"},
        {"language", "Idioma (código ISO 639-1, como es)"},
        {"legalName", "Razón social registrada"},
        {"name", "Nombre"},
        {"numberOfTenderers", "Cuántos licitantes participaron"},
        {"percentage", "Porcentaje, de 0 a 100"},
        {"progressPercentage", "Avance, en porcentaje de 0 a 100"},
        {"quantity", "Cantidad de unidades"},
        {"roles", "Papeles de la parte en el proceso (comprador, proveedor, pagador...)"},
        {"scheme", "Registro o lista de donde viene el identificador (como MX-RFC)"},
        {"startDate", "Fecha y hora de inicio"},
        {"status", "Estado (código de una lista de OCDS)"},
        {"telephone", "Teléfono"},
        {"title", "Título"},
        {"type", "Tipo"},
        {"uri", "Dirección web"},
        {"url", "Dirección web"},
        {"year", "Año"},
    };
    return meanings;
}

// Meanings of whole paths (from the release) that matter most to a reader.
const std::map<std::string, std::string>& path_meanings() {
    static const std::map<std::string, std::string> meanings{
        {"ocid", "Identificador del proceso de contratación (o de planeación) en OCDS: une las hojas entre sí"},
        {"id", "Identificador de la entrega (release) compilada"},
        {"date", "Fecha y hora de la última entrega de datos del proceso"},
        {"tag", "Etapas que cubren los datos del proceso (compiled: la versión compilada)"},
        {"initiationType", "Cómo se inició el proceso (tender: licitación)"},
        {"buyer/id", "ID del comprador (columna ID de la hoja de partes)"},
        {"buyer/name", "Nombre del comprador: quien paga por lo contratado"},
        {"planning/rationale", "Justificación del proyecto o de la compra"},
        {"planning/budget/amount/amount", "Monto presupuestado"},
        {"planning/budget/project", "Nombre del proyecto en el presupuesto"},
        {"planning/budget/projectID", "Clave del proyecto en el presupuesto (la de la plataforma de participación)"},
        {"planning/project/title", "Título del proyecto"},
        {"planning/project/totalValue/amount", "Valor total del proyecto"},
        {"planning/participatoryBudget/edition/name", "Edición del presupuesto participativo del proyecto"},
        {"planning/participatoryBudget/edition/year", "Año de la edición del presupuesto participativo"},
        {"planning/participatoryBudget/heading/envelope/amount",
         "Bolsa de la partida: el dinero disponible para los proyectos del sector"},
        {"planning/participatoryBudget/feasibility",
         "Resultado de la valoración técnica: feasible (factible), unfeasible (inviable) o undecided (sin decidir)"},
        {"planning/participatoryBudget/unfeasibilityExplanation", "Por qué el proyecto se valoró inviable"},
        {"planning/participatoryBudget/supports/total", "Apoyos que recibió la propuesta en total"},
        {"planning/participatoryBudget/ballots/total", "Votos que recibió el proyecto en total"},
        {"planning/participatoryBudget/winner", "Si el proyecto ganó la votación (verdadero o falso)"},
        {"planning/participatoryBudget/selected", "Si el proyecto pasó a la votación final"},
        {"planning/participatoryBudget/progress/percentage",
         "Avance físico del proyecto que informa el municipio, de 0 a 100"},
        {"relatedProcesses/identifier", "Procesos relacionados: ocid del proyecto (planning) o de sus contrataciones"},
        {"tender/status", "Estado de la licitación (planning, active, complete, cancelled, unsuccessful, withdrawn)"},
        {"tender/value/amount", "Monto estimado de la licitación"},
        {"tender/procurementMethod",
         "Método de contratación: open (licitación pública), selective (invitación restringida), limited o direct (adjudicación directa)"},
        {"tender/numberOfTenderers", "Cuántos licitantes presentaron ofertas"},
        {"tender/tenderers/name", "Nombres de los licitantes"},
        {"awards/status", "Estado de la adjudicación (pending, active, cancelled, unsuccessful)"},
        {"awards/value/amount", "Monto adjudicado"},
        {"awards/suppliers/name", "Nombres de los proveedores adjudicados"},
        {"contracts/status", "Estado del contrato (pending, active, cancelled, terminated)"},
        {"contracts/value/amount", "Monto del contrato"},
        {"contracts/dateSigned", "Fecha y hora de firma del contrato"},
        {"contracts/implementation/transactions/value/amount", "Monto pagado"},
        {"contracts/implementation/transactions/payee/name", "A quién se pagó"},
        {"parties/roles",
         "Papeles de la parte en el proceso: buyer (comprador), supplier (proveedor), tenderer (licitante), payer (pagador), payee (beneficiario)..."},
        {"parties/identifier/id", "Identificador de la parte en su registro (el RFC, con el esquema MX-RFC)"},
    };
    return meanings;
}

// Fields that are lists: their column joins one value per element with ';'.
const std::set<std::string>& list_fields() {
    static const std::set<std::string> lists{
        "additionalClassifications",
        "additionalIdentifiers",
        "additionalProcurementCategories",
        "amendments",
        "budgetBreakdown",
        "categories",
        "changes",
        "coordinates",
        "deliveryLocations",
        "locations",
        "relatedProcesses",
        "roles",
        "submissionMethod",
        "suppliers",
        "tag",
        "tenderers",
    };
    return lists;
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        parts.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
        if (slash == std::string::npos) {
            break;
        }
        start = slash + 1;
    }
    return parts;
}

std::string title_of(const std::string& field) {
    const auto found = field_titles().find(field);
    return found == field_titles().end() ? field : found->second;
}

/// Where a table's rows stand in a release ("" for processes).
std::string table_prefix(const std::string& table) {
    static const std::map<std::string, std::string> prefixes{
        {"parties", "parties"},
        {"items", "{tender,awards,contracts}/items"},
        {"awards", "awards"},
        {"contracts", "contracts"},
        {"payments", "contracts/implementation/transactions"},
        {"milestones", "{planning,tender,contracts,contracts/implementation}/milestones"},
        {"documents", "{planning,tender,awards,contracts,contracts/implementation}/documents"},
    };
    const auto found = prefixes.find(table);
    return found == prefixes.end() ? "" : found->second;
}

/// The key columns Flattener adds, which are not fields of the row's object.
bool key_column(const std::string& table, const std::string& column, ColumnDescription& out) {
    if (column == "ocid") {
        out = {"OCID (proceso)", "Identificador del proceso al que pertenece la fila: une esta hoja con la de procesos",
               "ocid"};
        return true;
    }
    if (column == "in" && (table == "items" || table == "milestones" || table == "documents")) {
        out = {"Parte del proceso",
               "Dónde está el objeto: planning (planeación), tender (licitación), awards (adjudicación), contracts "
               "(contrato) o contracts/implementation (ejecución del contrato)",
               "(la ruta del objeto)"};
        return true;
    }
    if (column == "parentID") {
        out = {
            "ID de la adjudicación o contrato",
            "ID de la adjudicación o del contrato que contiene el objeto (vacío si está en la licitación o la planeación)",
            "awards/id o contracts/id"};
        return true;
    }
    if (column == "contractID" && table == "payments") {
        out = {"ID del contrato", "ID del contrato al que corresponde el pago (columna ID de la hoja de contratos)",
               "contracts/id"};
        return true;
    }
    return false;
}

} // namespace

std::string table_title(const std::string& table) {
    static const std::map<std::string, std::string> titles{
        {"processes", "procesos"},  {"parties", "partes"}, {"items", "artículos"},  {"awards", "adjudicaciones"},
        {"contracts", "contratos"}, {"payments", "pagos"}, {"milestones", "hitos"}, {"documents", "documentos"},
    };
    const auto found = titles.find(table);
    return found == titles.end() ? table : found->second;
}

ColumnDescription describe_column(const std::string& table, const std::string& column) {
    ColumnDescription description;
    if (key_column(table, column, description)) {
        return description;
    }
    // A field that clashes with a key column is named "<field> (field)" by Flattener.
    const std::string suffix = " (field)";
    const bool clashing =
        column.size() > suffix.size() && column.compare(column.size() - suffix.size(), suffix.size(), suffix) == 0;
    const std::string path = clashing ? column.substr(0, column.size() - suffix.size()) : column;
    const std::string prefix = table_prefix(table);
    description.ocds_path = prefix.empty() ? path : prefix + "/" + path;

    // Title: each part's title, "›" between them; "Monto › Monto" (an amount's amount) reads once.
    const std::vector<std::string> parts = split_path(path);
    std::vector<std::string> titles;
    for (const auto& part : parts) {
        std::string title = title_of(part);
        if (titles.empty() || titles.back() != title) {
            titles.push_back(std::move(title));
        }
    }
    for (std::size_t i = 0; i < titles.size(); ++i) {
        description.title += (i ? " › " : "") + titles[i];
    }
    if (clashing) {
        description.title += " (campo)";
    }

    // Meaning: the path's own, else the last part's with where it is, else where it comes from.
    const std::string& leaf = parts.back();
    const auto by_path = path_meanings().find(description.ocds_path);
    if (by_path != path_meanings().end()) {
        description.meaning = by_path->second;
    } else {
        const auto by_leaf = field_meanings().find(leaf);
        const std::string context =
            titles.size() > 1 ? description.title.substr(0, description.title.rfind(" › ")) : "";
        if (by_leaf != field_meanings().end()) {
            description.meaning = by_leaf->second + (context.empty() ? "" : " (" + context + ")");
        } else if (field_titles().count(leaf)) {
            description.meaning = title_of(leaf) + (context.empty() ? "" : " (" + context + ")");
        } else {
            description.meaning =
                "Campo «" + path + "» de los datos: ver el esquema de OCDS o de la extensión que lo define";
        }
    }
    bool list = false;
    for (const auto& part : parts) {
        list |= list_fields().count(part) > 0;
    }
    if (list) {
        description.meaning += ". Un valor por elemento de la lista, separados por «;»";
    }
    description.meaning += ".";
    return description;
}

} // namespace ocds
