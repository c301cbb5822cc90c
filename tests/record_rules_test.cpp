// Tests for record_rules: field checks of accounts, contacts, opportunities, cases and
// attachments, each error named by its field; lengths count characters, not bytes.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "core/record_rules.hpp"

using namespace crm;

namespace {

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

Account good_account() {
    Account a;
    a.name = "Hurtownia Żółw sp. z o.o.";
    a.city = "Łódź";
    a.phone = "+48 42 555 01 77";
    a.website = "https://zolw.example/kontakt";
    return a;
}

Contact good_contact() {
    Contact c;
    c.full_name = "陈大文";
    c.job_title = "Kierownik zakupów";
    c.email = "chen@example.cn";
    c.phone = "(02) 5555-0000 x12";
    return c;
}

Opportunity good_opportunity() {
    Opportunity o;
    o.name = "Wdrożenie systemu WMS";
    o.estimated_revenue = 48000;
    o.estimated_close = LocalDate{2028, 2, 29};
    return o;
}

Attachment good_attachment() {
    Attachment a;
    a.activity_id = "act-1";
    a.file_name = "Oferta (wersja 2) — 报价.pdf";
    a.mime_type = "application/pdf";
    a.size = 1;
    return a;
}

// The only error is on `field`.
void check_only(const Status& st, const char* field) {
    REQUIRE_MESSAGE(st.errors.size() == 1, "expected one error on " << field);
    CHECK(st.errors[0].field == field);
}

}  // namespace

TEST_CASE("record_rules: a complete account is valid, and so is one with only a name") {
    CHECK(validate_account(good_account()).ok());
    Account minimal;
    minimal.name = "A";
    CHECK(validate_account(minimal).ok());
}

TEST_CASE("record_rules: account name is required, counted in characters, one clean line") {
    Account a = good_account();
    a.name = "";
    check_only(validate_account(a), "name");
    a.name = " \t ";
    check_only(validate_account(a), "name");
    CHECK(validate_account(a).errors[0].message.find("required") != std::string::npos);

    a.name = repeat("ł", kMaxNameChars);  // 160 characters, 320 bytes
    CHECK(validate_account(a).ok());
    a.name = repeat("ł", kMaxNameChars + 1);
    check_only(validate_account(a), "name");
    CHECK(validate_account(a).errors[0].arg == "160");

    a.name = "Bad\xC3";  // truncated UTF-8
    check_only(validate_account(a), "name");
    a.name = "Line\nbreak";
    check_only(validate_account(a), "name");
    a.name = "Tab\tinside";
    check_only(validate_account(a), "name");
    a.name = std::string("Nul\0byte", 8);
    check_only(validate_account(a), "name");
    a.name = "Del\x7F";
    check_only(validate_account(a), "name");
}

TEST_CASE("record_rules: account phone and website") {
    Account a = good_account();
    a.phone = "call me";
    check_only(validate_account(a), "phone");
    a.phone = "12";  // too few digits
    check_only(validate_account(a), "phone");
    a = good_account();
    a.website = "www.example .com";
    check_only(validate_account(a), "website");
    a.website = "www.example.com\t";
    CHECK(validate_account(a).error_for("website") != nullptr);
    a.website = "zolw.example";
    CHECK(validate_account(a).ok());
    a = good_account();
    a.city = repeat("x", kMaxNameChars + 1);
    check_only(validate_account(a), "city");
}

TEST_CASE("record_rules: contact full name, email and phone") {
    CHECK(validate_contact(good_contact()).ok());
    Contact c = good_contact();
    c.full_name = "  ";
    check_only(validate_contact(c), "full_name");
    c = good_contact();
    c.email = "chen@";
    check_only(validate_contact(c), "email");
    CHECK(validate_contact(c).errors[0].arg == "chen@");
    c.email = "two@at@example.com";
    check_only(validate_contact(c), "email");
    c.email = "";
    CHECK(validate_contact(c).ok());
    c.phone = "+48 abc";
    check_only(validate_contact(c), "phone");
    c = good_contact();
    c.job_title = "Head\rof sales";
    check_only(validate_contact(c), "job_title");
    // several problems are all reported
    c.full_name = "";
    c.email = "nope";
    c.phone = "nope";
    CHECK(validate_contact(c).errors.size() == 4);
}

