#include "activity_query.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "activity_index.hpp"
#include "text_fold.hpp"
#include "i18n.hpp"

namespace crm {

const char* activity_view_name(ActivityView v) {
    switch (v) {
        case ActivityView::MyActivities: return N_("My Activities");
        case ActivityView::MyTeamMembers: return N_("My Team Members' Activities");
        case ActivityView::AllActivities: return N_("All Activities");
    }
    return "?";
}

const char* due_filter_name(DueFilter f) {
    switch (f) {
        case DueFilter::Any: return N_("Any due date");
        case DueFilter::Overdue: return N_("Overdue");
        case DueFilter::Today: return N_("Due today");
        case DueFilter::Next7Days: return N_("Next 7 days");
    }
    return "?";
}

const char* state_filter_name(StateFilter f) {
    switch (f) {
        case StateFilter::Active: return N_("Open and scheduled");
        case StateFilter::Completed: return N_("Completed");
        case StateFilter::Canceled: return N_("Canceled");
        case StateFilter::Any: return N_("Any state");
    }
    return "?";
}

const char* regarding_filter_name(RegardingFilter f) {
    switch (f) {
        case RegardingFilter::Any: return N_("Any Regarding");
        case RegardingFilter::Set: return N_("With Regarding");
        case RegardingFilter::Empty: return N_("Without Regarding");
    }
    return "?";
}

DueWindow make_due_window(const TimeZone& zone, UtcMillis now) {
    DueWindow w;
    w.now = now;
    w.today = zone.local_date(now);
    w.start_of_today = zone.start_of_day(w.today);
    w.start_of_tomorrow = zone.start_of_day(add_days(w.today, 1));
    w.end_of_next_7_days = zone.start_of_day(add_days(w.today, 8));
    return w;
}

bool is_overdue(const Due& d, ActivityType type, ActivityState state, const DueWindow& w) {
    if (is_closed(state) || type == ActivityType::Note) return false;
    if (d.kind == Due::Kind::Instant) return d.instant < w.now;
    if (d.kind == Due::Kind::Date) return d.date < w.today;
    return false;
}

bool is_due_today(const Due& d, const DueWindow& w) {
    if (d.kind == Due::Kind::Instant) return d.instant >= w.start_of_today && d.instant < w.start_of_tomorrow;
    if (d.kind == Due::Kind::Date) return d.date == w.today;
    return false;
}

bool is_due_in_next_7_days(const Due& d, const DueWindow& w) {
    if (d.kind == Due::Kind::Instant) return d.instant >= w.start_of_today && d.instant < w.end_of_next_7_days;
    if (d.kind == Due::Kind::Date) return d.date >= w.today && d.date <= add_days(w.today, 7);
    return false;
}

bool is_overdue(const Activity& a, const DueWindow& w) { return is_overdue(effective_due(a), a.type, a.state, w); }
bool is_due_today(const Activity& a, const DueWindow& w) { return is_due_today(effective_due(a), w); }
bool is_due_in_next_7_days(const Activity& a, const DueWindow& w) { return is_due_in_next_7_days(effective_due(a), w); }

DueTone due_tone(const Activity& a, const DueWindow& w) {
    if (is_overdue(a, w)) return DueTone::Overdue;
    if (!is_closed(a.state) && is_due_today(a, w)) return DueTone::Today;
    return DueTone::Normal;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

namespace {
bool state_matches(ActivityState s, StateFilter f) {
    switch (f) {
        case StateFilter::Active: return s == ActivityState::Open || s == ActivityState::Scheduled;
        case StateFilter::Completed: return s == ActivityState::Completed;
        case StateFilter::Canceled: return s == ActivityState::Canceled;
        case StateFilter::Any: return true;
    }
    return true;
}
}  // namespace

// Owners whose activities a view includes; empty means "anyone".
std::vector<std::string> owners_for_view(const Store& store, ActivityView view, const std::string& me) {
    switch (view) {
        case ActivityView::MyActivities: return {me};
        case ActivityView::MyTeamMembers: {
            // Dynamics' "My Team Members' Activities": activities owned by the other members of
            // the user's teams, and by those teams themselves.
            auto ids = store.team_mates_of(me);
            for (auto& t : store.teams_of(me)) ids.push_back(t);
            return ids;
        }
        case ActivityView::AllActivities: return {};
    }
    return {};
}

namespace {

// What one query needs per slot, computed once instead of once per row.
struct RowFilter {
    const ActivityIndex& index;
    const ActivityQuery& q;
    DueWindow w;
    std::vector<char> owner_admitted;      // per owner slot (views other than All)
    std::vector<char> regarding_has_text;  // per regarding slot, when there is a text filter
    std::string text;                      // folded
    std::uint32_t owner_slot = ActivityIndex::kNoSlot;  // of q.owner_id, when set
    UtcMillis range_start = 0, range_end = 0;           // q.due_range as instants in the user's zone
    LocalDate range_last{};                              // its last day (date-only dues)

    bool in_due_range(const Due& d) const {
        if (d.kind == Due::Kind::Instant) return d.instant >= range_start && d.instant < range_end;
        if (d.kind == Due::Kind::Date) return d.date >= q.due_range.first && d.date <= range_last;
        return false;
    }

    bool operator()(std::uint32_t i) const {
        const ActivityIndex::Row& r = index.row(i);
        if (r.deleted) return false;
        if (!(q.type_mask & (1u << static_cast<unsigned>(r.type)))) return false;
        if (!state_matches(r.state, q.state)) return false;
        if (q.view != ActivityView::AllActivities && (r.owner == ActivityIndex::kNoSlot || !owner_admitted[r.owner])) return false;
        switch (q.due) {
            case DueFilter::Any: break;
            case DueFilter::Overdue: if (!is_overdue(r.due, r.type, r.state, w)) return false; break;
            case DueFilter::Today: if (!is_due_today(r.due, w)) return false; break;
            case DueFilter::Next7Days: if (!is_due_in_next_7_days(r.due, w)) return false; break;
        }
        const bool standalone = r.regarding == ActivityIndex::kNoSlot;
        if (q.regarding == RegardingFilter::Set && standalone) return false;
        if (q.regarding == RegardingFilter::Empty && !standalone) return false;
        if (!text.empty() && !folded_contains(index.folded_subject(i), text) && (standalone || !regarding_has_text[r.regarding]))
            return false;
        if (!(q.state_mask & (1u << static_cast<unsigned>(r.state)))) return false;
        if (!q.owner_id.empty() && (owner_slot == ActivityIndex::kNoSlot || r.owner != owner_slot)) return false;
        if (q.due_range.active() && !in_due_range(r.due)) return false;
        return true;
    }
};

ActivityIndex& refreshed_index(const Store& store, const QueryContext& ctx, ActivityIndex& fallback) {
    ActivityIndex& index = ctx.index ? *ctx.index : fallback;
    index.refresh(store);
    return index;
}

std::vector<std::uint32_t> filter_rows(const Store& store, const ActivityIndex& index, const ActivityQuery& query,
                                       const QueryContext& ctx) {
    const TimeZone& zone = ctx.zone ? *ctx.zone : TimeZone::utc();
    RowFilter filter{index, query, make_due_window(zone, ctx.now), {}, {}, fold_for_search(query.text)};
    if (query.view != ActivityView::AllActivities) {
        filter.owner_admitted.assign(index.owner_slot_count(), 0);
        for (const auto& id : owners_for_view(store, query.view, ctx.current_user_id)) {
            std::uint32_t slot = index.owner_slot(id);
            if (slot != ActivityIndex::kNoSlot) filter.owner_admitted[slot] = 1;
        }
    }
    if (!query.owner_id.empty()) filter.owner_slot = index.owner_slot(query.owner_id);  // none: nothing matches
    if (query.due_range.active()) {
        filter.range_last = add_days(query.due_range.first, query.due_range.days - 1);
        filter.range_start = zone.start_of_day(query.due_range.first);
        filter.range_end = zone.start_of_day(add_days(query.due_range.first, query.due_range.days));
    }
    if (!filter.text.empty()) {
        filter.regarding_has_text.resize(index.regarding_slot_count());
        for (std::uint32_t slot = 0; slot < index.regarding_slot_count(); ++slot)
            filter.regarding_has_text[slot] = folded_contains(index.folded_regarding_name(slot), filter.text);
    }
    std::vector<std::uint32_t> out;
    out.reserve(index.size());
    for (std::uint32_t i = 0; i < index.size(); ++i)
        if (filter(i)) out.push_back(i);
    return out;
}

}  // namespace

std::vector<std::uint32_t> filter_activities(const Store& store, const ActivityQuery& query, const QueryContext& ctx) {
    ActivityIndex fallback;
    return filter_rows(store, refreshed_index(store, ctx, fallback), query, ctx);
}

std::vector<std::uint32_t> run_activity_query(const Store& store, const ActivityQuery& query, const SortSpec& sort,
                                              const QueryContext& ctx) {
    ActivityIndex fallback;
    ActivityIndex& index = refreshed_index(store, ctx, fallback);
    std::vector<std::uint32_t> out = filter_rows(store, index, query, ctx);
    const TimeZone& zone = ctx.zone ? *ctx.zone : TimeZone::utc();

    // Every column becomes an integer key per row (text columns: the rank of the text among all
    // values), so sorting is a few radix passes over (key, row) pairs, never string comparisons.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
    keyed.reserve(out.size());
    std::vector<char> blank(index.size(), 0);
    auto key_rows = [&](auto key_of, auto is_blank) {
        for (auto i : out) {
            keyed.emplace_back(key_of(i), i);
            blank[i] = is_blank(i);
        }
    };
    auto never_blank = [](std::uint32_t) { return false; };
    // Names of owner slots (users and teams: few), ranked by lower-cased name.
    auto owner_name_ranks = [&](bool as_user) {
        std::vector<std::string> names(index.owner_slot_count());
        for (std::uint32_t slot = 0; slot < names.size(); ++slot) {
            OwnerRef ref = index.owner_ref(slot);
            names[slot] = as_user ? store.user_name(ref.id) : store.owner_name(ref);
        }
        return std::pair{ranks_by_lowered_text(names), names};
    };
    auto key_by_owner = [&](bool as_user, auto slot_of) {
        // (named members, not a structured binding: clang 14 cannot capture those in a lambda)
        const auto ranked = owner_name_ranks(as_user);
        const std::vector<std::uint32_t>& ranks = ranked.first;
        const std::vector<std::string>& names = ranked.second;
        key_rows([&](std::uint32_t i) -> std::uint64_t { return slot_of(i) == ActivityIndex::kNoSlot ? 0 : ranks[slot_of(i)]; },
                 [&](std::uint32_t i) { return slot_of(i) == ActivityIndex::kNoSlot || names[slot_of(i)].empty(); });
    };
    switch (sort.column) {
        case SortColumn::Type: key_rows([&](std::uint32_t i) { return static_cast<std::uint64_t>(index.row(i).type); }, never_blank); break;
        case SortColumn::Subject: {
            const auto& ranks = index.subject_ranks(store);
            // The empty subject is the smallest text, so only rank 0 can be blank.
            key_rows([&](std::uint32_t i) -> std::uint64_t { return ranks[i]; },
                     [&](std::uint32_t i) { return ranks[i] == 0 && store.activities().at(i).subject.empty(); });
            break;
        }
        case SortColumn::Regarding: {
            const auto& ranks = index.regarding_name_ranks();
            auto slot_of = [&](std::uint32_t i) { return index.row(i).regarding; };
            key_rows([&](std::uint32_t i) -> std::uint64_t { return slot_of(i) == ActivityIndex::kNoSlot ? 0 : ranks[slot_of(i)]; },
                     [&](std::uint32_t i) { return slot_of(i) == ActivityIndex::kNoSlot || index.regarding_name_empty(slot_of(i)); });
            break;
        }
        case SortColumn::Owner: key_by_owner(false, [&](std::uint32_t i) { return index.row(i).owner; }); break;
        case SortColumn::CreatedBy: key_by_owner(true, [&](std::uint32_t i) { return index.row(i).created_by; }); break;
        case SortColumn::Priority: key_rows([&](std::uint32_t i) { return static_cast<std::uint64_t>(index.row(i).priority); }, never_blank); break;
        case SortColumn::State: key_rows([&](std::uint32_t i) { return static_cast<std::uint64_t>(index.row(i).state); }, never_blank); break;
        case SortColumn::Reason: {
            constexpr std::size_t kReasons = static_cast<std::size_t>(StatusReason::NoteActive) + 1;
            std::vector<std::string> names(kReasons);
            for (std::size_t r = 0; r < kReasons; ++r) names[r] = status_reason_name(static_cast<StatusReason>(r));
            auto ranks = ranks_by_lowered_text(names);
            key_rows([&](std::uint32_t i) -> std::uint64_t { return ranks[static_cast<std::size_t>(index.row(i).reason)]; },
                     [&](std::uint32_t i) { return names[static_cast<std::size_t>(index.row(i).reason)].empty(); });
            break;
        }
        case SortColumn::Due: {
            // A date-only due sorts at the start of its day in the user's zone (one zone lookup per date).
            std::unordered_map<std::int64_t, UtcMillis> day_start;
            key_rows(
                [&](std::uint32_t i) -> std::uint64_t {
                    const Due& d = index.row(i).due;
                    if (d.kind != Due::Kind::Date) return ordered_key(d.instant);
                    auto day = days_from_civil(d.date);
                    auto it = day_start.find(day);
                    if (it == day_start.end()) it = day_start.emplace(day, zone.start_of_day(d.date)).first;
                    return ordered_key(it->second);
                },
                [&](std::uint32_t i) { return index.row(i).due.empty(); });
            break;
        }
        case SortColumn::CreatedOn: key_rows([&](std::uint32_t i) { return ordered_key(index.row(i).created_at); }, never_blank); break;
        case SortColumn::ModifiedOn: key_rows([&](std::uint32_t i) { return ordered_key(index.row(i).modified_at); }, never_blank); break;
    }
    if (sort.descending)
        for (auto& k : keyed) k.first = ~k.first;
    stable_sort_by_key(keyed);
    for (std::size_t k = 0; k < keyed.size(); ++k) out[k] = keyed[k].second;
    // Blank values go last (or first) whichever the direction.
    std::stable_partition(out.begin(), out.end(), [&](std::uint32_t i) { return sort.blanks_last ? !blank[i] : blank[i] != 0; });
    return out;
}

}  // namespace crm
