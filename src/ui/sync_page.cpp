// The "Sync & data" page: where this device's copy is shared (a CouchDB-protocol server), how the
// sync is doing (last synced, changes waiting, last error, next retry), the conflicts waiting for
// the user, and export/import of the whole database as a file.
#include "core/activity_format.hpp"
#include "core/locale_format.hpp"
#include "core/i18n.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

std::string time_or_never(const App& app, UtcMillis t) {
    return t ? format_local_datetime(t, app.zone) : std::string(tr("never"));
}

void load_form(App& app, UiState& ui) {
    if (ui.sync_form.loaded) return;
    SyncConfig c = load_sync_config(app.store);
    ui.sync_form = {true, c.server_url, c.database, c.user, c.password, {}};
}

void draw_sync_settings(App& app, UiState& ui) {
    load_form(app, ui);
    SyncForm& f = ui.sync_form;
    ImGui::SeparatorText(tr("Sync server"));
    ImGui::TextWrapped("%s", tr("Share this device's activities and records through a CouchDB-protocol server "
                                "(Apache CouchDB or PouchDB Server). Everything stays on this device too; "
                                "changes are sent and received whenever the server can be reached."));
    if (ImGui::BeginTable("sync_form", 2, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, 150);
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, 420);
        ui::form_row("Server address", true);
        ui::input_text("##url", "sync_url", f.server_url, 400);
        ui::field_error(f.errors, "server_url");
        ui::form_row("Database", true);
        ui::input_text("##db", "sync_database", f.database, 400);
        ui::field_error(f.errors, "database");
        ui::form_row("User name");
        ui::input_text("##user", "sync_user", f.user, 400);
        ui::form_row("Password");
        ui::input_text("##password", "sync_password", f.password, 400, ImGuiInputTextFlags_Password);
        ImGui::EndTable();
    }
    ImGui::TextDisabled("%s", tr("The password is kept on this device only; it is never exported or shown."));
    if (ImGui::Button(ui::label("Save and sync now", "sync_save").c_str())) {
        SyncConfig c{f.server_url, f.database, f.user, f.password};
        while (!c.server_url.empty() && c.server_url.back() == '/') c.server_url.pop_back();
        f.errors = validate_sync_config(c);
        if (f.errors.ok()) {
            app.sync.configure(c, app.actor());
            show_notice(ui, tr("Sync settings saved."));
        }
    }
    if (app.sync.config().configured()) {
        ImGui::SameLine();
        if (ImGui::Button(ui::label("Sync now", "sync_now").c_str())) app.sync.request_sync(app.now());
        ImGui::SameLine();
        if (ImGui::Button(ui::label("Stop syncing", "sync_stop").c_str())) {
            app.sync.configure({}, app.actor());
            ui.sync_form.loaded = false;
        }
    }
}

void draw_sync_status(App& app, UiState&) {
    const SyncStatus& s = app.sync.status();
    ImGui::SeparatorText(tr("Sync status"));
    if (ImGui::BeginTable("sync_status", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, 150);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        auto row = [](const char* label, const std::string& value, ImU32 colour = 0) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(tr(label));
            ImGui::TableSetColumnIndex(1);
            if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
            ImGui::TextWrapped("%s", value.c_str());
            if (colour) ImGui::PopStyleColor();
        };
        row(N_("State"), tr(sync_phase_name(s.phase)));
        if (!app.sync.config().configured()) {
            ImGui::EndTable();
            return;
        }
        row(N_("Last synced"), time_or_never(app, s.last_synced_at));
        row(N_("Changes waiting"), format_count(static_cast<long long>(app.sync.changes_waiting())));
        row(N_("Received / sent"), format_count(static_cast<long long>(s.pulled)) + " / " + format_count(static_cast<long long>(s.pushed)));
        if (!s.last_error.empty()) row(N_("Last error"), s.last_error, ui::kErrorColour);
        if (s.phase == SyncPhase::Backoff) row(N_("Next attempt"), format_local_datetime(s.next_attempt_at, app.zone));
        if (s.skipped) row(N_("Not readable"), std::to_string(s.skipped) + "  (" + s.skipped_example + ")", ui::kErrorColour);
        ImGui::EndTable();
    }
}

}  // namespace

std::string sync_status_line(const App& app) {
    if (!app.sync.config().configured()) return {};
    const SyncStatus& s = app.sync.status();
    std::string line = std::string(tr("Sync:")) + " ";
    if (!s.last_error.empty()) line += tr("error, retrying");
    else line += tr(sync_phase_name(s.phase));
    if (std::size_t waiting = app.sync.changes_waiting()) line += std::string(", ") + tr("changes waiting:") + " " + std::to_string(waiting);
    if (std::size_t conflicts = app.sync.conflicts().size()) line += std::string(", ") + tr("conflicts:") + " " + std::to_string(conflicts);
    return line;
}

void draw_sync_offer(App& app, UiState& ui) {
    bool open = app.sync_offer.has_value();
    if (!ui::begin_modal("###sync_offer", tr("Sync with this server?"), open)) {
        if (!open) app.sync_offer.reset();
        return;
    }
    const SyncConfig& offer = *app.sync_offer;
    ImGui::TextWrapped("%s", tr("The link that opened this page asks to share this device's data with:"));
    ImGui::Indent();
    ui::readable_text(std::string(tr("Server:")) + "  " + offer.server_url);
    ui::readable_text(std::string(tr("Database:")) + "  " + offer.database);
    if (!offer.user.empty()) ui::readable_text(std::string(tr("User name:")) + "  " + offer.user);
    ImGui::Unindent();
    ImGui::TextWrapped("%s", tr("Every record on this device will be sent there. Allow it only if you know this server."));
    bool close = false;
    if (ImGui::Button(ui::label("Allow and sync", "sync_offer_allow").c_str())) {
        app.sync.configure(offer, app.actor());
        ui.sync_form.loaded = false;
        show_notice(ui, tr("Sync settings saved."));
        close = true;
    }
    ImGui::SameLine();
    close |= ImGui::Button(ui::label("Not now", "sync_offer_decline").c_str());
    ui::finish_modal(open, close);
    if (!open) app.sync_offer.reset();
}

void draw_sync_and_data(App& app, UiState& ui) {
    ImGui::BeginChild("sync_page", ImVec2(0, 0));
    // Conflicts wait for the user: they come first when there are any.
    bool conflicts = !app.sync.conflicts().empty();
    if (conflicts) draw_sync_conflicts(app, ui);
    draw_sync_settings(app, ui);
    draw_sync_status(app, ui);
    if (!conflicts) draw_sync_conflicts(app, ui);
    draw_data_file(app, ui);
    draw_calendar_file(app, ui);
    ImGui::EndChild();
}

}  // namespace crm
