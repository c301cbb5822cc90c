#include "core/csv.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/activity_query.hpp"
#include "core/csv_import.hpp"
#include "core/grid_export.hpp"
#include "core/i18n.hpp"
#include "core/locale_format.hpp"
#include "store_fixture.hpp"

using namespace crm;

namespace {

csv::Table parsed(std::string_view bytes, const csv::ParseOptions& options = {}) {
    auto r = csv::parse(bytes, options);
    REQUIRE_MESSAGE(r.ok(), (r.problem ? csv::describe(*r.problem) : std::string()));
    return r.table;
}

std::string problem_of(std::string_view bytes, const csv::ParseOptions& options = {}) {
    auto r = csv::parse(bytes, options);
    REQUIRE_FALSE(r.ok());
    return csv::describe(*r.problem);
}

// Loads a shipped catalog for the test's duration and puts the previous one back.
struct LanguageScope {
    Catalog saved = active_catalog();
    explicit LanguageScope(const char* code) {
        std::ifstream in(std::string(CRM_SOURCE_DIR) + "/assets/i18n/" + code + ".json");
        std::stringstream text;
        text << in.rdbuf();
        auto catalog = parse_catalog(text.str(), code);
        REQUIRE(catalog.ok());
        active_catalog() = catalog.value;
        active_catalog().set_language(code);
    }
    ~LanguageScope() { active_catalog() = saved; }
};

const TimeZone& warsaw() {
    static const TimeZone zone = *TimeZone::from_posix("Europe/Warsaw", "CET-1CEST,M3.5.0,M10.5.0/3");
    return zone;
}

}  // namespace

TEST_CASE("csv cells are quoted only when they must be") {
    std::string out;
    csv::append_row(out, {"plain", "a,b", "say \"hi\"", "two\nlines", ""});
    CHECK(out == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
}

TEST_CASE("csv quotes a first cell that would read back as Excel's sep= line or as a BOM") {
    // Found by the csv fuzz target: a header ["sep=", ""] was written as "sep=," and read back as
    // the delimiter line, so the next row became the header.
    for (const std::vector<std::string>& header : {std::vector<std::string>{"sep=", ""}, {"sep=;"}, {"\xEF\xBB\xBFSubject", "Due"}}) {
        std::string out;
        std::vector<std::string_view> views(header.begin(), header.end());
        csv::append_row(out, views);
        csv::append_row(out, {"Call Anna", "2026-12-01"});
        const auto reread = csv::parse(out, {.delimiter = ','});
        REQUIRE(reread.ok());
        CHECK(reread.table.header == header);
        REQUIRE(reread.table.rows.size() == 1);
        CHECK(reread.table.rows[0][0] == "Call Anna");
    }
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
    CHECK(csv::unguard_cell("'=HYPERLINK(\"x\")") == "=HYPERLINK(\"x\")");
    CHECK(csv::unguard_cell("'tis") == "'tis");
}

TEST_CASE("csv parser: quoted cells, doubled quotes, embedded newlines and every line ending") {
    auto t = parsed("Subject,Description\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\ny,\"\"\rz,last");
    CHECK(t.header == std::vector<std::string>{"Subject", "Description"});
    REQUIRE(t.rows.size() == 4);
    CHECK(t.rows[0] == std::vector<std::string>{"a,b", "say \"hi\""});
    CHECK(t.rows[1] == std::vector<std::string>{"two\nlines", "x"});
    CHECK(t.rows[2] == std::vector<std::string>{"y", ""});
    CHECK(t.rows[3] == std::vector<std::string>{"z", "last"});
    // spreadsheet rows: the header is row 1, the embedded newline does not start a row
    CHECK(t.row_numbers == std::vector<std::size_t>{2, 3, 4, 5});
}

TEST_CASE("csv parser: BOM, blank rows, a trailing delimiter and text after a closing quote") {
    auto t = parsed("\xEF\xBB\xBFName,Phone\r\n\r\n,\r\nAnna,\r\n\"Bob\" Jr,1\r\n");
    CHECK(t.encoding == csv::SourceEncoding::Utf8WithBom);
    CHECK(t.header == std::vector<std::string>{"Name", "Phone"});
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[0] == std::vector<std::string>{"Anna", ""});
    CHECK(t.rows[1] == std::vector<std::string>{"Bob Jr", "1"});
    CHECK(t.row_numbers == std::vector<std::size_t>{4, 5});
}

