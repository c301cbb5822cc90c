// The series rule: its RRULE text form in both directions, its checks, and how a series travels
// through the data file's JSON and the stored binary records (format 3, older formats still read).
#include <doctest/doctest.h>

#include "core/activity.hpp"
#include "core/json_codec.hpp"
#include "core/json_scan.hpp"
#include "core/record_codec.hpp"
#include "core/recurrence.hpp"

using namespace crm;

namespace {

Recurrence parsed(std::string_view text) {
    auto r = parse_rrule(text);
    REQUIRE_MESSAGE(r.ok(), text);
    return r.value;
}

std::string refusal(std::string_view text) {
    auto r = parse_rrule(text);
    REQUIRE_MESSAGE(!r.ok(), text);
    return r.status.errors.at(0).message + " | " + r.status.errors.at(0).arg;
}

Activity weekly_appointment() {
    Activity a;
    a.meta.id = "series-1";
    a.type = ActivityType::Appointment;
    a.subject = "Weekly pipeline review";
    a.owner = {OwnerKind::User, "u1"};
    a.state = ActivityState::Scheduled;
    a.reason = StatusReason::Busy;
    a.scheduled_start = *parse_iso_utc("2026-12-07T08:00:00Z");
    a.scheduled_end = *parse_iso_utc("2026-12-07T09:00:00Z");
    Recurrence r;
    r.frequency = Frequency::Weekly;
    r.interval = 2;
    r.weekdays = (1 << 1) | (1 << 3);
    r.until = LocalDate{2027, 6, 30};
    add_recurrence_exception(r, {2026, 12, 23});
    add_recurrence_exception(r, {2026, 12, 21});
    add_recurrence_exception(r, {2026, 12, 23});
    a.recurrence = r;
    a.reminder_minutes = 15;
    a.reminder_dismissed = *parse_iso_utc("2026-12-07T07:45:00Z");
    return a;
}

}  // namespace

TEST_CASE("recurrence: rules print as RRULE values calendar programs read") {
    Recurrence r;
    r.frequency = Frequency::Weekly;
    r.weekdays = (1 << 0) | (1 << 1) | (1 << 5);  // Sunday, Monday, Friday
    r.count = 10;
    CHECK(format_rrule(r) == "FREQ=WEEKLY;BYDAY=MO,FR,SU;COUNT=10");

    Recurrence m;
    m.frequency = Frequency::Monthly;
    m.interval = 3;
    m.week_of_month = -1;
    m.weekday = 5;
    m.until = LocalDate{2027, 12, 31};
    CHECK(format_rrule(m) == "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR;UNTIL=20271231");

    Recurrence y;
    y.frequency = Frequency::Yearly;
    y.month = 2;
    y.month_day = 29;
    CHECK(format_rrule(y) == "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29");
    Recurrence d;
    d.frequency = Frequency::Daily;
    CHECK(format_rrule(d) == "FREQ=DAILY");
}

TEST_CASE("recurrence: every printed rule parses back to itself") {
    Recurrence rules[6];
    rules[0].frequency = Frequency::Daily, rules[0].interval = 999, rules[0].count = 999;
    rules[1].weekdays = 0x7F, rules[1].until = LocalDate{2030, 1, 1};
    rules[2].frequency = Frequency::Monthly, rules[2].month_day = -1;
    rules[3].frequency = Frequency::Monthly, rules[3].week_of_month = 2, rules[3].weekday = 1;
    rules[4].frequency = Frequency::Yearly, rules[4].month = 11, rules[4].week_of_month = 4, rules[4].weekday = 4;
    rules[5].frequency = Frequency::Yearly;
    for (const auto& r : rules) CHECK(parsed(format_rrule(r)) == r);
}

TEST_CASE("recurrence: rules as Google, Outlook and Thunderbird write them") {
    CHECK(parsed("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR").weekdays == 0b0111110);
    CHECK(parsed("freq=weekly;wkst=mo;interval=2;byday=tu").interval == 2);
    // Outlook: "the second Tuesday of every month"
    Recurrence outlook = parsed("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270301T225959Z");
    CHECK(outlook.week_of_month == 2);
    CHECK(outlook.weekday == 2);
    CHECK(outlook.until == LocalDate{2027, 3, 1});
    // "Every weekday" as a daily rule is the weekly one
    Recurrence weekdays = parsed("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR");
    CHECK(weekdays.frequency == Frequency::Weekly);
    CHECK(weekdays.weekdays == 0b0111110);
    CHECK(parsed("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU").week_of_month == -1);
    CHECK(parsed("FREQ=MONTHLY;BYMONTHDAY=-1").month_day == -1);
}

