// The CSV import dialog and the grid export, drawn headless over the demo data: the mapping
// combo changes the plan, Import adds only the valid rows, Cancel adds nothing, and the export
// follows the grid's shown columns.
#include <doctest/doctest.h>

#include "ui_headless.hpp"

namespace {

const char* kFile =
    "\xEF\xBB\xBFTemat;Termin;Typ;Notatki\r\n"
    "Zadzwoń do klienta;2026-11-24;Task;pierwszy\r\n"
    "會議記錄;2026-11-25 10:00;Phone Call;drugi\r\n"
    "Zły wiersz;2026-02-30;Task;trzeci\r\n";

}  // namespace

TEST_CASE("csv ui: mapping, preview and Import add the valid rows only") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    std::string downloaded;
    h.app.download_file = [&](const std::string&, const std::string&, std::string_view bytes) { downloaded = bytes; };
    const auto before = h.app.store.activities().size();
    crm::open_csv_file(h.app, h.ui, crm::CsvImportKind::Activities, "zadania.csv", kFile);
    h.frames(3);
    REQUIRE(h.ui.csv_import.open);
    CHECK(h.ui.csv_import.table.delimiter == ';');
    CHECK(h.ui.csv_import.mapping ==
          std::vector<crm::CsvField>{crm::CsvField::Subject, crm::CsvField::Due, crm::CsvField::Type, crm::CsvField::Description});
    CHECK(h.ui.csv_import.plan.valid == 2);
    CHECK(h.ui.csv_import.plan.refused == 1);
    REQUIRE(h.item("Row 4, Termin: \"2026-02-30\" is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM).", "Import activities from CSV"));
    REQUIRE(h.item("2 rows will be imported, 1 row refused."));
    // the refused rows download as a file with their reasons
    h.click(*h.item("Download refused rows"));
    CHECK(downloaded.find("Zły wiersz") != std::string::npos);
    CHECK(downloaded.find("is not a date") != std::string::npos);
    // skipping the Subject column leaves nothing importable, and says why
    h.ui.csv_import.mapping[0] = crm::CsvField::Skip;
    h.ui.csv_import.plan_stale = true;
    h.frames(2);
    CHECK_FALSE(h.ui.csv_import.plan.importable());
    REQUIRE(h.item("No column is imported as Subject, which every row needs."));
    h.ui.csv_import.mapping[0] = crm::CsvField::Subject;
    h.ui.csv_import.plan_stale = true;
    h.frames(2);
    h.click(*h.item("Import", "Import activities from CSV"));
    CHECK_FALSE(h.ui.csv_import.open);
    REQUIRE(h.app.store.activities().size() == before + 2);
    CHECK(h.app.store.activities().at(before).subject == "Zadzwoń do klienta");
    CHECK(h.app.store.activities().at(before).description == "pierwszy");
    CHECK(h.app.store.activities().at(before + 1).type == crm::ActivityType::PhoneCall);
    CHECK(h.ui.notice == "Imported 2 rows. 1 row refused.");
}

TEST_CASE("csv ui: Cancel imports nothing; a broken file is refused with its message") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    const auto version = h.app.store.version();
    crm::open_csv_file(h.app, h.ui, crm::CsvImportKind::Activities, "x.csv", kFile);
    h.frames(3);
    h.click(*h.item("Cancel", "Import activities from CSV"));
    CHECK_FALSE(h.ui.csv_import.open);
    CHECK(h.app.store.version() == version);
    crm::open_csv_file(h.app, h.ui, crm::CsvImportKind::Contacts, "stary.csv", "Imi\xEA;Firma\r\nJan;\xA3\xF3\x64\xBC\r\n");
    h.frames(3);
    CHECK_FALSE(h.ui.csv_import.open);
    REQUIRE(h.app.import_errors.size() == 1);
    CHECK(h.app.import_errors[0].find("Row 1: The file is not UTF-8: byte 4") == 0);
    REQUIRE(h.item("Close", "Import refused"));
    CHECK(h.app.store.version() == version);
    // through the file dialog: a file the platform did not read is refused with its message
    h.app.import_errors.clear();
    std::string accepted;
    h.app.pick_file = [&](const std::string& accept, std::function<void(crm::App::PickedFile&&)> on_file) {
        accepted = accept;
        on_file(crm::App::PickedFile{.name = "big.csv", .bytes = {}, .size = 1e9, .read = false, .error = {}});
    };
    h.app.unread_file_message = [](const crm::App::PickedFile& f) { return "too big: " + f.name; };
    crm::pick_csv_file(h.app, h.ui, crm::CsvImportKind::Activities);
    CHECK(accepted.find(".csv") != std::string::npos);
    CHECK(h.app.import_errors == std::vector<std::string>{"too big: big.csv"});
    // and one it read opens the dialog
    h.app.pick_file = [&](const std::string&, std::function<void(crm::App::PickedFile&&)> on_file) {
        on_file(crm::App::PickedFile{.name = "ok.csv", .bytes = kFile, .size = 10, .read = true, .error = {}});
    };
    crm::pick_csv_file(h.app, h.ui, crm::CsvImportKind::Activities);
    CHECK(h.ui.csv_import.open);
    CHECK(h.ui.csv_import.file_name == "ok.csv");
}

TEST_CASE("csv ui: the grid export has the shown columns and the view's rows") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    std::string name, bytes;
    h.app.download_file = [&](const std::string& n, const std::string&, std::string_view b) { name = n, bytes = b; };
    h.ui.query.view = crm::ActivityView::AllActivities;
    h.frames(3);
    h.click(*h.item("Export CSV"));
    CHECK(name == "activities-2026-11-18.csv");
    REQUIRE(bytes.starts_with(crm::csv::kUtf8Bom));
    CHECK(bytes.substr(3, bytes.find("\r\n") - 3) == "Type,Subject,Regarding,Due,Status,Status Reason,Priority,Owner,Created By");
    auto parsed = crm::csv::parse(bytes);
    REQUIRE(parsed.ok());
    CHECK(parsed.table.rows.size() == h.ui.grid.view.size());
}
