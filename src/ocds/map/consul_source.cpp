#include <ocds/map/consul_source.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>

#include <libpq-fe.h>

#include <memory>
#include <regex>

namespace ocds {

namespace {

struct ConnectionCloser {
    void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct ResultClearer {
    void operator()(PGresult* result) const { PQclear(result); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;
using Result = std::unique_ptr<PGresult, ResultClearer>;

/// libpq's messages end with a line feed (and a full stop) and may span lines: one line for ours.
std::string one_line(const char* message) {
    std::string text = message ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '.')) {
        text.pop_back();
    }
    for (char& c : text) {
        if (c == '\n' || c == '\t') {
            c = ' ';
        }
    }
    return text.empty() ? "no message from the server" : text;
}

/// The settings of budget-projects.sql, as set_config() pairs (only those that are given).
std::vector<std::pair<std::string, std::string>> query_settings(const ConsulSource& source) {
    std::vector<std::pair<std::string, std::string>> settings;
    std::string editions;
    for (const auto& edition : source.editions) {
        editions += (editions.empty() ? "" : ",") + edition;
    }
    const std::pair<const char*, const std::string*> all[] = {{"ocds.editions", &editions},
                                                              {"ocds.platform_url", &source.platform_url},
                                                              {"ocds.document_url", &source.document_url},
                                                              {"ocds.time_zone", &source.time_zone},
                                                              {"ocds.procurement", &source.procurement}};
    for (const auto& [name, value] : all) {
        if (!value->empty()) {
            settings.emplace_back(name, *value);
        }
    }
    return settings;
}

Connection connect(const ConsulSource& source) {
    // expand_dbname: "dbname" is the whole connection string or URI, whose settings override
    // the defaults before it (a nightly job must not wait forever for a server that is down).
    const char* keywords[] = {"connect_timeout", "dbname", "fallback_application_name", nullptr};
    const char* values[] = {"30", source.conninfo.c_str(), "ocds", nullptr};
    Connection connection(PQconnectdbParams(keywords, values, 1));
    if (!connection) {
        throw precondition_error("cannot connect to CONSUL's database: out of memory");
    }
    if (PQstatus(connection.get()) != CONNECTION_OK) {
        throw precondition_error("cannot connect to CONSUL's database (" + redact_conninfo(source.conninfo) +
                                     "): " + one_line(PQerrorMessage(connection.get())),
                                 {"from-consul"});
    }
    // The server's notices (NOTICE, WARNING) are not ours to print.
    PQsetNoticeProcessor(
        connection.get(), [](void*, const char*) {}, nullptr);
    return connection;
}

} // namespace

std::string consul_query_path(const std::string& schemas_dir) {
    return schemas_dir + "/consul/budget-projects.sql";
}

std::string redact_conninfo(const std::string& conninfo) {
    // URI: postgresql://user:password@host/...?password=...
    static const std::regex uri_password(R"(^(postgres(?:ql)?://[^:/?#@]*:)[^@/?#]*@)", std::regex::icase);
    // key=value: password=secret or password = 'a \' b'
    static const std::regex key_password(R"(((?:^|[\s?&])password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s&]*))",
                                         std::regex::icase);
    std::string text = std::regex_replace(conninfo, uri_password, "$1***@");
    return std::regex_replace(text, key_password, "$1***");
}

std::uint64_t read_consul_records(const ConsulSource& source,
                                  const std::function<void(std::string_view record)>& on_record) {
    std::string query;
    try {
        query = read_file(source.query_path);
    } catch (const io_error& failure) {
        throw precondition_error(std::string("the export query is missing: ") + failure.what());
    }
    Connection connection = connect(source);
    PGconn* db = connection.get();
    const std::string where = "CONSUL's database (" + redact_conninfo(source.conninfo) + ")";

    for (const auto& [name, value] : query_settings(source)) {
        const char* parameters[] = {name.c_str(), value.c_str()};
        Result result(
            PQexecParams(db, "SELECT set_config($1, $2, false)", 2, nullptr, parameters, nullptr, nullptr, 0));
        if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
            throw precondition_error(where + " refused the setting " + name + ": " +
                                     one_line(PQresultErrorMessage(result.get())));
        }
    }

    // One read-only transaction: one snapshot for every part of the query, and no way to write.
    const std::string text = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\n" + query + "\nCOMMIT;\n";
    if (!PQsendQuery(db, text.c_str())) {
        throw precondition_error(where + ": cannot send the export query: " + one_line(PQerrorMessage(db)));
    }
    std::uint64_t records = 0;
    std::string failure;
    auto fail = [&](const std::string& message) {
        if (failure.empty()) {
            failure = message;
        }
    };
    while (Result result{PQgetResult(db)}) {
        const ExecStatusType status = PQresultStatus(result.get());
        if (status == PGRES_COPY_OUT) {
            char* row = nullptr;
            int size = 0;
            while ((size = PQgetCopyData(db, &row, 0)) > 0) {
                std::unique_ptr<char, decltype(&PQfreemem)> owned(row, &PQfreemem);
                // Each row is one JSON text and a line feed; COPY's CSV quote (\x01) would mean
                // a row that is not what budget-projects.sql writes.
                if (row[size - 1] != '\n' || row[0] == '\x01') {
                    fail("row " + std::to_string(records + 1) +
                         " of the export is not one JSON text on a line: is the query the one shipped with ocds?");
                    continue;
                }
                if (failure.empty()) {
                    on_record(std::string_view(row, static_cast<std::size_t>(size) - 1));
                    ++records;
                }
            }
            if (size == -2) {
                fail(one_line(PQerrorMessage(db)));
            }
        } else if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE || status == PGRES_NONFATAL_ERROR) {
            fail(one_line(PQresultErrorMessage(result.get())));
        }
    }
    if (failure.empty() && PQstatus(db) != CONNECTION_OK) {
        failure = one_line(PQerrorMessage(db));
    }
    if (!failure.empty()) {
        if (records == 0) {
            throw precondition_error(where + ": the export query failed: " + failure, {"from-consul"});
        }
        throw io_error(where + ": the export failed after " + std::to_string(records) + " records: " + failure);
    }
    return records;
}

} // namespace ocds
