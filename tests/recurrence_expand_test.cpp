// Expanding a series into occurrences: wall-clock times across DST (Warsaw, New York), month
// ends, leap years, exceptions, COUNT and UNTIL, nth and last weekdays, intervals anchored at the
// start, the per-call bound, the due a grid shows for a series, and the rule in words.
#include <doctest/doctest.h>

#include "test_time.hpp"

#include "core/i18n.hpp"
#include "core/recurrence_expand.hpp"

using namespace crm;
using crm::test::warsaw;

namespace {

TimeZone new_york() { return *TimeZone::from_posix("America/New_York", "EST5EDT,M3.2.0,M11.1.0"); }

LocalDate D(int y, int m, int d) { return {y, m, d}; }

Recurrence rule(std::string_view rrule) {
    auto r = parse_rrule(rrule);
    REQUIRE_MESSAGE(r.ok(), rrule);
    return r.value;
}

std::vector<std::string> iso(const std::vector<LocalDate>& dates) {
    std::vector<std::string> out;
    for (auto d : dates) out.push_back(format_iso_date(d));
    return out;
}

std::vector<std::string> dates_of(std::string_view rrule, LocalDate start, LocalDate from, LocalDate to) {
    return iso(occurrence_dates(rule(rrule), start, from, to));
}

using V = std::vector<std::string>;

Activity appointment_at(UtcMillis start, int minutes, std::string_view rrule) {
    Activity a;
    a.meta.id = "series";
    a.type = ActivityType::Appointment;
    a.subject = "Stand-up";
    a.scheduled_start = start;
    a.scheduled_end = start + minutes * 60'000;
    a.recurrence = rule(rrule);
    return a;
}

}  // namespace

