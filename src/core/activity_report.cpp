#include "activity_report.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "activity_index.hpp"
#include "csv.hpp"
#include "i18n.hpp"

namespace crm {
namespace {

constexpr std::uint8_t state_bit(ActivityState s) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(s)); }
constexpr std::uint8_t kStillOpen = state_bit(ActivityState::Open) | state_bit(ActivityState::Scheduled);
constexpr std::uint8_t kNoteBit = 1u << static_cast<unsigned>(ActivityType::Note);

LocalDate week_start(LocalDate d, int first_day_of_week) {
    int first = ((first_day_of_week % 7) + 7) % 7;
    return add_days(d, -((weekday(d) - first + 7) % 7));
}

bool due_matches(const Due& d, ActivityType type, ActivityState state, DueFilter f, const DueWindow& w) {
    switch (f) {
        case DueFilter::Any: return true;
        case DueFilter::Overdue: return is_overdue(d, type, state, w);
        case DueFilter::Today: return is_due_today(d, w);
        case DueFilter::Next7Days: return is_due_in_next_7_days(d, w);
    }
    return true;
}

// The weeks both week charts cover, as instants and days, so a row finds its week with a few
// comparisons: week k (0 = the oldest) is [start[k], start[k + 1]).
struct WeekGrid {
    static constexpr int kFirst = -std::max(kReportWeeksBefore, kCompletionWeeks - 1);  // relative to this week
    static constexpr int kCount = kReportWeeksAfter - kFirst + 1;
    LocalDate first_day{};
    std::int64_t first_day_number = 0;
    std::array<UtcMillis, kCount + 1> start{};

    WeekGrid(LocalDate this_week, const TimeZone& zone) {
        first_day = add_days(this_week, 7 * kFirst);
        first_day_number = days_from_civil(first_day);
        // start_of_day, not 7 * 24 h: a week across a DST change is an hour shorter or longer
        for (int k = 0; k <= kCount; ++k) start[static_cast<std::size_t>(k)] = zone.start_of_day(add_days(first_day, 7 * k));
    }
    // -1 outside the grid or without a due
    int week_of(const Due& d) const {
        if (d.kind == Due::Kind::Date) {
            std::int64_t offset = days_from_civil(d.date) - first_day_number;
            if (offset < 0 || offset >= 7 * kCount) return -1;
            return static_cast<int>(offset / 7);
        }
        if (d.kind == Due::Kind::Instant) {
            if (d.instant < start.front() || d.instant >= start.back()) return -1;
            return static_cast<int>(std::upper_bound(start.begin(), start.end(), d.instant) - start.begin()) - 1;
        }
        return -1;
    }
    LocalDate week(int k) const { return add_days(first_day, 7 * k); }
};

ReportBar bar(std::string label, const ActivityQuery& drill) { return ReportBar{.label = std::move(label), .drill = drill}; }

}  // namespace

ActivityQuery report_base_query(const ActivityQuery& current) {
    ActivityQuery q = current;
    q.state = StateFilter::Any;
    q.owner_id.clear();
    q.state_mask = kAllStatesMask;
    q.due_range = {};
    return q;
}

double completion_rate(const ReportBar& b) {
    return b.count == 0 ? -1.0 : static_cast<double>(b.completed) / static_cast<double>(b.count);
}

