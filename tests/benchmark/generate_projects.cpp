// ocds_bench_projects: writes synthetic budget-project records (the input of `ocds map`, described
// in schemas/budget-project-record.schema.json) as JSON Lines, for benchmarks of the mapper.
//
// The export imitates a Decide San Pedro (CONSUL) platform joined with the municipal procurement
// system: eight budget editions (2019 to 2026, budget ids "1" to "8"), six sector headings each,
// proposals with supports, feasibility, ballots and winners, and for about 30 % of the projects
// one or two contracting processes with tender, award, contract, amendments, payments and milestones,
// plus the suppliers and tenderers as parties. The export is taken on 2026-05-15: nothing is dated
// later, the 2025 edition's projects are being bought and the 2026 edition is being valuated.
//
// Project n is drawn from its own random stream seeded by (seed, n), so a record never depends on the
// records before it. --change-percent P changes a deterministic P % of the projects (chosen and
// changed by two more streams) the way a later export of the same systems would differ: a new
// payment, more progress, a milestone met, an amendment, a corrected cost, a feasibility decided, a
// correction of the supports. P = 0 gives the unchanged export, byte for byte.

#include <algorithm>
#include <array>
#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "bench_json.hpp"
#include "bench_random.hpp"

namespace {

using bench::mix;
using bench::Rng;
using bench::splitmix64;

// Salts of the independent streams derived from the seed.
constexpr std::uint64_t salt_edition = 0xED17100ULL;
constexpr std::uint64_t salt_party = 0x9A27E5ULL;
constexpr std::uint64_t salt_select = 0x5E1EC7ULL;
constexpr std::uint64_t salt_change = 0xC4A96EULL;

// ---------------------------------------------------------------------------------------------
// Dates: seconds since the epoch, written in San Pedro's offset -06:00.

constexpr std::int64_t day = 86400;
constexpr std::int64_t hour = 3600;
constexpr std::int64_t utc_offset = -6 * hour;

std::int64_t days_from_civil(int year, unsigned month, unsigned day_of_month) {
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day_of_month - 1;
    const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

void civil_from_days(std::int64_t days, int& year, int& month, int& day_of_month) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto day_of_era = static_cast<std::uint64_t>(days - era * 146097);
    const std::uint64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::uint64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::uint64_t mp = (5 * day_of_year + 2) / 153;
    day_of_month = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2));
}

/// A local time in San Pedro as seconds since the epoch.
std::int64_t local_time(int year, unsigned month, unsigned day_of_month, int hh = 0, int mm = 0, int ss = 0) {
    return days_from_civil(year, month, day_of_month) * day + hh * hour + mm * 60 + ss - utc_offset;
}

int year_of(std::int64_t seconds) {
    const std::int64_t local = seconds + utc_offset;
    int year = 0, month = 0, day_of_month = 0;
    civil_from_days(local >= 0 ? local / day : (local - day + 1) / day, year, month, day_of_month);
    return year;
}

/// RFC 3339 with the offset -06:00, into a buffer of at least 26 bytes.
void format_date(char* out, std::int64_t seconds) {
    const std::int64_t local = seconds + utc_offset;
    const std::int64_t days = local >= 0 ? local / day : (local - day + 1) / day;
    const auto of_day = static_cast<int>(local - days * day);
    int year = 0, month = 0, day_of_month = 0;
    civil_from_days(days, year, month, day_of_month);
    const auto two = [](char* at, int value) {
        at[0] = static_cast<char>('0' + value / 10);
        at[1] = static_cast<char>('0' + value % 10);
    };
    two(out, year / 100);
    two(out + 2, year % 100);
    out[4] = '-';
    two(out + 5, month);
    out[7] = '-';
    two(out + 8, day_of_month);
    out[10] = 'T';
    two(out + 11, of_day / 3600);
    out[13] = ':';
    two(out + 14, of_day / 60 % 60);
    out[16] = ':';
    two(out + 17, of_day % 60);
    std::memcpy(out + 19, "-06:00", 6);
}

/// The moment of the export: nothing in the unchanged export is later.
const std::int64_t export_time = local_time(2026, 5, 15, 8, 0, 0);

// ---------------------------------------------------------------------------------------------
// The JSON writer, with the dates and money of a budget-project record.

class RecordJson : public bench::JsonText {
public:
    void date(std::int64_t seconds) {
        char buffer[32];
        format_date(buffer, seconds);
        string(std::string_view(buffer, 25));
    }

    /// Whole pesos, as CONSUL stores them: {"amount":985000,"currency":"MXN"}.
    void pesos(std::int64_t amount) {
        begin_object();
        member_integer("amount", amount);
        member("currency", "MXN");
        end_object();
    }

    /// Pesos and centavos, always with two decimals as the procurement system writes them: 968215.40.
    void centavos(std::int64_t cents) {
        char buffer[32];
        const int length =
            std::snprintf(buffer, sizeof buffer, "%" PRId64 ".%02d", cents / 100, static_cast<int>(cents % 100));
        begin_object();
        key("amount");
        number(std::string_view(buffer, static_cast<std::size_t>(length)));
        member("currency", "MXN");
        end_object();
    }

    void member_date(std::string_view name, std::int64_t seconds) {
        key(name);
        date(seconds);
    }
};

// ---------------------------------------------------------------------------------------------
// Vocabulary. Spanish, as the platform and the procurement system write it; all names are made up.

const char* const platform = "https://decide.sanpedro.gob.mx";
const char* const transparency = "https://transparencia.sanpedro.gob.mx/contrataciones";
/// The configured municipal party that pays (see examples/san-pedro/README.md).
const char* const municipality_id = "MX-RFC-MSP850101AB1";

struct Neighbourhood {
    const char* id;
    const char* name;
    int lat; // 1e-4 degrees
    int lng;
};

struct Sector {
    const char* code;
    const char* name;
    std::array<Neighbourhood, 4> neighbourhoods;
};

const std::array<Sector, 6> sectors = {{
    {"K1",
     "Casco Urbano",
     {{{"45", "Casco Urbano", 256579, -1004023},
       {"46", "San Pedro Centro", 256561, -1004061},
       {"51", "Los Sauces", 256532, -1004112},
       {"53", "Lucio Blanco", 256604, -1003988}}}},
    {"K2",
     "Centro",
     {{{"212", "Tampiquito", 256612, -1004105},
       {"214", "Jesús M. Garza", 256638, -1004152},
       {"219", "Bosques del Valle", 256587, -1004201},
       {"223", "El Obispo", 256655, -1004077}}}},
    {"K3",
     "Del Valle",
     {{{"118", "Del Valle", 256553, -1003702},
       {"121", "Valle de Santa Engracia", 256521, -1003751},
       {"125", "Jardines de San Agustín", 256498, -1003665},
       {"127", "Mirasierra", 256474, -1003810}}}},
    {"K4",
     "Fuentes del Valle",
     {{{"97", "Fuentes del Valle", 256497, -1003821},
       {"99", "Lomas del Valle", 256452, -1003902},
       {"103", "Colonial de la Sierra", 256418, -1003954},
       {"105", "San Agustín", 256461, -1003588}}}},
    {"K5",
     "Valle Oriente",
     {{{"301", "Valle Oriente", 256493, -1003501},
       {"305", "Valle del Campestre", 256537, -1003566},
       {"308", "Carrizalejo", 256581, -1003622},
       {"311", "Los Pinos", 256602, -1003447}}}},
    {"K6",
     "La Montaña",
     {{{"402", "La Montaña", 256388, -1004188},
       {"406", "Olinalá", 256352, -1004240},
       {"409", "Las Lajas", 256321, -1004302},
       {"413", "Vista Montaña", 256297, -1004151}}}},
}};

enum Category { works, goods, services };
const std::array<const char*, 3> category_codes = {"works", "goods", "services"};

struct Kind {
    const char* title;
    const char* description;
    const char* first_category;
    const char* second_category;
    const char* cost_explanation;
    Category category;
};

