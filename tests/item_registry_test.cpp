// The item registry's screen-reader decisions, natively with headless ImGui (no backend): the
// role, name, state and grouping of each kind of widget the views draw, the Activities grid's
// rows read by their cells, activation through ImGui's input queue, and what one frame's
// recording costs (printed, not asserted: the machine's speed is not the product's).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <variant>

#include "core/demo_data.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "ui/item_registry.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"
#include "ui_headless.hpp"

namespace {

struct ImGuiSetup {
    ImGuiSetup() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1400, 850);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        crm::item_registry_enable(true);
    }
    ~ImGuiSetup() { ImGui::DestroyContext(); }
};

const crm::RegisteredItem* find(const std::string& label) {
    for (const auto& it : crm::item_registry_items())
        if (it.label == label) return &it;
    return nullptr;
}

// One window of the widgets the views use, drawn the way the views draw them.
struct Widgets {
    bool check = true, pressed = false, combo_open = false;
    int radio = 1;
    std::string subject = "Call Chris", notes = "line one\nline two";
    void draw() {
        crm::item_registry_begin_frame();
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 700));
        ImGui::Begin("Main###main");
        ImGui::BeginChild("Page###page", ImVec2(0, 0));
        crm::item_registry_landmark(crm::A11yLandmark::Main, "Activities");
        pressed |= ImGui::Button("Save###save");
        ImGui::BeginDisabled();
        ImGui::Button("Delete###delete");
        ImGui::EndDisabled();
        ImGui::Checkbox("Empty values last", &check);
        ImGui::RadioButton("High", &radio, 1);
        crm::item_registry_note_role(crm::A11yRole::Radio);
        crm::item_registry_note_checked(radio == 1);
        if (ImGui::BeginTable("form", 2)) {
            crm::ui::form_row("Subject", true);
            crm::ui::input_text("##subject", "subject", subject);
            crm::ui::form_row("Description");
            crm::ui::input_multiline("##description", "description", notes, 60);
            crm::ui::form_row("Type");
            combo_open = crm::ui::begin_combo("type", "Task");
            if (combo_open) {
                ImGui::Selectable("Phone Call");
                ImGui::EndCombo();
            }
            crm::ui::form_row("Due");
            std::string date = "2026-12-01", time;
            ImGui::InputText("##due_date", &date);
            ImGui::InputText("##due_time", &time);
            ImGui::EndTable();
        }
        ImGui::EndChild();
        ImGui::End();
        ImGui::Render();
    }
};

}  // namespace

