// Tests for Store: commands validate first and change nothing when they refuse, stamp who/when,
// bump revisions and version(), and queue each changed record once for persistence.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "core/ids.hpp"
#include "core/record_rules.hpp"
#include "core/store.hpp"

using namespace crm;

namespace {

constexpr UtcMillis kT0 = 1'795'000'000'000;  // 2026-11-18T11:06:40Z

struct Fixture {
    Store store{42};
    Actor setup{"", kT0};
    std::string anna, bob, carol, dave;
    std::string north, south;
    std::string account;

    Fixture() {
        anna = store.create_user("Anna Kowalska", "anna@example.com", setup).value;
        bob = store.create_user("Bob Smith", "bob@example.com", setup).value;
        carol = store.create_user("Carol Jones", "", setup).value;
        dave = store.create_user("Dave Lee", "dave@example.com", setup).value;
        north = store.create_team("North", setup).value;
        south = store.create_team("South", setup).value;
        REQUIRE(store.set_team_member(north, anna, true, setup).ok());
        REQUIRE(store.set_team_member(north, bob, true, setup).ok());
        REQUIRE(store.set_team_member(south, anna, true, setup).ok());
        REQUIRE(store.set_team_member(south, carol, true, setup).ok());
        Account a;
        a.name = "Imported Sports";
        a.owner = {OwnerKind::User, anna};
        account = store.create_record(a, setup).value;
        REQUIRE(!anna.empty());
        REQUIRE(!account.empty());
        store.take_pending_changes();
    }

    Actor as(const std::string& user, UtcMillis now) const { return {user, now}; }

    std::string make(ActivityType type, std::string subject, const Actor& actor) {
        Activity a;
        a.type = type;
        a.subject = std::move(subject);
        if (type == ActivityType::Appointment) {
            a.scheduled_start = actor.now + 3'600'000;
            a.scheduled_end = actor.now + 7'200'000;
        }
        auto r = store.create_activity(a, actor);
        REQUIRE_MESSAGE(r.ok(), subject);
        return r.value;
    }
    const Activity& get(const std::string& id) const {
        const Activity* a = store.activities().find(id);
        REQUIRE(a != nullptr);
        return *a;
    }
};

}  // namespace

TEST_CASE("store: create_activity stamps id, creator, modifier and revision") {
    Fixture f;
    const auto v0 = f.store.version();
    Activity draft;
    draft.type = ActivityType::Task;
    draft.subject = "Send revised quote";
    draft.meta.id = "caller-chosen-id";  // ignored
    draft.meta.rev = "7-abc";            // ignored
    draft.meta.created_by = "someone";   // ignored
    auto r = f.store.create_activity(draft, f.as(f.anna, kT0 + 1000));
    REQUIRE(r.ok());
    CHECK(looks_like_uuid(r.value));
    CHECK(r.value != "caller-chosen-id");
    CHECK(f.store.activities().find("caller-chosen-id") == nullptr);
    const Activity& a = f.get(r.value);
    CHECK(a.meta.id == r.value);
    CHECK(a.meta.created_by == f.anna);
    CHECK(a.meta.created_at == kT0 + 1000);
    CHECK(a.meta.modified_by == f.anna);
    CHECK(a.meta.modified_at == kT0 + 1000);
    CHECK(a.meta.rev.rfind("1-", 0) == 0);
    CHECK(revision_generation(a.meta.rev) == 1);
    CHECK_FALSE(a.meta.deleted);
    // owner defaults to the actor, state/reason to the type's initial ones
    CHECK(a.owner == OwnerRef{OwnerKind::User, f.anna});
    CHECK(a.state == ActivityState::Open);
    CHECK(a.reason == StatusReason::NotStarted);
    CHECK(f.store.version() == v0 + 1);
    // ids are unique
    auto second = f.make(ActivityType::Task, "Another", f.as(f.anna, kT0 + 2000));
    CHECK(second != r.value);
    CHECK(f.store.live_activity_count() == 2);
}

TEST_CASE("store: create_activity refuses an invalid draft and changes nothing") {
    Fixture f;
    const auto v0 = f.store.version();
    Activity draft;
    draft.type = ActivityType::Task;
    draft.subject = "   ";
    auto r = f.store.create_activity(draft, f.as(f.anna, kT0));
    CHECK_FALSE(r.ok());
    CHECK(r.status.error_for("subject") != nullptr);
    CHECK(r.value.empty());
    CHECK(f.store.version() == v0);
    CHECK(f.store.activities().size() == 0);
    CHECK_FALSE(f.store.has_pending_changes());

    draft.subject = "Owner does not exist";
    draft.owner = {OwnerKind::User, "no-such-user"};
    r = f.store.create_activity(draft, f.as(f.anna, kT0));
    CHECK(r.status.error_for("owner") != nullptr);
    CHECK(f.store.activities().size() == 0);
}

TEST_CASE("store: a draft may start completed (logging a call after the fact)") {
    Fixture f;
    Activity draft;
    draft.type = ActivityType::PhoneCall;
    draft.subject = "Call logged afterwards";
    draft.state = ActivityState::Completed;
    draft.reason = StatusReason::Received;
    auto r = f.store.create_activity(draft, f.as(f.bob, kT0 + 5));
    REQUIRE(r.ok());
    const Activity& a = f.get(r.value);
    CHECK(a.state == ActivityState::Completed);
    CHECK(a.reason == StatusReason::Received);
    REQUIRE(a.actual_end.has_value());
    CHECK(*a.actual_end == kT0 + 5);
    // a task cannot start in the scheduled state: it falls back to open with a valid reason
    draft.type = ActivityType::Task;
    draft.state = ActivityState::Scheduled;
    draft.reason = StatusReason::Busy;
    r = f.store.create_activity(draft, f.as(f.bob, kT0 + 6));
    REQUIRE(r.ok());
    CHECK(f.get(r.value).state == ActivityState::Open);
    CHECK(f.get(r.value).reason == StatusReason::NotStarted);
}

TEST_CASE("store: update bumps the revision and keeps the creation stamps") {
    Fixture f;
    auto id = f.make(ActivityType::Task, "Draft contract", f.as(f.anna, kT0 + 10));
    const std::string rev1 = f.get(id).meta.rev;
    const auto v0 = f.store.version();
    Activity edited = f.get(id);
    edited.subject = "Prepare contract draft";
    edited.meta.created_by = f.bob;  // attempt to rewrite history: ignored
    edited.meta.created_at = 1;
    Status st = f.store.update_activity(edited, f.as(f.bob, kT0 + 500));
    REQUIRE(st.ok());
    const Activity& a = f.get(id);
    CHECK(a.subject == "Prepare contract draft");
    CHECK(a.meta.rev.rfind("2-", 0) == 0);
    CHECK(revision_generation(a.meta.rev) == 2);
    CHECK(a.meta.rev != rev1);
    CHECK(a.meta.created_by == f.anna);
    CHECK(a.meta.created_at == kT0 + 10);
    CHECK(a.meta.modified_by == f.bob);
    CHECK(a.meta.modified_at == kT0 + 500);
    CHECK(f.store.version() == v0 + 1);
}

