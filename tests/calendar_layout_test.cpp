// Calendar layout: the days each mode shows, overlap columns, the all-day row, multi-day splits,
// and wall-clock placement across DST changes (Europe/Warsaw) and without DST (Asia/Taipei).
#include <doctest/doctest.h>

#include "core/calendar_layout.hpp"

using namespace crm;

namespace {

TimeZone warsaw() { return *TimeZone::from_posix("Europe/Warsaw", "CET-1CEST,M3.5.0,M10.5.0/3"); }
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
        return build_calendar(store, q, ctx(), mode, anchor, CalendarSettings{});
    }
    const CalendarItem* timed(const CalendarView& v, const std::string& subject, int day = -1) {
        for (const auto& it : v.timed)
            if (store.activities().at(it.index).subject == subject && (day < 0 || it.day == day)) return &it;
        return nullptr;
    }
};

}  // namespace

TEST_CASE("calendar: month grid with leading and trailing days") {
    CalendarSettings monday;  // first day Monday by default
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
    CalendarSettings sunday;
    sunday.first_day_of_week = 0;
    auto nov_sun = calendar_days(CalendarMode::Month, {2026, 11, 1}, sunday);
    REQUIRE(nov_sun.size() == 35);
    CHECK(nov_sun.front() == LocalDate{2026, 11, 1});  // 1 Nov 2026 is a Sunday
    CHECK(nov_sun.back() == LocalDate{2026, 12, 5});
}

TEST_CASE("calendar: week, work week, day and agenda days; paging") {
    CalendarSettings s;
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
    for (auto [start, label] : {std::pair{LocalDate{2026, 3, 23}, "spring"}, std::pair{LocalDate{2026, 10, 19}, "autumn"}}) {
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