TEST_CASE("recurrence: what the model cannot hold is refused by name, never dropped") {
    CHECK(refusal("FREQ=HOURLY").find("HOURLY") != std::string::npos);
    CHECK(refusal("FREQ=MONTHLY;BYMONTHDAY=1,15").find("BYMONTHDAY=1,15") != std::string::npos);
    CHECK(refusal("FREQ=DAILY;BYHOUR=9").find("BYHOUR") != std::string::npos);
    CHECK(refusal("FREQ=WEEKLY;BYDAY=2MO").find("BYDAY") != std::string::npos);
    CHECK(refusal("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1").find("BYDAY") != std::string::npos);
    CHECK(refusal("FREQ=WEEKLY;COUNT=3;UNTIL=20270101").find("UNTIL and COUNT") != std::string::npos);
    CHECK(refusal("INTERVAL=2").find("no FREQ") != std::string::npos);
    CHECK(refusal("FREQ=DAILY;INTERVAL=0").find("INTERVAL=0") != std::string::npos);
    CHECK(refusal("FREQ=DAILY;UNTIL=20270230").find("UNTIL") != std::string::npos);
    CHECK(refusal("FREQ=DAILY;COUNT").find("COUNT") != std::string::npos);
    CHECK(refusal("FREQ=WEEKLY;BYMONTH=3").find("BYMONTH") != std::string::npos);
}

TEST_CASE("recurrence: checks name the problem") {
    LocalDate start{2026, 12, 7};
    Recurrence ok;
    CHECK(validate_recurrence(ok, start).ok());
    Recurrence early = ok;
    early.until = LocalDate{2026, 12, 6};
    CHECK(validate_recurrence(early, start).error_for("recurrence")->message.find("on or after") != std::string::npos);
    Recurrence feb30;
    feb30.frequency = Frequency::Yearly, feb30.month = 2, feb30.month_day = 30;
    CHECK(!validate_recurrence(feb30, start).ok());
    Recurrence feb29 = feb30;
    feb29.month_day = 29;
    CHECK(validate_recurrence(feb29, start).ok());
    Recurrence weekly_days_on_monthly;
    weekly_days_on_monthly.frequency = Frequency::Monthly, weekly_days_on_monthly.weekdays = 2;
    CHECK(!validate_recurrence(weekly_days_on_monthly, start).ok());
    Recurrence unsorted;
    unsorted.exceptions = {{2027, 1, 2}, {2027, 1, 1}};
    CHECK(!validate_recurrence(unsorted, start).ok());
}

TEST_CASE("recurrence: only tasks and appointments repeat or remind, and a series needs a start") {
    Activity a = weekly_appointment();
    CHECK(validate_activity(a).ok());
    a.type = ActivityType::PhoneCall;
    a.state = ActivityState::Open, a.reason = StatusReason::Open;
    Status st = validate_activity(a);
    CHECK(st.error_for("recurrence"));
    CHECK(st.error_for("reminder"));

    Activity task;
    task.type = ActivityType::Task;
    task.subject = "Send the monthly report";
    task.owner = {OwnerKind::User, "u1"};
    task.recurrence = Recurrence{};
    CHECK(validate_activity(task).error_for("recurrence"));
    task.due = Due::on_date({2026, 12, 31});
    CHECK(validate_activity(task).ok());
    task.reminder_minutes = kMaxReminderMinutes + 1;
    CHECK(validate_activity(task).error_for("reminder"));

    Activity occurrence = task;
    occurrence.recurrence.reset();
    occurrence.reminder_minutes.reset();
    occurrence.series_id = "series-1";
    CHECK(validate_activity(occurrence).error_for("recurrence"));  // no occurrence date
    occurrence.occurrence_date = LocalDate{2027, 1, 31};
    CHECK(validate_activity(occurrence).ok());
}

