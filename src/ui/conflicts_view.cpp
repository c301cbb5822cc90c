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
        {"deleted", N_("Deleted")}, {"member_ids", N_("Members")}, {"recurrence", N_("Repeat")},
        {"recurrence_exceptions", N_("Changed occurrences")}, {"series_id", N_("Series")}, {"occurrence_date", N_("Occurrence")},
        {"reminder_minutes", N_("Reminder")}, {"reminder_dismissed", N_("Reminder dismissed")}};
    for (const auto& [k, caption] : kCaptions)
        if (key == k) return tr(caption);
    return key.c_str();
}

// One row per field that differs, a radio button for each side's value: the fields in
// `take_theirs` keep the right-hand value. `mine_id` and `theirs_id` prefix the buttons' ids
// (the screen-reader mirror and the tests name them by id, so ids stay stable as values change).
struct FieldChoice {
    std::string field;
    std::string mine;
    std::string theirs;
};
void draw_field_choices(const char* table_id, const char* mine_heading, const char* theirs_heading,
                        const std::vector<FieldChoice>& rows, std::set<std::string>& take_theirs,
                        const std::string& mine_id, const std::string& theirs_id) {
    if (!ImGui::BeginTable(table_id, 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn(tr("Field"), ImGuiTableColumnFlags_WidthFixed, 120);
    ImGui::TableSetupColumn(mine_heading);
    ImGui::TableSetupColumn(theirs_heading);
    ImGui::TableHeadersRow();
    for (const auto& row : rows) {
        ImGui::PushID(row.field.c_str());
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(field_caption(row.field));
        bool theirs = take_theirs.count(row.field) > 0;
        ImGui::TableSetColumnIndex(1);
        if (ImGui::RadioButton((row.mine + "###" + mine_id + row.field).c_str(), !theirs)) take_theirs.erase(row.field);
        ImGui::TableSetColumnIndex(2);
        if (ImGui::RadioButton((row.theirs + "###" + theirs_id + row.field).c_str(), theirs)) take_theirs.insert(row.field);
        ImGui::PopID();
    }
    ImGui::EndTable();
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
    std::vector<FieldChoice> rows;
    rows.reserve(c.fields.size());
    for (const auto& f : c.fields)
        rows.push_back({f.field, f.mine.empty() ? std::string(tr("(empty)")) : f.mine,
                        f.theirs.empty() ? std::string(tr("(empty)")) : f.theirs});
    draw_field_choices("stale_fields", tr("This form"), tr("Other tab"), rows, c.take_theirs, "stale_mine_", "stale_theirs_");
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
        std::vector<FieldChoice> rows;
        rows.reserve(c.fields.size());
        for (const auto& f : c.fields) rows.push_back({f.field, show_value(f.local), show_value(f.remote)});
        draw_field_choices("fields", tr("This device"), tr("Other device"), rows, take_remote,
                           "conflict_local_" + c.doc_id + "_", "conflict_remote_" + c.doc_id + "_");
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
