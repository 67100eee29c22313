// ocds_bench_real_like: writes OCDS data shaped like what national and city publishers really
// put out, deterministically from a seed, for benchmarks and comparisons with the reference tools.
//
// generate.cpp writes clean synthetic data (few processes, many releases each, every release
// valid but for a few planted errors). Real publications differ, and the difference changes the
// speed of every command: most contracting processes have one release; ids are missing or
// repeated in arrays; strings are empty; objects stand where arrays belong; deprecated and
// additional fields, codes outside the codelists, dates without a time zone, numbers written as
// strings; releases of one process share a date; 1.0 and 1.1 packages (and packages without a
// `version`) come from different publishers in one stream. Twelve made-up publisher profiles,
// each with its own habits, language and rates, write the data in batches (one release package
// each), so that the findings of `ocds validate` come at a density like that of a benchmark made
// from twelve real publishers (per release: about 5 errors, 21 warnings, 1.8 infos; per 1,000
// releases: about 550 missing-id, 250 duplicate-id and 23 same-date compile warnings).
//
// Every process is drawn from its own random stream seeded by (seed, publisher, n), so a seed
// always gives the same bytes. Output is streamed, one release at a time.

#include <array>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "bench_json.hpp"
#include "bench_output.hpp"
#include "bench_random.hpp"

