// A record's timeline inside its form: the history of work with the customer, newest first.
// The toolbar chooses the roll-up (none / related / extended), type, state and due window, and
// searches; "Add activity" opens a new activity on top with Regarding set to this record. Each
// row shows the type icon, subject, state, due, owner, who created it when, and the record it
// came through ("via contact Chris Preston"), with Open, Mark complete, Assign and Delete.
#include "core/locale_format.hpp"
#include "core/activity_format.hpp"
#include "core/i18n.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

const Timeline& timeline_of(App& app, RecordDialog& d) {
    return d.timeline_cache.get(d.timeline, app.store.version(), app.now() / 60'000, [&] {
        return build_timeline(app.store, {d.kind, meta_of(d.draft).id}, d.timeline, app.zone, app.now(), &app.activity_index);
    });
}

void draw_toolbar(App& app, UiState& ui, RecordDialog& d) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
    ImGui::TextUnformatted(tr("Timeline"));
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (ImGui::Button(ui::label("+ Add activity", "timeline_add").c_str())) ImGui::OpenPopup("timeline_add_menu");
    if (ImGui::BeginPopup("timeline_add_menu")) {
        for (auto type : kAllActivityTypes)
            if (ImGui::MenuItem(tr(activity_type_name(type)))) open_new_activity(app, ui, type, {d.kind, meta_of(d.draft).id});
        ImGui::EndPopup();
    }
    TimelineFilter& f = d.timeline;
    ui::field_caption("Roll-up");
    ui::enum_combo("timeline_rollup", 150, f.rollup, {RollupMode::None, RollupMode::Related, RollupMode::Extended}, rollup_mode_name);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("None: this record only. Related: also its contacts, opportunities and cases. "
                                   "Extended: also their records and emails to its contacts."));
    ImGui::SameLine();
    ui::type_mask_combo("timeline_type", 120, f.type_mask);
    ui::enum_combo("timeline_state", 110, f.state,
               {TimelineStateFilter::Any, TimelineStateFilter::Active, TimelineStateFilter::Overdue, TimelineStateFilter::Closed},
               timeline_state_filter_name);
    ImGui::SameLine();
    ui::enum_combo("timeline_window", 130, f.window,
               {TimelineWindow::Any, TimelineWindow::Next24h, TimelineWindow::Next7d, TimelineWindow::Next30d,
                TimelineWindow::Last24h, TimelineWindow::Last7d, TimelineWindow::Last30d},
               timeline_window_name);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##timeline_search", tr("Search this timeline"), &f.text);
}

void row_actions(App& app, UiState& ui, const Activity& a) {
    bool closed = is_read_only(a);
    if (ImGui::SmallButton(ui::label("button|Open", "tl_open").c_str())) open_activity(app, ui, a.meta.id);
    ImGui::SameLine();
    ImGui::BeginDisabled(closed || a.type == ActivityType::Note);
    if (ImGui::SmallButton(ui::label("Complete", "tl_complete").c_str())) open_state_change(app, ui, {a.meta.id}, ActivityState::Completed);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(closed || !can_follow_up(a.type));
    if (ImGui::SmallButton(ui::label("Follow up", "tl_follow_up").c_str())) open_follow_up(app, ui, a.meta.id);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr("Complete & schedule next"));
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(closed);
    if (ImGui::SmallButton(ui::label("Assign", "tl_assign").c_str())) open_assign(app, ui, {a.meta.id});
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::SmallButton(ui::label("Delete", "tl_delete").c_str())) {
        ui.confirm_delete.open = true;
        ui.confirm_delete.ids = {a.meta.id};
    }
}

}  // namespace

void draw_timeline(App& app, UiState& ui, RecordDialog& d) {
    draw_toolbar(app, ui, d);
    const Timeline& t = timeline_of(app, d);
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
    const std::string summary = tr_args(
        "%s: %s, %s", {count_phrase("%s activity", "%s activities", static_cast<long long>(t.entries.size())),
                       count_phrase("%s on this record", "%s on this record", static_cast<long long>(t.direct)),
                       count_phrase("%s through related records", "%s through related records", static_cast<long long>(t.rolled_up))});
    ImGui::TextUnformatted(summary.c_str());
    ImGui::PopStyleColor();
    if (t.entries.empty()) {
        ImGui::TextUnformatted(tr("Nothing in this timeline matches the filters."));
        return;
    }
    DueWindow window = make_due_window(app.zone, app.now());
    float icon = ImGui::GetTextLineHeight() * 1.4f;
    ImGui::BeginChild("timeline_rows", ImVec2(0, 0));
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(t.entries.size()), ImGui::GetTextLineHeightWithSpacing() * 3 + 8);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const TimelineEntry& e = t.entries[static_cast<std::size_t>(i)];
            const Activity& a = app.store.activities().at(e.activity_index);
            ActivityRowText text = format_activity_row(app.store, a, app.zone, window);
            ImGui::PushID(a.meta.id.c_str());
            ImGui::BeginGroup();
            ui::type_icon(a.type, icon);
            ImGui::EndGroup();
            ImGui::SameLine();
            ImGui::BeginGroup();
            if (ImGui::Selectable((a.subject + "##tl_subject").c_str(), false, ImGuiSelectableFlags_AllowDoubleClick,
                                  ImVec2(ImGui::GetContentRegionAvail().x - 340, 0)) &&
                ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
                open_activity(app, ui, a.meta.id);
            ImGui::SameLine();
            row_actions(app, ui, a);
            ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
            ImGui::Text("%s · %s - %s", tr(text.type), tr(text.state), tr(text.reason));
            if (!text.due.empty()) {
                ImGui::SameLine();
                ImU32 tone = text.due_tone == DueTone::Overdue ? ui::kOverdueColour
                             : text.due_tone == DueTone::Today ? ui::kTodayColour : ui::kMutedColour;
                ImGui::PushStyleColor(ImGuiCol_Text, tone);
                ImGui::Text("· %s %s", tr("Due"), text.due.c_str());
                ImGui::PopStyleColor();
            }
            ImGui::SameLine();
            ImGui::Text("· %s %s", tr("Owner"), text.owner.c_str());
            ImGui::Text("%s %s, %s", tr("Created by"), text.created_by.c_str(), text.created_on.c_str());
            if (!e.via.empty()) {
                // where the entry came from; clicking it opens that record on top
                ImGui::SameLine();
                ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
                std::string via = via_label(app.store, e.via);
                if (ImGui::Selectable((via + "##via").c_str(), false, 0, ImGui::CalcTextSize(via.c_str())))
                    open_record(app, ui, e.via);
                ImGui::PopStyleColor();
            }
            ImGui::PopStyleColor();
            ImGui::EndGroup();
            ImGui::Separator();
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

}  // namespace crm
