// Headless UI tests for follow-ups, reminders, Send and Call (ui/follow_ups.cpp and the activity
// form): each goes through registered items as a user clicks them, with fake platform hooks that
// record the external URLs, wake-up instants and notifications the app asks for.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/contact_links.hpp"
#include "core/reminders.hpp"
#include "ui_headless.hpp"

namespace {

struct Fakes {
    std::vector<std::string> urls;
    std::vector<crm::UtcMillis> wakes;
    std::vector<std::string> notifications;
    std::string permission = "granted";
    void install(crm::App& app) {
        app.open_external_url = [this](const std::string& url) { urls.push_back(url); };
        app.wake_at = [this](crm::UtcMillis at) { wakes.push_back(at); };
        app.notification_permission = [this] { return permission; };
        app.request_notification_permission = [] {};
        app.show_notification = [this](const std::string& tag, const std::string&, const std::string&) { notifications.push_back(tag); };
    }
};

crm::ActivityDialog* top_activity(Headless& h) {
    if (h.ui.dialogs.empty()) return nullptr;
    return std::get_if<crm::ActivityDialog>(&h.ui.dialogs.back());
}

const crm::Contact& chris(Headless& h) {
    for (const auto& c : h.app.store.contacts().rows())
        if (c.full_name == "Chris Preston") return c;
    FAIL("no Chris Preston in the demo data");
    throw 0;
}

std::string make(Headless& h, crm::Activity a) {
    a.owner = {crm::OwnerKind::User, h.app.current_user_id};
    auto made = h.app.store.create_activity(a, h.app.actor());
    REQUIRE(made.ok());
    return made.value;
}

void click(Headless& h, const std::string& label, const std::string& window = {}) {
    const auto* it = h.item(label, window);
    REQUIRE_MESSAGE(it != nullptr, label);
    h.click(*it);
}

}  // namespace

TEST_CASE("follow-up: Complete & schedule next from the form opens a prefilled unsaved activity") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    crm::Activity call;
    call.type = crm::ActivityType::PhoneCall;
    call.subject = "Discuss the offer";
    call.phone_number = "+48 22 123 45 67";
    call.regarding = {crm::RegardingKind::Contact, chris(h).meta.id};
    call.due = crm::Due::on_date({2026, 11, 18});
    std::string id = make(h, call);
    crm::open_activity(h.app, h.ui, id);
    h.frames(2);
    std::string rev_opened = h.app.store.activities().find(id)->meta.rev;
    click(h, "Complete & schedule next");
    REQUIRE(h.ui.follow_up.open);
    CHECK(h.app.store.activities().find(id)->meta.rev == rev_opened);  // nothing edited: not saved again
    h.frames(2);
    click(h, "Complete & schedule next", "Complete & schedule next");  // the step's confirm button
    const crm::Activity* done = h.app.store.activities().find(id);
    CHECK(done->state == crm::ActivityState::Completed);
    CHECK(done->reason == crm::StatusReason::Made);  // a phone call's first completed reason
    REQUIRE(top_activity(h) != nullptr);
    crm::ActivityDialog& next = *top_activity(h);
    CHECK(next.is_new);
    CHECK(next.draft.type == crm::ActivityType::PhoneCall);
    CHECK(next.draft.regarding == call.regarding);
    CHECK(next.draft.subject == "Follow-up: Discuss the offer");
    CHECK(next.due_date == "2026-11-19");  // tomorrow in Warsaw; date-only stays a date
    CHECK(next.due_time.empty());
    std::size_t before = h.app.store.live_activity_count();
    h.frames(2);
    click(h, "Save & Close");
    CHECK(h.app.store.live_activity_count() == before + 1);
    CHECK(h.ui.dialogs.empty());
}

TEST_CASE("follow-up: the form's edits are saved first; cancelling the new form leaves the first one completed") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    crm::Activity task;
    task.type = crm::ActivityType::Task;
    task.subject = "Prepare the contract";
    task.due = crm::Due::on_date({2026, 11, 18});
    std::string id = make(h, task);
    crm::open_activity(h.app, h.ui, id);
    h.frames(2);
    top_activity(h)->draft.description = "Signed copy received";  // an edit in the form...
    click(h, "Complete & schedule next");
    CHECK(h.app.store.activities().find(id)->description == "Signed copy received");  // ...saved before completing
    REQUIRE(h.ui.follow_up.open);
    h.frames(2);
    h.ui.follow_up.choice.offset = crm::FollowUpOffset::NextWeek;
    click(h, "Complete & schedule next", "Complete & schedule next");
    REQUIRE(top_activity(h) != nullptr);
    CHECK(top_activity(h)->due_date == "2026-11-25");
    std::size_t before = h.app.store.live_activity_count();
    h.frames(2);
    click(h, "Cancel");
    CHECK(h.app.store.live_activity_count() == before);
    CHECK(h.app.store.activities().find(id)->state == crm::ActivityState::Completed);
}

