#include <doctest/doctest.h>

#include <ocds/map/consul_source.hpp>
#include <ocds/core/error.hpp>

// CONSUL's database itself is tested in tests/consul/ (a real PostgreSQL); here, what needs none.

TEST_CASE("consul source: a connection string in a message never shows its password") {
    using ocds::redact_conninfo;
    CHECK(redact_conninfo("host=db dbname=consul user=ocds password=s3cret") ==
          "host=db dbname=consul user=ocds password=***");
    CHECK(redact_conninfo("password = 'two words \\' and a quote' dbname=consul") == "password = *** dbname=consul");
    CHECK(redact_conninfo("PASSWORD=x") == "PASSWORD=***");
    CHECK(redact_conninfo("postgresql://ocds:s3cret@db.example:5432/consul") ==
          "postgresql://ocds:***@db.example:5432/consul");
    CHECK(redact_conninfo("postgres://ocds@db/consul?sslmode=require&password=s3cret") ==
          "postgres://ocds@db/consul?sslmode=require&password=***");
    CHECK(redact_conninfo("dbname=consul user=ocds_export") == "dbname=consul user=ocds_export");
    CHECK(redact_conninfo("dbname=mypassword") == "dbname=mypassword");
}

TEST_CASE("consul source: no query file, no connection attempt") {
    ocds::ConsulSource source;
    source.conninfo = "dbname=consul";
    source.query_path = "/nonexistent/budget-projects.sql";
    CHECK_THROWS_AS(ocds::read_consul_records(source, [](std::string_view) {}), ocds::precondition_error);
    CHECK(ocds::consul_query_path("/usr/share/ocds/schemas") == "/usr/share/ocds/schemas/consul/budget-projects.sql");
}
