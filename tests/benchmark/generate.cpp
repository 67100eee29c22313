// ocds_bench_generate: writes realistic OCDS 1.1 data of any size, deterministically from a seed,
// as a release package, a record package or JSON Lines of releases, optionally gzip-compressed.
//
// Each contracting process (one ocid) is drawn from its own random stream seeded by (seed, n), so
// the same seed gives the same processes in every shape. Output is streamed: one release (or
// record) is built in memory at a time and then written out.

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
#include "bench_output.hpp"
#include "bench_random.hpp"

namespace {

using bench::mix;
using bench::Rng;

// ---------------------------------------------------------------------------------------------
// Vocabulary. Spanish, as published by Mexican municipalities, accents included.

using Words = std::array<const char*, 12>;

const Words works = {"Construcción de cancha de fútbol",      "Rehabilitación de calles y banquetas",
                     "Ampliación de la red de agua potable",  "Mantenimiento de alumbrado público",
                     "Construcción de puente peatonal",       "Remodelación de la biblioteca pública",
                     "Pavimentación con concreto hidráulico", "Construcción de aulas en escuela primaria",
                     "Rehabilitación del parque lineal",      "Instalación de drenaje pluvial",
                     "Construcción de centro de salud",       "Reforestación y áreas verdes"};
const Words goods = {"Adquisición de medicamentos",
                     "Suministro de equipo de cómputo",
                     "Compra de uniformes para policía",
                     "Adquisición de vehículos patrulla",
                     "Suministro de combustible",
                     "Compra de material de papelería",
                     "Adquisición de mobiliario escolar",
                     "Suministro de luminarias LED",
                     "Compra de despensas para programa social",
                     "Adquisición de equipo médico",
                     "Suministro de asfalto y emulsiones",
                     "Compra de señalética vial"};
const Words services = {"Servicio de limpieza de edificios",
                        "Servicio de vigilancia",
                        "Consultoría para el plan de desarrollo urbano",
                        "Servicio de recolección de basura",
                        "Mantenimiento de vehículos oficiales",
                        "Servicio de fumigación",
                        "Auditoría externa de estados financieros",
                        "Servicio de telefonía e internet",
                        "Capacitación a personal administrativo",
                        "Arrendamiento de maquinaria pesada",
                        "Servicio de comedor para guarderías",
                        "Diseño de campaña de comunicación"};
const Words places = {"en la colonia Valle Oriente", "en la colonia Del Valle",
                      "en el barrio San Luisito",    "en la colonia Fuentes del Valle",
                      "en el ejido La Montaña",      "en la colonia Niños Héroes",
                      "en la cabecera municipal",    "en la colonia Jardines de Cumbres",
                      "en la zona Río Bravo",        "en el fraccionamiento Las Águilas",
                      "en la colonia Independencia", "en la colonia Peñón"};
const Words first_names = {"José",  "María",    "Juan Pablo", "Ana Sofía", "Jesús",  "Guadalupe",
                           "Ramón", "Verónica", "Héctor",     "Mónica",    "Andrés", "Begoña"};
const Words last_names = {"García",    "Hernández", "Martínez", "López", "González", "Pérez",
                          "Rodríguez", "Sánchez",   "Ramírez",  "Núñez", "Ibáñez",   "Muñoz"};
const Words company_kinds = {
    "Constructora", "Grupo",       "Comercializadora", "Servicios Integrales", "Distribuidora", "Tecnología y Sistemas",
    "Proveedora",   "Consultores", "Ingeniería",       "Farmacéutica",         "Materiales",    "Transportes"};
const Words company_cores = {"del Norte",    "Peñasco",           "Álamo",    "Montaña Azul", "Río Bravo",
                             "Sierra Madre", "Cañón del Huajuco", "La Silla", "Anáhuac",      "Cerro de la Mitra",
                             "Chipinque",    "Santa Lucía"};
const Words company_forms = {"S.A. de C.V.", "S. de R.L. de C.V.", "S.C.",         "S.A.P.I. de C.V.", "S.A. de C.V.",
                             "S.A. de C.V.", "S. de R.L. de C.V.", "S.A. de C.V.", "S.A. de C.V.",     "S.C.",
                             "S.A. de C.V.", "S.A. de C.V."};
const Words streets = {"Av. Constitución", "Calle Zaragoza", "Av. Revolución",      "Calle Morelos",
                       "Av. Gómez Morín",  "Calle Juárez",   "Av. Lázaro Cárdenas", "Calle Padre Mier",
                       "Av. Vasconcelos",  "Calle Hidalgo",  "Av. Insurgentes",     "Calle Allende"};
const Words localities = {"San Pedro Garza García",
                          "Monterrey",
                          "Guadalupe",
                          "San Nicolás de los Garza",
                          "Apodaca",
                          "Santa Catarina",
                          "García",
                          "Escobedo",
                          "Juárez",
                          "Cadereyta Jiménez",
                          "Santiago",
                          "Salinas Victoria"};
const Words item_names = {"Cemento gris Portland saco de 50 kg",
                          "Varilla corrugada de 3/8\"",
                          "Tubería de PVC hidráulico de 6 pulgadas",
                          "Luminaria LED de 150 W",
                          "Computadora de escritorio con monitor de 24\"",
                          "Paracetamol tabletas de 500 mg",
                          "Pintura vinílica color blanco, cubeta de 19 l",
                          "Silla apilable de polipropileno",
                          "Camioneta pick-up doble cabina",
                          "Tóner para impresora láser",
                          "Jornada de mano de obra especializada",
                          "Metro cúbico de concreto f'c=250 kg/cm²"};
const Words units = {"Pieza",    "Saco",    "Metro", "Kilogramo", "Litro",    "Metro cúbico",
                     "Servicio", "Jornada", "Lote",  "Caja",      "Tonelada", "Metro cuadrado"};
const Words unit_codes = {"H87", "BG", "MTR", "KGM", "LTR", "MTQ", "E48", "E49", "LO", "BX", "TNE", "MTK"};
const Words rationales = {"Atender la demanda ciudadana registrada en el presupuesto participativo.",
                          "Cumplir con el Plan Municipal de Desarrollo 2021–2024, eje \"Ciudad Segura\".",
                          "Sustituir equipo que terminó su vida útil; ver dictamen técnico DT/045/2023.",
                          "Reducir el consumo de energía eléctrica en un 40 %.",
                          "Garantizar el abasto durante la temporada de lluvias.\nSe priorizan zonas de riesgo.",
                          "Mejorar la movilidad peatonal y la accesibilidad universal.",
                          "Dar mantenimiento preventivo conforme al programa anual.",
                          "Atender la recomendación de la Auditoría Superior del Estado (ASENL).",
                          "Ampliar la cobertura del servicio a 3,500 habitantes.",
                          "Responder a la contingencia sanitaria declarada por la Secretaría de Salud.",
                          "Equipar a las nuevas unidades administrativas.",
                          "Reponer bienes siniestrados; expediente C:\\siniestros\\2023\\017."};
const Words document_titles = {"Convocatoria",
                               "Bases de licitación",
                               "Junta de aclaraciones",
                               "Acta de presentación y apertura de proposiciones",
                               "Dictamen de fallo",
                               "Contrato firmado",
                               "Anexo técnico",
                               "Estudio de mercado",
                               "Acta de entrega-recepción",
                               "Factura",
                               "Convenio modificatorio",
                               "Informe de avance físico-financiero"};
const Words document_types = {
    "tenderNotice",          "biddingDocuments",       "clarifications",          "evaluationReports",
    "awardNotice",           "contractSigned",         "technicalSpecifications", "marketStudies",
    "completionCertificate", "physicalProgressReport", "contractAnnexe",          "financialProgressReport"};

const char* const ocid_prefix = "ocds-abc123-";
const char* const site = "https://compras.example.gob.mx";

struct Buyer {
    const char* id;
    const char* name;
    const char* rfc;
    const char* locality;
};

const std::array<Buyer, 6> buyers = {{
    {"MX-MUN-SPGG", "Municipio de San Pedro Garza García", "MSP850101AB1", "San Pedro Garza García"},
    {"MX-MUN-MTY", "Municipio de Monterrey", "MMO850101CD2", "Monterrey"},
    {"MX-MUN-GPE", "Municipio de Guadalupe", "MGU850101EF3", "Guadalupe"},
    {"MX-MUN-SNG", "Municipio de San Nicolás de los Garza", "MSN850101GH4", "San Nicolás de los Garza"},
    {"MX-SOP-NL", "Secretaría de Obras Públicas del Estado de Nuevo León", "SOP970101JK5", "Monterrey"},
    {"MX-SS-NL", "Secretaría de Salud del Estado de Nuevo León", "SSN970101LM6", "Monterrey"},
}};

using bench::JsonText;

// ---------------------------------------------------------------------------------------------
// Dates and amounts.

/// Days since 1970-01-01 to a civil date (the proleptic Gregorian calendar).
void civil_from_days(std::int64_t days, int& year, int& month, int& day) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto day_of_era = static_cast<std::uint64_t>(days - era * 146097);
    const std::uint64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::uint64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::uint64_t mp = (5 * day_of_year + 2) / 153;
    day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2));
}

