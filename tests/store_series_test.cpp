// Store commands on series: "this one" splits an occurrence off as its own activity and marks the
// master in one change (and one undo step), delete one occurrence or the whole series, complete
// one occurrence, and "the whole series" edits that shift exceptions and leave their own changes.
#include "store_fixture.hpp"
#include "test_time.hpp"

#include "core/activity_index.hpp"
#include "core/activity_query.hpp"
#include "core/kanban.hpp"
#include "core/recurrence_expand.hpp"

namespace {

using crm::test::warsaw;

struct SeriesFixture : Fixture {
    TimeZone zone = warsaw();
    Actor me;
    std::string series;

    SeriesFixture() {
        me = as(anna, kT0);
        Activity a;
        a.type = ActivityType::Appointment;
        a.subject = "Weekly review";
        a.location = "Room 1";
        a.scheduled_start = zone.from_local({{2026, 11, 23}, {9, 0, 0}});  // a Monday
        a.scheduled_end = *a.scheduled_start + 3'600'000;
        a.recurrence = parse_rrule("FREQ=WEEKLY;BYDAY=MO,WE").value;
        auto r = store.create_activity(a, me);
        REQUIRE(r.ok());
        series = r.value;
        store.take_pending_changes();
    }
    const Activity& master() { return *store.activities().find(series); }
    std::vector<LocalDate> shown(LocalDate from, LocalDate to) {
        std::vector<LocalDate> out;
        for (const auto& o : expand_series(master(), zone, from, to)) out.push_back(o.date);
        return out;
    }
};

}  // namespace

TEST_CASE_FIXTURE(SeriesFixture, "store series: this one becomes its own activity and an exception, in one change") {
    LocalDate wed{2026, 11, 25};
    Activity moved = occurrence_activity(master(), wed, zone);
    moved.scheduled_start = *moved.scheduled_start + 2 * 3'600'000;  // 11:00 instead of 09:00
    moved.scheduled_end = *moved.scheduled_end + 2 * 3'600'000;
    auto r = store.save_occurrence(series, master().meta.rev, wed, moved, zone, me);
    REQUIRE(r.ok());
    const Activity* own = store.activities().find(r.value);
    REQUIRE(own);
    CHECK(own->series_id == series);
    CHECK(own->occurrence_date == wed);
    CHECK_FALSE(own->recurrence.has_value());
    CHECK(zone.to_local(*own->scheduled_start).time == LocalTime{11, 0, 0});
    CHECK(master().recurrence->exceptions == std::vector<LocalDate>{wed});
    CHECK(shown({2026, 11, 23}, {2026, 11, 29}) == std::vector<LocalDate>{{2026, 11, 23}});
    auto pending = store.take_pending_changes();
    CHECK(pending.size() == 2);  // the master and the new activity, queued together

    SUBCASE("the same occurrence twice, a date off the rule, or a stale master are refused") {
        CHECK_FALSE(store.save_occurrence(series, master().meta.rev, wed, moved, zone, me).ok());
        auto off = store.save_occurrence(series, master().meta.rev, {2026, 11, 24}, moved, zone, me);
        CHECK_FALSE(off.ok());
        CHECK(off.status.errors[0].field == "occurrence_date");
        CHECK_FALSE(store.save_occurrence(series, "1-stale", {2026, 11, 30}, moved, zone, me).ok());
        CHECK_FALSE(store.has_pending_changes());
    }
    SUBCASE("an invalid occurrence changes nothing") {
        Activity bad = occurrence_activity(master(), {2026, 11, 30}, zone);
        bad.subject = "";
        std::string rev = master().meta.rev;
        CHECK_FALSE(store.save_occurrence(series, rev, {2026, 11, 30}, bad, zone, me).ok());
        CHECK(master().meta.rev == rev);
        CHECK_FALSE(store.has_pending_changes());
    }
}

TEST_CASE_FIXTURE(SeriesFixture, "store series: undo of this one is one step that puts both back") {
    LocalDate mon{2026, 11, 30};
    std::vector<Activity> before{master()};
    auto r = store.save_occurrence(series, master().meta.rev, mon, occurrence_activity(master(), mon, zone), zone, me);
    REQUIRE(r.ok());
    Activity created = *store.activities().find(r.value);
    created.meta.deleted = true;  // undoing a creation tombstones it
    before.push_back(created);
    UndoStack undo;
    undo.push("Rescheduled", before, store);
    REQUIRE(undo.undo(store, me).ok());
    CHECK(master().recurrence->exceptions.empty());
    CHECK(store.activities().find(r.value)->meta.deleted);
    CHECK(shown(mon, mon) == std::vector<LocalDate>{mon});
}

