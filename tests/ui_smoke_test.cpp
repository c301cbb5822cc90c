// Headless ImGui smoke test: every view drawn over the demo data with no backend (a font atlas
// and a display size are all ImGui needs), so Begin/End mismatches, broken tables and ImGui
// asserts are caught natively, without a browser. It also clicks through the item registry the
// browser tests use, to prove that registry coordinates and input line up.
#include <doctest/doctest.h>

#include <variant>

#include "imgui_internal.h"  // GetFocusID
#include "ui_headless.hpp"

namespace {


// The topmost form when it is an activity form, else nullptr.
crm::ActivityDialog* top_activity(Headless& h) {
    if (h.ui.dialogs.empty()) return nullptr;
    return std::get_if<crm::ActivityDialog>(&h.ui.dialogs.back());
}

}  // namespace

TEST_CASE("ui smoke: every page and dialog draws over the demo data") {
    Headless h;
    h.frames(3);
    CHECK(h.item("Create profile") != nullptr);  // the welcome dialog: no user chosen yet
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    for (auto page : {crm::Page::Activities, crm::Page::Accounts, crm::Page::Contacts, crm::Page::Opportunities,
                      crm::Page::Cases, crm::Page::Settings}) {
        h.ui.page = page;
        h.frames(3);
    }
    h.ui.page = crm::Page::Activities;
    for (auto type : crm::kAllActivityTypes) {
        crm::open_new_activity(h.app, h.ui, type);
        h.frames(3);
        REQUIRE(top_activity(h) != nullptr);
        CHECK(top_activity(h)->draft.type == type);
        ImGui::GetIO().AddKeyEvent(ImGuiKey_Escape, true);
        h.frames(1);
        ImGui::GetIO().AddKeyEvent(ImGuiKey_Escape, false);
        h.frames(2);
        CHECK(h.ui.dialogs.empty());
    }
    std::vector<std::string> ids;
    for (const auto& a : h.app.store.activities().rows()) ids.push_back(a.meta.id);
    crm::open_state_change(h.app, h.ui, {ids[0], ids[1]}, crm::ActivityState::Completed);
    h.frames(3);
    crm::open_assign(h.app, h.ui, {ids[0]});
    h.frames(3);
    h.ui.query.view = crm::ActivityView::AllActivities;
    h.ui.query.state = crm::StateFilter::Any;
    h.frames(3);
    CHECK(h.ui.grid.view.size() == h.app.store.live_activity_count());
}

TEST_CASE("ui smoke: creating a task by clicking registered items") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(3);
    const auto* new_button = h.item("+ New activity");
    REQUIRE(new_button != nullptr);
    CHECK(new_button->w > 0);
    h.click(*new_button);
    const auto* task = h.item("Task");
    REQUIRE(task != nullptr);
    h.click(*task);
    REQUIRE(top_activity(h) != nullptr);
    CHECK(top_activity(h)->draft.type == crm::ActivityType::Task);
    // the subject field has keyboard focus when the dialog opens: type into it
    h.frames(2);
    h.type("Call back about the smoke test");
    const auto* due = h.item("due_date");
    REQUIRE(due != nullptr);
    h.click(*due);
    h.type("2026-11-20");
    const auto* save_close = h.item("Save & Close");
    REQUIRE(save_close != nullptr);
    std::size_t before = h.app.store.live_activity_count();
    h.click(*save_close);
    CHECK(h.ui.dialogs.empty());
    CHECK(h.app.store.live_activity_count() == before + 1);
    bool found = false;
    for (const auto& a : h.app.store.activities().rows())
        if (a.subject == "Call back about the smoke test") {
            found = true;
            CHECK(a.due == crm::Due::on_date({2026, 11, 20}));
            CHECK(a.meta.created_by == h.app.current_user_id);
        }
    CHECK(found);
}

TEST_CASE("ui smoke: invalid form input is refused with a field message and nothing saved") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    crm::open_new_activity(h.app, h.ui, crm::ActivityType::Task);
    h.frames(2);
    h.type("   ");
    const auto* due = h.item("due_date");
    REQUIRE(due != nullptr);
    h.click(*due);
    h.type("2026-02-30");
    std::size_t before = h.app.store.live_activity_count();
    const auto* save = h.item("Save");
    REQUIRE(save != nullptr);
    h.click(*save);
    REQUIRE(top_activity(h) != nullptr);
    CHECK(h.app.store.live_activity_count() == before);
    CHECK(top_activity(h)->errors.error_for("due") != nullptr);
    CHECK(top_activity(h)->errors.error_for("subject") != nullptr);
}