namespace {

using bench::JsonText;
using bench::mix;
using bench::Rng;

// ---------------------------------------------------------------------------------------------
// Vocabularies, one per language the profiles publish in.

struct Vocabulary {
    std::array<const char*, 8> titles;
    std::array<const char*, 8> items;
    std::array<const char*, 8> companies;
    std::array<const char*, 4> units;
    std::array<const char*, 4> documents;
    const char* description_tail;
};

const Vocabulary spanish = {
    {"Adquisición de medicamentos", "Construcción de puente vehicular", "Servicio de limpieza",
     "Suministro de combustible", "Rehabilitación de escuelas", "Compra de equipo de cómputo",
     "Mantenimiento de alumbrado público", "Consultoría en planeación urbana"},
    {"Paracetamol 500 mg", "Cemento gris saco 50 kg", "Computadora portátil", "Gasolina magna", "Luminaria LED 150 W",
     "Servicio de vigilancia", "Pintura vinílica", "Uniformes escolares"},
    {"Constructora del Norte S.A. de C.V.", "Distribuidora Peñasco S.A.", "Grupo Álamo S. de R.L.",
     "Servicios Integrales Anáhuac", "Comercializadora Río Bravo", "Ingeniería Sierra Madre",
     "Farmacéutica Santa Lucía", "Transportes La Silla"},
    {"Pieza", "Litro", "Servicio", "Caja"},
    {"Convocatoria", "Acta de fallo", "Contrato firmado", "Bases de licitación"},
    "conforme al programa anual de adquisiciones; la partida presupuestal está autorizada.",
};
const Vocabulary english = {
    {"Supply of medical consumables", "Road resurfacing works", "Cleaning services for offices",
     "Provision of IT support", "School refurbishment programme", "Purchase of police vehicles",
     "Street lighting maintenance", "Consultancy for the local plan"},
    {"Surgical gloves, box of 100", "Asphalt, tonne", "Laptop computer", "Diesel fuel", "LED street lamp",
     "Security guard hours", "Emulsion paint, 10 l", "School uniforms"},
    {"Northern Supplies Ltd", "Riverside Construction plc", "Oak & Ash Services LLP", "Bluebell IT Ltd",
     "Harbour Logistics Ltd", "Kestrel Engineering Ltd", "Meadow Health Supplies", "Granite Roads Ltd"},
    {"Each", "Litre", "Hour", "Box"},
    {"Contract notice", "Award notice", "Signed contract", "Invitation to tender"},
    "in line with the annual procurement plan; budget approved by the council.",
};
const Vocabulary romanian = {
    {"Achiziția de medicamente", "Reparația drumurilor locale", "Servicii de curățenie", "Furnizarea de combustibil",
     "Renovarea școlii gimnaziale", "Achiziția de calculatoare", "Întreținerea iluminatului public",
     "Servicii de consultanță"},
    {"Paracetamol 500 mg", "Ciment, sac 50 kg", "Calculator portabil", "Motorină", "Corp de iluminat LED",
     "Servicii de pază", "Vopsea lavabilă", "Uniforme școlare"},
    {"SRL Construct-Nord", "Medfarm SRL", "ÎM Drumuri Chișinău", "Tehnoserv SA", "Agroinvest SRL", "Lumina-Grup SRL",
     "Curat Plus SRL", "Combustibil Sud SA"},
    {"Bucată", "Litru", "Serviciu", "Cutie"},
    {"Anunț de participare", "Dare de seamă", "Contract semnat", "Documentație de atribuire"},
    "conform planului anual de achiziții; mijloacele financiare sunt aprobate.",
};
const Vocabulary ukrainian = {
    {"Закупівля лікарських засобів", "Ремонт дорожнього покриття", "Послуги з прибирання", "Постачання пального",
     "Капітальний ремонт школи", "Закупівля комп'ютерної техніки", "Обслуговування вуличного освітлення",
     "Консультаційні послуги"},
    {"Парацетамол 500 мг", "Цемент, мішок 50 кг", "Ноутбук", "Дизельне пальне", "Світильник LED", "Послуги охорони",
     "Фарба водоемульсійна", "Шкільна форма"},
    {"ТОВ «Будмайстер»", "ПП «Фармація»", "ТОВ «Дорбуд-Схід»", "ТОВ «Техносервіс»", "ФОП Іваненко", "ТОВ «Світло»",
     "ТОВ «Чистота»", "ТОВ «Паливо-Захід»"},
    {"штука", "літр", "послуга", "упаковка"},
    {"Оголошення", "Протокол", "Договір", "Тендерна документація"},
    "відповідно до річного плану закупівель; кошти передбачені бюджетом.",
};
const Vocabulary portuguese = {
    {"Aquisição de medicamentos", "Pavimentação de vias urbanas", "Serviços de limpeza", "Fornecimento de combustível",
     "Reforma de escola municipal", "Aquisição de computadores", "Manutenção da iluminação pública",
     "Consultoria em planejamento"},
    {"Paracetamol 500 mg", "Cimento, saco 50 kg", "Notebook", "Óleo diesel", "Luminária LED", "Serviço de vigilância",
     "Tinta acrílica", "Uniformes escolares"},
    {"Construtora Ipê Ltda", "Farmácia São João S.A.", "Engenharia Araucária", "TecnoSul Ltda", "Distribuidora Paraná",
     "Luz & Cia", "Limpa Tudo Serviços", "Combustíveis do Vale"},
    {"Unidade", "Litro", "Serviço", "Caixa"},
    {"Edital", "Ata de julgamento", "Contrato assinado", "Termo de referência"},
    "conforme o plano anual de contratações; dotação orçamentária aprovada.",
};
const Vocabulary french = {
    {"Achat de médicaments", "Réfection de la voirie", "Services de nettoyage", "Fourniture de carburant",
     "Réhabilitation d'écoles", "Achat de matériel informatique", "Entretien de l'éclairage public",
     "Conseil en urbanisme"},
    {"Paracétamol 500 mg", "Ciment, sac de 50 kg", "Ordinateur portable", "Gazole", "Lampadaire LED", "Gardiennage",
     "Peinture acrylique", "Uniformes scolaires"},
    {"SARL Bâtir-Sud", "Pharmacie Centrale SA", "Routes & Ouvrages", "InfoTech SARL", "Sahel Logistique",
     "Lumière Plus", "Propreté Services", "Carburants de l'Ouest"},
    {"Unité", "Litre", "Prestation", "Boîte"},
    {"Avis d'appel d'offres", "Procès-verbal d'attribution", "Contrat signé", "Dossier d'appel d'offres"},
    "conformément au plan annuel de passation des marchés ; crédits inscrits au budget.",
};

// ---------------------------------------------------------------------------------------------
// Publisher profiles: each publishes in its own way. Rates are percentages per opportunity.

struct Profile {
    const char* name;
    const char* prefix;  ///< the ocid prefix (one is not a registered ocds-xxxxxx prefix)
    const char* version; ///< the package's "version"; "" writes none (so OCDS 1.0)
    const char* currency;
    const char* language;
    const Vocabulary* words;
    int weight;              ///< share of the releases, relative
    bool one_dot_zero;       ///< 1.0 shapes: no parties, organizations written out in full
    int multi_release;       ///< processes with several releases
    int same_date;           ///< a later release of a process taking the previous one's date
    int repeat_release;      ///< a release published twice (same id, same date)
    int empty_string;        ///< a text field left ""
    int document_without_id; ///< a document without id
    int repeated_ids;        ///< items and documents all numbered "1"
    int object_for_array;    ///< an object (or {}) where the schema says array
    int deprecated;          ///< 1.1-deprecated fields (amendment, changes)
    int additional_fields;   ///< an object carrying fields of the publisher's own
    int closed_code_miss;    ///< a status or currency outside its closed codelist
    int open_code_miss;      ///< a document type or scheme outside its open codelist
    int bad_date;            ///< a date without time zone, or a date only
    int string_number;       ///< an amount or count written as a string
    bool extensions;         ///< declares (bundled) extensions
};

const std::array<Profile, 12> profiles = {{
    // name, prefix, version, currency, language, words, weight, 1.0, multi, same, repeat,
    // empty, docNoId, repeatedIds, objForArray, deprecated, additional, closed, open, badDate, strNum, ext
    {"Agenția Achiziții Publice (profile A)",
     "ocds-b3wdp1",
     "1.1",
     "MDL",
     "ro",
     &romanian,
     16,
     false,
     4,
     45,
     4,
     12,
     7,
     7,
     30,
     45,
     51,
     9,
     48,
     4,
     6,
     false},
    {"Prozorro-like national system (profile B)",
     "ocds-be6bcu",
     "1.1",
     "UAH",
     "uk",
     &ukrainian,
     14,
     false,
     3,
     30,
     1,
     6,
     2,
     3,
     4,
     5,
     69,
     4,
     18,
     1,
     2,
     true},
    {"Contrataciones nacionales (profile C)",
     "ocds-k50g02",
     "1.1",
     "MXN",
     "es",
     &spanish,
     10,
     false,
     6,
     50,
     2,
     20,
     10,
     10,
     10,
     10,
     46,
     16,
     40,
     34,
     14,
     false},
    {"City procurement portal (profile D)",
     "ocds-0c46vo",
     "1.1",
     "GBP",
     "en",
     &english,
     8,
     false,
     3,
     20,
     0,
     4,
     1,
     2,
     2,
     2,
     28,
     3,
     12,
     1,
     1,
     true},
    {"Dirección de compras (profile E, 1.0)",
     "ocds-03ad3f",
     "1.0",
     "PYG",
     "es",
     &spanish,
     9,
     true,
     5,
     35,
     2,
     18,
     7,
     8,
     12,
     0,
     51,
     13,
     40,
     13,
     8,
     false},
    {"Portal de transparencia municipal (profile F, no version)",
     "ocds-87sd3t",
     "",
     "COP",
     "es",
     &spanish,
     7,
     true,
     2,
     40,
     1,
     25,
     10,
     12,
     15,
     0,
     40,
     19,
     32,
     28,
     16,
     false},
    {"Compras estatales (profile G)",
     "ocds-70d2nz",
     "1.1",
     "ARS",
     "es",
     &spanish,
     7,
     false,
     4,
     25,
     1,
     10,
     4,
     6,
     6,
     8,
     57,
     8,
     28,
     7,
     4,
     true},
    {"Open contracting portal (profile H)",
     "ocds-ten6e8",
     "1.1",
     "NGN",
     "en",
     &english,
     7,
     false,
     3,
     30,
     2,
     22,
     8,
     8,
     10,
     15,
     40,
     19,
     32,
     22,
     20,
     false},
    {"Compras públicas (profile I)",
     "ocds-ylqiq7",
     "1.1",
     "BRL",
     "pt",
     &portuguese,
     7,
     false,
     3,
     25,
     1,
     12,
     4,
     4,
     5,
     5,
     63,
     7,
     40,
     4,
     6,
     true},
    {"Marchés publics (profile J, 1.0)",
     "ocds-7bx8vm",
     "1.0",
     "XOF",
     "fr",
     &french,
     6,
     true,
     3,
     30,
     1,
     15,
     7,
     7,
     8,
     0,
     46,
     13,
     32,
     16,
     11,
     false},
    {"Public procurement data (profile K)",
     "ocds-e5jzxr",
     "1.1",
     "KES",
     "en",
     &english,
     5,
     false,
     3,
     35,
     2,
     10,
     4,
     4,
     8,
     10,
     51,
     9,
     28,
     10,
     8,
     false},
    {"Contrataciones municipales (profile L, unregistered prefix)",
     "OCDS-MUN-L",
     "1.1",
     "HNL",
     "es",
     &spanish,
     4,
     false,
     4,
     30,
     1,
     14,
     6,
     7,
     8,
     10,
     46,
     13,
     28,
     13,
     7,
     false},
}};

const char* const extension_urls[] = {
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_process_title_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_location_extension/master/extension.json",
};

// Codes in and outside the codelists, to draw from.
const std::array<const char*, 4> tender_statuses = {"active", "complete", "planned", "cancelled"};
const std::array<const char*, 4> bad_statuses = {"adjudicado", "Active", "closed", "En proceso"};
const std::array<const char*, 4> award_statuses = {"active", "pending", "active", "cancelled"};
const std::array<const char*, 4> contract_statuses = {"active", "terminated", "pending", "active"};
const std::array<const char*, 4> methods = {"open", "selective", "limited", "direct"};
const std::array<const char*, 4> categories = {"goods", "works", "services", "goods"};
const std::array<const char*, 4> document_types = {"tenderNotice", "awardNotice", "contractSigned", "biddingDocuments"};
const std::array<const char*, 4> odd_document_types = {"acta", "other", "scan", "Contract"};
const std::array<const char*, 4> schemes = {"CPV", "UNSPSC", "CPV", "CUCOP"};
const std::array<const char*, 4> additional_keys = {"numeroExpediente", "internalReference", "procedureCode",
                                                    "sourceSystemId"};

// ---------------------------------------------------------------------------------------------

/// Days since 1970-01-01 to a civil date.
void civil_from_days(std::int64_t days, int& year, int& month, int& day) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

class ReleaseWriter {
public:
    ReleaseWriter(JsonText& json, const Profile& profile, Rng& rng) : m_json(json), m_profile(profile), m_rng(rng) {}

