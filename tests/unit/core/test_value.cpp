#include <doctest/doctest.h>

#include <ocds/core/value.hpp>

using ocds::Value;

TEST_CASE("value: objects keep members in insertion order and find the first of a name") {
    Value object = Value::object();
    object.set("b", Value("1"));
    object.set("a", Value("2"));
    object.set("b", Value("3")); // replaces, keeps position
    REQUIRE(object.as_object().size() == 2);
    CHECK(object.as_object()[0].key == "b");
    CHECK(object.as_object()[0].value.as_string() == "3");
    CHECK(object.find("a")->as_string() == "2");
    CHECK(object.find("missing") == nullptr);
    CHECK(object.find_string("a") != nullptr);
    CHECK(object.erase("b") == 1);
    CHECK(object.as_object().size() == 1);
}

TEST_CASE("value: numbers compare by their text, so 1.0 and 1 differ") {
    CHECK(Value::number("1.0") != Value::number("1"));
    CHECK(Value::number("0.10") == Value::number("0.10"));
    CHECK(Value::number("1") != Value("1"));
}

TEST_CASE("value: deep equality follows order of members") {
    Value a = Value::object();
    a.set("x", Value(true));
    a.set("y", Value());
    Value b = Value::object();
    b.set("y", Value());
    b.set("x", Value(true));
    CHECK(a != b);
    Value c = a;
    CHECK(a == c);
}

TEST_CASE("value: type names and accessors") {
    CHECK(std::string(ocds::type_name(Value().type())) == "null");
    CHECK(std::string(ocds::type_name(Value::array().type())) == "array");
    CHECK_THROWS_AS(Value("text").as_array(), std::bad_variant_access);
    Value array = Value::array();
    array.push_back(Value::number("2"));
    CHECK(array.as_array().front().number_text() == "2");
    CHECK(array.find("x") == nullptr);
}

TEST_CASE("value: JSON Pointer tokens escape ~ and /") {
    CHECK(ocds::pointer_token("a/b~c") == "a~1b~0c");
    CHECK(ocds::pointer_token("plain") == "plain");
}

TEST_CASE("JSON Pointers are split into unescaped tokens and followed through objects and arrays") {
    CHECK(ocds::pointer_tokens("").empty());
    CHECK(ocds::pointer_tokens("/a~1b/~01/0") == std::vector<std::string>{"a/b", "~1", "0"});
    CHECK(ocds::pointer_tokens("/") == std::vector<std::string>{""});
    ocds::Value root = ocds::Value::object();
    ocds::Value list = ocds::Value::array();
    list.push_back(ocds::Value("first"));
    root.set("a/b", std::move(list));
    REQUIRE(ocds::find_pointer(root, "/a~1b/0"));
    CHECK(ocds::find_pointer(root, "/a~1b/0")->as_string() == "first");
    CHECK(ocds::find_pointer(root, "") == &root);
    CHECK_FALSE(ocds::find_pointer(root, "/a~1b/1"));
    CHECK_FALSE(ocds::find_pointer(root, "/missing"));
    CHECK_FALSE(ocds::find_pointer(root, "/a~1b/x"));
}
