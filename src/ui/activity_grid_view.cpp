// My Work › Activities shown as a grid: the command bar and the activity table.
// The grid is an ImGui table drawn with the list clipper, so only visible rows are formatted:
// it costs the same at 100,000 activities as at 100. Rows come from run_activity_query(), cached
// until the data, the query, the sort or the minute changes.
#include <algorithm>

#include "core/locale_format.hpp"
#include "core/activity_format.hpp"
#include "core/i18n.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // SetKeyOwner, nav highlight state
#include "imgui_stdlib.h"
#include "item_registry.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

// Due sits next to Subject and Regarding: it is what people scan for.
enum Column : int { ColSelect, ColType, ColSubject, ColRegarding, ColDue, ColState, ColReason, ColPriority, ColOwner,
                    ColCreatedBy, ColCreatedOn, ColModifiedOn, ColCount };

GridColumn grid_column_for(int column) {
    switch (column) {
        case ColType: return GridColumn::Type;
        case ColSubject: return GridColumn::Subject;
        case ColRegarding: return GridColumn::Regarding;
        case ColDue: return GridColumn::Due;
        case ColState: return GridColumn::State;
        case ColReason: return GridColumn::Reason;
        case ColPriority: return GridColumn::Priority;
        case ColOwner: return GridColumn::Owner;
        case ColCreatedBy: return GridColumn::CreatedBy;
        case ColCreatedOn: return GridColumn::CreatedOn;
        default: return GridColumn::ModifiedOn;
    }
}

// The columns the user shows, in the order the user dragged them to (ImGui keeps both in the
// table's settings), for the CSV export.
std::vector<GridColumn> shown_columns() {
    ImGuiTable* table = ImGui::GetCurrentTable();
    std::vector<std::pair<int, GridColumn>> order;
    for (int c = ColType; c < ColCount; ++c)
        if (ImGui::TableGetColumnFlags(c) & ImGuiTableColumnFlags_IsEnabled)
            order.emplace_back(table ? static_cast<int>(table->Columns[c].DisplayOrder) : c, grid_column_for(c));
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<GridColumn> columns;
    for (const auto& [position, column] : order) columns.push_back(column);
    return columns;
}

SortColumn sort_column_for(int column) {
    switch (column) {
        case ColType: return SortColumn::Type;
        case ColSubject: return SortColumn::Subject;
        case ColRegarding: return SortColumn::Regarding;
        case ColOwner: return SortColumn::Owner;
        case ColPriority: return SortColumn::Priority;
        case ColState: return SortColumn::State;
        case ColReason: return SortColumn::Reason;
        case ColDue: return SortColumn::Due;
        case ColCreatedBy: return SortColumn::CreatedBy;
        case ColCreatedOn: return SortColumn::CreatedOn;
        case ColModifiedOn: return SortColumn::ModifiedOn;
        default: return SortColumn::Due;
    }
}

const std::vector<std::uint32_t>& grid_rows(App& app, UiState& ui) {
    return ui.grid.get(GridKey{ui.query, ui.sort, app.current_user_id}, app.store.version(), app.now() / 60'000, [&] {
        auto rows = run_activity_query(app.store, ui.query, ui.sort, app.query_context());
        // drop selections that left the view
        std::unordered_set<std::string> visible;
        for (auto i : rows) {
            const auto& id = app.store.activities().at(i).meta.id;
            if (ui.selected.count(id)) visible.insert(id);
        }
        ui.selected.swap(visible);
        return rows;
    });
}

std::vector<std::string> selected_ids(const App& app, const UiState& ui) {
    // in grid order, so bulk messages list activities as the user sees them
    std::vector<std::string> ids;
    if (ui.selected.empty()) return ids;
    for (auto i : ui.grid.view) {
        const auto& id = app.store.activities().at(i).meta.id;
        if (ui.selected.count(id)) ids.push_back(id);
    }
    return ids;
}