TEST_CASE("store: update with a stale revision is refused and nothing changes") {
    Fixture f;
    auto id = f.make(ActivityType::Task, "Original", f.as(f.anna, kT0));
    Activity copy_a = f.get(id);  // two editors open the same record
    Activity copy_b = f.get(id);
    copy_a.subject = "Edited by A";
    REQUIRE(f.store.update_activity(copy_a, f.as(f.anna, kT0 + 1)).ok());
    const Activity after_a = f.get(id);
    const auto v = f.store.version();
    f.store.take_pending_changes();

    copy_b.subject = "Edited by B";
    Status st = f.store.update_activity(copy_b, f.as(f.bob, kT0 + 2));
    REQUIRE_FALSE(st.ok());
    CHECK(st.errors[0].message.find("changed elsewhere") != std::string::npos);
    CHECK(f.store.version() == v);
    CHECK_FALSE(f.store.has_pending_changes());
    const Activity& now = f.get(id);
    CHECK(now.subject == "Edited by A");
    CHECK(now.meta.rev == after_a.meta.rev);
    CHECK(now.meta.modified_by == f.anna);
    CHECK(now.meta.modified_at == kT0 + 1);
}

TEST_CASE("store: editing a completed activity is refused") {
    Fixture f;
    auto id = f.make(ActivityType::Task, "Done soon", f.as(f.anna, kT0));
    std::vector<std::string> ids{id};
    REQUIRE(f.store.set_state(ids, ActivityState::Completed, StatusReason::Completed, f.as(f.anna, kT0 + 1)).ok());
    const std::string rev = f.get(id).meta.rev;
    const auto v = f.store.version();
    Activity edited = f.get(id);
    edited.subject = "Changed after completion";
    Status st = f.store.update_activity(edited, f.as(f.anna, kT0 + 2));
    REQUIRE_FALSE(st.ok());
    CHECK(st.errors[0].message.find("read-only") != std::string::npos);
    CHECK(f.get(id).subject == "Done soon");
    CHECK(f.get(id).meta.rev == rev);
    CHECK(f.store.version() == v);
    // reopening through update is refused too
    edited = f.get(id);
    edited.state = ActivityState::Open;
    edited.reason = StatusReason::InProgress;
    CHECK_FALSE(f.store.update_activity(edited, f.as(f.anna, kT0 + 3)).ok());
    CHECK(f.get(id).state == ActivityState::Completed);
    // and set_state cannot reopen it
    CHECK_FALSE(f.store.set_state(ids, ActivityState::Open, StatusReason::NotStarted, f.as(f.anna, kT0 + 4)).ok());
    CHECK(f.get(id).state == ActivityState::Completed);
}

TEST_CASE("store: update cannot change the type or move to a state the type lacks") {
    Fixture f;
    auto id = f.make(ActivityType::Task, "Typed", f.as(f.anna, kT0));
    Activity edited = f.get(id);
    edited.type = ActivityType::Note;
    edited.reason = StatusReason::NoteActive;
    CHECK(f.store.update_activity(edited, f.as(f.anna, kT0 + 1)).error_for("type") != nullptr);
    edited = f.get(id);
    edited.state = ActivityState::Scheduled;
    edited.reason = StatusReason::Busy;
    CHECK(f.store.update_activity(edited, f.as(f.anna, kT0 + 1)).error_for("state") != nullptr);
    CHECK(f.get(id).type == ActivityType::Task);
    CHECK(f.get(id).state == ActivityState::Open);
    CHECK(revision_generation(f.get(id).meta.rev) == 1);
}

TEST_CASE("store: set_state completes and sets actual_end") {
    Fixture f;
    auto t = f.make(ActivityType::Task, "Task", f.as(f.anna, kT0));
    auto c = f.make(ActivityType::PhoneCall, "Call", f.as(f.anna, kT0));
    CHECK_FALSE(f.get(t).actual_end.has_value());
    std::vector<std::string> one{t};
    REQUIRE(f.store.set_state(one, ActivityState::Completed, StatusReason::Completed, f.as(f.bob, kT0 + 777)).ok());
    CHECK(f.get(t).state == ActivityState::Completed);
    CHECK(f.get(t).reason == StatusReason::Completed);
    REQUIRE(f.get(t).actual_end.has_value());
    CHECK(*f.get(t).actual_end == kT0 + 777);
    CHECK(f.get(t).meta.modified_by == f.bob);
    CHECK(revision_generation(f.get(t).meta.rev) == 2);

    // a reason that does not belong to the type is refused
    std::vector<std::string> call{c};
    Status st = f.store.set_state(call, ActivityState::Completed, StatusReason::Completed, f.as(f.bob, kT0 + 1));
    CHECK(st.error_for("reason") != nullptr);
    CHECK(f.get(c).state == ActivityState::Open);
    REQUIRE(f.store.set_state(call, ActivityState::Completed, StatusReason::Made, f.as(f.bob, kT0 + 2)).ok());
    CHECK(f.get(c).reason == StatusReason::Made);
}

TEST_CASE("store: set_state cannot change the status reason of a closed activity") {
    Fixture f;
    auto c = f.make(ActivityType::PhoneCall, "Call", f.as(f.anna, kT0));
    std::vector<std::string> ids{c};
    REQUIRE(f.store.set_state(ids, ActivityState::Completed, StatusReason::Made, f.as(f.anna, kT0 + 1)).ok());
    const Activity before = f.get(c);
    const auto v = f.store.version();
    Status st = f.store.set_state(ids, ActivityState::Completed, StatusReason::Received, f.as(f.anna, kT0 + 99));
    CHECK_FALSE(st.ok());
    CHECK(f.get(c).reason == StatusReason::Made);
    CHECK(*f.get(c).actual_end == kT0 + 1);
    CHECK(f.get(c).meta.rev == before.meta.rev);
    CHECK(f.store.version() == v);
    // the same state and reason again is a harmless no-op
    CHECK(f.store.set_state(ids, ActivityState::Completed, StatusReason::Made, f.as(f.anna, kT0 + 100)).ok());
    CHECK(f.get(c).meta.rev == before.meta.rev);
    CHECK(f.store.version() == v);
}

TEST_CASE("store: set_state on many is all or nothing") {
    Fixture f;
    auto t1 = f.make(ActivityType::Task, "Task 1", f.as(f.anna, kT0));
    auto t2 = f.make(ActivityType::Task, "Task 2", f.as(f.anna, kT0));
    auto note = f.make(ActivityType::Note, "A note", f.as(f.anna, kT0));
    f.store.take_pending_changes();
    const auto v = f.store.version();
    std::vector<std::string> ids{t1, note, t2};
    Status st = f.store.set_state(ids, ActivityState::Completed, StatusReason::Completed, f.as(f.anna, kT0 + 1));
    REQUIRE_FALSE(st.ok());
    REQUIRE(st.errors.size() == 1);
    CHECK(st.errors[0].field == "state");
    CHECK(st.errors[0].arg == "A note");
    CHECK(f.get(t1).state == ActivityState::Open);
    CHECK(f.get(t2).state == ActivityState::Open);
    CHECK(f.get(note).state == ActivityState::Open);
    CHECK(revision_generation(f.get(t1).meta.rev) == 1);
    CHECK(f.store.version() == v);
    CHECK_FALSE(f.store.has_pending_changes());

    // a missing id also stops the whole batch
    std::vector<std::string> with_missing{t1, "missing-id"};
    st = f.store.set_state(with_missing, ActivityState::Canceled, StatusReason::Canceled, f.as(f.anna, kT0 + 2));
    REQUIRE_FALSE(st.ok());
    CHECK(st.errors[0].arg == "missing-id");
    CHECK(f.get(t1).state == ActivityState::Open);

    // without the note the batch goes through, as one change per record
    std::vector<std::string> tasks{t1, t2};
    REQUIRE(f.store.set_state(tasks, ActivityState::Canceled, StatusReason::Canceled, f.as(f.anna, kT0 + 3)).ok());
    CHECK(f.get(t1).state == ActivityState::Canceled);
    CHECK(f.get(t2).state == ActivityState::Canceled);
    CHECK(f.store.take_pending_changes().size() == 2);
}