/// A time in seconds since the epoch as RFC 3339, in Mexico City's offset (as publishers do).
std::string date_time(std::int64_t seconds) {
    const std::int64_t local = seconds - 6 * 3600;
    const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    const std::int64_t of_day = local - days * 86400;
    int year = 0, month = 0, day = 0;
    civil_from_days(days, year, month, day);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d-06:00", year, month, day,
                  static_cast<int>(of_day / 3600), static_cast<int>(of_day / 60 % 60), static_cast<int>(of_day % 60));
    return buffer;
}

/// An amount in cents as JSON: 1234567.89, 1500.5, or 1500 when whole.
std::string money(std::int64_t cents) {
    char buffer[40];
    const bool negative = cents < 0;
    const std::uint64_t magnitude = negative ? static_cast<std::uint64_t>(-cents) : static_cast<std::uint64_t>(cents);
    const std::uint64_t whole = magnitude / 100;
    const std::uint64_t fraction = magnitude % 100;
    if (fraction == 0) {
        std::snprintf(buffer, sizeof buffer, "%s%" PRIu64, negative ? "-" : "", whole);
    } else if (fraction % 10 == 0) {
        std::snprintf(buffer, sizeof buffer, "%s%" PRIu64 ".%" PRIu64, negative ? "-" : "", whole, fraction / 10);
    } else {
        std::snprintf(buffer, sizeof buffer, "%s%" PRIu64 ".%02" PRIu64, negative ? "-" : "", whole, fraction);
    }
    return buffer;
}