void draw_command_bar(App& app, UiState& ui, std::size_t row_count) {
    if (ImGui::Button(ui::label("+ New activity", "new_activity").c_str()) || ui.open_new_menu)
        ImGui::OpenPopup("new_activity_menu");
    ui.open_new_menu = false;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", shortcut_tooltip(ShortcutId::NewTask).c_str());
    if (ImGui::BeginPopup("new_activity_menu")) {
        // one key per type, shown beside it, so the menu works from the keyboard
        struct Entry { ActivityType type; ImGuiKey key; const char* key_text; };
        static constexpr Entry kEntries[] = {
            {ActivityType::Task, ImGuiKey_T, "T"},       {ActivityType::PhoneCall, ImGuiKey_P, "P"},
            {ActivityType::Email, ImGuiKey_E, "E"},      {ActivityType::Appointment, ImGuiKey_A, "A"},
            {ActivityType::Note, ImGuiKey_O, "O"},
        };
        for (const auto& e : kEntries) {
            if (ImGui::MenuItem(tr(activity_type_name(e.type)), e.key_text) || ImGui::IsKeyPressed(e.key, false)) {
                open_new_activity(app, ui, e.type);
                ImGui::CloseCurrentPopup();
            }
        }
        ImGui::EndPopup();
    }
    // The selection holds only rows in the view (grid_rows drops the others), so its size is
    // the count; the ids in grid order are listed only when a button needs them (a pass over
    // every row, too slow for every frame at 100,000).
    const std::size_t selected = ui.selected.size();
    ImGui::SameLine();
    ImGui::BeginDisabled(selected == 0);
    if (ImGui::Button(ui::label("Mark complete", "mark_complete").c_str()))
        open_state_change(app, ui, selected_ids(app, ui), ActivityState::Completed);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", shortcut_tooltip(ShortcutId::GridMarkComplete).c_str());
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Cancel activity", "cancel_activity").c_str()))
        open_state_change(app, ui, selected_ids(app, ui), ActivityState::Canceled);
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Assign", "assign").c_str())) open_assign(app, ui, selected_ids(app, ui));
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Delete", "delete").c_str())) {
        ui.confirm_delete.open = true;
        ui.confirm_delete.ids = selected_ids(app, ui);
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(row_count == 0);
    if (ImGui::Button(ui::label("Select all", "select_all").c_str()))
        for (auto i : ui.grid.view) ui.selected.insert(app.store.activities().at(i).meta.id);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(selected == 0);
    if (ImGui::Button(ui::label("Clear selection", "clear_selection").c_str())) ui.selected.clear();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(row_count == 0);
    if (ImGui::Button(ui::label("Export CSV", "export_csv").c_str())) export_grid_view_csv(app, ui);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr("Download the rows of this view with the shown columns as a CSV file"));
    ImGui::EndDisabled();
    ImGui::SameLine();
    const std::string count = tr_args("%s, %s", {count_phrase("%s activity", "%s activities", static_cast<long long>(row_count)),
                                                 count_phrase("%s selected", "%s selected", static_cast<long long>(selected))});
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
    ImGui::TextUnformatted(count.c_str());
    ImGui::PopStyleColor();
}

long index_of_id(const App& app, const std::vector<std::uint32_t>& rows, const std::string& id) {
    if (id.empty()) return -1;
    for (std::size_t k = 0; k < rows.size(); ++k)
        if (app.store.activities().at(rows[k]).meta.id == id) return static_cast<long>(k);
    return -1;
}

void handle_row_click(App& app, UiState& ui, const std::string& id) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl || io.KeySuper) {
        if (!ui.selected.erase(id)) ui.selected.insert(id);
        ui.anchor_id = id;
    } else if (io.KeyShift && !ui.anchor_id.empty()) {
        const auto& rows = ui.grid.view;
        long a = index_of_id(app, rows, ui.anchor_id), b = index_of_id(app, rows, id);
        if (a >= 0 && b >= 0) {
            ui.selected.clear();
            for (long k = std::min(a, b); k <= std::max(a, b); ++k)
                ui.selected.insert(app.store.activities().at(rows[static_cast<std::size_t>(k)]).meta.id);
        }
    } else {
        ui.selected.clear();
        ui.selected.insert(id);
        ui.anchor_id = id;
    }
}

