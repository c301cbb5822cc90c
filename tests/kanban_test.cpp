// Tests for kanban: the lanes per grouping (with the query's filters, except the state filter
// for the State grouping), the move rules for every type and pair of states, applying moves,
// and undo (exact restore, refused when the activity changed since, LIFO over several moves).
// Expected results are written out by hand, not derived from the code under test.
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/activity.hpp"
#include "core/activity_query.hpp"
#include "core/civil_time.hpp"
#include "core/ids.hpp"
#include "core/kanban.hpp"
#include "core/store.hpp"

using namespace crm;

namespace {

constexpr UtcMillis kT0 = 1'795'000'000'000;  // 2026-11-18T11:06:40Z
constexpr UtcMillis kHour = 3'600'000;

using Names = std::vector<std::string>;
using Reasons = std::vector<StatusReason>;

struct Board {
    Store store{11};
    Actor setup{"", kT0};
    TimeZone zone = TimeZone::utc();
    std::string me, mate, zed, north;

    Board() {
        me = store.create_user("Me", "", setup).value;
        mate = store.create_user("anna Mate", "", setup).value;  // lower-case: ordering ignores case
        zed = store.create_user("Zed", "", setup).value;
        north = store.create_team("North", setup).value;
        REQUIRE(store.set_team_member(north, me, true, setup).ok());
        REQUIRE(store.set_team_member(north, mate, true, setup).ok());
    }
    Actor actor(UtcMillis dt = 0) const { return {me, kT0 + dt}; }
    OwnerRef user(const std::string& id) const { return {OwnerKind::User, id}; }
    OwnerRef team(const std::string& id) const { return {OwnerKind::Team, id}; }

    std::string add(ActivityType type, std::string subject, ActivityState state = ActivityState::Open,
                    Priority priority = Priority::Normal, OwnerRef owner = {}) {
        Activity a;
        a.type = type;
        a.subject = std::move(subject);
        a.state = state;
        a.reason = default_reason(type, state);
        a.priority = priority;
        a.owner = owner.empty() ? user(me) : owner;
        if (type == ActivityType::Appointment) {
            a.scheduled_start = kT0 + 24 * kHour;
            a.scheduled_end = kT0 + 25 * kHour;
        }
        auto r = store.create_activity(a, actor());
        REQUIRE_MESSAGE(r.ok(), a.subject);
        REQUIRE(store.activities().find(r.value)->state == state);
        return r.value;
    }
    const Activity& get(const std::string& id) const {
        const Activity* a = store.activities().find(id);
        REQUIRE(a != nullptr);
        return *a;
    }
    KanbanBoard build(KanbanGrouping g, ActivityQuery q = all()) const {
        QueryContext ctx{me, &zone, kT0};
        return build_kanban(store, q, SortSpec{SortColumn::Subject}, ctx, g);
    }
    static ActivityQuery all() {
        ActivityQuery q;
        q.view = ActivityView::AllActivities;
        q.state = StateFilter::Any;
        return q;
    }
    Names titles(const KanbanBoard& b) const {
        Names out;
        for (const auto& l : b.lanes) out.push_back(l.title);
        return out;
    }
    Names cards(const KanbanLane& lane) const {
        Names out;
        for (auto r : lane.cards) out.push_back(store.activities().at(r).subject);
        return out;
    }
    KanbanLane state_lane(ActivityState s) const {
        KanbanLane l;
        l.title = activity_state_name(s);
        l.state = s;
        return l;
    }
    KanbanLane priority_lane(Priority p) const {
        KanbanLane l;
        l.title = priority_name(p);
        l.priority = p;
        return l;
    }
    KanbanLane owner_lane(const OwnerRef& o) const {
        KanbanLane l;
        l.title = store.owner_name(o);
        l.owner = o;
        return l;
    }
    KanbanLane type_lane(ActivityType t) const {
        KanbanLane l;
        l.title = activity_type_name(t);
        l.type = t;
        return l;
    }
};

// A small board used by the lane tests.
void fill(Board& b) {
    b.add(ActivityType::Task, "a open task", ActivityState::Open, Priority::High);
    b.add(ActivityType::Task, "b completed task", ActivityState::Completed, Priority::Low);
    b.add(ActivityType::PhoneCall, "c canceled call", ActivityState::Canceled, Priority::Normal, b.user(b.mate));
    b.add(ActivityType::Appointment, "d scheduled meeting", ActivityState::Scheduled, Priority::High, b.team(b.north));
    b.add(ActivityType::Appointment, "e open meeting", ActivityState::Open, Priority::Low, b.user(b.zed));
    b.add(ActivityType::Note, "f note", ActivityState::Open, Priority::Normal, b.user(b.mate));
    b.add(ActivityType::Email, "g email draft", ActivityState::Open, Priority::Normal, b.user(b.zed));
    auto gone = b.add(ActivityType::Task, "h deleted task", ActivityState::Open, Priority::High);
    std::vector<std::string> ids{gone};
    REQUIRE(b.store.delete_activities(ids, b.actor()).ok());
}

}  // namespace