// ---------------------------------------------------------------------------------------------
// One contracting process, drawn once and rendered at each of its stages.

struct Supplier {
    std::string id;
    std::string name;
    std::string rfc;
    std::string street;
    std::string locality;
    std::string postal_code;
    std::string contact;
    std::string email;
    std::string telephone;
};

/// Supplier k of a pool shared by all processes, always the same for a given seed.
Supplier make_supplier(std::uint64_t seed, std::uint64_t k) {
    Rng rng(mix(seed ^ 0x5u, k));
    Supplier s;
    // One draw per statement: the order in which operands are evaluated is unspecified, and the
    // data must not depend on the compiler.
    s.name = rng.pick(company_kinds);
    s.name += ' ';
    s.name += rng.pick(company_cores);
    s.name += ' ';
    s.name += rng.pick(company_forms);
    static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    for (int i = 0; i < 3; ++i) {
        s.rfc += letters[rng.below(26)];
    }
    const auto year = rng.between(80, 99);
    const auto month = rng.between(1, 12);
    const auto day = rng.between(1, 28);
    char digits[32];
    std::snprintf(digits, sizeof digits, "%02d%02d%02d", static_cast<int>(year), static_cast<int>(month),
                  static_cast<int>(day));
    s.rfc += digits;
    for (int i = 0; i < 3; ++i) {
        s.rfc += alnum[rng.below(36)];
    }
    s.id = "MX-RFC-" + s.rfc;
    s.street = rng.pick(streets);
    s.street += ' ' + std::to_string(rng.between(1, 4999));
    if (rng.percent(30)) {
        s.street += ", local " + std::to_string(rng.between(1, 40));
    }
    s.locality = rng.pick(localities);
    s.postal_code = std::to_string(rng.between(64000, 67999));
    s.contact = rng.pick(first_names);
    s.contact += ' ';
    s.contact += rng.pick(last_names);
    s.contact += ' ';
    s.contact += rng.pick(last_names);
    s.email = "ventas" + std::to_string(k) + "@proveedor-" + std::to_string(k % 977) + ".com.mx";
    s.telephone = "+52 81 " + std::to_string(rng.between(1000, 9999));
    s.telephone += ' ' + std::to_string(rng.between(1000, 9999));
    return s;
}

struct LineItem {
    int id = 0;
    std::string description;
    std::string classification;
    std::string classification_text;
    int unit = 0;
    std::string quantity;        // JSON number text
    std::int64_t unit_price = 0; // cents
};

struct Document {
    std::string id;
    int kind = 0;
    std::string title;
    std::string description;
    std::string url;
    std::int64_t published = 0;
};

struct Transaction {
    std::string id;
    std::int64_t date = 0;
    std::int64_t cents = 0;
    bool big = false;
};

struct Award {
    std::string id;
    std::int64_t date = 0;
    std::int64_t cents = 0;
    std::vector<std::size_t> suppliers; // indexes into Process::suppliers
    std::vector<std::size_t> items;     // indexes into Process::items
    std::vector<Document> documents;
    std::vector<Transaction> transactions; // of its contract, in date order
    std::int64_t signed_date = 0;
    std::int64_t end_date = 0;
};

struct Process {
    std::uint64_t number = 0;
    std::string ocid;
    const Buyer* buyer = nullptr;
    int category = 0; // 0 works, 1 goods, 2 services
    std::string title;
    std::string description;
    std::string rationale;
    std::int64_t start = 0; // planning date, seconds since the epoch
    std::int64_t budget_cents = 0;
    bool budget_big_integer = false;
    std::string method;
    std::vector<LineItem> items;
    std::vector<Supplier> suppliers; // tenderers; the first ones win
    std::vector<Document> planning_documents;
    std::vector<Document> tender_documents;
    std::vector<Award> awards;
    bool amended = false;
    bool unsuccessful = false;
    int implementation_updates = 0;
};

Document make_document(Rng& rng, const Process& p, int kind, std::int64_t date, int number) {
    Document d;
    d.kind = kind;
    d.id = p.ocid + "-doc-" + std::to_string(number);
    d.title = std::string(document_titles[static_cast<std::size_t>(kind)]) + ": " + p.title;
    if (rng.percent(60)) {
        d.description = "Documento publicado conforme al artículo 25 de la Ley de Adquisiciones, "
                        "Arrendamientos y Contratación de Servicios del Estado de Nuevo León.";
        if (rng.percent(20)) {
            d.description += "\nVersión pública: se testaron datos personales (art. 3, fracción XXI).";
        }
    }
    d.url = std::string(site) + "/documentos/" + p.ocid + '/' + std::to_string(number) + "_" +
            document_types[static_cast<std::size_t>(kind)] + ".pdf";
    d.published = date;
    return d;
}

