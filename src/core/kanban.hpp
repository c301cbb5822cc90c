// The kanban board: activities as cards in lanes, by state (Open, Scheduled, Completed, Canceled)
// or by type, priority or owner, with the moves the real state rules allow. Dragging a card to a
// lane is planned first (plan_move: allowed? which status reasons to offer? why refused?), so the
// view can dim lanes that refuse the dragged card and ask for a reason only where the type has
// several. Every applied move goes on an UndoStack; undo restores the exact previous copy unless
// the activity changed since.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "activity_query.hpp"
#include "store.hpp"

namespace crm {

enum class KanbanGrouping : std::uint8_t { State = 0, Type = 1, Priority = 2, Owner = 3 };
const char* kanban_grouping_name(KanbanGrouping g);  // English, for tr()

struct KanbanLane {
    std::string title;            // English state/type/priority name (tr() it), or the owner's name
    ActivityState state = ActivityState::Open;       // for State grouping
    ActivityType type = ActivityType::Task;          // for Type grouping
    Priority priority = Priority::Normal;            // for Priority grouping
    OwnerRef owner;                                  // for Owner grouping
    std::vector<std::uint32_t> cards;                // rows of store.activities(), in the query's sort order
};

struct KanbanBoard {
    KanbanGrouping grouping = KanbanGrouping::State;
    std::vector<KanbanLane> lanes;
};

// State grouping always shows the four state lanes (the query's state filter is not applied,
// everything else is); Type shows the five types; Priority Low/Normal/High; Owner one lane per
// user and team that owns at least one matching card, the current user first.
KanbanBoard build_kanban(const Store& store, const ActivityQuery& query, const SortSpec& sort, const QueryContext& ctx,
                         KanbanGrouping grouping);

struct MovePlan {
    bool allowed = false;
    bool no_change = false;                // dropped on its own lane
    std::string refusal;                   // English, when not allowed ("Notes have no status ...")
    std::vector<StatusReason> reasons;     // State grouping: valid reasons of the target state;
                                           // ask the user when there is more than one
};

MovePlan plan_move(const Store& store, const Activity& card, const KanbanLane& target, KanbanGrouping grouping);

struct UndoEntry {
    std::string description;               // English, e.g. "Moved to Completed"
    std::vector<Activity> before;          // copies as they were before the change
    std::vector<std::string> after_revs;   // their revisions right after it
};

class UndoStack {
public:
    // Records a change: `before` copies, and the store's state right after the change.
    void push(std::string description, std::vector<Activity> before, const Store& store);
    bool can_undo() const { return !entries_.empty(); }
    const std::string& last_description() const;
    // Restores the copies of the last entry (all or nothing). Refused, and the entry dropped,
    // when any of those activities changed since (its revision differs).
    Status undo(Store& store, const Actor& actor);
    std::size_t size() const { return entries_.size(); }

private:
    std::vector<UndoEntry> entries_;
};

// Applies a planned, allowed move: State -> set_state with `reason` (required when the plan has
// several reasons, else the only one); Priority -> the new priority; Owner -> assign. Type moves
// are never allowed. Pushes an undo entry on success.
Status apply_move(Store& store, const std::string& activity_id, const KanbanLane& target, KanbanGrouping grouping,
                  std::optional<StatusReason> reason, const Actor& actor, UndoStack& undo);

}  // namespace crm