TEST_CASE_FIXTURE(SeriesFixture, "store series: delete one occurrence, or the series with its exceptions") {
    REQUIRE(store.delete_occurrence(series, {2026, 11, 25}, zone, me).ok());
    CHECK(shown({2026, 11, 23}, {2026, 12, 2}) == std::vector<LocalDate>{{2026, 11, 23}, {2026, 11, 30}, {2026, 12, 2}});
    CHECK(store.live_activity_count() == 1);  // nothing but the master is stored
    auto r = store.save_occurrence(series, master().meta.rev, {2026, 11, 30}, occurrence_activity(master(), {2026, 11, 30}, zone), zone, me);
    REQUIRE(r.ok());
    REQUIRE(store.delete_series(series, me).ok());
    CHECK(store.activities().find(series)->meta.deleted);
    CHECK(store.activities().find(r.value)->meta.deleted);
    CHECK(store.live_activity_count() == 0);
}

TEST_CASE_FIXTURE(SeriesFixture, "store series: completing an occurrence of a task series splits it off completed") {
    Activity t;
    t.type = ActivityType::Task;
    t.subject = "Timesheet";
    t.due = Due::on_date({2026, 11, 27});
    t.recurrence = parse_rrule("FREQ=WEEKLY").value;
    auto id = store.create_activity(t, me);
    REQUIRE(id.ok());
    const Activity& task = *store.activities().find(id.value);
    Activity done = occurrence_activity(task, {2026, 12, 4}, zone);
    done.state = ActivityState::Completed;
    done.reason = StatusReason::Completed;
    auto r = store.save_occurrence(id.value, task.meta.rev, {2026, 12, 4}, done, zone, me);
    REQUIRE(r.ok());
    const Activity* split = store.activities().find(r.value);
    CHECK(split->state == ActivityState::Completed);
    CHECK(split->due == Due::on_date({2026, 12, 4}));
    CHECK(split->actual_end == me.now);
    const Activity& after = *store.activities().find(id.value);
    CHECK(after.state == ActivityState::Open);  // the series goes on
    // 27 November is not done: on 2 December the row shows it, overdue; once it is done too,
    // the next open one is 11 December (4 December is done)
    CHECK(shown_due(after, zone, {2026, 12, 2}) == Due::on_date({2026, 11, 27}));
    Activity first = occurrence_activity(after, {2026, 11, 27}, zone);
    first.state = ActivityState::Completed;
    first.reason = StatusReason::Completed;
    REQUIRE(store.save_occurrence(id.value, after.meta.rev, {2026, 11, 27}, first, zone, me).ok());
    CHECK(shown_due(*store.activities().find(id.value), zone, {2026, 12, 2}) == Due::on_date({2026, 12, 11}));
}

TEST_CASE_FIXTURE(SeriesFixture, "store series: a whole-series edit shifts exceptions and keeps their own changes") {
    LocalDate wed{2026, 11, 25};
    Activity own = occurrence_activity(master(), wed, zone);
    own.subject = "Review with the board";  // its own subject
    auto r = store.save_occurrence(series, master().meta.rev, wed, own, zone, me);
    REQUIRE(r.ok());
    REQUIRE(store.delete_occurrence(series, {2026, 11, 30}, zone, me).ok());

    Activity edited = master();
    edited.subject = "Team review";
    edited.location = "Room 2";
    // one day later: Tuesday and Thursday from now on
    edited.scheduled_start = *edited.scheduled_start + kMillisPerDay;
    edited.scheduled_end = *edited.scheduled_end + kMillisPerDay;
    edited.recurrence->weekdays = (1 << 2) | (1 << 4);
    REQUIRE(store.update_series(edited, zone, me).ok());
    CHECK(master().recurrence->exceptions == std::vector<LocalDate>{{2026, 11, 26}, {2026, 12, 1}});
    const Activity& member = *store.activities().find(r.value);
    CHECK(member.occurrence_date == LocalDate{2026, 11, 26});
    CHECK(member.subject == "Review with the board");  // changed on its own: kept
    CHECK(member.location == "Room 2");                // shared with the old master: follows
    CHECK(zone.to_local(*member.scheduled_start).date == wed);  // its own time stays
    CHECK(shown({2026, 11, 23}, {2026, 12, 6}) == std::vector<LocalDate>{{2026, 11, 24}, {2026, 12, 3}});

    SUBCASE("a stale series edit changes nothing") {
        Activity stale = edited;
        stale.subject = "Other";
        CHECK_FALSE(store.update_series(stale, zone, me).ok());
        CHECK(master().subject == "Team review");
    }
}

