// Tests for demo_data: the seeded organisation, its accounts and contacts, and ~150 valid
// activities spread around `now` (some overdue, some due today, some done), deterministically.
#include <doctest/doctest.h>

#include "test_time.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "core/activity_query.hpp"
#include "core/demo_data.hpp"
#include "core/record_codec.hpp"
#include "core/store.hpp"

using namespace crm;
using crm::test::at;
using crm::test::warsaw;

namespace {

}  // namespace

TEST_CASE("demo_data: users, teams, accounts and contacts") {
    Store store;
    const TimeZone z = warsaw();
    const UtcMillis now = at("2026-11-23T10:00:00Z");
    DemoSeedReport report = seed_demo_data(store, z, now);

    REQUIRE(report.user_ids.size() >= 3);
    CHECK(store.users().size() == report.user_ids.size());
    for (const auto& id : report.user_ids) {
        const User* u = store.users().find_live(id);
        REQUIRE(u != nullptr);
        CHECK_FALSE(u->name.empty());
        CHECK(looks_like_email_address(u->email));
    }
    REQUIRE(store.teams().size() == 2);
    std::set<std::string> team_names;
    for (const auto& t : store.teams().rows()) {
        team_names.insert(t.name);
        CHECK(t.member_ids.size() >= 2);
        for (const auto& m : t.member_ids) CHECK(store.users().find_live(m) != nullptr);
    }
    CHECK(team_names.size() == 2);
    // the first user is in a team with others, so "My team members' activities" is not empty
    CHECK_FALSE(store.team_mates_of(report.user_ids[0]).empty());

    CHECK(store.accounts().size() >= 5);
    const Account* sports = nullptr;
    for (const auto& a : store.accounts().rows())
        if (a.name == "Imported Sports") sports = &a;
    REQUIRE(sports != nullptr);
    const Contact* chris = nullptr;
    for (const auto& c : store.contacts().rows())
        if (c.full_name == "Chris Preston") chris = &c;
    REQUIRE(chris != nullptr);
    CHECK(chris->parent_account_id == sports->meta.id);
    // every contact's parent, every opportunity's and case's account exists
    for (const auto& c : store.contacts().rows())
        if (!c.parent_account_id.empty()) CHECK(store.accounts().find_live(c.parent_account_id) != nullptr);
    for (const auto& o : store.opportunities().rows()) {
        CHECK(store.accounts().find_live(o.account_id) != nullptr);
        REQUIRE(o.estimated_close.has_value());
        CHECK(*o.estimated_close > z.local_date(now));
    }
    for (const auto& c : store.cases().rows()) CHECK(store.accounts().find_live(c.account_id) != nullptr);
    CHECK(store.opportunities().size() > 0);
    CHECK(store.cases().size() > 0);
    // everything is stamped like any other write
    for (const auto& a : store.accounts().rows()) CHECK(revision_generation(a.meta.rev) == 1);
}