TEST_CASE("csv parser: detects comma, semicolon (Polish Excel) and tab, and honours sep=") {
    CHECK(parsed("Temat;Termin;Dotyczy\r\nA, B;2026-11-24;X\r\n").delimiter == ';');
    CHECK(parsed("Temat;Termin;Dotyczy\r\nA, B;2026-11-24;X\r\n").rows[0][0] == "A, B");
    CHECK(parsed("a\tb\tc\n1\t2\t3\n").delimiter == '\t');
    CHECK(parsed("\"x;y\",b\n1,2\n").delimiter == ',');
    auto t = parsed("sep=;\r\nA,1;B\r\n");
    CHECK(t.header == std::vector<std::string>{"A,1", "B"});
    CHECK(parsed("a;b\n", {.delimiter = ','}).header.size() == 1);
    // "sep=" followed by a line end names no delimiter: it is an ordinary header (found by fuzzing)
    CHECK(parsed("sep=\nSubject;Due\r/\r\n").header == std::vector<std::string>{"sep="});
}

TEST_CASE("csv parser: broken encodings name the problem, the row and the byte") {
    // Windows-1250: "Zażółć" with ż = 0xBF, ó = 0xF3, ł = 0xB3, ć = 0xE6, in row 3
    std::string cp1250 = "Subject,Due\r\nOK,2026-11-24\r\nZa\xBF\xF3\xB3\xE6 g\xEAsi,2026-11-25\r\n";
    std::string m = problem_of(cp1250);
    CHECK(m.find("Row 3") != std::string::npos);
    CHECK(m.find("not UTF-8") != std::string::npos);
    CHECK(m.find("byte 31") != std::string::npos);
    CHECK(m.find("0xBF") != std::string::npos);
    CHECK(m.find("Windows-1250") != std::string::npos);
    // Big5: 會議 = B7 7C C4 B3
    std::string big5 = "Subject\r\n\xB7\x7C\xC4\xB3\xB7\x7C\xC4\xB3\r\n";
    m = problem_of(big5);
    CHECK(m.find("Row 2") != std::string::npos);
    CHECK(m.find("Big5") != std::string::npos);
    // UTF-16 without a BOM is said to be UTF-16
    std::string utf16_no_bom("S\0u\0b\0j\0e\0c\0t\0\r\0\n\0", 18);
    CHECK(problem_of(utf16_no_bom).find("UTF-16") != std::string::npos);
    // overlong and surrogate sequences are not UTF-8 either
    CHECK(problem_of("a\n\xC0\xAF\n").find("not UTF-8") != std::string::npos);
    CHECK(problem_of("a\n\xED\xA0\x80\n").find("not UTF-8") != std::string::npos);
}

TEST_CASE("csv parser: UTF-16 with a BOM is decoded, little and big endian") {
    std::u16string text = u"Temat,到期日\r\nZażółć 會議 😀,2026-11-24\r\n";
    std::string le = "\xFF\xFE", be = "\xFE\xFF";
    for (char16_t u : text) {
        le.push_back(static_cast<char>(u & 0xFF));
        le.push_back(static_cast<char>(u >> 8));
        be.push_back(static_cast<char>(u >> 8));
        be.push_back(static_cast<char>(u & 0xFF));
    }
    for (const auto& bytes : {le, be}) {
        auto t = parsed(bytes);
        CHECK(t.header == std::vector<std::string>{"Temat", "到期日"});
        REQUIRE(t.rows.size() == 1);
        CHECK(t.rows[0][0] == "Zażółć 會議 😀");
    }
    CHECK(parsed(le).encoding == csv::SourceEncoding::Utf16LE);
    CHECK(problem_of(le.substr(0, le.size() - 1)).find("UTF-16") != std::string::npos);
    CHECK(problem_of(std::string("\xFF\xFE\x00\xD8\x41\x00", 6)).find("damaged") != std::string::npos);
}

