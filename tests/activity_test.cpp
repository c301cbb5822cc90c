// Tests for activity: the state / status-reason rules per type (as Dynamics 365 defines them),
// the allowed transitions, field validation with field-named errors, and effective_due.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/activity.hpp"
#include "core/civil_time.hpp"

using namespace crm;

namespace {

using R = StatusReason;
using S = ActivityState;

std::vector<StatusReason> reasons(ActivityType t, ActivityState s) {
    auto span = status_reasons_for(t, s);
    return {span.begin(), span.end()};
}

std::vector<std::string> reason_names(ActivityType t, ActivityState s) {
    std::vector<std::string> out;
    for (auto r : status_reasons_for(t, s)) out.emplace_back(status_reason_name(r));
    return out;
}

UtcMillis at(const char* iso) {
    auto t = parse_iso_utc(iso);
    REQUIRE_MESSAGE(t.has_value(), iso);
    return *t;
}

// A valid open activity of the type, ready to be broken one field at a time.
Activity valid(ActivityType type) {
    Activity a;
    a.type = type;
    a.subject = "Follow up with Chris";
    a.owner = {OwnerKind::User, "user-1"};
    a.state = S::Open;
    a.reason = default_reason(type, S::Open);
    if (type == ActivityType::Appointment) {
        a.scheduled_start = at("2026-11-24T09:00:00Z");
        a.scheduled_end = at("2026-11-24T10:00:00Z");
    }
    return a;
}

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

}  // namespace

TEST_CASE("activity: task status reasons") {
    CHECK(reason_names(ActivityType::Task, S::Open) ==
          std::vector<std::string>{"Not Started", "In Progress", "Waiting on someone else", "Deferred"});
    CHECK(reasons(ActivityType::Task, S::Completed) == std::vector<R>{R::Completed});
    CHECK(reasons(ActivityType::Task, S::Canceled) == std::vector<R>{R::Canceled});
    CHECK(reasons(ActivityType::Task, S::Scheduled).empty());
    CHECK(default_reason(ActivityType::Task, S::Open) == R::NotStarted);
    CHECK(reason_valid(ActivityType::Task, S::Open, R::Deferred));
    CHECK_FALSE(reason_valid(ActivityType::Task, S::Open, R::Completed));
    CHECK_FALSE(reason_valid(ActivityType::Task, S::Completed, R::Made));
}

TEST_CASE("activity: phone call status reasons") {
    CHECK(reasons(ActivityType::PhoneCall, S::Open) == std::vector<R>{R::Open});
    CHECK(reason_names(ActivityType::PhoneCall, S::Completed) == std::vector<std::string>{"Made", "Received"});
    CHECK(reasons(ActivityType::PhoneCall, S::Canceled) == std::vector<R>{R::Canceled});
    CHECK(reasons(ActivityType::PhoneCall, S::Scheduled).empty());
    CHECK(default_reason(ActivityType::PhoneCall, S::Completed) == R::Made);
    CHECK_FALSE(reason_valid(ActivityType::PhoneCall, S::Completed, R::Completed));
}

TEST_CASE("activity: email status reasons") {
    CHECK(reason_names(ActivityType::Email, S::Open) == std::vector<std::string>{"Draft", "Failed"});
    CHECK(reason_names(ActivityType::Email, S::Completed) ==
          std::vector<std::string>{"Completed", "Sent", "Received", "Pending Send"});
    CHECK(reasons(ActivityType::Email, S::Canceled) == std::vector<R>{R::Canceled});
    CHECK(reasons(ActivityType::Email, S::Scheduled).empty());
    CHECK(default_reason(ActivityType::Email, S::Open) == R::Draft);
    CHECK(reason_valid(ActivityType::Email, S::Completed, R::PendingSend));
    CHECK_FALSE(reason_valid(ActivityType::Email, S::Open, R::Sent));
}

