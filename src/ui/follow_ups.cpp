// Follow-ups, reminders, and the mail and phone actions (issue 9 parts 2 and 5):
//  - "Complete & schedule next": asks the status reason (when the type has several), the next
//    activity's type and when it is due, completes the activity, then opens the new one's form
//    prefilled (core/followup.hpp). The new one is saved only when the user saves it; cancelling
//    it leaves the first one completed.
//  - Reminders: the navigation's "Reminders (n)" button opens the list of reminders showing now
//    (core/reminders.hpp) with Open, Dismiss, Snooze and Dismiss all. Dismissing is stored on the
//    activity (synced); snoozes are this device's (a device-local setting). The list is rescanned
//    when the data or the snoozes change and when a platform timer wakes the app at the next
//    reminder instant. With "Browser notifications" on (Settings) each new reminder also shows a
//    browser notification.
//  - Phone numbers: "Call" opens tel:; from a contact or an account it also logs an open outgoing
//    phone call regarding it and opens that for notes.
#include <algorithm>

#include "core/activity_format.hpp"
#include "core/contact_links.hpp"
#include "core/i18n.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "item_registry.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

constexpr const char* kFollowUpPopup = "###follow_up";
constexpr const char* kRemindersPopup = "###reminders";
constexpr UtcMillis kMinute = 60'000;
// Reminders older than this when first seen (a reload, a device waking up) are listed but do not
// each pop up a browser notification; at most this many notify at once.
constexpr UtcMillis kNotifyRecentMillis = 15 * kMinute;
constexpr std::size_t kMaxNotificationsAtOnce = 5;

std::vector<StatusReason> completed_reasons(ActivityType type) {
    auto r = status_reasons_for(type, ActivityState::Completed);
    return {r.begin(), r.end()};
}

void draw_follow_up_dialog(App& app, UiState& ui) {
    FollowUpDialog& d = ui.follow_up;
    if (!ui::begin_modal(kFollowUpPopup, tr("Complete & schedule next"), d.open)) return;
    const Activity* done = app.store.activities().find_live(d.activity_id);
    bool close = false;
    if (!done) {
        ImGui::TextUnformatted(tr("This activity no longer exists."));
        if (ImGui::Button(ui::label("Close", "dismiss_follow_up").c_str())) close = true;
        ui::finish_modal(d.open, close);
        return;
    }
    ImGui::TextUnformatted(done->subject.c_str());
    item_registry_note_rect(done->subject.c_str(), ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectSize().x,
                            ImGui::GetItemRectSize().y);
    auto reasons = completed_reasons(done->type);
    d.reason_index = std::clamp(d.reason_index, 0, std::max(0, static_cast<int>(reasons.size()) - 1));
    if (reasons.size() > 1) {
        ui::field_caption("Status Reason");
        ImGui::SetNextItemWidth(220);
        if (ui::begin_combo("follow_up_reason", tr(status_reason_name(reasons[static_cast<std::size_t>(d.reason_index)])))) {
            for (std::size_t i = 0; i < reasons.size(); ++i)
                if (ImGui::Selectable(tr(status_reason_name(reasons[i])), static_cast<int>(i) == d.reason_index))
                    d.reason_index = static_cast<int>(i);
            ImGui::EndCombo();
        }
    }
    ImGui::SeparatorText(tr("Next activity"));
    ui::field_caption("Type");
    ui::enum_combo("follow_up_type", 200, d.choice.type,
                   {ActivityType::Task, ActivityType::PhoneCall, ActivityType::Email, ActivityType::Appointment}, activity_type_name);
    ui::field_caption("Due");
    ui::enum_combo("follow_up_when", 200, d.choice.offset,
                   {FollowUpOffset::Tomorrow, FollowUpOffset::In3Days, FollowUpOffset::NextWeek, FollowUpOffset::In2Weeks,
                    FollowUpOffset::OnDate},
                   follow_up_offset_name);
    if (d.choice.offset == FollowUpOffset::OnDate) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(130);
        ImGui::InputTextWithHint("##follow_up_date", tr("YYYY-MM-DD"), &d.date_text);
        item_registry_note_value(d.date_text);
    }
    ui::field_error(d.errors, "due");
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 460);
    ui::readable_text(tr("This activity is completed now. The next one opens as a new form and is saved only when you save "
                         "it; if you cancel it, this one stays completed."),
                      ui::kMutedColour);
    ImGui::PopTextWrapPos();
    ui::record_errors(d.errors);
    if (ImGui::Button(ui::label("Complete & schedule next", "confirm_follow_up").c_str())) {
        d.errors = {};
        if (d.choice.offset == FollowUpOffset::OnDate) {
            if (auto date = parse_iso_date(d.date_text)) d.choice.date = *date;
            else d.errors.add("due", "Not a valid date: %s (use YYYY-MM-DD)", d.date_text);
        }
        if (d.errors.ok()) {
            std::string id = d.activity_id;
            const StatusReason reason = reasons.empty() ? StatusReason::Completed : reasons[static_cast<std::size_t>(d.reason_index)];
            Status st;
            // A series: the occurrence its row shows is completed, not the series (which goes on).
            const Activity* series = app.store.activities().find_live(id);
            auto occurrence = series ? row_occurrence(app, *series) : std::nullopt;
            if (occurrence) {
                auto done = complete_occurrence(app, ui, *series, *occurrence, reason);
                st = done.status;
                if (done.ok()) id = done.value;
            } else {
                st = app.store.set_state(std::span(&id, 1), ActivityState::Completed, reason, app.actor());
            }
            if (st.ok()) {
                const Activity* completed = app.store.activities().find(id);
                Activity next = follow_up_draft(*completed, d.choice, app.current_user_id, app.zone, app.now(), tr("Follow-up: %s"));
                if (next.type == ActivityType::Email && next.email_from.empty())
                    if (const User* me = app.store.users().find(app.current_user_id)) next.email_from = me->email;
                show_notice(ui, tr("Completed. Save the follow-up to keep it."));
                ui.selected.clear();
                close = true;
                open_new_activity_draft(app, ui, std::move(next));
            } else {
                d.errors = st;
            }
        }
    }
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Cancel", "dismiss_follow_up").c_str())) close = true;
    ui::finish_modal(d.open, close);
}