TEST_CASE("kanban: state lanes show every state whatever the state filter") {
    Board b;
    fill(b);
    ActivityQuery q = Board::all();
    q.state = StateFilter::Active;  // ignored by the State grouping
    KanbanBoard board = b.build(KanbanGrouping::State, q);
    CHECK(board.grouping == KanbanGrouping::State);
    REQUIRE(b.titles(board) == Names{"Open", "Scheduled", "Completed", "Canceled"});
    CHECK(board.lanes[0].state == ActivityState::Open);
    CHECK(board.lanes[1].state == ActivityState::Scheduled);
    CHECK(board.lanes[2].state == ActivityState::Completed);
    CHECK(board.lanes[3].state == ActivityState::Canceled);
    CHECK(b.cards(board.lanes[0]) == Names{"a open task", "e open meeting", "f note", "g email draft"});
    CHECK(b.cards(board.lanes[1]) == Names{"d scheduled meeting"});
    CHECK(b.cards(board.lanes[2]) == Names{"b completed task"});
    CHECK(b.cards(board.lanes[3]) == Names{"c canceled call"});

    // the other filters apply: type mask, view, text
    q.type_mask = (1u << static_cast<unsigned>(ActivityType::Task)) | (1u << static_cast<unsigned>(ActivityType::PhoneCall));
    board = b.build(KanbanGrouping::State, q);
    REQUIRE(board.lanes.size() == 4);
    CHECK(b.cards(board.lanes[0]) == Names{"a open task"});
    CHECK(b.cards(board.lanes[1]).empty());
    CHECK(b.cards(board.lanes[2]) == Names{"b completed task"});
    CHECK(b.cards(board.lanes[3]) == Names{"c canceled call"});

    q = Board::all();
    q.view = ActivityView::MyActivities;
    board = b.build(KanbanGrouping::State, q);
    CHECK(b.cards(board.lanes[0]) == Names{"a open task"});
    CHECK(b.cards(board.lanes[2]) == Names{"b completed task"});
    CHECK(b.cards(board.lanes[3]).empty());

    q = Board::all();
    q.text = "MEETING";
    board = b.build(KanbanGrouping::State, q);
    CHECK(b.cards(board.lanes[0]) == Names{"e open meeting"});
    CHECK(b.cards(board.lanes[1]) == Names{"d scheduled meeting"});
    CHECK(b.cards(board.lanes[2]).empty());

    // lanes keep the query's sort order
    QueryContext ctx{b.me, &b.zone, kT0};
    board = build_kanban(b.store, Board::all(), SortSpec{SortColumn::Subject, true}, ctx, KanbanGrouping::State);
    CHECK(b.cards(board.lanes[0]) == Names{"g email draft", "f note", "e open meeting", "a open task"});
}