TEST_CASE("activity: appointment status reasons") {
    CHECK(reason_names(ActivityType::Appointment, S::Open) == std::vector<std::string>{"Free", "Tentative"});
    CHECK(reason_names(ActivityType::Appointment, S::Scheduled) == std::vector<std::string>{"Busy", "Out of Office"});
    CHECK(reasons(ActivityType::Appointment, S::Completed) == std::vector<R>{R::Completed});
    CHECK(reasons(ActivityType::Appointment, S::Canceled) == std::vector<R>{R::Canceled});
    CHECK(default_reason(ActivityType::Appointment, S::Scheduled) == R::Busy);
    CHECK(state_allowed(ActivityType::Appointment, S::Scheduled));
}

TEST_CASE("activity: notes only have Open / Active") {
    CHECK(reasons(ActivityType::Note, S::Open) == std::vector<R>{R::NoteActive});
    CHECK(std::string(status_reason_name(R::NoteActive)) == "Active");
    for (auto s : {S::Completed, S::Canceled, S::Scheduled}) {
        CAPTURE(activity_state_name(s));
        CHECK_FALSE(state_allowed(ActivityType::Note, s));
        CHECK(reasons(ActivityType::Note, s).empty());
    }
}

TEST_CASE("activity: every type starts open with a valid default reason") {
    for (auto t : kAllActivityTypes) {
        CAPTURE(activity_type_name(t));
        CHECK(initial_state(t) == S::Open);
        CHECK(reason_valid(t, S::Open, default_reason(t, S::Open)));
        // each state's reasons belong to that state only
        for (auto s : kAllActivityStates)
            for (auto r : status_reasons_for(t, s))
                for (auto other : kAllActivityStates)
                    if (other != s) CHECK_FALSE(reason_valid(t, other, r));
    }
}

TEST_CASE("activity: closed states are read-only") {
    CHECK(is_closed(S::Completed));
    CHECK(is_closed(S::Canceled));
    CHECK_FALSE(is_closed(S::Open));
    CHECK_FALSE(is_closed(S::Scheduled));
    Activity a = valid(ActivityType::Task);
    CHECK_FALSE(is_read_only(a));
    a.state = S::Completed;
    CHECK(is_read_only(a));
    a.state = S::Canceled;
    CHECK(is_read_only(a));

    for (auto t : {ActivityType::Task, ActivityType::PhoneCall, ActivityType::Email, ActivityType::Appointment}) {
        CAPTURE(activity_type_name(t));
        CHECK(can_transition(t, S::Open, S::Completed));
        CHECK(can_transition(t, S::Open, S::Canceled));
        CHECK_FALSE(can_transition(t, S::Completed, S::Open));
        CHECK_FALSE(can_transition(t, S::Canceled, S::Open));
        CHECK_FALSE(can_transition(t, S::Completed, S::Canceled));
        CHECK_FALSE(can_transition(t, S::Canceled, S::Completed));
        REQUIRE(transition_refusal(t, S::Completed, S::Open) != nullptr);
        CHECK(std::string(transition_refusal(t, S::Completed, S::Open)).find("read-only") != std::string::npos);
    }
}

TEST_CASE("activity: only appointments have a scheduled state") {
    CHECK(can_transition(ActivityType::Appointment, S::Open, S::Scheduled));
    CHECK(can_transition(ActivityType::Appointment, S::Scheduled, S::Open));
    CHECK(can_transition(ActivityType::Appointment, S::Scheduled, S::Completed));
    CHECK(can_transition(ActivityType::Appointment, S::Scheduled, S::Canceled));
    CHECK_FALSE(can_transition(ActivityType::Appointment, S::Completed, S::Scheduled));
    for (auto t : {ActivityType::Task, ActivityType::PhoneCall, ActivityType::Email, ActivityType::Note}) {
        CAPTURE(activity_type_name(t));
        CHECK_FALSE(can_transition(t, S::Open, S::Scheduled));
        CHECK(transition_refusal(t, S::Open, S::Scheduled) != nullptr);
    }
    // Notes cannot be completed or canceled, and the reason says so.
    CHECK_FALSE(can_transition(ActivityType::Note, S::Open, S::Completed));
    CHECK_FALSE(can_transition(ActivityType::Note, S::Open, S::Canceled));
    REQUIRE(transition_refusal(ActivityType::Note, S::Open, S::Completed) != nullptr);
    CHECK(std::string(transition_refusal(ActivityType::Note, S::Open, S::Completed)).find("Notes") != std::string::npos);
    // Same state is a change of reason only.
    CHECK(can_transition(ActivityType::Task, S::Open, S::Open));
    CHECK(transition_refusal(ActivityType::Task, S::Open, S::Open) == nullptr);
}

