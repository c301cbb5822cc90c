// The Activities dashboard (Show as › Dashboard): counts of the activities the current filters
// match, by type, by state, by owner and by due week, the overdue and due-today counts, and the
// completion rate of the last 12 due weeks. A plain view-model built in one pass over the
// matching rows; the view only draws it. Every bar carries the ActivityQuery that selects exactly
// the rows it counts, so clicking it opens the grid on those rows (its drill-down filters are the
// ones ActivityQuery shows as chips). activity_report_csv() writes the same tables as CSV.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "activity_query.hpp"
#include "store.hpp"

namespace crm {

// Weeks are in the user's zone and start on the calendar's first day of the week. The by-week
// chart shows the 8 weeks before this one, this week and the 3 after (what was due, what is
// coming); the completion rate the 12 weeks ending with this one (future weeks have no rate
// worth reading yet).
inline constexpr int kReportWeeksBefore = 8;
inline constexpr int kReportWeeksAfter = 3;
inline constexpr int kCompletionWeeks = 12;

struct ReportBar {
    std::string label;          // English type or state name (tr() it), an owner's name, or a week's first day
    std::size_t count = 0;      // the rows the bar stands for (completion: completed + still open)
    std::size_t completed = 0;  // completion chart: how many of `count` are completed
    LocalDate week{};           // week and completion charts: the week's first day
    ActivityQuery drill;        // selects exactly the `count` rows
};

struct ActivityReport {
    int first_day_of_week = 1;       // 0 = Sunday
    LocalDate this_week{};           // first day of the current week
    std::size_t total = 0;           // activities counted (current filters, every state)
    std::size_t without_due = 0;     // of those, with no due date (in no week)
    std::vector<ReportBar> by_type;  // the types the type filter admits, in kAllActivityTypes order
    std::vector<ReportBar> by_state; // Open, Scheduled, Completed, Canceled
    std::vector<ReportBar> by_owner; // most activities first, then by name; owners with none left out
    std::vector<ReportBar> by_week;  // by due week, oldest first
    // Completion rate of week W: of the counted activities due in W (effective due: the due date,
    // or an appointment's start), leaving out notes (they have no workflow) and canceled ones,
    // completed / (completed + still open or scheduled). A week with none of them has no rate.
    std::vector<ReportBar> completion;
    ReportBar overdue;               // still open and past due (as the Overdue filter)
    ReportBar due_today;             // still open and due today (as the Due today filter)
};

// The query the dashboard counts: the current one, every state (state is a dimension of the
// dashboard and the completion rate needs the closed ones, as the kanban's state board), and no
// drill-down (bars drill down from the whole picture, not from the last drill-down).
ActivityQuery report_base_query(const ActivityQuery& current);

// `current`: the Activities page's query; first_day_of_week: 0 = Sunday ... 6 = Saturday.
// The due filter narrows the charts but not the two counts (they are due filters themselves).
ActivityReport build_activity_report(const Store& store, const ActivityQuery& current, const QueryContext& ctx,
                                     int first_day_of_week);

// completed / count of a completion bar, or a negative number when count is 0.
double completion_rate(const ReportBar& bar);

// The dashboard's tables as one CSV (UTF-8 with BOM, RFC 4180), in the UI language: columns
// Chart, Item, Activities, Completed, Completion rate; a row per bar, then the two counts.
std::string activity_report_csv(const ActivityReport& report);

}  // namespace crm