const std::array<Kind, 12> kinds = {{
    {"Canchas de usos múltiples y alumbrado",
     "Rehabilitar un terreno municipal con dos canchas de usos múltiples, piso de concreto pulido, tableros, "
     "porterías y alumbrado LED para uso nocturno.",
     "Deporte", "Espacio público",
     "Incluye dos canchas con piso de concreto pulido, tableros, porterías y 14 luminarias LED.", works},
    {"Rehabilitación del parque y juegos infantiles",
     "Renovar los andadores, las bancas y el mobiliario del parque, instalar juegos infantiles accesibles con piso "
     "de caucho y sembrar árboles nativos para dar sombra.",
     "Espacio público", "Medio ambiente",
     "Juegos infantiles modulares, 450 m² de piso de caucho, 30 árboles y bancas de concreto.", works},
    {"Ciclovía y banquetas accesibles",
     "Construir una ciclovía confinada con banquetas accesibles, cruces peatonales seguros, arbolado y alumbrado "
     "que conecte las escuelas y los parques de la zona.",
     "Movilidad", nullptr,
     "Costo paramétrico por kilómetro de ciclovía confinada más banquetas, arbolado y alumbrado; incluye supervisión "
     "externa.",
     works},
    {"Alumbrado LED en calles y plazas",
     "Sustituir las luminarias de vapor de sodio por luminarias LED y colocar postes nuevos en los tramos oscuros "
     "que señalaron los vecinos.",
     "Seguridad", "Alumbrado", "85 luminarias LED de 100 W y 12 postes nuevos, con instalación.", goods},
    {"Reforestación y jardín de lluvia",
     "Reforestar el camellón con especies nativas y construir un jardín de lluvia que infiltre el agua de las "
     "tormentas y reduzca los encharcamientos.",
     "Medio ambiente", nullptr, "Incluye obra de infiltración, sustrato, 120 árboles y riego por un año.", services},
    {"Techumbre para la cancha escolar",
     "Techar la cancha de la escuela para usarla con lluvia y calor, con estructura metálica, lámina galvanizada y "
     "bajadas pluviales.",
     "Educación", "Deporte", "Techumbre metálica de 600 m² cotizada con tres proveedores.", works},
    {"Cámaras de videovigilancia vecinal",
     "Instalar cámaras conectadas al centro de monitoreo municipal en los accesos y las calles con más reportes "
     "de robo.",
     "Seguridad", nullptr, "24 cámaras IP con postes, enlaces inalámbricos e instalación.", goods},
    {"Equipamiento del centro comunitario",
     "Equipar el centro comunitario con mobiliario, equipo de sonido y material para talleres de cocina, "
     "computación y manualidades.",
     "Cultura", "Educación", "Mobiliario, equipo de sonido y material de talleres según tres cotizaciones.", goods},
    {"Talleres de música y artes para jóvenes",
     "Ofrecer durante un año talleres gratuitos de música, danza y artes plásticas para jóvenes de 12 a 19 años, "
     "con una muestra final abierta a la comunidad.",
     "Cultura", "Educación", "Honorarios de cuatro talleristas por 40 semanas, instrumentos y muestra final.",
     services},
    {"Cruces peatonales seguros",
     "Construir cruces peatonales elevados con señalamiento, reductores de velocidad y rampas en las esquinas de "
     "mayor riesgo para los peatones (\"zonas 30\").",
     "Movilidad", "Seguridad", "Seis cruces elevados con pintura termoplástica y señalamiento vertical.", works},
    {"Drenaje pluvial y reparación de la calle",
     "Instalar drenaje pluvial y rehabilitar la carpeta de la calle que se inunda cada temporada de lluvias.",
     "Agua y drenaje", "Movilidad", "380 m de tubería de 12\", 14 rejillas y 2,100 m² de carpeta asfáltica.", works},
    {"Gimnasio al aire libre",
     "Instalar aparatos de ejercicio para exterior, una pista de trote de 400 m y bebederos en el parque de la "
     "colonia.",
     "Deporte", "Salud", "Doce aparatos de acero galvanizado, pista de tezontle y dos bebederos.", goods},
}};

struct ItemSpec {
    const char* description;
    const char* unit;
    const char* cucop;
    const char* cucop_description;
    int min_quantity;
    int max_quantity;
    int min_price; // pesos
    int max_price;
};

const std::array<std::array<ItemSpec, 8>, 3> item_specs = {{
    {{
        {"Trazo, nivelación y compactación del terreno", "Metro cuadrado", "61401003",
         "División de terrenos y construcción de obras de urbanización", 300, 3000, 45, 180},
        {"Firme de concreto hidráulico f'c=250 kg/cm² de 12 cm de espesor", "Metro cuadrado", "61401007",
         "División de terrenos y construcción de obras de urbanización", 200, 2500, 380, 720},
        {"Luminaria LED de 150 W con poste metálico de 9 m", "Pieza", "61301012",
         "Construcción de obras para el abastecimiento de agua, petróleo, gas, electricidad y telecomunicaciones", 6,
         60, 18000, 42000},
        {"Techumbre de estructura metálica con lámina galvanizada", "Metro cuadrado", "61201004",
         "Edificación no habitacional", 200, 2400, 1800, 3600},
        {"Banqueta de concreto estampado con rampas de accesibilidad", "Metro lineal", "61401011",
         "División de terrenos y construcción de obras de urbanización", 100, 2100, 900, 2200},
        {"Tubería de PVC sanitario de 12\" para drenaje pluvial", "Metro lineal", "61301021",
         "Construcción de obras para el abastecimiento de agua, petróleo, gas, electricidad y telecomunicaciones", 50,
         800, 1400, 3200},
        {"Pintura de tráfico y señalamiento horizontal", "Metro lineal", "61401015",
         "División de terrenos y construcción de obras de urbanización", 200, 3000, 35, 95},
        {"Plantación de árbol nativo de 2.5 m con riego de establecimiento", "Pieza", "61401019",
         "División de terrenos y construcción de obras de urbanización", 20, 300, 1800, 4200},
    }},
    {{
        {"Luminaria LED de 100 W para alumbrado público", "Pieza", "24601015", "Material eléctrico y electrónico", 20,
         200, 6500, 14500},
        {"Cámara de videovigilancia IP tipo domo de 4 MP", "Pieza", "52301008", "Cámaras fotográficas y de video", 8,
         80, 9000, 26000},
        {"Aparato de ejercicio para exterior de acero galvanizado", "Pieza", "52201004", "Aparatos deportivos", 6, 30,
         28000, 85000},
        {"Juego infantil modular con resbaladilla y columpios", "Pieza", "52201011", "Aparatos deportivos", 1, 6,
         120000, 480000},
        {"Silla apilable de polipropileno", "Pieza", "51101020", "Muebles de oficina y estantería", 40, 300, 450, 1200},
        {"Equipo de sonido con bocinas amplificadas", "Juego", "52101006", "Equipos y aparatos audiovisuales", 1, 4,
         25000, 90000},
        {"Mesa plegable de 1.80 m", "Pieza", "51101031", "Muebles de oficina y estantería", 10, 60, 1400, 3200},
        {"Poste solar con panel fotovoltaico y batería de litio", "Pieza", "56601009",
         "Equipos de generación eléctrica, aparatos y accesorios eléctricos", 10, 80, 22000, 48000},
    }},
    {{
        {"Taller de música para jóvenes, grupo de 20 personas", "Servicio", "33401005", "Servicios de capacitación", 4,
         24, 18000, 45000},
        {"Mantenimiento de áreas verdes y riego", "Mes", "35901002", "Servicios de jardinería y fumigación", 3, 12,
         25000, 90000},
        {"Supervisión externa de obra", "Servicio", "33901014",
         "Servicios profesionales, científicos y técnicos integrales", 1, 1, 150000, 900000},
        {"Estudio de movilidad y aforos vehiculares", "Estudio", "33901022",
         "Servicios profesionales, científicos y técnicos integrales", 1, 1, 180000, 650000},
        {"Festival cultural comunitario", "Evento", "38201003", "Gastos de orden social y cultural", 1, 6, 60000,
         250000},
        {"Reforestación con especies nativas", "Jornada", "35901007", "Servicios de jardinería y fumigación", 5, 40,
         8000, 22000},
        {"Taller de artes plásticas, grupo de 15 personas", "Servicio", "33401009", "Servicios de capacitación", 4, 24,
         12000, 30000},
        {"Conservación y mantenimiento menor del inmueble", "Servicio", "35101004",
         "Conservación y mantenimiento menor de inmuebles", 1, 4, 40000, 180000},
    }},
}};

struct MethodSpec {
    const char* code;
    const char* details;
    const char* abbreviation;
    const char* description;
    const char* award_title;
    const char* notice_title;
};

const std::array<MethodSpec, 3> methods = {{
    {"open", "Licitación pública", "LP",
     "Licitación pública nacional conforme a la Ley de Obras Públicas para el Estado y Municipios de Nuevo León.",
     "Fallo de la licitación pública", "Convocatoria a la licitación pública"},
    {"limited", "Invitación a cuando menos tres personas", "IR",
     "Invitación a cuando menos tres personas, conforme al monto de actuación vigente.",
     "Fallo de la invitación a cuando menos tres personas", "Invitación a cuando menos tres personas"},
    {"direct", "Adjudicación directa", "AD",
     "Adjudicación directa con base en tres cotizaciones, conforme al monto de actuación vigente.",
     "Adjudicación directa", "Solicitud de cotizaciones"},
}};

const std::array<const char*, 3> contract_titles = {
    "Contrato de obra pública a precios unitarios: ", "Contrato de adquisición: ",
    "Contrato de prestación de servicios: "};
const std::array<const char*, 3> process_kinds = {"OP", "ADQ", "SRV"};
const std::array<const char*, 3> contract_kinds = {"SOP-OP", "DA-CA", "DA-CS"};
const std::array<const char*, 3> units_in_charge = {"SOP", "DA", "DA"};
const std::array<const char*, 3> second_process_titles = {
    "Supervisión externa de la obra", "Equipamiento complementario", "Mantenimiento durante el primer año"};

