// Calendar layout: the days each mode shows, overlap columns, the all-day row, multi-day splits,
// and wall-clock placement across DST changes (Europe/Warsaw) and without DST (Asia/Taipei).
#include <doctest/doctest.h>

#include "test_time.hpp"

#include "core/calendar_layout.hpp"

using namespace crm;
using crm::test::warsaw;

// Fixed Monday-first weeks: the default (-1) follows the UI language, tested in locale_format_test.
const CalendarSettings kMondayFirst{.first_day_of_week = 1};

namespace {

TimeZone taipei() { return *TimeZone::from_posix("Asia/Taipei", "CST-8"); }

struct Fixture {
    Store store;
    std::string me;
    TimeZone zone;
    UtcMillis now;
    explicit Fixture(TimeZone z, LocalDateTime local_now) : zone(std::move(z)) {
        now = zone.from_local(local_now);
        me = store.create_user("Me", "me@example.com", {"", now}).value;
    }
    Actor actor() const { return {me, now}; }
    QueryContext ctx() const { return {me, &zone, now}; }
    std::string appointment(const std::string& subject, LocalDateTime start, LocalDateTime end) {
        Activity a;
        a.type = ActivityType::Appointment;
        a.subject = subject;
        a.scheduled_start = zone.from_local(start);
        a.scheduled_end = zone.from_local(end);
        a.reason = StatusReason::Free;
        auto r = store.create_activity(a, actor());
        REQUIRE(r.ok());
        return r.value;
    }
    CalendarView build(CalendarMode mode, LocalDate anchor, ActivityQuery q = {}) {
        q.state = StateFilter::Any;
        return build_calendar(store, q, ctx(), mode, anchor, kMondayFirst);
    }
    const CalendarItem* timed(const CalendarView& v, const std::string& subject, int day = -1) {
        for (const auto& it : v.timed)
            if (store.activities().at(it.index).subject == subject && (day < 0 || it.day == day)) return &it;
        return nullptr;
    }
};

}  // namespace

TEST_CASE("calendar: month grid with leading and trailing days") {
    CalendarSettings monday = kMondayFirst;
    auto nov = calendar_days(CalendarMode::Month, {2026, 11, 23}, monday);
    REQUIRE(nov.size() == 42);
    CHECK(nov.front() == LocalDate{2026, 10, 26});
    CHECK(nov.back() == LocalDate{2026, 12, 6});
    auto feb = calendar_days(CalendarMode::Month, {2027, 2, 10}, monday);
    REQUIRE(feb.size() == 28);  // Feb 2027 starts on a Monday and has exactly 4 weeks
    CHECK(feb.front() == LocalDate{2027, 2, 1});
    CHECK(feb.back() == LocalDate{2027, 2, 28});
    auto feb26 = calendar_days(CalendarMode::Month, {2026, 2, 10}, monday);
    REQUIRE(feb26.size() == 35);  // 1 Feb 2026 is a Sunday: the grid starts on Monday 26 Jan
    CHECK(feb26.front() == LocalDate{2026, 1, 26});
    CHECK(feb26.back() == LocalDate{2026, 3, 1});
    CalendarSettings sunday = kMondayFirst;
    sunday.first_day_of_week = 0;
    auto nov_sun = calendar_days(CalendarMode::Month, {2026, 11, 1}, sunday);
    REQUIRE(nov_sun.size() == 35);
    CHECK(nov_sun.front() == LocalDate{2026, 11, 1});  // 1 Nov 2026 is a Sunday
    CHECK(nov_sun.back() == LocalDate{2026, 12, 5});
}