TEST_CASE("recurrence: a series and its reminder survive the data file's JSON, both readers") {
    Activity a = weekly_appointment();
    CHECK(a.recurrence->exceptions == std::vector<LocalDate>{{2026, 12, 21}, {2026, 12, 23}});
    nlohmann::json j = record_to_json(a);
    CHECK(j["recurrence"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20270630");
    CHECK(j["recurrence_exceptions"] == nlohmann::json::array({"2026-12-21", "2026-12-23"}));
    CHECK(j["reminder_minutes"] == 15);
    CHECK(!j.contains("series_id"));  // unset fields are not written

    auto back = record_from_json(RecordKind::Activity, j, "a");
    REQUIRE(back.ok());
    CHECK(std::get<Activity>(back.value).recurrence == a.recurrence);
    CHECK(std::get<Activity>(back.value).reminder_dismissed == a.reminder_dismissed);

    std::string text;
    append_record_json(a, text);
    CHECK(nlohmann::json::parse(text) == j);
    JsonScanner scanner(text);
    FlatJson doc;
    REQUIRE(scanner.parse_value(doc, 16));
    auto flat = record_from_json(RecordKind::Activity, doc.root(), "a");
    REQUIRE(flat.ok());
    CHECK(std::get<Activity>(flat.value).recurrence == a.recurrence);

    Activity occurrence = a;
    occurrence.recurrence.reset();
    occurrence.series_id = "series-1";
    occurrence.occurrence_date = LocalDate{2026, 12, 9};
    auto occ = record_from_json(RecordKind::Activity, record_to_json(occurrence), "a");
    REQUIRE(occ.ok());
    CHECK(std::get<Activity>(occ.value).occurrence_date == occurrence.occurrence_date);
    CHECK(std::get<Activity>(occ.value).series_id == "series-1");
}

TEST_CASE("recurrence: bad series fields in a file are refused with their path") {
    nlohmann::json j = record_to_json(weekly_appointment());
    j["recurrence"] = "FREQ=SECONDLY";
    auto r = record_from_json(RecordKind::Activity, j, "activities[3]");
    REQUIRE(!r.ok());
    CHECK(r.status.errors[0].field == "activities[3].recurrence");
    CHECK(r.status.errors[0].message.find("SECONDLY") != std::string::npos);

    j = record_to_json(weekly_appointment());
    j["recurrence_exceptions"] = {"2026-13-01"};
    CHECK(!record_from_json(RecordKind::Activity, j, "a").ok());
    j = record_to_json(weekly_appointment());
    j.erase("recurrence");
    CHECK(!record_from_json(RecordKind::Activity, j, "a").ok());  // exceptions without a rule
    j = record_to_json(weekly_appointment());
    j["reminder_minutes"] = -5;
    CHECK(!record_from_json(RecordKind::Activity, j, "a").ok());
}

TEST_CASE("recurrence: stored records keep the series (format 3) and format 2 records still read") {
    Activity a = weekly_appointment();
    a.series_id = "";
    std::string bytes;
    encode_record(a, bytes);
    std::vector<AnyRecord> out;
    auto report = decode_records(bytes, [&](AnyRecord&& r) { out.push_back(std::move(r)); });
    REQUIRE(report.errors.empty());
    REQUIRE(out.size() == 1);
    const auto& back = std::get<Activity>(out[0]);
    CHECK(back.recurrence == a.recurrence);
    CHECK(back.reminder_minutes == 15);
    CHECK(back.reminder_dismissed == a.reminder_dismissed);

    // The same activity without the format 3 tail, labelled format 2: what a database written
    // before this version holds. It reads with no series and no reminder.
    Activity plain = a;
    plain.recurrence.reset();
    plain.reminder_minutes.reset();
    plain.reminder_dismissed.reset();
    std::string v3;
    encode_record(plain, v3);
    // tail of format 3 for a plain activity: no rule, "" series, no date, no reminder, no dismissal
    const std::string tail("\x00\x00\x00\x00\x00", 5);
    REQUIRE(v3.substr(v3.size() - tail.size()) == tail);
    std::string body = v3.substr(1, v3.size() - 1 - tail.size());  // one-byte length prefix
    body[1] = 2;
    std::string v2 = std::string(1, static_cast<char>(body.size())) + body;
    out.clear();
    report = decode_records(v2, [&](AnyRecord&& r) { out.push_back(std::move(r)); });
    REQUIRE(report.errors.empty());
    REQUIRE(out.size() == 1);
    CHECK(std::get<Activity>(out[0]).subject == a.subject);
    CHECK(!std::get<Activity>(out[0]).recurrence);

    // A corrupted interval fails to decode instead of reaching the expansion.
    Activity zero = a;
    zero.recurrence->interval = 0;
    std::string bad;
    encode_record(zero, bad);
    report = decode_records(bad, [](AnyRecord&&) {});
    CHECK(report.errors.size() == 1);
}