Process make_process(std::uint64_t seed, std::uint64_t n) {
    Rng rng(mix(seed, n));
    Process p;
    p.number = n;
    char ocid[64];
    std::snprintf(ocid, sizeof ocid, "%s%06" PRIu64, ocid_prefix, n);
    p.ocid = ocid;
    p.buyer = &buyers[rng.below(buyers.size())];
    p.category = static_cast<int>(rng.below(3));
    const Words& titles = p.category == 0 ? works : p.category == 1 ? goods : services;
    p.title = rng.pick(titles);
    p.title += ' ';
    p.title += rng.pick(places);
    if (rng.percent(10)) {
        p.title += " (segunda etapa)";
    }
    p.description = p.title + ". " + rng.pick(rationales);
    if (rng.percent(15)) {
        p.description += " Incluye obra \"llave en mano\"\tcon garantía de 12 meses.";
    }
    p.rationale = rng.pick(rationales);
    // 2019-01-01 to 2024-06-30, office hours.
    p.start = 1546300800 + static_cast<std::int64_t>(rng.below(2007)) * 86400;
    p.start += rng.between(14, 23) * 3600;
    p.start += rng.between(0, 3599);
    static const std::array<const char*, 4> methods = {"open", "selective", "limited", "direct"};
    p.method = methods[rng.below(methods.size())];

    const int item_count = rng.skewed(1, 14);
    std::int64_t total = 0;
    for (int i = 0; i < item_count; ++i) {
        LineItem item;
        item.id = i + 1;
        item.description = rng.pick(item_names);
        if (rng.percent(30)) {
            item.description += std::string(", marca ") + rng.pick(company_cores) + " o similar";
        }
        item.classification = std::to_string(rng.between(21000001, 59999999));
        item.classification_text =
            std::string("Partida ") + item.classification.substr(0, 4) + ": " + rng.pick(item_names);
        item.unit = static_cast<int>(rng.below(units.size()));
        if (rng.percent(20)) {
            item.quantity = std::to_string(rng.between(1, 999)) + '.';
            item.quantity += std::to_string(rng.between(1, 9));
        } else {
            item.quantity = std::to_string(rng.percent(10) ? rng.between(100, 5000) : rng.skewed(1, 60));
        }
        item.unit_price = rng.percent(10) ? rng.between(1000000, 250000000) : rng.between(1500, 5000000);
        total += item.unit_price * std::max<std::int64_t>(1, std::atoll(item.quantity.c_str()));
        p.items.push_back(std::move(item));
    }
    p.budget_cents = total + rng.between(0, total / 5 + 1);
    // Some systems publish budgets as (large) whole numbers of centavos: still within a double.
    p.budget_big_integer = rng.percent(3);

    const int tenderer_count = p.method == std::string("direct") ? 1 : rng.skewed(1, 7);
    for (int i = 0; i < tenderer_count; ++i) {
        p.suppliers.push_back(make_supplier(seed, rng.below(5000)));
    }

    int document_number = 0;
    const int planning_documents = static_cast<int>(rng.between(1, 3));
    for (int i = 0; i < planning_documents; ++i) {
        p.planning_documents.push_back(make_document(rng, p, 7, p.start + i * 86400, ++document_number));
    }
    const int tender_documents = rng.skewed(1, 5);
    for (int i = 0; i < tender_documents; ++i) {
        p.tender_documents.push_back(make_document(rng, p, i % 4, p.start + (20 + i) * 86400, ++document_number));
    }
    p.unsuccessful = rng.percent(8);
    p.amended = rng.percent(25) || p.unsuccessful; // the amendment is what declares it unsuccessful
    if (p.unsuccessful) {
        return p;
    }

    // Awards: one per winning tenderer, items shared out among them.
    const int award_count = std::min<int>(tenderer_count, rng.skewed(1, 3));
    std::int64_t date = p.start + rng.between(45, 90) * 86400;
    for (int a = 0; a < award_count; ++a) {
        Award award;
        award.id = p.ocid + "-award-" + std::to_string(a + 1);
        award.date = date + a * 3600;
        award.suppliers.push_back(static_cast<std::size_t>(a));
        for (std::size_t i = static_cast<std::size_t>(a); i < p.items.size();
             i += static_cast<std::size_t>(award_count)) {
            award.items.push_back(i);
        }
        for (std::size_t i : award.items) {
            const auto& item = p.items[i];
            award.cents += item.unit_price * std::max<std::int64_t>(1, std::atoll(item.quantity.c_str()));
        }
        award.documents.push_back(make_document(rng, p, 4, award.date, ++document_number));
        award.signed_date = award.date + rng.between(3, 15) * 86400;
        award.end_date = award.signed_date + rng.between(30, 365) * 86400;
        if (rng.percent(60)) {
            award.documents.push_back(make_document(rng, p, 5, award.signed_date, ++document_number));
        }
        const int transactions = rng.skewed(1, 11);
        std::int64_t paid_date = award.signed_date;
        for (int t = 0; t < transactions; ++t) {
            Transaction transaction;
            transaction.id = award.id + "-pago-" + std::to_string(t + 1);
            paid_date += rng.between(7, 45) * 86400;
            paid_date += rng.between(0, 36000);
            transaction.date = paid_date;
            transaction.cents = award.cents / transactions + rng.between(-5000, 5000);
            if (rng.percent(3)) {
                transaction.cents = -rng.between(100, 2000000); // a refund
            }
            transaction.big = rng.percent(1);
            award.transactions.push_back(transaction);
        }
        p.awards.push_back(std::move(award));
    }
    p.implementation_updates = static_cast<int>(rng.between(0, 3));
    return p;
}

