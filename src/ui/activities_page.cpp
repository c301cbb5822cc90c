// My Work › Activities: the page header with "Show as" (Grid, Kanban, Calendar), the view and
// filter bar shared by all three (so a filter or an edit shows at once in each), and the
// preferences that bring the page back as the user left it after a reload.
#include "core/i18n.hpp"
#include "imgui.h"
#include "item_registry.hpp"
#include "imgui_internal.h"  // ActivateItemByID
#include "imgui_stdlib.h"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

ViewPrefs current_prefs(const UiState& ui) {
    return ViewPrefs{.show_as = ui.show_as, .query = ui.query, .sort = ui.sort, .grouping = ui.grouping,
                     .calendar_mode = ui.calendar_mode, .calendar = ui.calendar};
}

// Loads the saved preferences once, then writes them whenever they change.
void sync_prefs(App& app, UiState& ui) {
    if (!ui.prefs_loaded) {
        ui.prefs_loaded = true;
        std::string saved = app.store.setting(kSettingViewPrefs);
        if (!saved.empty()) {
            ViewPrefs p = decode_view_prefs(saved);
            ui.show_as = p.show_as;
            ui.query = p.query;
            ui.sort = p.sort;
            ui.grouping = p.grouping;
            ui.calendar_mode = p.calendar_mode;
            ui.calendar = p.calendar;
            ui.grid_sort_applied = false;
        }
        ui.prefs_saved = current_prefs(ui);
    }
    if (ui.start_view) {  // the embedding page's view, for this visit only (not saved)
        ui.show_as = *ui.start_view;
        ui.prefs_saved.show_as = ui.show_as;
        ui.start_view.reset();
        return;
    }
    ViewPrefs now = current_prefs(ui);
    if (!(now == ui.prefs_saved) && !ImGui::IsAnyItemActive()) {  // not on every keystroke in the search box
        app.store.put_setting(kSettingViewPrefs, encode_view_prefs(now), app.actor());
        ui.prefs_saved = std::move(now);
    }
}

void draw_show_as(UiState& ui) {
    for (auto mode : {ShowAs::Grid, ShowAs::Kanban, ShowAs::Calendar}) {
        bool active = ui.show_as == mode;
        if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        std::string id = std::string("show_") + show_as_name(mode);
        if (ImGui::Button(ui::label(show_as_name(mode), id.c_str()).c_str())) ui.show_as = mode;
        if (active) ImGui::PopStyleColor();
        ImGui::SameLine(0, 2);
    }
    ImGui::NewLine();
}

void draw_filter_bar(UiState& ui) {
    item_registry_caption(tr("View"));  // screen readers' name for a combo with no caption
    ui::enum_combo("view", 200, ui.query.view,
                   {ActivityView::MyActivities, ActivityView::MyTeamMembers, ActivityView::AllActivities},
                   activity_view_name);
    ImGui::SameLine();
    ui::field_caption("Type");
    ui::type_mask_combo("type_filter", 130, ui.query.type_mask);
    ImGui::SameLine();
    ui::field_caption("Due");
    ImGui::SetNextItemWidth(130);
    if (ui::begin_combo("due_filter", tr(due_filter_name(ui.query.due)))) {
        for (auto f : {DueFilter::Any, DueFilter::Overdue, DueFilter::Today, DueFilter::Next7Days}) {
            if (ImGui::Selectable(tr(due_filter_name(f)), ui.query.due == f)) ui.query.due = f;
            if (f == DueFilter::Next7Days && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", tr("Due today or in the 7 days after today, in your time zone"));
        }
        ImGui::EndCombo();
    }
    if (ui.show_as != ShowAs::Kanban || ui.grouping != KanbanGrouping::State) {
        // the state board always shows every state
        ImGui::SameLine();
        ui::field_caption("Status");
        ui::enum_combo("state_filter", 160, ui.query.state,
                       {StateFilter::Active, StateFilter::Completed, StateFilter::Canceled, StateFilter::Any},
                       state_filter_name);
    }
    ImGui::SameLine();
    item_registry_caption(tr("Regarding"));
    ui::enum_combo("regarding_filter", 150, ui.query.regarding,
                   {RegardingFilter::Any, RegardingFilter::Set, RegardingFilter::Empty}, regarding_filter_name);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(170);
    item_registry_caption(tr("Search subject or regarding"));
    ImGui::InputTextWithHint("##grid_search", tr("Search subject or regarding"), &ui.query.text);
    if (ui.focus_search) {
        // activated directly: the field takes the typing at once, as after a click
        ImGui::ActivateItemByID(ImGui::GetItemID());
        ui.focus_search = false;
    }
    if (ui.show_as == ShowAs::Grid) {
        ImGui::SameLine();
        ImGui::Checkbox(ui::label("Empty values last", "blanks_last").c_str(), &ui.sort.blanks_last);
    }
}

}  // namespace

void draw_activities_page(App& app, UiState& ui) {
    sync_prefs(app, ui);
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
    ImGui::TextUnformatted(tr("Activities"));
    ImGui::PopStyleColor();
    ImGui::SameLine(0, 24);
    ImGui::TextDisabled("%s", tr("Show as"));
    ImGui::SameLine();
    draw_show_as(ui);
    draw_filter_bar(ui);
    // Ctrl+Z undoes the last kanban or calendar move (the grid's edits go through dialogs)
    if (take_shortcut(ui, ShortcutId::UndoMove)) undo_last_move(app, ui);
    switch (ui.show_as) {
        case ShowAs::Grid: draw_activity_grid(app, ui); break;
        case ShowAs::Kanban: draw_kanban(app, ui); break;
        case ShowAs::Calendar: draw_calendar(app, ui); break;
    }
}

}  // namespace crm