TEST_CASE("kanban: type, priority and owner lanes apply every filter") {
    Board b;
    fill(b);
    ActivityQuery q = Board::all();
    q.state = StateFilter::Active;

    KanbanBoard board = b.build(KanbanGrouping::Type, q);
    REQUIRE(b.titles(board) == Names{"Email", "Phone Call", "Task", "Appointment", "Note"});
    CHECK(board.lanes[0].type == ActivityType::Email);
    CHECK(board.lanes[4].type == ActivityType::Note);
    CHECK(b.cards(board.lanes[0]) == Names{"g email draft"});
    CHECK(b.cards(board.lanes[1]).empty());  // the canceled call is filtered out
    CHECK(b.cards(board.lanes[2]) == Names{"a open task"});
    CHECK(b.cards(board.lanes[3]) == Names{"d scheduled meeting", "e open meeting"});
    CHECK(b.cards(board.lanes[4]) == Names{"f note"});

    board = b.build(KanbanGrouping::Priority, q);
    REQUIRE(b.titles(board) == Names{"High", "Normal", "Low"});
    CHECK(board.lanes[0].priority == Priority::High);
    CHECK(board.lanes[2].priority == Priority::Low);
    CHECK(b.cards(board.lanes[0]) == Names{"a open task", "d scheduled meeting"});
    CHECK(b.cards(board.lanes[1]) == Names{"f note", "g email draft"});
    CHECK(b.cards(board.lanes[2]) == Names{"e open meeting"});

    board = b.build(KanbanGrouping::Priority, Board::all());
    CHECK(b.cards(board.lanes[1]) == Names{"c canceled call", "f note", "g email draft"});
    CHECK(b.cards(board.lanes[2]) == Names{"b completed task", "e open meeting"});

    // owners: me first, then the others by name (case-insensitive), only those with cards
    board = b.build(KanbanGrouping::Owner, q);
    REQUIRE(b.titles(board) == Names{"Me", "anna Mate", "North", "Zed"});
    CHECK(board.lanes[0].owner == b.user(b.me));
    CHECK(board.lanes[1].owner == b.user(b.mate));
    CHECK(board.lanes[2].owner == b.team(b.north));
    CHECK(board.lanes[3].owner == b.user(b.zed));
    CHECK(b.cards(board.lanes[0]) == Names{"a open task"});
    CHECK(b.cards(board.lanes[1]) == Names{"f note"});
    CHECK(b.cards(board.lanes[2]) == Names{"d scheduled meeting"});
    CHECK(b.cards(board.lanes[3]) == Names{"e open meeting", "g email draft"});

    q.view = ActivityView::MyTeamMembers;  // mate and the North team
    board = b.build(KanbanGrouping::Owner, q);
    CHECK(b.titles(board) == Names{"anna Mate", "North"});

    q = Board::all();
    q.type_mask = 1u << static_cast<unsigned>(ActivityType::Note);
    board = b.build(KanbanGrouping::Owner, q);
    CHECK(b.titles(board) == Names{"anna Mate"});
    q.type_mask = 0;
    CHECK(b.build(KanbanGrouping::Owner, q).lanes.empty());
    CHECK(b.build(KanbanGrouping::Type, q).lanes.size() == 5);  // fixed lanes stay, empty
    CHECK(b.build(KanbanGrouping::Priority, q).lanes.size() == 3);
}