TEST_CASE("store: appointments move between open and scheduled") {
    Fixture f;
    auto ap = f.make(ActivityType::Appointment, "Demo", f.as(f.anna, kT0));
    std::vector<std::string> ids{ap};
    REQUIRE(f.store.set_state(ids, ActivityState::Scheduled, StatusReason::OutOfOffice, f.as(f.anna, kT0 + 1)).ok());
    CHECK(f.get(ap).state == ActivityState::Scheduled);
    CHECK_FALSE(f.get(ap).actual_end.has_value());
    REQUIRE(f.store.set_state(ids, ActivityState::Open, StatusReason::Tentative, f.as(f.anna, kT0 + 2)).ok());
    CHECK(f.get(ap).state == ActivityState::Open);
    CHECK(f.get(ap).reason == StatusReason::Tentative);
    auto task = f.make(ActivityType::Task, "Task", f.as(f.anna, kT0));
    std::vector<std::string> t{task};
    CHECK_FALSE(f.store.set_state(t, ActivityState::Scheduled, StatusReason::Busy, f.as(f.anna, kT0 + 3)).ok());
}

TEST_CASE("store: assign to a team, refuse a missing user") {
    Fixture f;
    auto a = f.make(ActivityType::Task, "Task", f.as(f.anna, kT0));
    auto b = f.make(ActivityType::Email, "Mail", f.as(f.anna, kT0));
    std::vector<std::string> ids{a, b};
    REQUIRE(f.store.assign(ids, {OwnerKind::Team, f.north}, f.as(f.bob, kT0 + 1)).ok());
    CHECK(f.get(a).owner == OwnerRef{OwnerKind::Team, f.north});
    CHECK(f.get(b).owner == OwnerRef{OwnerKind::Team, f.north});
    CHECK(f.store.owner_name(f.get(a).owner) == "North");
    CHECK(f.get(a).meta.modified_by == f.bob);

    const auto v = f.store.version();
    Status st = f.store.assign(ids, {OwnerKind::User, "ghost"}, f.as(f.bob, kT0 + 2));
    REQUIRE_FALSE(st.ok());
    CHECK(st.error_for("owner") != nullptr);
    CHECK(f.get(a).owner == OwnerRef{OwnerKind::Team, f.north});
    CHECK(f.store.version() == v);
    // a team id given as a user is not a user
    CHECK_FALSE(f.store.assign(ids, {OwnerKind::User, f.north}, f.as(f.bob, kT0 + 2)).ok());
    CHECK_FALSE(f.store.assign(ids, {}, f.as(f.bob, kT0 + 2)).ok());

    // closed activities cannot be reassigned; the batch fails as a whole
    std::vector<std::string> one{a};
    REQUIRE(f.store.set_state(one, ActivityState::Completed, StatusReason::Completed, f.as(f.bob, kT0 + 3)).ok());
    st = f.store.assign(ids, {OwnerKind::User, f.carol}, f.as(f.bob, kT0 + 4));
    CHECK_FALSE(st.ok());
    CHECK(f.get(b).owner == OwnerRef{OwnerKind::Team, f.north});
}

TEST_CASE("store: delete leaves a tombstone") {
    Fixture f;
    auto a = f.make(ActivityType::Task, "Doomed", f.as(f.anna, kT0));
    auto b = f.make(ActivityType::Task, "Survivor", f.as(f.anna, kT0));
    const auto rows = f.store.activities().size();
    std::vector<std::string> ids{a};
    REQUIRE(f.store.delete_activities(ids, f.as(f.bob, kT0 + 9)).ok());
    CHECK(f.store.activities().size() == rows);
    const Activity* dead = f.store.activities().find(a);
    REQUIRE(dead != nullptr);
    CHECK(dead->meta.deleted);
    CHECK(dead->subject == "Doomed");
    CHECK(dead->meta.modified_by == f.bob);
    CHECK(revision_generation(dead->meta.rev) == 2);
    CHECK(f.store.activities().find_live(a) == nullptr);
    CHECK(f.store.activities().find_live(b) != nullptr);
    CHECK(f.store.live_activity_count() == 1);
    // a deleted record cannot be deleted, edited or change state again
    CHECK_FALSE(f.store.delete_activities(ids, f.as(f.bob, kT0 + 10)).ok());
    Activity edited = *dead;
    edited.subject = "Resurrected";
    CHECK_FALSE(f.store.update_activity(edited, f.as(f.bob, kT0 + 10)).ok());
    CHECK_FALSE(f.store.set_state(ids, ActivityState::Completed, StatusReason::Completed, f.as(f.bob, kT0 + 10)).ok());
    CHECK(f.store.activities().find(a)->subject == "Doomed");
}

TEST_CASE("store: regarding must be a live record") {
    Fixture f;
    Activity draft;
    draft.type = ActivityType::Task;
    draft.subject = "About a ghost";
    draft.regarding = {RegardingKind::Account, "no-such-account"};
    auto r = f.store.create_activity(draft, f.as(f.anna, kT0));
    CHECK(r.status.error_for("regarding") != nullptr);
    // right id, wrong kind
    draft.regarding = {RegardingKind::Contact, f.account};
    CHECK(f.store.create_activity(draft, f.as(f.anna, kT0)).status.error_for("regarding") != nullptr);

    draft.regarding = {RegardingKind::Account, f.account};
    r = f.store.create_activity(draft, f.as(f.anna, kT0));
    REQUIRE(r.ok());
    CHECK(f.store.regarding_name(f.get(r.value).regarding) == "Imported Sports");

    // the account is deleted (a tombstone arrives from storage): new references are refused
    Account dead = *f.store.accounts().find(f.account);
    dead.meta.deleted = true;
    f.store.load(dead);
    CHECK_FALSE(f.store.regarding_exists({RegardingKind::Account, f.account}));
    // the exact placeholder texts are UI strings: check what they must say, not their wording
    const std::string deleted_name = f.store.regarding_name({RegardingKind::Account, f.account});
    CHECK(deleted_name.rfind("Imported Sports", 0) == 0);
    CHECK(deleted_name.find("deleted") != std::string::npos);
    CHECK(f.store.regarding_name({RegardingKind::Account, "nope"}).find("unknown") != std::string::npos);
    CHECK(f.store.regarding_name({}).empty());
    draft.subject = "About a deleted account";
    CHECK(f.store.create_activity(draft, f.as(f.anna, kT0)).status.error_for("regarding") != nullptr);
}

