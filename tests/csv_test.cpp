#include "core/csv.hpp"

#include <doctest/doctest.h>

using namespace crm;

TEST_CASE("csv cells are quoted only when they must be") {
    std::string out;
    csv::append_row(out, {"plain", "a,b", "say \"hi\"", "two\nlines", ""});
    CHECK(out == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
}

TEST_CASE("csv keeps Polish and Chinese text as UTF-8 bytes") {
    std::string out;
    csv::append_row(out, {"Zażółć gęślą jaźń", "會議"});
    CHECK(out == "Zażółć gęślą jaźń,會議\r\n");
    CHECK(csv::kUtf8Bom == "\xEF\xBB\xBF");
}

TEST_CASE("csv writes formulas as text so a spreadsheet does not run them") {
    std::string out;
    csv::append_row(out, {"=HYPERLINK(\"x\")", "@SUM(A1)", "+48 22 123 45 67", "-5", "-x"});
    CHECK(out == "\"'=HYPERLINK(\"\"x\"\")\",\"'@SUM(A1)\",+48 22 123 45 67,-5,\"'-x\"\r\n");
}