// Stages, in publication order. Each release is a snapshot of everything known at its stage.
enum class Stage { planning, tender, amendment, award, contract, implementation, compiled };

const char* stage_tag(Stage stage) {
    switch (stage) {
    case Stage::planning: return "planning";
    case Stage::tender: return "tender";
    case Stage::amendment: return "tenderAmendment";
    case Stage::award: return "award";
    case Stage::contract: return "contract";
    case Stage::implementation: return "implementation";
    case Stage::compiled: return "compiled";
    }
    return "planning";
}

struct ReleaseStep {
    Stage stage;
    int update = 0; // for implementation: which update (1-based)
};

std::vector<ReleaseStep> release_steps(const Process& p) {
    std::vector<ReleaseStep> steps = {{Stage::planning}, {Stage::tender}};
    if (p.amended) {
        steps.push_back({Stage::amendment});
    }
    if (p.unsuccessful) {
        return steps;
    }
    steps.push_back({Stage::award});
    steps.push_back({Stage::contract});
    for (int i = 1; i <= p.implementation_updates; ++i) {
        steps.push_back({Stage::implementation, i});
    }
    return steps;
}

class ReleaseWriter {
public:
    explicit ReleaseWriter(JsonText& json) : m_json(json) {}

    void write(const Process& p, ReleaseStep step);

private:
    void value(std::int64_t cents);
    void value_big(std::int64_t cents, const char* zeros);
    void organization_reference(const std::string& id, const std::string& name);
    void buyer_party(const Process& p);
    void supplier_party(const Supplier& s, bool winner, bool tenderer);
    void document(const Document& d);
    void item(const LineItem& item);
    void planning(const Process& p);
    void tender(const Process& p, Stage stage);
    void awards(const Process& p);
    void contracts(const Process& p, Stage stage, int update);
    std::int64_t release_date(const Process& p, ReleaseStep step) const;

    JsonText& m_json;
};

void ReleaseWriter::value(std::int64_t cents) {
    m_json.begin_object();
    m_json.member_number("amount", money(cents));
    m_json.member("currency", "MXN");
    m_json.end_object();
}

/// An amount as a big whole number (some systems publish millionths of a peso): digits are
/// appended as text so they may pass 2^64, yet stay far within a double's range.
void ReleaseWriter::value_big(std::int64_t cents, const char* zeros) {
    m_json.begin_object();
    m_json.member_number("amount", std::to_string(cents) + zeros);
    m_json.member("currency", "MXN");
    m_json.end_object();
}

void ReleaseWriter::organization_reference(const std::string& id, const std::string& name) {
    m_json.begin_object();
    m_json.member("id", id);
    m_json.member("name", name);
    m_json.end_object();
}

void ReleaseWriter::buyer_party(const Process& p) {
    m_json.begin_object();
    m_json.member("name", p.buyer->name);
    m_json.member("id", p.buyer->id);
    m_json.key("identifier");
    m_json.begin_object();
    m_json.member("scheme", "MX-RFC");
    m_json.member("id", p.buyer->rfc);
    m_json.member("legalName", p.buyer->name);
    m_json.end_object();
    m_json.key("address");
    m_json.begin_object();
    m_json.member("streetAddress", "Palacio Municipal, Calle Juárez y Av. Libertad s/n");
    m_json.member("locality", p.buyer->locality);
    m_json.member("region", "Nuevo León");
    m_json.member("postalCode", "66200");
    m_json.member("countryName", "México");
    m_json.end_object();
    m_json.key("contactPoint");
    m_json.begin_object();
    m_json.member("name", "Dirección de Adquisiciones");
    m_json.member("email", "adquisiciones@example.gob.mx");
    m_json.member("telephone", "+52 81 8400 4400");
    m_json.end_object();
    m_json.key("roles");
    m_json.begin_array();
    m_json.string("buyer");
    m_json.string("procuringEntity");
    m_json.end_array();
    m_json.end_object();
}

void ReleaseWriter::supplier_party(const Supplier& s, bool winner, bool tenderer) {
    m_json.begin_object();
    m_json.member("name", s.name);
    m_json.member("id", s.id);
    m_json.key("identifier");
    m_json.begin_object();
    m_json.member("scheme", "MX-RFC");
    m_json.member("id", s.rfc);
    m_json.member("legalName", s.name);
    m_json.end_object();
    m_json.key("address");
    m_json.begin_object();
    m_json.member("streetAddress", s.street);
    m_json.member("locality", s.locality);
    m_json.member("region", "Nuevo León");
    m_json.member("postalCode", s.postal_code);
    m_json.member("countryName", "México");
    m_json.end_object();
    m_json.key("contactPoint");
    m_json.begin_object();
    m_json.member("name", s.contact);
    m_json.member("email", s.email);
    m_json.member("telephone", s.telephone);
    m_json.end_object();
    m_json.key("roles");
    m_json.begin_array();
    if (tenderer) {
        m_json.string("tenderer");
    }
    if (winner) {
        m_json.string("supplier");
        m_json.string("payee");
    }
    m_json.end_array();
    m_json.end_object();
}