TEST_CASE("store: take_pending_changes returns each changed record once") {
    Fixture f;
    auto a = f.make(ActivityType::Task, "A", f.as(f.anna, kT0));
    Activity e = f.get(a);
    e.subject = "A2";
    REQUIRE(f.store.update_activity(e, f.as(f.anna, kT0 + 1)).ok());
    e = f.get(a);
    e.subject = "A3";
    REQUIRE(f.store.update_activity(e, f.as(f.anna, kT0 + 2)).ok());
    auto b = f.make(ActivityType::Note, "B", f.as(f.anna, kT0 + 3));
    REQUIRE(f.store.put_setting("current_user", f.anna, f.as(f.anna, kT0 + 4)).ok());
    CHECK(f.store.has_pending_changes());
    auto changes = f.store.take_pending_changes();
    REQUIRE(changes.size() == 3);
    // order of first change
    CHECK(changes[0] == RecordHandle{RecordKind::Activity, *f.store.activities().index_of(a)});
    CHECK(changes[1] == RecordHandle{RecordKind::Activity, *f.store.activities().index_of(b)});
    CHECK(changes[2].kind == RecordKind::Setting);
    // record_at returns the latest image
    auto rec = f.store.record_at(changes[0]);
    REQUIRE(std::holds_alternative<Activity>(rec));
    CHECK(std::get<Activity>(rec).subject == "A3");
    CHECK(kind_of(rec) == RecordKind::Activity);
    CHECK(meta_of(rec).id == a);
    CHECK_FALSE(f.store.has_pending_changes());
    CHECK(f.store.take_pending_changes().empty());
    // load() is not a change
    Activity loaded = f.get(a);
    loaded.meta.id = "loaded-from-storage";
    f.store.load(loaded);
    CHECK_FALSE(f.store.has_pending_changes());
    CHECK(f.store.activities().find("loaded-from-storage") != nullptr);
}

TEST_CASE("store: team_mates_of and teams_of") {
    Fixture f;
    // North = anna, bob; South = anna, carol; dave in no team
    auto mates = f.store.team_mates_of(f.anna);
    auto expected = std::vector<std::string>{f.bob, f.carol};
    std::sort(expected.begin(), expected.end());
    CHECK(mates == expected);
    CHECK(f.store.team_mates_of(f.bob) == std::vector<std::string>{f.anna});
    CHECK(f.store.team_mates_of(f.dave).empty());
    auto teams = f.store.teams_of(f.anna);
    std::sort(teams.begin(), teams.end());
    auto expected_teams = std::vector<std::string>{f.north, f.south};
    std::sort(expected_teams.begin(), expected_teams.end());
    CHECK(teams == expected_teams);
    CHECK(f.store.teams_of(f.carol) == std::vector<std::string>{f.south});
    CHECK(f.store.teams_of(f.dave).empty());
    // leaving a team updates both
    REQUIRE(f.store.set_team_member(f.south, f.carol, false, f.setup).ok());
    CHECK(f.store.team_mates_of(f.anna) == std::vector<std::string>{f.bob});
    CHECK(f.store.teams_of(f.carol).empty());
    // membership of unknown users/teams is refused
    CHECK(f.store.set_team_member(f.north, "ghost", true, f.setup).error_for("user") != nullptr);
    CHECK(f.store.set_team_member("ghost-team", f.dave, true, f.setup).error_for("team") != nullptr);
    // adding twice keeps one membership
    REQUIRE(f.store.set_team_member(f.north, f.dave, true, f.setup).ok());
    REQUIRE(f.store.set_team_member(f.north, f.dave, true, f.setup).ok());
    const Team* north = f.store.teams().find(f.north);
    CHECK(std::count(north->member_ids.begin(), north->member_ids.end(), f.dave) == 1);
}

TEST_CASE("store: clear_customer_data keeps users, teams and settings") {
    Fixture f;
    REQUIRE(f.store.put_setting("language", "pl", f.as(f.anna, kT0)).ok());
    f.make(ActivityType::Task, "A", f.as(f.anna, kT0));
    f.make(ActivityType::Note, "B", f.as(f.anna, kT0));
    Contact c;
    c.full_name = "Chris Preston";
    c.parent_account_id = f.account;
    REQUIRE(f.store.create_record(c, f.setup).ok());
    const auto v = f.store.version();
    std::size_t removed = f.store.clear_customer_data();
    CHECK(removed == 4);  // 2 activities, 1 account, 1 contact
    CHECK(f.store.activities().size() == 0);
    CHECK(f.store.accounts().size() == 0);
    CHECK(f.store.contacts().size() == 0);
    CHECK(f.store.opportunities().size() == 0);
    CHECK(f.store.cases().size() == 0);
    CHECK(f.store.users().size() == 4);
    CHECK(f.store.teams().size() == 2);
    CHECK(f.store.setting("language") == "pl");
    CHECK(f.store.version() > v);
    CHECK_FALSE(f.store.has_pending_changes());
    // the store is still usable
    auto id = f.make(ActivityType::Task, "After clearing", f.as(f.anna, kT0 + 1));
    CHECK(f.store.activities().find_live(id) != nullptr);
    CHECK(f.store.live_activity_count() == 1);
}

TEST_CASE("store: put_setting") {
    Fixture f;
    CHECK(f.store.setting("current_user", "fallback") == "fallback");
    REQUIRE(f.store.put_setting("current_user", f.anna, f.as(f.anna, kT0)).ok());
    CHECK(f.store.setting("current_user", "fallback") == f.anna);
    const Setting* s = f.store.settings().find("current_user");
    REQUIRE(s != nullptr);
    CHECK(revision_generation(s->meta.rev) == 1);
    CHECK(s->meta.created_at == kT0);
    const auto v = f.store.version();
    f.store.take_pending_changes();
    // same value: no write
    REQUIRE(f.store.put_setting("current_user", f.anna, f.as(f.bob, kT0 + 1)).ok());
    CHECK(f.store.version() == v);
    CHECK_FALSE(f.store.has_pending_changes());
    // new value: a second revision, created stamps kept
    REQUIRE(f.store.put_setting("current_user", f.bob, f.as(f.bob, kT0 + 2)).ok());
    s = f.store.settings().find("current_user");
    CHECK(s->value == f.bob);
    CHECK(revision_generation(s->meta.rev) == 2);
    CHECK(s->meta.created_at == kT0);
    CHECK(s->meta.modified_at == kT0 + 2);
    CHECK(f.store.version() == v + 1);
    CHECK(f.store.settings().size() == 1);
}

TEST_CASE("store: users and teams are validated") {
    Fixture f;
    CHECK(f.store.create_user("   ", "", f.setup).status.error_for("name") != nullptr);
    CHECK(f.store.create_user("Eve", "not-an-email", f.setup).status.error_for("email") != nullptr);
    auto eve = f.store.create_user("  Eve  ", " eve@example.com ", f.setup);
    REQUIRE(eve.ok());
    CHECK(f.store.users().find(eve.value)->name == "Eve");
    CHECK(f.store.users().find(eve.value)->email == "eve@example.com");
    CHECK(f.store.user_name(eve.value) == "Eve");
    CHECK(f.store.user_name("ghost").find("unknown") != std::string::npos);
    CHECK(f.store.user_name("").empty());
    CHECK_FALSE(f.store.create_team(" \t", f.setup).ok());
}

// ---- accounts, contacts, opportunities and cases saved from forms ----

namespace {

Attachment file(const std::string& activity_id, std::string name = "quote.pdf", std::uint64_t size = 1000) {
    Attachment a;
    a.activity_id = activity_id;
    a.file_name = std::move(name);
    a.mime_type = "application/pdf";
    a.size = size;
    return a;
}

bool pending_has(const std::vector<RecordHandle>& changes, RecordKind kind, std::uint32_t index) {
    return std::find(changes.begin(), changes.end(), RecordHandle{kind, index}) != changes.end();
}

}  // namespace

