// Translation lookup: catalogs read from JSON, plural rules (Polish has three forms), context
// keys, the browser-language choice, and the real catalog files (every entry readable).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/i18n.hpp"

using namespace crm;

namespace {
std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}
}  // namespace

TEST_CASE("i18n: the browser's preference list picks the UI language") {
    CHECK(pick_language({"pl-PL", "en-US"}) == "pl");
    CHECK(pick_language({"de-DE", "PL"}) == "pl");
    CHECK(pick_language({"zh-TW"}) == "zh-Hant");
    CHECK(pick_language({"zh-Hant-HK"}) == "zh-Hant");
    CHECK(pick_language({"zh_CN"}) == "zh-Hant");  // the only Chinese we ship
    CHECK(pick_language({"fr-FR", "de"}) == "en");
    CHECK(pick_language({}) == "en");
    CHECK(pick_language({"en-GB", "pl"}) == "en");
    CHECK(is_supported_language("zh-Hant"));
    CHECK_FALSE(is_supported_language("zh"));
}

TEST_CASE("i18n: plural forms per language") {
    // Polish: 1 aktywność, 2-4 aktywności, 5-21 aktywności, 22-24 aktywności, 12-14 many.
    const long long one[] = {1};
    const long long few[] = {2, 3, 4, 22, 23, 24, 102, 1003};
    const long long many[] = {0, 5, 11, 12, 13, 14, 15, 21, 25, 100, 111, 112, 1000};
    for (long long n : one) CHECK(plural_form_index("pl", n) == 0);
    for (long long n : few) CHECK(plural_form_index("pl", n) == 1);
    for (long long n : many) CHECK(plural_form_index("pl", n) == 2);
    CHECK(plural_form_index("en", 1) == 0);
    CHECK(plural_form_index("en", 0) == 1);
    CHECK(plural_form_index("en", 2) == 1);
    CHECK(plural_form_index("zh-Hant", 1) == 0);
    CHECK(plural_form_index("zh-Hant", 5) == 0);
    CHECK(plural_form_count("pl") == 3);
    CHECK(plural_form_count("zh-Hant") == 1);
}

TEST_CASE("i18n: a catalog translates, counts and falls back to English") {
    auto parsed = parse_catalog(R"({"@note": "for translators", "Save": "Zapisz",
        "%s activity": ["%s działanie", "%s działania", "%s działań"], "button|Open": "Otwórz", "Open": "Otwarte"})", "pl");
    REQUIRE(parsed.ok());
    Catalog& c = parsed.value;
    CHECK(c.size() == 4);  // the "@" comment is not an entry
    CHECK(std::string(c.lookup("Save")) == "Zapisz");
    CHECK(std::string(c.lookup("Cancel")) == "Cancel");
    CHECK(std::string(c.lookup_count("%s activity", "%s activities", 1)) == "%s działanie");
    CHECK(std::string(c.lookup_count("%s activity", "%s activities", 3)) == "%s działania");
    CHECK(std::string(c.lookup_count("%s activity", "%s activities", 5)) == "%s działań");
    CHECK(std::string(c.lookup("button|Open")) == "Otwórz");
    CHECK(std::string(c.lookup("Open")) == "Otwarte");
    CHECK(std::string(c.lookup("menu|Close")) == "Close");  // context dropped in the English fallback
    Catalog english;
    CHECK(std::string(english.lookup("button|Open")) == "Open");
    CHECK(std::string(english.lookup_count("%s activity", "%s activities", 1)) == "%s activity");
    CHECK(std::string(english.lookup_count("%s activity", "%s activities", 2)) == "%s activities");
}

TEST_CASE("i18n: misses are recorded only when asked, and only for words") {
    auto parsed = parse_catalog(R"({"Save": "Zapisz"})", "pl");
    Catalog& c = parsed.value;
    c.lookup("Delete");
    CHECK(c.misses().empty());
    c.record_misses(true);
    c.lookup("Delete");
    c.lookup("Save");
    c.lookup("<");
    c.lookup_count("%s file", "%s files", 2);
    CHECK(c.misses() == std::set<std::string>{"%s file", "Delete"});
}

TEST_CASE("i18n: damaged catalogs are refused with the entry named") {
    CHECK_FALSE(parse_catalog("{\"Save\": ", "pl").ok());
    CHECK_FALSE(parse_catalog("[\"Save\"]", "pl").ok());
    auto wrong_forms = parse_catalog(R"({"%s file": ["%s plik", "%s pliki"]})", "pl");
    REQUIRE_FALSE(wrong_forms.ok());
    CHECK(wrong_forms.status.errors.front().field == "%s file");
    auto not_text = parse_catalog(R"({"Save": 5})", "zh-Hant");
    REQUIRE_FALSE(not_text.ok());
    CHECK(not_text.status.errors.front().field == "Save");
}

TEST_CASE("i18n: tr_args fills each %s in order, in the active language") {
    auto parsed = parse_catalog(R"({"repeats the id %s of %s": "powtarza identyfikator %s z %s"})", "pl");
    active_catalog() = parsed.value;
    CHECK(tr_args("repeats the id %s of %s", {"a1", "activities[0]"}) == "powtarza identyfikator a1 z activities[0]");
    CHECK(tr_args("%s and %s", {"%s", "x"}) == "%s and x");  // an argument is never re-filled
    active_catalog() = Catalog{};
    CHECK(tr_args("repeats the id %s of %s", {"a1", "b"}) == "repeats the id a1 of b");
}

TEST_CASE("i18n: the shipped catalogs parse and translate every entry") {
    for (const char* code : {"pl", "zh-Hant"}) {
        CAPTURE(code);
        const std::string text = read_file(std::string(CRM_SOURCE_DIR) + "/assets/i18n/" + code + ".json");
        REQUIRE_FALSE(text.empty());
        auto parsed = parse_catalog(text, code);
        const std::string problem =
            parsed.ok() ? std::string{} : parsed.status.errors.front().field + ": " + parsed.status.errors.front().message;
        INFO(problem);
        CHECK(parsed.ok());
        CHECK(parsed.value.size() > 400);
        CHECK(std::string(parsed.value.lookup("Save")) != "Save");
    }
}
