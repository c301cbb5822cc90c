// The iCalendar section of the Sync & data page: export appointments and tasks as an .ics file
// for Google Calendar, Outlook or Thunderbird, and import such a file after a preview that says
// what will be added or updated and what the file holds that the app cannot keep (core/ical).
// Nothing changes until the user presses Import.
#include <memory>

#include "core/i18n.hpp"
#include "core/ical.hpp"
#include "imgui.h"
#include "pickers.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {

struct CalendarImportState {
    std::string file_name;
    std::string bytes;  // kept: Import plans again with the chosen Regarding, against the store as it is then
    IcalImportPlan plan;
    std::vector<std::string> errors;  // the file was refused
    RecordRef regarding;
    std::string regarding_filter;
};

namespace {

constexpr const char* kPreviewPopup = "###ical_preview";

IcalImportOptions import_options(const App& app, const RecordRef& regarding) {
    IcalImportOptions o;
    o.user_zone = &app.zone;
    o.resolve_zone = app.resolve_time_zone;
    o.owner = {OwnerKind::User, app.current_user_id};
    o.regarding = regarding;
    o.actor = app.actor();
    return o;
}

std::vector<std::string> messages_of(const Status& st) {
    std::vector<std::string> out;
    for (const auto& e : st.errors) out.push_back(format_message(e));
    return out;
}

void read_picked(App& app, UiState& ui, App::PickedFile&& file) {
    auto state = std::make_shared<CalendarImportState>();
    state->file_name = file.name;
    if (!file.read) {
        state->errors.push_back(app.unread_file_message ? app.unread_file_message(file) : file.error);
    } else {
        auto planned = plan_ical_import(app.store, file.bytes, import_options(app, {}));
        if (planned.ok()) {
            state->plan = std::move(planned.value);
            state->bytes = std::move(file.bytes);
        } else {
            state->errors = messages_of(planned.status);
        }
    }
    ui.calendar_import = std::move(state);
}

void export_calendar(App& app, UiState& ui) {
    std::vector<std::uint32_t> rows = ui.calendar_export_filtered
                                          ? run_activity_query(app.store, ui.query, ui.sort, app.query_context())
                                          : calendar_activity_rows(app.store);
    IcalExport out = export_icalendar(app.store, rows, app.zone, app.now());
    std::string name = "activities-calendar-" + format_iso_date(app.zone.local_date(app.now())) + ".ics";
    app.download_file(name, "text/calendar", out.text);
    show_notice(ui, tr_args(N_("Exported %s appointments and %s tasks to %s."),
                            {std::to_string(out.events), std::to_string(out.tasks), name}));
}

void draw_counts(const IcalImportPlan& plan) {
    if (!ImGui::BeginTable("ical_counts", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn(tr("Records"), ImGuiTableColumnFlags_WidthFixed, 160.0f);
    ImGui::TableSetupColumn(tr("import|New"), ImGuiTableColumnFlags_WidthFixed, 80.0f);
    ImGui::TableSetupColumn(tr("Updated"), ImGuiTableColumnFlags_WidthFixed, 80.0f);
    ImGui::TableHeadersRow();
    auto row = [](const char* name, std::size_t added, std::size_t updated) {
        ImGui::TableNextRow();
        // readable_text: the counts are in the page's item list (screen readers, browser tests)
        ImGui::TableSetColumnIndex(0);
        ui::readable_text(tr(name));
        ImGui::TableSetColumnIndex(1);
        ui::readable_text(std::to_string(added));
        ImGui::TableSetColumnIndex(2);
        ui::readable_text(std::to_string(updated));
    };
    row(N_("Appointments"), plan.events_added, plan.events_updated);
    row(N_("Tasks"), plan.tasks_added, plan.tasks_updated);
    ImGui::EndTable();
    ui::readable_text(std::string(tr("Unchanged:")) + " " + std::to_string(plan.unchanged));
    if (plan.skipped) ui::readable_text(std::string(tr("Not imported:")) + " " + std::to_string(plan.skipped));
}

void draw_regarding_choice(App& app, CalendarImportState& s) {
    ImGui::TextUnformatted(tr("Regarding"));
    ImGui::SameLine();
    const char* kind_label = s.regarding.empty() ? tr("(none)") : tr(regarding_kind_name(s.regarding.kind));
    if (ui::begin_combo("ical_regarding_kind", kind_label)) {
        if (ImGui::Selectable(tr("(none)"), s.regarding.empty())) s.regarding = {};
        for (auto k : {RegardingKind::Account, RegardingKind::Contact, RegardingKind::Opportunity, RegardingKind::Case})
            if (ImGui::Selectable(tr(regarding_kind_name(k)), s.regarding.kind == k)) s.regarding = {k, ""};
        ImGui::EndCombo();
    }
    if (s.regarding.empty()) return;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1.0f);
    ui::record_picker(app.store, "ical_regarding_record", s.regarding.kind, s.regarding.id, s.regarding_filter, false);
}

void import_now(App& app, UiState& ui, CalendarImportState& s) {
    RecordRef regarding = s.regarding.id.empty() ? RecordRef{} : s.regarding;
    auto planned = plan_ical_import(app.store, s.bytes, import_options(app, regarding));
    Status st = planned.status;
    if (st.ok()) st = apply_ical_import(app.store, planned.value);
    if (!st.ok()) {
        show_notice(ui, tr("Nothing was imported.") + std::string(" ") + messages_of(st).front(), true);
        return;
    }
    const IcalImportPlan& p = planned.value;
    show_notice(ui, tr_args(N_("Imported %s: %s added, %s updated, %s unchanged."),
                            {s.file_name, std::to_string(p.events_added + p.tasks_added),
                             std::to_string(p.events_updated + p.tasks_updated), std::to_string(p.unchanged)}));
}

void draw_preview(App& app, UiState& ui) {
    bool open = ui.calendar_import != nullptr;
    if (!ui::begin_modal(kPreviewPopup, tr("Import calendar"), open)) {
        if (!open) ui.calendar_import.reset();
        return;
    }
    CalendarImportState& s = *ui.calendar_import;
    ImGui::Text("%s %s", tr("File:"), s.file_name.c_str());
    bool close = false;
    if (!s.errors.empty()) {
        ImGui::TextWrapped("%s", tr("Nothing was imported and nothing was changed. The file has these problems:"));
        for (const auto& e : s.errors) ui::readable_text(e, ui::kErrorColour);
        close = ImGui::Button(ui::label("Close", "ical_close").c_str());
        ui::finish_modal(open, close);
        if (!open) ui.calendar_import.reset();
        return;
    }
    draw_counts(s.plan);
    ImGui::TextWrapped("%s", tr("Activities are matched by the file's UID: importing the same file again updates them "
                                "instead of adding copies. New ones are yours; times in a time zone the file does not "
                                "describe are read in your time zone."));
    draw_regarding_choice(app, s);
    if (!s.plan.notes.empty()) {
        ImGui::TextUnformatted(tr("Not imported, or not as in the file:"));
        ImGui::BeginChild("ical_notes", ImVec2(640, 200), ImGuiChildFlags_Border);
        for (const auto& n : s.plan.notes) {
            std::string text = n.where.empty() ? "" : n.where + ": ";
            text += tr_format(n.message, n.arg);
            if (n.count > 1) text += " (" + tr_args(N_("%s times"), {std::to_string(n.count)}) + ")";
            ui::readable_text(text);
        }
        ImGui::EndChild();
    }
    if (ImGui::Button(ui::label("Import", "ical_import_confirm").c_str())) {
        import_now(app, ui, s);
        close = true;
    }
    ImGui::SameLine();
    close |= ImGui::Button(ui::label("Cancel", "ical_import_cancel").c_str());
    ui::finish_modal(open, close);
    if (!open) ui.calendar_import.reset();
}

}  // namespace

void draw_calendar_file(App& app, UiState& ui) {
    ImGui::SeparatorText(tr("Calendar (.ics)"));
    ImGui::TextWrapped("%s", tr("Export appointments and tasks as an iCalendar file for Google Calendar, Outlook or "
                                "Thunderbird, or import such a file."));
    if (!app.download_file || !app.pick_file) {
        ImGui::TextDisabled("%s", tr("Export and import need the browser."));
    } else {
        ImGui::Checkbox(ui::label("Only what the Activities page shows (its current filters)", "ical_export_filtered").c_str(),
                        &ui.calendar_export_filtered);
        if (ImGui::Button(ui::label("Export calendar (.ics)", "ical_export").c_str())) export_calendar(app, ui);
        ImGui::SameLine();
        if (ImGui::Button(ui::label("Import calendar (.ics)...", "ical_import").c_str()))
            app.pick_file(".ics,text/calendar", [&app, &ui](App::PickedFile&& f) { read_picked(app, ui, std::move(f)); });
    }
    draw_preview(app, ui);
}

}  // namespace crm