void ReleaseWriter::document(const Document& d) {
    m_json.begin_object();
    m_json.member("id", d.id);
    m_json.member("documentType", document_types[static_cast<std::size_t>(d.kind)]);
    m_json.member("title", d.title);
    if (!d.description.empty()) {
        m_json.member("description", d.description);
    }
    m_json.member("url", d.url);
    m_json.member("datePublished", date_time(d.published));
    m_json.member("format", "application/pdf");
    m_json.member("language", "es");
    m_json.end_object();
}

void ReleaseWriter::item(const LineItem& item) {
    m_json.begin_object();
    m_json.member("id", std::to_string(item.id));
    m_json.member("description", item.description);
    m_json.key("classification");
    m_json.begin_object();
    m_json.member("scheme", "CUCOP");
    m_json.member("id", item.classification);
    m_json.member("description", item.classification_text);
    m_json.end_object();
    m_json.member_number("quantity", item.quantity);
    m_json.key("unit");
    m_json.begin_object();
    m_json.member("scheme", "UNCEFACT");
    m_json.member("id", unit_codes[static_cast<std::size_t>(item.unit)]);
    m_json.member("name", units[static_cast<std::size_t>(item.unit)]);
    m_json.key("value");
    value(item.unit_price);
    m_json.end_object();
    m_json.end_object();
}

void ReleaseWriter::planning(const Process& p) {
    m_json.key("planning");
    m_json.begin_object();
    m_json.member("rationale", p.rationale);
    m_json.key("budget");
    m_json.begin_object();
    m_json.member("id", "PRE-" + std::to_string(p.number % 97 + 2019) + "-" + std::to_string(p.number));
    m_json.member("description", "Recursos propios del ejercicio fiscal, programa \"Obra pública y servicios\"");
    m_json.key("amount");
    if (p.budget_big_integer) {
        value_big(p.budget_cents, "0000");
    } else {
        value(p.budget_cents);
    }
    m_json.member("project", p.title);
    m_json.member("projectID", "PRY-" + std::to_string(p.number));
    m_json.member("uri", std::string(site) + "/presupuesto/PRY-" + std::to_string(p.number));
    m_json.end_object();
    m_json.key("documents");
    m_json.begin_array();
    for (const auto& d : p.planning_documents) {
        document(d);
    }
    m_json.end_array();
    m_json.end_object();
}

void ReleaseWriter::tender(const Process& p, Stage stage) {
    static const std::array<const char*, 3> categories = {"works", "goods", "services"};
    m_json.key("tender");
    m_json.begin_object();
    m_json.member("id", p.ocid + "-tender");
    m_json.member("title", p.title);
    m_json.member("description", p.description);
    const bool closed = stage >= Stage::award;
    m_json.member("status", p.unsuccessful && stage != Stage::tender ? "unsuccessful" : closed ? "complete" : "active");
    m_json.key("procuringEntity");
    organization_reference(p.buyer->id, p.buyer->name);
    m_json.key("items");
    m_json.begin_array();
    for (const auto& i : p.items) {
        item(i);
    }
    m_json.end_array();
    m_json.key("value");
    value(p.budget_cents);
    m_json.member("procurementMethod", p.method);
    m_json.member("procurementMethodDetails", p.method == "open"     ? "Licitación pública"
                                              : p.method == "direct" ? "Adjudicación directa"
                                                                     : "Invitación a cuando menos tres personas");
    m_json.member("mainProcurementCategory", categories[static_cast<std::size_t>(p.category)]);
    m_json.key("tenderPeriod");
    m_json.begin_object();
    m_json.member("startDate", date_time(p.start + 20 * 86400));
    m_json.member("endDate", date_time(p.start + 40 * 86400));
    m_json.end_object();
    if (closed || (p.unsuccessful && stage >= Stage::amendment)) {
        m_json.member_integer("numberOfTenderers", static_cast<std::int64_t>(p.suppliers.size()));
        m_json.key("tenderers");
        m_json.begin_array();
        for (const auto& s : p.suppliers) {
            organization_reference(s.id, s.name);
        }
        m_json.end_array();
    }
    m_json.key("documents");
    m_json.begin_array();
    for (const auto& d : p.tender_documents) {
        document(d);
    }
    m_json.end_array();
    if (p.amended && stage >= Stage::amendment) {
        m_json.key("amendments");
        m_json.begin_array();
        m_json.begin_object();
        m_json.member("id", p.ocid + "-amendment-1");
        m_json.member("date", date_time(p.start + 30 * 86400));
        m_json.member("rationale", "Se modifica la fecha de apertura por la junta de aclaraciones del día "
                                   "anterior; véase el acta \"JA-01\".");
        m_json.end_object();
        m_json.end_array();
    }
    m_json.end_object();
}