TEST_CASE("activity: a valid activity of every type passes validation") {
    for (auto t : kAllActivityTypes) {
        CAPTURE(activity_type_name(t));
        Status st = validate_activity(valid(t));
        CHECK(st.ok());
        CHECK(st.errors.empty());
    }
}

TEST_CASE("activity: subject is required, whitespace-only is rejected") {
    Activity a = valid(ActivityType::Task);
    a.subject = "";
    Status st = validate_activity(a);
    REQUIRE(st.error_for("subject") != nullptr);
    CHECK(st.error_for("subject")->message == "Subject is required.");
    a.subject = "  \t  ";
    st = validate_activity(a);
    REQUIRE(st.error_for("subject") != nullptr);
    CHECK(st.error_for("subject")->message == "Subject is required.");
    a.subject = " x ";
    CHECK(validate_activity(a).ok());
}

TEST_CASE("activity: subject length counts Unicode code points, not bytes") {
    Activity a = valid(ActivityType::Task);
    const std::string polish = "ż";    // 2 bytes
    const std::string chinese = "电";  // 3 bytes
    REQUIRE(polish.size() == 2);
    REQUIRE(chinese.size() == 3);

    a.subject = repeat(polish, 200);
    CHECK(utf8_length(a.subject) == 200);
    CHECK(a.subject.size() == 400);
    CHECK(validate_activity(a).ok());
    a.subject = repeat(polish, 201);
    REQUIRE(validate_activity(a).error_for("subject") != nullptr);
    CHECK(validate_activity(a).error_for("subject")->arg == "200");

    a.subject = repeat(chinese, 200);
    CHECK(utf8_length(a.subject) == 200);
    CHECK(validate_activity(a).ok());
    a.subject = repeat(chinese, 201);
    CHECK(validate_activity(a).error_for("subject") != nullptr);

    a.subject = std::string(200, 'a');
    CHECK(validate_activity(a).ok());
    a.subject = std::string(201, 'a');
    CHECK(validate_activity(a).error_for("subject") != nullptr);
    // mixed: 199 ASCII + one 4-byte emoji = 200 characters
    a.subject = std::string(199, 'a') + "\xF0\x9F\x98\x80";
    CHECK(utf8_length(a.subject) == 200);
    CHECK(validate_activity(a).ok());
}