TEST_CASE("store: save_record creates records with new ids, stamps and the actor as default owner") {
    Fixture f;
    const auto v0 = f.store.version();
    Account acc;
    acc.meta.id = "chosen-by-the-form";  // unknown id: a new record with a fresh id
    acc.meta.rev = "5-abc";
    acc.meta.created_by = "someone";
    acc.name = "Hurtownia Żółw";
    acc.city = "Łódź";
    auto r = f.store.save_record(acc, f.as(f.bob, kT0 + 100));
    REQUIRE(r.ok());
    CHECK(looks_like_uuid(r.value));
    CHECK(r.value != "chosen-by-the-form");
    CHECK(f.store.accounts().find("chosen-by-the-form") == nullptr);
    const Account* saved = f.store.accounts().find(r.value);
    REQUIRE(saved != nullptr);
    CHECK(saved->name == "Hurtownia Żółw");
    CHECK(saved->city == "Łódź");
    CHECK(saved->owner == OwnerRef{OwnerKind::User, f.bob});
    CHECK(saved->meta.created_by == f.bob);
    CHECK(saved->meta.created_at == kT0 + 100);
    CHECK(saved->meta.modified_by == f.bob);
    CHECK(revision_generation(saved->meta.rev) == 1);
    CHECK(f.store.version() == v0 + 1);
    auto changes = f.store.take_pending_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == RecordHandle{RecordKind::Account, *f.store.accounts().index_of(r.value)});

    // an empty id is new too; an explicit owner is kept
    Contact c;
    c.full_name = "Chris Preston";
    c.parent_account_id = f.account;
    c.email = "chris@example.com";
    c.owner = {OwnerKind::Team, f.north};
    auto rc = f.store.save_record(c, f.as(f.bob, kT0 + 101));
    REQUIRE(rc.ok());
    CHECK(f.store.contacts().find(rc.value)->owner == OwnerRef{OwnerKind::Team, f.north});
    CHECK(f.store.contacts().find(rc.value)->parent_account_id == f.account);

    Opportunity o;
    o.name = "Warehouse system";
    o.account_id = f.account;
    o.contact_id = rc.value;
    o.estimated_revenue = 48000;
    o.estimated_close = LocalDate{2026, 12, 15};
    auto ro = f.store.save_record(o, f.as(f.bob, kT0 + 102));
    REQUIRE(ro.ok());
    CHECK(f.store.opportunities().find(ro.value)->estimated_revenue == 48000);

    Case k;
    k.title = "Missing pallets";
    k.contact_id = rc.value;  // a contact alone is a customer
    auto rk = f.store.save_record(k, f.as(f.bob, kT0 + 103));
    REQUIRE(rk.ok());
    CHECK(f.store.cases().find(rk.value)->contact_id == rc.value);
    CHECK(f.store.accounts().size() == 2);
    CHECK(f.store.contacts().size() == 1);
    CHECK(f.store.opportunities().size() == 1);
    CHECK(f.store.cases().size() == 1);
}

TEST_CASE("store: save_record refuses invalid records and dangling references, changing nothing") {
    Fixture f;
    Contact dead_end;
    dead_end.full_name = "Deleted Later";
    auto gone = f.store.save_record(dead_end, f.as(f.anna, kT0)).value;
    REQUIRE(f.store.delete_record(RegardingKind::Contact, gone, f.as(f.anna, kT0)).ok());
    f.store.take_pending_changes();
    const auto v = f.store.version();
    const auto rows = f.store.accounts().size() + f.store.contacts().size() + f.store.opportunities().size() +
                      f.store.cases().size();

    Account blank;
    blank.name = "  ";
    auto r = f.store.save_record(blank, f.as(f.anna, kT0));
    CHECK(r.status.error_for("name") != nullptr);
    CHECK(r.value.empty());

    Contact c;
    c.full_name = "Orphan";
    c.parent_account_id = "no-such-account";
    r = f.store.save_record(c, f.as(f.anna, kT0));
    REQUIRE(r.status.errors.size() == 1);
    CHECK(r.status.errors[0].field == "parent_account_id");
    c.parent_account_id = f.account;
    c.email = "not an email";
    CHECK(f.store.save_record(c, f.as(f.anna, kT0)).status.error_for("email") != nullptr);

    Opportunity o;
    o.name = "Ghost deal";
    o.account_id = gone;  // a contact id is not an account id
    o.contact_id = gone;  // and this contact was deleted
    r = f.store.save_record(o, f.as(f.anna, kT0));
    CHECK(r.status.error_for("account_id") != nullptr);
    CHECK(r.status.error_for("contact_id") != nullptr);
    CHECK(r.status.errors.size() == 2);

    Case k;
    k.title = "No customer";
    r = f.store.save_record(k, f.as(f.anna, kT0));
    CHECK(r.status.error_for("account_id") != nullptr);
    k.account_id = "no-such-account";
    r = f.store.save_record(k, f.as(f.anna, kT0));
    CHECK(r.status.error_for("account_id") != nullptr);

    Account with_ghost_owner;
    with_ghost_owner.name = "Owned by nobody";
    with_ghost_owner.owner = {OwnerKind::Team, f.anna};  // a user id given as a team
    CHECK(f.store.save_record(with_ghost_owner, f.as(f.anna, kT0)).status.error_for("owner") != nullptr);

    // other kinds are not saved through forms
    Activity act;
    act.subject = "Not here";
    CHECK_FALSE(f.store.save_record(act, f.as(f.anna, kT0)).ok());
    CHECK_FALSE(f.store.save_record(User{}, f.as(f.anna, kT0)).ok());
    CHECK_FALSE(f.store.save_record(file("x"), f.as(f.anna, kT0)).ok());

    CHECK(f.store.version() == v);
    CHECK_FALSE(f.store.has_pending_changes());
    CHECK(f.store.accounts().size() + f.store.contacts().size() + f.store.opportunities().size() +
              f.store.cases().size() ==
          rows);
    CHECK(f.store.activities().size() == 0);
}