TEST_CASE("calendar: week, work week, day and agenda days; paging") {
    CalendarSettings s = kMondayFirst;
    auto week = calendar_days(CalendarMode::Week, {2026, 11, 25}, s);
    REQUIRE(week.size() == 7);
    CHECK(week.front() == LocalDate{2026, 11, 23});
    auto work = calendar_days(CalendarMode::WorkWeek, {2026, 11, 29}, s);
    REQUIRE(work.size() == 5);
    CHECK(work.front() == LocalDate{2026, 11, 23});
    CHECK(work.back() == LocalDate{2026, 11, 27});
    CHECK(calendar_days(CalendarMode::Day, {2026, 11, 25}, s).size() == 1);
    CHECK(calendar_days(CalendarMode::Agenda, {2026, 11, 25}, s).size() == 14);
    CHECK(calendar_step(CalendarMode::Month, {2026, 1, 31}, 1, s) == LocalDate{2026, 2, 28});
    CHECK(calendar_step(CalendarMode::Month, {2026, 1, 15}, -1, s) == LocalDate{2025, 12, 15});
    CHECK(calendar_step(CalendarMode::Week, {2026, 11, 25}, 1, s) == LocalDate{2026, 12, 2});
}

TEST_CASE("calendar: overlapping appointments sit side by side") {
    Fixture f(warsaw(), {{2026, 11, 23}, {8, 0, 0}});
    LocalDate d{2026, 11, 24};
    f.appointment("A", {d, {9, 0, 0}}, {d, {10, 0, 0}});
    f.appointment("B", {d, {9, 30, 0}}, {d, {11, 0, 0}});
    f.appointment("C", {d, {10, 0, 0}}, {d, {10, 30, 0}});
    f.appointment("D", {d, {14, 0, 0}}, {d, {15, 0, 0}});
    auto v = f.build(CalendarMode::Day, d);
    auto* a = f.timed(v, "A");
    auto* b = f.timed(v, "B");
    auto* c = f.timed(v, "C");
    auto* e = f.timed(v, "D");
    REQUIRE((a && b && c && e));
    CHECK(a->column == 0);
    CHECK(b->column == 1);
    CHECK(c->column == 0);
    CHECK(a->columns == 2);
    CHECK(b->columns == 2);
    CHECK(c->columns == 2);
    CHECK(e->columns == 1);
    CHECK(a->start_minute == 540);
    CHECK(b->end_minute == 660);
}

TEST_CASE("calendar: all-day row and multi-day split") {
    Fixture f(warsaw(), {{2026, 11, 23}, {8, 0, 0}});
    Activity task;
    task.type = ActivityType::Task;
    task.subject = "Date-only task";
    task.due = Due::on_date({2026, 11, 25});
    REQUIRE(f.store.create_activity(task, f.actor()).ok());
    Activity trip;
    trip.type = ActivityType::Appointment;
    trip.subject = "Trade fair";
    trip.all_day = true;
    trip.scheduled_start = utc_midnight({2026, 11, 26});
    trip.scheduled_end = utc_midnight({2026, 11, 28});  // two days, end exclusive
    trip.reason = StatusReason::Free;
    REQUIRE(f.store.create_activity(trip, f.actor()).ok());
    f.appointment("Overnight", {{2026, 11, 24}, {22, 0, 0}}, {{2026, 11, 25}, {2, 0, 0}});
    auto v = f.build(CalendarMode::Week, {2026, 11, 23});
    int task_days = 0, trip_days = 0;
    for (const auto& it : v.all_day) {
        const auto& s = f.store.activities().at(it.index).subject;
        if (s == "Date-only task") {
            CHECK(it.day == 2);
            ++task_days;
        }
        if (s == "Trade fair") ++trip_days;
    }
    CHECK(task_days == 1);
    CHECK(trip_days == 2);
    auto* first = f.timed(v, "Overnight", 1);
    auto* second = f.timed(v, "Overnight", 2);
    REQUIRE((first && second));
    CHECK(first->start_minute == 22 * 60);
    CHECK(first->end_minute == 24 * 60);
    CHECK(first->continues_after);
    CHECK(second->start_minute == 0);
    CHECK(second->end_minute == 120);
    CHECK(second->continues_before);
}

