// Headless ImGui smoke test: every view drawn over the demo data with no backend (a font atlas
// and a display size are all ImGui needs), so Begin/End mismatches, broken tables and ImGui
// asserts are caught natively, without a browser. It also clicks through the item registry the
// browser tests use, to prove that registry coordinates and input line up.
#include <doctest/doctest.h>

#include "core/demo_data.hpp"
#include "imgui.h"
#include "ui/item_registry.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

namespace {

struct Headless {
    crm::App app;
    crm::UiState ui;
    crm::UtcMillis now = 1'795'000'000'000;  // 2026-11-18

    Headless() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1400, 850);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        crm::ui::apply_style();
        crm::item_registry_enable(true);
        app.clock = [this] { return now; };
        app.zone = *crm::TimeZone::from_posix("Europe/Warsaw", "CET-1CEST,M3.5.0,M10.5.0/3");
        app.storage_state = crm::StorageState::Ready;
        crm::finish_startup(app);
    }
    ~Headless() { ImGui::DestroyContext(); }

    void frame() {
        crm::item_registry_begin_frame();
        ImGui::NewFrame();
        crm::draw_app(app, ui);
        ImGui::Render();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    const crm::RegisteredItem* item(const std::string& label) {
        for (const auto& it : crm::item_registry_items())
            if (it.label == label) return &it;
        return nullptr;
    }
    void type(const char* text) {
        ImGui::GetIO().AddInputCharactersUTF8(text);
        frames(2);
    }
    void click(crm::RegisteredItem it) {
        ImGuiIO& io = ImGui::GetIO();
        float x = it.x + it.w / 2, y = it.y + it.h / 2;
        io.AddMousePosEvent(x, y);
        frame();
        io.AddMouseButtonEvent(0, true);
        frame();
        io.AddMouseButtonEvent(0, false);
        frames(2);
    }
};

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
        CHECK(h.ui.dialog.open);
        h.ui.dialog.open = false;
        h.frames(2);
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
    CHECK(h.ui.grid.rows.size() == h.app.store.live_activity_count());
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
    REQUIRE(h.ui.dialog.open);
    CHECK(h.ui.dialog.draft.type == crm::ActivityType::Task);
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
    for (const auto& e : h.ui.dialog.errors.errors) MESSAGE(e.field << ": " << e.message);
    CHECK_FALSE(h.ui.dialog.open);
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
    CHECK(h.ui.dialog.open);
    CHECK(h.app.store.live_activity_count() == before);
    CHECK(h.ui.dialog.errors.error_for("due") != nullptr);
    CHECK(h.ui.dialog.errors.error_for("subject") != nullptr);
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
    REQUIRE_FALSE(h.ui.grid.rows.empty());
    press(ImGuiKey_DownArrow);
    CHECK(h.ui.selected.size() == 1);
    press(ImGuiKey_M);
    CHECK(h.ui.state_change.open);
}

TEST_CASE("ui smoke: double-clicking a row opens the activity") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(3);
    REQUIRE_FALSE(h.ui.grid.rows.empty());
    const auto& first = h.app.store.activities().at(h.ui.grid.rows.front());
    const auto* row = h.item(first.subject);
    REQUIRE(row != nullptr);
    crm::RegisteredItem target = *row;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(target.x + target.w / 2, target.y + target.h / 2);
    h.frame();
    for (int click = 0; click < 2; ++click) {
        io.AddMouseButtonEvent(0, true);
        h.frame();
        io.AddMouseButtonEvent(0, false);
        h.frame();
    }
    h.frames(2);
    CHECK(h.ui.dialog.open);
    CHECK(h.ui.dialog.draft.meta.id == first.meta.id);
}