// Keyboard use of the grid (keys in core/shortcuts.cpp, read by read_shortcut()): the arrows
// move a row cursor (Shift extends the selection), Space toggles, Enter opens, M marks the
// selection complete, Delete deletes, Ctrl+A selects all, Esc clears. ImGui's own keyboard
// navigation is on for every other widget; the grid claims the vertical keys from it so they
// move rows rather than the focus, and while ImGui's focus highlight is visible (the user
// tabbed to a button) Space and Enter press that button instead of acting on the row.
void handle_grid_keys(App& app, UiState& ui, const std::vector<std::uint32_t>& rows) {
    ImGuiContext& g = *GImGui;
    ImGuiIO& io = ImGui::GetIO();
    if (!io.WantTextInput && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId) && ui.dialogs.empty()) {
        ImGuiID owner = ImGui::GetID("grid_keys");
        for (ImGuiKey key : {ImGuiKey_UpArrow, ImGuiKey_DownArrow, ImGuiKey_PageUp, ImGuiKey_PageDown, ImGuiKey_Home, ImGuiKey_End})
            ImGui::SetKeyOwner(key, owner);
    }
    if (!ui.shortcut) return;
    auto id_at = [&](long k) { return app.store.activities().at(rows[static_cast<std::size_t>(k)]).meta.id; };
    long cursor = index_of_id(app, rows, ui.anchor_id);
    bool nav_focus_shown = g.NavId != 0 && !g.NavDisableHighlight;
    auto move = [&](long delta, bool extend) {
        if (rows.empty()) return;
        long size = static_cast<long>(rows.size());
        // with no cursor yet every move starts at the first row (End at the last)
        long next = cursor >= 0 ? std::clamp(cursor + delta, 0L, size - 1) : (delta >= size ? size - 1 : 0);
        std::string id = id_at(next);
        if (!extend) ui.selected.clear();
        ui.selected.insert(id);
        ui.anchor_id = id;
        ui.scroll_to_anchor = true;
        g.NavDisableHighlight = true;  // the row cursor is where the keyboard is now
    };
    const long last = static_cast<long>(rows.size());
    switch (*ui.shortcut) {
        case ShortcutId::GridDown: move(1, false); break;
        case ShortcutId::GridUp: move(-1, false); break;
        case ShortcutId::GridExtendDown: move(1, true); break;
        case ShortcutId::GridExtendUp: move(-1, true); break;
        case ShortcutId::GridPageDown: move(20, false); break;
        case ShortcutId::GridPageUp: move(-20, false); break;
        case ShortcutId::GridFirst: move(-last, false); break;
        case ShortcutId::GridLast: move(last, false); break;
        case ShortcutId::GridToggle:
            if (nav_focus_shown || cursor < 0) return;
            if (std::string id = id_at(cursor); !ui.selected.erase(id)) ui.selected.insert(id);
            break;
        case ShortcutId::GridOpen:
            if (nav_focus_shown || cursor < 0) return;
            open_activity(app, ui, id_at(cursor));
            break;
        case ShortcutId::GridDelete:
            if (ui.selected.empty()) return;
            ui.confirm_delete.open = true;
            ui.confirm_delete.ids = selected_ids(app, ui);
            break;
        case ShortcutId::GridSelectAll:
            for (auto i : rows) ui.selected.insert(app.store.activities().at(i).meta.id);
            break;
        case ShortcutId::GridClear: ui.selected.clear(); break;
        case ShortcutId::GridMarkComplete:
            if (ui.selected.empty()) return;
            open_state_change(app, ui, selected_ids(app, ui), ActivityState::Completed);
            break;
        default: return;
    }
    ui.shortcut.reset();
}

void coloured_text(ImU32 colour, const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
}