TEST_CASE("calendar: 09:00 stays at 09:00 through both DST changes in Warsaw, and Taipei never shifts") {
    for (auto week : {std::pair{LocalDate{2026, 3, 23}, "spring"}, std::pair{LocalDate{2026, 10, 19}, "autumn"}}) {
        // Not a structured binding: CAPTURE's lambda cannot capture one in clang 14 (the sanitizer build).
        const LocalDate start = week.first;
        const char* label = week.second;
        CAPTURE(label);
        Fixture f(warsaw(), {{start}, {8, 0, 0}});
        for (int i = 0; i < 7; ++i) {
            LocalDate d = add_days(start, i);
            f.appointment("Standup " + std::to_string(i), {d, {9, 0, 0}}, {d, {9, 30, 0}});
        }
        auto v = f.build(CalendarMode::Week, start);
        for (int i = 0; i < 7; ++i) {
            auto* it = f.timed(v, "Standup " + std::to_string(i));
            REQUIRE(it != nullptr);
            CHECK(it->day == i);
            CHECK(it->start_minute == 540);
            CHECK(it->end_minute == 570);
        }
    }
    Fixture f(warsaw(), {{2026, 3, 28}, {8, 0, 0}});
    LocalDate spring{2026, 3, 29};
    f.appointment("Night shift", {spring, {1, 0, 0}}, {spring, {4, 0, 0}});  // 02:00-03:00 does not exist
    auto v = f.build(CalendarMode::Day, spring);
    auto* night = f.timed(v, "Night shift");
    REQUIRE(night != nullptr);
    CHECK(night->start_minute == 60);
    CHECK(night->end_minute == 240);
    CHECK(night->end - night->start == 2 * 3'600'000);  // two real hours
    // a drop at 02:30 that day lands on a real instant (03:30 CEST)
    UtcMillis t = calendar_instant(spring, 150, f.zone);
    CHECK(format_time_hm(f.zone.to_local(t).time) == "03:30");

    Fixture tp(taipei(), {{2026, 3, 23}, {8, 0, 0}});
    tp.appointment("Taipei standup", {{2026, 3, 29}, {9, 0, 0}}, {{2026, 3, 29}, {9, 30, 0}});
    Activity call;
    call.type = ActivityType::PhoneCall;
    call.subject = "Late call";
    call.due = Due::at(*parse_iso_utc("2026-03-25T23:30:00Z"));  // 07:30 on the 26th in Taipei
    REQUIRE(tp.store.create_activity(call, tp.actor()).ok());
    auto tv = tp.build(CalendarMode::Week, {2026, 3, 23});
    auto* standup = tp.timed(tv, "Taipei standup");
    REQUIRE(standup != nullptr);
    CHECK(standup->start_minute == 540);
    auto* late = tp.timed(tv, "Late call");
    REQUIRE(late != nullptr);
    CHECK(tv.days[static_cast<std::size_t>(late->day)] == LocalDate{2026, 3, 26});
    CHECK(late->start_minute == 7 * 60 + 30);
}

TEST_CASE("calendar: filters apply except the due filter; notes never; closing opportunities; today") {
    Fixture f(warsaw(), {{2026, 11, 25}, {10, 15, 0}});
    auto other = f.store.create_user("Other", "", f.actor()).value;
    f.appointment("Mine", {{2026, 11, 24}, {9, 0, 0}}, {{2026, 11, 24}, {10, 0, 0}});
    Activity theirs;
    theirs.type = ActivityType::Appointment;
    theirs.subject = "Theirs";
    theirs.owner = {OwnerKind::User, other};
    theirs.scheduled_start = f.zone.from_local({{2026, 11, 24}, {9, 0, 0}});
    theirs.scheduled_end = *theirs.scheduled_start + 3'600'000;
    theirs.reason = StatusReason::Free;
    REQUIRE(f.store.create_activity(theirs, f.actor()).ok());
    Activity note;
    note.type = ActivityType::Note;
    note.subject = "A note";
    note.due = Due::on_date({2026, 11, 24});
    note.reason = StatusReason::NoteActive;
    REQUIRE(f.store.create_activity(note, f.actor()).ok());
    Opportunity o{.name = "Big deal", .estimated_close = LocalDate{2026, 11, 26}};
    REQUIRE(f.store.create_record(o, f.actor()).ok());

    ActivityQuery mine;
    mine.view = ActivityView::MyActivities;
    mine.due = DueFilter::Overdue;  // ignored by the calendar
    auto v = f.build(CalendarMode::Week, {2026, 11, 25}, mine);
    CHECK(f.timed(v, "Mine") != nullptr);
    CHECK(f.timed(v, "Theirs") == nullptr);
    CHECK(v.all_day.empty());  // the note is not placed
    REQUIRE(v.closing.size() == 1);
    CHECK(v.days[static_cast<std::size_t>(v.closing[0].day)] == LocalDate{2026, 11, 26});
    CHECK(v.today == LocalDate{2026, 11, 25});
    CHECK(v.today_index == 2);
    CHECK(v.now_minute == 10 * 60 + 15);
    ActivityQuery all;
    all.view = ActivityView::AllActivities;
    all.type_mask = 1u << static_cast<unsigned>(ActivityType::Appointment);
    auto both = f.build(CalendarMode::Week, {2026, 11, 25}, all);
    CHECK(f.timed(both, "Theirs") != nullptr);
}