TEST_CASE("item registry: roles, names, states and landmarks of the views' widgets") {
    ImGuiSetup setup;
    Widgets w;
    for (int i = 0; i < 3; ++i) w.draw();

    const auto* save = find("Save");
    REQUIRE(save != nullptr);
    CHECK(save->role == crm::A11yRole::Button);
    CHECK_FALSE(save->disabled);
    CHECK(save->landmark == crm::A11yLandmark::Main);
    CHECK(save->landmark_label == "Activities");
    CHECK(crm::item_registry_windows().at(static_cast<std::size_t>(save->window_index)).role == crm::A11yWindowRole::Main);

    const auto* del = find("Delete");
    REQUIRE(del != nullptr);
    CHECK(del->disabled);

    const auto* check = find("Empty values last");
    REQUIRE(check != nullptr);
    CHECK(check->role == crm::A11yRole::Checkbox);
    CHECK(check->checked);
    CHECK(check->name.empty());  // it has a visible label of its own

    const auto* radio = find("High");
    REQUIRE(radio != nullptr);
    CHECK(radio->role == crm::A11yRole::Radio);
    CHECK(radio->checked);

    // fields without visible labels are named by their form row's caption
    const auto* subject = find("subject");
    REQUIRE(subject != nullptr);
    CHECK(subject->role == crm::A11yRole::Textbox);
    CHECK(subject->name == "Subject");
    CHECK(subject->value == "Call Chris");

    const auto* description = find("description");
    REQUIRE(description != nullptr);
    CHECK(description->role == crm::A11yRole::TextboxMultiline);
    CHECK(description->name == "Description");
    CHECK(description->value == "line one\nline two");

    const auto* type = find("type");
    REQUIRE(type != nullptr);
    CHECK(type->role == crm::A11yRole::Combobox);
    CHECK(type->name == "Type");
    CHECK(type->value == "Task");
    CHECK_FALSE(type->expanded);

    // a second field in the same row is named after the caption and its own id
    const auto* due_date = find("due_date");
    const auto* due_time = find("due_time");
    REQUIRE(due_date != nullptr);
    REQUIRE(due_time != nullptr);
    CHECK(due_date->name == "Due");
    CHECK(due_time->name == "Due: due time");

    std::string json = crm::item_registry_json();
    CHECK(json.find("\"role\":\"textbox\",\"label\":\"subject\"") != std::string::npos);
    CHECK(json.find("\"name\":\"Subject\",\"value\":\"Call Chris\"") != std::string::npos);
    CHECK(json.find("\"value\":\"line one\\u000aline two\"") != std::string::npos);  // escaped, never raw

    SUBCASE("activation clicks the item through ImGui's input queue") {
        CHECK_FALSE(w.pressed);
        REQUIRE(crm::item_registry_activate(find("Save")->id, crm::A11yAction::Click));
        for (int i = 0; i < 4; ++i) w.draw();
        CHECK(w.pressed);
        CHECK_FALSE(crm::item_registry_activate(12345u, crm::A11yAction::Click));  // not on screen
    }

    SUBCASE("an open combo: expanded, still in its own window; its choices are options in a listbox") {
        REQUIRE(crm::item_registry_activate(find("type")->id, crm::A11yAction::Click));
        for (int i = 0; i < 5; ++i) w.draw();
        REQUIRE(w.combo_open);
        const auto* combo = find("type");
        REQUIRE(combo != nullptr);
        CHECK(combo->expanded);
        CHECK(combo->layer == 0);
        CHECK(crm::item_registry_windows().at(static_cast<std::size_t>(combo->window_index)).role == crm::A11yWindowRole::Main);
        const auto* option = find("Phone Call");
        REQUIRE(option != nullptr);
        CHECK(option->role == crm::A11yRole::Option);
        CHECK(crm::item_registry_windows().at(static_cast<std::size_t>(option->window_index)).role == crm::A11yWindowRole::Listbox);
    }
}

namespace {
// The demo data's first user signed in (the registry tests look at a working screen).
struct App : Headless {
    App() { crm::sign_in(app, app.store.users().rows().front().meta.id); }
};
}  // namespace

