// Tests for followup: the "Complete & schedule next" draft. Due dates are computed from today in
// the user's zone; a date stays a date (month and year ends, leap day) and an instant keeps its
// local time of day across a DST change (Warsaw: 2027-03-28 spring forward, 2026-10-25 fall back).
#include <doctest/doctest.h>

#include "test_time.hpp"

#include <string>

#include "core/followup.hpp"

using namespace crm;
using crm::test::at;
using crm::test::warsaw;

namespace {

LocalDate date(int y, int m, int d) { return {y, m, d}; }

Activity task_due_on(LocalDate d) {
    Activity a;
    a.type = ActivityType::Task;
    a.subject = "Send the quote";
    a.due = Due::on_date(d);
    a.regarding = {RegardingKind::Account, "acc-1"};
    a.owner = {OwnerKind::User, "someone-else"};
    a.priority = Priority::High;
    a.state = ActivityState::Completed;
    a.reason = StatusReason::Completed;
    return a;
}

}  // namespace

TEST_CASE("follow-up: same Regarding, chosen type, prefixed subject, current user, open, not stored") {
    TimeZone z = warsaw();
    Activity done = task_due_on(date(2026, 11, 20));
    Activity next = follow_up_draft(done, {ActivityType::PhoneCall, FollowUpOffset::Tomorrow, {}}, "me", z, at("2026-11-23T10:00:00Z"));
    CHECK(next.type == ActivityType::PhoneCall);
    CHECK(next.regarding == done.regarding);
    CHECK(next.subject == "Follow-up: Send the quote");
    CHECK(next.owner == OwnerRef{OwnerKind::User, "me"});
    CHECK(next.state == ActivityState::Open);
    CHECK(next.reason == default_reason(ActivityType::PhoneCall, ActivityState::Open));
    CHECK(next.meta.id.empty());
    CHECK(next.priority == Priority::High);
    CHECK(validate_activity(next).ok());
}

TEST_CASE("follow-up: offsets count from today in the user's zone, and a date-only due stays a date") {
    TimeZone z = warsaw();
    Activity done = task_due_on(date(2026, 1, 2));
    // 23:30Z on 30 January is already 31 January in Warsaw: "tomorrow" is 1 February
    UtcMillis now = at("2026-01-30T23:30:00Z");
    auto due_for = [&](FollowUpOffset o) { return follow_up_draft(done, {ActivityType::Task, o, {}}, "me", z, now).due; };
    CHECK(due_for(FollowUpOffset::Tomorrow) == Due::on_date(date(2026, 2, 1)));
    CHECK(due_for(FollowUpOffset::In3Days) == Due::on_date(date(2026, 2, 3)));
    CHECK(due_for(FollowUpOffset::NextWeek) == Due::on_date(date(2026, 2, 7)));
    CHECK(due_for(FollowUpOffset::In2Weeks) == Due::on_date(date(2026, 2, 14)));
    Activity on = follow_up_draft(done, {ActivityType::Task, FollowUpOffset::OnDate, date(2026, 5, 4)}, "me", z, now);
    CHECK(on.due == Due::on_date(date(2026, 5, 4)));
}

TEST_CASE("follow-up: month and year ends and the leap day") {
    TimeZone z = TimeZone::utc();
    Activity done = task_due_on(date(2026, 1, 1));
    auto tomorrow = [&](const char* now) {
        return follow_up_draft(done, {ActivityType::Task, FollowUpOffset::Tomorrow, {}}, "me", z, at(now)).due.date;
    };
    CHECK(tomorrow("2027-02-28T12:00:00Z") == date(2027, 3, 1));
    CHECK(tomorrow("2028-02-28T12:00:00Z") == date(2028, 2, 29));
    CHECK(tomorrow("2026-12-31T12:00:00Z") == date(2027, 1, 1));
    CHECK(tomorrow("2026-04-30T12:00:00Z") == date(2026, 5, 1));
    auto in3 = follow_up_draft(done, {ActivityType::Task, FollowUpOffset::In3Days, {}}, "me", z, at("2026-01-30T08:00:00Z"));
    CHECK(in3.due.date == date(2026, 2, 2));
}

