// Sync conflicts: a record edited here and elsewhere in the same field. Each conflicting field
// shows both values; the user picks one per field (this device's is preselected) and keeps the
// result, which is then synced to everyone. Until then the record is not pushed, so nothing the
// other device wrote is overwritten.
#include "core/i18n.hpp"
#include "core/json_safe.hpp"
#include "core/json_codec.hpp"
#include "imgui.h"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

std::string show_value(const nlohmann::json& v) {
    if (v.is_null()) return tr("(empty)");
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("state")) {  // "status": state and reason
        return json_string(v, "state") + " / " + json_string(v, "reason");
    }
    if (v.is_object() && v.size() == 1) return show_value(v.begin().value());  // {"date": ...}, {"at": ...}
    return json_dump(v);
}

// The form's caption of a field of the JSON form, or the key itself.
const char* field_caption(const std::string& key) {
    static const std::pair<const char*, const char*> kCaptions[] = {
        {"subject", N_("Subject")}, {"description", N_("Description")}, {"status", N_("Status")}, {"due", N_("Due")},
        {"priority", N_("Priority")}, {"owner", N_("Owner")}, {"regarding", N_("Regarding")}, {"scheduled_start", N_("Start")},
        {"scheduled_end", N_("End")}, {"duration_minutes", N_("Duration")}, {"location", N_("Location")}, {"attendees", N_("Attendees")},
        {"phone_number", N_("Phone number")}, {"email_to", N_("To")}, {"email_cc", N_("Cc")}, {"email_from", N_("From")},
        {"direction", N_("Direction")}, {"all_day", N_("All day")}, {"name", N_("Name")}, {"full_name", N_("Full name")},
        {"email", N_("Email")}, {"phone", N_("Phone")}, {"city", N_("City")}, {"website", N_("Website")}, {"job_title", N_("Job title")},
        {"title", N_("Title")}, {"stage", N_("Stage")}, {"estimated_revenue", N_("Est. revenue")}, {"estimated_close", N_("Est. close date")},
        {"deleted", N_("Deleted")}, {"member_ids", N_("Members")}};
    for (const auto& [k, caption] : kCaptions)
        if (key == k) return tr(caption);
    return key.c_str();
}

std::string record_title(const App& app, const ConflictRecord& c) {
    auto parsed = parse_sync_doc_id(c.doc_id);
    if (!parsed) return c.doc_id;
    if (parsed->first == RecordKind::Activity)
        if (const Activity* a = app.store.activities().find(parsed->second)) return tr_args("%s: %s", {tr("Activity"), a->subject});
    if (auto any = app.store.find_any(parsed->first, parsed->second)) {
        nlohmann::json j = record_to_json(*any);
        for (const char* key : {"name", "full_name", "title", "file_name"})
            if (j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
    }
    return c.doc_id;
}

}  // namespace

bool offer_stale_edit(StaleEditChoice& c, const AnyRecord& opened, const AnyRecord& mine, const AnyRecord& theirs) {
    c.fields = stale_edit_fields(opened, mine, theirs);
    c.their_rev = meta_of(theirs).rev;
    auto take = default_take_theirs(c.fields);
    c.take_theirs = {take.begin(), take.end()};
    c.open = !c.fields.empty();
    return c.open;
}

bool draw_stale_edit(StaleEditChoice& c) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
    ImGui::TextWrapped("%s", tr("This record was saved in another tab while you edited it. Pick the value to keep for each "
                                "field that differs; yours are kept where you changed them."));
    ImGui::PopStyleColor();
    bool keep = false;
    if (ImGui::BeginTable("stale_fields", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(tr("Field"), ImGuiTableColumnFlags_WidthFixed, 120);
        ImGui::TableSetupColumn(tr("This form"));
        ImGui::TableSetupColumn(tr("Other tab"));
        ImGui::TableHeadersRow();
        for (const auto& f : c.fields) {
            ImGui::PushID(f.field.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(field_caption(f.field));
            bool theirs = c.take_theirs.count(f.field) > 0;
            ImGui::TableSetColumnIndex(1);
            std::string mine_label = (f.mine.empty() ? std::string(tr("(empty)")) : f.mine) + "###stale_mine_" + f.field;
            if (ImGui::RadioButton(mine_label.c_str(), !theirs)) c.take_theirs.erase(f.field);
            ImGui::TableSetColumnIndex(2);
            std::string theirs_label = (f.theirs.empty() ? std::string(tr("(empty)")) : f.theirs) + "###stale_theirs_" + f.field;
            if (ImGui::RadioButton(theirs_label.c_str(), theirs)) c.take_theirs.insert(f.field);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (ImGui::Button(ui::label("Keep these values", "stale_keep").c_str())) keep = true;
    return keep;
}

void draw_sync_conflicts(App& app, UiState& ui) {
    const auto conflicts = app.sync.conflicts();  // a copy: settling one changes the list
    ImGui::SeparatorText((std::string(tr("Conflicts")) + " (" + std::to_string(conflicts.size()) + ")###conflicts_heading").c_str());
    if (conflicts.empty()) {
        ImGui::TextDisabled("%s", tr("No conflicts. Edits of different fields on two devices merge by themselves."));
        return;
    }
    ImGui::TextWrapped("%s", tr("These records were changed on this device and on another one in the same field. "
                                "Pick the value to keep for each field; the result is synced to everyone."));
    for (const auto& c : conflicts) {
        ImGui::PushID(c.doc_id.c_str());
        ImGui::Spacing();
        ImGui::TextUnformatted(record_title(app, c).c_str());
        auto& take_remote = ui.conflict_take_remote[c.doc_id];
        if (ImGui::BeginTable("fields", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn(tr("Field"), ImGuiTableColumnFlags_WidthFixed, 120);
            ImGui::TableSetupColumn(tr("This device"));
            ImGui::TableSetupColumn(tr("Other device"));
            ImGui::TableHeadersRow();
            for (const auto& f : c.fields) {
                ImGui::PushID(f.field.c_str());
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextUnformatted(field_caption(f.field));
                bool remote = take_remote.count(f.field) > 0;
                ImGui::TableSetColumnIndex(1);
                std::string mine = show_value(f.local) + "###conflict_local_" + c.doc_id + "_" + f.field;
                if (ImGui::RadioButton(mine.c_str(), !remote)) take_remote.erase(f.field);
                ImGui::TableSetColumnIndex(2);
                std::string theirs = show_value(f.remote) + "###conflict_remote_" + c.doc_id + "_" + f.field;
                if (ImGui::RadioButton(theirs.c_str(), remote)) take_remote.insert(f.field);
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        std::string keep_id = "conflict_keep_" + c.doc_id;
        if (ImGui::Button(ui::label("Keep these values", keep_id.c_str()).c_str())) {
            std::vector<std::string> fields(take_remote.begin(), take_remote.end());
            ui.conflict_errors = app.sync.resolve_conflict(c.doc_id, fields, app.actor());
            if (ui.conflict_errors.ok()) {
                ui.conflict_take_remote.erase(c.doc_id);
                show_notice(ui, tr("Conflict settled; syncing the result."));
            }
        }
        ImGui::PopID();
    }
    ui::record_errors(ui.conflict_errors);
}

}  // namespace crm