TEST_CASE("item registry: the Activities grid's rows read by their cells; activating one opens it") {
    App a;
    for (int i = 0; i < 3; ++i) a.frame();

    std::vector<const crm::RegisteredItem*> rows;
    for (const auto& it : crm::item_registry_items())
        if (it.role == crm::A11yRole::Row) rows.push_back(&it);
    REQUIRE(!rows.empty());
    const crm::RegisteredItem row = *rows.front();  // a copy: the list is rebuilt every frame
    CHECK(row.table == "activity_grid");
    CHECK(row.row_index == 0);
    REQUIRE(row.cells.size() == 8);
    CHECK(row.cells[0] == row.label);  // subject first, so the row is read starting with it
    const crm::Activity* activity = nullptr;
    for (const auto& act : a.app.store.activities().rows())
        if (act.subject == row.label) activity = &act;
    REQUIRE(activity != nullptr);
    CHECK(row.cells[1] == crm::activity_type_name(activity->type));

    // the row's select checkbox is grouped with it and named
    const crm::RegisteredItem* select = nullptr;
    for (const auto& it : crm::item_registry_items())
        if (it.role == crm::A11yRole::Checkbox && it.table == "activity_grid" && it.row_index == 0) select = &it;
    REQUIRE(select != nullptr);
    CHECK(select->name == "Select");

    // navigation entries are links; the current page's is selected
    const auto* nav = find("Activities");
    REQUIRE(nav != nullptr);
    CHECK(nav->role == crm::A11yRole::Link);
    CHECK(nav->selected);
    CHECK(nav->landmark == crm::A11yLandmark::Navigation);

    std::string a11y = crm::item_registry_a11y_json(crm::item_registry_json());
    CHECK(a11y.find("\"tables\":[{\"id\":\"activity_grid\",\"label\":\"Activities\",\"rowCount\":" +
                    std::to_string(a.ui.grid.view.size())) != std::string::npos);

    // a context menu opened from a row is a menu of its own, not part of the row
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(row.x + 60, row.y + row.h / 2);
    a.frame();
    io.AddMouseButtonEvent(ImGuiMouseButton_Right, true);
    a.frame();
    io.AddMouseButtonEvent(ImGuiMouseButton_Right, false);
    for (int i = 0; i < 3; ++i) a.frame();
    const auto* open_item = find("Open");
    REQUIRE(open_item != nullptr);
    CHECK(open_item->role == crm::A11yRole::MenuItem);
    CHECK(open_item->row_index == -1);
    CHECK(crm::item_registry_windows().at(static_cast<std::size_t>(open_item->window_index)).role == crm::A11yWindowRole::Menu);
    io.AddMousePosEvent(1390, 845);  // a click outside closes the menu
    a.frame();
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    a.frame();
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    for (int i = 0; i < 2; ++i) a.frame();
    REQUIRE(find("Open") == nullptr);

    std::string subject = row.label;
    REQUIRE(crm::item_registry_activate(find(subject)->id, crm::A11yAction::Open));
    for (int i = 0; i < 6; ++i) a.frame();
    REQUIRE(a.ui.dialogs.size() == 1);
    const auto* dialog = std::get_if<crm::ActivityDialog>(&a.ui.dialogs.back());
    REQUIRE(dialog != nullptr);
    CHECK(dialog->draft.subject == subject);
    a.frame();
    const auto* subject_field = find("subject");
    REQUIRE(subject_field != nullptr);
    CHECK(subject_field->name == "Subject");
    CHECK(subject_field->value == subject);
    CHECK(crm::item_registry_windows().at(static_cast<std::size_t>(subject_field->window_index)).role == crm::A11yWindowRole::Dialog);
}

TEST_CASE("item registry: customer record lists are tables of rows too") {
    App a;
    a.ui.page = crm::Page::Accounts;
    for (int i = 0; i < 3; ++i) a.frame();
    int rows = 0;
    for (const auto& it : crm::item_registry_items()) {
        if (it.role != crm::A11yRole::Row) continue;
        ++rows;
        CHECK(it.table.rfind("records_", 0) == 0);
        REQUIRE(!it.cells.empty());
        CHECK(it.cells[0] == it.label);
    }
    CHECK(rows > 0);
}

TEST_CASE("item registry: one frame's recording cost (printed)") {
    App a;
    a.ui.query.view = crm::ActivityView::AllActivities;
    a.ui.query.state = crm::StateFilter::Any;
    for (int i = 0; i < 3; ++i) a.frame();
    using clock = std::chrono::steady_clock;
    enum class Json { None, Full, MirrorUpdate };
    auto time_frames = [&](bool on, Json json) {
        crm::item_registry_enable(on);
        a.frame();
        auto start = clock::now();
        constexpr int kFrames = 200;
        for (int i = 0; i < kFrames; ++i) {
            a.frame();
            if (json == Json::Full) crm::item_registry_a11y_json(crm::item_registry_json());
            if (json == Json::MirrorUpdate) crm::item_registry_mirror_update();
        }
        return std::chrono::duration<double, std::micro>(clock::now() - start).count() / kFrames;
    };
    double off = time_frames(false, Json::None), recording = time_frames(true, Json::None);
    double with_json = time_frames(true, Json::Full), with_update = time_frames(true, Json::MirrorUpdate);
    std::size_t items = crm::item_registry_items().size();
    std::printf("item registry, %zu items: frame %.0f us without it, %.0f us recording (+%.0f), %.0f us with the JSON (+%.0f), "
                "%.0f us with the mirror's update of an unchanged frame (+%.0f)\n",
                items, off, recording, recording - off, with_json, with_json - off, with_update, with_update - off);
    CHECK(items > 20);
}