const std::array<std::array<const char*, 4>, 3> contract_milestone_titles = {{
    {"Trazo y preliminares", "Cimentación y estructura", "Instalaciones y acabados", "Entrega-recepción de la obra"},
    {"Entrega del primer lote", "Entrega del segundo lote", "Instalación y puesta en marcha",
     "Acta de entrega-recepción"},
    {"Plan de trabajo", "Primer informe de actividades", "Segundo informe de actividades", "Informe final"},
}};

const std::array<const char*, 4> amendment_rationales = {
    "Convenio modificatorio de plazo: ampliación de 30 días naturales por lluvias atípicas.",
    "Convenio modificatorio de plazo por retraso en la entrega de materiales por parte del fabricante.",
    "Convenio modificatorio de monto por conceptos extraordinarios no previstos en el catálogo.",
    "Convenio de reducción de metas por ajuste del proyecto ejecutivo.",
};

const std::array<const char*, 6> unfeasibility_explanations = {
    "No es viable jurídicamente: el predio propuesto es propiedad privada y el municipio no puede invertir en él.",
    "No es viable económicamente: el costo estimado excede el monto de un proyecto comunitario (1 millón de pesos).",
    "No es competencia municipal: la vialidad propuesta es de jurisdicción estatal.",
    "No es viable técnicamente: la zona está en un área de riesgo por escurrimientos según el Atlas de Riesgos "
    "municipal.",
    "Duplica un proyecto ya programado en el presupuesto municipal del mismo año.",
    "Implica un gasto de operación anual que el municipio no puede comprometer con este presupuesto.",
};

struct ConsulMilestoneSpec {
    const char* title;
    const char* description;
    const char* status;
};

const std::array<ConsulMilestoneSpec, 3> consul_milestones = {{
    {"Inicio de la contratación",
     "El municipio publicó el procedimiento de contratación; el avance puede consultarse en el panel de contratación "
     "abierta.",
     "Licitación"},
    {"Inicio de los trabajos", "El proveedor inició los trabajos conforme al contrato firmado.",
     "Ejecutando el proyecto"},
    {"Proyecto terminado", "El proyecto se entregó a la comunidad.", "Ejecutado"},
}};

struct DocumentSpec {
    const char* title;
    const char* slug;
    const char* format;
    const char* extension;
    const char* type;
};

const std::array<DocumentSpec, 4> document_specs = {{
    {"Estudio de factibilidad técnica, económica y jurídica", "factibilidad", "application/pdf", "pdf",
     "feasibilityStudy"},
    {"Anteproyecto", "anteproyecto", "application/pdf", "pdf", "projectPlan"},
    {"Imagen de referencia del proyecto", "imagen", "image/jpeg", "jpg", "illustration"},
    {"Acta de entrega-recepción a la comunidad", "entrega", "application/pdf", "pdf", "completionCertificate"},
}};

struct Named {
    const char* name;
    const char* slug; // ASCII, for e-mail domains
};

const std::array<const char*, 12> company_kinds = {"Constructora",
                                                   "Urbanizadora",
                                                   "Grupo Constructor",
                                                   "Estructuras Metálicas",
                                                   "Comercializadora",
                                                   "Servicios Integrales",
                                                   "Equipamiento Urbano",
                                                   "Ingeniería y Proyectos",
                                                   "Pavimentos y Obras",
                                                   "Iluminación",
                                                   "Viveros",
                                                   "Consultores"};
const std::array<const char*, 6> trades = {"Herrería",    "Jardinería", "Electricidad",
                                           "Carpintería", "Pinturas",   "Sonido e Iluminación"};
const std::array<Named, 12> company_cores = {{{"Sierra Alta", "sierraalta"},
                                              {"Cerro de la Silla", "cerrodelasilla"},
                                              {"Chipinque", "chipinque"},
                                              {"del Noreste", "noreste"},
                                              {"Regios", "regios"},
                                              {"Loma Larga", "lomalarga"},
                                              {"Santa Catarina", "santacatarina"},
                                              {"La Huasteca", "huasteca"},
                                              {"Anáhuac", "anahuac"},
                                              {"Valle Alto", "vallealto"},
                                              {"Río Pesquería", "riopesqueria"},
                                              {"Las Mitras", "lasmitras"}}};
const std::array<const char*, 6> company_forms = {"S.A. de C.V.",     "S. de R.L. de C.V.", "S.A. de C.V.",
                                                  "S.A.P.I. de C.V.", "S.A. de C.V.",       "S.C."};
const std::array<const char*, 8> streets = {"Av. Constitución", "Calle Zaragoza",      "Av. Gómez Morín",
                                            "Calle Morelos",    "Av. Lázaro Cárdenas", "Calle Padre Mier",
                                            "Av. Vasconcelos",  "Calle Hidalgo"};
const std::array<const char*, 8> localities = {"San Pedro Garza García",   "Monterrey", "Guadalupe",
                                               "San Nicolás de los Garza", "Apodaca",   "Santa Catarina",
                                               "General Escobedo",         "Santiago"};
const std::array<Named, 4> contact_points = {{{"Área de Concursos", "concursos"},
                                              {"Ventas gobierno", "gobierno"},
                                              {"Licitaciones", "licitaciones"},
                                              {"Atención a dependencias", "dependencias"}}};

// ---------------------------------------------------------------------------------------------
// Budget editions: one a year, shared by all projects.

struct PhaseSpec {
    const char* kind;
    unsigned start_month, start_day, end_month, end_day; // end_month 0: open-ended
};

const std::array<PhaseSpec, 8> phase_calendar = {{
    {"accepting", 2, 1, 3, 15},
    {"reviewing", 3, 16, 3, 31},
    {"selecting", 4, 1, 4, 30},
    {"valuating", 5, 1, 7, 15},
    {"publishing_prices", 7, 16, 7, 31},
    {"balloting", 8, 15, 9, 10},
    {"reviewing_ballots", 9, 11, 9, 30},
    {"finished", 10, 1, 0, 0},
}};

/// The phases an edition publishes (2 to 4 of them), as indexes into phase_calendar.
const std::array<std::array<int, 4>, 5> phase_templates = {{
    {0, 7, -1, -1},
    {0, 5, 7, -1},
    {0, 3, 5, 7},
    {0, 2, 5, 7},
    {2, 3, 5, 7},
}};

struct Phase {
    const char* kind;
    std::int64_t starts;
    std::int64_t ends; // 0: none
};

struct Edition {
    std::string id;
    std::string name;
    int year = 0;
    bool finished = false;
    const char* phase = nullptr;
    std::vector<Phase> phases;
    std::string group_id;
    std::int64_t envelope = 0; // pesos per heading
};

std::vector<Edition> make_editions(std::uint64_t seed) {
    std::vector<Edition> editions;
    for (int e = 1; e <= 8; ++e) {
        Rng rng(mix(seed ^ salt_edition, static_cast<std::uint64_t>(e)));
        Edition edition;
        edition.id = std::to_string(e);
        edition.year = 2018 + e;
        edition.name = "Presupuesto Participativo " + std::to_string(edition.year);
        edition.finished = local_time(edition.year, 10, 1) <= export_time;
        for (const auto& spec : phase_calendar) {
            if (local_time(edition.year, spec.start_month, spec.start_day) <= export_time) {
                edition.phase = spec.kind;
            }
        }
        const auto& chosen = rng.pick(phase_templates);
        const auto shift = rng.between(-3, 3) * day;
        for (const int index : chosen) {
            if (index < 0) {
                continue;
            }
            const auto& spec = phase_calendar[static_cast<std::size_t>(index)];
            Phase phase{spec.kind, local_time(edition.year, spec.start_month, spec.start_day) + shift, 0};
            if (spec.end_month != 0) {
                phase.ends = local_time(edition.year, spec.end_month, spec.end_day, 23, 59, 59) + shift;
            }
            edition.phases.push_back(phase);
        }
        edition.group_id = std::to_string(20 + e);
        edition.envelope = 18000000 + 750000 * (e - 1);
        editions.push_back(std::move(edition));
    }
    return editions;
}

// ---------------------------------------------------------------------------------------------
// Parties: a pool shared by all projects, party k always the same for a seed.

struct Party {
    std::string id;
    std::string name;
    std::string rfc;
    std::string legal_name; // empty: none
    std::string street;     // empty: none
    const char* locality = nullptr;
    std::string postal_code;
    const Named* contact = nullptr;
    std::string email;
    std::string telephone; // empty: none
    bool natural_person = false;
};

