// Dialogs that act on one or many selected activities: Mark complete / Cancel with a status
// reason, Assign to a user or team, and Delete with confirmation. Each is all-or-nothing: when
// any selected activity refuses (a note cannot be completed, a closed one is read-only), nothing
// changes and the dialog lists which ones refused and why.
#include <algorithm>

#include "core/locale_format.hpp"
#include "core/i18n.hpp"
#include "imgui.h"
#include "item_registry.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

constexpr const char* kStatePopup = "###state_change";
constexpr const char* kAssignPopup = "###assign";
constexpr const char* kDeletePopup = "###delete_confirm";

// Reasons offered: those valid for the target state of every selected activity's type; when
// the types differ, the union, and the store refuses mismatches per activity.
std::vector<StatusReason> reasons_for(const App& app, const StateChangeDialog& d) {
    std::vector<StatusReason> out;
    for (const auto& id : d.ids) {
        const Activity* a = app.store.activities().find(id);
        if (!a) continue;
        for (auto r : status_reasons_for(a->type, d.target))
            if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    }
    return out;
}


// The occurrence Mark complete acts on for the row of `id`: a live, open repeating activity's
// shown occurrence; nullopt for anything else.
std::optional<LocalDate> occurrence_to_complete(const App& app, const std::string& id) {
    const Activity* a = app.store.activities().find_live(id);
    return a && !is_read_only(*a) ? row_occurrence(app, *a) : std::nullopt;
}

// Mark complete on several rows, the repeating ones completing the occurrence their row shows
// (each one undo step, as from its own row). The others change first, all or nothing; a series
// that refuses after that (changed by a sync meanwhile) is reported, left as it was, and is all
// that stays in `ids` for another try.
Status complete_rows(App& app, UiState& ui, std::vector<std::string>& ids, StatusReason reason) {
    std::vector<std::string> plain;
    std::vector<std::pair<Activity, LocalDate>> occurrences;
    for (const auto& id : ids) {
        if (auto date = occurrence_to_complete(app, id)) occurrences.emplace_back(*app.store.activities().find(id), *date);
        else plain.push_back(id);
    }
    Status st = plain.empty() ? Status{} : app.store.set_state(plain, ActivityState::Completed, reason, app.actor());
    if (!st.ok()) return st;
    ids.clear();
    for (auto& [master, date] : occurrences) {
        std::string id = master.meta.id;
        auto r = complete_occurrence(app, ui, std::move(master), date, reason);
        if (r.ok()) continue;
        st.errors.insert(st.errors.end(), r.status.errors.begin(), r.status.errors.end());
        ids.push_back(std::move(id));
    }
    return st;
}

