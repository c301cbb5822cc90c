#include "activity_query.hpp"

#include <algorithm>
#include <numeric>

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

bool is_overdue(const Activity& a, const DueWindow& w) {
    if (is_closed(a.state) || a.type == ActivityType::Note) return false;
    Due d = effective_due(a);
    if (d.kind == Due::Kind::Instant) return d.instant < w.now;
    if (d.kind == Due::Kind::Date) return d.date < w.today;
    return false;
}

bool is_due_today(const Activity& a, const DueWindow& w) {
    Due d = effective_due(a);
    if (d.kind == Due::Kind::Instant) return d.instant >= w.start_of_today && d.instant < w.start_of_tomorrow;
    if (d.kind == Due::Kind::Date) return d.date == w.today;
    return false;
}

bool is_due_in_next_7_days(const Activity& a, const DueWindow& w) {
    Due d = effective_due(a);
    if (d.kind == Due::Kind::Instant) return d.instant >= w.start_of_today && d.instant < w.end_of_next_7_days;
    if (d.kind == Due::Kind::Date) return d.date >= w.today && d.date <= add_days(w.today, 7);
    return false;
}

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

bool matches(const Store& store, const Activity& a, const ActivityQuery& q, const DueWindow& w,
             const std::vector<std::string>& owner_ids) {
    if (a.meta.deleted) return false;
    if (!(q.type_mask & (1u << static_cast<unsigned>(a.type)))) return false;
    if (!state_matches(a.state, q.state)) return false;
    if (q.view != ActivityView::AllActivities) {
        if (std::find(owner_ids.begin(), owner_ids.end(), a.owner.id) == owner_ids.end()) return false;
    }
    switch (q.due) {
        case DueFilter::Any: break;
        case DueFilter::Overdue: if (!is_overdue(a, w)) return false; break;
        case DueFilter::Today: if (!is_due_today(a, w)) return false; break;
        case DueFilter::Next7Days: if (!is_due_in_next_7_days(a, w)) return false; break;
    }
    if (q.regarding == RegardingFilter::Set && a.regarding.empty()) return false;
    if (q.regarding == RegardingFilter::Empty && !a.regarding.empty()) return false;
    if (!q.text.empty()) {
        if (!folded_contains(fold_for_search(a.subject), q.text) &&
            !folded_contains(fold_for_search(store.regarding_name(a.regarding)), q.text))
            return false;
    }
    return true;
}

std::vector<std::uint32_t> run_activity_query(const Store& store, const ActivityQuery& query, const SortSpec& sort,
                                              const QueryContext& ctx) {
    const TimeZone& zone = ctx.zone ? *ctx.zone : TimeZone::utc();
    DueWindow w = make_due_window(zone, ctx.now);
    auto owners = owners_for_view(store, query.view, ctx.current_user_id);
    const auto& rows = store.activities().rows();
    ActivityQuery lowered = query;
    lowered.text = fold_for_search(query.text);
    std::vector<std::uint32_t> out;
    out.reserve(rows.size());
    for (std::uint32_t i = 0; i < rows.size(); ++i)
        if (matches(store, rows[i], lowered, w, owners)) out.push_back(i);

    // Sort keys are computed once per row, not per comparison: names need lookups.
    const bool desc = sort.descending;
    auto sort_numeric = [&](auto key_of, auto is_blank) {
        std::vector<std::int64_t> keys(rows.size());
        std::vector<char> blank(rows.size());
        for (auto i : out) {
            keys[i] = key_of(rows[i]);
            blank[i] = is_blank(rows[i]);
        }
        std::stable_sort(out.begin(), out.end(), [&](std::uint32_t a, std::uint32_t b) {
            if (blank[a] != blank[b]) return sort.blanks_last ? !blank[a] : static_cast<bool>(blank[a]);
            return desc ? keys[a] > keys[b] : keys[a] < keys[b];
        });
    };
    auto sort_text = [&](auto text_of) {
        std::vector<std::string> keys(rows.size());
        for (auto i : out) keys[i] = ascii_lower(text_of(rows[i]));
        std::stable_sort(out.begin(), out.end(), [&](std::uint32_t a, std::uint32_t b) {
            bool ba = keys[a].empty(), bb = keys[b].empty();
            if (ba != bb) return sort.blanks_last ? !ba : ba;
            return desc ? keys[a] > keys[b] : keys[a] < keys[b];
        });
    };
    auto never_blank = [](const Activity&) { return false; };

    switch (sort.column) {
        case SortColumn::Type: sort_numeric([](const Activity& a) { return static_cast<std::int64_t>(a.type); }, never_blank); break;
        case SortColumn::Subject: sort_text([](const Activity& a) { return a.subject; }); break;
        case SortColumn::Regarding: sort_text([&](const Activity& a) { return store.regarding_name(a.regarding); }); break;
        case SortColumn::Owner: sort_text([&](const Activity& a) { return store.owner_name(a.owner); }); break;
        case SortColumn::Priority: sort_numeric([](const Activity& a) { return static_cast<std::int64_t>(a.priority); }, never_blank); break;
        case SortColumn::State: sort_numeric([](const Activity& a) { return static_cast<std::int64_t>(a.state); }, never_blank); break;
        case SortColumn::Reason: sort_text([](const Activity& a) { return std::string(status_reason_name(a.reason)); }); break;
        case SortColumn::Due:
            sort_numeric(
                [&](const Activity& a) -> std::int64_t {
                    Due d = effective_due(a);
                    if (d.kind == Due::Kind::Date) return zone.start_of_day(d.date);
                    return d.instant;
                },
                [](const Activity& a) { return effective_due(a).empty(); });
            break;
        case SortColumn::CreatedBy: sort_text([&](const Activity& a) { return store.user_name(a.meta.created_by); }); break;
        case SortColumn::CreatedOn: sort_numeric([](const Activity& a) { return a.meta.created_at; }, never_blank); break;
        case SortColumn::ModifiedOn: sort_numeric([](const Activity& a) { return a.meta.modified_at; }, never_blank); break;
    }
    return out;
}

}  // namespace crm