Party make_party(std::uint64_t seed, std::uint64_t k) {
    Rng rng(mix(seed ^ salt_party, k));
    static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    Party party;
    party.id = "P-" + std::to_string(k + 1);
    party.natural_person = rng.percent(12);
    const Named& core = rng.pick(company_cores);
    party.name = party.natural_person ? rng.pick(trades) : rng.pick(company_kinds);
    party.name += ' ';
    party.name += core.name;
    const int letter_count = party.natural_person ? 4 : 3;
    for (int i = 0; i < letter_count; ++i) {
        party.rfc += letters[rng.below(26)];
    }
    const auto year = party.natural_person ? rng.between(55, 99) : rng.between(0, 20);
    const auto month = rng.between(1, 12);
    const auto day_of_month = rng.between(1, 28);
    char digits[16];
    std::snprintf(digits, sizeof digits, "%02d%02d%02d", static_cast<int>(year), static_cast<int>(month),
                  static_cast<int>(day_of_month));
    party.rfc += digits;
    for (int i = 0; i < 3; ++i) {
        party.rfc += alnum[rng.below(36)];
    }
    if (!party.natural_person) {
        party.legal_name = party.name + ", " + rng.pick(company_forms);
        if (rng.percent(60)) {
            party.street = rng.pick(streets);
            party.street += ' ' + std::to_string(rng.between(100, 4999));
            if (rng.percent(25)) {
                party.street += ", local " + std::to_string(rng.between(1, 40));
            }
        }
    }
    party.locality = rng.pick(localities);
    party.postal_code = std::to_string(rng.between(64000, 67999));
    if (!party.natural_person && rng.percent(50)) {
        party.contact = &rng.pick(contact_points);
        party.email = std::string(party.contact->slug) + '@' + core.slug + std::to_string(k % 97) + ".example";
        if (rng.percent(50)) {
            char phone[32];
            const auto first = rng.between(8000, 8999);
            const auto second = rng.between(0, 9999);
            std::snprintf(phone, sizeof phone, "+52 81 %04d %04d", static_cast<int>(first), static_cast<int>(second));
            party.telephone = phone;
        }
    }
    return party;
}

// ---------------------------------------------------------------------------------------------
// One project, drawn into this model, optionally changed, then written.

struct Counts {
    std::int64_t online = 0;
    std::int64_t offline = 0;
};

struct ConsulMilestone {
    std::string id;
    const ConsulMilestoneSpec* spec;
    std::int64_t date;
};

struct Document {
    std::uint64_t number;
    const DocumentSpec* spec;
    std::int64_t date;
};

struct Item {
    const ItemSpec* spec;
    std::int64_t quantity;
    std::int64_t unit_cents;
};

struct Amendment {
    std::string id;
    std::int64_t date;
    const char* rationale;
};

struct Payment {
    std::string id;
    std::int64_t date;
    std::int64_t cents;
};

struct ContractMilestone {
    const char* title;
    std::int64_t due;
    std::int64_t met; // 0: not met
    int progress;
};

struct Process {
    std::string process_id;
    std::string title;
    std::string tender_id;
    Category category = works;
    const MethodSpec* method = nullptr;
    const char* tender_status = "active";
    std::int64_t tender_start = 0;
    std::int64_t tender_end = 0;
    std::int64_t value = 0; // cents
    bool tenderers_known = false;
    std::vector<std::uint64_t> tenderers; // party pool indexes
    std::vector<Item> items;

    bool has_award = false;
    std::string award_id;
    const char* award_status = "active";
    std::int64_t award_date = 0;
    std::int64_t award_value = 0;
    std::uint64_t supplier = 0;
    bool award_document = false;

    bool has_contract = false;
    std::string contract_id;
    const char* contract_status = "active";
    std::int64_t signed_at = 0;
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::int64_t contract_value = 0;
    bool contract_document = false;
    std::vector<Amendment> amendments;
    std::vector<Payment> payments;
    std::vector<ContractMilestone> milestones;
};

struct Project {
    std::uint64_t n = 0;
    std::string id;
    const Edition* edition = nullptr;
    const Sector* sector = nullptr;
    const Neighbourhood* neighbourhood = nullptr; // null: unknown
    const Kind* kind = nullptr;
    bool large = false;
    std::string title;
    bool has_description = true;
    std::int64_t created = 0;
    std::int64_t updated = 0;

    bool has_location = true;
    bool location_description = true;
    bool exact = true;
    int lat = 0;
    int lng = 0;

    const char* feasibility = "undecided";
    bool valuation_finished = false;
    const char* unfeasibility = nullptr;
    std::int64_t estimated = 0;  // pesos, 0: none
    std::int64_t first_year = 0; // pesos, 0: none
    bool cost_explanation = false;
    int duration_months = 0;

    Counts supports;
    bool has_ballots = false;
    Counts ballots;
    bool selected = false;
    bool winner = false;
    bool incompatible = false;
    bool draw = false;

    std::vector<ConsulMilestone> milestones;
    bool has_progress = false;
    int progress = 0;
    std::int64_t progress_as_of = 0;
    std::vector<Document> documents;
    bool procurement_member = true;
    std::vector<Process> processes;
    bool parties_member = true;
};

std::int64_t round_to(std::int64_t value, std::int64_t unit) {
    return (value + unit / 2) / unit * unit;
}

std::string make_uuid(Rng& rng) {
    static const char hex[] = "0123456789ABCDEF";
    const std::uint64_t high = rng.next();
    const std::uint64_t low = rng.next();
    std::string uuid;
    uuid.reserve(36);
    for (int i = 0; i < 32; ++i) {
        const std::uint64_t word = i < 16 ? high : low;
        auto nibble = static_cast<unsigned>((word >> (60 - 4 * (i % 16))) & 0xF);
        if (i == 12) {
            nibble = 4; // version 4
        } else if (i == 16) {
            nibble = 8 | (nibble & 3); // RFC 4122 variant
        }
        if (i == 8 || i == 12 || i == 16 || i == 20) {
            uuid += '-';
        }
        uuid += hex[nibble];
    }
    return uuid;
}