void draw_state_change(App& app, UiState& ui) {
    StateChangeDialog& d = ui.state_change;
    const char* verb = d.target == ActivityState::Completed ? "Mark complete" : "Cancel activity";
    if (!ui::begin_modal(kStatePopup, tr(verb), d.open)) return;
    const std::string line = count_phrase("%s activity selected.", "%s activities selected.", static_cast<long long>(d.ids.size()));
    const char* what = d.ids.size() == 1 ? app.store.activities().find(d.ids[0])->subject.c_str() : line.c_str();
    ImGui::TextUnformatted(what);
    item_registry_note_rect(what, ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectSize().x,
                            ImGui::GetItemRectSize().y);  // so a screen reader reads what is being closed
    auto reasons = reasons_for(app, d);
    d.reason_index = std::clamp(d.reason_index, 0, std::max(0, static_cast<int>(reasons.size()) - 1));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Status Reason"));
    item_registry_caption(tr("Status Reason"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(220);
    const char* current = reasons.empty() ? tr("(none available)") : tr(status_reason_name(reasons[static_cast<std::size_t>(d.reason_index)]));
    if (ui::begin_combo("reason", current)) {
        for (std::size_t i = 0; i < reasons.size(); ++i)
            if (ImGui::Selectable(tr(status_reason_name(reasons[i])), static_cast<int>(i) == d.reason_index))
                d.reason_index = static_cast<int>(i);
        ImGui::EndCombo();
    }
    if (d.series > 0) {
        ui::readable_text(count_phrase("%s of them repeats:", "%s of them repeat:", static_cast<long long>(d.series)));
        if (ImGui::RadioButton(ui::label("Complete the occurrence each row shows; the series go on", "series_occurrences").c_str(),
                               !d.whole_series))
            d.whole_series = false;
        item_registry_note_role(A11yRole::Radio);
        item_registry_note_checked(!d.whole_series);
        if (ImGui::RadioButton(ui::label("Complete the whole series; no more occurrences", "series_whole").c_str(), d.whole_series))
            d.whole_series = true;
        item_registry_note_role(A11yRole::Radio);
        item_registry_note_checked(d.whole_series);
    }
    ui::record_errors(d.errors);
    bool close = false;
    ImGui::BeginDisabled(reasons.empty());
    if (ImGui::Button(ui::label(verb, "confirm_state").c_str()) ||
        (!reasons.empty() && ImGui::IsKeyPressed(ImGuiKey_Enter) && !ImGui::IsAnyItemActive())) {
        const StatusReason reason = reasons[static_cast<std::size_t>(d.reason_index)];
        const std::size_t count = d.ids.size();
        Status st = d.series > 0 && !d.whole_series ? complete_rows(app, ui, d.ids, reason)
                                                    : app.store.set_state(d.ids, d.target, reason, app.actor());
        if (st.ok()) {
            char msg[160];
            std::snprintf(msg, sizeof msg,
                          tr(d.target == ActivityState::Completed ? "%zu activities marked complete." : "%zu activities canceled."),
                          count);
            show_notice(ui, msg);
            ui.selected.clear();
            close = true;
        } else {
            d.errors = st;
        }
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Cancel", "dismiss_state").c_str())) close = true;
    ui::finish_modal(d.open, close);
}

std::vector<OwnerRef> owner_choices(const Store& store) {
    std::vector<OwnerRef> out;
    for (const auto& u : store.users().rows())
        if (!u.meta.deleted) out.push_back({OwnerKind::User, u.meta.id});
    for (const auto& t : store.teams().rows())
        if (!t.meta.deleted) out.push_back({OwnerKind::Team, t.meta.id});
    return out;
}

void draw_assign(App& app, UiState& ui) {
    AssignDialog& d = ui.assign;
    if (!ui::begin_modal(kAssignPopup, tr("Assign"), d.open)) return;
    ImGui::TextUnformatted(count_phrase("Assign %s activity to:", "Assign %s activities to:", static_cast<long long>(d.ids.size())).c_str());
    auto owners = owner_choices(app.store);
    d.owner_index = std::clamp(d.owner_index, 0, std::max(0, static_cast<int>(owners.size()) - 1));
    for (std::size_t i = 0; i < owners.size(); ++i) {
        std::string text = app.store.owner_name(owners[i]);
        if (owners[i].kind == OwnerKind::Team) text += std::string(" (") + tr("team") + ")";
        ImGui::RadioButton((text + "##" + owners[i].id).c_str(), &d.owner_index, static_cast<int>(i));
        item_registry_note_role(A11yRole::Radio);
        item_registry_note_checked(d.owner_index == static_cast<int>(i));
    }
    ui::record_errors(d.errors);
    bool close = false;
    if (ImGui::Button(ui::label("Assign", "confirm_assign").c_str()) && !owners.empty()) {
        Status st = app.store.assign(d.ids, owners[static_cast<std::size_t>(d.owner_index)], app.actor());
        if (st.ok()) {
            show_notice(ui, tr("Assigned."));
            close = true;
        } else {
            d.errors = st;
        }
    }
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Cancel", "dismiss_assign").c_str())) close = true;
    ui::finish_modal(d.open, close);
}

void draw_delete(App& app, UiState& ui) {
    ConfirmDialog& d = ui.confirm_delete;
    if (!ui::begin_modal(kDeletePopup, tr("Delete activities"), d.open)) return;
    ImGui::TextUnformatted(count_phrase("Delete %s activity? This cannot be undone.", "Delete %s activities? This cannot be undone.",
                                        static_cast<long long>(d.ids.size())).c_str());
    bool close = false;
    if (ImGui::Button(ui::label("Delete", "confirm_delete").c_str())) {
        Status st = delete_activities_everywhere(app, d.ids);
        show_notice(ui, st.ok() ? tr("Deleted.") : format_message(st.errors.front()), !st.ok());
        for (const auto& id : d.ids) ui.selected.erase(id);
        close = true;
    }
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Cancel", "dismiss_delete").c_str())) close = true;
    ui::finish_modal(d.open, close);
}

}  // namespace

Status delete_activities_everywhere(App& app, const std::vector<std::string>& ids) {
    std::vector<std::string> attachment_ids;
    // A series goes with the occurrences split off it (they would otherwise name a deleted series).
    std::vector<std::string> all = ids;
    for (const auto& id : ids)
        for (auto& member : app.store.series_members(id))
            if (std::find(all.begin(), all.end(), member) == all.end()) all.push_back(std::move(member));
    Status st = app.store.delete_activities(all, app.actor(), &attachment_ids);
    if (st.ok() && !attachment_ids.empty() && app.delete_attachment_bytes) app.delete_attachment_bytes(attachment_ids);
    return st;
}

void open_state_dialog(UiState& ui, std::vector<std::string> ids, ActivityState target) {
    if (ids.empty()) return;
    ui.state_change = StateChangeDialog{true, std::move(ids), target, 0, {}};
}

void open_state_change(App& app, UiState& ui, std::vector<std::string> ids, ActivityState target) {
    // One repeating activity marked complete: the row shows one occurrence, so ask whether that
    // one is done or the whole series (completing the master ended the series unasked). Several:
    // the dialog asks the same once for all the repeating ones among them.
    if (target == ActivityState::Completed && ids.size() == 1) {
        if (auto date = occurrence_to_complete(app, ids.front())) {
            ask_series(ui, SeriesPrompt::Action::Complete, ids.front(), *date);
            return;
        }
    }
    open_state_dialog(ui, std::move(ids), target);
    if (target != ActivityState::Completed || ui.state_change.ids.size() < 2) return;
    for (const auto& id : ui.state_change.ids)
        if (occurrence_to_complete(app, id)) ++ui.state_change.series;
}

void open_assign(App& app, UiState& ui, std::vector<std::string> ids) {
    if (ids.empty()) return;
    ui.assign = AssignDialog{true, std::move(ids), 0, {}};
    // preselect the current owner of the first activity
    auto owners = owner_choices(app.store);
    if (const Activity* a = app.store.activities().find(ui.assign.ids.front()))
        for (std::size_t i = 0; i < owners.size(); ++i)
            if (owners[i] == a->owner) ui.assign.owner_index = static_cast<int>(i);
}

void draw_bulk_dialogs(App& app, UiState& ui) {
    draw_series_prompt(app, ui);
    draw_state_change(app, ui);
    draw_assign(app, ui);
    draw_delete(app, ui);
    draw_follow_up(app, ui);
}

}  // namespace crm
