// Tests for reminders: the instant each activity reminds at (appointment start, task due, 09:00
// local for a date-only due), which show at `now` (open/scheduled, not dismissed for that
// instant, not snoozed), the next wake-up instant, and device-local snoozes.
#include <doctest/doctest.h>

#include "test_time.hpp"

#include <chrono>
#include <cstdio>

#include "core/reminders.hpp"
#include "core/store.hpp"

using namespace crm;
using crm::test::at;
using crm::test::warsaw;

namespace {

constexpr UtcMillis kMinute = 60'000;

Activity appointment(const char* id, const char* start, std::optional<int> reminder) {
    Activity a;
    a.meta.id = id;
    a.type = ActivityType::Appointment;
    a.state = ActivityState::Scheduled;
    a.reason = StatusReason::Busy;
    a.subject = id;
    a.scheduled_start = at(start);
    a.scheduled_end = *a.scheduled_start + 30 * kMinute;
    a.reminder_minutes = reminder;
    return a;
}

Activity task(const char* id, Due due, std::optional<int> reminder) {
    Activity a;
    a.meta.id = id;
    a.type = ActivityType::Task;
    a.subject = id;
    a.due = due;
    a.reminder_minutes = reminder;
    return a;
}

std::vector<std::string> ids(const Table<Activity>& t, const ReminderScan& s) {
    std::vector<std::string> out;
    for (const auto& d : s.due) out.push_back(t.at(d.activity_index).meta.id);
    return out;
}

}  // namespace

TEST_CASE("reminder instants: appointment start, task due, 09:00 local for a date, all-day") {
    TimeZone z = warsaw();
    CHECK(reminder_instant(appointment("a", "2026-11-24T13:00:00Z", 15), z, 0) == at("2026-11-24T12:45:00Z"));
    CHECK(reminder_instant(appointment("a", "2026-11-24T13:00:00Z", 0), z, 0) == at("2026-11-24T13:00:00Z"));
    CHECK_FALSE(reminder_instant(appointment("a", "2026-11-24T13:00:00Z", std::nullopt), z, 0));
    CHECK(reminder_instant(task("t", Due::at(at("2026-11-24T15:00:00Z")), 60), z, 0) == at("2026-11-24T14:00:00Z"));
    // date-only: 09:00 Warsaw (08:00Z in winter, 07:00Z in summer) minus the offset
    CHECK(reminder_instant(task("t", Due::on_date({2026, 11, 24}), 0), z, 0) == at("2026-11-24T08:00:00Z"));
    CHECK(reminder_instant(task("t", Due::on_date({2026, 7, 1}), 24 * 60), z, 0) == at("2026-06-30T07:00:00Z"));
    CHECK_FALSE(reminder_instant(task("t", Due::none(), 15), z, 0));
    Activity all_day = appointment("d", "2026-11-24T00:00:00Z", 15);
    all_day.all_day = true;
    CHECK(reminder_instant(all_day, z, 0) == at("2026-11-24T07:45:00Z"));
    Activity call = task("c", Due::at(at("2026-11-24T15:00:00Z")), 15);
    call.type = ActivityType::PhoneCall;
    CHECK_FALSE(reminder_instant(call, z, 0));  // only tasks and appointments remind
}

TEST_CASE("due reminders: open or scheduled, reached, not dismissed for that instant; next wake-up") {
    TimeZone z = warsaw();
    Table<Activity> t;
    t.upsert(appointment("soon", "2026-11-24T13:00:00Z", 15));    // reminds 12:45Z
    t.upsert(appointment("later", "2026-11-24T18:00:00Z", 60));   // reminds 17:00Z
    t.upsert(task("due", Due::at(at("2026-11-24T12:00:00Z")), 30)); // reminds 11:30Z
    Activity done = task("done", Due::at(at("2026-11-24T12:00:00Z")), 30);
    done.state = ActivityState::Completed;
    done.reason = StatusReason::Completed;
    t.upsert(done);
    Activity gone = task("gone", Due::at(at("2026-11-24T12:00:00Z")), 30);
    gone.meta.deleted = true;
    t.upsert(gone);
    Activity dismissed = task("dismissed", Due::at(at("2026-11-24T12:00:00Z")), 30);
    dismissed.reminder_dismissed = at("2026-11-24T11:30:00Z");
    t.upsert(dismissed);
    Activity moved = task("moved", Due::at(at("2026-11-24T12:10:00Z")), 30);  // dismissed before it moved by 10 min
    moved.reminder_dismissed = at("2026-11-24T11:30:00Z");
    t.upsert(moved);

    ReminderScan s = scan_reminders(t, z, at("2026-11-24T12:50:00Z"));
    CHECK(ids(t, s) == std::vector<std::string>{"due", "moved", "soon"});
    CHECK(s.next == at("2026-11-24T17:00:00Z"));
    s = scan_reminders(t, z, at("2026-11-24T11:00:00Z"));
    CHECK(s.due.empty());
    CHECK(s.next == at("2026-11-24T11:30:00Z"));
    // the instant itself counts as reached
    s = scan_reminders(t, z, at("2026-11-24T11:30:00Z"));
    CHECK(ids(t, s) == std::vector<std::string>{"due"});
    s = scan_reminders(t, z, at("2026-11-24T19:00:00Z"));
    CHECK(s.due.size() == 4);
    CHECK_FALSE(s.next);
}