TEST_CASE("csv parser: limits and an unclosed quote are refused with clear messages") {
    CHECK(problem_of("a\n\"never closed\n2\n3\n").find("Row 2: A quoted cell") != std::string::npos);
    CHECK(problem_of("a\n1\n2\n3\n", {.max_rows = 2}).find("more than 2 rows") != std::string::npos);
    CHECK(problem_of("a,b,c\n", {.max_columns = 2}).find("Row 1: This row has more than 2 columns") != std::string::npos);
    CHECK(problem_of(std::string(2048, 'x'), {.max_cell_bytes = 1024}).find("longer than 1 KB") != std::string::npos);
    CHECK(problem_of(std::string(3u << 20, 'x'), {.max_bytes = 1u << 20}).find("3 MB") != std::string::npos);
    CHECK(problem_of("").find("empty") != std::string::npos);
    CHECK(problem_of("\r\n,,\r\n").find("empty") != std::string::npos);
}

TEST_CASE("csv mapping: guesses English, Polish, Chinese and the export's own headers") {
    using F = CsvField;
    CHECK(guess_csv_mapping(CsvImportKind::Activities,
                            std::vector<std::string>{"Subject", "Due Date", "Regarding", "Owner", "Activity Type", "Status Reason", "Notes", "Created On"}) ==
          std::vector<F>{F::Subject, F::Due, F::Regarding, F::Owner, F::Type, F::Reason, F::Description, F::Skip});
    CHECK(guess_csv_mapping(CsvImportKind::Activities, std::vector<std::string>{"Temat", "TERMIN", " Dotyczy ", "Właściciel", "Typ", "Stan", "Priorytet"}) ==
          std::vector<F>{F::Subject, F::Due, F::Regarding, F::Owner, F::Type, F::State, F::Priority});
    CHECK(guess_csv_mapping(CsvImportKind::Activities, std::vector<std::string>{"主旨", "到期日", "關於", "擁有者", "類型", "狀態", "狀態原因"}) ==
          std::vector<F>{F::Subject, F::Due, F::Regarding, F::Owner, F::Type, F::State, F::Reason});
    CHECK(guess_csv_mapping(CsvImportKind::Contacts, std::vector<std::string>{"Full Name", "Company", "E-mail", "Business Phone", "Job Title", "Subject"}) ==
          std::vector<F>{F::FullName, F::Account, F::Email, F::Phone, F::JobTitle, F::Skip});
    CHECK(guess_csv_mapping(CsvImportKind::Contacts, std::vector<std::string>{"Imię i nazwisko", "Firma", "Adres e-mail", "Telefon", "Stanowisko"}) ==
          std::vector<F>{F::FullName, F::Account, F::Email, F::Phone, F::JobTitle});
    CHECK(guess_csv_mapping(CsvImportKind::Contacts, std::vector<std::string>{"姓名", "公司", "電子郵件", "電話", "職稱"}) ==
          std::vector<F>{F::FullName, F::Account, F::Email, F::Phone, F::JobTitle});
    // a second column of a field already taken is skipped
    CHECK(guess_csv_mapping(CsvImportKind::Activities, std::vector<std::string>{"Subject", "subject"}) == std::vector<F>{F::Subject, F::Skip});
    {
        // the export's captions in the active language map back even when no list has them
        LanguageScope pl("pl");
        CHECK(guess_csv_mapping(CsvImportKind::Activities, std::vector<std::string>{tr("Status Reason"), tr("Due")}) ==
              std::vector<F>{F::Reason, F::Due});
    }
}

