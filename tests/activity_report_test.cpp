// Tests for the dashboard's view-model (activity_report): counts by type, state, owner and due
// week with the current filters, the overdue and due-today counts, weeks in the user's zone
// across both DST changes in Warsaw, the completion rate, that every bar's drill-down query
// selects exactly the rows it counts, the drill-down filters of ActivityQuery (defaults,
// equality, preferences) and the CSV. Expected numbers are written out by hand.
#include <doctest/doctest.h>

#include "test_time.hpp"

#include <string>
#include <vector>

#include "core/activity_query.hpp"
#include "core/activity_report.hpp"
#include "core/civil_time.hpp"
#include "core/store.hpp"
#include "core/view_prefs.hpp"

using namespace crm;
using crm::test::warsaw;

namespace {

constexpr UtcMillis kHour = 3'600'000;
constexpr UtcMillis kNow = 1'795'000'000'000;  // 2026-11-18T11:06:40Z, a Wednesday (12:06 in Warsaw)


struct Dash {
    Store store{7};
    Actor setup{"", kNow};
    TimeZone zone = warsaw();
    UtcMillis now = kNow;
    std::string me, mate, zed, team;

    Dash() {
        me = store.create_user("Me", "", setup).value;
        mate = store.create_user("Anna Mate", "", setup).value;
        zed = store.create_user("Zed", "", setup).value;
        team = store.create_team("North", setup).value;
        REQUIRE(store.set_team_member(team, me, true, setup).ok());
        REQUIRE(store.set_team_member(team, mate, true, setup).ok());
    }
    std::string add(ActivityType type, ActivityState state, Due due, std::string owner = {}, std::string subject = "a") {
        Activity a;
        a.type = type;
        a.subject = std::move(subject);
        a.state = state;
        a.reason = default_reason(type, state);
        a.owner = {OwnerKind::User, owner.empty() ? me : owner};
        if (type == ActivityType::Appointment) {
            UtcMillis start = due.kind == Due::Kind::Instant ? due.instant : zone.start_of_day(due.date) + 10 * kHour;
            a.scheduled_start = start;
            a.scheduled_end = start + kHour;
        } else {
            a.due = due;
        }
        auto r = store.create_activity(a, {me, now});
        REQUIRE_MESSAGE(r.ok(), a.subject);
        return r.value;
    }
    QueryContext ctx() const { return {me, &zone, now}; }
    ActivityReport build(const ActivityQuery& q = all(), int first_day = 1) const { return build_activity_report(store, q, ctx(), first_day); }
    static ActivityQuery all() { return {.view = ActivityView::AllActivities}; }
    UtcMillis local(LocalDate d, int hour, int minute = 0) const { return zone.from_local({d, {hour, minute, 0}}); }
};

const ReportBar& find(const std::vector<ReportBar>& bars, const std::string& label) {
    for (const auto& b : bars)
        if (b.label == label) return b;
    FAIL("no bar " << label);
    return bars.front();
}

const ReportBar& week(const std::vector<ReportBar>& bars, LocalDate first) {
    for (const auto& b : bars)
        if (b.week == first) return b;
    FAIL("no week " << format_iso_date(first));
    return bars.front();
}

// Every bar of the report selects exactly the rows it counts.
void check_drill_downs(const Dash& d, const ActivityReport& r) {
    auto check = [&](const ReportBar& b) {
        INFO("bar " << b.label);
        CHECK(filter_activities(d.store, b.drill, d.ctx()).size() == b.count);
    };
    for (const auto* bars : {&r.by_type, &r.by_state, &r.by_owner, &r.by_week, &r.completion})
        for (const auto& b : *bars) check(b);
    check(r.overdue);
    check(r.due_today);
}

}  // namespace

