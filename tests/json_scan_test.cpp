// Tests for json_scan: values as nlohmann reads them (escapes, surrogate pairs, numbers of every
// JSON form, nesting, repeated keys), refusal of everything JSON forbids (and of the few legal
// oddities it leaves to nlohmann), and a differential run against nlohmann over mutated records:
// whatever the scanner accepts, nlohmann accepts with the same value.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/json_codec.hpp"  // to_json(FlatValue)
#include "core/json_scan.hpp"

using namespace crm;
using nlohmann::json;

namespace {

using crm::to_json;

// The whole text as one value, or nullopt when the scanner refuses it.
std::optional<json> scan(std::string_view text, int depth = 16) {
    JsonScanner s(text);
    FlatJson doc;
    if (!s.parse_value(doc, depth) || !s.at_end()) return std::nullopt;
    return to_json(doc.root());
}

}  // namespace

TEST_CASE("json_scan: values read as nlohmann reads them") {
    for (const char* text : {"null", "true", "false", "0", "-0", "12", "-12", "18446744073709551615",
                             "-9223372036854775808", "1.5", "-0.0", "1e5", "1E+5", "2.5e-3", "125000.5",
                             "0.1", "\"\"", "\"plain\"", "\"Zażółć 與客戶 😀\"", "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
                             "\"\\u00e9\\u4e0e\\ud83d\\ude00\\u0000x\"", "[]", "{}", " [ 1 , [ 2 , { } ] ] ",
                             "{\"a\":{\"b\":[true,null,\"x\"]},\"c\":-1}", "{\"\\u0061\":1}"}) {
        CAPTURE(text);
        auto got = scan(text);
        REQUIRE(got.has_value());
        json want = json::parse(text);
        CHECK(*got == want);
        CHECK(got->type() == want.type());  // integer, unsigned and float kept apart as nlohmann does
    }
}

TEST_CASE("json_scan: an unescaped string points into the text; an escaped one is unescaped") {
    std::string text = "{\"s\":\"plain\",\"e\":\"a\\nb\",\"k\\u0031\":2}";
    JsonScanner s(text);
    FlatJson doc;
    REQUIRE(s.parse_value(doc, 4));
    const FlatValue& root = doc.root();
    REQUIRE(root.size() == 3);
    CHECK(root[0].text().data() == text.data() + 6);
    CHECK(root[1].text() == "a\nb");
    CHECK(root[2].key() == "k1");
    CHECK(doc.remove_root_member("e"));
    CHECK_FALSE(doc.remove_root_member("e"));
    REQUIRE(doc.root().size() == 2);
    CHECK(doc.root()[1].key() == "k1");
}

TEST_CASE("json_scan: a repeated key is kept twice, in the order of the text") {
    JsonScanner s("{\"a\":1,\"b\":2,\"a\":3}");
    FlatJson doc;
    REQUIRE(s.parse_value(doc, 2));
    REQUIRE(doc.root().size() == 3);
    CHECK(doc.root()[2].key() == "a");
    CHECK(doc.root()[2].as_int64() == 3);
}

TEST_CASE("json_scan: what JSON forbids is refused") {
    for (const char* text : {"", " ", "nul", "tru", "True", "01", "-", "+1", "1.", ".5", "1e", "1e+", "0x10", "1 2",
                             "NaN", "Infinity", "\"abc", "\"a\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\ud83d\"",
                             "\"\\ude00\"", "\"\\ud83d\\u0041\"", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}",
                             "{\"a\":}", "[1}", "{\"a\":1]", "[", "{", "'a'", "/* c */ 1", "[1] x"}) {
        CAPTURE(text);
        CHECK_FALSE(scan(text).has_value());
        CHECK_FALSE(json::accept(text));
    }
    // control characters and malformed UTF-8 inside strings
    for (std::string bad : {std::string("\"a\x01\""), std::string("\"a\nb\""), std::string("\"\xc0\x80\""),
                            std::string("\"\xed\xa0\x80\""), std::string("\"\xf5\x80\x80\x80\""), std::string("\"\xe4\xb8\""),
                            std::string("\"\xff\""), std::string("\"\x80\"")}) {
        CAPTURE(bad);
        CHECK_FALSE(scan(bad).has_value());
        CHECK_FALSE(json::accept(bad));
    }
}

TEST_CASE("json_scan: legal oddities are left to nlohmann") {
    // integers past 64 bits (nlohmann reads them as floating point), nesting past the limit,
    // infinities from huge exponents (nlohmann calls them an overflow error)
    CHECK_FALSE(scan("18446744073709551616").has_value());
    CHECK_FALSE(scan("-9223372036854775809").has_value());
    CHECK_FALSE(scan("[[[1]]]", 2).has_value());
    CHECK(scan("[[[1]]]", 3).has_value());
    CHECK_FALSE(scan("1e400").has_value());
    CHECK_FALSE(scan("\xef\xbb\xbf{}").has_value());
}

TEST_CASE("json_scan: whatever it accepts of a mutated record, nlohmann reads the same") {
    const std::string record =
        "{\"id\":\"5f0c2f1e-1\",\"n\":-12,\"u\":7,\"f\":125000.5,\"e\":1e3,\"t\":true,\"z\":null,"
        "\"s\":\"Zażółć \\\"q\\\" 與客戶 \\u00e9\\ud83d\\ude00\",\"o\":{\"kind\":\"user\",\"id\":\"a\"},\"l\":[\"x\",\"y\"]}";
    const char replacements[] = {'"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', 'e', '.', ' ', 'u', '\x01', '\xc3', '\xff'};
    int accepted = 0, refused = 0;
    auto check_one = [&](const std::string& text) {
        auto got = scan(text);
        bool nlohmann_accepts = json::accept(text);
        if (got) {
            ++accepted;
            CAPTURE(text);
            REQUIRE(nlohmann_accepts);
            CHECK(*got == json::parse(text));
        } else {
            ++refused;
        }
    };
    for (std::size_t i = 0; i < record.size(); ++i) {
        check_one(record.substr(0, i) + record.substr(i + 1));                 // a byte dropped
        check_one(record.substr(0, i) + record[i] + record.substr(i));         // a byte doubled
        for (char c : replacements) {
            std::string m = record;
            m[i] = c;
            check_one(m);
        }
    }
    CHECK(accepted > 300);
    CHECK(refused > 1000);
}