void ReleaseWriter::awards(const Process& p) {
    m_json.key("awards");
    m_json.begin_array();
    for (const auto& a : p.awards) {
        m_json.begin_object();
        m_json.member("id", a.id);
        m_json.member("title", "Fallo: " + p.title);
        m_json.member("status", "active");
        m_json.member("date", date_time(a.date));
        m_json.key("value");
        value(a.cents);
        m_json.key("suppliers");
        m_json.begin_array();
        for (std::size_t s : a.suppliers) {
            organization_reference(p.suppliers[s].id, p.suppliers[s].name);
        }
        m_json.end_array();
        m_json.key("items");
        m_json.begin_array();
        for (std::size_t i : a.items) {
            item(p.items[i]);
        }
        m_json.end_array();
        m_json.key("contractPeriod");
        m_json.begin_object();
        m_json.member("startDate", date_time(a.signed_date));
        m_json.member("endDate", date_time(a.end_date));
        m_json.end_object();
        m_json.key("documents");
        m_json.begin_array();
        document(a.documents.front());
        m_json.end_array();
        m_json.end_object();
    }
    m_json.end_array();
}

void ReleaseWriter::contracts(const Process& p, Stage stage, int update) {
    m_json.key("contracts");
    m_json.begin_array();
    for (const auto& a : p.awards) {
        m_json.begin_object();
        m_json.member("id", a.id + "-contrato");
        m_json.member("awardID", a.id);
        m_json.member("title", "Contrato: " + p.title);
        const bool finished =
            p.implementation_updates > 0 && (stage == Stage::compiled || update == p.implementation_updates);
        m_json.member("status", finished ? "terminated" : "active");
        m_json.key("period");
        m_json.begin_object();
        m_json.member("startDate", date_time(a.signed_date));
        m_json.member("endDate", date_time(a.end_date));
        m_json.end_object();
        m_json.key("value");
        value(a.cents);
        m_json.member("dateSigned", date_time(a.signed_date));
        m_json.key("documents");
        m_json.begin_array();
        for (const auto& d : a.documents) {
            document(d);
        }
        m_json.end_array();
        // Implementation updates reveal the payments a share at a time.
        std::size_t shown = 0;
        if (stage == Stage::compiled) {
            shown = p.implementation_updates > 0 ? a.transactions.size() : 0;
        } else if (stage == Stage::implementation) {
            shown = a.transactions.size() * static_cast<std::size_t>(update) /
                    static_cast<std::size_t>(p.implementation_updates);
        }
        if (shown > 0) {
            m_json.key("implementation");
            m_json.begin_object();
            m_json.key("transactions");
            m_json.begin_array();
            const auto& payee = p.suppliers[a.suppliers.front()];
            for (std::size_t t = 0; t < shown; ++t) {
                const auto& tr = a.transactions[t];
                m_json.begin_object();
                m_json.member("id", tr.id);
                m_json.member("source", std::string(site) + "/tesoreria/pagos");
                m_json.member("date", date_time(tr.date));
                m_json.key("value");
                if (tr.big) {
                    value_big(tr.cents, "00000000000");
                } else {
                    value(tr.cents);
                }
                m_json.key("payer");
                organization_reference(p.buyer->id, p.buyer->name);
                m_json.key("payee");
                organization_reference(payee.id, payee.name);
                m_json.member("uri", std::string(site) + "/tesoreria/pagos/" + tr.id);
                m_json.end_object();
            }
            m_json.end_array();
            m_json.end_object();
        }
        m_json.end_object();
    }
    m_json.end_array();
}

std::int64_t ReleaseWriter::release_date(const Process& p, ReleaseStep step) const {
    switch (step.stage) {
    case Stage::planning: return p.start;
    case Stage::tender: return p.start + 20 * 86400;
    case Stage::amendment: return p.start + 30 * 86400;
    case Stage::award: return p.awards.empty() ? p.start + 45 * 86400 : p.awards.back().date;
    case Stage::contract: return p.awards.back().signed_date;
    case Stage::implementation: return p.awards.back().signed_date + step.update * 60 * 86400;
    case Stage::compiled:
        return p.awards.empty() ? p.start + 30 * 86400
                                : p.awards.back().signed_date + p.implementation_updates * 60 * 86400;
    }
    return p.start;
}

void ReleaseWriter::write(const Process& p, ReleaseStep step) {
    const Stage stage = step.stage;
    const bool all = stage == Stage::compiled;
    m_json.begin_object();
    m_json.member("ocid", p.ocid);
    std::string id = p.ocid + '-' + stage_tag(stage);
    if (stage == Stage::implementation) {
        id += '-' + std::to_string(step.update);
    }
    m_json.member("id", id);
    m_json.member("date", date_time(release_date(p, step)));
    m_json.key("tag");
    m_json.begin_array();
    m_json.string(stage_tag(stage));
    m_json.end_array();
    m_json.member("initiationType", "tender");
    m_json.member("language", "es");

    const bool tendered = stage >= Stage::award || (all && p.unsuccessful);
    m_json.key("parties");
    m_json.begin_array();
    buyer_party(p);
    if (tendered) {
        for (std::size_t s = 0; s < p.suppliers.size(); ++s) {
            supplier_party(p.suppliers[s], !p.unsuccessful && s < p.awards.size(), true);
        }
    }
    m_json.end_array();
    m_json.key("buyer");
    organization_reference(p.buyer->id, p.buyer->name);
    planning(p);
    if (stage >= Stage::tender) {
        tender(p, all && p.unsuccessful ? Stage::amendment : stage);
    }
    if (stage >= Stage::award && !p.awards.empty()) {
        awards(p);
    }
    if (stage >= Stage::contract && !p.awards.empty()) {
        contracts(p, stage, step.update);
    }
    m_json.end_object();
}

