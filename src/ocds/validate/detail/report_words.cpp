#include <ocds/validate/detail/report_words.hpp>

#include <cstring>
#include <string_view>

namespace ocds::detail {

namespace {

/// An English message pattern ("{}" marks a variable part) and its Spanish sentence.
struct Sentence {
    const char* en;
    const char* es;
    bool types = false; ///< the variable parts are JSON type names ("string or null")
};

// The validator's sentences (checks.cpp, validation.cpp); a longer pattern before a shorter one
// that would match the same message.
const Sentence sentences[] = {
    {"'{}' is missing but required", "falta «{}», que es obligatorio"},
    {"expected {}, found {} that is not an integer", "se esperaba {}, se encontró {} que no es entero", true},
    {"expected {}, found {}", "se esperaba {}, se encontró {}", true},
    {"the array has too few items ({} at least)", "la lista tiene muy pocos elementos (al menos {})"},
    {"must not be an empty string", "no puede ser un texto vacío"},
    {"the string is too short", "el texto es demasiado corto"},
    {"does not match the pattern {}", "no sigue el patrón {}"},
    {"is not one of the values the schema allows", "no es uno de los valores que permite el esquema"},
    {"is not one of: {}", "no es uno de: {}"},
    {"the object has too few fields", "el objeto tiene muy pocos campos"},
    {"the string is empty", "el texto está vacío"},
    {"the string holds only whitespace", "el texto solo tiene espacios en blanco"},
    {"the array is empty", "la lista está vacía"},
    {"the object is empty", "el objeto está vacío"},
    {"the id is used by another item of the array", "otro elemento de la lista usa el mismo id"},
    {"an object in an array merged by identifier has no id, so it cannot be merged",
     "un objeto de una lista que se combina por identificador no tiene id, así que no se puede combinar"},
    {"the item repeats another item of the array", "el elemento repite otro elemento de la lista"},
    {"the code is deprecated in codelist {} since OCDS {}", "el código es obsoleto en la lista {} desde OCDS {}"},
    {"deprecated in OCDS {}: {}", "obsoleto desde OCDS {} (nota del esquema: {})"},
    {"the field is not in the schema or its extensions", "el campo no está en el esquema ni en sus extensiones"},
    {"the amount is negative", "el monto es negativo"},
    {"the period ends before it starts", "el periodo termina antes de empezar"},
    {"the code is not in the closed codelist {}", "el código no está en la lista cerrada {}"},
    {"the code is not in the open codelist {}", "el código no está en la lista abierta {}"},
    {"not a date-time: expected RFC 3339 with a time zone, like {}",
     "no es una fecha y hora: se espera RFC 3339 con zona horaria, como {}"},
    {"not a date: expected YYYY-MM-DD", "no es una fecha: se espera AAAA-MM-DD"},
    {"not a URI: expected an absolute URI with spaces and accents percent-encoded",
     "no es una URI: se espera una URI absoluta, con espacios y acentos codificados con %"},
    {"not an e-mail address", "no es una dirección de correo electrónico"},
    {"the ocid does not start with a registered prefix: ocds- and six lowercase letters or digits",
     "el ocid no empieza con un prefijo registrado: ocds- y seis letras minúsculas o dígitos"},
    {"no party in parties has this id (referenced as {})", "ninguna parte de parties tiene este id (referida como {})"},
    {"the party referenced here lacks the role {}", "a la parte referida aquí le falta el rol {}"},
    {"no award in awards has this id", "ninguna adjudicación de awards tiene este id"},
    {"the contract is signed before its award's date", "el contrato se firmó antes de la fecha de su adjudicación"},
    {"amounts of one contracting process are in more than one currency",
     "los montos de un proceso de contratación están en más de una moneda"},
    {"a record's releases must be all linked releases (with url) or all embedded releases",
     "las entregas de un registro deben ser todas enlazadas (con url) o todas incluidas"},
    {"the record's releases are not in date order", "las entregas del registro no están en orden de fecha"},
    {"the compiled release differs from the merge of the record's releases",
     "la entrega compilada difiere de la combinación de las entregas del registro"},
    {"the record's releases cannot be merged: {}", "las entregas del registro no se pueden combinar: {}"},
    {"a package needs at least one item in {}", "un paquete necesita al menos un elemento en {}"},
    {"not OCDS data: expected a release, record, or release or record package",
     "no son datos OCDS: se espera una entrega, un registro o un paquete de entregas o de registros"},
    {"the extension is not applied: {}; its fields are reported as additional",
     "la extensión no se aplicó ({}); sus campos se informan como adicionales"},
    {"the package has no version, so it is OCDS 1.0: add \"version\": \"1.1\" for 1.1 data",
     "el paquete no tiene versión, así que es OCDS 1.0: agregue \"version\": \"1.1\" si los datos son 1.1"},
    {"the version is not a known OCDS version (\"1.0\" or \"1.1\"): validated as 1.1",
     "la versión no es una versión conocida de OCDS (\"1.0\" o \"1.1\"): se validó como 1.1"},
    {"another record in the package (or file) has the same ocid",
     "otro registro del paquete (o del archivo) tiene el mismo ocid"},
    {"another release in the package (or file) has the same ocid and id",
     "otra entrega del paquete (o del archivo) tiene el mismo ocid e id"},
};

const std::pair<const char*, const char*> type_words[] = {
    {"string", "texto"},           {"number", "número"}, {"integer", "entero"}, {"boolean", "verdadero/falso"},
    {"object", "objeto"},          {"array", "lista"},   {"null", "nulo"},      {"nothing", "nada"},
    {"another type", "otro tipo"}, {"or", "o"},
};

/// "string or null" → "texto o nulo", word by word.
std::string types_es(const std::string& text) {
    if (text == "another type") {
        return "otro tipo";
    }
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto space = text.find(' ', start);
        const std::string word = text.substr(start, space == std::string::npos ? std::string::npos : space - start);
        std::string translated = word;
        for (const auto& [en, es] : type_words) {
            if (word == en) {
                translated = es;
            }
        }
        out += (out.empty() ? "" : " ") + translated;
        if (space == std::string::npos) {
            break;
        }
        start = space + 1;
    }
    return out;
}

/// The variable parts of `message` if it follows `pattern`.
bool match(std::string_view pattern, std::string_view message, std::vector<std::string>& parts) {
    parts.clear();
    std::vector<std::string_view> pieces;
    for (std::size_t start = 0;;) {
        const auto mark = pattern.find("{}", start);
        pieces.push_back(pattern.substr(start, mark == std::string_view::npos ? std::string_view::npos : mark - start));
        if (mark == std::string_view::npos) {
            break;
        }
        start = mark + 2;
    }
    if (message.substr(0, pieces.front().size()) != pieces.front()) {
        return false;
    }
    std::size_t at = pieces.front().size();
    for (std::size_t i = 1; i < pieces.size(); ++i) {
        const std::string_view piece = pieces[i];
        const bool last = i + 1 == pieces.size();
        std::size_t found;
        if (last) {
            // The final piece ends the message.
            if (message.size() < at + piece.size() || message.substr(message.size() - piece.size()) != piece) {
                return false;
            }
            found = message.size() - piece.size();
        } else {
            found = message.find(piece, at);
            if (found == std::string_view::npos) {
                return false;
            }
        }
        parts.emplace_back(message.substr(at, found - at));
        at = found + piece.size();
    }
    return at == message.size();
}

std::string fill(std::string_view pattern, const std::vector<std::string>& parts) {
    std::string out;
    std::size_t part = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern.compare(i, 2, "{}") == 0 && part < parts.size()) {
            out += parts[part++];
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

const std::vector<CheckWords> checks = {
    {"schema", false, "No sigue el esquema", "Does not follow the schema",
     "Campos obligatorios que faltan, valores de un tipo equivocado (texto donde va un número, un objeto donde va una "
     "lista) o que el esquema de OCDS, con sus extensiones, no permite. Otros sistemas no pueden leer estos datos.",
     "Required fields that are missing, values of the wrong type (text where a number belongs, an object where a list "
     "belongs) or values that the OCDS schema, with its extensions, does not allow. Other systems cannot read this data."},
    {"format", false, "Fechas, direcciones web y correos mal escritos",
     "Badly written dates, web addresses and e-mails",
     "Las fechas deben llevar hora y zona horaria (2024-03-01T09:30:00-06:00); las direcciones web deben ser completas "
     "y sin espacios.",
     "Dates need a time and a time zone (2024-03-01T09:30:00-06:00); web addresses must be complete and without spaces."},
    {"closed-codelist", false, "Códigos fuera de una lista cerrada", "Codes outside a closed codelist",
     "Estos campos solo admiten los códigos de su lista (por ejemplo, el estado de una licitación); otro valor no se "
     "puede interpretar.",
     "These fields only take the codes of their list (a tender's status, for example); another value cannot be "
     "interpreted."},
    {"open-codelist", false, "Códigos fuera de una lista abierta", "Codes outside an open codelist",
     "Se permiten códigos nuevos en estas listas, pero conviene documentarlos o usar los del estándar.",
     "New codes are allowed in these lists, but they should be documented, or the standard's codes used."},
    {"unique-releases", false, "Entregas repetidas", "Repeated releases",
     "Dos entregas tienen el mismo ocid e id: cada entrega debe tener un id propio dentro de su proceso.",
     "Two releases have the same ocid and id: each release needs its own id within its process."},
    {"unique-records", false, "Registros repetidos", "Repeated records",
     "Dos registros tienen el mismo ocid: un proceso de contratación tiene un solo registro.",
     "Two records have the same ocid: a contracting process has one record."},
    {"unique-ids", false, "Identificadores repetidos", "Repeated identifiers",
     "Dos elementos de una lista (partes, adjudicaciones, artículos...) comparten el id, y al combinar las entregas uno "
     "borraría al otro.",
     "Two items of a list (parties, awards, items...) share an id, and merging the releases would let one erase the "
     "other."},
    {"record-releases", false, "Entregas de un registro mezcladas", "A record's releases mixed",
     "Un registro enlaza unas entregas y copia otras; deben ser todas de una forma.",
     "A record links some releases and copies others; they must all be of one kind."},
    {"ocid-prefix", false, "Prefijo de ocid no registrado", "Unregistered ocid prefix",
     "El ocid debe empezar con el prefijo que el publicador registró ante Open Contracting (ocds- y seis caracteres), "
     "para que sea único en el mundo.",
     "The ocid must start with the prefix the publisher registered with Open Contracting (ocds- and six characters), so "
     "that it is unique in the world."},
    {"version", false, "Versión de OCDS", "OCDS version",
     "La versión del estándar que declaran los datos, que decide con qué esquema se revisan.",
     "The version of the standard the data declares, which decides the schema it is checked against."},
    {"json", false, "El archivo no es JSON válido", "The file is not valid JSON",
     "Una parte del archivo no se puede leer como JSON; lo que sigue al error no se revisó.",
     "Part of the file cannot be read as JSON; what follows the error was not checked."},
    {"shape", false, "Datos que no son OCDS", "Data that is not OCDS",
     "Un valor que no es una entrega, un registro ni un paquete.",
     "A value that is not a release, a record or a package."},
    {"deprecated", false, "Campos y códigos obsoletos", "Deprecated fields and codes",
     "El estándar dejó de recomendar estos campos o códigos; la nota del esquema dice qué usar en su lugar.",
     "The standard no longer recommends these fields or codes; the schema's note says what to use instead."},
    {"additional-field", false, "Campos adicionales", "Additional fields",
     "Campos que ni el esquema ni las extensiones declaradas definen. Se permiten, pero nadie sabrá qué significan sin "
     "documentación; a veces son errores de escritura.",
     "Fields that neither the schema nor the declared extensions define. They are allowed, but nobody will know what "
     "they mean without documentation; sometimes they are typing mistakes."},
    {"empty-field", false, "Campos vacíos", "Empty fields",
     "Textos, listas u objetos vacíos: es mejor omitir el campo cuando no hay dato.",
     "Empty texts, lists or objects: it is better to leave a field out when there is no data."},
    {"missing-id", true, "Objetos sin id", "Objects without an id",
     "Objetos de listas que se combinan por id (documentos, hitos, artículos...) sin id: al compilar las entregas no se "
     "pueden juntar con sus versiones anteriores.",
     "Objects of lists that are merged by id (documents, milestones, items...) without an id: compiling the releases "
     "cannot bring them together with their earlier versions."},
    {"extension", false, "Extensiones no aplicadas", "Extensions not applied",
     "Una extensión declarada que no se pudo usar; sus campos aparecen entonces como adicionales.",
     "A declared extension that could not be used; its fields then show as additional."},
    {"reference", true, "Referencias rotas", "Broken references",
     "Un comprador, proveedor, pagador... que no está en la lista de partes, o un contrato cuya adjudicación no existe.",
     "A buyer, supplier, payer... that is not in the list of parties, or a contract whose award does not exist."},
    {"party-role", true, "Roles de las partes", "Roles of the parties",
     "Una parte referida como comprador, proveedor, pagador... a la que le falta ese rol en su lista de roles.",
     "A party referred to as buyer, supplier, payer... whose list of roles lacks that role."},
    {"date-order", true, "Fechas fuera de orden", "Dates out of order",
     "Periodos que terminan antes de empezar, contratos firmados antes de su adjudicación, entregas desordenadas.",
     "Periods that end before they start, contracts signed before their award, releases out of order."},
    {"negative-amount", true, "Montos negativos", "Negative amounts", "Un monto menor que cero.",
     "An amount below zero."},
    {"mixed-currency", true, "Monedas mezcladas", "Mixed currencies",
     "Montos de un mismo proceso en varias monedas, que no se pueden sumar.",
     "Amounts of one process in several currencies, which cannot be added up."},
    {"compiled-release", true, "Entrega compilada que no coincide", "Compiled release that does not match",
     "La entrega compilada de un registro no es la combinación de sus entregas, como manda el estándar.",
     "A record's compiled release is not the merge of its releases, as the standard requires."},
};

const CheckWords unknown_check{"", false, "Otra comprobación", "Another check", "", ""};

} // namespace

const std::vector<CheckWords>& every_check_words() {
    return checks;
}

const CheckWords& check_words(const std::string& check) {
    for (const auto& words : checks) {
        if (check == words.check) {
            return words;
        }
    }
    return unknown_check;
}

std::string message_es(const std::string& message) {
    std::vector<std::string> parts;
    for (const auto& sentence : sentences) {
        if (match(sentence.en, message, parts)) {
            if (sentence.types) {
                for (auto& part : parts) {
                    part = types_es(part);
                }
            }
            return fill(sentence.es, parts);
        }
    }
    return message;
}

} // namespace ocds::detail