TEST_CASE("demo_data: about 150 valid activities around now") {
    Store store;
    const TimeZone z = warsaw();
    const UtcMillis now = at("2026-11-23T10:00:00Z");
    DemoSeedReport report = seed_demo_data(store, z, now);
    CHECK(report.activities == 150);
    CHECK(store.activities().size() == report.activities);
    CHECK(store.live_activity_count() == report.activities);

    const DueWindow w = make_due_window(z, now);
    int overdue = 0, today = 0, next7 = 0, completed = 0, canceled = 0, team_owned = 0, regarding = 0;
    std::set<ActivityType> types;
    for (const auto& a : store.activities().rows()) {
        CAPTURE(a.subject);
        Status st = validate_activity(a);
        CHECK(st.ok());
        CHECK(looks_like_uuid(a.meta.id));
        CHECK(store.owner_exists(a.owner));
        CHECK(store.regarding_exists(a.regarding));
        CHECK(a.meta.created_at < now);
        CHECK(std::find(report.user_ids.begin(), report.user_ids.end(), a.meta.created_by) != report.user_ids.end());
        types.insert(a.type);
        overdue += is_overdue(a, w);
        today += is_due_today(a, w) && !is_closed(a.state);
        next7 += is_due_in_next_7_days(a, w) && !is_closed(a.state);
        completed += a.state == ActivityState::Completed;
        canceled += a.state == ActivityState::Canceled;
        team_owned += a.owner.kind == OwnerKind::Team;
        regarding += !a.regarding.empty();
        if (a.type == ActivityType::Note) CHECK(a.state == ActivityState::Open);
        if (a.state == ActivityState::Completed) {
            CHECK(a.actual_end.has_value());
            // only past activities are done already
            Due d = effective_due(a);
            if (d.kind == Due::Kind::Date) CHECK(d.date < w.today);
            if (d.kind == Due::Kind::Instant) CHECK(d.instant < w.start_of_today);
        }
        // dues are spread around today, within two weeks either side
        Due d = effective_due(a);
        if (d.kind == Due::Kind::Date) {
            CHECK(d.date >= add_days(w.today, -14));
            CHECK(d.date <= add_days(w.today, 14));
        }
    }
    CHECK(types.size() == 5);
    CHECK(overdue >= 5);
    CHECK(today >= 1);
    CHECK(next7 >= 10);
    CHECK(completed >= 10);
    CHECK(team_owned >= 1);
    CHECK(regarding > 100);
    MESSAGE("overdue " << overdue << ", due today " << today << ", completed " << completed << ", canceled "
                       << canceled);

    // the first user's default view is not empty
    ActivityQuery q;
    QueryContext ctx{report.user_ids[0], &z, now};
    CHECK(run_activity_query(store, q, {}, ctx).size() >= 10);
    q.view = ActivityView::MyTeamMembers;
    CHECK_FALSE(run_activity_query(store, q, {}, ctx).empty());
}

TEST_CASE("demo_data: dates follow now") {
    const TimeZone z = warsaw();
    Store early, late;
    seed_demo_data(early, z, at("2026-11-23T10:00:00Z"));
    seed_demo_data(late, z, at("2027-06-01T10:00:00Z"));
    REQUIRE(early.activities().size() == late.activities().size());
    // the same activity, 190 days later
    for (std::size_t i = 0; i < early.activities().size(); ++i) {
        const Due a = effective_due(early.activities().at(static_cast<std::uint32_t>(i)));
        const Due b = effective_due(late.activities().at(static_cast<std::uint32_t>(i)));
        REQUIRE(a.kind == b.kind);
        if (a.kind == Due::Kind::Date) CHECK(days_from_civil(b.date) - days_from_civil(a.date) == 190);
    }
}

TEST_CASE("demo_data: deterministic for the same seed") {
    const TimeZone z = warsaw();
    const UtcMillis now = at("2026-11-23T10:00:00Z");
    auto encode_all = [](const Store& s) {
        std::vector<std::string> out;
        s.for_each_record([&](RecordHandle h) {
            std::string bytes;
            encode_record(s.record_at(h), bytes);
            out.push_back(std::move(bytes));
        });
        return out;
    };
    Store a, b, c;
    auto ra = seed_demo_data(a, z, now, 7);
    auto rb = seed_demo_data(b, z, now, 7);
    seed_demo_data(c, z, now, 8);
    CHECK(ra.user_ids == rb.user_ids);
    CHECK(ra.activities == rb.activities);
    CHECK(encode_all(a) == encode_all(b));
    // another data seed gives other activities (same store id seed, so compare content)
    REQUIRE(a.activities().size() > 0);
    int differing = 0;
    for (std::uint32_t i = 0; i < std::min(a.activities().size(), c.activities().size()); ++i) {
        const Activity& x = a.activities().at(i);
        const Activity& y = c.activities().at(i);
        if (x.subject != y.subject || !(x.due == y.due) || x.owner != y.owner) ++differing;
    }
    CHECK(differing > 50);
}