TEST_CASE("csv dates: ISO 8601 and the user's locale, in the user's zone") {
    const TimeZone& z = warsaw();
    CHECK(parse_csv_date_time("2026-11-24", z, nullptr) == Due::on_date({2026, 11, 24}));
    CHECK(parse_csv_date_time("2026-11-24 15:00", z, nullptr) == Due::at(*parse_iso_utc("2026-11-24T14:00:00Z")));
    CHECK(parse_csv_date_time("2026-07-24T15:00", z, nullptr) == Due::at(*parse_iso_utc("2026-07-24T13:00:00Z")));
    CHECK(parse_csv_date_time("2026-11-24T15:00+05:00", z, nullptr) == Due::at(*parse_iso_utc("2026-11-24T10:00:00Z")));
    CHECK(parse_csv_date_time("2026-11-24T15:00:00.000Z", z, nullptr) == Due::at(*parse_iso_utc("2026-11-24T15:00:00Z")));
    CHECK(parse_csv_date_time("", z, nullptr) == Due::none());
    CHECK_FALSE(parse_csv_date_time("11/24/2026", z, nullptr));
    CHECK_FALSE(parse_csv_date_time("2026-02-30", z, nullptr));
    CHECK_FALSE(parse_csv_date_time("2026-11-24 25:00", z, nullptr));
    const LocaleFormat& en = locale_format_for("en");
    const LocaleFormat& pl = locale_format_for("pl");
    const LocaleFormat& zh = locale_format_for("zh-Hant");
    CHECK(parse_csv_date_time("11/24/2026", z, &en) == Due::on_date({2026, 11, 24}));
    CHECK(parse_csv_date_time("11/24/2026 3:00 PM", z, &en) == Due::at(*parse_iso_utc("2026-11-24T14:00:00Z")));
    CHECK(parse_csv_date_time("11/24/2026 12:30 AM", z, &en) == Due::at(*parse_iso_utc("2026-11-23T23:30:00Z")));
    CHECK(parse_csv_date_time("24.11.2026 15:00", z, &pl) == Due::at(*parse_iso_utc("2026-11-24T14:00:00Z")));
    CHECK(parse_csv_date_time("24.11.2026", z, &pl) == Due::on_date({2026, 11, 24}));
    CHECK(parse_csv_date_time("2026/11/24 下午3:00", z, &zh) == Due::at(*parse_iso_utc("2026-11-24T14:00:00Z")));
    CHECK_FALSE(parse_csv_date_time("31.02.2026", z, &pl));
    CHECK_FALSE(parse_csv_date_time("24.11.26", z, &pl));
    // every format the grid shows reads back
    for (const char* code : {"en", "pl", "zh-Hant"}) {
        const LocaleFormat& f = locale_format_for(code);
        LocalDateTime lt{{2026, 3, 5}, {9, 7, 0}};
        CHECK(parse_csv_date_time(format_date_time(lt, f), z, &f) == Due::at(z.from_local(lt)));
        CHECK(parse_csv_date_time(format_date(lt.date, f), z, &f) == Due::on_date(lt.date));
    }
}

TEST_CASE("csv import: per-row, per-column errors and a store unchanged by refused rows") {
    Fixture f;
    const std::string file =
        "Subject,Type,Due,Regarding,Owner,Priority,Status,Status Reason,Phone Number\r\n"
        "Call back,Phone Call,2026-11-24 10:00,Imported Sports,Bob Smith,High,,,+48 22 123 45 67\r\n"
        "Bad date,Task,2026-13-40,,,,,,\r\n"
        "Bad type,Meeting,,,,,,,\r\n"
        "Unknown account,Task,,Nobody Ltd,,,,,\r\n"
        "Unknown owner,Task,,,Zed,,,,\r\n"
        ",Task,,,,,,,\r\n"
        "Wrong reason,Task,,,,,Open,Made,\r\n"
        "Done,Phone Call,,,anna@example.com,,Completed,Received,\r\n"
        "Too many,Task,,,,,,,,extra\r\n";
    auto table = parsed(file);
    auto mapping = guess_csv_mapping(CsvImportKind::Activities, table.header);
    CsvImportContext ctx{.zone = &warsaw(), .locale = &locale_format_for("en"), .user_id = f.anna, .now = kT0};
    const auto version = f.store.version();
    const auto count = f.store.activities().size();
    auto plan = plan_csv_import(f.store, CsvImportKind::Activities, table, mapping, ctx);
    CHECK(f.store.version() == version);  // planning changes nothing
    CHECK(plan.valid == 2);
    CHECK(plan.refused == 7);
    auto only = [&](std::size_t k) {
        REQUIRE(plan.rows[k].problems.size() == 1);
        return plan.rows[k].problems[0];
    };
    CHECK(only(1).row == 3);
    CHECK(only(1).column == "Due");
    CHECK(csv::describe(only(1)) == "Row 3, Due: \"2026-13-40\" is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM).");
    CHECK(only(2).column == "Type");
    CHECK(only(3).column == "Regarding");
    CHECK(csv::describe(only(3)).find("Nobody Ltd") != std::string::npos);
    CHECK(only(4).column == "Owner");
    CHECK(only(5).column == "Subject");  // from validate_activity: a subject is required
    CHECK(only(6).column == "Status Reason");
    CHECK(only(8).row == 10);
    CHECK(csv::describe(only(8)).find("10 cells") != std::string::npos);

    auto report = apply_csv_import(f.store, plan, f.as(f.anna, kT0));
    CHECK(report.imported == 2);
    CHECK(report.refused.empty());
    REQUIRE(f.store.activities().size() == count + 2);
    const Activity& call = f.store.activities().at(count);
    CHECK(call.subject == "Call back");
    CHECK(call.type == ActivityType::PhoneCall);
    CHECK(call.due == Due::at(*parse_iso_utc("2026-11-24T09:00:00Z")));
    CHECK(call.regarding == RecordRef{RegardingKind::Account, f.account});
    CHECK(call.owner == OwnerRef{OwnerKind::User, f.bob});
    CHECK(call.priority == Priority::High);
    CHECK(call.phone_number == "+48 22 123 45 67");
    const Activity& done = f.store.activities().at(count + 1);
    CHECK(done.state == ActivityState::Completed);
    CHECK(done.reason == StatusReason::Received);
    CHECK(done.owner == OwnerRef{OwnerKind::User, f.anna});

    // the refused rows as a file the user can fix: row, column, problem, then the row's cells
    auto refused = parsed(refused_rows_csv(plan, table));
    CHECK(refused.header[0] == "Row");
    CHECK(refused.header[3] == "Subject");
    REQUIRE(refused.rows.size() == 7);
    CHECK(refused.rows[0][0] == "3");
    CHECK(refused.rows[0][1] == "Due");
    CHECK(refused.rows[0][3] == "Bad date");
}

