// Settings: the signed-in profile (switch user), the UI language, teams and their members (which decides "My team
// members' activities"), where the data is stored, and clearing the demo data.
#include "core/i18n.hpp"
#include "core/locale_format.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

void draw_profile(App& app, UiState& ui) {
    ImGui::SeparatorText(tr("Profile"));
    const User* me = app.store.users().find(app.current_user_id);
    if (me) ImGui::Text("%s: %s  <%s>", tr("Signed in as"), me->name.c_str(), me->email.c_str());
    ui::field_caption("Switch user");
    ImGui::SetNextItemWidth(300);
    if (ui::begin_combo("switch_user", me ? me->name.c_str() : "")) {
        for (const auto& u : app.store.users().rows())
            if (!u.meta.deleted && ImGui::Selectable((u.name + "##" + u.meta.id).c_str(), u.meta.id == app.current_user_id)) {
                sign_in(app, u.meta.id);
                ui.selected.clear();
            }
        ImGui::EndCombo();
    }
    ImGui::Text("%s: %s", tr("Time zone"), app.zone.name().c_str());
}

// The UI language, with a sample of how dates, times and numbers then look. The choice is a
// device-local setting and applies from the next frame (apply_language in draw_app).
void draw_language(App& app) {
    ImGui::SeparatorText(tr("Language"));
    const std::string current = wanted_language(app);
    const char* shown = "English";
    for (const auto& l : kLanguages)
        if (current == l.code) shown = l.native_name;
    ui::field_caption("Language");
    ImGui::SetNextItemWidth(300);
    if (ui::begin_combo("language", shown)) {
        for (const auto& l : kLanguages)
            if (ImGui::Selectable(l.native_name, current == l.code) && current != l.code)
                app.store.put_setting(kSettingLanguage, l.code, app.actor());
        ImGui::EndCombo();
    }
    const LocalDateTime sample = app.zone.to_local(app.now());
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
    ImGui::Text("%s: %s, %s, %s", tr("Dates, times and numbers"), format_date_time(sample).c_str(),
                weekday_name(weekday(sample.date)), format_count(1234567).c_str());
    ImGui::Text("%s: %s", tr("Weeks start on"), weekday_name(active_locale().first_day_of_week));
    ImGui::PopStyleColor();
}