TEST_CASE("calendar: more month grids, both first days") {
    CalendarSettings monday = kMondayFirst;
    CalendarSettings sunday = kMondayFirst;
    sunday.first_day_of_week = 0;
    auto feb_sun = calendar_days(CalendarMode::Month, {2026, 2, 14}, sunday);
    REQUIRE(feb_sun.size() == 28);  // 1 Feb 2026 is a Sunday and 28 Feb a Saturday: exactly 4 weeks
    CHECK(feb_sun.front() == LocalDate{2026, 2, 1});
    CHECK(feb_sun.back() == LocalDate{2026, 2, 28});
    auto mar_mon = calendar_days(CalendarMode::Month, {2026, 3, 1}, monday);
    REQUIRE(mar_mon.size() == 42);  // 1 Mar 2026 is a Sunday, 31 Mar a Tuesday
    CHECK(mar_mon.front() == LocalDate{2026, 2, 23});
    CHECK(mar_mon.back() == LocalDate{2026, 4, 5});
    CHECK(mar_mon[6] == LocalDate{2026, 3, 1});
    auto mar_sun = calendar_days(CalendarMode::Month, {2026, 3, 31}, sunday);
    REQUIRE(mar_sun.size() == 35);
    CHECK(mar_sun.front() == LocalDate{2026, 3, 1});
    CHECK(mar_sun.back() == LocalDate{2026, 4, 4});
    auto dec_mon = calendar_days(CalendarMode::Month, {2026, 12, 24}, monday);
    REQUIRE(dec_mon.size() == 35);  // 1 Dec 2026 is a Tuesday, 31 Dec a Thursday
    CHECK(dec_mon.front() == LocalDate{2026, 11, 30});
    CHECK(dec_mon.back() == LocalDate{2027, 1, 3});
    for (std::size_t i = 1; i < dec_mon.size(); ++i) CHECK(dec_mon[i] == add_days(dec_mon[i - 1], 1));
    CalendarSettings saturday = kMondayFirst;
    saturday.first_day_of_week = 6;
    auto nov_sat = calendar_days(CalendarMode::Month, {2026, 11, 5}, saturday);
    REQUIRE(nov_sat.size() == 35);  // Sat 31 Oct .. Fri 4 Dec (Mon 30 Nov is in the week of Sat 28)
    CHECK(nov_sat.front() == LocalDate{2026, 10, 31});
    CHECK(nov_sat.back() == LocalDate{2026, 12, 4});
}