TEST_CASE("reminders: the bell counts, a notification is shown once, Dismiss and Snooze, the wake-up timer") {
    Headless h;
    Fakes fakes;
    fakes.install(h.app);
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.app.store.put_setting(crm::kSettingBrowserNotifications, "1", h.app.actor());
    h.frames(2);
    crm::Activity meeting;
    meeting.type = crm::ActivityType::Appointment;
    meeting.subject = "Quarterly review";
    meeting.state = crm::ActivityState::Scheduled;
    meeting.reason = crm::StatusReason::Busy;
    meeting.scheduled_start = h.now + 10 * 60'000;
    meeting.scheduled_end = h.now + 40 * 60'000;
    meeting.reminder_minutes = 15;  // reminds 5 minutes ago
    std::string id = make(h, meeting);
    crm::Activity later = meeting;
    later.subject = "Later review";
    later.scheduled_start = h.now + 2 * 3'600'000;
    later.scheduled_end = h.now + 3 * 3'600'000;
    make(h, later);
    h.frames(2);
    REQUIRE(h.ui.reminders.scan.due.size() == 1);
    CHECK(fakes.notifications == std::vector<std::string>{id});
    REQUIRE(!fakes.wakes.empty());
    CHECK(fakes.wakes.back() == h.now + 2 * 3'600'000 - 15 * 60'000);
    click(h, "Reminders (1)");
    REQUIRE(h.ui.reminders.panel_open);
    h.frames(2);
    click(h, "Snooze 5 min", "Reminders");
    CHECK(h.ui.reminders.scan.due.empty());
    CHECK(fakes.wakes.back() == h.now + 5 * 60'000);
    h.now += 5 * 60'000;  // the timer fires
    h.frames(2);
    REQUIRE(h.ui.reminders.scan.due.size() == 1);
    CHECK(fakes.notifications.size() == 1);  // the same instant does not notify twice
    click(h, "Dismiss", "Reminders");
    CHECK(h.ui.reminders.scan.due.empty());
    CHECK(h.app.store.activities().find(id)->reminder_dismissed == meeting.scheduled_start.value() - 15 * 60'000);
    CHECK(h.app.store.setting(crm::kSettingReminderSnoozes).empty());
}

TEST_CASE("reminder field: new appointments default to 15 minutes, tasks to none") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    crm::open_new_activity(h.app, h.ui, crm::ActivityType::Appointment);
    h.frames(2);
    CHECK(top_activity(h)->draft.reminder_minutes == 15);
    CHECK(h.item("reminder") != nullptr);
    h.ui.dialogs.clear();
    crm::open_new_activity(h.app, h.ui, crm::ActivityType::Task);
    h.frames(2);
    CHECK_FALSE(top_activity(h)->draft.reminder_minutes.has_value());
}

TEST_CASE("Send: refused without To; otherwise mailto: and recorded as sent in one revision") {
    Headless h;
    Fakes fakes;
    fakes.install(h.app);
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    crm::Activity email;
    email.type = crm::ActivityType::Email;
    email.reason = crm::StatusReason::Draft;
    email.subject = "Oferta & cennik";
    email.description = "Dzień dobry,\nw załączeniu oferta.";
    std::string id = make(h, email);
    crm::open_activity(h.app, h.ui, id);
    h.frames(2);
    click(h, "Send");
    CHECK(fakes.urls.empty());
    REQUIRE(top_activity(h) != nullptr);
    CHECK(top_activity(h)->errors.error_for("email_to") != nullptr);
    top_activity(h)->draft.email_to = "anna@example.com; bob@example.com";
    h.frames(1);
    std::string rev_before = h.app.store.activities().find(id)->meta.rev;
    click(h, "Send");
    REQUIRE(fakes.urls.size() == 1);
    CHECK(fakes.urls[0] ==
          "mailto:anna@example.com,bob@example.com?subject=Oferta%20%26%20cennik&body=Dzie%C5%84%20dobry%2C%0D%0Aw%20za%C5%82%C4%85czeniu%20oferta.");
    const crm::Activity* sent = h.app.store.activities().find(id);
    CHECK(sent->state == crm::ActivityState::Completed);
    CHECK(sent->reason == crm::StatusReason::Sent);
    CHECK(sent->actual_end == h.now);
    CHECK(sent->email_to == "anna@example.com; bob@example.com");
    CHECK(sent->meta.rev != rev_before);
    CHECK(h.ui.dialogs.empty());
}

TEST_CASE("Call: a contact's number opens tel: and logs an open outgoing call on its timeline") {
    Headless h;
    Fakes fakes;
    fakes.install(h.app);
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    const crm::Contact& c = chris(h);
    REQUIRE(!c.phone.empty());
    crm::open_record(h.app, h.ui, {crm::RegardingKind::Contact, c.meta.id});
    h.frames(3);
    std::size_t before = h.app.store.live_activity_count();
    click(h, "Call");
    REQUIRE(fakes.urls.size() == 1);
    CHECK(fakes.urls[0] == crm::tel_url(c.phone));
    CHECK(h.app.store.live_activity_count() == before + 1);
    REQUIRE(top_activity(h) != nullptr);
    const crm::Activity& call = top_activity(h)->draft;
    CHECK(call.type == crm::ActivityType::PhoneCall);
    CHECK(call.state == crm::ActivityState::Open);
    CHECK(call.direction == crm::Direction::Outgoing);
    CHECK(call.phone_number == c.phone);
    CHECK(call.regarding == crm::RecordRef{crm::RegardingKind::Contact, c.meta.id});
    // the call's own number: tel: only, nothing new logged
    h.frames(2);
    click(h, "Call", "Phone Call");
    CHECK(fakes.urls.size() == 2);
    CHECK(h.app.store.live_activity_count() == before + 1);
}