TEST_CASE("record_rules: opportunity topic, revenue range and close date") {
    CHECK(validate_opportunity(good_opportunity()).ok());
    Opportunity o = good_opportunity();
    o.name = "";
    check_only(validate_opportunity(o), "name");

    o = good_opportunity();
    o.estimated_revenue = 0;
    CHECK(validate_opportunity(o).ok());
    o.estimated_revenue = 1e13;
    CHECK(validate_opportunity(o).ok());
    o.estimated_revenue = std::nextafter(1e13, 2e13);
    check_only(validate_opportunity(o), "estimated_revenue");
    o.estimated_revenue = -0.01;
    check_only(validate_opportunity(o), "estimated_revenue");
    o.estimated_revenue = std::numeric_limits<double>::quiet_NaN();
    check_only(validate_opportunity(o), "estimated_revenue");
    o.estimated_revenue = std::numeric_limits<double>::infinity();
    check_only(validate_opportunity(o), "estimated_revenue");

    o = good_opportunity();
    o.estimated_close = LocalDate{2026, 2, 29};  // not a leap year
    check_only(validate_opportunity(o), "estimated_close");
    o.estimated_close = LocalDate{2026, 13, 1};
    check_only(validate_opportunity(o), "estimated_close");
    o.estimated_close.reset();
    CHECK(validate_opportunity(o).ok());
    o.stage = static_cast<OpportunityStage>(4);
    check_only(validate_opportunity(o), "stage");
}

TEST_CASE("record_rules: a case needs a title and a customer") {
    Case c;
    c.title = "Reklamacja: brakujące palety";
    check_only(validate_case(c), "account_id");
    c.account_id = "acc-1";
    CHECK(validate_case(c).ok());
    c.account_id.clear();
    c.contact_id = "con-1";
    CHECK(validate_case(c).ok());
    c.account_id = "acc-1";
    CHECK(validate_case(c).ok());
    c.title = "\t";
    check_only(validate_case(c), "title");
    c.title = "Fine";
    c.priority = static_cast<CasePriority>(3);
    check_only(validate_case(c), "priority");
}

TEST_CASE("record_rules: attachment file name") {
    CHECK(validate_attachment(good_attachment()).ok());
    Attachment a = good_attachment();
    a.file_name = "";
    check_only(validate_attachment(a), "file_name");
    a.file_name = "   ";
    check_only(validate_attachment(a), "file_name");
    a.file_name = repeat("ż", 251) + ".txt";  // 255 characters, 506 bytes
    CHECK(validate_attachment(a).ok());
    a.file_name = repeat("ż", 252) + ".txt";
    check_only(validate_attachment(a), "file_name");
    CHECK(validate_attachment(a).errors[0].arg == "255");
    for (const char* bad : {"dir/file.txt", "..\\evil.exe", "new\nline.txt", "bell\a.txt", "\xFF\xFE.txt"}) {
        CAPTURE(bad);
        a.file_name = bad;
        check_only(validate_attachment(a), "file_name");
    }
    a.file_name = ".hidden name with spaces (1).tar.gz";
    CHECK(validate_attachment(a).ok());
}

TEST_CASE("record_rules: attachment size is 1 byte to 25 MB") {
    Attachment a = good_attachment();
    a.size = kMaxAttachmentBytes;
    CHECK(kMaxAttachmentBytes == 26'214'400u);
    CHECK(validate_attachment(a).ok());
    a.size = kMaxAttachmentBytes + 1;
    Status st = validate_attachment(a);
    check_only(st, "size");
    CHECK(st.errors[0].message == "File is too large: at most 25 MB.");
    a.size = ~std::uint64_t{0};
    check_only(validate_attachment(a), "size");
    a.size = 0;
    st = validate_attachment(a);
    check_only(st, "size");
    CHECK(st.errors[0].message != "File is too large: at most 25 MB.");
    // name and size problems are reported together
    a.file_name = "a/b";
    CHECK(validate_attachment(a).errors.size() == 2);
}
