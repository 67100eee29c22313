#include <doctest/doctest.h>

#include <ocds/io/http_client.hpp>

using namespace ocds;

TEST_CASE("http client: credentials are taken out of URLs, whatever their form") {
    const UrlCredentials plain = split_url_credentials("https://user:secret@host.example/ocds");
    CHECK(plain.present);
    CHECK_FALSE(plain.ambiguous);
    CHECK(plain.url == "https://host.example/ocds");
    CHECK(plain.user == "user");
    CHECK(plain.password == "secret");

    const UrlCredentials encoded = split_url_credentials("https://us%40er:pa%2Fss@host.example/ocds");
    CHECK(encoded.user == "us@er");
    CHECK(encoded.password == "pa/ss");
    CHECK(encoded.url == "https://host.example/ocds");

    // An unencoded '/' in the password: still a password, never shown, but not guessed at.
    const UrlCredentials slash = split_url_credentials("https://user:pa/ss@host.example/ocds");
    CHECK(slash.present);
    CHECK(slash.ambiguous);
    CHECK(slash.url == "https://host.example/ocds");

    CHECK_FALSE(split_url_credentials("http://host.example/a@b").present);
    CHECK_FALSE(split_url_credentials("https://host.example/x?mail=a@b").present);
    CHECK(split_url_credentials("file://user:secret@/srv/x").url == "file:///srv/x");
    CHECK(without_credentials("s3://bucket/prefix") == "s3://bucket/prefix");
}

TEST_CASE("http client: messages are redacted") {
    CHECK(without_url_credentials("GET https://a:b@h/x failed; see 'http://c:d/e@g/y'") ==
          "GET https://h/x failed; see 'http://g/y'");
    HttpCredentials credentials;
    credentials.user = "publisher";
    credentials.password = "pa/ss word";
    credentials.other_secrets = {"token-123"};
    const HttpClient client(HttpSettings{}, credentials);
    CHECK(client.redact("a pa/ss word, pa%2Fss%20word and token-123") == "a ***, *** and ***");
    CHECK(client.redact("user publisher") == "user publisher");
}

TEST_CASE("http client: no http:// when https only, and no retry for what cannot get better") {
    HttpSettings settings;
    settings.https_only = true;
    settings.retries = 3;
    HttpClient client(settings);
    HttpRequest request;
    request.url = "http://127.0.0.1:1/x";
    CHECK_THROWS_AS(client.send(request), transfer_error);
    CHECK(client.requests() == 1);
}
