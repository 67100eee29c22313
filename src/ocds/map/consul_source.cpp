#include <ocds/map/consul_source.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/map/json_members.hpp>

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>
#include <regex>
#include <vector>

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

/// Runs a statement that returns no rows to read; a refusal is a precondition (a permission,
/// a setting the server does not take).
void run_or_refuse(PGconn* db, const std::string& statement, const std::string& where) {
    Result result(PQexec(db, statement.c_str()));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        throw precondition_error(where + ": " + one_line(PQresultErrorMessage(result.get())), {"from-consul"});
    }
}

/// Sets the query's settings on a connection, for its whole session.
void apply_settings(PGconn* db, const ConsulSource& source, const std::string& where) {
    for (const auto& [name, value] : query_settings(source)) {
        const char* parameters[] = {name.c_str(), value.c_str()};
        Result result(
            PQexecParams(db, "SELECT set_config($1, $2, false)", 2, nullptr, parameters, nullptr, nullptr, 0));
        if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
            throw precondition_error(where + " refused the setting " + name + ": " +
                                     one_line(PQresultErrorMessage(result.get())));
        }
    }
}

/// Makes `db`'s new transaction read-only and of the snapshot `snapshot` (pg_export_snapshot).
void join_snapshot(PGconn* db, const std::string& snapshot, const std::string& where) {
    run_or_refuse(db, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", where);
    std::unique_ptr<char, decltype(&PQfreemem)> literal(PQescapeLiteral(db, snapshot.data(), snapshot.size()),
                                                        &PQfreemem);
    if (!literal) {
        throw precondition_error(where + ": " + one_line(PQerrorMessage(db)), {"from-consul"});
    }
    run_or_refuse(db, std::string("SET TRANSACTION SNAPSHOT ") + literal.get(), where);
}

/// The project id of a record as budget-projects.sql writes it (project.id, a string), without
/// its quotes; nullopt when the record is not an object text as the query writes one, with one.
std::optional<std::string_view> record_project_id(std::string_view record) {
    const std::optional<std::string_view> project = json_member(record, "project");
    const std::optional<std::string_view> id = project ? json_member(*project, "id") : std::nullopt;
    if (!id || id->size() < 2 || id->front() != '"') {
        return std::nullopt;
    }
    return id->substr(1, id->size() - 2);
}

/// Whether project id `a` comes before `b` in the query's order (ORDER BY the integer id: as
/// decimal texts, shorter first).
bool id_before(std::string_view a, std::string_view b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

/// The rows of a COPY ... TO STDOUT on a connection of its own, read one at a time: a part of
/// the export (ocds.part), merged with the other parts into project id order, or the procurement
/// export.
class CopyRows {
public:
    explicit CopyRows(Connection db) : m_db(std::move(db)) {}

    PGconn* db() const { return m_db.get(); }

    /// Closes the connection (its transaction ends with it).
    void close() { m_db.reset(); }

    /// Reads the next row: true with row() set; false at the end, where failure() is "" for
    /// rows read whole and otherwise what went wrong (the server's error, or the connection's).
    bool next() {
        m_row.reset();
        for (;;) {
            if (m_in_copy) {
                char* row = nullptr;
                const int size = PQgetCopyData(m_db.get(), &row, 0);
                if (size > 0) {
                    m_row.reset(row);
                    m_size = static_cast<std::size_t>(size);
                    return true;
                }
                m_in_copy = false;
                if (size == -2) {
                    note(PQerrorMessage(m_db.get()));
                }
                continue;
            }
            const Result result{PQgetResult(m_db.get())};
            if (!result) {
                if (PQstatus(m_db.get()) != CONNECTION_OK) {
                    note(PQerrorMessage(m_db.get()));
                }
                return false;
            }
            const ExecStatusType status = PQresultStatus(result.get());
            if (status == PGRES_COPY_OUT) {
                m_in_copy = true;
            } else if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE || status == PGRES_NONFATAL_ERROR) {
                note(PQresultErrorMessage(result.get()));
            }
        }
    }

    /// The row read last, with its line feed.
    std::string_view row() const { return {m_row.get(), m_size}; }

    const std::string& failure() const { return m_failure; }

private:
    void note(const char* message) {
        if (m_failure.empty()) { // the first: what followed is its consequence
            m_failure = one_line(message);
        }
    }

    Connection m_db;
    std::unique_ptr<char, decltype(&PQfreemem)> m_row{nullptr, &PQfreemem};
    std::size_t m_size = 0;
    bool m_in_copy = false;
    std::string m_failure;
};

/// A project id as the export writes it (a decimal text), as a number; nullopt for anything else.
std::optional<std::int64_t> project_number(std::string_view id) {
    std::int64_t number = 0;
    const char* end = id.data() + id.size();
    const auto [stop, failure] = std::from_chars(id.data(), end, number);
    if (id.empty() || failure != std::errc() || stop != end) {
        return std::nullopt;
    }
    return number;
}

/// The procurement system's export (budget-projects.sql's header), read with a plain SELECT on
/// a connection of its own that shares the export's snapshot, instead of the query's
/// query_to_xml, which costs the server as much as all the rest (tests/benchmark/consul.sh).
/// Its rows come in project id order and are taken as the records reach them, so the server
/// builds them while it builds the records and only the current row is held; each record gets
/// its project's members in the query's places, so its bytes are those psql writes.
class ProcurementRows {
public:
    /// Inside `db`'s open transaction. nullptr when the database has no such relation, or when
    /// no other connection can be had (the query then reads the relation itself).
    static std::unique_ptr<ProcurementRows> start(const ConsulSource& source, PGconn* db, const std::string& snapshot,
                                                  const std::string& where) {
        Result found(PQexec(db, "SELECT to_regclass(COALESCE(NULLIF(current_setting('ocds.procurement', true), ''), "
                                "'procurement_export'))::text"));
        if (PQresultStatus(found.get()) != PGRES_TUPLES_OK) {
            throw precondition_error(where + ": " + one_line(PQresultErrorMessage(found.get())), {"from-consul"});
        }
        if (PQgetisnull(found.get(), 0, 0)) {
            return nullptr;
        }
        Connection second;
        try {
            second = connect(source);
        } catch (const precondition_error&) {
            return nullptr; // e.g. a role limited to one connection
        }
        auto rows = std::unique_ptr<ProcurementRows>(
            new ProcurementRows(std::move(second), PQgetvalue(found.get(), 0, 0), where));
        join_snapshot(rows->m_copy.db(), snapshot, where);
        // The members the query would have put in the record, in its order, each without its
        // nulls as the query's json_strip_nulls leaves it; a project without procurement keeps
        // the query's [] (a null procurement or parties, like a null progress, is no member:
        // merge_json_objects drops it). Through jsonb, as the query reads them: their keys in
        // jsonb's order. In id order: the relation's primary key gives it without a sort.
        const std::string select =
            "COPY (SELECT investment_id::integer, json_build_object("
            "'progress', json_strip_nulls(progress::jsonb::json), "
            "'procurement', COALESCE(json_strip_nulls(procurement::jsonb::json), '[]'::json), "
            "'parties', COALESCE(json_strip_nulls(parties::jsonb::json), '[]'::json))::text FROM " +
            rows->m_relation +
            " WHERE investment_id IS NOT NULL ORDER BY 1) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER "
            "E'\\x02')";
        if (!PQsendQuery(rows->m_copy.db(), select.c_str())) {
            throw precondition_error(where + ": cannot read " + rows->m_relation + ": " +
                                     one_line(PQerrorMessage(rows->m_copy.db())));
        }
        return rows;
    }

    /// Waits for the first row (or the end): what stops the relation from being read at all (a
    /// permission, a missing column) is said before any record is mapped.
    /// @throws precondition_error
    void begin() {
        advance();
        if (!m_failure.empty()) {
            throw precondition_error(m_where + ": cannot read " + m_relation + ": " + m_failure, {"from-consul"});
        }
    }

    /// `record` (of project `id`) with its project's procurement members, into `merged` (one text,
    /// or one per row of the project's); false when the record is not an object as the query writes
    /// one, or when the relation could not be read on (failure() says why).
    bool add_to(std::string_view record, std::string_view id, std::vector<std::string>& merged) {
        merged.clear();
        const std::optional<std::int64_t> project = project_number(id);
        while (project && m_has_row && m_id < *project) {
            advance();
        }
        // A project of two rows (the relation should have one) comes twice, as the query's join
        // gives it, for the mapping to name.
        while (project && m_has_row && m_id == *project) {
            std::optional<std::string> whole = merge_json_objects(record, m_members);
            if (!whole) {
                return false;
            }
            merged.push_back(std::move(*whole));
            advance();
        }
        if (merged.empty()) {
            merged.emplace_back(record);
        }
        return m_failure.empty();
    }

    /// Reads the rows of projects after the last record (the editions setting leaves some out),
    /// so that the server ends its query rather than losing its client half way; false when they
    /// could not be read (failure() says why).
    bool finish() {
        while (m_has_row) {
            advance();
        }
        m_copy.close(); // its transaction ends with it; the snapshot stays the export's
        return m_failure.empty();
    }

    /// Why the relation's rows stopped short: "" while they have not.
    std::string failure() const { return m_failure.empty() ? "" : "reading " + m_relation + ": " + m_failure; }

private:
    ProcurementRows(Connection db, std::string relation, std::string where)
        : m_copy(std::move(db)), m_relation(std::move(relation)), m_where(std::move(where)) {}

    /// The next row into m_id and m_members; at the end, or when the rows stop short or are not
    /// in order (m_failure), m_has_row is false.
    void advance() {
        m_has_row = m_copy.next();
        if (!m_has_row) {
            m_failure = m_copy.failure();
            return;
        }
        const std::string_view text = m_copy.row();
        const std::size_t tab = text.find('\x02');
        const std::optional<std::int64_t> id =
            tab == std::string_view::npos ? std::nullopt : project_number(text.substr(0, tab));
        if (!id || text.back() != '\n') {
            m_failure = "row " + std::to_string(m_rows + 1) + " is not a project id and a JSON text";
        } else if (m_rows > 0 && *id < m_id) {
            m_failure = "row " + std::to_string(m_rows + 1) + " is not in project id order";
        } else {
            m_id = *id;
            m_members = text.substr(tab + 1, text.size() - tab - 2);
            ++m_rows;
            return;
        }
        m_has_row = false;
    }

    CopyRows m_copy;
    std::string m_relation; ///< as the server names it (quoted where needed)
    std::string m_where;
    bool m_has_row = false;
    std::int64_t m_id = 0;      ///< the current row's project
    std::string_view m_members; ///< the current row's JSON text (in m_copy's row)
    std::uint64_t m_rows = 0;   ///< read so far
    std::string m_failure;      ///< why the rows ended, when they did not end well
};

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
    const std::string where = "CONSUL's database (" + redact_conninfo(source.conninfo) + ")";
    std::vector<CopyRows> parts;
    parts.emplace_back(connect(source));
    PGconn* db = parts.front().db();
    apply_settings(db, source, where);

    // One read-only transaction: one snapshot for every part of the query, and no way to write.
    // The other connections share the snapshot: the procurement export, when there is one, is
    // read on one while the server prepares the records, and each further one builds a part of
    // the records on a core of the server.
    run_or_refuse(db, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", where);
    std::string snapshot;
    {
        Result exported(PQexec(db, "SELECT pg_export_snapshot()"));
        if (PQresultStatus(exported.get()) != PGRES_TUPLES_OK) {
            throw precondition_error(where + ": " + one_line(PQresultErrorMessage(exported.get())), {"from-consul"});
        }
        snapshot = PQgetvalue(exported.get(), 0, 0);
    }
    std::unique_ptr<ProcurementRows> procurement = ProcurementRows::start(source, db, snapshot, where);
    while (parts.size() < std::max(source.connections, 1u)) {
        Connection another;
        try {
            another = connect(source);
        } catch (const precondition_error&) {
            break; // e.g. a role limited in connections: fewer parts
        }
        apply_settings(another.get(), source, where);
        join_snapshot(another.get(), snapshot, where);
        parts.emplace_back(std::move(another));
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
        PGconn* part = parts[k].db();
        if (procurement) {
            run_or_refuse(part, "SELECT set_config('ocds.procurement_separately', 'on', true)", where);
        }
        if (parts.size() > 1) {
            run_or_refuse(part,
                          "SELECT set_config('ocds.part', '" + std::to_string(k + 1) + "/" +
                              std::to_string(parts.size()) + "', true)",
                          where);
        }
        if (!PQsendQuery(part, (query + "\nCOMMIT;\n").c_str())) {
            throw precondition_error(where + ": cannot send the export query: " + one_line(PQerrorMessage(part)));
        }
    }
    if (procurement) {
        procurement->begin();
    }

    // Each part comes in project id order; the smallest id of the parts' next rows goes first.
    std::uint64_t records = 0;
    std::vector<std::string> merged;
    std::vector<std::string_view> ids(parts.size());
    std::vector<bool> has_row(parts.size());
    std::string failure;
    auto advance = [&](std::size_t k) {
        has_row[k] = parts[k].next();
        if (!has_row[k]) {
            failure = parts[k].failure();
            return;
        }
        const std::string_view row = parts[k].row();
        // Each row is one JSON text and a line feed; COPY's CSV quote (\x01) would mean a row that
        // is not what budget-projects.sql writes.
        const bool one_text = row.back() == '\n' && row.front() != '\x01';
        const std::optional<std::string_view> id =
            one_text ? record_project_id(row.substr(0, row.size() - 1)) : std::nullopt;
        // Parts are merged by the id, and procurement joined by it; a single part without
        // procurement passes a record without one on, for the mapping to name.
        if (!one_text || (!id && (parts.size() > 1 || procurement))) {
            failure = "row " + std::to_string(records + 1) +
                      " of the export is not a JSON object as PostgreSQL writes one, on a line: is the query the "
                      "one shipped with ocds?";
            return;
        }
        ids[k] = id.value_or(std::string_view());
    };
    for (std::size_t k = 0; k < parts.size() && failure.empty(); ++k) {
        advance(k);
    }
    while (failure.empty()) {
        std::size_t first = parts.size();
        for (std::size_t k = 0; k < parts.size(); ++k) {
            if (has_row[k] && (first == parts.size() || id_before(ids[k], ids[first]))) {
                first = k;
            }
        }
        if (first == parts.size()) {
            break;
        }
        const std::string_view row = parts[first].row();
        const std::string_view record = row.substr(0, row.size() - 1);
        if (!procurement) {
            on_record(record);
            ++records;
        } else if (procurement->add_to(record, ids[first], merged)) {
            for (const auto& text : merged) {
                on_record(text);
                ++records;
            }
        } else {
            failure = !procurement->failure().empty()
                          ? procurement->failure()
                          : "row " + std::to_string(records + 1) +
                                " of the export is not a JSON object as PostgreSQL writes one: is the query the one "
                                "shipped with ocds?";
            break;
        }
        advance(first);
    }
    if (failure.empty() && procurement && !procurement->finish()) {
        failure = procurement->failure();
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