    /// One release of process `n`, stage 0 (tender) to 3 (contract implementation).
    void write(const std::string& ocid, const std::string& id, std::int64_t seconds, int stage, std::uint64_t n) {
        m_json.begin_object();
        m_json.member("ocid", ocid);
        m_json.member("id", id);
        date_member("date", seconds);
        m_json.key("tag");
        m_json.begin_array();
        m_json.string(stage == 0 ? "tender" : stage == 1 ? "award" : stage == 2 ? "contract" : "implementation");
        m_json.end_array();
        m_json.member("initiationType", "tender");
        if (!m_profile.one_dot_zero) {
            m_json.member("language", m_profile.language);
        }
        m_supplier = static_cast<int>(n % 8);
        if (!m_profile.one_dot_zero) {
            parties(stage);
            m_json.key("buyer");
            reference("buyer-1", "Buyer");
        } else {
            m_json.key("buyer");
            organization("buyer-1", "Buyer", true);
        }
        if (stage == 0 || m_rng.percent(30)) {
            planning(seconds, n);
        }
        tender(seconds, n);
        if (stage >= 1) {
            awards(seconds, stage);
        }
        if (stage >= 2) {
            contracts(seconds, stage);
        }
        additional_fields();
        m_json.end_object();
    }

private:
    bool chance(int percent) { return m_rng.percent(static_cast<unsigned>(percent)); }