void draw_row_context_menu(App& app, UiState& ui, const Activity& a) {
    if (!ImGui::BeginPopupContextItem("row_menu")) return;
    if (ImGui::MenuItem(tr("button|Open"))) open_activity(app, ui, a.meta.id);
    bool closed = is_read_only(a);
    if (ImGui::MenuItem(tr("Mark complete"), nullptr, false, !closed && a.type != ActivityType::Note))
        open_state_change(app, ui, {a.meta.id}, ActivityState::Completed);
    if (ImGui::MenuItem(tr("Assign"), nullptr, false, !closed)) open_assign(app, ui, {a.meta.id});
    if (ImGui::MenuItem(tr("Delete"))) {
        ui.confirm_delete.open = true;
        ui.confirm_delete.ids = {a.meta.id};
    }
    ImGui::EndPopup();
}

void draw_table(App& app, UiState& ui, const std::vector<std::uint32_t>& rows) {
    ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable |
                            ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                            ImGuiTableFlags_BordersV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                            ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("activity_grid", ColCount, flags)) return;
    ImGui::TableSetupScrollFreeze(3, 1);
    ImGui::TableSetupColumn("##select", ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_NoHide | ImGuiTableColumnFlags_NoReorder, 20);
    ImGui::TableSetupColumn(ui::label("Type", "col_type").c_str(), 0, 112);
    ImGui::TableSetupColumn(ui::label("Subject", "col_subject").c_str(), ImGuiTableColumnFlags_NoHide, 230);
    ImGui::TableSetupColumn(ui::label("Regarding", "col_regarding").c_str(), 0, 190);
    ImGui::TableSetupColumn(ui::label("Due", "col_due").c_str(), ImGuiTableColumnFlags_DefaultSort, 122);
    ImGui::TableSetupColumn(ui::label("Status", "col_state").c_str(), 0, 78);
    ImGui::TableSetupColumn(ui::label("Status Reason", "col_reason").c_str(), 0, 125);
    ImGui::TableSetupColumn(ui::label("Priority", "col_priority").c_str(), 0, 62);
    ImGui::TableSetupColumn(ui::label("Owner", "col_owner").c_str(), 0, 125);
    ImGui::TableSetupColumn(ui::label("Created By", "col_created_by").c_str(), 0, 120);
    ImGui::TableSetupColumn(ui::label("Created On", "col_created_on").c_str(), ImGuiTableColumnFlags_DefaultHide, 125);
    ImGui::TableSetupColumn(ui::label("Modified On", "col_modified_on").c_str(), ImGuiTableColumnFlags_DefaultHide, 130);
    ImGui::TableHeadersRow();
    ui.grid_columns = shown_columns();
    // Screen readers read a row by its cells in this order (see note_row below).
    item_registry_table("activity_grid", tr("Activities"), static_cast<int>(rows.size()),
                        {tr("Subject"), tr("Type"), tr("Regarding"), tr("Due"), tr("Status"), tr("Status Reason"),
                         tr("Priority"), tr("Owner")});

    if (!ui.grid_sort_applied) {
        // The saved preference decides the sort after a reload; tell the table so its header
        // arrow agrees (and its own saved specs do not override the preference).
        int column = ColDue;
        for (int c = ColType; c < ColCount; ++c)
            if (sort_column_for(c) == ui.sort.column) column = c;
        ImGui::TableSetColumnSortDirection(column, ui.sort.descending ? ImGuiSortDirection_Descending : ImGuiSortDirection_Ascending, false);
        ui.grid_sort_applied = true;
    } else if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
            ui.sort.column = sort_column_for(specs->Specs[0].ColumnIndex);
            ui.sort.descending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        }
        specs->SpecsDirty = false;
    }

    DueWindow window = make_due_window(app.zone, app.now());
    float icon = ImGui::GetTextLineHeight();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    long anchor = ui.scroll_to_anchor ? index_of_id(app, rows, ui.anchor_id) : -1;
    if (anchor >= 0) clipper.IncludeItemByIndex(static_cast<int>(anchor));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const Activity& a = app.store.activities().at(rows[static_cast<std::size_t>(r)]);
            ActivityRowText text = format_activity_row(app.store, a, app.zone, window);
            ImGui::PushID(a.meta.id.c_str());
            ImGui::TableNextRow();
            item_registry_row_begin("activity_grid", r);
            bool selected = ui.selected.count(a.meta.id) > 0;
            if (r == anchor) {
                ImGui::TableSetColumnIndex(ColSelect);
                ImGui::SetScrollHereY(0.5f);
                ui.scroll_to_anchor = false;
            }

            ImGui::TableSetColumnIndex(ColSelect);
            bool check = selected;
            // compact checkbox so rows stay one text line high
            ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(1, 1));
            item_registry_caption(tr("Select"));
            bool toggled = ImGui::Checkbox("##sel", &check);
            ImGui::PopStyleVar();
            if (toggled) {
                if (check) ui.selected.insert(a.meta.id);
                else ui.selected.erase(a.meta.id);
                ui.anchor_id = a.meta.id;
            }
            if (ImGui::TableSetColumnIndex(ColType)) {
                ui::type_icon(a.type, icon);
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(text.type));
                ImGui::SameLine(0, 4);
                ImGui::TextUnformatted(tr(text.type));
            }
            ImGui::TableSetColumnIndex(ColSubject);
            ImGuiSelectableFlags sflags = ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap |
                                          ImGuiSelectableFlags_AllowDoubleClick;
            if (ImGui::Selectable((a.subject + "##row").c_str(), selected, sflags)) {
                // Enter on a row reached with Tab opens it, as a double-click does; Space selects
                bool enter_key = !ImGui::IsMouseReleased(ImGuiMouseButton_Left) && ImGui::IsKeyPressed(ImGuiKey_Enter, false);
                if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) || enter_key) open_activity(app, ui, a.meta.id);
                else handle_row_click(app, ui, a.meta.id);
            }
            item_registry_note_row({a.subject, tr(text.type), text.regarding, text.due, tr(text.state), tr(text.reason),
                                    tr(text.priority), text.owner},
                                   selected);
            draw_row_context_menu(app, ui, a);
            if (ImGui::TableSetColumnIndex(ColRegarding)) {
                if (!text.regarding.empty()) {
                    ImGui::TextUnformatted(text.regarding.c_str());
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", tr(text.regarding_kind), text.regarding.c_str());
                }
            }
            if (ImGui::TableSetColumnIndex(ColOwner)) ImGui::TextUnformatted(text.owner.c_str());
            if (ImGui::TableSetColumnIndex(ColPriority)) {
                if (a.priority == Priority::High) coloured_text(ui::kOverdueColour, tr(text.priority));
                else ImGui::TextUnformatted(tr(text.priority));
            }
            if (ImGui::TableSetColumnIndex(ColState)) ImGui::TextUnformatted(tr(text.state));
            if (ImGui::TableSetColumnIndex(ColReason)) ImGui::TextUnformatted(tr(text.reason));
            if (ImGui::TableSetColumnIndex(ColDue)) {
                if (text.due_tone == DueTone::Overdue) coloured_text(ui::kOverdueColour, text.due.c_str());
                else if (text.due_tone == DueTone::Today) coloured_text(ui::kTodayColour, text.due.c_str());
                else ImGui::TextUnformatted(text.due.c_str());
            }
            if (ImGui::TableSetColumnIndex(ColCreatedBy)) ImGui::TextUnformatted(text.created_by.c_str());
            if (ImGui::TableSetColumnIndex(ColCreatedOn)) ImGui::TextUnformatted(text.created_on.c_str());
            if (ImGui::TableSetColumnIndex(ColModifiedOn)) ImGui::TextUnformatted(text.modified_on.c_str());
            item_registry_row_end();
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace

void draw_activity_grid(App& app, UiState& ui) {
    const auto& rows = grid_rows(app, ui);
    handle_grid_keys(app, ui, rows);
    draw_command_bar(app, ui, rows.size());
    if (rows.empty()) {
        ImGui::Spacing();
        ImGui::TextUnformatted(tr("No activities match this view and these filters."));
        if (ImGui::Button(ui::label("Show all activities", "clear_filters").c_str())) {
            ui.query = ActivityQuery{};
            ui.query.view = ActivityView::AllActivities;
            ui.query.state = StateFilter::Any;
        }
        return;
    }
    draw_table(app, ui, rows);
}

}  // namespace crm