/// Draws process j of a winning project, or returns false when it has not started by the export.
bool make_process(Rng& rng, const Project& p, int j, std::int64_t earliest, std::uint64_t pool, std::int64_t budget,
                  Process& out) {
    const int edition_year = p.edition->year;
    const std::int64_t tender_start = j == 0 ? local_time(edition_year + 1, 1, 15, 9, 0, 0) + rng.between(0, 200) * day
                                             : earliest + rng.between(20, 150) * day;
    if (tender_start > export_time - 2 * day) {
        return false;
    }
    Process& pr = out;
    pr.category = j == 0 ? p.kind->category : (p.kind->category == works ? services : goods);
    const auto c = static_cast<std::size_t>(pr.category);
    const int year = year_of(tender_start);
    const std::uint64_t sequence = p.n * 2 + static_cast<std::uint64_t>(j);
    char number[32];
    std::snprintf(number, sizeof number, "%05" PRIu64, sequence);
    pr.process_id = std::to_string(year) + '-' + process_kinds[c] + '-' + number;
    pr.title = j == 0 ? p.kind->title : second_process_titles[c];
    const auto method_draw = rng.below(100);
    pr.method = &methods[method_draw < 40 ? 0 : method_draw < 70 ? 1 : 2];
    pr.tender_id =
        std::string(units_in_charge[c]) + '-' + pr.method->abbreviation + '-' + number + '-' + std::to_string(year);
    pr.tender_start = tender_start;
    const std::int64_t length = pr.method == &methods[0]   ? rng.between(20, 35)
                                : pr.method == &methods[1] ? rng.between(10, 20)
                                                           : rng.between(3, 7);
    pr.tender_end =
        local_time(year, 1, 1, 11, 0, 0) + ((tender_start - local_time(year, 1, 1)) / day + length) * day; // at 11:00

    // Items, scaled so that they add up to the process's budget.
    const int item_count = rng.skewed(1, 5);
    std::int64_t sum = 0;
    for (int i = 0; i < item_count; ++i) {
        const ItemSpec& spec = item_specs[c][rng.below(8)];
        Item item{&spec, rng.between(spec.min_quantity, spec.max_quantity), 0};
        item.unit_cents = rng.between(spec.min_price * 100LL, spec.max_price * 100LL);
        sum += item.quantity * item.unit_cents;
        pr.items.push_back(item);
    }
    const std::int64_t target = budget * rng.between(85, 103); // cents: pesos * percent
    pr.value = 0;
    for (auto& item : pr.items) {
        item.unit_cents = std::max<std::int64_t>(1, item.unit_cents * (target / 1000) / (sum / 1000 + 1));
        pr.value += item.quantity * item.unit_cents;
    }

    // Tenderers and the outcome, as far as the export knows it.
    const int tenderer_count = pr.method == &methods[0]   ? static_cast<int>(rng.between(2, 6))
                               : pr.method == &methods[1] ? static_cast<int>(rng.between(3, 4))
                                                          : 1;
    for (int i = 0; i < tenderer_count; ++i) {
        std::uint64_t k = rng.below(pool);
        while (std::find(pr.tenderers.begin(), pr.tenderers.end(), k) != pr.tenderers.end()) {
            k = (k + 1) % pool;
        }
        pr.tenderers.push_back(k);
    }
    pr.supplier = pr.tenderers[rng.below(pr.tenderers.size())];
    const auto outcome = rng.below(100);
    pr.award_date = pr.tender_end + rng.between(5, 20) * day + rng.between(1, 6) * hour;
    pr.award_value = pr.value * rng.between(880, 990) / 1000;
    pr.award_document = rng.percent(50);
    pr.signed_at = pr.award_date + rng.between(2, 10) * day;
    pr.start = local_time(year, 1, 1) + ((pr.signed_at - local_time(year, 1, 1)) / day + rng.between(3, 15)) * day;
    const std::int64_t duration = p.large ? rng.between(120, 360) : rng.between(45, 150);
    pr.end = pr.start + duration * day - 1; // 23:59:59
    pr.contract_document = rng.percent(70);
    pr.award_id = pr.tender_id + "-A1";
    pr.contract_id = std::string(contract_kinds[c]) + '-' + number + '/' + std::to_string(year);

    if (pr.tender_end > export_time) {
        pr.tender_status = "active";
        return true;
    }
    pr.tenderers_known = true;
    if (outcome < 4) {
        pr.tender_status = "unsuccessful";
        return true;
    }
    if (outcome < 6) {
        pr.tender_status = "cancelled";
        return true;
    }
    if (pr.award_date > export_time) {
        pr.tender_status = "active";
        return true;
    }
    pr.tender_status = "complete";
    pr.has_award = true;
    if (pr.signed_at > export_time) {
        return true;
    }
    pr.has_contract = true;
    pr.contract_value = pr.award_value;

    // Contract milestones along the period, met or scheduled by the export.
    const int milestone_count = rng.percent(15) ? 0 : static_cast<int>(rng.between(1, 4));
    std::int64_t previous_due = pr.start;
    for (int i = 0; i < milestone_count; ++i) {
        ContractMilestone m{contract_milestone_titles[c][static_cast<std::size_t>(4 - milestone_count + i)], 0, 0, 0};
        m.due = pr.start + (pr.end - pr.start) * (i + 1) / milestone_count;
        const std::int64_t met = m.due + rng.between(-10, 12) * day;
        if (met <= export_time && met > pr.start) {
            m.met = met;
            m.progress = 100;
        } else if (export_time > previous_due) {
            m.progress = static_cast<int>(std::min<std::int64_t>(
                95, (export_time - previous_due) * 100 / std::max<std::int64_t>(day, m.due - previous_due)));
        }
        previous_due = m.due;
        pr.milestones.push_back(m);
    }

    // Payments: an advance for works, then estimates along the period, the last one after the end.
    const int planned = rng.skewed(1, 12);
    std::int64_t remaining = pr.contract_value;
    for (int i = 0; i < planned; ++i) {
        Payment payment;
        payment.id = make_uuid(rng);
        payment.date = pr.start + rng.between(2, 9) * day + (pr.end + 45 * day - pr.start) * i / planned +
                       rng.between(9 * hour, 17 * hour);
        if (i + 1 == planned) {
            payment.cents = remaining;
        } else if (i == 0 && pr.category == works && planned > 2) {
            payment.cents = pr.contract_value * 30 / 100;
        } else {
            payment.cents = remaining / (planned - i) * rng.between(80, 120) / 100;
        }
        payment.cents = std::max<std::int64_t>(1, std::min(payment.cents, remaining - (planned - i - 1)));
        remaining -= payment.cents;
        if (payment.date > export_time) {
            break;
        }
        pr.payments.push_back(payment);
    }
    const bool all_paid = pr.payments.size() == static_cast<std::size_t>(planned);
    const bool all_met =
        std::all_of(pr.milestones.begin(), pr.milestones.end(), [](const ContractMilestone& m) { return m.met != 0; });
    pr.contract_status = pr.end + 30 * day < export_time && all_paid && all_met ? "terminated" : "active";

    // Amendments, dated within the period.
    const auto amendment_draw = rng.below(100);
    const int amendment_count = amendment_draw < 70 ? 0 : amendment_draw < 92 ? 1 : 2;
    for (int i = 0; i < amendment_count; ++i) {
        const std::int64_t date = pr.start + (pr.end - pr.start) * (i + 1) / 3 + rng.between(10 * hour, 14 * hour);
        if (date > export_time) {
            break;
        }
        pr.amendments.push_back({"CM-0" + std::to_string(i + 1), date, rng.pick(amendment_rationales)});
    }
    return true;
}

Project make_project(const std::vector<Edition>& editions, std::uint64_t seed, std::uint64_t count, std::uint64_t n) {
    Rng rng(mix(seed, n));
    Project p;
    p.n = n;
    p.id = std::to_string(1000 + n);
    p.edition = &editions[(n - 1) * editions.size() / count];
    const Edition& edition = *p.edition;
    const int year = edition.year;
    p.sector = &rng.pick(sectors);
    p.neighbourhood = rng.percent(95) ? &rng.pick(p.sector->neighbourhoods) : nullptr;
    p.kind = &rng.pick(kinds);
    p.large = rng.percent(20);
    p.title = p.kind->title;
    if (p.neighbourhood) {
        p.title += " en ";
        p.title += p.neighbourhood->name;
    } else {
        p.title += " del sector ";
        p.title += p.sector->name;
    }
    p.has_description = rng.percent(98);
    p.created = local_time(year, 2, 1) + rng.between(0, 42) * day + rng.between(8 * hour, 22 * hour);

    p.has_location = rng.percent(93);
    p.location_description = rng.percent(90);
    p.exact = rng.percent(55);
    const Neighbourhood& centre = p.neighbourhood ? *p.neighbourhood : p.sector->neighbourhoods[0];
    p.lat = centre.lat + static_cast<int>(rng.between(-40, 40));
    p.lng = centre.lng + static_cast<int>(rng.between(-40, 40));

    // Feasibility, valuated between May and mid-July of the edition's year.
    const std::int64_t valuated =
        local_time(year, 5, 1) + rng.between(0, edition.finished ? 75 : 13) * day + rng.between(9 * hour, 18 * hour);
    const auto feasibility_draw = rng.below(100);
    if (edition.finished) {
        p.feasibility = feasibility_draw < 68 ? "feasible" : feasibility_draw < 96 ? "unfeasible" : "undecided";
        p.valuation_finished = feasibility_draw < 92;
    } else {
        p.feasibility = feasibility_draw < 55 ? "undecided" : feasibility_draw < 85 ? "feasible" : "unfeasible";
        p.valuation_finished = feasibility_draw >= 55 && feasibility_draw < 95;
    }
    const bool feasible = std::strcmp(p.feasibility, "feasible") == 0;
    const bool unfeasible = std::strcmp(p.feasibility, "unfeasible") == 0;
    if (unfeasible && p.valuation_finished) {
        p.unfeasibility = rng.pick(unfeasibility_explanations);
    }
    const bool cost_known =
        feasible || (unfeasible && rng.percent(40)) || (!feasible && !unfeasible && rng.percent(50));
    if (cost_known) {
        const std::int64_t cost = p.large      ? round_to(rng.between(7500000, 12500000), 1000)
                                  : unfeasible ? round_to(rng.between(1100000, 5000000), 10000)
                                               : round_to(rng.between(280000, 999000), 500);
        p.estimated = cost;
        p.first_year = p.large && rng.percent(40) ? round_to(cost * rng.between(50, 90) / 100, 1000) : cost;
        p.cost_explanation = rng.percent(85);
    }
    if (feasible) {
        p.duration_months = p.large ? static_cast<int>(rng.between(6, 14)) : static_cast<int>(rng.between(2, 6));
    }

    // Supports, ballots and the outcome.
    p.supports.online = p.large ? rng.between(300, 3000) : rng.skewed(20, 900);
    p.supports.offline = p.supports.online * rng.between(5, 30) / 100;
    if (edition.finished && feasible && p.valuation_finished) {
        p.selected = rng.percent(85);
    }
    if (p.selected) {
        p.has_ballots = true;
        p.ballots.online = p.large ? rng.between(1200, 4000) : rng.between(200, 1500);
        p.ballots.offline = p.ballots.online * rng.between(8, 25) / 100;
        p.winner = rng.percent(60);
        p.incompatible = !p.winner && rng.percent(5);
        p.draw = rng.percent(2);
    }

    // Procurement and execution of the winners of past editions.
    const std::uint64_t pool = 200 + count / 10;
    if (p.winner && edition.year < 2026) {
        const std::int64_t budget = p.estimated;
        const bool two = rng.percent(20);
        Process first;
        if (make_process(rng, p, 0, 0, pool, two ? budget * 75 / 100 : budget, first)) {
            const std::int64_t earliest = first.tender_start;
            p.processes.push_back(std::move(first));
            Process second;
            if (two && make_process(rng, p, 1, earliest, pool, budget * 25 / 100, second)) {
                p.processes.push_back(std::move(second));
            }
        }
    }
    p.procurement_member = !p.processes.empty() || rng.percent(90);
    p.parties_member = !p.processes.empty() || rng.percent(90);

    // The platform's own milestones and progress, following the first process.
    std::int64_t latest = std::max(p.created, p.valuation_finished || p.feasibility[0] != 'u' ? valuated : p.created);
    if (!p.processes.empty()) {
        const Process& pr = p.processes.front();
        std::array<std::int64_t, 3> dates = {pr.tender_start + day + hour, 0, 0};
        int stage = 1;
        if (pr.has_contract && pr.start + 2 * day + 10 * hour <= export_time) {
            dates[1] = pr.start + 2 * day + 10 * hour;
            stage = 2;
            if (std::strcmp(pr.contract_status, "terminated") == 0) {
                dates[2] = std::min(export_time - hour, pr.end + rng.between(3, 20) * day);
                stage = 3;
            }
        }
        if (rng.percent(15)) {
            --stage; // the platform is behind
        }
        for (int i = 0; i < stage; ++i) {
            p.milestones.push_back({std::to_string(p.n * 3 + static_cast<std::uint64_t>(i)),
                                    &consul_milestones[static_cast<std::size_t>(i)],
                                    dates[static_cast<std::size_t>(i)]});
            latest = std::max(latest, dates[static_cast<std::size_t>(i)]);
        }
        if (pr.has_contract && pr.start < export_time && rng.percent(80)) {
            p.has_progress = true;
            if (std::strcmp(pr.contract_status, "terminated") == 0) {
                p.progress = 100;
                p.progress_as_of = pr.end - day + 1;
            } else {
                const std::int64_t elapsed = (export_time - pr.start) * 100 / (pr.end - pr.start);
                p.progress = static_cast<int>(std::min<std::int64_t>(95, elapsed));
                p.progress_as_of = local_time(2026, 5, 1) + rng.between(0, 13) * day;
                p.progress_as_of = std::max(p.progress_as_of, pr.start);
            }
            latest = std::max(latest, p.progress_as_of);
        }
    }

    // Documents on the platform.
    const int document_count = rng.skewed(0, 3);
    for (int i = 0; i < document_count; ++i) {
        const std::uint64_t number = 2000 + p.n * 4 + static_cast<std::uint64_t>(i);
        const DocumentSpec* spec = &document_specs[rng.below(3)];
        if (i == 0 && p.valuation_finished) {
            spec = &document_specs[0];
        } else if (spec == &document_specs[0] && !p.valuation_finished) {
            spec = &document_specs[1];
        }
        if (i == 2 && p.milestones.size() == 3) {
            spec = &document_specs[3];
        }
        std::int64_t date = p.created + rng.between(1, 20) * day;
        if (spec == &document_specs[0]) {
            date = valuated - rng.between(1, 5) * day;
        } else if (spec == &document_specs[3]) {
            date = p.milestones.back().date;
        }
        date = std::min(std::max(date, p.created + hour), export_time - hour);
        p.documents.push_back({number, spec, date});
    }
    p.updated = std::min(export_time, latest + rng.between(0, 3) * day);
    return p;
}