    std::string date_text(std::int64_t seconds) {
        int year = 0, month = 0, day = 0;
        civil_from_days(seconds / 86400, year, month, day);
        const auto in_day = seconds % 86400;
        char buffer[40];
        if (chance(m_profile.bad_date)) {
            // A time without zone, or a bare date: format errors, as real exports have them.
            if (m_rng.percent(50)) {
                std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d", year, month, day,
                              static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                              static_cast<int>(in_day % 60));
            } else {
                std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
            }
        } else {
            std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day,
                          static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                          static_cast<int>(in_day % 60));
        }
        return buffer;
    }

    void date_member(const char* key, std::int64_t seconds) { m_json.member(key, date_text(seconds)); }

    /// A text field, sometimes left empty.
    void text(const char* key, std::string_view value) {
        m_json.member(key, chance(m_profile.empty_string) ? std::string_view() : value);
    }

    void amount(const char* key, std::int64_t cents) {
        m_json.key(key);
        m_json.begin_object();
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%" PRId64 ".%02d", cents / 100, static_cast<int>(cents % 100));
        if (chance(m_profile.string_number)) {
            m_json.member("amount", buffer); // a number as a string: a type error
        } else {
            m_json.member_number("amount", buffer);
        }
        m_json.member("currency", chance(m_profile.closed_code_miss / 3) ? "pesos" : m_profile.currency);
        m_json.end_object();
    }

    void reference(const std::string& id, std::string_view name) {
        m_json.begin_object();
        m_json.member("id", id);
        text("name", name);
        m_json.end_object();
    }

    /// An organization, as 1.0 writes it (identifier, address) or as a 1.1 party.
    void organization(const std::string& id, std::string_view name, bool with_identifier) {
        m_json.begin_object();
        if (!m_profile.one_dot_zero) {
            m_json.member("id", id);
        }
        text("name", name);
        if (with_identifier) {
            m_json.key("identifier");
            m_json.begin_object();
            m_json.member("scheme", m_profile.one_dot_zero ? "XX-RUC" : "XI-IATI");
            m_json.member("id", id + "-0042");
            text("legalName", name);
            m_json.end_object();
            m_json.key("address");
            m_json.begin_object();
            text("streetAddress", "Str. 31 August 1989, 123");
            m_json.member("locality", m_profile.words->companies[3]);
            m_json.member("countryName", "—");
            m_json.end_object();
            m_json.key("contactPoint");
            m_json.begin_object();
            m_json.member("name", "Oficina de adquisiciones");
            m_json.member("email", chance(m_profile.bad_date) ? "compras(at)example.org" : "compras@example.org");
            m_json.member("telephone", "+00 000 000 000");
            m_json.end_object();
        }
        m_json.end_object();
    }

    /// A supplier's identifier and address, as 1.1 parties carry them.
    void organization_details(int supplier) {
        m_json.key("identifier");
        m_json.begin_object();
        m_json.member("scheme", chance(m_profile.open_code_miss) ? "TAX-ID" : "XI-IATI");
        m_json.member("id", std::to_string(1000000 + supplier * 7919));
        text("legalName", m_profile.words->companies[static_cast<std::size_t>(supplier)]);
        m_json.end_object();
        m_json.key("address");
        m_json.begin_object();
        text("streetAddress", "Industrial park, building " + std::to_string(supplier + 1));
        m_json.member("locality", m_profile.words->companies[static_cast<std::size_t>((supplier + 3) % 8)]);
        text("postalCode", std::to_string(10000 + supplier * 37));
        m_json.end_object();
    }

    void parties(int stage) {
        m_json.key("parties");
        if (chance(m_profile.object_for_array / 4)) {
            // One party written as an object instead of an array of parties.
            organization("buyer-1", "Buyer", true);
            return;
        }
        m_json.begin_array();
        m_json.begin_object();
        m_json.member("id", "buyer-1");
        text("name", m_profile.name);
        m_json.key("roles");
        m_json.begin_array();
        m_json.string("buyer");
        m_json.string("procuringEntity");
        m_json.end_array();
        m_json.key("identifier");
        m_json.begin_object();
        m_json.member("scheme", "XI-IATI");
        m_json.member("id", "XM-DAC-0001");
        m_json.end_object();
        m_json.key("address");
        m_json.begin_object();
        text("streetAddress", "Central square 1");
        m_json.member("region", "—");
        text("postalCode", "MD-2012");
        m_json.end_object();
        m_json.key("contactPoint");
        m_json.begin_object();
        text("name", "Departamento de adquisiciones");
        m_json.member("email", chance(m_profile.bad_date) ? "compras(at)example.org" : "compras@example.org");
        m_json.member("url", "https://example.org/compras");
        m_json.end_object();
        m_json.end_object();
        const int count = 1 + static_cast<int>(m_rng.below(3));
        for (int k = 0; k < count; ++k) {
            const int supplier = (m_supplier + k) % 8;
            m_json.begin_object();
            m_json.member("id", "supplier-" + std::to_string(supplier));
            text("name", m_profile.words->companies[static_cast<std::size_t>(supplier)]);
            m_json.key("roles");
            m_json.begin_array();
            m_json.string(stage >= 1 && k == 0 ? "supplier" : "tenderer");
            m_json.end_array();
            organization_details(supplier);
            additional_fields();
            m_json.end_object();
        }
        m_json.end_array();
    }

    void documents(std::int64_t seconds, int count, bool repeated) {
        m_json.key("documents");
        m_json.begin_array();
        for (int k = 0; k < count; ++k) {
            m_json.begin_object();
            if (!chance(m_profile.document_without_id)) {
                m_json.member("id", repeated ? std::string("1") : std::to_string(k + 1));
            }
            const bool odd = chance(m_profile.open_code_miss);
            m_json.member("documentType", odd ? m_rng.pick(odd_document_types) : m_rng.pick(document_types));
            text("title", m_profile.words->documents[m_rng.below(4)]);
            m_json.member("url", chance(m_profile.bad_date)
                                     ? std::string("www.example.org/docs/") + std::to_string(k)
                                     : std::string("https://example.org/docs/") + std::to_string(seconds % 100000) +
                                           "/" + std::to_string(k) + ".pdf");
            date_member("datePublished", seconds - 86400 * k);
            m_json.member("format", chance(m_profile.open_code_miss) ? "PDF" : "application/pdf");
            m_json.member("language", m_profile.language);
            text("description",
                 std::string(m_profile.words->documents[m_rng.below(4)]) + ", " + m_profile.words->description_tail);
            additional_fields();
            m_json.end_object();
        }
        m_json.end_array();
    }

    void items(int count, bool repeated) {
        m_json.key("items");
        if (chance(m_profile.object_for_array)) {
            // A single item written as an object (or nothing at all) where an array belongs.
            m_json.begin_object();
            if (!m_rng.percent(30)) {
                m_json.member("id", "1");
                text("description", m_profile.words->items[m_rng.below(8)]);
            }
            m_json.end_object();
            return;
        }
        m_json.begin_array();
        for (int k = 0; k < count; ++k) {
            m_json.begin_object();
            m_json.member("id", repeated ? std::string("1") : std::to_string(k + 1));
            text("description", std::string(m_profile.words->items[m_rng.below(8)]) + "; " +
                                    m_profile.words->titles[m_rng.below(8)] + ", " + m_profile.words->description_tail);
            m_json.key("classification");
            m_json.begin_object();
            m_json.member("scheme", chance(m_profile.open_code_miss) ? m_rng.pick(schemes) : "CPV");
            m_json.member("id", std::to_string(30000000 + m_rng.below(9000000)));
            text("description", m_profile.words->items[m_rng.below(8)]);
            m_json.end_object();
            if (chance(m_profile.string_number)) {
                m_json.member("quantity", std::to_string(1 + m_rng.below(500)));
            } else {
                m_json.member_integer("quantity", static_cast<std::int64_t>(1 + m_rng.below(500)));
            }
            m_json.key("unit");
            m_json.begin_object();
            text("name", m_profile.words->units[m_rng.below(4)]);
            if (!m_profile.one_dot_zero) {
                m_json.member("scheme", chance(m_profile.open_code_miss) ? "UNCEFACT " : "UNCEFACT");
                m_json.member("id", "H87");
            }
            amount("value", static_cast<std::int64_t>(100 + m_rng.below(5000000)));
            m_json.end_object();
            additional_fields();
            m_json.end_object();
        }
        m_json.end_array();
    }

    void planning(std::int64_t seconds, std::uint64_t n) {
        const auto& words = *m_profile.words;
        m_json.key("planning");
        m_json.begin_object();
        text("rationale",
             std::string(words.titles[(n + 5) % 8]) + ": " + words.description_tail + " " + words.description_tail);
        m_json.key("budget");
        m_json.begin_object();
        m_json.member("id", "B-" + std::to_string(n % 977));
        text("description", std::string(words.titles[(n + 2) % 8]) + ", " + words.description_tail);
        amount("amount", static_cast<std::int64_t>(100000 + m_rng.below(5000000000ULL)));
        m_json.member("project", words.titles[(n + 6) % 8]);
        m_json.member("projectID", std::to_string(2020000 + n % 5000));
        m_json.member("uri", "https://example.org/budget/" + std::to_string(n % 5000));
        m_json.end_object();
        if (m_rng.percent(50)) {
            documents(seconds - 86400 * 60, 1 + m_rng.skewed(0, 2), chance(m_profile.repeated_ids));
        }
        additional_fields();
        m_json.end_object();
    }

    void tender(std::int64_t seconds, std::uint64_t n) {
        const auto& words = *m_profile.words;
        m_json.key("tender");
        m_json.begin_object();
        m_json.member("id", "T-" + std::to_string(n));
        text("title", words.titles[n % 8]);
        text("description", std::string(words.titles[(n + 3) % 8]) + ", " + words.description_tail);
        m_json.member("status",
                      chance(m_profile.closed_code_miss) ? m_rng.pick(bad_statuses) : m_rng.pick(tender_statuses));
        const bool repeated = chance(m_profile.repeated_ids);
        items(1 + m_rng.skewed(0, 5), repeated);
        amount("value", static_cast<std::int64_t>(10000 + m_rng.below(2000000000)));
        m_json.member("procurementMethod",
                      chance(m_profile.closed_code_miss) ? "licitación pública" : m_rng.pick(methods));
        text("procurementMethodDetails", "Licitación pública nacional");
        if (!m_profile.one_dot_zero) {
            m_json.member("mainProcurementCategory", m_rng.pick(categories));
        }
        m_json.key("tenderPeriod");
        m_json.begin_object();
        date_member("startDate", seconds - 86400 * 30);
        date_member("endDate", seconds - 86400 * 10);
        m_json.end_object();
        if (chance(m_profile.string_number)) {
            m_json.member("numberOfTenderers", "3");
        } else {
            m_json.member_integer("numberOfTenderers", static_cast<std::int64_t>(m_rng.below(6)));
        }
        m_json.key("tenderers");
        m_json.begin_array();
        for (int k = 0, count = static_cast<int>(m_rng.below(3)); k < count; ++k) {
            const int supplier = (m_supplier + k) % 8;
            if (m_profile.one_dot_zero) {
                organization("supplier-" + std::to_string(supplier),
                             words.companies[static_cast<std::size_t>(supplier)], true);
            } else {
                reference("supplier-" + std::to_string(supplier), words.companies[static_cast<std::size_t>(supplier)]);
            }
        }
        m_json.end_array();
        m_json.key("procuringEntity");
        if (m_profile.one_dot_zero) {
            organization("buyer-1", m_profile.name, true);
        } else {
            reference("buyer-1", m_profile.name);
        }
        documents(seconds, 1 + m_rng.skewed(0, 4), chance(m_profile.repeated_ids));
        if (chance(m_profile.deprecated)) {
            // The 1.0 amendment object, deprecated in 1.1; its changes are often {} in real data.
            m_json.key("amendment");
            m_json.begin_object();
            date_member("date", seconds);
            text("rationale", words.description_tail);
            m_json.key("changes");
            if (chance(m_profile.object_for_array)) {
                m_json.begin_object();
                m_json.end_object();
            } else {
                m_json.begin_array();
                m_json.begin_object();
                m_json.member("property", "value.amount");
                m_json.member_integer("former_value", static_cast<std::int64_t>(m_rng.below(100000)));
                m_json.end_object();
                m_json.end_array();
            }
            m_json.end_object();
        }
        if (m_profile.extensions) {
            text("titleDetails", words.titles[(n + 1) % 8]);
        }
        additional_fields();
        m_json.end_object();
    }

    void awards(std::int64_t seconds, int stage) {
        const auto& words = *m_profile.words;
        m_json.key("awards");
        m_json.begin_array();
        const int count = 1 + m_rng.skewed(0, 2);
        for (int k = 0; k < count; ++k) {
            m_json.begin_object();
            if (!chance(m_profile.document_without_id / 2)) {
                m_json.member("id", "A-" + std::to_string(k + 1));
            }
            text("title", words.titles[m_rng.below(8)]);
            text("description", std::string(words.titles[m_rng.below(8)]) + ". " + words.description_tail);
            m_json.member("status",
                          chance(m_profile.closed_code_miss) ? m_rng.pick(bad_statuses) : m_rng.pick(award_statuses));
            date_member("date", seconds - 86400 * 3);
            amount("value", static_cast<std::int64_t>(10000 + m_rng.below(1000000000)));
            m_json.key("suppliers");
            const int supplier = (m_supplier + k) % 8;
            if (chance(m_profile.object_for_array)) {
                if (m_profile.one_dot_zero) {
                    organization("supplier-" + std::to_string(supplier),
                                 words.companies[static_cast<std::size_t>(supplier)], true);
                } else {
                    reference("supplier-" + std::to_string(supplier),
                              words.companies[static_cast<std::size_t>(supplier)]);
                }
            } else {
                m_json.begin_array();
                if (m_profile.one_dot_zero) {
                    organization("supplier-" + std::to_string(supplier),
                                 words.companies[static_cast<std::size_t>(supplier)], true);
                } else {
                    reference("supplier-" + std::to_string(supplier),
                              words.companies[static_cast<std::size_t>(supplier)]);
                }
                m_json.end_array();
            }
            if (stage >= 1 && m_rng.percent(60)) {
                items(1 + m_rng.skewed(0, 3), chance(m_profile.repeated_ids));
            }
            m_json.key("contractPeriod");
            m_json.begin_object();
            date_member("startDate", seconds);
            date_member("endDate", seconds + 86400 * 180);
            m_json.end_object();
            if (m_rng.percent(50)) {
                documents(seconds, 1 + m_rng.skewed(0, 2), chance(m_profile.repeated_ids));
            }
            if (chance(m_profile.deprecated / 2)) {
                m_json.key("amendment");
                m_json.begin_object();
                text("rationale", words.description_tail);
                m_json.end_object();
            }
            additional_fields();
            m_json.end_object();
        }
        m_json.end_array();
    }

    void contracts(std::int64_t seconds, int stage) {
        const auto& words = *m_profile.words;
        m_json.key("contracts");
        m_json.begin_array();
        m_json.begin_object();
        m_json.member("id", "C-1");
        m_json.member("awardID", chance(m_profile.closed_code_miss) ? "A-9" : "A-1");
        text("title", words.titles[m_rng.below(8)]);
        text("description", std::string(words.titles[m_rng.below(8)]) + ". " + words.description_tail);
        m_json.member("status",
                      chance(m_profile.closed_code_miss) ? m_rng.pick(bad_statuses) : m_rng.pick(contract_statuses));
        m_json.key("period");
        m_json.begin_object();
        date_member("startDate", seconds);
        date_member("endDate", seconds + 86400 * 180);
        m_json.end_object();
        amount("value", static_cast<std::int64_t>(10000 + m_rng.below(1000000000)));
        date_member("dateSigned", seconds - 86400);
        documents(seconds, 1 + m_rng.skewed(0, 3), chance(m_profile.repeated_ids));
        if (stage >= 3) {
            m_json.key("implementation");
            m_json.begin_object();
            m_json.key("transactions");
            m_json.begin_array();
            const int count = 1 + m_rng.skewed(0, 4);
            for (int k = 0; k < count; ++k) {
                m_json.begin_object();
                if (!chance(m_profile.document_without_id / 2)) {
                    m_json.member("id", chance(m_profile.repeated_ids) ? std::string("1") : std::to_string(k + 1));
                }
                m_json.member("source", "https://example.org/budget");
                date_member("date", seconds + 86400 * 30 * (k + 1));
                if (m_profile.one_dot_zero) {
                    amount("amount", static_cast<std::int64_t>(1000 + m_rng.below(100000000)));
                } else {
                    amount("value", static_cast<std::int64_t>(1000 + m_rng.below(100000000)));
                    m_json.key("payer");
                    reference("buyer-1", m_profile.name);
                    m_json.key("payee");
                    const int supplier = m_supplier % 8;
                    reference("supplier-" + std::to_string(supplier),
                              words.companies[static_cast<std::size_t>(supplier)]);
                }
                m_json.end_object();
            }
            m_json.end_array();
            m_json.end_object();
        }
        if (chance(m_profile.deprecated / 2)) {
            m_json.key("amendment");
            m_json.begin_object();
            date_member("date", seconds);
            m_json.key("changes");
            m_json.begin_object();
            m_json.end_object();
            m_json.end_object();
        }
        additional_fields();
        m_json.end_object();
        m_json.end_array();
    }

    /// Now and then, fields of the publisher's own, not in the schema nor its extensions.
    void additional_fields() {
        if (!chance(m_profile.additional_fields)) {
            return;
        }
        const auto count = 1 + m_rng.below(2);
        for (std::uint64_t k = 0; k < count; ++k) {
            const auto pick = static_cast<std::size_t>(m_rng.below(additional_keys.size()));
            if (pick == 3) {
                m_json.member_integer(additional_keys[pick], static_cast<std::int64_t>(m_rng.below(1000000)));
            } else {
                m_json.member(additional_keys[pick], pick == 2 ? std::string() : std::to_string(m_rng.below(1000000)));
            }
        }
    }

    JsonText& m_json;
    const Profile& m_profile;
    Rng& m_rng;
    int m_supplier = 0;
};