// Reminders also as browser notifications: a device-local setting, and the browser's permission,
// asked for only when the user turns the switch on (browsers ignore or block unprompted asks).
void draw_notifications(App& app) {
    if (!app.notification_permission) return;
    ImGui::SeparatorText(tr("Notifications"));
    std::string permission = app.notification_permission();
    bool on = app.store.setting(kSettingBrowserNotifications) == "1";
    ImGui::BeginDisabled(permission == "unsupported");
    if (ImGui::Checkbox(ui::label("Browser notifications", "browser_notifications").c_str(), &on)) {
        app.store.put_setting(kSettingBrowserNotifications, on ? "1" : "", app.actor());
        if (on && permission == "default" && app.request_notification_permission) app.request_notification_permission();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    const char* status = permission == "granted"       ? tr("Allowed by the browser.")
                         : permission == "denied"      ? tr("Blocked by the browser: allow notifications for this site in its settings.")
                         : permission == "unsupported" ? tr("This browser cannot show notifications.")
                                                       : tr("The browser will ask when you turn this on.");
    ui::readable_text(status, permission == "denied" ? ui::kErrorColour : ui::kMutedColour);
}

void draw_teams(App& app, UiState& ui) {
    ImGui::SeparatorText(tr("Teams"));
    const auto& users = app.store.users().rows();
    int live_users = 0;
    for (const auto& u : users) live_users += u.meta.deleted ? 0 : 1;
    if (ImGui::BeginTable("teams", 1 + live_users, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn(tr("Team"));
        for (const auto& u : users)
            if (!u.meta.deleted) ImGui::TableSetupColumn(u.name.c_str());
        ImGui::TableHeadersRow();
        for (const auto& t : app.store.teams().rows()) {
            if (t.meta.deleted) continue;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(t.name.c_str());
            int col = 1;
            for (const auto& u : users) {
                if (u.meta.deleted) continue;
                ImGui::TableSetColumnIndex(col++);
                bool member = std::find(t.member_ids.begin(), t.member_ids.end(), u.meta.id) != t.member_ids.end();
                std::string id = "##member_" + t.meta.id + "_" + u.meta.id;
                if (ImGui::Checkbox(id.c_str(), &member)) app.store.set_team_member(t.meta.id, u.meta.id, member, app.actor());
            }
        }
        ImGui::EndTable();
    }
    ui::input_text("New team", "new_team_name", ui.new_team_name, 240);
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Add team", "add_team").c_str())) {
        auto made = app.store.create_team(ui.new_team_name, app.actor());
        if (made.ok()) {
            app.store.set_team_member(made.value, app.current_user_id, true, app.actor());
            ui.new_team_name.clear();
        } else {
            show_notice(ui, format_message(made.status.errors.front()), true);
        }
    }
}

// Once the user has what they need of the unreadable records (or nobody does), they can go: the
// list in Settings and at every start would otherwise stay for good.
void draw_discard_quarantine(App& app, UiState& ui) {
    if (app.load_report.quarantined.empty() || !app.discard_quarantine) return;
    ImGui::SameLine();
    if (!ui.confirm_discard_quarantine) {
        if (ImGui::Button(ui::label("Discard the unreadable records...", "discard_quarantine").c_str())) ui.confirm_discard_quarantine = true;
        return;
    }
    ImGui::NewLine();
    ImGui::TextWrapped("%s", tr("Delete the unreadable records from this browser for good? Download them first if anyone may "
                                "need to look at them. The readable data is not touched."));
    if (ImGui::Button(ui::label("Discard them", "confirm_discard_quarantine").c_str())) {
        app.discard_quarantine();
        ui.confirm_discard_quarantine = false;
        show_notice(ui, tr("The unreadable records were discarded."));
    }
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Keep them", "keep_quarantine").c_str())) ui.confirm_discard_quarantine = false;
}

void draw_data(App& app, UiState& ui) {
    ImGui::SeparatorText(tr("Data"));
    ImGui::TextUnformatted(count_phrase("%s activity stored in this browser (IndexedDB).",
                                        "%s activities stored in this browser (IndexedDB).",
                                        static_cast<long long>(app.store.live_activity_count())).c_str());
    if (!app.load_report.errors.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kErrorColour);
        ImGui::TextUnformatted(count_phrase("%s stored record could not be read:", "%s stored records could not be read:",
                                            static_cast<long long>(app.load_report.errors.size())).c_str());
        for (const auto& e : app.load_report.errors) ImGui::BulletText("%s", e.c_str());
        ImGui::PopStyleColor();
        // Their bytes are kept (the 'quarantine' store), never dropped: the user can take them away.
        if (!app.load_report.quarantined.empty() && app.download_quarantine &&
            ImGui::Button(ui::label("Download the unreadable records", "download_quarantine").c_str()))
            app.download_quarantine();
        draw_discard_quarantine(app, ui);
    }
    if (!ui.confirm_clear_data) {
        if (ImGui::Button(ui::label("Clear demo data...", "clear_data").c_str())) ui.confirm_clear_data = true;
        return;
    }
    ImGui::TextWrapped("%s", tr("Remove all activities, accounts, contacts, opportunities and cases from this browser? "
                                "Users and teams are kept. This cannot be undone."));
    if (ImGui::Button(ui::label("Remove all records", "confirm_clear").c_str())) {
        std::size_t n = app.store.clear_customer_data();
        if (app.on_clear_data) app.on_clear_data();
        show_notice(ui, count_phrase("%s record removed.", "%s records removed.", static_cast<long long>(n)));
        ui.selected.clear();
        ui.confirm_clear_data = false;
    }
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Keep data", "cancel_clear").c_str())) ui.confirm_clear_data = false;
}

}  // namespace

void draw_settings(App& app, UiState& ui) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
    ImGui::TextUnformatted(tr("Settings"));
    ImGui::PopStyleColor();
    draw_profile(app, ui);
    draw_language(app);
    draw_notifications(app);
    draw_teams(app, ui);
    draw_data(app, ui);
}

}  // namespace crm