TEST_CASE("follow-up: an instant keeps its local time of day across DST") {
    TimeZone z = warsaw();
    Activity done = task_due_on(date(2026, 1, 1));
    // due 15:00 Warsaw on Friday 26 March 2027 (CET, 14:00Z)
    done.due = Due::at(at("2027-03-26T14:00:00Z"));
    // next week is after the spring-forward: 15:00 CEST is 13:00Z
    Activity next = follow_up_draft(done, {ActivityType::Task, FollowUpOffset::NextWeek, {}}, "me", z, at("2027-03-26T16:00:00Z"));
    CHECK(next.due == Due::at(at("2027-04-02T13:00:00Z")));
    // fall back: 09:30 CEST (07:30Z) on 23 October 2026, three days on is 09:30 CET (08:30Z)
    done.due = Due::at(at("2026-10-23T07:30:00Z"));
    next = follow_up_draft(done, {ActivityType::Task, FollowUpOffset::In3Days, {}}, "me", z, at("2026-10-23T07:00:00Z"));
    CHECK(next.due == Due::at(at("2026-10-26T08:30:00Z")));
}

TEST_CASE("follow-up: appointments keep start time and length; other types get a due from the start") {
    TimeZone z = warsaw();
    Activity meeting;
    meeting.type = ActivityType::Appointment;
    meeting.subject = "Demo";
    meeting.scheduled_start = at("2026-11-20T13:00:00Z");  // 14:00 Warsaw
    meeting.scheduled_end = at("2026-11-20T14:30:00Z");
    Activity next = follow_up_draft(meeting, {ActivityType::Appointment, FollowUpOffset::In2Weeks, {}}, "me", z, at("2026-11-20T15:00:00Z"));
    REQUIRE(next.scheduled_start);
    CHECK(*next.scheduled_start == at("2026-12-04T13:00:00Z"));
    CHECK(*next.scheduled_end - *next.scheduled_start == 90 * 60'000);
    CHECK(next.reminder_minutes == 15);
    Activity call = follow_up_draft(meeting, {ActivityType::PhoneCall, FollowUpOffset::Tomorrow, {}}, "me", z, at("2026-11-20T15:00:00Z"));
    CHECK(call.due == Due::at(at("2026-11-21T13:00:00Z")));
    // an appointment after a date-only task starts at 09:00 local
    Activity from_task = follow_up_draft(task_due_on(date(2026, 11, 20)), {ActivityType::Appointment, FollowUpOffset::Tomorrow, {}}, "me", z,
                                         at("2026-11-20T15:00:00Z"));
    CHECK(*from_task.scheduled_start == at("2026-11-21T08:00:00Z"));
    CHECK(validate_activity(from_task).ok());
}

TEST_CASE("follow-up subject: translated pattern, no double prefix, length limit") {
    CHECK(follow_up_subject("Follow-up: %s", "Call Anna") == "Follow-up: Call Anna");
    CHECK(follow_up_subject("Follow-up: %s", "Follow-up: Call Anna") == "Follow-up: Call Anna");
    CHECK(follow_up_subject("Kontynuacja: %s", "Zadzwoń") == "Kontynuacja: Zadzwoń");
    std::string longest(kMaxSubjectChars, 'x');
    CHECK(utf8_length(follow_up_subject("Follow-up: %s", longest)) == kMaxSubjectChars);
    std::string polish;
    for (std::size_t i = 0; i < kMaxSubjectChars; ++i) polish += "ż";
    std::string cut = follow_up_subject("Follow-up: %s", polish);
    CHECK(utf8_valid(cut));
    CHECK(utf8_length(cut) == kMaxSubjectChars);
}

TEST_CASE("follow-up keeps the counterpart of the same type") {
    Activity email;
    email.type = ActivityType::Email;
    email.subject = "Offer";
    email.email_to = "a@example.com";
    email.email_cc = "b@example.com";
    Activity next = follow_up_draft(email, {ActivityType::Email, FollowUpOffset::Tomorrow, {}}, "me", TimeZone::utc(), at("2026-11-20T15:00:00Z"));
    CHECK(next.email_to == "a@example.com");
    CHECK(next.email_cc == "b@example.com");
    CHECK(next.reason == StatusReason::Draft);
    CHECK(next.due == Due::on_date(date(2026, 11, 21)));
    CHECK_FALSE(can_follow_up(ActivityType::Note));
}