TEST_CASE("ui smoke: grid keyboard shortcuts") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(3);
    ImGuiIO& io = ImGui::GetIO();
    auto press = [&](ImGuiKey key) {
        io.AddKeyEvent(key, true);
        h.frames(1);
        io.AddKeyEvent(key, false);
        h.frames(2);
    };
    press(ImGuiKey_Slash);
    CHECK(ImGui::IsAnyItemActive());  // the search field has focus
    h.type("Update");
    press(ImGuiKey_Enter);
    CHECK_FALSE(ImGui::IsAnyItemActive());
    CHECK(h.ui.query.text == "Update");
    REQUIRE_FALSE(h.ui.grid.view.empty());
    press(ImGuiKey_DownArrow);
    CHECK(h.ui.selected.size() == 1);
    press(ImGuiKey_M);
    CHECK(h.ui.state_change.open);
}

TEST_CASE("ui smoke: double-clicking a row opens the activity") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(3);
    REQUIRE_FALSE(h.ui.grid.view.empty());
    const auto& first = h.app.store.activities().at(h.ui.grid.view.front());
    const auto* row = h.item(first.subject);
    REQUIRE(row != nullptr);
    h.double_click(row->x + row->w / 2, row->y + row->h / 2);
    REQUIRE(top_activity(h) != nullptr);
    CHECK(top_activity(h)->draft.meta.id == first.meta.id);
}

TEST_CASE("ui smoke: stacked dialogs keep unsaved edits underneath") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    // a task regarding contact Chris Preston, edited but not saved
    const crm::Contact* chris = nullptr;
    for (const auto& c : h.app.store.contacts().rows())
        if (c.full_name == "Chris Preston") chris = &c;
    REQUIRE(chris != nullptr);
    crm::open_new_activity(h.app, h.ui, crm::ActivityType::Task, {crm::RegardingKind::Contact, chris->meta.id});
    h.frames(2);
    h.type("Unsaved subject");
    const auto* open = h.item("Open");
    REQUIRE(open != nullptr);
    h.click(*open);  // opens Chris Preston on top
    REQUIRE(h.ui.dialogs.size() == 2);
    REQUIRE(std::holds_alternative<crm::RecordDialog>(h.ui.dialogs.back()));
    const auto* open_account = h.item("Open", "Contact: Chris Preston");  // the contact's account
    REQUIRE(open_account != nullptr);
    h.click(*open_account);
    REQUIRE(h.ui.dialogs.size() == 3);
    auto& account_form = std::get<crm::RecordDialog>(h.ui.dialogs.back());
    CHECK(account_form.kind == crm::RegardingKind::Account);
    CHECK(std::get<crm::Account>(account_form.draft).name == "Imported Sports");
    h.frames(3);  // the account's timeline draws
    for (int level = 3; level > 1; --level) {
        const auto* cancel = h.item("Cancel", level == 3 ? "Account: Imported Sports" : "Contact: Chris Preston");
        REQUIRE(cancel != nullptr);
        h.click(*cancel);
        CHECK(h.ui.dialogs.size() == static_cast<std::size_t>(level - 1));
    }
    REQUIRE(top_activity(h) != nullptr);
    CHECK(top_activity(h)->draft.subject == "Unsaved subject");
}

TEST_CASE("ui smoke: every record form and its timeline draw") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    h.open_one_record_of_each_kind();
    CHECK(h.ui.dialogs.size() == 4);
    for (auto kind : {crm::RegardingKind::Account, crm::RegardingKind::Contact, crm::RegardingKind::Opportunity, crm::RegardingKind::Case})
        crm::open_new_record(h.app, h.ui, kind);
    h.frames(3);
    CHECK(h.ui.dialogs.size() == 8);
    h.ui.dialogs.clear();
    h.frames(2);
    h.ui.search_text = "zolw";
    h.frames(2);
    REQUIRE_FALSE(h.ui.search_hits.view.empty());
    CHECK(h.ui.search_hits.view.front().title == "Hurtownia Żółw sp. z o.o.");
}

TEST_CASE("ui smoke: double-clicking a contact in its list opens the contact form") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.ui.page = crm::Page::Contacts;
    h.frames(3);
    const auto* row = h.item("Chris Preston");
    REQUIRE(row != nullptr);
    // on the name, as a person would (the row's centre may be a column border)
    h.double_click(row->x + 30, row->y + row->h / 2);
    REQUIRE(h.ui.dialogs.size() == 1);
    CHECK(std::get<crm::RecordDialog>(h.ui.dialogs.back()).kind == crm::RegardingKind::Contact);
}