TEST_CASE("csv import: the same file twice imports each row once; repeats in a file are found too") {
    Fixture f;
    const std::string file =
        "Subject,Type,Due,Regarding\r\n"
        "Call back,Phone Call,2026-11-24 10:00,Imported Sports\r\n"
        "Send offer,Task,2026-11-25,\r\n"
        "send  OFFER,Task,2026-11-25,\r\n"       // the same, typed differently: case and spaces
        "Send offer,Task,2026-11-26,\r\n"        // another day: another task
        "Send offer,Phone Call,2026-11-25,\r\n"; // another type
    auto table = parsed(file);
    auto mapping = guess_csv_mapping(CsvImportKind::Activities, table.header);
    CsvImportContext ctx{.zone = &warsaw(), .locale = nullptr, .user_id = f.anna, .now = kT0};
    const std::size_t before = f.store.activities().size();
    auto first = plan_csv_import(f.store, CsvImportKind::Activities, table, mapping, ctx);
    CHECK(first.valid == 5);
    CHECK(first.duplicates == 1);
    CHECK(first.rows[2].duplicate_of_row == 3);  // spreadsheet row 4 repeats row 3
    CHECK(first.rows[2].duplicate_of_id.empty());
    CHECK(first.to_import(false) == 4);
    auto report = apply_csv_import(f.store, first, f.as(f.anna, kT0));
    CHECK(report.imported == 4);
    CHECK(report.skipped_duplicates == 1);
    REQUIRE(f.store.activities().size() == before + 4);

    // the same file again: every row is in the data now
    auto again = plan_csv_import(f.store, CsvImportKind::Activities, table, mapping, ctx);
    CHECK(again.valid == 5);
    CHECK(again.duplicates == 5);
    CHECK(again.rows[0].duplicate_of_id == f.store.activities().at(before).meta.id);
    CHECK_FALSE(again.importable());
    CHECK(again.importable(true));
    const auto version = f.store.version();
    CHECK(apply_csv_import(f.store, again, f.as(f.anna, kT0)).imported == 0);
    CHECK(f.store.version() == version);

    // a deleted activity is not in the data: its row is imported again
    const std::string call_id = f.store.activities().at(before).meta.id;
    REQUIRE(f.store.delete_activities(std::span(&call_id, 1), f.as(f.anna, kT0)).ok());
    auto after_delete = plan_csv_import(f.store, CsvImportKind::Activities, table, mapping, ctx);
    CHECK(after_delete.duplicates == 4);
    CHECK_FALSE(after_delete.rows[0].duplicate());

    // contacts: the same e-mail address is the same person, whatever the name's spelling
    auto contacts = parsed("Full Name,Email\r\nŁucja Wróbel,lucja@example.com\r\nLucja Wrobel,LUCJA@example.com\r\nJan Nowak,\r\n");
    auto contact_mapping = guess_csv_mapping(CsvImportKind::Contacts, contacts.header);
    auto c1 = plan_csv_import(f.store, CsvImportKind::Contacts, contacts, contact_mapping, ctx);
    CHECK(c1.valid == 3);
    CHECK(c1.duplicates == 1);
    CHECK(c1.rows[1].duplicate_of_row == 2);
    CHECK(apply_csv_import(f.store, c1, f.as(f.anna, kT0)).imported == 2);
    CHECK(plan_csv_import(f.store, CsvImportKind::Contacts, contacts, contact_mapping, ctx).duplicates == 3);
}

