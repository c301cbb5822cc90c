// Kanban: lanes per grouping, the state rules of every type as moves between lanes, and undo.
#include <doctest/doctest.h>

#include "core/kanban.hpp"

using namespace crm;

namespace {

struct Board {
    Store store;
    std::string me;
    UtcMillis now = 1'795'000'000'000;
    TimeZone zone = TimeZone::utc();
    Board() { me = store.create_user("Me", "me@example.com", {"", now}).value; }
    Actor actor() const { return {me, now}; }
    QueryContext ctx() const { return {me, &zone, now}; }
    std::string add(ActivityType type, const std::string& subject, ActivityState state = ActivityState::Open) {
        Activity a;
        a.type = type;
        a.subject = subject;
        a.state = state;
        a.reason = default_reason(type, state);
        if (type == ActivityType::Appointment) {
            a.scheduled_start = now;
            a.scheduled_end = now + 3'600'000;
        }
        auto r = store.create_activity(a, actor());
        REQUIRE(r.ok());
        return r.value;
    }
    KanbanLane lane(ActivityState s) { return KanbanLane{.title = activity_state_name(s), .state = s}; }
    const Activity& get(const std::string& id) { return *store.activities().find(id); }
};

}  // namespace

TEST_CASE("kanban: state lanes show every state, whatever the state filter; other groupings") {
    Board b;
    b.add(ActivityType::Task, "open task");
    b.add(ActivityType::Task, "done task", ActivityState::Completed);
    b.add(ActivityType::Appointment, "meeting", ActivityState::Scheduled);
    ActivityQuery q;
    q.state = StateFilter::Active;
    auto board = build_kanban(b.store, q, {}, b.ctx(), KanbanGrouping::State);
    REQUIRE(board.lanes.size() == 4);
    CHECK(board.lanes[0].cards.size() == 1);  // Open
    CHECK(board.lanes[1].cards.size() == 1);  // Scheduled
    CHECK(board.lanes[2].cards.size() == 1);  // Completed
    CHECK(board.lanes[3].cards.empty());
    auto by_type = build_kanban(b.store, q, {}, b.ctx(), KanbanGrouping::Type);
    REQUIRE(by_type.lanes.size() == 5);
    CHECK(by_type.lanes[static_cast<int>(ActivityType::Task)].cards.size() == 1);  // the filter applies here
    auto by_owner = build_kanban(b.store, q, {}, b.ctx(), KanbanGrouping::Owner);
    REQUIRE(by_owner.lanes.size() == 1);
    CHECK(by_owner.lanes[0].title == "Me");
}

TEST_CASE("kanban: moves between state lanes follow each type's rules") {
    using S = ActivityState;
    using R = StatusReason;
    struct Case {
        ActivityType type;
        S from, to;
        bool allowed;
        std::vector<R> reasons;
    };
    const std::vector<Case> cases = {
        {ActivityType::Task, S::Open, S::Completed, true, {R::Completed}},
        {ActivityType::Task, S::Open, S::Canceled, true, {R::Canceled}},
        {ActivityType::Task, S::Open, S::Scheduled, false, {}},
        {ActivityType::Task, S::Completed, S::Open, false, {}},
        {ActivityType::Task, S::Canceled, S::Completed, false, {}},
        {ActivityType::PhoneCall, S::Open, S::Completed, true, {R::Made, R::Received}},
        {ActivityType::PhoneCall, S::Open, S::Scheduled, false, {}},
        {ActivityType::PhoneCall, S::Completed, S::Canceled, false, {}},
        {ActivityType::Email, S::Open, S::Completed, true, {R::Completed, R::Sent, R::Received, R::PendingSend}},
        {ActivityType::Email, S::Open, S::Canceled, true, {R::Canceled}},
        {ActivityType::Appointment, S::Open, S::Scheduled, true, {R::Busy, R::OutOfOffice}},
        {ActivityType::Appointment, S::Scheduled, S::Open, true, {R::Free, R::Tentative}},
        {ActivityType::Appointment, S::Scheduled, S::Completed, true, {R::Completed}},
        {ActivityType::Appointment, S::Completed, S::Scheduled, false, {}},
        {ActivityType::Note, S::Open, S::Completed, false, {}},
        {ActivityType::Note, S::Open, S::Canceled, false, {}},
    };
    for (const auto& c : cases) {
        Board b;
        auto id = b.add(c.type, "card", c.from);
        CAPTURE(activity_type_name(c.type));
        CAPTURE(activity_state_name(c.from));
        CAPTURE(activity_state_name(c.to));
        MovePlan plan = plan_move(b.store, b.get(id), b.lane(c.to), KanbanGrouping::State);
        CHECK(plan.allowed == c.allowed);
        CHECK(plan.reasons == c.reasons);
        if (!c.allowed) CHECK_FALSE(plan.refusal.empty());
    }
    Board b;
    auto note = b.add(ActivityType::Note, "note");
    CHECK(plan_move(b.store, b.get(note), b.lane(ActivityState::Completed), KanbanGrouping::State).refusal.find("Notes") == 0);
    CHECK(plan_move(b.store, b.get(note), b.lane(ActivityState::Open), KanbanGrouping::State).no_change);
    KanbanLane email_lane{.title = "Email", .type = ActivityType::Email};
    CHECK_FALSE(plan_move(b.store, b.get(note), email_lane, KanbanGrouping::Type).allowed);
}