TEST_CASE("ui smoke: kanban in every grouping and calendar in every mode") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    h.draw_every_board_and_calendar();
    h.ui.show_as = crm::ShowAs::Kanban;
    h.ui.grouping = crm::KanbanGrouping::State;
    h.frames(2);
    CHECK(h.item("lane Open") != nullptr);
    CHECK(h.item("lane Completed") != nullptr);
    h.ui.show_as = crm::ShowAs::Calendar;
    h.ui.calendar_mode = crm::CalendarMode::Week;
    h.frames(2);
    int slots = 0;
    for (const auto& it : crm::item_registry_items()) slots += it.label.rfind("slots ", 0) == 0;
    CHECK(slots == 7);
    // the page remembers how it was shown
    CHECK(h.app.store.setting(crm::kSettingViewPrefs).find("\"show_as\"") != std::string::npos);
}

TEST_CASE("ui smoke: the help overlay lists the shortcut table and Esc closes it") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(3);
    h.press(ImGuiKey_Slash, true);  // "?"
    REQUIRE(h.ui.show_help);
    CHECK(h.item("Keyboard shortcuts") == nullptr);  // the title is the window's, not an item
    for (const auto& s : crm::shortcut_table()) {
        INFO(s.description);
        CHECK(h.item(s.description, "Keyboard shortcuts") != nullptr);
    }
    CHECK(h.item("G then U", "Keyboard shortcuts") != nullptr);
    CHECK(h.item("? or F1", "Keyboard shortcuts") != nullptr);
    h.press(ImGuiKey_M);  // shortcuts wait while the overlay is open
    CHECK_FALSE(h.ui.state_change.open);
    h.press(ImGuiKey_Escape);
    CHECK_FALSE(h.ui.show_help);
    CHECK(h.item("Mark the selected activities complete") == nullptr);
    h.press(ImGuiKey_F1);
    CHECK(h.ui.show_help);
}

TEST_CASE("ui smoke: pages, views and kanban moves from the keyboard") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(3);
    h.press(ImGuiKey_G);
    CHECK(h.ui.shortcut_keys.pending() == crm::Key::G);
    h.press(ImGuiKey_U);
    CHECK(h.ui.page == crm::Page::Accounts);
    h.press(ImGuiKey_G);
    h.press(ImGuiKey_Comma);
    CHECK(h.ui.page == crm::Page::Settings);
    h.press(ImGuiKey_V);
    h.press(ImGuiKey_C);
    CHECK(h.ui.page == crm::Page::Activities);
    CHECK(h.ui.show_as == crm::ShowAs::Calendar);
    crm::LocalDate before = h.ui.cal.anchor;
    h.press(ImGuiKey_J);
    CHECK(h.ui.cal.anchor != before);
    h.press(ImGuiKey_T);
    CHECK(h.ui.cal.anchor == h.app.zone.local_date(h.now));

    h.press(ImGuiKey_V);
    h.press(ImGuiKey_K);
    REQUIRE(h.ui.show_as == crm::ShowAs::Kanban);
    REQUIRE(h.ui.grouping == crm::KanbanGrouping::State);
    h.press(ImGuiKey_DownArrow);  // picks the first card of the Open lane
    REQUIRE_FALSE(h.ui.kanban_card_id.empty());
    // walk down the Open lane to a task (one status reason for Completed: no prompt)
    const crm::Activity* card = nullptr;
    for (int i = 0; i < 60; ++i) {
        card = h.app.store.activities().find(h.ui.kanban_card_id);
        if (card->type == crm::ActivityType::Task) break;
        h.press(ImGuiKey_DownArrow);
    }
    REQUIRE(card->type == crm::ActivityType::Task);
    REQUIRE(card->state == crm::ActivityState::Open);
    std::string id = card->meta.id;
    h.press(ImGuiKey_RightArrow, true);  // Scheduled refuses tasks; the next lane is Completed
    CHECK(h.app.store.activities().find(id)->state == crm::ActivityState::Completed);
    CHECK(h.ui.kanban_card_id == id);  // the card stays the keyboard's
    h.press(ImGuiKey_Z, false, true);  // Ctrl+Z
    CHECK(h.app.store.activities().find(id)->state == crm::ActivityState::Open);
}