// ---------------------------------------------------------------------------------------------

enum class Shape { packages, release_package, jsonl };

struct Options {
    Shape shape = Shape::packages;
    std::uint64_t size = 0;
    std::uint64_t seed = 1;
    bool gzip = false;
    std::string output;
};

[[noreturn]] void usage(const char* problem) {
    if (problem) {
        std::fprintf(stderr, "ocds_bench_real_like: %s\n", problem);
    }
    std::fprintf(problem ? stderr : stdout,
                 "Usage: ocds_bench_real_like [--shape packages|release-package|jsonl] --size SIZE [--seed N]\n"
                 "                            [--gzip] -o FILE\n"
                 "Writes OCDS data shaped like real publications (twelve publisher profiles, 1.0 and 1.1,\n"
                 "with their usual mistakes) until SIZE uncompressed bytes (K, M, G: powers of 1024).\n"
                 "packages (the default): JSON Lines of release packages, one per publisher batch, each\n"
                 "with its own version; release-package: one 1.1 package of every release; jsonl: one\n"
                 "release per line. The same seed gives the same bytes. FILE '-' is standard output.\n");
    std::exit(problem ? 2 : 0);
}

Options parse_options(int argc, char** argv) {
    Options options;
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
            if (shape == "packages") {
                options.shape = Shape::packages;
            } else if (shape == "release-package") {
                options.shape = Shape::release_package;
            } else if (shape == "jsonl") {
                options.shape = Shape::jsonl;
            } else {
                usage("--shape is packages, release-package or jsonl");
            }
        } else if (arg == "--size") {
            options.size = bench::parse_size(value());
            if (options.size == 0) {
                usage("--size needs a positive number with an optional suffix K, M or G, such as 100M");
            }
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
    if (options.size == 0) {
        usage("--size is required");
    }
    if (options.output.empty()) {
        usage("-o FILE is required");
    }
    return options;
}

