// My Work › Activities: the page header with "Show as" (Grid, Kanban, Calendar, Dashboard), the
// view and filter bar shared by all four (so a filter or an edit shows at once in each), the
// chips of a dashboard drill-down, and the preferences that bring the page back as the user left
// it after a reload.
#include "core/activity_index.hpp"
#include "core/i18n.hpp"
#include "core/locale_format.hpp"
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
    for (auto mode : {ShowAs::Grid, ShowAs::Kanban, ShowAs::Calendar, ShowAs::Dashboard}) {
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
    if ((ui.show_as != ShowAs::Kanban || ui.grouping != KanbanGrouping::State) && ui.show_as != ShowAs::Dashboard) {
        // the state board and the dashboard always show every state
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

// A dashboard bar's drill-down filters, one removable chip each, so the user sees why the grid
// shows what it shows. The dashboard itself counts without them (report_base_query).
void draw_drill_chips(App& app, UiState& ui) {
    ActivityQuery& q = ui.query;
    if (ui.show_as == ShowAs::Dashboard || !q.has_drill_down()) return;
    auto chip = [&](const std::string& text, const char* id) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_Header));
        bool remove = ImGui::SmallButton((text + "  \u00d7###" + id).c_str());
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Remove this filter"));
        return remove;
    };
    ImGui::TextDisabled("%s", tr("From the dashboard:"));
    if (!q.owner_id.empty()) {
        std::uint32_t slot = app.activity_index.owner_slot(q.owner_id);
        std::string name = slot == ActivityIndex::kNoSlot ? q.owner_id : app.store.owner_name(app.activity_index.owner_ref(slot));
        if (chip(tr_format(N_("Owner: %s"), name), "chip_owner")) q.owner_id.clear();
    }
    if (q.state_mask != kAllStatesMask) {
        std::string states;
        for (ActivityState s : kAllActivityStates)
            if (q.state_mask & (1u << static_cast<unsigned>(s))) states += (states.empty() ? "" : ", ") + std::string(tr(activity_state_name(s)));
        if (chip(tr_format(N_("Status: %s"), states), "chip_state")) q.state_mask = kAllStatesMask;
    }
    if (q.due_range.active()) {
        std::string range = tr_args(N_("Due %s – %s"), {format_date(q.due_range.first), format_date(add_days(q.due_range.first, q.due_range.days - 1))});
        if (chip(range, "chip_due_range")) q.due_range = {};
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
    draw_drill_chips(app, ui);
    // Ctrl+Z undoes the last kanban or calendar move (the grid's edits go through dialogs)
    if (take_shortcut(ui, ShortcutId::UndoMove)) undo_last_move(app, ui);
    switch (ui.show_as) {
        case ShowAs::Grid: draw_activity_grid(app, ui); break;
        case ShowAs::Kanban: draw_kanban(app, ui); break;
        case ShowAs::Calendar: draw_calendar(app, ui); break;
        case ShowAs::Dashboard: draw_report(app, ui); break;
    }
}

}  // namespace crm