TEST_CASE("store: save_record updates with a revision check") {
    Fixture f;
    Account original = *f.store.accounts().find(f.account);
    const std::string rev1 = original.meta.rev;
    Account copy_a = original;  // two forms opened on the same account
    Account copy_b = original;
    copy_a.phone = "+48 12 555 01 01";
    copy_a.meta.created_by = f.bob;  // creation stamps are not editable
    copy_a.meta.created_at = 7;
    auto r = f.store.save_record(copy_a, f.as(f.bob, kT0 + 50));
    REQUIRE(r.ok());
    CHECK(r.value == f.account);
    CHECK(f.store.accounts().size() == 1);
    const Account* now = f.store.accounts().find(f.account);
    CHECK(now->phone == "+48 12 555 01 01");
    CHECK(now->name == "Imported Sports");
    CHECK(revision_generation(now->meta.rev) == 2);
    CHECK(now->meta.rev != rev1);
    CHECK(now->meta.created_by == "");  // the fixture's setup actor
    CHECK(now->meta.created_at == kT0);
    CHECK(now->meta.modified_by == f.bob);
    CHECK(now->meta.modified_at == kT0 + 50);
    auto changes = f.store.take_pending_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == RecordHandle{RecordKind::Account, 0});

    // the second form is stale: refused, nothing changes
    const std::string rev2 = now->meta.rev;
    const auto v = f.store.version();
    copy_b.name = "Renamed by B";
    r = f.store.save_record(copy_b, f.as(f.carol, kT0 + 60));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status.errors[0].message.find("changed elsewhere") != std::string::npos);
    CHECK(f.store.accounts().find(f.account)->name == "Imported Sports");
    CHECK(f.store.accounts().find(f.account)->meta.rev == rev2);
    CHECK(f.store.version() == v);
    CHECK_FALSE(f.store.has_pending_changes());

    // an invalid edit is refused too
    Account bad = *f.store.accounts().find(f.account);
    bad.website = "www.example .com";
    CHECK(f.store.save_record(bad, f.as(f.carol, kT0 + 61)).status.error_for("website") != nullptr);
    CHECK(f.store.accounts().find(f.account)->website.empty());

    // a deleted record cannot be saved, not even with its current revision
    REQUIRE(f.store.delete_record(RegardingKind::Account, f.account, f.as(f.anna, kT0 + 70)).ok());
    Account after_delete = *f.store.accounts().find(f.account);
    after_delete.meta.deleted = false;
    after_delete.name = "Resurrected";
    const auto v2 = f.store.version();
    r = f.store.save_record(after_delete, f.as(f.anna, kT0 + 71));
    CHECK_FALSE(r.ok());
    CHECK(f.store.accounts().find(f.account)->meta.deleted);
    CHECK(f.store.accounts().find(f.account)->name == "Imported Sports");
    CHECK(f.store.version() == v2);
}

TEST_CASE("store: an unchanged reference to a record deleted since does not block an edit") {
    Fixture f;
    Contact c;
    c.full_name = "Chris Preston";
    c.parent_account_id = f.account;
    auto id = f.store.save_record(c, f.as(f.anna, kT0)).value;
    REQUIRE(!id.empty());
    REQUIRE(f.store.delete_record(RegardingKind::Account, f.account, f.as(f.bob, kT0 + 1)).ok());
    Contact edited = *f.store.contacts().find(id);
    edited.phone = "+1 555 0100";
    REQUIRE(f.store.save_record(edited, f.as(f.anna, kT0 + 2)).ok());
    CHECK(f.store.contacts().find(id)->phone == "+1 555 0100");
    CHECK(f.store.contacts().find(id)->parent_account_id == f.account);
    // but pointing a record at the deleted account anew is refused
    Contact other;
    other.full_name = "New Contact";
    other.parent_account_id = f.account;
    CHECK(f.store.save_record(other, f.as(f.anna, kT0 + 3)).status.error_for("parent_account_id") != nullptr);
}

TEST_CASE("store: delete_record leaves a stamped tombstone queued for persistence") {
    Fixture f;
    Activity draft;
    draft.type = ActivityType::Task;
    draft.subject = "Call about the order";
    draft.regarding = {RegardingKind::Account, f.account};
    auto act = f.store.create_activity(draft, f.as(f.anna, kT0)).value;
    REQUIRE(!act.empty());
    f.store.take_pending_changes();
    const auto v = f.store.version();

    REQUIRE(f.store.delete_record(RegardingKind::Account, f.account, f.as(f.bob, kT0 + 9)).ok());
    CHECK(f.store.accounts().size() == 1);
    const Account* dead = f.store.accounts().find(f.account);
    REQUIRE(dead != nullptr);
    CHECK(dead->meta.deleted);
    CHECK(dead->name == "Imported Sports");
    CHECK(dead->meta.modified_by == f.bob);
    CHECK(dead->meta.modified_at == kT0 + 9);
    CHECK(revision_generation(dead->meta.rev) == 2);
    CHECK(f.store.version() == v + 1);
    auto changes = f.store.take_pending_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == RecordHandle{RecordKind::Account, 0});
    CHECK(meta_of(f.store.record_at(changes[0])).deleted);
    // the activity stays and shows its Regarding as deleted
    CHECK(f.store.activities().find_live(act) != nullptr);
    CHECK(f.store.regarding_name(f.get(act).regarding).find("deleted") != std::string::npos);

    // deleting again, an unknown id, the wrong kind or no kind is refused and changes nothing
    const auto v2 = f.store.version();
    CHECK_FALSE(f.store.delete_record(RegardingKind::Account, f.account, f.as(f.bob, kT0 + 10)).ok());
    CHECK_FALSE(f.store.delete_record(RegardingKind::Contact, "nope", f.as(f.bob, kT0 + 10)).ok());
    CHECK_FALSE(f.store.delete_record(RegardingKind::None, f.account, f.as(f.bob, kT0 + 10)).ok());
    Contact c;
    c.full_name = "Chris";
    auto cid = f.store.save_record(c, f.as(f.bob, kT0 + 11)).value;
    const auto v3 = f.store.version();
    CHECK(v3 == v2 + 1);
    CHECK_FALSE(f.store.delete_record(RegardingKind::Account, cid, f.as(f.bob, kT0 + 12)).ok());
    CHECK(f.store.version() == v3);
    REQUIRE(f.store.delete_record(RegardingKind::Contact, cid, f.as(f.bob, kT0 + 13)).ok());
    CHECK(f.store.contacts().find_live(cid) == nullptr);
}

TEST_CASE("store: add_attachment to notes, tasks and emails") {
    Fixture f;
    auto note = f.make(ActivityType::Note, "Meeting notes", f.as(f.anna, kT0));
    auto task = f.make(ActivityType::Task, "Send the quote", f.as(f.anna, kT0));
    auto email = f.make(ActivityType::Email, "Quote", f.as(f.anna, kT0));
    f.store.take_pending_changes();
    const auto v = f.store.version();

    Attachment a = file(note, "Notatki ze spotkania — 会议.txt", 1234);
    a.mime_type = "text/plain";
    a.meta.id = "caller-chosen";  // ignored
    a.meta.deleted = true;        // ignored
    auto r = f.store.add_attachment(a, f.as(f.bob, kT0 + 5));
    REQUIRE(r.ok());
    CHECK(looks_like_uuid(r.value));
    const Attachment* saved = f.store.attachments().find(r.value);
    REQUIRE(saved != nullptr);
    CHECK_FALSE(saved->meta.deleted);
    CHECK(saved->activity_id == note);
    CHECK(saved->file_name == "Notatki ze spotkania — 会议.txt");
    CHECK(saved->mime_type == "text/plain");
    CHECK(saved->size == 1234);
    CHECK(saved->meta.created_by == f.bob);
    CHECK(saved->meta.created_at == kT0 + 5);
    CHECK(revision_generation(saved->meta.rev) == 1);
    CHECK(f.store.version() == v + 1);
    auto changes = f.store.take_pending_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == RecordHandle{RecordKind::Attachment, 0});
    CHECK(kind_of(f.store.record_at(changes[0])) == RecordKind::Attachment);

    auto t1 = f.store.add_attachment(file(task, "a.pdf"), f.as(f.anna, kT0 + 6));
    auto t2 = f.store.add_attachment(file(task, "b.pdf", kMaxAttachmentBytes), f.as(f.anna, kT0 + 7));  // exactly 25 MB
    REQUIRE(t1.ok());
    REQUIRE(t2.ok());
    REQUIRE(f.store.add_attachment(file(email, "c.pdf"), f.as(f.anna, kT0 + 8)).ok());
    auto of_task = f.store.attachments_of(task);
    REQUIRE(of_task.size() == 2);
    CHECK(of_task[0]->meta.id == t1.value);  // in the order added
    CHECK(of_task[1]->meta.id == t2.value);
    CHECK(f.store.attachments_of(note).size() == 1);
    CHECK(f.store.attachments_of("no-such-activity").empty());
    CHECK(f.store.attachments().size() == 4);
}

