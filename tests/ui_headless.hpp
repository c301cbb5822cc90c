// A headless ImGui app for UI tests: the demo data, a fixed clock in Warsaw, a font atlas and a
// display size (all ImGui needs without a backend), keyboard navigation on as in the browser,
// and the item registry on, so tests can find what a frame drew, click it and press keys.
#pragma once
#include <string>

#include "core/demo_data.hpp"
#include "imgui.h"
#include "ui/item_registry.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

struct Headless {
    crm::App app;
    crm::UiState ui;
    crm::UtcMillis now = 1'795'000'000'000;  // 2026-11-18

    Headless(const Headless&) = delete;
    Headless& operator=(const Headless&) = delete;
    Headless() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // as main_web.cpp
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
        app.catalog_dir = CRM_SOURCE_DIR "/assets/i18n";
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
    // The item with this label, in a window whose title starts with `window` when given.
    const crm::RegisteredItem* item(const std::string& label, const std::string& window = {}) {
        for (const auto& it : crm::item_registry_items())
            if (it.label == label && it.window.rfind(window, 0) == 0) return &it;
        return nullptr;
    }
    void type(const char* text) {
        ImGui::GetIO().AddInputCharactersUTF8(text);
        frames(2);
    }
    // Two clicks in quick succession at (x, y).
    void double_click(float x, float y) {
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(x, y);
        frame();
        for (int click = 0; click < 2; ++click) {
            io.AddMouseButtonEvent(0, true);
            frame();
            io.AddMouseButtonEvent(0, false);
            frame();
        }
        frames(2);
    }
    // The kanban board in every grouping, then the calendar in every mode (left in Agenda).
    void draw_every_board_and_calendar() {
        ui.show_as = crm::ShowAs::Kanban;
        for (auto g : {crm::KanbanGrouping::State, crm::KanbanGrouping::Type, crm::KanbanGrouping::Priority,
                       crm::KanbanGrouping::Owner}) {
            ui.grouping = g;
            frames(3);
        }
        ui.show_as = crm::ShowAs::Calendar;
        for (auto m : {crm::CalendarMode::Month, crm::CalendarMode::Week, crm::CalendarMode::WorkWeek, crm::CalendarMode::Day,
                       crm::CalendarMode::Agenda}) {
            ui.calendar_mode = m;
            frames(3);
        }
    }
    // The first account, contact, opportunity and case, each form stacked on the one before.
    void open_one_record_of_each_kind() {
        const auto& s = app.store;
        crm::open_record(app, ui, {crm::RegardingKind::Account, s.accounts().rows().front().meta.id});
        crm::open_record(app, ui, {crm::RegardingKind::Contact, s.contacts().rows().front().meta.id});
        crm::open_record(app, ui, {crm::RegardingKind::Opportunity, s.opportunities().rows().front().meta.id});
        crm::open_record(app, ui, {crm::RegardingKind::Case, s.cases().rows().front().meta.id});
        frames(4);
    }
    // A key press (with modifiers held) through ImGui's input queue, as the browser sends it.
    void press(ImGuiKey key, bool shift = false, bool ctrl = false) {
        ImGuiIO& io = ImGui::GetIO();
        if (shift) io.AddKeyEvent(ImGuiMod_Shift, true);
        if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, true);
        io.AddKeyEvent(key, true);
        frames(1);
        io.AddKeyEvent(key, false);
        if (shift) io.AddKeyEvent(ImGuiMod_Shift, false);
        if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, false);
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