// ---------------------------------------------------------------------------------------------

enum class Shape { release_package, record_package, jsonl };

struct Options {
    Shape shape = Shape::release_package;
    std::uint64_t size = 0;
    std::uint64_t seed = 1;
    bool gzip = false;
    std::string output;
};

[[noreturn]] void usage(const char* problem) {
    if (problem) {
        std::fprintf(stderr, "ocds_bench_generate: %s\n", problem);
    }
    std::fprintf(problem ? stderr : stdout,
                 "Usage: ocds_bench_generate --shape release-package|record-package|jsonl --size SIZE\n"
                 "                           [--seed N] [--gzip] -o FILE\n"
                 "Writes realistic OCDS 1.1 data until SIZE uncompressed bytes (suffixes K, M, G: powers\n"
                 "of 1024) are reached, finishing the contracting process under way. The same seed gives\n"
                 "the same data. FILE '-' is standard output.\n");
    std::exit(problem ? 2 : 0);
}

Options parse_options(int argc, char** argv) {
    Options options;
    bool have_size = false;
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
        } else if (arg == "--shape") {
            const std::string shape = value();
            if (shape == "release-package") {
                options.shape = Shape::release_package;
            } else if (shape == "record-package") {
                options.shape = Shape::record_package;
            } else if (shape == "jsonl") {
                options.shape = Shape::jsonl;
            } else {
                usage("--shape is release-package, record-package or jsonl");
            }
        } else if (arg == "--size") {
            options.size = bench::parse_size(value());
            if (options.size == 0) {
                usage("--size needs a positive number with an optional suffix K, M or G, such as 100M");
            }
            have_size = true;
        } else if (arg == "--seed") {
            options.seed = std::strtoull(value().c_str(), nullptr, 10);
        } else if (arg == "--gzip") {
            options.gzip = true;
        } else if (arg == "-o" || arg == "--output") {
            options.output = value();
        } else {
            usage(("unknown argument '" + arg + "'").c_str());
        }
    }
    if (!have_size) {
        usage("--size is required");
    }
    if (options.output.empty()) {
        usage("-o FILE is required");
    }
    return options;
}

/// The package members before the releases or records.
void package_head(JsonText& json, const Options& options, Shape shape) {
    json.clear();
    json.begin_object();
    json.member("uri", std::string(site) + "/ocds/" + (shape == Shape::record_package ? "records" : "releases") + "-" +
                           std::to_string(options.seed) + ".json");
    json.member("version", "1.1");
    json.key("extensions");
    json.begin_array();
    json.string(
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_budget_extension/master/extension.json");
    json.string(
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_process_title_extension/master/extension.json");
    json.end_array();
    json.key("publisher");
    json.begin_object();
    json.member("name", "Municipio de San Pedro Garza García");
    json.member("scheme", "MX-RFC");
    json.member("uid", "MSP850101AB1");
    json.member("uri", "https://www.sanpedro.gob.mx");
    json.end_object();
    json.member("license", "https://creativecommons.org/licenses/by/4.0/");
    json.member("publicationPolicy", std::string(site) + "/politica-de-publicacion.pdf");
    json.member("publishedDate", "2024-07-01T09:00:00-06:00");
    if (shape == Shape::record_package) {
        json.key("packages");
        json.begin_array();
        json.string(std::string(site) + "/ocds/releases-" + std::to_string(options.seed) + ".json");
        json.end_array();
    }
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    bench::Output out(options.output, options.gzip, "ocds_bench_generate");
    JsonText json;
    ReleaseWriter writer(json);
    std::uint64_t releases = 0;
    std::uint64_t processes = 0;

    if (options.shape != Shape::jsonl) {
        package_head(json, options, options.shape);
        out.write(json.text());
        out.write(options.shape == Shape::record_package ? ",\"records\":[\n" : ",\"releases\":[\n");
    }
    bool first = true;
    while (out.bytes() < options.size) {
        const Process process = make_process(options.seed, ++processes);
        // About one process in ten publishes with ASCII-only escapes (\u00f3 for ó).
        json.ascii_only = process.number % 10 == 7;
        const auto steps = release_steps(process);
        if (options.shape == Shape::record_package) {
            json.clear();
            json.begin_object();
            json.member("ocid", process.ocid);
            json.key("releases");
            json.begin_array();
            for (const auto& step : steps) {
                writer.write(process, step);
                ++releases;
            }
            json.end_array();
            json.key("compiledRelease");
            writer.write(process, {Stage::compiled, 0});
            json.end_object();
            out.write(first ? std::string_view() : std::string_view(",\n"));
            out.write(json.text());
            first = false;
            continue;
        }
        for (const auto& step : steps) {
            json.clear();
            writer.write(process, step);
            if (options.shape == Shape::jsonl) {
                out.write(json.text());
                out.write("\n");
            } else {
                out.write(first ? std::string_view() : std::string_view(",\n"));
                out.write(json.text());
            }
            first = false;
            ++releases;
        }
    }
    if (options.shape != Shape::jsonl) {
        out.write("\n]}\n");
    }
    out.close();
    std::fprintf(stderr, "ocds_bench_generate: %" PRIu64 " bytes, %" PRIu64 " processes, %" PRIu64 " releases\n",
                 out.bytes(), processes, releases);
    return 0;
}