// ---------------------------------------------------------------------------------------------
// Changes of a later export.

void change_project(Project& p, std::uint64_t seed) {
    Rng rng(mix(seed ^ salt_change, p.n));
    const std::int64_t when = export_time + rng.between(1, 30) * day + rng.between(hour, 9 * hour);
    enum Change {
        new_payment,
        milestone_progress,
        platform_progress,
        amendment,
        late_document,
        platform_document,
        corrected_cost,
        decided,
        supports
    };
    // The changes that fit the project, weighted towards the contracting ones (when there are any).
    std::array<std::pair<Change, unsigned>, 9> possible{};
    std::size_t count = 0;
    unsigned total_weight = 0;
    const auto add = [&](Change change, unsigned weight) {
        possible[count++] = {change, weight};
        total_weight += weight;
    };
    Process* paying = nullptr;
    Process* scheduled = nullptr;
    Process* amendable = nullptr;
    Process* undocumented = nullptr;
    for (auto& pr : p.processes) {
        if (!undocumented && pr.has_award && (!pr.award_document || (pr.has_contract && !pr.contract_document))) {
            undocumented = &pr;
        }
        if (!pr.has_contract) {
            continue;
        }
        std::int64_t paid = 0;
        for (const auto& payment : pr.payments) {
            paid += payment.cents;
        }
        if (!paying && std::strcmp(pr.contract_status, "active") == 0 && pr.payments.size() < 12 &&
            pr.contract_value - paid >= 100) {
            paying = &pr;
        }
        if (!scheduled && std::any_of(pr.milestones.begin(), pr.milestones.end(),
                                      [](const ContractMilestone& m) { return m.met == 0; })) {
            scheduled = &pr;
        }
        if (!amendable && std::strcmp(pr.contract_status, "active") == 0 && pr.amendments.size() < 2) {
            amendable = &pr;
        }
    }
    if (paying) {
        add(new_payment, 6);
    }
    if (scheduled) {
        add(milestone_progress, 4);
    }
    if (p.has_progress && p.progress < 100) {
        add(platform_progress, 3);
    }
    if (amendable) {
        add(amendment, 1);
    }
    if (undocumented) {
        add(late_document, 2);
    }
    if (p.documents.size() < 3) {
        add(platform_document, 1);
    }
    if (p.estimated > 0) {
        add(corrected_cost, 2);
    }
    if (!p.valuation_finished) {
        add(decided, 4);
    }
    add(supports, 1);

    auto draw = static_cast<unsigned>(rng.below(total_weight));
    std::size_t chosen = 0;
    while (draw >= possible[chosen].second) {
        draw -= possible[chosen].second;
        ++chosen;
    }
    switch (possible[chosen].first) {
    case new_payment: {
        Process& pr = *paying;
        std::int64_t paid = 0;
        for (const auto& payment : pr.payments) {
            paid += payment.cents;
        }
        const std::int64_t remaining = pr.contract_value - paid;
        Payment payment;
        payment.id = make_uuid(rng);
        payment.date = pr.payments.empty() ? when : std::max(when, pr.payments.back().date + day);
        payment.cents = rng.percent(30) ? remaining : std::max<std::int64_t>(1, remaining * rng.between(10, 40) / 100);
        pr.payments.push_back(payment);
        break;
    }
    case milestone_progress: {
        for (auto& m : scheduled->milestones) {
            if (m.met == 0) {
                m.progress = std::min(100, m.progress + static_cast<int>(rng.between(10, 50)));
                if (m.progress == 100) {
                    m.met = when;
                }
                break;
            }
        }
        break;
    }
    case platform_progress:
        p.progress = std::min(100, p.progress + static_cast<int>(rng.between(5, 30)));
        p.progress_as_of = when;
        p.updated = when;
        break;
    case amendment: {
        Process& pr = *amendable;
        pr.amendments.push_back({"CM-0" + std::to_string(pr.amendments.size() + 1), when, amendment_rationales[2]});
        pr.contract_value += pr.contract_value * rng.between(2, 10) / 100;
        break;
    }
    case late_document:
        if (!undocumented->award_document) {
            undocumented->award_document = true;
        } else {
            undocumented->contract_document = true;
        }
        break;
    case platform_document: {
        const DocumentSpec* spec = &document_specs[p.milestones.size() == 3 ? 3 : 1 + rng.below(2)];
        p.documents.push_back({2000 + p.n * 4 + p.documents.size(), spec, when});
        p.updated = when;
        break;
    }
    case corrected_cost: {
        const std::int64_t old = p.estimated;
        const std::int64_t percent = rng.percent(50) ? 100 + rng.between(1, 8) : 100 - rng.between(1, 8);
        p.estimated = std::max<std::int64_t>(1000, round_to(old * percent / 100, 500));
        if (p.estimated == old) {
            p.estimated += 500;
        }
        if (p.first_year == old || p.first_year > p.estimated) {
            p.first_year = p.estimated;
        }
        p.cost_explanation = true;
        p.updated = when;
        break;
    }
    case decided:
        if (std::strcmp(p.feasibility, "undecided") == 0) {
            p.feasibility = rng.percent(65) ? "feasible" : "unfeasible";
        }
        p.valuation_finished = true;
        if (std::strcmp(p.feasibility, "unfeasible") == 0) {
            p.unfeasibility = rng.pick(unfeasibility_explanations);
        } else {
            if (p.estimated == 0) {
                p.estimated = p.large ? round_to(rng.between(7500000, 12500000), 1000)
                                      : round_to(rng.between(280000, 999000), 500);
                p.first_year = p.estimated;
            }
            p.duration_months = p.large ? static_cast<int>(rng.between(6, 14)) : static_cast<int>(rng.between(2, 6));
        }
        p.updated = when;
        break;
    case supports:
        p.supports.offline += rng.between(1, 40);
        p.updated = when;
        break;
    }
}

// ---------------------------------------------------------------------------------------------
// Writing a record.

class RecordWriter {
public:
    RecordWriter(RecordJson& json, std::uint64_t seed) : m_json(json), m_seed(seed) {}