TEST_CASE("kanban: state moves for every type and pair of states") {
    Board b;
    using S = ActivityState;
    using T = ActivityType;
    using R = StatusReason;
    // Every allowed move and the reasons it offers; every other move between different states
    // is refused. Written from Dynamics' rules: only appointments are ever Scheduled, closed
    // activities are read-only, notes have no status.
    const std::map<std::tuple<T, S, S>, Reasons> allowed = {
        {{T::Task, S::Open, S::Completed}, {R::Completed}},
        {{T::Task, S::Open, S::Canceled}, {R::Canceled}},
        {{T::PhoneCall, S::Open, S::Completed}, {R::Made, R::Received}},
        {{T::PhoneCall, S::Open, S::Canceled}, {R::Canceled}},
        {{T::Email, S::Open, S::Completed}, {R::Completed, R::Sent, R::Received, R::PendingSend}},
        {{T::Email, S::Open, S::Canceled}, {R::Canceled}},
        {{T::Appointment, S::Open, S::Scheduled}, {R::Busy, R::OutOfOffice}},
        {{T::Appointment, S::Open, S::Completed}, {R::Completed}},
        {{T::Appointment, S::Open, S::Canceled}, {R::Canceled}},
        {{T::Appointment, S::Scheduled, S::Open}, {R::Free, R::Tentative}},
        {{T::Appointment, S::Scheduled, S::Completed}, {R::Completed}},
        {{T::Appointment, S::Scheduled, S::Canceled}, {R::Canceled}},
    };
    // the states each type can be in
    const std::map<T, std::vector<S>> states = {
        {T::Task, {S::Open, S::Completed, S::Canceled}},
        {T::PhoneCall, {S::Open, S::Completed, S::Canceled}},
        {T::Email, {S::Open, S::Completed, S::Canceled}},
        {T::Appointment, {S::Open, S::Scheduled, S::Completed, S::Canceled}},
        {T::Note, {S::Open}},
    };
    int checked = 0, allowed_seen = 0;
    for (const auto& entry : states) {
        // Not a structured binding: CAPTURE's lambda cannot capture one in clang 14 (the sanitizer build).
        const T type = entry.first;
        for (S from : entry.second) {
            auto id = b.add(type, std::string(activity_type_name(type)) + " " + activity_state_name(from), from);
            const Activity card = b.get(id);
            for (S to : {S::Open, S::Scheduled, S::Completed, S::Canceled}) {
                CAPTURE(activity_type_name(type));
                CAPTURE(activity_state_name(from));
                CAPTURE(activity_state_name(to));
                MovePlan plan = plan_move(b.store, card, b.state_lane(to), KanbanGrouping::State);
                ++checked;
                if (from == to) {
                    CHECK(plan.no_change);
                    CHECK_FALSE(plan.allowed);
                    continue;
                }
                CHECK_FALSE(plan.no_change);
                auto it = allowed.find({type, from, to});
                if (it != allowed.end()) {
                    ++allowed_seen;
                    CHECK(plan.allowed);
                    CHECK(plan.refusal.empty());
                    CHECK(plan.reasons == it->second);
                } else {
                    CHECK_FALSE(plan.allowed);
                    CHECK(plan.reasons.empty());
                    if (type == T::Note) CHECK(plan.refusal == "Notes have no status: they cannot be completed or canceled.");
                    else if (is_closed(from)) CHECK(plan.refusal == "Completed and canceled activities are read-only.");
                    else CHECK(plan.refusal == "Only appointments can be scheduled.");
                }
            }
        }
    }
    CHECK(checked == 14 * 4);
    CHECK(allowed_seen == 12);
}