void package_head(JsonText& json, const Profile& profile, std::uint64_t batch, bool declare_version) {
    json.begin_object();
    json.member("uri",
                std::string("https://example.org/") + profile.prefix + "/packages/" + std::to_string(batch) + ".json");
    if (declare_version && profile.version[0] != '\0') {
        json.member("version", profile.version);
    }
    if (profile.extensions && declare_version) {
        json.key("extensions");
        json.begin_array();
        for (const char* url : extension_urls) {
            json.string(url);
        }
        json.end_array();
    }
    json.member("publishedDate", "2024-07-01T09:00:00Z");
    json.key("publisher");
    json.begin_object();
    json.member("name", profile.name);
    json.end_object();
    json.member("license", "https://creativecommons.org/licenses/by/4.0/");
    json.member("publicationPolicy", "https://example.org/policy");
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    bench::Output out(options.output, options.gzip, "ocds_bench_real_like");
    JsonText json;
    std::uint64_t releases = 0, processes = 0, batches = 0;
    int weights = 0;
    for (const auto& profile : profiles) {
        weights += profile.weight;
    }
    Rng batch_rng(mix(options.seed, 0xBA7C4));
    bool first = true;
    if (options.shape == Shape::release_package) {
        json.clear();
        package_head(json, profiles[3], 0, true);
        json.raw(",\"releases\":[\n");
        out.write(json.text());
    }
    std::vector<std::uint64_t> numbers(profiles.size(), 0); // processes drawn per profile
    while (out.bytes() < options.size) {
        // A batch: one publisher's package of 20 to 400 releases.
        auto pick = static_cast<int>(batch_rng.below(static_cast<std::uint64_t>(weights)));
        std::size_t p = 0;
        while (pick >= profiles[p].weight) {
            pick -= profiles[p].weight;
            ++p;
        }
        const Profile& profile = profiles[p];
        const auto batch_releases = static_cast<std::uint64_t>(batch_rng.between(20, 400));
        ++batches;
        if (options.shape == Shape::packages) {
            json.clear();
            package_head(json, profile, batches, true);
            json.raw(",\"releases\":[");
            out.write(json.text());
            first = true;
        }
        std::uint64_t written = 0;
        while (written < batch_releases) {
            const std::uint64_t n = ++numbers[p];
            Rng rng(mix(mix(options.seed, p + 1), n));
            ++processes;
            const std::string ocid = std::string(profile.prefix) + "-" + std::to_string(100000 + n);
            // Most processes publish one release; a few publish several, sometimes with one date.
            const int count = rng.percent(static_cast<unsigned>(profile.multi_release)) ? 2 + rng.skewed(0, 4) : 1;
            std::int64_t seconds = 1577836800 + static_cast<std::int64_t>(rng.below(4 * 365 * 86400ULL));
            int stage = count == 1 ? static_cast<int>(rng.below(4)) : 0;
            ReleaseWriter writer(json, profile, rng);
            for (int r = 0; r < count; ++r) {
                if (r > 0 && !rng.percent(static_cast<unsigned>(profile.same_date))) {
                    seconds += 86400 * (1 + static_cast<std::int64_t>(rng.below(60)));
                }
                const bool repeat = r > 0 && rng.percent(static_cast<unsigned>(profile.repeat_release));
                const std::string id = ocid + "-" + std::to_string(repeat ? r : r + 1);
                json.clear();
                writer.write(ocid, id, seconds, stage, n);
                stage = stage < 3 ? stage + 1 : 3;
                if (options.shape == Shape::jsonl) {
                    json.raw("\n");
                    out.write(json.text());
                } else {
                    out.write(first ? std::string_view()
                                    : std::string_view(options.shape == Shape::packages ? "," : ",\n"));
                    out.write(json.text());
                }
                first = false;
                ++releases;
                ++written;
            }
        }
        if (options.shape == Shape::packages) {
            out.write("]}\n");
        }
    }
    if (options.shape == Shape::release_package) {
        out.write("\n]}\n");
    }
    out.close();
    std::fprintf(stderr,
                 "ocds_bench_real_like: %" PRIu64 " bytes, %" PRIu64 " packages, %" PRIu64 " processes, %" PRIu64
                 " releases\n",
                 out.bytes(), batches, processes, releases);
    return 0;
}