TEST_CASE("store: add_attachment refusals change nothing") {
    Fixture f;
    auto call = f.make(ActivityType::PhoneCall, "Call", f.as(f.anna, kT0));
    auto meeting = f.make(ActivityType::Appointment, "Meeting", f.as(f.anna, kT0));
    auto done = f.make(ActivityType::Task, "Done", f.as(f.anna, kT0));
    auto gone = f.make(ActivityType::Note, "Gone", f.as(f.anna, kT0));
    auto task = f.make(ActivityType::Task, "Open task", f.as(f.anna, kT0));
    std::vector<std::string> done_ids{done}, gone_ids{gone};
    REQUIRE(f.store.set_state(done_ids, ActivityState::Completed, StatusReason::Completed, f.as(f.anna, kT0)).ok());
    REQUIRE(f.store.delete_activities(gone_ids, f.as(f.anna, kT0)).ok());
    f.store.take_pending_changes();
    const auto v = f.store.version();

    auto r = f.store.add_attachment(file(call), f.as(f.anna, kT0 + 1));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status.errors[0].message == "Attachments can be added to notes, tasks and emails.");
    CHECK(r.value.empty());
    CHECK(f.store.add_attachment(file(meeting), f.as(f.anna, kT0 + 1)).status.errors[0].message ==
          "Attachments can be added to notes, tasks and emails.");
    r = f.store.add_attachment(file(done), f.as(f.anna, kT0 + 1));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status.errors[0].message.find("read-only") != std::string::npos);
    CHECK_FALSE(f.store.add_attachment(file(gone), f.as(f.anna, kT0 + 1)).ok());
    CHECK_FALSE(f.store.add_attachment(file("no-such-activity"), f.as(f.anna, kT0 + 1)).ok());
    CHECK_FALSE(f.store.add_attachment(file(""), f.as(f.anna, kT0 + 1)).ok());

    r = f.store.add_attachment(file(task, "huge.iso", kMaxAttachmentBytes + 1), f.as(f.anna, kT0 + 1));
    REQUIRE(r.status.errors.size() == 1);
    CHECK(r.status.errors[0].field == "size");
    CHECK(r.status.errors[0].message == "File is too large: at most 25 MB.");
    CHECK(f.store.add_attachment(file(task, "empty.txt", 0), f.as(f.anna, kT0 + 1)).status.error_for("size") != nullptr);
    CHECK(f.store.add_attachment(file(task, "../etc/passwd"), f.as(f.anna, kT0 + 1)).status.error_for("file_name") != nullptr);
    CHECK(f.store.add_attachment(file(task, ""), f.as(f.anna, kT0 + 1)).status.error_for("file_name") != nullptr);

    CHECK(f.store.attachments().size() == 0);
    CHECK(f.store.version() == v);
    CHECK_FALSE(f.store.has_pending_changes());
}

TEST_CASE("store: remove_attachment leaves a tombstone") {
    Fixture f;
    auto task = f.make(ActivityType::Task, "Task", f.as(f.anna, kT0));
    auto a = f.store.add_attachment(file(task, "a.pdf"), f.as(f.anna, kT0 + 1)).value;
    auto b = f.store.add_attachment(file(task, "b.pdf"), f.as(f.anna, kT0 + 2)).value;
    REQUIRE(!b.empty());
    f.store.take_pending_changes();
    REQUIRE(f.store.remove_attachment(a, f.as(f.bob, kT0 + 3)).ok());
    const Attachment* dead = f.store.attachments().find(a);
    REQUIRE(dead != nullptr);
    CHECK(dead->meta.deleted);
    CHECK(dead->file_name == "a.pdf");
    CHECK(dead->meta.modified_by == f.bob);
    CHECK(revision_generation(dead->meta.rev) == 2);
    auto changes = f.store.take_pending_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == RecordHandle{RecordKind::Attachment, *f.store.attachments().index_of(a)});
    auto left = f.store.attachments_of(task);
    REQUIRE(left.size() == 1);
    CHECK(left[0]->meta.id == b);
    CHECK_FALSE(f.store.remove_attachment(a, f.as(f.bob, kT0 + 4)).ok());
    CHECK_FALSE(f.store.remove_attachment("nope", f.as(f.bob, kT0 + 4)).ok());
    // a completed activity keeps its attachments
    std::vector<std::string> ids{task};
    REQUIRE(f.store.set_state(ids, ActivityState::Completed, StatusReason::Completed, f.as(f.anna, kT0 + 5)).ok());
    const auto v = f.store.version();
    CHECK_FALSE(f.store.remove_attachment(b, f.as(f.bob, kT0 + 6)).ok());
    CHECK(f.store.attachments().find_live(b) != nullptr);
    CHECK(f.store.version() == v);
}

TEST_CASE("store: delete_activities tombstones their attachments and reports the ids") {
    Fixture f;
    auto note = f.make(ActivityType::Note, "Note", f.as(f.anna, kT0));
    auto email = f.make(ActivityType::Email, "Email", f.as(f.anna, kT0));
    auto keep = f.make(ActivityType::Task, "Kept", f.as(f.anna, kT0));
    auto n1 = f.store.add_attachment(file(note, "n1.txt"), f.as(f.anna, kT0)).value;
    auto k1 = f.store.add_attachment(file(keep, "k1.txt"), f.as(f.anna, kT0)).value;
    auto e1 = f.store.add_attachment(file(email, "e1.txt"), f.as(f.anna, kT0)).value;
    auto n2 = f.store.add_attachment(file(note, "n2.txt"), f.as(f.anna, kT0)).value;
    auto removed_before = f.store.add_attachment(file(note, "old.txt"), f.as(f.anna, kT0)).value;
    REQUIRE(f.store.remove_attachment(removed_before, f.as(f.anna, kT0)).ok());
    const std::string old_rev = f.store.attachments().find(removed_before)->meta.rev;
    f.store.take_pending_changes();

    std::vector<std::string> removed{"already-there"};
    std::vector<std::string> ids{email, note};
    REQUIRE(f.store.delete_activities(ids, f.as(f.bob, kT0 + 1), &removed).ok());
    // appended, in table order; the one removed earlier is not reported again
    CHECK(removed == std::vector<std::string>{"already-there", n1, e1, n2});
    for (const auto& id : {n1, e1, n2}) {
        const Attachment* a = f.store.attachments().find(id);
        REQUIRE(a != nullptr);
        CHECK(a->meta.deleted);
        CHECK(a->meta.modified_by == f.bob);
    }
    CHECK(f.store.attachments().find(removed_before)->meta.rev == old_rev);
    CHECK(f.store.attachments().find_live(k1) != nullptr);
    CHECK(f.store.attachments_of(note).empty());
    CHECK(f.store.attachments_of(keep).size() == 1);
    auto changes = f.store.take_pending_changes();
    CHECK(changes.size() == 5);  // 2 activities + 3 attachments
    CHECK(pending_has(changes, RecordKind::Attachment, *f.store.attachments().index_of(e1)));
    CHECK_FALSE(pending_has(changes, RecordKind::Attachment, *f.store.attachments().index_of(k1)));

    // without an output vector the attachments are tombstoned all the same
    auto k2 = f.store.add_attachment(file(keep, "k2.txt"), f.as(f.anna, kT0 + 2)).value;
    std::vector<std::string> keep_ids{keep};
    REQUIRE(f.store.delete_activities(keep_ids, f.as(f.bob, kT0 + 3)).ok());
    CHECK(f.store.attachments().find_live(k1) == nullptr);
    CHECK(f.store.attachments().find_live(k2) == nullptr);

    // a refused delete touches no attachment
    auto t = f.make(ActivityType::Task, "T", f.as(f.anna, kT0 + 4));
    auto t1 = f.store.add_attachment(file(t, "t1.txt"), f.as(f.anna, kT0 + 4)).value;
    std::vector<std::string> bad{t, "missing"};
    std::vector<std::string> none;
    CHECK_FALSE(f.store.delete_activities(bad, f.as(f.bob, kT0 + 5), &none).ok());
    CHECK(none.empty());
    CHECK(f.store.attachments().find_live(t1) != nullptr);
}