TEST_CASE("kanban: type moves are refused; priority and owner moves follow the rules") {
    Board b;
    auto task = b.add(ActivityType::Task, "Task");
    auto note = b.add(ActivityType::Note, "Note");
    auto done = b.add(ActivityType::Task, "Done", ActivityState::Completed);

    for (auto t : kAllActivityTypes) {
        MovePlan plan = plan_move(b.store, b.get(task), b.type_lane(t), KanbanGrouping::Type);
        if (t == ActivityType::Task) {
            CHECK(plan.no_change);
        } else {
            CHECK_FALSE(plan.allowed);
            CHECK(plan.refusal == "The type of an activity cannot change.");
        }
    }
    CHECK_FALSE(plan_move(b.store, b.get(note), b.type_lane(ActivityType::Email), KanbanGrouping::Type).allowed);
    std::optional<StatusReason> none;
    UndoStack undo;
    Status st = apply_move(b.store, task, b.type_lane(ActivityType::Email), KanbanGrouping::Type, none, b.actor(1), undo);
    CHECK_FALSE(st.ok());
    CHECK(b.get(task).type == ActivityType::Task);

    MovePlan plan = plan_move(b.store, b.get(task), b.priority_lane(Priority::High), KanbanGrouping::Priority);
    CHECK(plan.allowed);
    CHECK(plan.reasons.empty());
    CHECK(plan_move(b.store, b.get(task), b.priority_lane(Priority::Normal), KanbanGrouping::Priority).no_change);
    plan = plan_move(b.store, b.get(note), b.priority_lane(Priority::High), KanbanGrouping::Priority);
    CHECK_FALSE(plan.allowed);
    CHECK(plan.refusal == "Notes have no priority.");
    plan = plan_move(b.store, b.get(done), b.priority_lane(Priority::High), KanbanGrouping::Priority);
    CHECK_FALSE(plan.allowed);
    CHECK(plan.refusal == "Completed and canceled activities are read-only.");

    plan = plan_move(b.store, b.get(task), b.owner_lane(b.team(b.north)), KanbanGrouping::Owner);
    CHECK(plan.allowed);
    CHECK(plan_move(b.store, b.get(note), b.owner_lane(b.user(b.mate)), KanbanGrouping::Owner).allowed);  // notes have owners
    CHECK(plan_move(b.store, b.get(task), b.owner_lane(b.user(b.me)), KanbanGrouping::Owner).no_change);
    plan = plan_move(b.store, b.get(done), b.owner_lane(b.user(b.mate)), KanbanGrouping::Owner);
    CHECK_FALSE(plan.allowed);
    CHECK(plan.refusal == "Completed and canceled activities are read-only.");
    KanbanLane ghost;
    ghost.title = "Ghost";
    ghost.owner = b.user("no-such-user");
    plan = plan_move(b.store, b.get(task), ghost, KanbanGrouping::Owner);
    CHECK_FALSE(plan.allowed);
    CHECK(plan.refusal == "The owner does not exist.");

    // priority move
    const auto rev = b.get(task).meta.rev;
    REQUIRE(apply_move(b.store, task, b.priority_lane(Priority::High), KanbanGrouping::Priority, none, b.actor(2), undo).ok());
    CHECK(b.get(task).priority == Priority::High);
    CHECK(b.get(task).meta.rev != rev);
    CHECK(undo.size() == 1);
    CHECK(undo.last_description() == "Moved to High");

    // owner move
    REQUIRE(apply_move(b.store, task, b.owner_lane(b.team(b.north)), KanbanGrouping::Owner, none, b.actor(3), undo).ok());
    CHECK(b.get(task).owner == b.team(b.north));
    CHECK(undo.size() == 2);
    CHECK(undo.last_description() == "Moved to North");

    // refused moves change nothing and push nothing
    const auto v = b.store.version();
    CHECK_FALSE(apply_move(b.store, note, b.priority_lane(Priority::Low), KanbanGrouping::Priority, none, b.actor(4), undo).ok());
    CHECK_FALSE(apply_move(b.store, task, ghost, KanbanGrouping::Owner, none, b.actor(4), undo).ok());
    CHECK_FALSE(apply_move(b.store, "missing", b.priority_lane(Priority::Low), KanbanGrouping::Priority, none, b.actor(4), undo).ok());
    // a drop on its own lane is a no-op
    CHECK(apply_move(b.store, task, b.priority_lane(Priority::High), KanbanGrouping::Priority, none, b.actor(4), undo).ok());
    CHECK(b.store.version() == v);
    CHECK(undo.size() == 2);
}

TEST_CASE("kanban: state moves ask for a reason only when there are several") {
    Board b;
    auto call = b.add(ActivityType::PhoneCall, "Call");
    auto task = b.add(ActivityType::Task, "Task");
    UndoStack undo;
    std::optional<StatusReason> none;
    const auto v = b.store.version();
    Status st = apply_move(b.store, call, b.state_lane(ActivityState::Completed), KanbanGrouping::State, none, b.actor(1), undo);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error_for("reason") != nullptr);
    st = apply_move(b.store, call, b.state_lane(ActivityState::Completed), KanbanGrouping::State, StatusReason::Sent,
                    b.actor(1), undo);
    CHECK(st.error_for("reason") != nullptr);
    CHECK(b.store.version() == v);
    CHECK(undo.size() == 0);
    CHECK(b.get(call).state == ActivityState::Open);

    REQUIRE(apply_move(b.store, call, b.state_lane(ActivityState::Completed), KanbanGrouping::State, StatusReason::Received,
                       b.actor(2), undo).ok());
    CHECK(b.get(call).state == ActivityState::Completed);
    CHECK(b.get(call).reason == StatusReason::Received);
    CHECK(b.get(call).actual_end == kT0 + 2);
    // a single reason needs no choice
    REQUIRE(apply_move(b.store, task, b.state_lane(ActivityState::Canceled), KanbanGrouping::State, none, b.actor(3), undo).ok());
    CHECK(b.get(task).state == ActivityState::Canceled);
    CHECK(b.get(task).reason == StatusReason::Canceled);
    CHECK(undo.size() == 2);
    CHECK(undo.last_description() == "Moved to Canceled");
    // a Scheduled lane refuses the task with the plan's message
    auto other = b.add(ActivityType::Task, "Other");
    st = apply_move(b.store, other, b.state_lane(ActivityState::Scheduled), KanbanGrouping::State, none, b.actor(4), undo);
    REQUIRE_FALSE(st.ok());
    CHECK(st.errors[0].message == "Only appointments can be scheduled.");
    CHECK(st.errors[0].arg == "Other");
}