TEST_CASE("calendar: week and work week from other first days, agenda length, more paging") {
    CalendarSettings s = kMondayFirst;
    s.first_day_of_week = 0;
    s.work_days = 0b0011111;  // Sunday to Thursday
    auto week = calendar_days(CalendarMode::Week, {2026, 11, 25}, s);
    REQUIRE(week.size() == 7);
    CHECK(week.front() == LocalDate{2026, 11, 22});
    CHECK(week.back() == LocalDate{2026, 11, 28});
    auto work = calendar_days(CalendarMode::WorkWeek, {2026, 11, 28}, s);
    REQUIRE(work.size() == 5);
    CHECK(work.front() == LocalDate{2026, 11, 22});
    CHECK(work.back() == LocalDate{2026, 11, 26});
    auto anchored_on_first = calendar_days(CalendarMode::Week, {2026, 11, 22}, s);
    CHECK(anchored_on_first.front() == LocalDate{2026, 11, 22});
    auto day = calendar_days(CalendarMode::Day, {2026, 2, 28}, s);
    REQUIRE(day.size() == 1);
    CHECK(day[0] == LocalDate{2026, 2, 28});
    s.agenda_days = 3;
    auto agenda = calendar_days(CalendarMode::Agenda, {2026, 12, 30}, s);
    REQUIRE(agenda.size() == 3);
    CHECK(agenda[0] == LocalDate{2026, 12, 30});
    CHECK(agenda[2] == LocalDate{2027, 1, 1});
    CHECK(calendar_step(CalendarMode::Agenda, {2026, 12, 30}, 1, s) == LocalDate{2027, 1, 2});
    CHECK(calendar_step(CalendarMode::Agenda, {2026, 12, 30}, -1, s) == LocalDate{2026, 12, 27});
    CHECK(calendar_step(CalendarMode::Day, {2026, 1, 1}, -1, s) == LocalDate{2025, 12, 31});
    CHECK(calendar_step(CalendarMode::WorkWeek, {2026, 11, 27}, -1, s) == LocalDate{2026, 11, 20});
    CHECK(calendar_step(CalendarMode::Month, {2026, 12, 15}, 1, s) == LocalDate{2027, 1, 15});
    CHECK(calendar_step(CalendarMode::Month, {2026, 3, 31}, -1, s) == LocalDate{2026, 2, 28});
    CHECK(calendar_step(CalendarMode::Month, {2028, 1, 31}, 1, s) == LocalDate{2028, 2, 29});
    CHECK(calendar_step(CalendarMode::Month, {2026, 5, 31}, 1, s) == LocalDate{2026, 6, 30});
}

TEST_CASE("calendar: mode names, snapping and drop instants") {
    CHECK(std::string(calendar_mode_name(CalendarMode::Month)) == "Month");
    CHECK(std::string(calendar_mode_name(CalendarMode::Week)) == "Week");
    CHECK(std::string(calendar_mode_name(CalendarMode::WorkWeek)) == "Work week");
    CHECK(std::string(calendar_mode_name(CalendarMode::Day)) == "Day");
    CHECK(std::string(calendar_mode_name(CalendarMode::Agenda)) == "Agenda");
    CHECK(snap_minutes(0) == 0);
    CHECK(snap_minutes(7) == 0);
    CHECK(snap_minutes(8) == 15);
    CHECK(snap_minutes(52) == 45);
    CHECK(snap_minutes(53) == 60);
    CHECK(snap_minutes(1439) == 1440);
    CHECK(snap_minutes(44, 30) == 30);
    CHECK(snap_minutes(46, 30) == 60);

    TimeZone w = warsaw();
    LocalDate d{2026, 11, 24};
    CHECK(format_iso_utc(calendar_instant(d, 9 * 60 + 15, w)) == "2026-11-24T08:15:00.000Z");   // CET
    CHECK(format_iso_utc(calendar_instant({2026, 7, 1}, 9 * 60, w)) == "2026-07-01T07:00:00.000Z");  // CEST
    CHECK(format_iso_utc(calendar_instant(d, 1440, w)) == "2026-11-24T23:00:00.000Z");  // midnight of the 25th
    CHECK(format_iso_utc(calendar_instant(d, -30, w)) == "2026-11-23T23:00:00.000Z");   // clamped to midnight
    // fall-back day: 02:30 occurs twice, the earlier (CEST) instant is used
    CHECK(format_iso_utc(calendar_instant({2026, 10, 25}, 150, w)) == "2026-10-25T00:30:00.000Z");
    CHECK(format_iso_utc(calendar_instant({2026, 3, 29}, 150, w)) == "2026-03-29T01:30:00.000Z");
    CHECK(format_iso_utc(calendar_instant(d, 9 * 60, taipei())) == "2026-11-24T01:00:00.000Z");
}