TEST_CASE("csv import: a mapping without the required field imports nothing") {
    Fixture f;
    auto table = parsed("Description\nx\n");
    CsvImportContext ctx{.zone = &warsaw(), .locale = nullptr, .user_id = f.anna, .now = kT0};
    std::vector<CsvField> mapping{CsvField::Description};
    auto plan = plan_csv_import(f.store, CsvImportKind::Activities, table, mapping, ctx);
    REQUIRE(plan.mapping_problems.size() == 1);
    CHECK(csv::describe(plan.mapping_problems[0]).find("Subject") != std::string::npos);
    CHECK_FALSE(plan.importable());
    const auto version = f.store.version();
    CHECK(apply_csv_import(f.store, plan, f.as(f.anna, kT0)).imported == 0);
    CHECK(f.store.version() == version);
    std::vector<CsvField> twice{CsvField::Subject, CsvField::Subject};
    auto table2 = parsed("a,b\n1,2\n");
    CHECK(plan_csv_import(f.store, CsvImportKind::Activities, table2, twice, ctx).mapping_problems.size() == 1);
}

TEST_CASE("csv import: contacts with accounts resolved by name") {
    Fixture f;
    auto table = parsed("Imię i nazwisko;Firma;E-mail;Telefon;Stanowisko\r\n"
                        "Łucja Wróbel;imported sports;lucja@example.com;+48 600 100 200;Dyrektor\r\n"
                        "陳大文;;chan@example;;經理\r\n"
                        "Jan Nowak;Brak Firmy;;;\r\n");
    auto mapping = guess_csv_mapping(CsvImportKind::Contacts, table.header);
    CsvImportContext ctx{.zone = &warsaw(), .locale = nullptr, .user_id = f.anna, .now = kT0};
    auto plan = plan_csv_import(f.store, CsvImportKind::Contacts, table, mapping, ctx);
    CHECK(plan.valid == 1);
    REQUIRE(plan.refused == 2);
    CHECK(plan.rows[1].problems.at(0).column == "E-mail");
    CHECK(plan.rows[2].problems.at(0).column == "Firma");
    const auto before = f.store.contacts().size();
    CHECK(apply_csv_import(f.store, plan, f.as(f.anna, kT0)).imported == 1);
    REQUIRE(f.store.contacts().size() == before + 1);
    const Contact& c = f.store.contacts().at(before);
    CHECK(c.full_name == "Łucja Wróbel");
    CHECK(c.parent_account_id == f.account);
    CHECK(c.job_title == "Dyrektor");
}