TEST_CASE("report: counts by type, state and owner over every state; the type filter is kept") {
    Dash d;
    LocalDate today{2026, 11, 18};
    d.add(ActivityType::Task, ActivityState::Open, Due::on_date(today));
    d.add(ActivityType::Task, ActivityState::Completed, Due::on_date(today), d.mate);
    d.add(ActivityType::Email, ActivityState::Canceled, Due::none(), d.mate);
    d.add(ActivityType::Appointment, ActivityState::Scheduled, Due::at(kNow + 2 * kHour), d.zed);
    d.add(ActivityType::Note, ActivityState::Open, Due::none());
    ActivityReport r = d.build();
    CHECK(r.total == 5);
    CHECK(r.without_due == 2);
    CHECK(find(r.by_type, "Task").count == 2);
    CHECK(find(r.by_type, "Email").count == 1);
    CHECK(find(r.by_type, "Phone Call").count == 0);
    CHECK(find(r.by_type, "Appointment").count == 1);
    CHECK(find(r.by_type, "Note").count == 1);
    REQUIRE(r.by_state.size() == 4);
    CHECK(r.by_state[0].label == "Open");
    CHECK(r.by_state[0].count == 2);
    CHECK(r.by_state[1].label == "Scheduled");
    CHECK(r.by_state[1].count == 1);
    CHECK(r.by_state[2].count == 1);  // Completed
    CHECK(r.by_state[3].count == 1);  // Canceled
    REQUIRE(r.by_owner.size() == 3);  // most first, then by name
    CHECK(r.by_owner[0].label == "Anna Mate");
    CHECK(r.by_owner[0].count == 2);
    CHECK(r.by_owner[1].label == "Me");
    CHECK(r.by_owner[1].count == 2);
    CHECK(r.by_owner[2].label == "Zed");
    check_drill_downs(d, r);

    // the state filter does not apply (every state has its bar), the type filter does
    ActivityQuery q = Dash::all();
    q.state = StateFilter::Active;
    q.type_mask = (1u << static_cast<unsigned>(ActivityType::Task)) | (1u << static_cast<unsigned>(ActivityType::Email));
    r = d.build(q);
    CHECK(r.total == 3);
    CHECK(r.by_type.size() == 2);
    CHECK(find(r.by_state, "Completed").count == 1);
    check_drill_downs(d, r);

    // My Activities: only mine
    r = d.build(ActivityQuery{.view = ActivityView::MyActivities});
    CHECK(r.total == 2);
    REQUIRE(r.by_owner.size() == 1);
    CHECK(r.by_owner[0].label == "Me");
    check_drill_downs(d, r);
}

TEST_CASE("report: overdue and due today ignore the due filter, which narrows the charts") {
    Dash d;
    LocalDate today{2026, 11, 18};
    d.add(ActivityType::Task, ActivityState::Open, Due::on_date({2026, 11, 10}));        // overdue
    d.add(ActivityType::PhoneCall, ActivityState::Open, Due::at(kNow - kHour));          // overdue and today
    d.add(ActivityType::Task, ActivityState::Open, Due::at(d.local(today, 18)));         // today, later
    d.add(ActivityType::Task, ActivityState::Completed, Due::on_date({2026, 11, 10}));   // closed: not overdue
    d.add(ActivityType::Task, ActivityState::Completed, Due::on_date(today));            // closed: not counted today
    d.add(ActivityType::Task, ActivityState::Open, Due::on_date({2026, 11, 19}));        // tomorrow
    ActivityReport r = d.build();
    CHECK(r.overdue.count == 2);
    CHECK(r.due_today.count == 2);
    check_drill_downs(d, r);

    ActivityQuery q = Dash::all();
    q.due = DueFilter::Today;
    r = d.build(q);
    CHECK(r.total == 3);  // the three due today, whatever their state
    CHECK(r.overdue.count == 2);
    CHECK(r.due_today.count == 2);
    check_drill_downs(d, r);
}

TEST_CASE("report: due weeks are the user's, across the autumn DST change in Warsaw") {
    Dash d;  // now: Wednesday 2026-11-18; weeks start on Monday
    // The week of Monday 19 October holds the change back to CET (Sunday 25 October, 03:00 -> 02:00):
    // it is 169 hours long, so neither a fixed offset nor 7 * 24 h finds its edges.
    d.add(ActivityType::Task, ActivityState::Open, Due::at(d.local({2026, 10, 19}, 0, 30)));  // 22:30Z on the 18th
    d.add(ActivityType::Task, ActivityState::Open, Due::at(d.local({2026, 10, 25}, 23, 30)));
    d.add(ActivityType::Task, ActivityState::Open, Due::at(d.local({2026, 10, 26}, 0, 30)));  // 23:30Z on the 25th
    d.add(ActivityType::Task, ActivityState::Open, Due::at(d.local({2026, 10, 18}, 23, 30)));  // the week before
    d.add(ActivityType::Task, ActivityState::Open, Due::on_date({2026, 10, 25}));
    d.add(ActivityType::Task, ActivityState::Open, Due::on_date({2026, 12, 13}));  // last day of the last week shown
    d.add(ActivityType::Task, ActivityState::Open, Due::on_date({2026, 12, 14}));  // after it
    d.add(ActivityType::Task, ActivityState::Open, Due::on_date({2026, 9, 21}));   // first day of the first week
    ActivityReport r = d.build();
    REQUIRE(r.by_week.size() == 12);
    CHECK(r.this_week == LocalDate{2026, 11, 16});
    CHECK(r.by_week.front().week == LocalDate{2026, 9, 21});
    CHECK(r.by_week.back().week == LocalDate{2026, 12, 7});
    CHECK(r.by_week.front().label == "2026-09-21");
    CHECK(week(r.by_week, {2026, 10, 12}).count == 1);
    CHECK(week(r.by_week, {2026, 10, 19}).count == 3);
    CHECK(week(r.by_week, {2026, 10, 26}).count == 1);
    CHECK(week(r.by_week, {2026, 12, 7}).count == 1);
    CHECK(week(r.by_week, {2026, 9, 21}).count == 1);
    check_drill_downs(d, r);

    // weeks starting on Sunday: Sunday 25 October starts a week
    r = d.build(Dash::all(), 0);
    CHECK(r.this_week == LocalDate{2026, 11, 15});
    CHECK(week(r.by_week, {2026, 10, 18}).count == 2);  // Sunday 18th 23:30 and Monday 19th 00:30
    CHECK(week(r.by_week, {2026, 10, 25}).count == 3);  // Sunday 25th 23:30, the date, Monday 26th 00:30
    check_drill_downs(d, r);
}