TEST_CASE("activity: invalid UTF-8 is rejected") {
    CHECK(utf8_valid("Zażółć gęślą jaźń 你好"));
    CHECK(utf8_valid("\xF0\x9F\x98\x80"));
    CHECK(utf8_valid(""));
    CHECK_FALSE(utf8_valid("\x80"));              // lone continuation byte
    CHECK_FALSE(utf8_valid("abc\xC3"));           // truncated 2-byte sequence at the end
    CHECK_FALSE(utf8_valid("\xE4\xB8"));          // truncated 3-byte sequence
    CHECK_FALSE(utf8_valid("\xC0\xAF"));          // overlong '/'
    CHECK_FALSE(utf8_valid("\xE0\x80\xAF"));      // overlong 3-byte
    CHECK_FALSE(utf8_valid("\xED\xA0\x80"));      // UTF-16 surrogate
    CHECK_FALSE(utf8_valid("\xF4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(utf8_valid("\xFF"));
    CHECK_FALSE(utf8_valid("a\xC3(b"));           // bad continuation

    Activity a = valid(ActivityType::Task);
    a.subject = "Call \xC3(back";
    Status st = validate_activity(a);
    REQUIRE(st.error_for("subject") != nullptr);
    CHECK(st.error_for("subject")->message == "Contains invalid UTF-8 text.");
    a.subject = "ok";
    a.description = "bad \xFF byte";
    st = validate_activity(a);
    REQUIRE(st.error_for("description") != nullptr);
    CHECK(st.error_for("subject") == nullptr);
}

TEST_CASE("activity: control characters in the subject, newlines in the description") {
    Activity a = valid(ActivityType::Task);
    for (const char* bad : {"line\nbreak", "tab\there", "bell\x07", "del\x7F", "cr\r"}) {
        CAPTURE(bad);
        a.subject = bad;
        Status st = validate_activity(a);
        REQUIRE(st.error_for("subject") != nullptr);
        CHECK(st.error_for("subject")->message == "Contains control characters.");
    }
    a.subject = "Fine";
    a.description = "First line\nSecond line\r\n\tindented";
    CHECK(validate_activity(a).ok());
    a.description = "escape \x1B[31m";
    CHECK(validate_activity(a).error_for("description") != nullptr);
    a.description.clear();
    a.location = "Room\n4";
    CHECK(validate_activity(a).error_for("location") != nullptr);
}

TEST_CASE("activity: end before start") {
    Activity a = valid(ActivityType::Appointment);
    a.scheduled_end = *a.scheduled_start - 60'000;
    Status st = validate_activity(a);
    REQUIRE(st.error_for("scheduled_end") != nullptr);
    CHECK(st.error_for("scheduled_end")->message == "End must not be before start.");
    a.scheduled_end = *a.scheduled_start;  // zero-length is allowed
    CHECK(validate_activity(a).ok());
    // also for a task that carries a schedule
    Activity t = valid(ActivityType::Task);
    t.scheduled_start = at("2026-11-24T12:00:00Z");
    t.scheduled_end = at("2026-11-24T11:59:00Z");
    CHECK(validate_activity(t).error_for("scheduled_end") != nullptr);
}

TEST_CASE("activity: appointment needs start and end") {
    Activity a = valid(ActivityType::Appointment);
    a.scheduled_start.reset();
    Status st = validate_activity(a);
    CHECK(st.error_for("scheduled_start") != nullptr);
    CHECK(st.error_for("scheduled_end") == nullptr);
    a = valid(ActivityType::Appointment);
    a.scheduled_end.reset();
    st = validate_activity(a);
    CHECK(st.error_for("scheduled_start") == nullptr);
    CHECK(st.error_for("scheduled_end") != nullptr);
    // other types do not need a schedule
    Activity t = valid(ActivityType::Task);
    CHECK_FALSE(t.scheduled_start.has_value());
    CHECK(validate_activity(t).ok());
}

TEST_CASE("activity: email address lists with ';' and ',' separators") {
    Activity a = valid(ActivityType::Email);
    a.email_to = "chris.preston@importedsports.example; maria@contoso.example, nancy@fabrikam.example";
    a.email_cc = " a@b.co ;; ,c@d.org ";
    CHECK(validate_activity(a).ok());

    a.email_to = "chris@importedsports.example; not-an-address";
    Status st = validate_activity(a);
    REQUIRE(st.error_for("email_to") != nullptr);
    CHECK(st.error_for("email_to")->arg == "not-an-address");
    CHECK(st.error_for("email_cc") == nullptr);

    a.email_to = "x@y.com";
    a.email_cc = "ok@example.com,broken@nodot";
    st = validate_activity(a);
    CHECK(st.error_for("email_to") == nullptr);
    REQUIRE(st.error_for("email_cc") != nullptr);
    CHECK(st.error_for("email_cc")->arg == "broken@nodot");

    a.email_cc = "two words@example.com";
    CHECK(validate_activity(a).error_for("email_cc") != nullptr);

    a.email_cc.clear();
    a.email_from = "me@@example.com";
    CHECK(validate_activity(a).error_for("email_from") != nullptr);

    CHECK(looks_like_email_address("anna.kowalska@example.com"));
    CHECK_FALSE(looks_like_email_address("@example.com"));
    CHECK_FALSE(looks_like_email_address("anna@.com"));
    CHECK_FALSE(looks_like_email_address("anna@example."));
    CHECK_FALSE(looks_like_email_address("anna@example"));
    CHECK_FALSE(looks_like_email_address("a@b@c.com"));
}

TEST_CASE("activity: phone numbers") {
    Activity a = valid(ActivityType::PhoneCall);
    for (const char* good : {"+48 (12) 555-02-10", "+1 206 555 0114", "555.0114", "+1 555 0114 x12", "123"}) {
        CAPTURE(good);
        a.phone_number = good;
        CHECK(validate_activity(a).ok());
    }
    for (const char* bad : {"call me", "12", "555-CALL", "1+234", "+", "123456789012345678901"}) {
        CAPTURE(bad);
        a.phone_number = bad;
        CHECK(validate_activity(a).error_for("phone_number") != nullptr);
    }
}

TEST_CASE("activity: duration range") {
    Activity a = valid(ActivityType::Task);
    a.duration_minutes = 0;
    CHECK(validate_activity(a).ok());
    a.duration_minutes = 60 * 24 * 366;
    CHECK(validate_activity(a).ok());
    a.duration_minutes = 60 * 24 * 366 + 1;
    CHECK(validate_activity(a).error_for("duration") != nullptr);
    a.duration_minutes = -1;
    CHECK(validate_activity(a).error_for("duration") != nullptr);
}

TEST_CASE("activity: owner is required") {
    Activity a = valid(ActivityType::Note);
    a.owner = {};
    Status st = validate_activity(a);
    REQUIRE(st.error_for("owner") != nullptr);
    CHECK(st.error_for("owner")->message == "Owner is required.");
    a.owner = {OwnerKind::Team, "team-1"};
    CHECK(validate_activity(a).ok());
}

TEST_CASE("activity: state and reason must fit the type; dates must be real") {
    Activity a = valid(ActivityType::Task);
    a.reason = R::Made;
    CHECK(validate_activity(a).error_for("reason") != nullptr);
    a.state = S::Scheduled;
    a.reason = R::Busy;
    CHECK(validate_activity(a).error_for("state") != nullptr);

    Activity n = valid(ActivityType::Note);
    n.state = S::Completed;
    n.reason = R::Completed;
    CHECK(validate_activity(n).error_for("state") != nullptr);

    Activity d = valid(ActivityType::Task);
    d.due = Due::on_date({2026, 2, 29});
    CHECK(validate_activity(d).error_for("due") != nullptr);
    d.due = Due::on_date({2028, 2, 29});
    CHECK(validate_activity(d).ok());
}

TEST_CASE("activity: several errors are reported together, each with its field") {
    Activity a = valid(ActivityType::Appointment);
    a.subject = "";
    a.owner = {};
    a.scheduled_end.reset();
    a.duration_minutes = -5;
    Status st = validate_activity(a);
    CHECK(st.errors.size() == 4);
    CHECK(st.error_for("subject") != nullptr);
    CHECK(st.error_for("owner") != nullptr);
    CHECK(st.error_for("scheduled_end") != nullptr);
    CHECK(st.error_for("duration") != nullptr);
}

TEST_CASE("activity: effective_due") {
    Activity t = valid(ActivityType::Task);
    CHECK(effective_due(t).empty());
    t.due = Due::on_date({2026, 11, 24});
    CHECK(effective_due(t) == Due::on_date({2026, 11, 24}));
    t.due = Due::at(at("2026-11-24T14:00:00Z"));
    CHECK(effective_due(t) == Due::at(at("2026-11-24T14:00:00Z")));

    // a phone call with a schedule but no due has no effective due: only appointments use the start
    Activity p = valid(ActivityType::PhoneCall);
    p.scheduled_start = at("2026-11-24T14:00:00Z");
    CHECK(effective_due(p).empty());

    Activity a = valid(ActivityType::Appointment);
    CHECK(effective_due(a) == Due::at(at("2026-11-24T09:00:00Z")));
    a.all_day = true;
    a.scheduled_start = days_from_civil({2026, 11, 24}) * kMillisPerDay;
    a.scheduled_end = *a.scheduled_start + kMillisPerDay;
    Due d = effective_due(a);
    CHECK(d.kind == Due::Kind::Date);
    CHECK(format_iso_date(d.date) == "2026-11-24");
    // before 1970 too
    a.scheduled_start = days_from_civil({1969, 7, 20}) * kMillisPerDay;
    a.scheduled_end = *a.scheduled_start + kMillisPerDay;
    CHECK(format_iso_date(effective_due(a).date) == "1969-07-20");
    // an explicit due wins over the schedule
    a.due = Due::on_date({2026, 12, 1});
    CHECK(effective_due(a) == Due::on_date({2026, 12, 1}));
}