TEST_CASE("calendar: blocks from due instants, durations and short items") {
    Fixture f(warsaw(), {{2026, 11, 23}, {8, 0, 0}});
    LocalDate d{2026, 11, 24};
    Activity call;
    call.type = ActivityType::PhoneCall;
    call.subject = "Call";
    call.due = Due::at(f.zone.from_local({d, {11, 0, 0}}));
    REQUIRE(f.store.create_activity(call, f.actor()).ok());
    Activity task;
    task.type = ActivityType::Task;
    task.subject = "Long task";
    task.due = Due::at(f.zone.from_local({d, {13, 0, 0}}));
    task.duration_minutes = 90;
    REQUIRE(f.store.create_activity(task, f.actor()).ok());
    Activity email;
    email.type = ActivityType::Email;
    email.subject = "Undated email";  // no due: not on the calendar
    email.reason = StatusReason::Draft;
    REQUIRE(f.store.create_activity(email, f.actor()).ok());
    Activity dated_email = email;
    dated_email.subject = "Dated email";
    dated_email.due = Due::on_date(d);
    REQUIRE(f.store.create_activity(dated_email, f.actor()).ok());
    f.appointment("Blip", {d, {15, 0, 0}}, {d, {15, 5, 0}});
    Activity backwards;  // refused by validation, but may arrive from storage: shown as 30 minutes
    backwards.meta.id = "00000000-0000-4000-8000-000000000001";
    backwards.type = ActivityType::Appointment;
    backwards.subject = "Backwards";
    backwards.owner = {OwnerKind::User, f.me};
    backwards.state = ActivityState::Scheduled;
    backwards.reason = StatusReason::Busy;
    backwards.scheduled_start = f.zone.from_local({d, {16, 0, 0}});
    backwards.scheduled_end = f.zone.from_local({d, {15, 0, 0}});
    f.store.load(backwards);
    f.appointment("Late", {d, {23, 55, 0}}, {add_days(d, 1), {0, 25, 0}});

    auto v = f.build(CalendarMode::Week, {2026, 11, 23});
    auto* c = f.timed(v, "Call");
    REQUIRE(c != nullptr);
    CHECK(c->day == 1);
    CHECK(c->start_minute == 660);
    CHECK(c->end_minute == 690);
    CHECK(c->end - c->start == 30 * 60'000);
    auto* t = f.timed(v, "Long task");
    REQUIRE(t != nullptr);
    CHECK(t->start_minute == 780);
    CHECK(t->end_minute == 870);
    auto* blip = f.timed(v, "Blip");
    REQUIRE(blip != nullptr);
    CHECK(blip->start_minute == 900);
    CHECK(blip->end_minute == 915);  // at least 15 minutes
    CHECK(blip->end - blip->start == 5 * 60'000);  // the real times stay real
    auto* back = f.timed(v, "Backwards");
    REQUIRE(back != nullptr);
    CHECK(back->start_minute == 960);
    CHECK(back->end_minute == 990);
    auto* late1 = f.timed(v, "Late", 1);
    auto* late2 = f.timed(v, "Late", 2);
    REQUIRE((late1 && late2));
    CHECK(late1->end_minute == 1440);
    CHECK(late1->start_minute == 1425);  // shifted up so 15 minutes still show before midnight
    CHECK(late1->continues_after);
    CHECK_FALSE(late1->continues_before);
    CHECK(late2->start_minute == 0);
    CHECK(late2->end_minute == 25);
    CHECK(late2->continues_before);
    CHECK_FALSE(late2->continues_after);
    CHECK(f.timed(v, "Undated email") == nullptr);
    REQUIRE(v.all_day.size() == 1);
    CHECK(f.store.activities().at(v.all_day[0].index).subject == "Dated email");
    CHECK(v.all_day[0].day == 1);
    CHECK(v.timed.size() == 6);
    for (std::size_t i = 1; i < v.timed.size(); ++i) {
        const auto& p = v.timed[i - 1];
        const auto& q = v.timed[i];
        CHECK((p.day < q.day || (p.day == q.day && p.start_minute <= q.start_minute)));
    }
}

TEST_CASE("calendar: a week-long appointment fills every day, and ranges are clipped to the view") {
    Fixture f(warsaw(), {{2026, 11, 23}, {8, 0, 0}});
    f.appointment("Conference", {{2026, 11, 20}, {12, 0, 0}}, {{2026, 12, 2}, {12, 0, 0}});
    f.appointment("Last week", {{2026, 11, 16}, {9, 0, 0}}, {{2026, 11, 16}, {10, 0, 0}});
    f.appointment("Ends at midnight", {{2026, 11, 29}, {22, 0, 0}}, {{2026, 11, 30}, {0, 0, 0}});
    Activity trip;
    trip.type = ActivityType::Appointment;
    trip.subject = "Holiday";
    trip.all_day = true;
    trip.scheduled_start = utc_midnight({2026, 11, 28});
    trip.scheduled_end = utc_midnight({2026, 12, 3});
    trip.reason = StatusReason::Free;
    REQUIRE(f.store.create_activity(trip, f.actor()).ok());
    auto v = f.build(CalendarMode::Week, {2026, 11, 23});
    int conference = 0;
    for (const auto& it : v.timed) {
        if (f.store.activities().at(it.index).subject != "Conference") continue;
        ++conference;
        CHECK(it.start_minute == 0);
        CHECK(it.end_minute == 1440);
        CHECK(it.continues_before);
        CHECK(it.continues_after);
        CHECK(it.columns == (it.day == 6 ? 2 : 1));  // Sunday shares with "Ends at midnight"
    }
    CHECK(conference == 7);
    CHECK(f.timed(v, "Last week") == nullptr);
    auto* mid = f.timed(v, "Ends at midnight");
    REQUIRE(mid != nullptr);
    CHECK(mid->day == 6);
    CHECK(mid->start_minute == 22 * 60);
    CHECK(mid->end_minute == 1440);
    CHECK_FALSE(mid->continues_after);  // nothing of it on Monday
    std::vector<int> holiday_days;
    for (const auto& it : v.all_day) holiday_days.push_back(it.day);
    CHECK(holiday_days == std::vector<int>{5, 6});  // Sat and Sun of this week only
    auto next = f.build(CalendarMode::Week, {2026, 11, 30});
    holiday_days.clear();
    for (const auto& it : next.all_day) holiday_days.push_back(it.day);
    CHECK(holiday_days == std::vector<int>{0, 1, 2});  // Mon 30 Nov .. Wed 2 Dec (3 Dec excluded)
    CHECK(f.timed(next, "Ends at midnight") == nullptr);
}

TEST_CASE("calendar: state, regarding, text filters; deleted activities and opportunities") {
    Fixture f(warsaw(), {{2026, 11, 23}, {8, 0, 0}});
    LocalDate d{2026, 11, 24};
    Account acme{.name = "Żółw Trading"};
    auto acme_id = f.store.create_record(acme, f.actor()).value;
    Activity visit;
    visit.type = ActivityType::Appointment;
    visit.subject = "Site visit";
    visit.regarding = {RegardingKind::Account, acme_id};
    visit.scheduled_start = f.zone.from_local({d, {9, 0, 0}});
    visit.scheduled_end = f.zone.from_local({d, {10, 0, 0}});
    visit.reason = StatusReason::Free;
    REQUIRE(f.store.create_activity(visit, f.actor()).ok());
    f.appointment("Standalone", {d, {11, 0, 0}}, {d, {12, 0, 0}});
    Activity done;
    done.type = ActivityType::Task;
    done.subject = "Finished task";
    done.state = ActivityState::Completed;
    done.reason = StatusReason::Completed;
    done.due = Due::at(f.zone.from_local({d, {13, 0, 0}}));
    REQUIRE(f.store.create_activity(done, f.actor()).ok());
    auto gone = f.appointment("Gone", {d, {14, 0, 0}}, {d, {15, 0, 0}});
    std::vector<std::string> ids{gone};
    REQUIRE(f.store.delete_activities(ids, f.actor()).ok());
    Opportunity dead{.name = "Dead deal", .estimated_close = d};
    auto dead_id = f.store.create_record(dead, f.actor()).value;
    REQUIRE(f.store.delete_record(RegardingKind::Opportunity, dead_id, f.actor()).ok());
    Opportunity later{.name = "B deal", .estimated_close = LocalDate{2026, 11, 27}};
    REQUIRE(f.store.create_record(later, f.actor()).ok());
    Opportunity sooner{.name = "A deal", .estimated_close = LocalDate{2026, 11, 27}};
    REQUIRE(f.store.create_record(sooner, f.actor()).ok());
    Opportunity undated{.name = "No date"};
    REQUIRE(f.store.create_record(undated, f.actor()).ok());

    auto names = [&](const CalendarView& v) {
        std::vector<std::string> out;
        for (const auto& it : v.timed) out.push_back(f.store.activities().at(it.index).subject);
        return out;
    };
    CalendarSettings s = kMondayFirst;
    ActivityQuery active;  // default: open and scheduled only
    auto v = build_calendar(f.store, active, f.ctx(), CalendarMode::Day, d, s);
    CHECK(names(v) == std::vector<std::string>{"Site visit", "Standalone"});
    ActivityQuery completed;
    completed.state = StateFilter::Completed;
    CHECK(names(build_calendar(f.store, completed, f.ctx(), CalendarMode::Day, d, s)) ==
          std::vector<std::string>{"Finished task"});
    ActivityQuery q;
    q.regarding = RegardingFilter::Empty;
    CHECK(names(f.build(CalendarMode::Day, d, q)) == std::vector<std::string>{"Standalone", "Finished task"});
    q.regarding = RegardingFilter::Set;
    CHECK(names(f.build(CalendarMode::Day, d, q)) == std::vector<std::string>{"Site visit"});
    ActivityQuery text;
    text.text = "ZOLW";  // folded: matches the Regarding name "Żółw Trading"
    CHECK(names(f.build(CalendarMode::Day, d, text)) == std::vector<std::string>{"Site visit"});
    text.text = "standALONE";
    CHECK(names(f.build(CalendarMode::Day, d, text)) == std::vector<std::string>{"Standalone"});
    ActivityQuery tasks_only;
    tasks_only.type_mask = 1u << static_cast<unsigned>(ActivityType::Task);
    CHECK(names(f.build(CalendarMode::Day, d, tasks_only)) == std::vector<std::string>{"Finished task"});

    auto week = f.build(CalendarMode::Week, d);
    REQUIRE(week.closing.size() == 2);  // the deleted and the undated opportunity are not listed
    CHECK(f.store.opportunities().at(week.closing[0].index).name == "A deal");
    CHECK(f.store.opportunities().at(week.closing[1].index).name == "B deal");
    CHECK(week.closing[0].day == 4);
    CHECK(week.closing[0].kind == CalendarItemKind::OpportunityClose);
    CHECK(week.today_index == 0);
    CHECK(week.now_minute == 480);
    auto next_week = f.build(CalendarMode::Week, {2026, 11, 30});
    CHECK(next_week.today == LocalDate{2026, 11, 23});
    CHECK(next_week.today_index == -1);
    CHECK(next_week.closing.empty());
}

TEST_CASE("calendar: overlap clusters with a chain and a third column") {
    Fixture f(taipei(), {{2026, 11, 23}, {8, 0, 0}});
    LocalDate d{2026, 11, 25};
    // P 08:00-12:00 overlaps everything in the morning; Q and R overlap each other and P; S
    // starts when Q ends, so it takes Q's column. T after noon stands alone.
    f.appointment("P", {d, {8, 0, 0}}, {d, {12, 0, 0}});
    f.appointment("Q", {d, {9, 0, 0}}, {d, {10, 0, 0}});
    f.appointment("R", {d, {9, 0, 0}}, {d, {9, 30, 0}});
    f.appointment("S", {d, {10, 0, 0}}, {d, {11, 0, 0}});
    f.appointment("T", {d, {12, 0, 0}}, {d, {13, 0, 0}});
    auto v = f.build(CalendarMode::Week, d);
    auto* p = f.timed(v, "P");
    auto* q = f.timed(v, "Q");
    auto* r = f.timed(v, "R");
    auto* s = f.timed(v, "S");
    auto* t = f.timed(v, "T");
    REQUIRE((p && q && r && s && t));
    CHECK(p->column == 0);
    CHECK(q->column == 1);  // same start as R but longer: placed first
    CHECK(r->column == 2);
    CHECK(s->column == 1);
    for (auto* it : {p, q, r, s}) CHECK(it->columns == 3);
    CHECK(t->column == 0);
    CHECK(t->columns == 1);
    CHECK(p->day == 2);
}
