// Tests for Store's activity, user and team commands: commands validate first and change
// nothing when they refuse, stamp who/when, bump revisions and version(), and queue each changed
// record once for persistence.
#include "store_fixture.hpp"

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
