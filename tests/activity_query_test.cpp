// Tests for activity_query: the views, type/state/text filters, the due-date filters computed in
// the user's time zone (including a DST week), and sorting by every column.
// Expected results are written out by hand, not derived from the code under test.
#include <doctest/doctest.h>

#include "test_time.hpp"

#include <map>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "core/activity_query.hpp"
#include "core/civil_time.hpp"
#include "core/store.hpp"

using namespace crm;
using crm::test::at;

namespace {

TimeZone zone(const char* name, const char* tz) {
    auto z = TimeZone::from_posix(name, tz);
    REQUIRE(z.has_value());
    return *z;
}
TimeZone warsaw() { return zone("Europe/Warsaw", "CET-1CEST,M3.5.0,M10.5.0/3"); }
TimeZone taipei() { return zone("Asia/Taipei", "CST-8"); }
TimeZone los_angeles() { return zone("America/Los_Angeles", "PST8PDT,M3.2.0,M11.1.0"); }
TimeZone auckland() { return zone("Pacific/Auckland", "NZST-12NZDT,M9.5.0,M4.1.0/3"); }

constexpr UtcMillis kHour = 3'600'000;

Activity open_task(Due due) {
    Activity a;
    a.type = ActivityType::Task;
    a.subject = "Task";
    a.owner = {OwnerKind::User, "u"};
    a.due = due;
    return a;
}

std::vector<std::string> subjects(const Store& store, const std::vector<std::uint32_t>& rows) {
    std::vector<std::string> out;
    for (auto i : rows) out.push_back(store.activities().at(i).subject);
    return out;
}

// A small organisation: me and a mate in "North", me and mate2 in "East", a stranger in "South".
struct Org {
    Store store{7};
    Actor setup{"", at("2026-11-01T08:00:00Z")};
    std::string me, mate, mate2, stranger, north, east, south;
    Org() {
        me = store.create_user("Me", "", setup).value;
        mate = store.create_user("Mate", "", setup).value;
        mate2 = store.create_user("Mate Two", "", setup).value;
        stranger = store.create_user("Stranger", "", setup).value;
        north = store.create_team("North", setup).value;
        east = store.create_team("East", setup).value;
        south = store.create_team("South", setup).value;
        REQUIRE(store.set_team_member(north, me, true, setup).ok());
        REQUIRE(store.set_team_member(north, mate, true, setup).ok());
        REQUIRE(store.set_team_member(east, me, true, setup).ok());
        REQUIRE(store.set_team_member(east, mate2, true, setup).ok());
        REQUIRE(store.set_team_member(south, stranger, true, setup).ok());
    }
    std::string add(Activity a, const std::string& actor = {}) {
        if (a.type == ActivityType::Appointment && !a.scheduled_start) {
            a.scheduled_start = at("2026-11-20T10:00:00Z");
            a.scheduled_end = at("2026-11-20T11:00:00Z");
        }
        auto r = store.create_activity(std::move(a), {actor.empty() ? me : actor, setup.now});
        REQUIRE(r.ok());
        return r.value;
    }
    std::string add(ActivityType type, std::string subject, OwnerRef owner) {
        Activity a;
        a.type = type;
        a.subject = std::move(subject);
        a.owner = std::move(owner);
        return add(std::move(a));
    }
    OwnerRef user(const std::string& id) const { return {OwnerKind::User, id}; }
    OwnerRef team(const std::string& id) const { return {OwnerKind::Team, id}; }
    std::vector<std::string> run(ActivityQuery q, const TimeZone& z, UtcMillis now, SortSpec s = {SortColumn::Subject}) {
        QueryContext ctx{me, &z, now};
        return subjects(store, run_activity_query(store, q, s, ctx));
    }
};

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("activity_query: views") {
    Org o;
    o.add(ActivityType::Task, "a mine", o.user(o.me));
    o.add(ActivityType::Task, "b mate", o.user(o.mate));
    o.add(ActivityType::Task, "c mate2", o.user(o.mate2));
    o.add(ActivityType::Task, "d stranger", o.user(o.stranger));
    o.add(ActivityType::Task, "e north team", o.team(o.north));
    o.add(ActivityType::Task, "f east team", o.team(o.east));
    o.add(ActivityType::Task, "g south team", o.team(o.south));
    auto gone = o.add(ActivityType::Task, "h deleted mate", o.user(o.mate));
    std::vector<std::string> ids{gone};
    REQUIRE(o.store.delete_activities(ids, {o.me, o.setup.now}).ok());
    const TimeZone z = warsaw();
    const UtcMillis now = at("2026-11-23T12:00:00Z");

    ActivityQuery q;
    q.view = ActivityView::MyActivities;
    CHECK(o.run(q, z, now) == Names{"a mine"});
    q.view = ActivityView::MyTeamMembers;
    CHECK(o.run(q, z, now) == Names{"b mate", "c mate2", "e north team", "f east team"});
    q.view = ActivityView::AllActivities;
    CHECK(o.run(q, z, now) ==
          Names{"a mine", "b mate", "c mate2", "d stranger", "e north team", "f east team", "g south team"});

    // the same views seen by the stranger
    QueryContext ctx{o.stranger, &z, now};
    q.view = ActivityView::MyActivities;
    CHECK(subjects(o.store, run_activity_query(o.store, q, {SortColumn::Subject}, ctx)) == Names{"d stranger"});
    q.view = ActivityView::MyTeamMembers;
    CHECK(subjects(o.store, run_activity_query(o.store, q, {SortColumn::Subject}, ctx)) == Names{"g south team"});
}

TEST_CASE("activity_query: type mask") {
    Org o;
    o.add(ActivityType::Email, "email", o.user(o.me));
    o.add(ActivityType::PhoneCall, "phone", o.user(o.me));
    o.add(ActivityType::Task, "task", o.user(o.me));
    o.add(ActivityType::Appointment, "appointment", o.user(o.me));
    o.add(ActivityType::Note, "note", o.user(o.me));
    const TimeZone z = warsaw();
    const UtcMillis now = at("2026-11-23T12:00:00Z");
    ActivityQuery q;
    CHECK(o.run(q, z, now).size() == 5);
    q.type_mask = (1u << static_cast<unsigned>(ActivityType::Task)) | (1u << static_cast<unsigned>(ActivityType::Note));
    CHECK(o.run(q, z, now) == Names{"note", "task"});
    q.type_mask = 1u << static_cast<unsigned>(ActivityType::Email);
    CHECK(o.run(q, z, now) == Names{"email"});
    q.type_mask = 1u << static_cast<unsigned>(ActivityType::Appointment);
    CHECK(o.run(q, z, now) == Names{"appointment"});
    q.type_mask = 0;
    CHECK(o.run(q, z, now).empty());
}

TEST_CASE("activity_query: state filters") {
    Org o;
    Activity a;
    a.type = ActivityType::Task;
    a.subject = "open task";
    o.add(a);
    a.subject = "completed task";
    a.state = ActivityState::Completed;
    a.reason = StatusReason::Completed;
    o.add(a);
    a.subject = "canceled call";
    a.type = ActivityType::PhoneCall;
    a.state = ActivityState::Canceled;
    a.reason = StatusReason::Canceled;
    o.add(a);
    Activity ap;
    ap.type = ActivityType::Appointment;
    ap.subject = "scheduled appointment";
    ap.state = ActivityState::Scheduled;
    ap.reason = StatusReason::Busy;
    o.add(ap);
    const TimeZone z = warsaw();
    const UtcMillis now = at("2026-11-23T12:00:00Z");
    ActivityQuery q;
    q.state = StateFilter::Active;
    CHECK(o.run(q, z, now) == Names{"open task", "scheduled appointment"});
    q.state = StateFilter::Completed;
    CHECK(o.run(q, z, now) == Names{"completed task"});
    q.state = StateFilter::Canceled;
    CHECK(o.run(q, z, now) == Names{"canceled call"});
    q.state = StateFilter::Any;
    CHECK(o.run(q, z, now) == Names{"canceled call", "completed task", "open task", "scheduled appointment"});
}

TEST_CASE("activity_query: text filter on subject and regarding name, case-insensitive") {
    Org o;
    Account acc;
    acc.name = "Imported Sports";
    auto acc_id = o.store.create_record(acc, o.setup).value;
    Contact c;
    c.full_name = "Chris Preston";
    c.parent_account_id = acc_id;
    auto contact_id = o.store.create_record(c, o.setup).value;

    Activity a;
    a.type = ActivityType::Task;
    a.subject = "Quarterly Business Review";
    o.add(a);
    a.subject = "Call back";
    a.regarding = {RegardingKind::Account, acc_id};
    o.add(a);
    a.subject = "Send quote";
    a.regarding = {RegardingKind::Contact, contact_id};
    o.add(a);
    const TimeZone z = warsaw();
    const UtcMillis now = at("2026-11-23T12:00:00Z");
    ActivityQuery q;
    q.text = "BUSINESS";
    CHECK(o.run(q, z, now) == Names{"Quarterly Business Review"});
    q.text = "imported";
    CHECK(o.run(q, z, now) == Names{"Call back"});
    q.text = "SpOrTs";
    CHECK(o.run(q, z, now) == Names{"Call back"});
    q.text = "preston";
    CHECK(o.run(q, z, now) == Names{"Send quote"});
    q.text = "e";  // in every subject
    CHECK(o.run(q, z, now).size() == 3);
    q.text = "back imported";  // not a substring of either field
    CHECK(o.run(q, z, now).empty());
    q.text = "zzz";
    CHECK(o.run(q, z, now).empty());
    q.text = "";
    CHECK(o.run(q, z, now).size() == 3);
}

TEST_CASE("activity_query: date-only due at 23:30Z on 2026-11-23 in four zones") {
    const UtcMillis now = at("2026-11-23T23:30:00Z");
    const Activity a = open_task(Due::on_date({2026, 11, 24}));
    for (const TimeZone& z : {warsaw(), taipei(), auckland()}) {
        CAPTURE(z.name());
        DueWindow w = make_due_window(z, now);
        CHECK(format_iso_date(w.today) == "2026-11-24");
        CHECK(is_due_today(a, w));
        CHECK_FALSE(is_overdue(a, w));
        CHECK(is_due_in_next_7_days(a, w));
        CHECK(due_tone(a, w) == DueTone::Today);
    }
    DueWindow la = make_due_window(los_angeles(), now);
    CHECK(format_iso_date(la.today) == "2026-11-23");
    CHECK_FALSE(is_due_today(a, la));  // tomorrow in Los Angeles
    CHECK(is_due_in_next_7_days(a, la));
    CHECK_FALSE(is_overdue(a, la));
    CHECK(due_tone(a, la) == DueTone::Normal);

    // through the query as well
    Org o;
    Activity t = open_task(Due::on_date({2026, 11, 24}));
    t.owner = o.user(o.me);
    t.subject = "due 24th";
    o.add(t);
    ActivityQuery q;
    q.due = DueFilter::Today;
    CHECK(o.run(q, warsaw(), now) == Names{"due 24th"});
    CHECK(o.run(q, taipei(), now) == Names{"due 24th"});
    CHECK(o.run(q, los_angeles(), now).empty());
    q.due = DueFilter::Next7Days;
    CHECK(o.run(q, los_angeles(), now) == Names{"due 24th"});
    q.due = DueFilter::Overdue;
    CHECK(o.run(q, los_angeles(), now).empty());
    CHECK(o.run(q, auckland(), now).empty());
}

TEST_CASE("activity_query: instant dues are overdue everywhere but 'today' depends on the zone") {
    const UtcMillis now = at("2026-11-23T23:30:00Z");
    // 22:30Z: 14:30 in LA and 23:30 in Warsaw on the 23rd; 06:30 in Taipei and 11:30 (NZDT) in
    // Auckland on the 24th, where it is already the 24th too.
    const Activity hour_ago = open_task(Due::at(at("2026-11-23T22:30:00Z")));
    struct ZoneCase { TimeZone z; bool today; };
    for (const ZoneCase& c : {ZoneCase{los_angeles(), true}, ZoneCase{warsaw(), false}, ZoneCase{taipei(), true}, ZoneCase{auckland(), true}}) {
        CAPTURE(c.z.name());
        DueWindow w = make_due_window(c.z, now);
        CHECK(is_overdue(hour_ago, w));
        CHECK(is_due_today(hour_ago, w) == c.today);
        CHECK(due_tone(hour_ago, w) == DueTone::Overdue);
    }
    // 10:30Z: 02:30 on the 23rd in LA (today), 23:30 on the 23rd in Auckland (yesterday there).
    const Activity morning = open_task(Due::at(at("2026-11-23T10:30:00Z")));
    for (const ZoneCase& c : {ZoneCase{los_angeles(), true}, ZoneCase{warsaw(), false}, ZoneCase{taipei(), false}, ZoneCase{auckland(), false}}) {
        CAPTURE(c.z.name());
        DueWindow w = make_due_window(c.z, now);
        CHECK(is_overdue(morning, w));
        CHECK(is_due_today(morning, w) == c.today);
        CHECK(is_due_in_next_7_days(morning, w) == c.today);  // the past is not "next 7 days"
    }
    // a due instant one minute from now is not overdue
    const Activity soon = open_task(Due::at(now + 60'000));
    for (const TimeZone& z : {warsaw(), taipei(), los_angeles(), auckland()}) {
        CAPTURE(z.name());
        CHECK_FALSE(is_overdue(soon, make_due_window(z, now)));
        CHECK(is_due_today(soon, make_due_window(z, now)));
    }
    CHECK(is_overdue(open_task(Due::at(now - 1)), make_due_window(warsaw(), now)));
    CHECK_FALSE(is_overdue(open_task(Due::at(now)), make_due_window(warsaw(), now)));
}

TEST_CASE("activity_query: overdue needs an open activity that is not a note") {
    const TimeZone z = warsaw();
    const DueWindow w = make_due_window(z, at("2026-11-23T12:00:00Z"));
    Activity t = open_task(Due::on_date({2026, 11, 22}));
    CHECK(is_overdue(t, w));
    CHECK(due_tone(t, w) == DueTone::Overdue);
    CHECK_FALSE(is_overdue(open_task(Due::on_date({2026, 11, 23})), w));  // due today is not overdue
    CHECK_FALSE(is_overdue(open_task(Due::none()), w));

    Activity done = t;
    done.state = ActivityState::Completed;
    done.reason = StatusReason::Completed;
    CHECK_FALSE(is_overdue(done, w));
    CHECK(due_tone(done, w) == DueTone::Normal);
    Activity canceled = t;
    canceled.state = ActivityState::Canceled;
    canceled.reason = StatusReason::Canceled;
    CHECK_FALSE(is_overdue(canceled, w));

    Activity note = t;
    note.type = ActivityType::Note;
    note.reason = StatusReason::NoteActive;
    CHECK_FALSE(is_overdue(note, w));
    note.due = Due::at(at("2020-01-01T00:00:00Z"));
    CHECK_FALSE(is_overdue(note, w));

    // a scheduled appointment whose start has passed is overdue; the start counts as its due
    Activity ap;
    ap.type = ActivityType::Appointment;
    ap.state = ActivityState::Scheduled;
    ap.reason = StatusReason::Busy;
    ap.scheduled_start = at("2026-11-23T08:00:00Z");
    ap.scheduled_end = at("2026-11-23T09:00:00Z");
    CHECK(is_overdue(ap, w));
    CHECK(is_due_today(ap, w));
    ap.scheduled_start = at("2026-11-23T13:00:00Z");
    ap.scheduled_end = at("2026-11-23T14:00:00Z");
    CHECK_FALSE(is_overdue(ap, w));
    CHECK(due_tone(ap, w) == DueTone::Today);
    // completed today: due today but not highlighted
    Activity done_today = open_task(Due::on_date({2026, 11, 23}));
    done_today.state = ActivityState::Completed;
    done_today.reason = StatusReason::Completed;
    CHECK(is_due_today(done_today, w));
    CHECK(due_tone(done_today, w) == DueTone::Normal);

    // and through the query
    Org o;
    Activity open_t = open_task(Due::on_date({2026, 11, 22}));
    open_t.owner = o.user(o.me);
    open_t.subject = "open yesterday";
    o.add(open_t);
    Activity closed_t = open_t;
    closed_t.subject = "completed yesterday";
    closed_t.state = ActivityState::Completed;
    closed_t.reason = StatusReason::Completed;
    o.add(closed_t);
    Activity n;
    n.type = ActivityType::Note;
    n.subject = "note yesterday";
    n.owner = o.user(o.me);
    n.due = Due::on_date({2026, 11, 22});
    o.add(n);
    ActivityQuery q;
    q.state = StateFilter::Any;
    q.due = DueFilter::Overdue;
    CHECK(o.run(q, z, at("2026-11-23T12:00:00Z")) == Names{"open yesterday"});
}

TEST_CASE("activity_query: next 7 days is today and the 7 days after") {
    const TimeZone z = warsaw();
    const DueWindow w = make_due_window(z, at("2026-11-23T12:00:00Z"));
    CHECK(w.start_of_today == at("2026-11-22T23:00:00Z"));
    CHECK(w.start_of_tomorrow == at("2026-11-23T23:00:00Z"));
    CHECK(w.end_of_next_7_days == at("2026-11-30T23:00:00Z"));
    CHECK(is_due_in_next_7_days(open_task(Due::on_date({2026, 11, 23})), w));
    CHECK(is_due_in_next_7_days(open_task(Due::on_date({2026, 11, 30})), w));  // today + 7
    CHECK_FALSE(is_due_in_next_7_days(open_task(Due::on_date({2026, 12, 1})), w));  // today + 8
    CHECK_FALSE(is_due_in_next_7_days(open_task(Due::on_date({2026, 11, 22})), w));
    CHECK(is_due_in_next_7_days(open_task(Due::at(at("2026-11-30T22:59:59.999Z"))), w));
    CHECK_FALSE(is_due_in_next_7_days(open_task(Due::at(at("2026-11-30T23:00:00Z"))), w));
    CHECK(is_due_in_next_7_days(open_task(Due::at(at("2026-11-22T23:00:00Z"))), w));
    CHECK_FALSE(is_due_in_next_7_days(open_task(Due::at(at("2026-11-22T22:59:59.999Z"))), w));
    CHECK_FALSE(is_due_in_next_7_days(open_task(Due::none()), w));
    // the same boundaries for "today"
    CHECK(is_due_today(open_task(Due::at(at("2026-11-23T22:59:59.999Z"))), w));
    CHECK_FALSE(is_due_today(open_task(Due::at(at("2026-11-23T23:00:00Z"))), w));
    CHECK_FALSE(is_due_today(open_task(Due::on_date({2026, 11, 24})), w));
}

TEST_CASE("activity_query: the DST week in Warsaw") {
    const TimeZone z = warsaw();
    // Summer time starts on Sunday 2026-03-29 at 01:00Z: that day has 23 hours.
    for (int d = 22; d <= 31; ++d) {
        LocalDate day{2026, 3, d};
        CAPTURE(format_iso_date(day));
        UtcMillis len = z.start_of_day(add_days(day, 1)) - z.start_of_day(day);
        CHECK(len == (d == 29 ? 23 : 24) * kHour);
    }
    const DueWindow w = make_due_window(z, at("2026-03-29T10:00:00Z"));
    CHECK(format_iso_date(w.today) == "2026-03-29");
    CHECK(w.start_of_today == at("2026-03-28T23:00:00Z"));
    CHECK(w.start_of_tomorrow == at("2026-03-29T22:00:00Z"));
    CHECK(w.start_of_tomorrow - w.start_of_today == 23 * kHour);
    CHECK(w.end_of_next_7_days == at("2026-04-05T22:00:00Z"));
    // 23:59 CEST on the 29th is today; 00:30 CEST on the 30th (22:30Z, still "the 29th + 24h" from
    // midnight) is not.
    CHECK(is_due_today(open_task(Due::at(at("2026-03-29T21:59:00Z"))), w));
    CHECK_FALSE(is_due_today(open_task(Due::at(at("2026-03-29T22:30:00Z"))), w));
    CHECK(is_due_in_next_7_days(open_task(Due::at(at("2026-03-29T22:30:00Z"))), w));
    CHECK(is_due_in_next_7_days(open_task(Due::at(at("2026-04-05T21:59:00Z"))), w));
    CHECK_FALSE(is_due_in_next_7_days(open_task(Due::at(at("2026-04-05T22:30:00Z"))), w));

    // the day before the change: the 7-day window spans it and is one hour short of 8 days
    const DueWindow before = make_due_window(z, at("2026-03-28T22:30:00Z"));  // 23:30 CET on the 28th
    CHECK(format_iso_date(before.today) == "2026-03-28");
    CHECK(before.end_of_next_7_days - before.start_of_today == 8 * 24 * kHour - kHour);
    CHECK(is_due_today(open_task(Due::at(at("2026-03-28T22:59:00Z"))), before));
    CHECK_FALSE(is_due_today(open_task(Due::at(at("2026-03-28T23:00:00Z"))), before));
    CHECK(is_overdue(open_task(Due::at(at("2026-03-28T22:00:00Z"))), before));
}

namespace {

// Four activities that differ in every sortable column (see the table in each CHECK).
//      type        subject   regarding       owner       prio    state      reason       due                 created by / on  modified on
//  A   Task        delta     Zeta Corp       Dave        High    Open       In Progress  date 2026-11-24     Bob   +3         +10
//  B   Email       Alpha     -               Carol       Low     Completed  Sent         -                   Dave  +1         +1
//  C   PhoneCall   charlie   Adam Smith      Blue team   Normal  Canceled   Canceled     23:30Z 2026-11-23   anna  +4         +4
//  D   Appointment bravo     Mid deal        anna        Normal  Scheduled  Busy         start 12:00Z 11-23  Carol +2         +2
struct SortFixture {
    Store store{11};
    Actor setup{"", at("2026-11-01T00:00:00Z")};
    UtcMillis t0 = at("2026-11-10T00:00:00Z");
    std::string anna, bob, carol, dave, blue;
    std::map<std::uint32_t, char> letter;

    SortFixture() {
        anna = store.create_user("anna", "", setup).value;
        bob = store.create_user("Bob", "", setup).value;
        carol = store.create_user("Carol", "", setup).value;
        dave = store.create_user("Dave", "", setup).value;
        blue = store.create_team("Blue team", setup).value;
        Account zeta;
        zeta.name = "Zeta Corp";
        auto zeta_id = store.create_record(zeta, setup).value;
        Contact adam;
        adam.full_name = "Adam Smith";
        auto adam_id = store.create_record(adam, setup).value;
        Opportunity mid;
        mid.name = "Mid deal";
        auto mid_id = store.create_record(mid, setup).value;

        Activity a;
        a.type = ActivityType::Task;
        a.subject = "delta";
        a.regarding = {RegardingKind::Account, zeta_id};
        a.owner = {OwnerKind::User, dave};
        a.priority = Priority::High;
        a.reason = StatusReason::InProgress;
        a.due = Due::on_date({2026, 11, 24});
        auto a_id = make(a, bob, 3, 'A');

        Activity b;
        b.type = ActivityType::Email;
        b.subject = "Alpha";
        b.owner = {OwnerKind::User, carol};
        b.priority = Priority::Low;
        b.state = ActivityState::Completed;
        b.reason = StatusReason::Sent;
        make(b, dave, 1, 'B');

        Activity c;
        c.type = ActivityType::PhoneCall;
        c.subject = "charlie";
        c.regarding = {RegardingKind::Contact, adam_id};
        c.owner = {OwnerKind::Team, blue};
        c.priority = Priority::Normal;
        c.state = ActivityState::Canceled;
        c.reason = StatusReason::Canceled;
        c.due = Due::at(at("2026-11-23T23:30:00Z"));
        make(c, anna, 4, 'C');

        Activity d;
        d.type = ActivityType::Appointment;
        d.subject = "bravo";
        d.regarding = {RegardingKind::Opportunity, mid_id};
        d.owner = {OwnerKind::User, anna};
        d.priority = Priority::Normal;
        d.state = ActivityState::Scheduled;
        d.reason = StatusReason::Busy;
        d.scheduled_start = at("2026-11-23T12:00:00Z");
        d.scheduled_end = at("2026-11-23T13:00:00Z");
        make(d, carol, 2, 'D');

        Activity edited = *store.activities().find(a_id);
        edited.description = "touched later";
        REQUIRE(store.update_activity(edited, {bob, t0 + 10}).ok());
    }
    std::string make(Activity a, const std::string& by, int at_offset, char l) {
        auto r = store.create_activity(std::move(a), {by, t0 + at_offset});
        REQUIRE(r.ok());
        letter[*store.activities().index_of(r.value)] = l;
        return r.value;
    }
    std::string order(SortColumn col, bool desc, bool blanks_last = true, const TimeZone* z = nullptr) {
        ActivityQuery q;
        q.view = ActivityView::AllActivities;
        q.state = StateFilter::Any;
        TimeZone wz = warsaw();
        QueryContext ctx{anna, z ? z : &wz, at("2026-11-23T12:00:00Z")};
        std::string out;
        for (auto i : run_activity_query(store, q, {col, desc, blanks_last}, ctx)) out += letter.at(i);
        return out;
    }
};

}  // namespace

TEST_CASE("activity_query: sorting by every column, ascending and descending") {
    SortFixture f;
    struct Expect { SortColumn col; const char* asc; const char* desc; };
    const Expect cases[] = {
        {SortColumn::Type, "BCAD", "DACB"},
        {SortColumn::Subject, "BDCA", "ACDB"},
        {SortColumn::Regarding, "CDAB", "ADCB"},
        {SortColumn::Owner, "DCBA", "ABCD"},
        {SortColumn::Priority, "BCDA", "ACDB"},  // C and D tie: stable in both directions
        {SortColumn::State, "ABCD", "DCBA"},
        {SortColumn::Reason, "DCAB", "BACD"},
        {SortColumn::Due, "DACB", "CADB"},
        {SortColumn::CreatedBy, "CADB", "BDAC"},
        {SortColumn::CreatedOn, "BDAC", "CADB"},
        {SortColumn::ModifiedOn, "BDCA", "ACDB"},
    };
    CHECK(std::size(cases) == static_cast<std::size_t>(kSortColumnCount));
    for (const auto& e : cases) {
        CAPTURE(static_cast<int>(e.col));
        CHECK(f.order(e.col, false) == e.asc);
        CHECK(f.order(e.col, true) == e.desc);
    }
}

TEST_CASE("activity_query: blanks first and blanks last") {
    SortFixture f;
    CHECK(f.order(SortColumn::Regarding, false, true) == "CDAB");
    CHECK(f.order(SortColumn::Regarding, false, false) == "BCDA");
    CHECK(f.order(SortColumn::Regarding, true, true) == "ADCB");
    CHECK(f.order(SortColumn::Regarding, true, false) == "BADC");
    CHECK(f.order(SortColumn::Due, false, false) == "BDAC");
    CHECK(f.order(SortColumn::Due, true, false) == "BCAD");
}

TEST_CASE("activity_query: due sort mixes dates and instants in the user's zone") {
    SortFixture f;
    // A is due on the 24th: Warsaw midnight is 23:00Z on the 23rd, before C (23:30Z);
    // Los Angeles midnight is 08:00Z on the 24th, after C.
    const TimeZone w = warsaw();
    const TimeZone la = los_angeles();
    CHECK(f.order(SortColumn::Due, false, true, &w) == "DACB");
    CHECK(f.order(SortColumn::Due, false, true, &la) == "DCAB");
    CHECK(f.order(SortColumn::Due, true, true, &la) == "ACDB");
}

TEST_CASE("activity_query: sorting is stable for equal keys") {
    Org o;
    const char* names[] = {"e", "b", "d", "a", "c"};
    for (const char* n : names) {
        Activity a = open_task(Due::on_date({2026, 11, 24}));
        a.subject = n;
        a.owner = o.user(o.me);
        o.add(a);
    }
    const TimeZone z = warsaw();
    const UtcMillis now = at("2026-11-23T12:00:00Z");
    const Names insertion{"e", "b", "d", "a", "c"};
    for (auto col : {SortColumn::Priority, SortColumn::Due, SortColumn::Type, SortColumn::Owner, SortColumn::Reason}) {
        CAPTURE(static_cast<int>(col));
        CHECK(o.run({}, z, now, {col, false, true}) == insertion);
        CHECK(o.run({}, z, now, {col, true, true}) == insertion);
        CHECK(o.run({}, z, now, {col, false, false}) == insertion);
    }
    CHECK(o.run({}, z, now, {SortColumn::Subject, false}) == Names{"a", "b", "c", "d", "e"});
    CHECK(o.run({}, z, now, {SortColumn::Subject, true}) == Names{"e", "d", "c", "b", "a"});
}