TEST_CASE("ui smoke: Enter leaves a search field that was clicked (keyboard navigation on)") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(3);
    const auto* field = h.item("grid_search");
    REQUIRE(field != nullptr);
    h.click(*field);
    CHECK(ImGui::IsAnyItemActive());
    h.type("Update");
    h.press(ImGuiKey_Enter);
    CHECK_FALSE(ImGui::IsAnyItemActive());
    CHECK(h.ui.query.text == "Update");
}

namespace {
// The dashboard bar whose label starts with `prefix` ("Task: "), and its count after the colon.
const crm::RegisteredItem* dashboard_bar(const std::string& prefix, long& count) {
    for (const auto& it : crm::item_registry_items())
        if (it.label.rfind(prefix, 0) == 0 && it.w > 0) {
            count = std::stol(it.label.substr(prefix.size()));
            return &it;
        }
    return nullptr;
}
}  // namespace

TEST_CASE("ui smoke: the dashboard draws, and a bar clicked or chosen with the keyboard opens the grid on its rows") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.ui.query.view = crm::ActivityView::AllActivities;
    h.ui.show_as = crm::ShowAs::Dashboard;
    h.frames(3);
    CHECK(h.item("Export CSV") != nullptr);
    CHECK(h.item("By type") != nullptr);
    CHECK(h.item("Completion rate") != nullptr);
    CHECK(h.item("state_filter") == nullptr);  // every state is on the dashboard
    std::string csv_name, csv_type, csv;
    h.app.download_file = [&](const std::string& name, const std::string& type, std::string_view bytes) {
        csv_name = name, csv_type = type, csv = bytes;
    };
    h.click(*h.item("Export CSV"));
    CHECK(csv_name == "activities-dashboard-2026-11-18.csv");
    CHECK(csv_type.rfind("text/csv", 0) == 0);
    CHECK(csv.rfind("\xEF\xBB\xBF" "Chart,Item,Activities,Completed,Completion rate\r\n", 0) == 0);
    long tasks = -1;
    const auto* bar = dashboard_bar("Task: ", tasks);
    REQUIRE(bar != nullptr);
    CHECK(tasks > 0);
    h.click(*bar);
    REQUIRE(h.ui.show_as == crm::ShowAs::Grid);
    h.frames(2);
    CHECK(static_cast<long>(h.ui.grid.view.size()) == tasks);
    CHECK(h.ui.query.type_mask == 1u << static_cast<unsigned>(crm::ActivityType::Task));
    CHECK(h.ui.query.state == crm::StateFilter::Any);

    // an owner bar: its chip in the filter bar, removable
    h.ui.show_as = crm::ShowAs::Dashboard;
    h.frames(2);
    const std::string owner = h.app.store.users().rows().front().name;
    long mine = -1;
    const auto* owner_bar = dashboard_bar(owner + ": ", mine);
    REQUIRE(owner_bar != nullptr);
    h.click(*owner_bar);
    REQUIRE(h.ui.show_as == crm::ShowAs::Grid);
    h.frames(2);
    CHECK(static_cast<long>(h.ui.grid.view.size()) == mine);
    const auto* chip = h.item("Owner: " + owner + "  \u00d7");
    REQUIRE(chip != nullptr);
    h.click(*chip);
    CHECK(h.ui.query.owner_id.empty());

    // the keyboard: V then D shows the dashboard; Tab reaches the bars, arrows move, Enter opens
    h.ui.query = crm::ActivityQuery{.view = crm::ActivityView::AllActivities};
    h.press(ImGuiKey_V);
    h.press(ImGuiKey_D);
    REQUIRE(h.ui.show_as == crm::ShowAs::Dashboard);
    bool on_bar = false;
    for (int i = 0; i < 40 && !on_bar; ++i) {
        h.press(ImGuiKey_Tab);
        const auto* focused = crm::item_registry_find(ImGui::GetFocusID());
        on_bar = focused && focused->label.rfind("Email: ", 0) == 0;
    }
    REQUIRE(on_bar);
    h.press(ImGuiKey_DownArrow);  // the next bar down: Phone Call
    const auto* focused = crm::item_registry_find(ImGui::GetFocusID());
    REQUIRE(focused != nullptr);
    long calls = -1;
    REQUIRE(focused->label.rfind("Phone Call: ", 0) == 0);
    calls = std::stol(focused->label.substr(std::string("Phone Call: ").size()));
    h.press(ImGuiKey_Enter);
    REQUIRE(h.ui.show_as == crm::ShowAs::Grid);
    h.frames(2);
    CHECK(static_cast<long>(h.ui.grid.view.size()) == calls);
}