TEST_CASE("item registry: the mirror's updates send what changed, and add up to the frame") {
    App a;
    a.ui.query.view = crm::ActivityView::AllActivities;
    a.ui.query.state = crm::StateFilter::Any;
    for (int i = 0; i < 3; ++i) a.frame();
    crm::item_registry_mirror_reset();

    // The mirror's copy, built only from updates, as web/a11y_mirror.js builds it.
    std::vector<unsigned> order;
    std::map<unsigned, nlohmann::json> items;
    nlohmann::json windows, tables, status;
    auto apply = [&](const std::string& update) {
        if (update.empty()) return;
        auto u = nlohmann::json::parse(update);
        if (u.contains("windows")) windows = u["windows"];
        if (u.contains("tables")) tables = u["tables"];
        if (u.contains("status")) status = u["status"];
        if (u.contains("order")) {
            order = u["order"].get<std::vector<unsigned>>();
            std::set<unsigned> present(order.begin(), order.end());
            for (auto it = items.begin(); it != items.end();) it = present.count(it->first) ? std::next(it) : items.erase(it);
        }
        if (u.contains("set"))
            for (const auto& it : u["set"]) items[it["id"].get<unsigned>()] = it;
    };
    // Everything the mirror should hold for the current frame: a fresh full update.
    auto matches_frame = [&] {
        crm::item_registry_mirror_reset();
        auto full = nlohmann::json::parse(crm::item_registry_mirror_update());
        CHECK(full["windows"] == windows);
        CHECK(full["tables"] == tables);
        CHECK(full["status"] == status);
        REQUIRE(full["order"].get<std::vector<unsigned>>() == order);
        REQUIRE(full["set"].size() == order.size());
        for (std::size_t i = 0; i < order.size(); ++i) CHECK(full["set"][i] == items.at(order[i]));
    };

    std::string first = crm::item_registry_mirror_update();
    apply(first);
    REQUIRE(!order.empty());
    CHECK(items.size() == order.size());
    CHECK(first.find("\"x\":") == std::string::npos);  // no geometry: the mirror is not drawn

    a.frame();
    CHECK(crm::item_registry_mirror_update().empty());  // an unchanged frame sends nothing

    // Scrolling the grid sends the rows that came into view, not the whole frame again.
    const crm::RegisteredItem* row = nullptr;
    for (const auto& it : crm::item_registry_items())
        if (it.role == crm::A11yRole::Row && !row) row = &it;
    REQUIRE(row != nullptr);
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(row->x + 60, row->y + row->h / 2);
    a.frame();
    apply(crm::item_registry_mirror_update());
    for (int k = 0; k < 4; ++k) {
        io.AddMouseWheelEvent(0, -2);
        a.frame();
        std::string update = crm::item_registry_mirror_update();
        REQUIRE(!update.empty());
        auto u = nlohmann::json::parse(update);
        CHECK_FALSE(u.contains("windows"));
        CHECK(u.contains("order"));
        REQUIRE(u.contains("set"));
        CHECK(u["set"].size() < order.size() / 2);
        apply(update);
    }
    matches_frame();
    apply(crm::item_registry_mirror_update());  // after a reset, the whole frame again

    // A dialog opens: windows change, its items come; closing it takes them away again.
    REQUIRE(crm::item_registry_activate(row->id, crm::A11yAction::Open));
    for (int i = 0; i < 7; ++i) {
        a.frame();
        apply(crm::item_registry_mirror_update());
    }
    REQUIRE(a.ui.dialogs.size() == 1);
    matches_frame();
    apply(crm::item_registry_mirror_update());
    io.AddKeyEvent(ImGuiKey_Escape, true);
    a.frame();
    apply(crm::item_registry_mirror_update());
    io.AddKeyEvent(ImGuiKey_Escape, false);
    for (int i = 0; i < 3; ++i) {
        a.frame();
        apply(crm::item_registry_mirror_update());
    }
    CHECK(a.ui.dialogs.empty());
    matches_frame();
}
