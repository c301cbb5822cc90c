// Every screen in Polish and Traditional Chinese: each page, view mode, dialog and record form is
// drawn with the language's catalog while the catalog records the English keys it was asked for
// and could not translate. Any such key is English left on a translated screen.
#include <doctest/doctest.h>

#include <string>

#include "core/i18n.hpp"
#include "ui_headless.hpp"

namespace {

// Draws everything a user can reach without data entry; the catalog collects misses meanwhile.
void visit_every_screen(Headless& h) {
    h.frames(3);  // the welcome dialog
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    for (auto page : {crm::Page::Activities, crm::Page::Accounts, crm::Page::Contacts, crm::Page::Opportunities,
                      crm::Page::Cases, crm::Page::SyncAndData, crm::Page::Settings}) {
        h.ui.page = page;
        h.frames(3);
    }
    h.ui.page = crm::Page::Activities;
    h.ui.query.view = crm::ActivityView::AllActivities;
    h.ui.query.state = crm::StateFilter::Any;
    h.frames(3);
    h.draw_every_board_and_calendar();
    h.ui.show_as = crm::ShowAs::Dashboard;
    h.frames(3);
    // the grid with every drill-down chip
    h.ui.query.owner_id = h.app.current_user_id;
    h.ui.query.state_mask = 1u << static_cast<unsigned>(crm::ActivityState::Open);
    h.ui.query.due_range = {h.app.zone.local_date(h.now), 7};
    h.ui.show_as = crm::ShowAs::Grid;
    h.frames(2);
    h.ui.query = {.view = crm::ActivityView::AllActivities, .state = crm::StateFilter::Any};
    h.frames(2);
    h.ui.show_help = true;  // the keyboard shortcut overlay
    h.frames(3);
    h.press(ImGuiKey_Escape);
    for (auto type : crm::kAllActivityTypes) {
        crm::open_new_activity(h.app, h.ui, type);
        h.frames(3);
        h.press(ImGuiKey_Escape);
    }
    // an existing activity of every type (read-only closed ones too)
    for (auto type : crm::kAllActivityTypes)
        for (const auto& a : h.app.store.activities().rows())
            if (!a.meta.deleted && a.type == type) {
                crm::open_activity(h.app, h.ui, a.meta.id);
                h.frames(3);
                h.press(ImGuiKey_Escape);
                break;
            }
    std::vector<std::string> ids;
    for (const auto& a : h.app.store.activities().rows()) ids.push_back(a.meta.id);
    crm::open_state_change(h.app, h.ui, {ids[0], ids[1]}, crm::ActivityState::Completed);
    h.frames(3);
    h.press(ImGuiKey_Escape);
    crm::open_assign(h.app, h.ui, {ids[0]});
    h.frames(3);
    h.press(ImGuiKey_Escape);
    h.open_one_record_of_each_kind();
    for (int i = 0; i < 4; ++i) h.press(ImGuiKey_Escape);
    for (auto kind : {crm::RegardingKind::Account, crm::RegardingKind::Contact, crm::RegardingKind::Opportunity,
                      crm::RegardingKind::Case}) {
        crm::open_new_record(h.app, h.ui, kind);
        h.frames(3);
        h.press(ImGuiKey_Escape);
    }
    // the CSV import dialog with valid and refused rows, for activities and for contacts
    crm::open_csv_file(h.app, h.ui, crm::CsvImportKind::Activities, "a.csv", "Subject,Due,Type\nCall,2026-11-24,Task\nBad,x,Meeting\n");
    h.frames(3);
    h.press(ImGuiKey_Escape);
    crm::open_csv_file(h.app, h.ui, crm::CsvImportKind::Contacts, "c.csv", "Name,Company\nAnna,Nobody\n");
    h.frames(3);
    h.press(ImGuiKey_Escape);
}

std::string listed(const std::set<std::string>& keys) {
    std::string out;
    for (const auto& k : keys) out += "\n  \"" + k + "\"";
    return out;
}

}  // namespace

TEST_CASE("i18n ui: no English key is left untranslated on any screen") {
    for (const char* language : {"pl", "zh-Hant"}) {
        CAPTURE(language);
        Headless h;
        h.app.store.put_setting(crm::kSettingLanguage, language, h.app.actor());
        crm::active_catalog().record_misses(true);
        crm::active_catalog().clear_misses();
        visit_every_screen(h);
        CHECK(crm::active_catalog().language() == language);
        const auto misses = crm::active_catalog().misses();
        INFO("untranslated on ", language, " screens:", listed(misses));
        CHECK(misses.empty());
        crm::active_catalog() = crm::Catalog{};
    }
}

TEST_CASE("i18n ui: the language follows the stored choice, else the browser's") {
    Headless h;
    h.app.browser_language = "pl";
    h.frames(2);
    CHECK(crm::active_catalog().language() == "pl");
    CHECK(std::string(crm::tr("Save")) != "Save");
    h.app.store.put_setting(crm::kSettingLanguage, "zh-Hant", h.app.actor());
    h.frames(2);
    CHECK(crm::active_catalog().language() == "zh-Hant");
    h.app.store.put_setting(crm::kSettingLanguage, "en", h.app.actor());
    h.frames(2);
    CHECK(crm::active_catalog().language() == "en");
    CHECK(std::string(crm::tr("Save")) == "Save");
}

TEST_CASE("i18n ui: a damaged catalog keeps English and says which file") {
    Headless h;
    h.app.catalog_dir = CRM_SOURCE_DIR "/no-such-folder";
    h.app.store.put_setting(crm::kSettingLanguage, "pl", h.app.actor());
    h.frames(2);
    CHECK(crm::active_catalog().language() == "en");
    CHECK(h.ui.notice.find("no-such-folder/pl.json") != std::string::npos);
    CHECK(h.ui.notice_is_error);
}