TEST_CASE("store: clear_customer_data removes attachments; record_at and for_each_record list them") {
    Fixture f;
    auto note = f.make(ActivityType::Note, "Note", f.as(f.anna, kT0));
    auto att = f.store.add_attachment(file(note), f.as(f.anna, kT0)).value;
    REQUIRE(!att.empty());
    std::vector<RecordKind> kinds;
    f.store.for_each_record([&](RecordHandle h) { kinds.push_back(h.kind); });
    REQUIRE(!kinds.empty());
    CHECK(kinds.back() == RecordKind::Attachment);  // after the activities
    CHECK(std::count(kinds.begin(), kinds.end(), RecordKind::Attachment) == 1);
    const AnyRecord rec = f.store.record_at({RecordKind::Attachment, 0});
    REQUIRE(std::holds_alternative<Attachment>(rec));
    CHECK(std::get<Attachment>(rec).meta.id == att);

    std::size_t removed = f.store.clear_customer_data();
    CHECK(removed == 3);  // 1 activity, 1 account, 1 attachment
    CHECK(f.store.attachments().size() == 0);
    CHECK(f.store.attachments_of(note).empty());
    CHECK(f.store.users().size() == 4);
    // load() puts an attachment as it is
    Attachment loaded = file("some-activity", "loaded.bin", 5);
    loaded.meta.id = "att-loaded";
    f.store.load(loaded);
    CHECK(f.store.attachments().find("att-loaded") != nullptr);
    CHECK(f.store.attachments_of("some-activity").size() == 1);
    CHECK_FALSE(f.store.has_pending_changes());
}

TEST_CASE("store: each store numbers its versions apart from the others") {
    Store a, b;
    CHECK(a.version() != b.version());
}

TEST_CASE("store: restore_activity puts back an earlier copy as a new revision") {
    Fixture f;
    auto id = f.make(ActivityType::Task, "Quote", f.as(f.anna, kT0));
    const Activity before = f.get(id);
    std::vector<std::string> ids{id};
    REQUIRE(f.store.set_state(ids, ActivityState::Completed, StatusReason::Completed, f.as(f.bob, kT0 + 10)).ok());
    const Activity done = f.get(id);
    REQUIRE(done.actual_end.has_value());
    f.store.take_pending_changes();
    const auto v = f.store.version();

    // reopening a completed activity: allowed for undo, though the state rules refuse it
    REQUIRE(f.store.restore_activity(before, done.meta.rev, f.as(f.carol, kT0 + 20)).ok());
    const Activity& now = f.get(id);
    CHECK(now.state == ActivityState::Open);
    CHECK(now.reason == StatusReason::NotStarted);
    CHECK_FALSE(now.actual_end.has_value());
    CHECK(now.subject == "Quote");
    CHECK(now.meta.created_by == f.anna);
    CHECK(now.meta.created_at == kT0);
    CHECK(now.meta.modified_by == f.carol);
    CHECK(now.meta.modified_at == kT0 + 20);
    CHECK(revision_generation(now.meta.rev) == 3);
    CHECK(now.meta.rev != before.meta.rev);
    CHECK(f.store.version() == v + 1);
    auto pending = f.store.take_pending_changes();
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].kind == RecordKind::Activity);
}

TEST_CASE("store: restore_activity is refused when the activity changed since or is gone") {
    Fixture f;
    auto id = f.make(ActivityType::Task, "Quote", f.as(f.anna, kT0));
    const Activity before = f.get(id);
    Activity edited = before;
    edited.priority = Priority::High;
    REQUIRE(f.store.update_activity(edited, f.as(f.anna, kT0 + 1)).ok());
    const std::string after_rev = f.get(id).meta.rev;
    edited = f.get(id);
    edited.subject = "Quote v2";  // someone else edits after the change
    REQUIRE(f.store.update_activity(edited, f.as(f.bob, kT0 + 2)).ok());
    const Activity current = f.get(id);
    f.store.take_pending_changes();
    const auto v = f.store.version();

    Status st = f.store.restore_activity(before, after_rev, f.as(f.anna, kT0 + 3));
    REQUIRE_FALSE(st.ok());
    CHECK(st.errors[0].message == "This activity was changed elsewhere since; the change cannot be undone.");
    CHECK(f.get(id).subject == "Quote v2");
    CHECK(f.get(id).meta.rev == current.meta.rev);
    CHECK(f.store.version() == v);
    CHECK_FALSE(f.store.has_pending_changes());

    // an unknown id
    Activity stranger = before;
    stranger.meta.id = "no-such-id";
    CHECK_FALSE(f.store.restore_activity(stranger, before.meta.rev, f.as(f.anna, kT0 + 4)).ok());
    CHECK(f.store.activities().find("no-such-id") == nullptr);

    // a deleted activity is not resurrected
    std::vector<std::string> ids{id};
    REQUIRE(f.store.delete_activities(ids, f.as(f.anna, kT0 + 5)).ok());
    CHECK_FALSE(f.store.restore_activity(before, f.get(id).meta.rev, f.as(f.anna, kT0 + 6)).ok());
    CHECK(f.get(id).meta.deleted);
}

TEST_CASE("store: restore_activity still validates the copy") {
    Fixture f;
    auto id = f.make(ActivityType::Task, "Quote", f.as(f.anna, kT0));
    Activity broken = f.get(id);
    broken.subject = "  ";
    const auto v = f.store.version();
    Status st = f.store.restore_activity(broken, f.get(id).meta.rev, f.as(f.anna, kT0 + 1));
    CHECK(st.error_for("subject") != nullptr);
    Activity retyped = f.get(id);
    retyped.type = ActivityType::Note;
    retyped.reason = StatusReason::NoteActive;
    CHECK(f.store.restore_activity(retyped, f.get(id).meta.rev, f.as(f.anna, kT0 + 1)).error_for("type") != nullptr);
    Activity dangling = f.get(id);
    dangling.owner = {OwnerKind::Team, "no-such-team"};
    CHECK(f.store.restore_activity(dangling, f.get(id).meta.rev, f.as(f.anna, kT0 + 1)).error_for("owner") != nullptr);
    CHECK(f.store.version() == v);
    CHECK(f.get(id).subject == "Quote");
    CHECK(revision_generation(f.get(id).meta.rev) == 1);
}