TEST_CASE("kanban: undo restores state, reason, actual_end, owner and priority exactly") {
    Board b;
    auto id = b.add(ActivityType::Task, "Follow up", ActivityState::Open, Priority::Low);
    {
        Activity edited = b.get(id);
        edited.reason = StatusReason::InProgress;
        REQUIRE(b.store.update_activity(edited, b.actor(1)).ok());
    }
    const Activity original = b.get(id);
    REQUIRE_FALSE(original.actual_end.has_value());
    UndoStack undo;
    CHECK_FALSE(undo.can_undo());
    CHECK(undo.last_description().empty());

    REQUIRE(apply_move(b.store, id, b.state_lane(ActivityState::Completed), KanbanGrouping::State, std::nullopt,
                       b.actor(10), undo).ok());
    CHECK(b.get(id).state == ActivityState::Completed);
    CHECK(b.get(id).actual_end == kT0 + 10);
    REQUIRE(undo.can_undo());
    CHECK(undo.last_description() == "Moved to Completed");
    b.store.take_pending_changes();

    Actor undoer{b.mate, kT0 + 20};
    REQUIRE(undo.undo(b.store, undoer).ok());
    const Activity& now = b.get(id);
    CHECK(now.state == ActivityState::Open);
    CHECK(now.reason == StatusReason::InProgress);
    CHECK_FALSE(now.actual_end.has_value());
    CHECK(now.priority == Priority::Low);
    CHECK(now.owner == original.owner);
    CHECK(now.subject == original.subject);
    CHECK(now.meta.created_by == original.meta.created_by);
    CHECK(now.meta.created_at == original.meta.created_at);
    CHECK(now.meta.modified_by == b.mate);
    CHECK(now.meta.modified_at == kT0 + 20);
    CHECK(revision_generation(now.meta.rev) == revision_generation(original.meta.rev) + 2);  // a new revision, not a rewind
    CHECK(b.store.take_pending_changes().size() == 1);  // queued for persistence
    CHECK_FALSE(undo.can_undo());

    // a second undo has nothing to undo
    const auto v = b.store.version();
    Status st = undo.undo(b.store, undoer);
    CHECK_FALSE(st.ok());
    CHECK(b.store.version() == v);

    // owner and priority moves undo too
    REQUIRE(apply_move(b.store, id, b.owner_lane(b.user(b.zed)), KanbanGrouping::Owner, std::nullopt, b.actor(30), undo).ok());
    REQUIRE(apply_move(b.store, id, b.priority_lane(Priority::High), KanbanGrouping::Priority, std::nullopt, b.actor(31), undo).ok());
    CHECK(b.get(id).owner == b.user(b.zed));
    CHECK(b.get(id).priority == Priority::High);
    REQUIRE(undo.undo(b.store, b.actor(32)).ok());
    CHECK(b.get(id).priority == Priority::Low);
    CHECK(b.get(id).owner == b.user(b.zed));
    REQUIRE(undo.undo(b.store, b.actor(33)).ok());  // the same card again: LIFO
    CHECK(b.get(id).owner == original.owner);
    CHECK(b.get(id).priority == Priority::Low);
    CHECK(b.get(id).reason == StatusReason::InProgress);
    CHECK_FALSE(undo.can_undo());
}