TEST_CASE("csv round trip: the grid export parses and imports back, Polish and Chinese text intact") {
    for (const char* language : {"en", "pl", "zh-Hant"}) {
        INFO(std::string(language));
        Fixture f;
        std::optional<LanguageScope> scope;
        if (std::string(language) != "en") scope.emplace(language);
        const Actor anna = f.as(f.anna, kT0);
        auto add = [&](ActivityType type, std::string subject, Due due, Priority priority, std::string owner) {
            Activity a;
            a.type = type;
            a.subject = std::move(subject);
            a.due = due;
            a.priority = priority;
            a.regarding = {RegardingKind::Account, f.account};
            a.owner = {OwnerKind::User, owner};
            if (type == ActivityType::Appointment) {
                a.scheduled_start = *parse_iso_utc("2026-11-26T09:30:00Z");
                a.scheduled_end = *a.scheduled_start + 30 * 60'000;
            }
            auto created = f.store.create_activity(a, anna);
            REQUIRE_MESSAGE(created.ok(), (created.ok() ? "" : format_message(created.status.errors[0])));
        };
        add(ActivityType::Task, "Zażółć gęślą jaźń, \"pilne\"", Due::on_date({2026, 11, 24}), Priority::High, f.bob);
        add(ActivityType::PhoneCall, "會議記錄, 第二季", Due::at(*parse_iso_utc("2026-11-25T14:15:00Z")), Priority::Low, f.anna);
        add(ActivityType::Email, "=HYPERLINK(\"http://x\")", Due::none(), Priority::Normal, f.carol);
        add(ActivityType::Appointment, "Spotkanie 會議", Due::none(), Priority::Normal, f.anna);
        const std::string first_id = f.store.activities().at(0).meta.id;
        REQUIRE(f.store.set_state(std::span(&first_id, 1), ActivityState::Completed, StatusReason::Completed, anna).ok());

        ActivityQuery query;
        query.view = ActivityView::AllActivities;
        query.state = StateFilter::Any;
        QueryContext qctx{f.anna, &warsaw(), kT0, nullptr};
        auto rows = run_activity_query(f.store, query, SortSpec{.column = SortColumn::Subject}, qctx);
        REQUIRE(rows.size() == 4);
        const std::vector<GridColumn> columns{GridColumn::Subject, GridColumn::Type, GridColumn::Regarding, GridColumn::Due,
                                              GridColumn::State, GridColumn::Reason, GridColumn::Priority, GridColumn::Owner,
                                              GridColumn::CreatedBy, GridColumn::ModifiedOn};
        const std::string file = export_grid_csv(f.store, rows, columns, warsaw());
        CHECK(file.starts_with(csv::kUtf8Bom));
        CHECK(file.find("Zażółć gęślą jaźń") != std::string::npos);
        CHECK(file.find("\"'=HYPERLINK(") != std::string::npos);  // not a live formula in a spreadsheet
        CHECK(file.find("2026-11-25T15:15+01:00") != std::string::npos);  // ISO, in the user's zone, with its offset

        auto table = parsed(file);
        CHECK(table.header[0] == tr("Subject"));
        auto mapping = guess_csv_mapping(CsvImportKind::Activities, table.header);
        CHECK(mapping == std::vector<CsvField>{CsvField::Subject, CsvField::Type, CsvField::Regarding, CsvField::Due, CsvField::State,
                                               CsvField::Reason, CsvField::Priority, CsvField::Owner, CsvField::Skip, CsvField::Skip});
        CsvImportContext ctx{.zone = &warsaw(), .locale = &active_locale(), .user_id = f.anna, .now = kT0};
        auto plan = plan_csv_import(f.store, CsvImportKind::Activities, table, mapping, ctx);
        for (const auto& r : plan.rows)
            for (const auto& p : r.problems) FAIL_CHECK(csv::describe(p));
        REQUIRE(plan.valid == 4);
        // into the store it came from: every row is already there, so nothing is imported unless
        // the user asks for the copies (which the checks below compare with the originals)
        CHECK(plan.duplicates == 4);
        CHECK_FALSE(plan.importable());
        for (std::size_t k = 0; k < rows.size(); ++k) CHECK(plan.rows[k].duplicate_of_id == f.store.activities().at(rows[k]).meta.id);
        const std::size_t before = f.store.activities().size();
        CHECK(apply_csv_import(f.store, plan, anna).skipped_duplicates == 4);
        CHECK(f.store.activities().size() == before);
        CHECK(apply_csv_import(f.store, plan, anna, true).imported == 4);
        REQUIRE(f.store.activities().size() == before + 4);
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const Activity& original = f.store.activities().at(rows[k]);
            const Activity& copy = f.store.activities().at(before + k);
            CAPTURE(original.subject);
            CHECK(copy.subject == original.subject);
            CHECK(copy.type == original.type);
            CHECK(copy.regarding == original.regarding);
            CHECK(effective_due(copy) == effective_due(original));
            CHECK(copy.state == original.state);
            CHECK(copy.reason == original.reason);
            CHECK(copy.priority == original.priority);
            CHECK(copy.owner == original.owner);
            if (original.type == ActivityType::Appointment) CHECK(copy.scheduled_end == original.scheduled_end);
        }
    }
}