TEST_CASE("kanban: apply a move, undo it exactly, and refuse an undo after a later edit") {
    Board b;
    auto call = b.add(ActivityType::PhoneCall, "call");
    Activity before = b.get(call);
    UndoStack undo;
    CHECK_FALSE(apply_move(b.store, call, b.lane(ActivityState::Completed), KanbanGrouping::State, std::nullopt, b.actor(), undo).ok());
    REQUIRE(apply_move(b.store, call, b.lane(ActivityState::Completed), KanbanGrouping::State, StatusReason::Received, b.actor(), undo).ok());
    CHECK(b.get(call).state == ActivityState::Completed);
    CHECK(b.get(call).reason == StatusReason::Received);
    CHECK(b.get(call).actual_end.has_value());
    REQUIRE(undo.can_undo());
    CHECK(undo.last_description() == "Moved to Completed");
    REQUIRE(undo.undo(b.store, b.actor()).ok());
    CHECK(b.get(call).state == ActivityState::Open);
    CHECK(b.get(call).reason == before.reason);
    CHECK_FALSE(b.get(call).actual_end.has_value());
    CHECK(revision_generation(b.get(call).meta.rev) == 3);  // undo is a new revision, not a rewind
    CHECK_FALSE(undo.undo(b.store, b.actor()).ok());        // nothing left

    // priority move, then an edit elsewhere: the undo is refused and changes nothing
    KanbanLane high{.title = "High", .priority = Priority::High};
    REQUIRE(apply_move(b.store, call, high, KanbanGrouping::Priority, std::nullopt, b.actor(), undo).ok());
    Activity edited = b.get(call);
    edited.subject = "call (edited)";
    REQUIRE(b.store.update_activity(edited, b.actor()).ok());
    auto version = b.store.version();
    CHECK_FALSE(undo.undo(b.store, b.actor()).ok());
    CHECK(b.store.version() == version);
    CHECK(b.get(call).priority == Priority::High);

    // LIFO over two moves
    auto task = b.add(ActivityType::Task, "task");
    KanbanLane low{.title = "Low", .priority = Priority::Low};
    REQUIRE(apply_move(b.store, task, high, KanbanGrouping::Priority, std::nullopt, b.actor(), undo).ok());
    REQUIRE(apply_move(b.store, task, low, KanbanGrouping::Priority, std::nullopt, b.actor(), undo).ok());
    REQUIRE(undo.undo(b.store, b.actor()).ok());
    CHECK(b.get(task).priority == Priority::High);
    REQUIRE(undo.undo(b.store, b.actor()).ok());
    CHECK(b.get(task).priority == Priority::Normal);
}