TEST_CASE_FIXTURE(SeriesFixture, "store series: the grid keys a task series by its first open occurrence (filters, sort, index)") {
    // A weekly task series from Friday 20 November, and one-off tasks around "now".
    Activity t;
    t.type = ActivityType::Task;
    t.subject = "Weekly report";
    t.due = Due::on_date({2026, 11, 20});
    t.recurrence = parse_rrule("FREQ=WEEKLY").value;
    auto series_task = store.create_activity(t, me);
    REQUIRE(series_task.ok());
    Activity soon;
    soon.type = ActivityType::Task;
    soon.subject = "Call back";
    soon.due = Due::on_date({2026, 11, 19});
    auto one_off = store.create_activity(soon, me);
    REQUIRE(one_off.ok());
    Activity later = soon;
    later.subject = "Send quote";
    later.due = Due::on_date({2026, 11, 24});
    auto later_id = store.create_activity(later, me);
    REQUIRE(later_id.ok());

    ActivityIndex index;
    QueryContext ctx{anna, &zone, zone.from_local({{2026, 11, 18}, {12, 0, 0}}), &index};  // a Wednesday
    auto ids = [&](const std::vector<std::uint32_t>& rows) {
        std::vector<std::string> out;
        for (auto r : rows) out.push_back(store.activities().at(r).subject);
        return out;
    };
    ActivityQuery next7{.type_mask = 1u << static_cast<unsigned>(ActivityType::Task), .due = DueFilter::Next7Days};
    ActivityQuery overdue{.type_mask = 1u << static_cast<unsigned>(ActivityType::Task), .due = DueFilter::Overdue};
    // Next 7 days: the series' Friday Nov 20, between the one-offs; nothing overdue yet.
    CHECK(ids(run_activity_query(store, next7, {.column = SortColumn::Due}, ctx)) ==
          std::vector<std::string>{"Call back", "Weekly report", "Send quote"});
    CHECK(run_activity_query(store, overdue, {}, ctx).empty());
    auto row = *store.activities().index_of(series_task.value);
    CHECK(index.row(row).due == Due::on_date({2026, 11, 20}));
    CHECK(index.series_rows().size() == 2);  // with the appointment series of the fixture
    // On Saturday, with Friday's not done, the next day's query finds it overdue without any
    // edit (with the one-off of Thursday): a task's occurrence does not pass by itself.
    ctx.now += 3 * kMillisPerDay;
    CHECK(ids(run_activity_query(store, overdue, {.column = SortColumn::Due}, ctx)) ==
          std::vector<std::string>{"Call back", "Weekly report"});
    CHECK(index.row(row).due == Due::on_date({2026, 11, 20}));
    // Done (split off) or skipped: the series' key moves to the Friday after, no longer overdue.
    REQUIRE(store.delete_occurrence(series_task.value, {2026, 11, 20}, zone, me).ok());
    CHECK(ids(run_activity_query(store, overdue, {}, ctx)) == std::vector<std::string>{"Call back"});
    CHECK(index.row(row).due == Due::on_date({2026, 11, 27}));
}

TEST_CASE_FIXTURE(SeriesFixture, "store series: an appointment series is keyed by its next occurrence, re-keyed day by day") {
    Activity m;
    m.type = ActivityType::Appointment;
    m.subject = "Stand-up";
    m.scheduled_start = zone.from_local({{2025, 11, 21}, {9, 0, 0}});  // a Friday a year ago
    m.scheduled_end = *m.scheduled_start + 15 * 60'000;
    m.recurrence = parse_rrule("FREQ=WEEKLY").value;
    auto series = store.create_activity(m, me);
    REQUIRE(series.ok());
    ActivityIndex index;
    QueryContext ctx{anna, &zone, zone.from_local({{2026, 11, 18}, {12, 0, 0}}), &index};  // a Wednesday
    ActivityQuery overdue{.type_mask = 1u << static_cast<unsigned>(ActivityType::Appointment), .due = DueFilter::Overdue};
    ActivityQuery next7{.type_mask = 1u << static_cast<unsigned>(ActivityType::Appointment), .due = DueFilter::Next7Days};
    auto row = *store.activities().index_of(series.value);
    CHECK(run_activity_query(store, overdue, {}, ctx).empty());  // its past meetings are over, not overdue
    run_activity_query(store, next7, {}, ctx);
    CHECK(index.row(row).due == Due::at(zone.from_local({{2026, 11, 20}, {9, 0, 0}})));
    // Friday is still next on Thursday; on Saturday the next is a week later.
    ctx.now += kMillisPerDay;
    run_activity_query(store, next7, {}, ctx);
    CHECK(index.row(row).due == Due::at(zone.from_local({{2026, 11, 20}, {9, 0, 0}})));
    ctx.now += 2 * kMillisPerDay;
    run_activity_query(store, next7, {}, ctx);
    CHECK(index.row(row).due == Due::at(zone.from_local({{2026, 11, 27}, {9, 0, 0}})));
}