    void write(const Project& p) {
        RecordJson& j = m_json;
        const Edition& e = *p.edition;
        j.begin_object();
        j.member("record_version", "1");

        j.key("project");
        j.begin_object();
        j.member("id", p.id);
        j.member("code", std::to_string(e.year) + '-' + p.id);
        j.member("title", p.title);
        if (p.has_description) {
            m_scratch = p.kind->description;
            m_scratch.pop_back(); // the full stop
            if (p.neighbourhood) {
                m_scratch += ", en la colonia ";
                m_scratch += p.neighbourhood->name;
            }
            m_scratch += '.';
            j.member("description", m_scratch);
        } else {
            j.member_null("description");
        }
        j.member("url", std::string(platform) + "/budgets/" + e.id + "/investments/" + p.id);
        j.member_date("created_at", p.created);
        j.member_date("updated_at", p.updated);
        j.key("categories");
        j.begin_array();
        j.string(p.kind->first_category);
        if (p.kind->second_category) {
            j.string(p.kind->second_category);
        }
        j.end_array();
        j.member("size", p.large ? "large" : "medium");
        j.end_object();

        j.key("budget");
        j.begin_object();
        j.member("id", e.id);
        j.member("name", e.name);
        j.member_integer("year", e.year);
        j.member("currency", "MXN");
        j.member("phase", e.phase);
        j.key("phases");
        j.begin_array();
        for (const auto& phase : e.phases) {
            j.begin_object();
            j.member("kind", phase.kind);
            j.member_date("starts_at", phase.starts);
            if (phase.ends != 0) {
                j.member_date("ends_at", phase.ends);
            }
            j.end_object();
        }
        j.end_array();
        j.key("group");
        j.begin_object();
        j.member("id", e.group_id);
        j.member("name", "Sectores");
        j.end_object();
        j.key("heading");
        j.begin_object();
        const auto sector_number = static_cast<int>(p.sector - sectors.data()) + 1;
        j.member("id", std::to_string(std::stoi(e.id) * 100 + sector_number));
        j.member("name", std::string("Sector ") + p.sector->code + ' ' + p.sector->name);
        j.key("envelope");
        j.pesos(e.envelope);
        j.member("sector", p.sector->code);
        j.end_object();
        j.end_object();

        j.key("territory");
        j.begin_object();
        j.key("sector");
        j.begin_object();
        j.member("code", p.sector->code);
        j.member("name", p.sector->name);
        j.end_object();
        j.key("neighbourhood");
        if (p.neighbourhood) {
            j.begin_object();
            j.member("id", p.neighbourhood->id);
            j.member("name", p.neighbourhood->name);
            j.end_object();
        } else {
            j.null();
        }
        j.end_object();

        if (p.has_location) {
            j.key("location");
            j.begin_object();
            if (p.location_description) {
                j.member("description", std::string(p.exact ? "Predio municipal, colonia " : "Zona de la colonia ") +
                                            (p.neighbourhood ? p.neighbourhood->name : p.sector->name));
            }
            j.key("point");
            j.begin_object();
            j.key("lat");
            coordinate(p.lat);
            j.key("lng");
            coordinate(p.lng);
            j.end_object();
            j.member("precision", p.exact ? "exact" : "area");
            j.end_object();
        }

        j.key("assessment");
        j.begin_object();
        j.member("feasibility", p.feasibility);
        j.member_boolean("valuation_finished", p.valuation_finished);
        if (p.unfeasibility) {
            j.member("unfeasibility_explanation", p.unfeasibility);
        }
        if (p.estimated > 0) {
            j.key("estimated_cost");
            j.pesos(p.estimated);
            j.key("first_year_cost");
            j.pesos(p.first_year);
            if (p.cost_explanation) {
                j.member("cost_explanation", p.kind->cost_explanation);
            }
        }
        if (p.duration_months > 0) {
            j.member("duration_text", std::to_string(p.duration_months) + " meses");
        }
        j.end_object();

        j.key("participation");
        j.begin_object();
        j.key("supports");
        counts(p.supports);
        if (p.has_ballots) {
            j.key("ballots");
            counts(p.ballots);
        }
        j.member_boolean("selected", p.selected);
        j.member_boolean("winner", p.winner);
        j.member_boolean("incompatible", p.incompatible);
        j.member_boolean("draw", p.draw);
        j.end_object();

        j.key("milestones");
        j.begin_array();
        for (const auto& m : p.milestones) {
            j.begin_object();
            j.member("id", m.id);
            j.member("title", m.spec->title);
            j.member("description", m.spec->description);
            j.member_date("date", m.date);
            j.member("status", m.spec->status);
            j.end_object();
        }
        j.end_array();

        if (p.has_progress) {
            j.key("progress");
            j.begin_object();
            j.member_integer("percentage", p.progress);
            j.member_date("as_of", p.progress_as_of);
            j.end_object();
        }

        j.key("documents");
        j.begin_array();
        for (const auto& d : p.documents) {
            char url[200];
            std::snprintf(url, sizeof url, "%s/system/documents/attachments/%03d/%03d/%03d/original/%s-%s.%s", platform,
                          static_cast<int>(d.number / 1000000 % 1000), static_cast<int>(d.number / 1000 % 1000),
                          static_cast<int>(d.number % 1000), d.spec->slug, p.id.c_str(), d.spec->extension);
            j.begin_object();
            j.member("id", std::to_string(d.number));
            j.member("title", d.spec->title);
            j.member("url", url);
            j.member("format", d.spec->format);
            j.member_date("date", d.date);
            j.member("type", d.spec->type);
            j.end_object();
        }
        j.end_array();

        if (p.procurement_member) {
            j.key("procurement");
            j.begin_array();
            for (const auto& pr : p.processes) {
                process(p, pr);
            }
            j.end_array();
        }
        if (p.parties_member) {
            j.key("parties");
            parties(p);
        }
        j.end_object();
    }

private:
    void coordinate(int value) {
        char buffer[24];
        const int magnitude = value < 0 ? -value : value;
        const int length = std::snprintf(buffer, sizeof buffer, "%s%d.%04d", value < 0 ? "-" : "", magnitude / 10000,
                                         magnitude % 10000);
        m_json.number(std::string_view(buffer, static_cast<std::size_t>(length)));
    }

    void counts(const Counts& c) {
        m_json.begin_object();
        m_json.member_integer("online", c.online);
        m_json.member_integer("offline", c.offline);
        m_json.member_integer("total", c.online + c.offline);
        m_json.end_object();
    }

    void document(const std::string& folder, const char* id_suffix, const char* title, const char* file,
                  const char* type, std::int64_t date) {
        RecordJson& j = m_json;
        j.begin_object();
        j.member("id", folder + '-' + id_suffix);
        j.member("title", title);
        j.member("url", std::string(transparency) + '/' + std::to_string(year_of(date)) + '/' + folder + '/' + file);
        j.member("format", "application/pdf");
        j.member_date("date", date);
        j.member("type", type);
        j.end_object();
    }