ActivityReport build_activity_report(const Store& store, const ActivityQuery& current, const QueryContext& ctx,
                                     int first_day_of_week) {
    ActivityIndex fallback;
    QueryContext c = ctx;
    if (!c.index) c.index = &fallback;
    const TimeZone& zone = c.zone ? *c.zone : TimeZone::utc();
    const ActivityQuery base = report_base_query(current);
    // The due filter is applied below, so the overdue and due-today counts can ignore it.
    ActivityQuery any_due = base;
    any_due.due = DueFilter::Any;
    const std::vector<std::uint32_t> rows = filter_activities(store, any_due, c);
    const ActivityIndex& index = *c.index;
    const DueWindow window = make_due_window(zone, c.now);

    ActivityReport r;
    r.first_day_of_week = ((first_day_of_week % 7) + 7) % 7;
    r.this_week = week_start(window.today, r.first_day_of_week);
    const WeekGrid grid(r.this_week, zone);

    std::array<std::size_t, 5> per_type{};
    std::array<std::size_t, 4> per_state{};
    std::vector<std::size_t> per_owner(index.owner_slot_count(), 0);
    std::array<std::size_t, WeekGrid::kCount> per_week{}, due_done{}, due_total{};
    std::size_t overdue = 0, due_today = 0;
    for (std::uint32_t i : rows) {
        const ActivityIndex::Row& row = index.row(i);
        if (is_overdue(row.due, row.type, row.state, window)) ++overdue;
        if (!is_closed(row.state) && is_due_today(row.due, window)) ++due_today;
        if (!due_matches(row.due, row.type, row.state, base.due, window)) continue;
        ++r.total;
        ++per_type[static_cast<std::size_t>(row.type)];
        ++per_state[static_cast<std::size_t>(row.state)];
        if (row.owner != ActivityIndex::kNoSlot) ++per_owner[row.owner];
        if (row.due.empty()) ++r.without_due;
        const int week = grid.week_of(row.due);
        if (week < 0) continue;
        const auto k = static_cast<std::size_t>(week);
        ++per_week[k];
        if (row.type == ActivityType::Note || row.state == ActivityState::Canceled) continue;
        ++due_total[k];
        if (row.state == ActivityState::Completed) ++due_done[k];
    }

    for (ActivityType t : kAllActivityTypes) {
        const auto bit = static_cast<std::uint8_t>(1u << static_cast<unsigned>(t));
        if (!(base.type_mask & bit)) continue;
        ReportBar b = bar(activity_type_name(t), base);
        b.drill.type_mask = bit;
        b.count = per_type[static_cast<std::size_t>(t)];
        r.by_type.push_back(std::move(b));
    }
    for (ActivityState s : kAllActivityStates) {
        ReportBar b = bar(activity_state_name(s), base);
        b.drill.state_mask = state_bit(s);
        b.count = per_state[static_cast<std::size_t>(s)];
        r.by_state.push_back(std::move(b));
    }
    for (std::uint32_t slot = 0; slot < per_owner.size(); ++slot) {
        if (per_owner[slot] == 0) continue;
        const OwnerRef owner = index.owner_ref(slot);
        ReportBar b = bar(store.owner_name(owner), base);
        b.drill.owner_id = owner.id;
        b.count = per_owner[slot];
        r.by_owner.push_back(std::move(b));
    }
    std::sort(r.by_owner.begin(), r.by_owner.end(), [](const ReportBar& a, const ReportBar& b) {
        if (a.count != b.count) return a.count > b.count;
        int c = compare_ascii_lower(a.label, b.label);
        return c != 0 ? c < 0 : a.drill.owner_id < b.drill.owner_id;
    });
    auto week_bar = [&](int k) {
        ReportBar b = bar(format_iso_date(grid.week(k)), base);
        b.week = grid.week(k);
        b.drill.due_range = {b.week, 7};
        return b;
    };
    for (int w = -kReportWeeksBefore; w <= kReportWeeksAfter; ++w) {
        const int k = w - WeekGrid::kFirst;
        ReportBar b = week_bar(k);
        b.count = per_week[static_cast<std::size_t>(k)];
        r.by_week.push_back(std::move(b));
    }
    for (int w = -(kCompletionWeeks - 1); w <= 0; ++w) {
        const int k = w - WeekGrid::kFirst;
        ReportBar b = week_bar(k);
        // the denominator's rows: no notes, not canceled
        b.drill.type_mask = static_cast<std::uint8_t>(base.type_mask & ~kNoteBit);
        b.drill.state_mask = kStillOpen | state_bit(ActivityState::Completed);
        b.count = due_total[static_cast<std::size_t>(k)];
        b.completed = due_done[static_cast<std::size_t>(k)];
        r.completion.push_back(std::move(b));
    }
    r.overdue = bar(due_filter_name(DueFilter::Overdue), base);
    r.overdue.drill.due = DueFilter::Overdue;
    r.overdue.count = overdue;
    r.due_today = bar(due_filter_name(DueFilter::Today), base);
    r.due_today.drill.due = DueFilter::Today;
    r.due_today.drill.state_mask = kStillOpen;
    r.due_today.count = due_today;
    return r;
}

std::string activity_report_csv(const ActivityReport& report) {
    std::string out(csv::kUtf8Bom);
    csv::append_row(out, {tr("Chart"), tr("Item"), tr("Activities"), tr("Completed"), tr("Completion rate")});
    auto rows = [&](const char* chart, const std::vector<ReportBar>& bars, bool translate_labels) {
        for (const ReportBar& b : bars) {
            const std::string count = std::to_string(b.count);
            csv::append_row(out, {tr(chart), translate_labels ? std::string_view(tr(b.label.c_str())) : std::string_view(b.label),
                                  count, "", ""});
        }
    };
    rows(N_("By type"), report.by_type, true);
    rows(N_("By status"), report.by_state, true);
    rows(N_("By owner"), report.by_owner, false);
    rows(N_("By due week"), report.by_week, false);
    for (const ReportBar& b : report.completion) {
        std::string rate;
        if (b.count > 0) {
            char text[16];
            std::snprintf(text, sizeof text, "%.1f%%", 100.0 * completion_rate(b));
            rate = text;
        }
        csv::append_row(out, {tr("Completion rate"), b.label, std::to_string(b.count), std::to_string(b.completed), rate});
    }
    csv::append_row(out, {tr("Overdue"), "", std::to_string(report.overdue.count), "", ""});
    csv::append_row(out, {tr("Due today"), "", std::to_string(report.due_today.count), "", ""});
    return out;
}

}  // namespace crm
