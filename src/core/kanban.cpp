#include "kanban.hpp"
#include "i18n.hpp"

#include <algorithm>
#include <tuple>

namespace crm {

const char* kanban_grouping_name(KanbanGrouping g) {
    switch (g) {
        case KanbanGrouping::State: return N_("Status");
        case KanbanGrouping::Type: return N_("Activity type");
        case KanbanGrouping::Priority: return N_("Priority");
        case KanbanGrouping::Owner: return N_("Owner");
    }
    return "?";
}

namespace {

constexpr ActivityState kStateLanes[] = {ActivityState::Open, ActivityState::Scheduled, ActivityState::Completed,
                                         ActivityState::Canceled};
constexpr Priority kPriorityLanes[] = {Priority::High, Priority::Normal, Priority::Low};

constexpr const char* kReadOnly = N_("Completed and canceled activities are read-only.");
constexpr const char* kTypeFixed = N_("The type of an activity cannot change.");
constexpr const char* kChangedSince = N_("This activity was changed elsewhere since; the change cannot be undone.");
constexpr std::size_t kMaxUndoEntries = 100;

bool is_current_user(const OwnerRef& o, const std::string& me) {
    return o.kind == OwnerKind::User && !me.empty() && o.id == me;
}

// Whether `card` belongs in `lane`: the lanes' cards, and a drop on the card's own lane.
bool lane_holds(const KanbanLane& lane, const Activity& card, KanbanGrouping g) {
    switch (g) {
        case KanbanGrouping::State: return lane.state == card.state;  // notes are always Open
        case KanbanGrouping::Type: return lane.type == card.type;
        case KanbanGrouping::Priority: return lane.priority == card.priority;
        case KanbanGrouping::Owner: return lane.owner == card.owner;
    }
    return false;
}

// The field a refused move is about, for Status::failure.
const char* field_of(KanbanGrouping g) {
    switch (g) {
        case KanbanGrouping::State: return "state";
        case KanbanGrouping::Type: return "type";
        case KanbanGrouping::Priority: return "priority";
        case KanbanGrouping::Owner: return "owner";
    }
    return "";
}

}  // namespace

KanbanBoard build_kanban(const Store& store, const ActivityQuery& query, const SortSpec& sort, const QueryContext& ctx,
                         KanbanGrouping grouping) {
    KanbanBoard board;
    board.grouping = grouping;
    ActivityQuery q = query;
    if (grouping == KanbanGrouping::State) q.state = StateFilter::Any;  // every state has its lane
    const auto rows = run_activity_query(store, q, sort, ctx);
    const auto& acts = store.activities();

    switch (grouping) {
        case KanbanGrouping::State:
            for (auto s : kStateLanes) {
                KanbanLane lane;
                lane.title = activity_state_name(s);
                lane.state = s;
                board.lanes.push_back(std::move(lane));
            }
            break;
        case KanbanGrouping::Type:
            for (auto t : kAllActivityTypes) {
                KanbanLane lane;
                lane.title = activity_type_name(t);
                lane.type = t;
                board.lanes.push_back(std::move(lane));
            }
            break;
        case KanbanGrouping::Priority:
            for (auto p : kPriorityLanes) {
                KanbanLane lane;
                lane.title = priority_name(p);
                lane.priority = p;
                board.lanes.push_back(std::move(lane));
            }
            break;
        case KanbanGrouping::Owner: {
            // one lane per owner with cards: the current user first, the others by name
            struct OwnerLane {
                OwnerRef owner;
                std::string name;
                std::string key;  // lower-cased name for ordering
            };
            std::vector<OwnerLane> owners;
            for (auto r : rows) {
                const OwnerRef& o = acts.at(r).owner;
                auto it = std::find_if(owners.begin(), owners.end(), [&](const OwnerLane& l) { return l.owner == o; });
                if (it == owners.end()) {
                    std::string name = store.owner_name(o);
                    owners.push_back({o, name, ascii_lower(name)});
                }
            }
            std::sort(owners.begin(), owners.end(), [&](const OwnerLane& a, const OwnerLane& b) {
                bool ma = is_current_user(a.owner, ctx.current_user_id);
                bool mb = is_current_user(b.owner, ctx.current_user_id);
                if (ma != mb) return ma;
                return std::tie(a.key, a.name, a.owner.kind, a.owner.id) < std::tie(b.key, b.name, b.owner.kind, b.owner.id);
            });
            for (auto& o : owners) {
                KanbanLane lane;
                lane.title = o.name;
                lane.owner = o.owner;
                board.lanes.push_back(std::move(lane));
            }
            break;
        }
    }
    for (auto r : rows)
        for (auto& lane : board.lanes)
            if (lane_holds(lane, acts.at(r), grouping)) {
                lane.cards.push_back(r);
                break;
            }
    return board;
}

MovePlan plan_move(const Store& store, const Activity& card, const KanbanLane& target, KanbanGrouping grouping) {
    MovePlan plan;
    auto refuse = [&](const char* why) {
        plan.refusal = why;
        return plan;
    };
    if (card.meta.deleted) return refuse(N_("This activity no longer exists."));
    switch (grouping) {
        case KanbanGrouping::State: {
            if (lane_holds(target, card, grouping)) {
                plan.no_change = true;
                return plan;
            }
            if (card.type == ActivityType::Note) {
                if (const char* why = transition_refusal(card.type, card.state, target.state)) return refuse(why);
            }
            if (is_closed(card.state)) return refuse(kReadOnly);
            // clearer than "This activity type has no such state."
            if (target.state == ActivityState::Scheduled && !state_allowed(card.type, ActivityState::Scheduled))
                return refuse(N_("Only appointments can be scheduled."));
            if (const char* why = transition_refusal(card.type, card.state, target.state)) return refuse(why);
            auto reasons = status_reasons_for(card.type, target.state);
            if (reasons.empty()) return refuse(N_("This activity type has no such state."));
            plan.reasons.assign(reasons.begin(), reasons.end());
            plan.allowed = true;
            return plan;
        }
        case KanbanGrouping::Type:
            if (lane_holds(target, card, grouping)) plan.no_change = true;
            else plan.refusal = kTypeFixed;
            return plan;
        case KanbanGrouping::Priority:
            if (lane_holds(target, card, grouping)) plan.no_change = true;
            else if (card.type == ActivityType::Note) plan.refusal = N_("Notes have no priority.");
            else if (is_read_only(card)) plan.refusal = kReadOnly;
            else plan.allowed = true;
            return plan;
        case KanbanGrouping::Owner:
            if (lane_holds(target, card, grouping)) plan.no_change = true;
            else if (is_read_only(card)) plan.refusal = kReadOnly;
            else if (target.owner.empty() || !store.owner_exists(target.owner)) plan.refusal = N_("The owner does not exist.");
            else plan.allowed = true;
            return plan;
    }
    return plan;
}

void UndoStack::push(std::string description, std::vector<Activity> before, const Store& store) {
    UndoEntry e;
    e.description = std::move(description);
    e.before = std::move(before);
    for (const auto& a : e.before) {
        const Activity* now = store.activities().find(a.meta.id);
        e.after_revs.push_back(now ? now->meta.rev : std::string{});
    }
    entries_.push_back(std::move(e));
    if (entries_.size() > kMaxUndoEntries) entries_.erase(entries_.begin());  // a long session keeps the last 100
}

const std::string& UndoStack::last_description() const {
    static const std::string kNone;
    return entries_.empty() ? kNone : entries_.back().description;
}

Status UndoStack::undo(Store& store, const Actor& actor) {
    if (entries_.empty()) return Status::failure("", "There is nothing to undo.");
    UndoEntry e = std::move(entries_.back());
    entries_.pop_back();  // dropped whether it can be undone or not

    // Check everything first, so the restore is all or nothing.
    for (std::size_t i = 0; i < e.before.size(); ++i) {
        const Activity& b = e.before[i];
        const Activity* now = store.activities().find_live(b.meta.id);
        if (!now || i >= e.after_revs.size() || now->meta.rev != e.after_revs[i])
            return Status::failure("", kChangedSince, b.subject);
        if (now->type != b.type) return Status::failure("type", kTypeFixed, b.subject);
        Status st = validate_activity(b);
        if (!st.ok()) return st;
        if (b.owner != now->owner && !store.owner_exists(b.owner))
            return Status::failure("owner", "The owner does not exist.", b.subject);
        if (b.regarding != now->regarding && !store.regarding_exists(b.regarding))
            return Status::failure("regarding", "The Regarding record does not exist or was deleted.", b.subject);
    }
    for (std::size_t i = 0; i < e.before.size(); ++i) {
        const Activity& b = e.before[i];
        Status st = store.restore_activity(b, e.after_revs[i], actor);
        if (!st.ok()) return st;  // not expected after the checks above
        // The restored copy is the state the older entries left behind, under a new revision:
        // let them recognise it, so several moves of the same card undo one after another.
        const Activity* now = store.activities().find(b.meta.id);
        if (!now) continue;
        for (auto& older : entries_)
            for (std::size_t k = 0; k < older.before.size() && k < older.after_revs.size(); ++k)
                if (older.before[k].meta.id == b.meta.id && older.after_revs[k] == b.meta.rev)
                    older.after_revs[k] = now->meta.rev;
    }
    return {};
}

Status apply_move(Store& store, const std::string& activity_id, const KanbanLane& target, KanbanGrouping grouping,
                  std::optional<StatusReason> reason, const Actor& actor, UndoStack& undo) {
    const Activity* card = store.activities().find_live(activity_id);
    if (!card) return Status::failure("", "This activity no longer exists.");
    const MovePlan plan = plan_move(store, *card, target, grouping);
    if (plan.no_change) return {};
    if (!plan.allowed) return Status::failure(field_of(grouping), plan.refusal, card->subject);

    const Activity before = *card;  // `card` may dangle once the store changes
    const std::vector<std::string> ids{activity_id};
    Status st;
    switch (grouping) {
        case KanbanGrouping::State: {
            StatusReason chosen;
            if (reason) {
                if (std::find(plan.reasons.begin(), plan.reasons.end(), *reason) == plan.reasons.end())
                    return Status::failure("reason", "The status reason is not valid for this activity type.",
                                           before.subject);
                chosen = *reason;
            } else if (plan.reasons.size() == 1) {
                chosen = plan.reasons.front();
            } else {
                return Status::failure("reason", "Choose a status reason.", before.subject);
            }
            st = store.set_state(ids, target.state, chosen, actor);
            break;
        }
        case KanbanGrouping::Priority: {
            Activity next = before;
            next.priority = target.priority;
            st = store.update_activity(next, actor);
            break;
        }
        case KanbanGrouping::Owner: st = store.assign(ids, target.owner, actor); break;
        case KanbanGrouping::Type: return Status::failure("type", kTypeFixed, before.subject);
    }
    if (!st.ok()) return st;
    undo.push(tr_args(N_("Moved to %s"), {tr(target.title.c_str())}), {before}, store);
    return {};
}

}  // namespace crm