    void process(const Project& p, const Process& pr) {
        RecordJson& j = m_json;
        j.begin_object();
        j.member("process_id", pr.process_id);
        j.member("title", pr.title);

        j.key("tender");
        j.begin_object();
        j.member("id", pr.tender_id);
        j.member("title", pr.title + (p.neighbourhood ? std::string(" en ") + p.neighbourhood->name
                                                      : std::string(" del sector ") + p.sector->name));
        j.member("description", pr.method->description);
        j.member("status", pr.tender_status);
        j.member("method", pr.method->code);
        j.member("method_details", pr.method->details);
        j.member("category", category_codes[static_cast<std::size_t>(pr.category)]);
        j.key("value");
        j.centavos(pr.value);
        j.key("period");
        j.begin_object();
        j.member_date("start", pr.tender_start);
        j.member_date("end", pr.tender_end);
        j.end_object();
        if (pr.tenderers_known) {
            j.member_integer("number_of_tenderers", static_cast<std::int64_t>(pr.tenderers.size()));
        }
        j.key("tenderer_ids");
        j.begin_array();
        if (pr.tenderers_known) {
            for (const auto k : pr.tenderers) {
                j.string("P-" + std::to_string(k + 1));
            }
        }
        j.end_array();
        j.key("items");
        j.begin_array();
        int number = 0;
        for (const auto& item : pr.items) {
            j.begin_object();
            j.member("id", std::to_string(++number));
            j.member("description", item.spec->description);
            j.member_integer("quantity", item.quantity);
            j.member("unit", item.spec->unit);
            j.key("unit_value");
            j.centavos(item.unit_cents);
            j.key("classification");
            j.begin_object();
            j.member("scheme", "CUCOP");
            j.member("id", item.spec->cucop);
            j.member("description", item.spec->cucop_description);
            j.end_object();
            j.end_object();
        }
        j.end_array();
        j.key("documents");
        j.begin_array();
        if (pr.method != &methods[2]) {
            document(pr.tender_id, "convocatoria", pr.method->notice_title, "convocatoria.pdf", "tenderNotice",
                     pr.tender_start);
        }
        j.end_array();
        j.end_object();

        j.key("awards");
        j.begin_array();
        if (pr.has_award) {
            j.begin_object();
            j.member("id", pr.award_id);
            j.member("title", pr.method->award_title);
            j.member("status", pr.award_status);
            j.member_date("date", pr.award_date);
            j.key("value");
            j.centavos(pr.award_value);
            j.key("supplier_ids");
            j.begin_array();
            j.string("P-" + std::to_string(pr.supplier + 1));
            j.end_array();
            j.key("documents");
            j.begin_array();
            if (pr.award_document) {
                document(pr.tender_id, "fallo", "Dictamen de fallo", "fallo.pdf", "awardNotice", pr.award_date);
            }
            j.end_array();
            j.end_object();
        }
        j.end_array();

        j.key("contracts");
        j.begin_array();
        if (pr.has_contract) {
            const std::string payee = "P-" + std::to_string(pr.supplier + 1);
            j.begin_object();
            j.member("id", pr.contract_id);
            j.member("award_id", pr.award_id);
            j.member("title", contract_titles[static_cast<std::size_t>(pr.category)] + p.title);
            j.member("status", pr.contract_status);
            j.member_date("date_signed", pr.signed_at);
            j.key("period");
            j.begin_object();
            j.member_date("start", pr.start);
            j.member_date("end", pr.end);
            j.end_object();
            j.key("value");
            j.centavos(pr.contract_value);
            j.key("documents");
            j.begin_array();
            if (pr.contract_document) {
                document(pr.tender_id, "contrato", "Contrato firmado", "contrato.pdf", "contractSigned",
                         std::min(pr.signed_at + day, export_time - hour));
            }
            j.end_array();
            j.key("amendments");
            j.begin_array();
            for (const auto& a : pr.amendments) {
                j.begin_object();
                j.member("id", a.id);
                j.member_date("date", a.date);
                j.member("rationale", a.rationale);
                j.end_object();
            }
            j.end_array();
            j.key("payments");
            j.begin_array();
            for (const auto& payment : pr.payments) {
                j.begin_object();
                j.member("id", payment.id);
                j.member_date("date", payment.date);
                j.key("value");
                j.centavos(payment.cents);
                j.member("payer_id", municipality_id);
                j.member("payee_id", payee);
                j.end_object();
            }
            j.end_array();
            j.key("milestones");
            j.begin_array();
            int milestone_number = 0;
            for (const auto& m : pr.milestones) {
                j.begin_object();
                j.member("id", std::to_string(++milestone_number));
                j.member("title", m.title);
                j.member("type", "delivery");
                j.member_date("due_date", m.due);
                if (m.met != 0) {
                    j.member_date("date_met", m.met);
                }
                j.member("status", m.met != 0 ? "met" : "scheduled");
                j.member_integer("progress_percentage", m.progress);
                j.end_object();
            }
            j.end_array();
            j.end_object();
        }
        j.end_array();
        j.end_object();
    }

    void parties(const Project& p) {
        std::vector<Reference>& refs = m_references;
        refs.clear();
        const auto find = [&refs](std::uint64_t k) -> Reference& {
            for (auto& r : refs) {
                if (r.k == k) {
                    return r;
                }
            }
            refs.push_back({k, false, false, false});
            return refs.back();
        };
        for (const auto& pr : p.processes) {
            if (pr.tenderers_known) {
                for (const auto k : pr.tenderers) {
                    find(k).tenderer = true;
                }
            }
            if (pr.has_award) {
                find(pr.supplier).supplier = true;
            }
            if (pr.has_contract && !pr.payments.empty()) {
                find(pr.supplier).payee = true;
            }
        }
        RecordJson& j = m_json;
        j.begin_array();
        for (const auto& r : refs) {
            const Party party = make_party(m_seed, r.k);
            j.begin_object();
            j.member("id", party.id);
            j.member("name", party.name);
            j.member("rfc", party.rfc);
            if (!party.legal_name.empty()) {
                j.member("legal_name", party.legal_name);
            }
            j.key("roles");
            j.begin_array();
            if (r.tenderer) {
                j.string("tenderer");
            }
            if (r.supplier) {
                j.string("supplier");
            }
            if (r.payee) {
                j.string("payee");
            }
            j.end_array();
            j.key("address");
            j.begin_object();
            if (!party.street.empty()) {
                j.member("street", party.street);
            }
            j.member("locality", party.locality);
            j.member("region", "Nuevo León");
            j.member("postal_code", party.postal_code);
            j.member("country", "México");
            j.end_object();
            if (party.contact) {
                j.key("contact");
                j.begin_object();
                j.member("name", party.contact->name);
                j.member("email", party.email);
                if (!party.telephone.empty()) {
                    j.member("telephone", party.telephone);
                }
                j.end_object();
            }
            j.member_boolean("publish_identifier", !party.natural_person);
            j.end_object();
        }
        j.end_array();
    }

    struct Reference {
        std::uint64_t k;
        bool tenderer, supplier, payee;
    };

    RecordJson& m_json;
    std::uint64_t m_seed;
    std::string m_scratch;
    std::vector<Reference> m_references;
};

} // namespace

namespace {

// ---------------------------------------------------------------------------------------------
// Command line and output.

struct Options {
    std::uint64_t projects = 0;
    std::uint64_t seed = 1;
    double change_percent = 0;
    std::string output;
};

[[noreturn]] void usage(const char* problem) {
    if (problem) {
        std::fprintf(stderr, "ocds_bench_projects: %s\n", problem);
    }
    std::fprintf(problem ? stderr : stdout,
                 "Usage: ocds_bench_projects --projects N [--seed S] [--change-percent P] -o FILE\n"
                 "Writes N synthetic budget-project records (the input of `ocds map`) as JSON Lines. The same\n"
                 "seed gives the same bytes. --change-percent P (0 to 100, decimals allowed) gives the same\n"
                 "export with a deterministic P %% of the projects changed as a later export would be: a new\n"
                 "payment, more progress, a milestone met, an amendment, a corrected cost, a feasibility\n"
                 "decided, corrected supports. FILE '-' is standard output.\n");
    std::exit(problem ? 2 : 0);
}

std::uint64_t parse_unsigned(const std::string& text, const char* option) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || text[0] == '-' || *end != '\0' || errno != 0) {
        usage((std::string(option) + " needs a non-negative whole number").c_str());
    }
    return value;
}

Options parse_options(int argc, char** argv) {
    Options options;
    bool have_projects = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage((arg + " needs a value").c_str());
            }
            return argv[++i];
        };
        if (arg == "-h" || arg == "--help") {
            usage(nullptr);
        } else if (arg == "--projects") {
            options.projects = parse_unsigned(value(), "--projects");
            have_projects = true;
        } else if (arg == "--seed") {
            options.seed = parse_unsigned(value(), "--seed");
        } else if (arg == "--change-percent") {
            const std::string text = value();
            char* end = nullptr;
            errno = 0;
            options.change_percent = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || errno != 0 || !(options.change_percent >= 0) ||
                options.change_percent > 100) {
                usage("--change-percent needs a number from 0 to 100");
            }
        } else if (arg == "-o" || arg == "--output") {
            options.output = value();
        } else {
            usage(("unknown argument '" + arg + "'").c_str());
        }
    }
    if (!have_projects || options.projects == 0) {
        usage("--projects N (at least 1) is required");
    }
    if (options.output.empty()) {
        usage("-o FILE is required");
    }
    return options;
}

[[noreturn]] void write_failed(const std::string& path) {
    std::fprintf(stderr, "ocds_bench_projects: cannot write '%s': %s\n", path.c_str(), std::strerror(errno));
    std::exit(1);
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    std::FILE* out = options.output == "-" ? stdout : std::fopen(options.output.c_str(), "wb");
    if (!out) {
        write_failed(options.output);
    }
    std::setvbuf(out, nullptr, _IOFBF, 1 << 20);

    const std::vector<Edition> editions = make_editions(options.seed);
    // A project is changed when its own draw, in millionths, falls under the percentage.
    const auto threshold = static_cast<std::uint64_t>(options.change_percent * 10000 + 0.5);
    RecordJson json;
    RecordWriter writer(json, options.seed);
    std::uint64_t bytes = 0;
    std::uint64_t with_procurement = 0;
    std::uint64_t changed = 0;
    for (std::uint64_t n = 1; n <= options.projects; ++n) {
        Project project = make_project(editions, options.seed, options.projects, n);
        if (threshold > 0 && mix(options.seed ^ salt_select, n) % 1000000 < threshold) {
            change_project(project, options.seed);
            ++changed;
        }
        with_procurement += project.processes.empty() ? 0 : 1;
        json.clear();
        writer.write(project);
        json.raw("\n");
        if (std::fwrite(json.text().data(), 1, json.text().size(), out) != json.text().size()) {
            write_failed(options.output);
        }
        bytes += json.text().size();
    }
    if (std::fflush(out) != 0 || (out != stdout && std::fclose(out) != 0)) {
        write_failed(options.output);
    }
    std::fprintf(stderr,
                 "ocds_bench_projects: %" PRIu64 " bytes, %" PRIu64 " projects, %" PRIu64 " with procurement, %" PRIu64
                 " changed\n",
                 bytes, options.projects, with_procurement, changed);
    return 0;
}