TEST_CASE("snoozes: hide until `until`, wake then, and lapse when the activity moves") {
    TimeZone z = TimeZone::utc();
    Table<Activity> t;
    t.upsert(appointment("a", "2026-11-24T13:00:00Z", 15));
    Snoozes snoozes{{"a", {at("2026-11-24T12:45:00Z"), at("2026-11-24T12:55:00Z")}}};
    ReminderScan s = scan_reminders(t, z, at("2026-11-24T12:50:00Z"), &snoozes);
    CHECK(s.due.empty());
    CHECK(s.next == at("2026-11-24T12:55:00Z"));
    CHECK(scan_reminders(t, z, at("2026-11-24T12:55:00Z"), &snoozes).due.size() == 1);
    // moved by an hour: the snooze was for the old instant
    t.upsert(appointment("a", "2026-11-24T12:00:00Z", 15));
    CHECK(scan_reminders(t, z, at("2026-11-24T12:50:00Z"), &snoozes).due.size() == 1);
    prune_snoozes(snoozes, t, z, at("2026-11-24T12:50:00Z"));
    CHECK(snoozes.empty());
}

TEST_CASE("snoozes round-trip through their setting text; junk is skipped") {
    Snoozes s{{"b", {2, 3}}, {"a", {1, 1700000000000}}};
    std::string text = encode_snoozes(s);
    CHECK(text == "a=1:1700000000000;b=2:3");
    CHECK(decode_snoozes(text).size() == 2);
    CHECK(decode_snoozes(text).at("a").until == 1700000000000);
    CHECK(decode_snoozes("x;=1:2;c=q:1;d=5:6").size() == 1);
    CHECK(decode_snoozes("").empty());
}

TEST_CASE("reminder choices have names") {
    for (int m : kReminderChoices) CHECK(std::string(reminder_choice_name(m)) != "Custom");
    CHECK(std::string(reminder_choice_name(7)) == "Custom");
}

// Reports (never asserts) how long one scan of 100,000 activities takes: a quarter with
// reminders (most of them showing), and 1% with reminders (a more usual share).
TEST_CASE("reminders: one scan at 100k (figures printed)") {
    TimeZone z = warsaw();
    UtcMillis base = at("2026-11-01T08:00:00Z");
    for (int every : {4, 100}) {
        Table<Activity> t;
        t.reserve(100'000);
        for (int i = 0; i < 100'000; ++i) {
            std::string id = "act-" + std::to_string(i);
            Activity a = i % 2 ? appointment(id.c_str(), "2026-11-01T08:00:00Z", std::nullopt)
                               : task(id.c_str(), i % 3 ? Due::at(base) : Due::on_date({2026, 11, 1 + i % 28}), std::nullopt);
            if (a.type == ActivityType::Appointment) a.scheduled_start = base + static_cast<UtcMillis>(i) * kMinute;
            if (i % every == 0) a.reminder_minutes = 15;
            t.upsert(a);
        }
        ReminderScan s;
        constexpr int kRuns = 20;
        auto start = std::chrono::steady_clock::now();
        for (int r = 0; r < kRuns; ++r) s = scan_reminders(t, z, at("2026-11-20T00:00:00Z"));
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / kRuns;
        std::printf("[reminders] scan_reminders, 100000 activities, 1 in %d with a reminder: %.2f ms per scan (%zu showing)\n", every, ms,
                    s.due.size());
        CHECK_FALSE(s.due.empty());
    }
}

TEST_CASE("a series reminds for its current occurrence: a dismissed one does not silence the next") {
    TimeZone z = warsaw();
    // Daily at 09:00 Warsaw from Monday 2026-11-23 (08:00Z in winter), 15 minutes before.
    Activity a = appointment("s", "2026-11-23T08:00:00Z", 15);
    a.recurrence = Recurrence{};
    a.recurrence->frequency = Frequency::Daily;
    CHECK(reminder_instant(a, z, at("2026-11-23T06:00:00Z")) == at("2026-11-23T07:45:00Z"));
    CHECK(reminder_instant(a, z, at("2026-11-25T12:00:00Z")) == at("2026-11-25T07:45:00Z"));

    Table<Activity> t;
    a.reminder_dismissed = at("2026-11-25T07:45:00Z");  // Wednesday's was dismissed
    t.upsert(a);
    ReminderScan wednesday = scan_reminders(t, z, at("2026-11-25T12:00:00Z"), nullptr);
    CHECK(wednesday.due.empty());
    CHECK(wednesday.next == at("2026-11-25T23:00:00Z"));  // Thursday 00:00 Warsaw: look again
    ReminderScan thursday = scan_reminders(t, z, at("2026-11-26T07:50:00Z"), nullptr);
    REQUIRE(thursday.due.size() == 1);
    CHECK(thursday.due[0].at == at("2026-11-26T07:45:00Z"));
}