TEST_CASE("report: due weeks across the spring DST change in Warsaw") {
    Dash d;
    d.now = d.local({2026, 4, 8}, 9);  // a Wednesday
    // Sunday 29 March 02:00 -> 03:00 CEST: the week of Monday 23 March is 167 hours long
    d.add(ActivityType::Task, ActivityState::Open, Due::at(d.local({2026, 3, 23}, 0, 30)));  // 23:30Z on the 22nd
    d.add(ActivityType::Task, ActivityState::Open, Due::at(d.local({2026, 3, 29}, 23, 30)));  // 21:30Z
    d.add(ActivityType::Task, ActivityState::Open, Due::at(d.local({2026, 3, 30}, 0, 30)));  // 22:30Z on the 29th
    d.add(ActivityType::Task, ActivityState::Open, Due::at(d.local({2026, 3, 22}, 23, 30)));
    ActivityReport r = d.build();
    CHECK(r.this_week == LocalDate{2026, 4, 6});
    CHECK(week(r.by_week, {2026, 3, 16}).count == 1);
    CHECK(week(r.by_week, {2026, 3, 23}).count == 2);
    CHECK(week(r.by_week, {2026, 3, 30}).count == 1);
    check_drill_downs(d, r);
}

TEST_CASE("report: completion rate per due week leaves out notes and canceled activities") {
    Dash d;
    LocalDate last_week{2026, 11, 10};  // in the week of Monday 9 November
    d.add(ActivityType::Task, ActivityState::Completed, Due::on_date(last_week));
    d.add(ActivityType::PhoneCall, ActivityState::Completed, Due::on_date(last_week));
    d.add(ActivityType::Email, ActivityState::Completed, Due::on_date(last_week));
    d.add(ActivityType::Task, ActivityState::Open, Due::on_date(last_week));
    d.add(ActivityType::Task, ActivityState::Canceled, Due::on_date(last_week));  // not counted
    d.add(ActivityType::Note, ActivityState::Open, Due::none());
    d.add(ActivityType::Appointment, ActivityState::Scheduled, Due::on_date({2026, 11, 17}));  // this week, still open
    d.add(ActivityType::Task, ActivityState::Completed, Due::on_date({2026, 8, 31}));          // the oldest week with a rate
    ActivityReport r = d.build();
    REQUIRE(r.completion.size() == 12);
    CHECK(r.completion.front().week == LocalDate{2026, 8, 31});
    CHECK(r.completion.back().week == LocalDate{2026, 11, 16});
    const ReportBar& w = week(r.completion, {2026, 11, 9});
    CHECK(w.count == 4);
    CHECK(w.completed == 3);
    CHECK(completion_rate(w) == doctest::Approx(0.75));
    CHECK(completion_rate(r.completion.back()) == doctest::Approx(0.0));
    CHECK(r.completion.back().count == 1);
    CHECK(completion_rate(r.completion.front()) == doctest::Approx(1.0));
    CHECK(completion_rate(week(r.completion, {2026, 10, 5})) < 0);  // nothing due: no rate
    CHECK(week(r.by_week, {2026, 11, 9}).count == 5);  // the week chart counts the canceled one too
    check_drill_downs(d, r);
}

TEST_CASE("report: drill-downs reproduce their counts with a text filter and the sorted grid query") {
    Dash d;
    for (int i = 0; i < 40; ++i) {
        ActivityType type = kAllActivityTypes[i % 4];
        ActivityState state = i % 3 == 0 ? ActivityState::Completed : ActivityState::Open;
        if (type == ActivityType::Appointment && state == ActivityState::Open) state = ActivityState::Scheduled;
        std::string owner = i % 2 ? d.mate : i % 5 ? d.me : d.zed;
        d.add(type, state, Due::at(kNow + (i - 25) * 24 * kHour), owner, i % 4 ? "Call Kraków" : "Lunch");
    }
    ActivityQuery q{.view = ActivityView::AllActivities, .text = "krakow"};
    ActivityReport r = d.build(q);
    CHECK(r.total == 30);
    check_drill_downs(d, r);
    for (const ReportBar& b : r.by_owner)
        CHECK(run_activity_query(d.store, b.drill, SortSpec{}, d.ctx()).size() == b.count);
}