// ---- reminders ----------------------------------------------------------------------------------

void save_snoozes(App& app, UiState& ui) {
    ++ui.reminders.snooze_version;
    app.store.put_setting(kSettingReminderSnoozes, encode_snoozes(ui.reminders.snoozes), app.actor());
}

bool notifications_on(const App& app) {
    return app.store.setting(kSettingBrowserNotifications) == "1" && app.show_notification && app.notification_permission &&
           app.notification_permission() == "granted";
}

std::string reminder_when(const App& app, const Activity& a) {
    Due due = effective_due(a);
    if (due.kind == Due::Kind::Instant) return format_local_datetime(due.instant, app.zone);
    if (due.kind == Due::Kind::Date) return format_activity_row(app.store, a, app.zone, make_due_window(app.zone, app.now())).due;
    return {};
}

void notify_new_reminders(App& app, UiState& ui) {
    ReminderUi& r = ui.reminders;
    bool on = notifications_on(app);
    std::size_t shown = 0;
    for (const DueReminder& due : r.scan.due) {
        const Activity& a = app.store.activities().at(due.activity_index);
        if (!r.notified.insert({a.meta.id, due.at}).second) continue;
        if (!on || due.at < app.now() - kNotifyRecentMillis || shown == kMaxNotificationsAtOnce) continue;
        std::string body = reminder_when(app, a);
        std::string regarding = app.store.regarding_name(a.regarding);
        if (!regarding.empty()) body += " · " + regarding;
        app.show_notification(a.meta.id, a.subject, body);
        ++shown;
        ++r.notifications_shown;
    }
}

void dismiss(App& app, UiState& ui, const DueReminder& due) {
    const Activity* stored = app.store.activities().find_live(app.store.activities().at(due.activity_index).meta.id);
    if (!stored) return;
    Activity edited = *stored;
    edited.reminder_dismissed = due.at;
    Status st = app.store.update_activity(edited, app.actor());
    if (!st.ok()) show_notice(ui, format_message(st.errors.front()), true);
    if (ui.reminders.snoozes.erase(edited.meta.id)) save_snoozes(app, ui);
}

void snooze(App& app, UiState& ui, const DueReminder& due, UtcMillis for_millis) {
    const Activity& a = app.store.activities().at(due.activity_index);
    ui.reminders.snoozes[a.meta.id] = {due.at, app.now() + for_millis};
    save_snoozes(app, ui);
}