TEST_CASE("kanban: undo is refused, changing nothing, when the activity was edited after the move") {
    Board b;
    auto id = b.add(ActivityType::Appointment, "Demo");
    UndoStack undo;
    REQUIRE(apply_move(b.store, id, b.state_lane(ActivityState::Scheduled), KanbanGrouping::State, StatusReason::OutOfOffice,
                       b.actor(1), undo).ok());
    Activity edited = b.get(id);
    edited.location = "Room 4";
    REQUIRE(b.store.update_activity(edited, b.actor(2)).ok());
    const Activity before_undo = b.get(id);
    const auto v = b.store.version();
    b.store.take_pending_changes();

    Status st = undo.undo(b.store, b.actor(3));
    REQUIRE_FALSE(st.ok());
    CHECK(st.errors[0].message == "This activity was changed elsewhere since; the change cannot be undone.");
    CHECK(st.errors[0].arg == "Demo");
    CHECK_FALSE(undo.can_undo());  // the entry is dropped
    CHECK(b.store.version() == v);
    CHECK_FALSE(b.store.has_pending_changes());
    CHECK(b.get(id).state == ActivityState::Scheduled);
    CHECK(b.get(id).location == "Room 4");
    CHECK(b.get(id).meta.rev == before_undo.meta.rev);

    // deleted since: refused as well
    REQUIRE(apply_move(b.store, id, b.state_lane(ActivityState::Open), KanbanGrouping::State, StatusReason::Tentative,
                       b.actor(4), undo).ok());
    std::vector<std::string> ids{id};
    REQUIRE(b.store.delete_activities(ids, b.actor(5)).ok());
    CHECK_FALSE(undo.undo(b.store, b.actor(6)).ok());
    CHECK(b.get(id).meta.deleted);
}

TEST_CASE("kanban: undo runs last in, first out, and each entry is all or nothing") {
    Board b;
    auto a = b.add(ActivityType::Task, "A");
    auto c = b.add(ActivityType::Task, "C");
    UndoStack undo;
    REQUIRE(apply_move(b.store, a, b.state_lane(ActivityState::Completed), KanbanGrouping::State, std::nullopt, b.actor(1), undo).ok());
    REQUIRE(apply_move(b.store, c, b.priority_lane(Priority::High), KanbanGrouping::Priority, std::nullopt, b.actor(2), undo).ok());
    REQUIRE(apply_move(b.store, c, b.state_lane(ActivityState::Canceled), KanbanGrouping::State, std::nullopt, b.actor(3), undo).ok());
    CHECK(undo.size() == 3);

    REQUIRE(undo.undo(b.store, b.actor(4)).ok());
    CHECK(b.get(c).state == ActivityState::Open);
    CHECK(b.get(c).priority == Priority::High);
    CHECK(b.get(a).state == ActivityState::Completed);
    REQUIRE(undo.undo(b.store, b.actor(5)).ok());
    CHECK(b.get(c).priority == Priority::Normal);
    CHECK(b.get(a).state == ActivityState::Completed);
    REQUIRE(undo.undo(b.store, b.actor(6)).ok());
    CHECK(b.get(a).state == ActivityState::Open);
    CHECK(b.get(a).reason == StatusReason::NotStarted);
    CHECK(undo.size() == 0);

    // an entry covering two activities: one edited since -> neither is restored
    std::vector<Activity> before{b.get(a), b.get(c)};
    std::vector<std::string> ids{a, c};
    REQUIRE(b.store.set_state(ids, ActivityState::Canceled, StatusReason::Canceled, b.actor(7)).ok());
    undo.push("Canceled 2 activities", before, b.store);
    CHECK(undo.last_description() == "Canceled 2 activities");
    REQUIRE(b.store.restore_activity(before[1], b.get(c).meta.rev, b.actor(8)).ok());  // someone reopens C
    const auto v = b.store.version();
    CHECK_FALSE(undo.undo(b.store, b.actor(9)).ok());
    CHECK(b.get(a).state == ActivityState::Canceled);
    CHECK(b.store.version() == v);

    // and both are restored when neither changed
    auto x = b.add(ActivityType::Task, "X");
    auto y = b.add(ActivityType::PhoneCall, "Y");
    before = {b.get(x), b.get(y)};
    std::vector<std::string> xy{x, y};
    REQUIRE(b.store.set_state(xy, ActivityState::Canceled, StatusReason::Canceled, b.actor(10)).ok());
    undo.push("Canceled 2 activities", before, b.store);
    b.store.take_pending_changes();
    REQUIRE(undo.undo(b.store, b.actor(11)).ok());
    CHECK(b.get(x).state == ActivityState::Open);
    CHECK(b.get(y).state == ActivityState::Open);
    CHECK(b.get(y).reason == StatusReason::Open);
    CHECK_FALSE(b.get(x).actual_end.has_value());
    CHECK(b.store.take_pending_changes().size() == 2);
}
