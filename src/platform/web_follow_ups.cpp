// The browser side of follow-ups and reminders (ui/follow_ups.cpp): mailto:/tel: links handed to
// the page, the wake-up timer for the next reminder (the app draws nothing while idle, so a
// reminder due in an hour needs a setTimeout, not polling frames), and browser notifications
// (web/crm_platform.js). Test builds publish what happened (the last external URL, the
// notifications shown) and a hook that reads an activity's workflow fields.
#include <emscripten.h>

#include <cstdlib>
#include <cstring>

#include "core/json_codec.hpp"
#include "core/reminders.hpp"
#include "ui/views.hpp"
#include "web_app.hpp"

extern "C" {
void crm_js_open_external_url(const char* url);
void crm_js_wake_at(double at_ms);
char* crm_js_notification_permission();
void crm_js_request_notification_permission();
void crm_js_show_notification(const char* tag, const char* title, const char* body);
}

namespace crm {
namespace {

std::string g_last_external_url;

}  // namespace

void install_follow_ups(WebApp& w) {
    App& app = w.app;
    app.open_external_url = [](const std::string& url) {
        g_last_external_url = url;
        crm_js_open_external_url(url.c_str());
    };
    app.wake_at = [](UtcMillis at) { crm_js_wake_at(static_cast<double>(at)); };
    app.notification_permission = [] {
        char* p = crm_js_notification_permission();
        std::string s = p ? p : "unsupported";
        std::free(p);
        return s;
    };
    app.request_notification_permission = [] { crm_js_request_notification_permission(); };
    app.show_notification = [](const std::string& tag, const std::string& title, const std::string& body) {
        crm_js_show_notification(tag.c_str(), title.c_str(), body.c_str());
    };
}

std::string follow_ups_test_state(const WebApp& w) {
    return "{\"reminders\":" + std::to_string(w.ui.reminders.scan.due.size()) +
           ",\"nextReminder\":" + std::to_string(w.ui.reminders.scan.next.value_or(0)) +
           ",\"notificationsShown\":" + std::to_string(w.ui.reminders.notifications_shown) +
           ",\"lastExternalUrl\":" + json_text(g_last_external_url) + "}";
}

}  // namespace crm

extern "C" {
// The timer for the next reminder instant fired: the frame rescans and re-arms it.
EMSCRIPTEN_KEEPALIVE void crm_on_wake() {
    crm::web_app().ui.reminders.timer_at = -1;  // armed again by the next frame, even if it came a little early
    crm::request_frames(2);
}
EMSCRIPTEN_KEEPALIVE void crm_on_notification_permission() { crm::request_frames(2); }
// A notification was clicked: the page has been focused; the activity opens on top.
EMSCRIPTEN_KEEPALIVE void crm_on_notification_click(const char* activity_id) {
    crm::WebApp& w = crm::web_app();
    crm::open_activity_from_notification(w.app, w.ui, activity_id ? activity_id : "");
    crm::request_frames(3);
}

// Test builds: a task due `seconds` from now that reminds at its due ("At start"); the form
// takes times to the minute, and a test should not wait a minute for its reminder.
EMSCRIPTEN_KEEPALIVE char* crm_test_remind_soon(const char* subject, const char* seconds) {
    crm::WebApp& w = crm::web_app();
    if (!w.test_mode || w.app.storage_state == crm::StorageState::Opening) return crm::malloc_text("{\"error\":\"not available\"}");
    crm::Activity a;
    a.type = crm::ActivityType::Task;
    a.subject = subject;
    a.owner = {crm::OwnerKind::User, w.app.current_user_id};
    a.due = crm::Due::at(w.app.now() + static_cast<crm::UtcMillis>(std::atof(seconds) * 1000));
    a.reminder_minutes = 0;
    auto made = w.app.store.create_activity(a, w.app.actor());
    crm::request_frames(2);
    if (!made.ok()) return crm::malloc_text("{\"error\":\"refused\"}");
    return crm::malloc_text("{\"id\":" + crm::json_text(made.value) + ",\"reminderAt\":" + std::to_string(a.due.instant) + "}");
}

// Test builds: an activity's type and workflow fields, by id or subject.
EMSCRIPTEN_KEEPALIVE char* crm_test_activity_workflow(const char* id_or_subject) {
    crm::WebApp& w = crm::web_app();
    if (!w.test_mode) return crm::malloc_text("null");
    const auto& t = w.app.store.activities();
    const crm::Activity* a = t.find_live(id_or_subject);
    for (std::size_t i = 0; !a && i < t.size(); ++i)
        if (!t.rows()[i].meta.deleted && t.rows()[i].subject == id_or_subject) a = &t.rows()[i];
    if (!a) return crm::malloc_text("null");
    std::string due = a->due.kind == crm::Due::Kind::Date      ? crm::format_iso_date(a->due.date)
                      : a->due.kind == crm::Due::Kind::Instant ? crm::format_iso_utc(a->due.instant)
                                                                : "";
    auto reminder_at = crm::reminder_instant(*a, w.app.zone, w.app.now());
    return crm::malloc_text(
        "{\"id\":" + crm::json_text(a->meta.id) + ",\"type\":" + crm::json_text(crm::activity_type_name(a->type)) +
        ",\"state\":" + crm::json_text(crm::activity_state_name(a->state)) + ",\"reason\":" + crm::json_text(crm::status_reason_name(a->reason)) +
        ",\"regarding\":" + crm::json_text(a->regarding.id) + ",\"due\":" + crm::json_text(due) +
        ",\"actualEnd\":" + std::to_string(a->actual_end.value_or(0)) +
        ",\"reminderAt\":" + std::to_string(reminder_at.value_or(0)) +
        ",\"reminderDismissed\":" + std::to_string(a->reminder_dismissed.value_or(0)) + "}");
}
}