TEST_CASE("recurrence_expand: daily 09:00 in Warsaw stays 09:00 across both DST changes") {
    TimeZone z = warsaw();
    UtcMillis start = z.from_local({D(2027, 3, 26), {9, 0, 0}});
    Activity a = appointment_at(start, 30, "FREQ=DAILY");
    auto spring = expand_series(a, z, D(2027, 3, 26), D(2027, 3, 29));
    REQUIRE(spring.size() == 4);
    for (const auto& o : spring) {
        CHECK(z.to_local(o.start).time == LocalTime{9, 0, 0});
        CHECK(o.end - o.start == 30 * 60'000);
    }
    CHECK(format_iso_utc(spring[1].start) == "2027-03-27T08:00:00.000Z");  // CET
    CHECK(format_iso_utc(spring[2].start) == "2027-03-28T07:00:00.000Z");  // CEST from that day
    auto autumn = expand_series(a, z, D(2027, 10, 30), D(2027, 10, 31));
    REQUIRE(autumn.size() == 2);
    CHECK(format_iso_utc(autumn[0].start) == "2027-10-30T07:00:00.000Z");
    CHECK(format_iso_utc(autumn[1].start) == "2027-10-31T08:00:00.000Z");
}

TEST_CASE("recurrence_expand: a time skipped by spring-forward resolves as from_local does") {
    TimeZone z = warsaw();
    Activity a = appointment_at(z.from_local({D(2027, 3, 27), {2, 30, 0}}), 60, "FREQ=DAILY;COUNT=3");
    auto occ = expand_series(a, z, D(2027, 3, 27), D(2027, 3, 31));
    REQUIRE(occ.size() == 3);
    CHECK(occ[1].date == D(2027, 3, 28));
    CHECK(occ[1].start == z.from_local({D(2027, 3, 28), {2, 30, 0}}));
    CHECK(z.to_local(occ[1].start).time == LocalTime{3, 30, 0});
    CHECK(z.to_local(occ[2].start).time == LocalTime{2, 30, 0});
}

TEST_CASE("recurrence_expand: weekly Mon and Wed in New York across the November change") {
    TimeZone z = new_york();
    UtcMillis start = z.from_local({D(2027, 11, 1), {9, 0, 0}});  // a Monday
    Activity a = appointment_at(start, 45, "FREQ=WEEKLY;BYDAY=MO,WE");
    auto occ = expand_series(a, z, D(2027, 11, 1), D(2027, 11, 10));
    REQUIRE(occ.size() == 4);
    CHECK(format_iso_utc(occ[0].start) == "2027-11-01T13:00:00.000Z");  // EDT
    CHECK(format_iso_utc(occ[1].start) == "2027-11-03T13:00:00.000Z");
    CHECK(format_iso_utc(occ[2].start) == "2027-11-08T14:00:00.000Z");  // EST
    CHECK(format_iso_utc(occ[3].start) == "2027-11-10T14:00:00.000Z");
    for (const auto& o : occ) CHECK(z.to_local(o.start).time == LocalTime{9, 0, 0});
}

TEST_CASE("recurrence_expand: month ends") {
    // The 31st skips months without it; "the last day" hits each month's end.
    CHECK(dates_of("FREQ=MONTHLY", D(2027, 1, 31), D(2027, 1, 1), D(2027, 12, 31)) ==
          V{"2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31", "2027-08-31", "2027-10-31", "2027-12-31"});
    CHECK(dates_of("FREQ=MONTHLY;BYMONTHDAY=-1", D(2027, 11, 30), D(2027, 11, 1), D(2028, 4, 30)) ==
          V{"2027-11-30", "2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"});
    CHECK(dates_of("FREQ=MONTHLY;BYMONTHDAY=30", D(2027, 1, 30), D(2027, 1, 1), D(2027, 4, 30)) ==
          V{"2027-01-30", "2027-03-30", "2027-04-30"});
}

TEST_CASE("recurrence_expand: a series starting on the 31st, monthly and yearly") {
    CHECK(dates_of("FREQ=MONTHLY;INTERVAL=2", D(2027, 1, 31), D(2027, 1, 1), D(2027, 12, 31)) ==
          V{"2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31"});  // Sep and Nov have 30 days
    CHECK(dates_of("FREQ=YEARLY", D(2027, 8, 31), D(2027, 1, 1), D(2029, 12, 31)) == V{"2027-08-31", "2028-08-31", "2029-08-31"});
}

TEST_CASE("recurrence_expand: Feb 29 yearly only in leap years") {
    CHECK(dates_of("FREQ=YEARLY", D(2024, 2, 29), D(2024, 1, 1), D(2033, 12, 31)) == V{"2024-02-29", "2028-02-29", "2032-02-29"});
    // COUNT counts occurrences, not years: the third is in 2032.
    CHECK(dates_of("FREQ=YEARLY;COUNT=3", D(2024, 2, 29), D(2024, 1, 1), D(2099, 12, 31)) == V{"2024-02-29", "2028-02-29", "2032-02-29"});
    CHECK(dates_of("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", D(2027, 2, 28), D(2027, 1, 1), D(2029, 12, 31)) ==
          V{"2027-02-28", "2028-02-29", "2029-02-28"});
}

TEST_CASE("recurrence_expand: exceptions are skipped, and COUNT counts them") {
    Recurrence r = rule("FREQ=DAILY;COUNT=5");
    add_recurrence_exception(r, D(2027, 5, 2));
    CHECK(iso(occurrence_dates(r, D(2027, 5, 1), D(2027, 1, 1), D(2027, 12, 31))) ==
          V{"2027-05-01", "2027-05-03", "2027-05-04", "2027-05-05"});
    Recurrence weekly = rule("FREQ=WEEKLY");
    add_recurrence_exception(weekly, D(2027, 5, 8));
    CHECK(iso(occurrence_dates(weekly, D(2027, 5, 1), D(2027, 5, 1), D(2027, 5, 22))) == V{"2027-05-01", "2027-05-15", "2027-05-22"});
    CHECK(is_rule_date(weekly, D(2027, 5, 1), D(2027, 5, 8)));  // still the series' date
    CHECK_FALSE(is_rule_date(weekly, D(2027, 5, 1), D(2027, 5, 9)));
    // The first occurrence can be an exception too.
    add_recurrence_exception(weekly, D(2027, 5, 1));
    CHECK(iso(occurrence_dates(weekly, D(2027, 5, 1), D(2027, 5, 1), D(2027, 5, 15))) == V{"2027-05-15"});
}

TEST_CASE("recurrence_expand: UNTIL is an inclusive local date") {
    CHECK(dates_of("FREQ=WEEKLY;UNTIL=20270515", D(2027, 5, 1), D(2027, 1, 1), D(2027, 12, 31)) ==
          V{"2027-05-01", "2027-05-08", "2027-05-15"});
    CHECK(dates_of("FREQ=DAILY;UNTIL=20270501", D(2027, 5, 1), D(2027, 1, 1), D(2027, 12, 31)) == V{"2027-05-01"});
    // A timed occurrence late on the UNTIL day belongs to it even where that is the next UTC day.
    TimeZone z = *TimeZone::from_posix("Asia/Taipei", "CST-8");
    Activity a = appointment_at(z.from_local({D(2027, 5, 1), {7, 0, 0}}), 30, "FREQ=DAILY;UNTIL=20270503");
    auto occ = expand_series(a, z, D(2027, 5, 1), D(2027, 5, 10));
    REQUIRE(occ.size() == 3);
    CHECK(occ.back().date == D(2027, 5, 3));
}

TEST_CASE("recurrence_expand: nth and last weekday of the month") {
    CHECK(dates_of("FREQ=MONTHLY;BYDAY=2TU", D(2027, 1, 12), D(2027, 1, 1), D(2027, 6, 30)) ==
          V{"2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08"});
    CHECK(dates_of("FREQ=MONTHLY;BYDAY=-1FR", D(2027, 1, 29), D(2027, 1, 1), D(2027, 6, 30)) ==
          V{"2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30", "2027-05-28", "2027-06-25"});
    // Outlook's form: BYDAY=TH;BYSETPOS=4 (the fourth Thursday of November).
    CHECK(dates_of("FREQ=YEARLY;BYMONTH=11;BYDAY=TH;BYSETPOS=4", D(2027, 11, 25), D(2027, 1, 1), D(2029, 12, 31)) ==
          V{"2027-11-25", "2028-11-23", "2029-11-22"});
}

TEST_CASE("recurrence_expand: intervals are anchored at the start's week, month or year") {
    // Weeks start on Monday (WKST=MO): starting Wednesday Jan 6, the Monday of that week is
    // before the start and skipped; then every other week's Monday and Wednesday.
    CHECK(dates_of("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", D(2027, 1, 6), D(2027, 1, 1), D(2027, 2, 5)) ==
          V{"2027-01-06", "2027-01-18", "2027-01-20", "2027-02-01", "2027-02-03"});
    // Asked for a range far from the start: the same weeks (jumped to, not walked).
    CHECK(dates_of("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", D(2027, 1, 6), D(2030, 1, 1), D(2030, 1, 20)) ==
          V{"2030-01-02", "2030-01-14", "2030-01-16"});
    CHECK(dates_of("FREQ=MONTHLY;INTERVAL=3", D(2027, 1, 15), D(2030, 1, 1), D(2030, 12, 31)) ==
          V{"2030-01-15", "2030-04-15", "2030-07-15", "2030-10-15"});
    CHECK(dates_of("FREQ=DAILY;INTERVAL=3", D(2027, 1, 1), D(2027, 1, 5), D(2027, 1, 12)) == V{"2027-01-07", "2027-01-10"});
    CHECK(dates_of("FREQ=YEARLY;INTERVAL=2", D(2027, 6, 1), D(2027, 1, 1), D(2032, 12, 31)) == V{"2027-06-01", "2029-06-01", "2031-06-01"});
}

TEST_CASE("recurrence_expand: the start is always the first occurrence; nothing before it") {
    // Start on a Tuesday, rule Mondays: the Tuesday counts as the first of the COUNT.
    CHECK(dates_of("FREQ=WEEKLY;BYDAY=MO;COUNT=3", D(2027, 1, 5), D(2026, 12, 1), D(2027, 3, 1)) ==
          V{"2027-01-05", "2027-01-11", "2027-01-18"});
}

TEST_CASE("recurrence_expand: a hard bound on occurrences per call") {
    auto many = occurrence_dates(rule("FREQ=DAILY"), D(2000, 1, 1), D(2000, 1, 1), D(2099, 12, 31));
    CHECK(many.size() == kMaxOccurrencesPerCall);
    CHECK(occurrence_dates(rule("FREQ=DAILY"), D(2000, 1, 1), D(2000, 1, 1), D(2099, 12, 31), 10).size() == 10);
    // A rule that never matches again ends the walk at the range, not in an endless loop.
    Recurrence never = rule("FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31");
    CHECK(iso(occurrence_dates(never, D(2027, 4, 15), D(2027, 1, 1), D(2127, 1, 1))) == V{"2027-04-15"});
    CHECK_FALSE(next_occurrence_date(never, D(2027, 4, 15), D(2027, 4, 16)).has_value());
}

TEST_CASE("recurrence_expand: all-day and date-only series stay dates; long items reach into the range") {
    TimeZone z = warsaw();
    Activity a;
    a.type = ActivityType::Appointment;
    a.subject = "Trade fair";
    a.all_day = true;
    a.scheduled_start = utc_midnight(D(2027, 3, 1));
    a.scheduled_end = utc_midnight(D(2027, 3, 3));  // two days
    a.recurrence = rule("FREQ=WEEKLY");
    auto occ = expand_series(a, z, D(2027, 3, 9), D(2027, 3, 14));
    REQUIRE(occ.size() == 1);
    CHECK(occ[0].date == D(2027, 3, 8));  // starts before the range, runs into it
    CHECK(occ[0].date_only);
    CHECK(occ[0].start == utc_midnight(D(2027, 3, 8)));
    CHECK(occ[0].end == utc_midnight(D(2027, 3, 10)));

    Activity task;
    task.type = ActivityType::Task;
    task.subject = "Report";
    task.due = Due::on_date(D(2027, 1, 31));
    task.recurrence = rule("FREQ=MONTHLY;BYMONTHDAY=-1");
    Activity feb = occurrence_activity(task, D(2027, 2, 28), z);
    CHECK(feb.due == Due::on_date(D(2027, 2, 28)));
    CHECK_FALSE(feb.recurrence.has_value());
}

TEST_CASE("recurrence_expand: occurrence_activity moves the start and keeps the length") {
    TimeZone z = warsaw();
    Activity a = appointment_at(z.from_local({D(2027, 3, 22), {9, 0, 0}}), 90, "FREQ=WEEKLY");
    Activity next = occurrence_activity(a, D(2027, 3, 29), z);
    CHECK(z.to_local(*next.scheduled_start) == LocalDateTime{D(2027, 3, 29), {9, 0, 0}});
    CHECK(*next.scheduled_end - *next.scheduled_start == 90 * 60'000);
}

// "Timesheet", a task due Fridays at 16:00 from 1 January 2027.
static Activity timesheet_task(const TimeZone& z, std::string_view rrule) {
    Activity task;
    task.type = ActivityType::Task;
    task.subject = "Timesheet";
    task.due = Due::at(z.from_local({D(2027, 1, 1), {16, 0, 0}}));
    task.recurrence = rule(rrule);
    return task;
}

TEST_CASE("recurrence_expand: a task series shows its first occurrence not done, overdue once it is past") {
    TimeZone z = warsaw();
    Activity task = timesheet_task(z, "FREQ=WEEKLY;BYDAY=FR");
    // Nothing done yet: in March the row still shows 1 January (overdue), and Mark complete on
    // it acts on that occurrence.
    CHECK(shown_occurrence_date(task, z, D(2027, 3, 3)) == D(2027, 1, 1));
    CHECK(shown_due(task, z, D(2027, 3, 3)) == task.due);
    // Each occurrence completed (split off) or skipped moves it on by one, still overdue ...
    add_recurrence_exception(*task.recurrence, D(2027, 1, 1));
    CHECK(shown_occurrence_date(task, z, D(2027, 3, 3)) == D(2027, 1, 8));
    for (LocalDate d = D(2027, 1, 8); d < D(2027, 3, 5); d = add_days(d, 7)) add_recurrence_exception(*task.recurrence, d);
    // ... and once every past one is done, it is the next one, not overdue.
    CHECK(shown_due(task, z, D(2027, 3, 3)) == Due::at(z.from_local({D(2027, 3, 5), {16, 0, 0}})));
    CHECK(shown_due(task, z, D(2027, 3, 5)) == Due::at(z.from_local({D(2027, 3, 5), {16, 0, 0}})));
    CHECK(shown_occurrence_date(task, z, D(2027, 3, 3)) == D(2027, 3, 5));
    add_recurrence_exception(*task.recurrence, D(2027, 3, 5));
    CHECK(shown_due(task, z, D(2027, 3, 5)) == Due::at(z.from_local({D(2027, 3, 12), {16, 0, 0}})));
    CHECK(shown_occurrence_date(task, z, D(2027, 3, 5)) == D(2027, 3, 12));
    // Ended (UNTIL in February) with an occurrence still open: that one.
    Activity ended = task;
    ended.recurrence->exceptions.clear();
    ended.recurrence->until = D(2027, 2, 1);
    add_recurrence_exception(*ended.recurrence, D(2027, 1, 1));
    CHECK(shown_occurrence_date(ended, z, D(2027, 3, 5)) == D(2027, 1, 8));
}

TEST_CASE("recurrence_expand: an appointment series shows its next occurrence on or after today") {
    TimeZone z = warsaw();
    Activity meeting = appointment_at(z.from_local({D(2027, 1, 1), {9, 0, 0}}), 60, "FREQ=WEEKLY;BYDAY=FR");
    CHECK(shown_occurrence_date(meeting, z, D(2027, 3, 3)) == D(2027, 3, 5));
    CHECK(shown_due(meeting, z, D(2027, 3, 5)) == Due::at(z.from_local({D(2027, 3, 5), {9, 0, 0}})));
    add_recurrence_exception(*meeting.recurrence, D(2027, 3, 5));
    CHECK(shown_occurrence_date(meeting, z, D(2027, 3, 5)) == D(2027, 3, 12));
    // Ended: its last occurrence.
    meeting.recurrence->until = D(2027, 2, 1);
    CHECK(shown_due(meeting, z, D(2027, 3, 5)) == Due::at(z.from_local({D(2027, 1, 29), {9, 0, 0}})));
    meeting.recurrence->until.reset();
    meeting.recurrence->count = 3;
    CHECK(shown_due(meeting, z, D(2027, 3, 5)) == Due::at(z.from_local({D(2027, 1, 15), {9, 0, 0}})));
}

TEST_CASE("recurrence_expand: a series before it starts, a one-off, and a series with nothing left") {
    TimeZone z = warsaw();
    Activity task = timesheet_task(z, "FREQ=WEEKLY;BYDAY=FR;COUNT=3");
    CHECK(shown_due(task, z, D(2026, 6, 1)) == task.due);
    Activity one_off = task;
    one_off.recurrence.reset();
    CHECK(shown_due(one_off, z, D(2027, 3, 5)) == task.due);
    CHECK_FALSE(shown_occurrence_date(one_off, z, D(2027, 3, 5)).has_value());
    // Every occurrence taken out: nothing to act on.
    Activity emptied = task;
    emptied.recurrence->count = 1;
    add_recurrence_exception(*emptied.recurrence, D(2027, 1, 1));
    CHECK_FALSE(shown_occurrence_date(emptied, z, D(2027, 3, 5)).has_value());
}

TEST_CASE("recurrence_expand: the rule in words (English)") {
    active_catalog().clear();
    active_catalog().set_language("en");
    CHECK(describe_recurrence(rule("FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270131"), D(2027, 1, 4)) ==
          "Repeats weekly on Mon, Wed, until 1/31/2027");
    CHECK(describe_recurrence(rule("FREQ=DAILY;INTERVAL=2;COUNT=10"), D(2027, 1, 4)) == "Repeats every 2 days, 10 times");
    CHECK(describe_recurrence(rule("FREQ=MONTHLY;BYDAY=-1FR"), D(2027, 1, 29)) == "Repeats monthly on the last Friday");
    CHECK(describe_recurrence(rule("FREQ=MONTHLY"), D(2027, 1, 31)) == "Repeats monthly on day 31");
    CHECK(describe_recurrence(rule("FREQ=YEARLY"), D(2024, 2, 29)) == "Repeats yearly on day 29 of February");
    CHECK(describe_recurrence(rule("FREQ=WEEKLY"), D(2027, 1, 6)) == "Repeats weekly on Wed");
}