TEST_CASE("activity query: drill-down filters default off, compare, and survive the preferences") {
    ActivityQuery q;
    CHECK_FALSE(q.has_drill_down());
    CHECK(q == ActivityQuery{});
    ActivityQuery o = q;
    o.owner_id = "u1";
    CHECK(o.has_drill_down());
    CHECK_FALSE(o == q);
    ActivityQuery s = q;
    s.state_mask = 1u << static_cast<unsigned>(ActivityState::Scheduled);
    CHECK(s.has_drill_down());
    CHECK_FALSE(s == q);
    ActivityQuery w = q;
    w.due_range = {{2026, 11, 16}, 7};
    CHECK(w.has_drill_down());
    CHECK_FALSE(w == q);

    ViewPrefs p;
    p.show_as = ShowAs::Dashboard;
    p.query.owner_id = "u1";
    p.query.state_mask = 0x05;
    p.query.due_range = {{2026, 11, 16}, 7};
    CHECK(decode_view_prefs(encode_view_prefs(p)) == p);
    // preferences without them (an older version) read as no drill-down
    ViewPrefs plain;
    CHECK(encode_view_prefs(plain).find("owner_id") == std::string::npos);
    ViewPrefs old = decode_view_prefs(R"({"version":1,"show_as":1,"query":{"view":2,"state":3}})");
    CHECK_FALSE(old.query.has_drill_down());
    CHECK(old.show_as == ShowAs::Kanban);
    // malformed parts are dropped one by one
    ViewPrefs bad = decode_view_prefs(
        R"({"version":1,"show_as":9,"query":{"owner_id":5,"state_mask":0,"due_from":"2026-02-30","due_days":7}})");
    CHECK(bad.show_as == ShowAs::Grid);
    CHECK_FALSE(bad.query.has_drill_down());
    ViewPrefs huge = decode_view_prefs(R"({"query":{"state_mask":16,"due_from":"2026-11-16","due_days":400}})");
    CHECK_FALSE(huge.query.has_drill_down());
}

TEST_CASE("activity query: an owner id nobody owns anything with matches nothing; ranges are local days") {
    Dash d;
    d.add(ActivityType::Task, ActivityState::Open, Due::at(d.local({2026, 11, 16}, 0, 10)));
    d.add(ActivityType::Task, ActivityState::Open, Due::on_date({2026, 11, 22}));
    d.add(ActivityType::Task, ActivityState::Open, Due::at(d.local({2026, 11, 23}, 0, 0)));
    ActivityQuery q = Dash::all();
    q.owner_id = "nobody";
    CHECK(filter_activities(d.store, q, d.ctx()).empty());
    q.owner_id = d.me;
    CHECK(filter_activities(d.store, q, d.ctx()).size() == 3);
    q.due_range = {{2026, 11, 16}, 7};
    CHECK(filter_activities(d.store, q, d.ctx()).size() == 2);
    q.due_range = {{2026, 11, 23}, 1};
    CHECK(filter_activities(d.store, q, d.ctx()).size() == 1);
}

TEST_CASE("report: the CSV has a BOM, a header, a row per bar and the two counts") {
    Dash d;
    d.add(ActivityType::Task, ActivityState::Open, Due::on_date({2026, 11, 10}));
    d.add(ActivityType::Task, ActivityState::Completed, Due::on_date({2026, 11, 11}), d.mate);
    ActivityReport r = d.build();
    std::string csv = activity_report_csv(r);
    REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(csv.find("\xEF\xBB\xBF" "Chart,Item,Activities,Completed,Completion rate\r\n") == 0);
    CHECK(csv.find("By type,Task,2,,\r\n") != std::string::npos);
    CHECK(csv.find("By status,Completed,1,,\r\n") != std::string::npos);
    CHECK(csv.find("By owner,Anna Mate,1,,\r\n") != std::string::npos);
    CHECK(csv.find("By due week,2026-11-09,2,,\r\n") != std::string::npos);
    CHECK(csv.find("Completion rate,2026-11-09,2,1,50.0%\r\n") != std::string::npos);
    CHECK(csv.find("Completion rate,2026-11-16,0,0,\r\n") != std::string::npos);
    CHECK(csv.find("Overdue,,1,,\r\n") != std::string::npos);
    CHECK(csv.find("Due today,,0,,\r\n") != std::string::npos);
    std::size_t rows = 0;
    for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) ++rows;
    CHECK(rows == 1 + r.by_type.size() + r.by_state.size() + r.by_owner.size() + r.by_week.size() + r.completion.size() + 2);
}