void draw_reminders_dialog(App& app, UiState& ui) {
    ReminderUi& r = ui.reminders;
    if (!ui::begin_modal(kRemindersPopup, tr("Reminders"), r.panel_open)) return;
    bool close = false;
    // a copy: dismissing and snoozing change the store and the scan while the list is drawn
    std::vector<DueReminder> due = r.scan.due;
    if (due.empty()) ui::readable_text(tr("No reminders."));
    std::optional<std::string> open_id;
    ImGui::BeginChild("reminder_rows", ImVec2(560, std::min(420.0f, 20.0f + 86.0f * static_cast<float>(std::max<std::size_t>(1, due.size())))),
                      ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    for (const DueReminder& item : due) {
        const Activity& a = app.store.activities().at(item.activity_index);
        ImGui::PushID(a.meta.id.c_str());
        ui::type_icon(a.type, ImGui::GetTextLineHeight());
        ImGui::SameLine();
        ui::readable_text(a.subject);  // listed for the screen-reader mirror, as the line below
        std::string when = reminder_when(app, a);
        std::string regarding = app.store.regarding_name(a.regarding);
        std::string line = std::string(tr(activity_type_name(a.type))) + " · " + when + (regarding.empty() ? "" : " · " + regarding);
        ui::readable_text(line, ui::kMutedColour);
        if (ImGui::SmallButton(ui::label("button|Open", "reminder_open").c_str())) open_id = a.meta.id;
        ImGui::SameLine();
        if (ImGui::SmallButton(ui::label("Dismiss", "reminder_dismiss").c_str())) dismiss(app, ui, item);
        ImGui::SameLine();
        if (ImGui::SmallButton(ui::label("Snooze 5 min", "reminder_snooze5").c_str())) snooze(app, ui, item, 5 * kMinute);
        ImGui::SameLine();
        if (ImGui::SmallButton(ui::label("Snooze 1 hour", "reminder_snooze60").c_str())) snooze(app, ui, item, 60 * kMinute);
        ImGui::Separator();
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
    ImGui::TextUnformatted(tr("Snoozes are kept on this device; a dismissed reminder is dismissed everywhere."));
    ImGui::PopStyleColor();
    ImGui::BeginDisabled(due.empty());
    if (ImGui::Button(ui::label("Dismiss all", "reminders_dismiss_all").c_str()))
        for (const DueReminder& item : due) dismiss(app, ui, item);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Close", "reminders_close").c_str())) close = true;
    ui::finish_modal(r.panel_open, close);
    if (open_id) {
        r.panel_open = false;
        open_activity(app, ui, *open_id);
    }
}

}  // namespace

void open_follow_up(App& app, UiState& ui, const std::string& activity_id) {
    const Activity* a = app.store.activities().find_live(activity_id);
    if (!a || is_read_only(*a) || !can_follow_up(a->type)) return;
    FollowUpDialog d;
    d.open = true;
    d.activity_id = activity_id;
    d.choice.type = a->type;
    d.choice.date = add_days(app.zone.local_date(app.now()), 1);
    d.date_text = format_iso_date(d.choice.date);
    ui.follow_up = std::move(d);
}

void draw_follow_up(App& app, UiState& ui) {
    draw_follow_up_dialog(app, ui);
    draw_reminders_dialog(app, ui);
}

void update_reminders(App& app, UiState& ui) {
    ReminderUi& r = ui.reminders;
    if (app.storage_state == StorageState::Opening) return;
    if (!r.snoozes_loaded) {
        r.snoozes = decode_snoozes(app.store.setting(kSettingReminderSnoozes));
        r.snoozes_loaded = true;
        ++r.snooze_version;
    }
    UtcMillis now = app.now();
    bool stale = !r.valid || r.store_version != app.store.version() || r.scanned_snooze_version != r.snooze_version ||
                 (r.scan.next && now >= *r.scan.next);
    if (stale) {
        r.scan = scan_reminders(app.store.activities(), app.zone, now, &r.snoozes);
        r.valid = true;
        r.store_version = app.store.version();
        r.scanned_snooze_version = r.snooze_version;
        notify_new_reminders(app, ui);
    }
    UtcMillis wake = r.scan.next.value_or(0);
    if (wake != r.timer_at && app.wake_at) {
        app.wake_at(wake);
        r.timer_at = wake;
    }
}

void draw_reminder_bell(App& app, UiState& ui) {
    (void)app;
    std::size_t n = ui.reminders.scan.due.size();
    std::string text = std::string(tr("Reminders")) + (n ? " (" + std::to_string(n) + ")" : std::string()) + "###nav_reminders";
    if (n) ImGui::PushStyleColor(ImGuiCol_Text, ui::kOverdueColour);
    if (ImGui::Button(text.c_str(), ImVec2(-1, 0))) ui.reminders.panel_open = true;
    if (n) ImGui::PopStyleColor();
}

void open_activity_from_notification(App& app, UiState& ui, const std::string& activity_id) {
    ui.reminders.panel_open = false;
    if (!app.store.activities().find_live(activity_id)) return;
    // on top of whatever is open: the forms below keep their edits
    open_activity(app, ui, activity_id);
}

bool call_button(App& app, UiState& ui, const char* id, const std::string& number, const RecordRef& from) {
    std::string url = tel_url(number);
    if (url.empty() || !app.open_external_url) return false;
    ImGui::PushID(id);
    bool clicked = ImGui::Button(ui::label("Call", "call").c_str());
    ImGui::PopID();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", url.c_str());
    if (!clicked) return false;
    app.open_external_url(url);
    if (from.empty()) return true;
    // from a contact or an account: the call is logged at once, open, for the user's notes
    Activity call;
    call.type = ActivityType::PhoneCall;
    call.state = initial_state(call.type);
    call.reason = default_reason(call.type, call.state);
    call.direction = Direction::Outgoing;
    call.phone_number = number;
    call.regarding = from;
    call.owner = {OwnerKind::User, app.current_user_id};
    call.due = Due::at(app.now());
    call.subject = tr_args("Call with %s", {app.store.regarding_name(from)});
    auto made = app.store.create_activity(call, app.actor());
    if (!made.ok()) {
        show_notice(ui, format_message(made.status.errors.front()), true);
        return true;
    }
    open_activity(app, ui, made.value);
    return true;
}

}  // namespace crm
