// Which activities a grid shows and in what order: the views of My Work › Activities (My
// activities, My team members' activities, All activities, by type), the due-date filters
// (overdue, today, next 7 days) computed in the user's time zone, state filters, a text filter,
// and sorting by any column with blanks first or last. Pure: pass the store, the query and a
// QueryContext (current user, zone, now); get back row indexes into store.activities().
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "activity.hpp"
#include "civil_time.hpp"
#include "store.hpp"

namespace crm {

enum class ActivityView : std::uint8_t { MyActivities = 0, MyTeamMembers = 1, AllActivities = 2 };
enum class DueFilter : std::uint8_t { Any = 0, Overdue = 1, Today = 2, Next7Days = 3 };
enum class StateFilter : std::uint8_t { Active = 0, Completed = 1, Canceled = 2, Any = 3 };
// Standalone activities (no Regarding record) are found with RegardingFilter::Empty.
enum class RegardingFilter : std::uint8_t { Any = 0, Set = 1, Empty = 2 };
enum class SortColumn : std::uint8_t {
    Type, Subject, Regarding, Owner, Priority, State, Reason, Due, CreatedBy, CreatedOn, ModifiedOn,
};
inline constexpr int kSortColumnCount = 11;

const char* activity_view_name(ActivityView v);
const char* due_filter_name(DueFilter f);
const char* state_filter_name(StateFilter f);
const char* regarding_filter_name(RegardingFilter f);

// Days [first, first + days) in the user's zone, matched against the effective due: a date-only
// due by its date, an instant by the local day it falls on. days == 0: no range.
struct DueRange {
    LocalDate first{};
    int days = 0;
    bool active() const { return days > 0; }
    bool operator==(const DueRange&) const = default;
};

inline constexpr std::uint8_t kAllStatesMask = 0x0F;  // bit (1 << ActivityState) of all four states

struct ActivityQuery {
    ActivityView view = ActivityView::MyActivities;
    std::uint8_t type_mask = 0x1F;  // bit (1 << ActivityType)
    DueFilter due = DueFilter::Any;
    StateFilter state = StateFilter::Active;
    RegardingFilter regarding = RegardingFilter::Any;
    std::string text;  // folded (case and diacritics) substring of subject or regarding name
    // Drill-down from a dashboard bar (activity_report.hpp), each ANDed with the filters above and
    // shown as a removable chip: the exact owner (user or team id, "" = any owner the view
    // admits), the exact states (beyond what `state` allows: Open apart from Scheduled), and a
    // range of due days (a week).
    std::string owner_id;
    std::uint8_t state_mask = kAllStatesMask;
    DueRange due_range;
    bool has_drill_down() const { return !owner_id.empty() || state_mask != kAllStatesMask || due_range.active(); }
    bool operator==(const ActivityQuery&) const = default;
};

struct SortSpec {
    SortColumn column = SortColumn::Due;
    bool descending = false;
    bool blanks_last = true;  // empty Regarding / no due date after the others (or before)
    bool operator==(const SortSpec&) const = default;
};

class ActivityIndex;
struct QueryContext {
    std::string current_user_id;
    const TimeZone* zone = nullptr;
    UtcMillis now = 0;
    // The app's index of the store (activity_index.hpp), refreshed by each query; without one a
    // query builds a temporary index (the same results, at the cost of a full pass).
    ActivityIndex* index = nullptr;
};

// "Today" and its neighbours in the user's zone, computed once per query.
struct DueWindow {
    UtcMillis now = 0;
    LocalDate today;
    UtcMillis start_of_today = 0;
    UtcMillis start_of_tomorrow = 0;
    UtcMillis end_of_next_7_days = 0;  // start of (today + 8): "next 7 days" is today and the 7 days after
};
DueWindow make_due_window(const TimeZone& zone, UtcMillis now);

// Overdue: still open (or scheduled) and due before now (an instant) or before today (a date).
// `due` is effective_due() of the activity.
bool is_overdue(const Due& due, ActivityType type, ActivityState state, const DueWindow& w);
bool is_due_today(const Due& due, const DueWindow& w);
bool is_due_in_next_7_days(const Due& due, const DueWindow& w);
bool is_overdue(const Activity& a, const DueWindow& w);
bool is_due_today(const Activity& a, const DueWindow& w);
bool is_due_in_next_7_days(const Activity& a, const DueWindow& w);

// How the Due cell should look.
enum class DueTone : std::uint8_t { Normal, Overdue, Today };
DueTone due_tone(const Activity& a, const DueWindow& w);

// Owners whose activities a view includes (empty for All activities, meaning anyone).
std::vector<std::string> owners_for_view(const Store& store, ActivityView view, const std::string& me);

// Rows of store.activities() that match the query (its text as typed), in row order.
std::vector<std::uint32_t> filter_activities(const Store& store, const ActivityQuery& query, const QueryContext& ctx);

std::vector<std::uint32_t> run_activity_query(const Store& store, const ActivityQuery& query, const SortSpec& sort,
                                              const QueryContext& ctx);

// Lower-cases ASCII only (sort keys); searching folds with fold_for_search (text_fold.hpp).
std::string ascii_lower(std::string_view s);

}  // namespace crm
