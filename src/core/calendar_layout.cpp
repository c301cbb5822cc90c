#include "calendar_layout.hpp"

#include <algorithm>
#include <unordered_map>

#include "text_fold.hpp"
#include "i18n.hpp"
#include "locale_format.hpp"
#include "recurrence_expand.hpp"

namespace crm {

const char* calendar_mode_name(CalendarMode m) {
    switch (m) {
        case CalendarMode::Month: return N_("Month");
        case CalendarMode::Week: return N_("Week");
        case CalendarMode::WorkWeek: return N_("Work week");
        case CalendarMode::Day: return N_("Day");
        case CalendarMode::Agenda: return N_("Agenda");
    }
    return "?";
}

int calendar_first_day(const CalendarSettings& s) {
    return s.first_day_of_week < 0 ? active_locale().first_day_of_week : s.first_day_of_week;
}

namespace {

LocalDate week_start(LocalDate d, int first_day_of_week) {
    int first = ((first_day_of_week % 7) + 7) % 7;  // a bad setting must not break the grid
    int back = (weekday(d) - first + 7) % 7;
    return add_days(d, -back);
}

int minutes_of(const LocalDateTime& t) { return t.time.hour * 60 + t.time.minute; }

}  // namespace

std::vector<LocalDate> calendar_days(CalendarMode mode, LocalDate anchor, const CalendarSettings& s) {
    std::vector<LocalDate> days;
    switch (mode) {
        case CalendarMode::Month: {
            LocalDate first{anchor.year, anchor.month, 1};
            LocalDate last{anchor.year, anchor.month, days_in_month(anchor.year, anchor.month)};
            LocalDate end = add_days(week_start(last, calendar_first_day(s)), 6);
            for (LocalDate d = week_start(first, calendar_first_day(s)); d <= end; d = add_days(d, 1)) days.push_back(d);
            break;
        }
        case CalendarMode::Week:
        case CalendarMode::WorkWeek: {
            LocalDate start = week_start(anchor, calendar_first_day(s));
            for (int i = 0; i < 7; ++i) {
                LocalDate d = add_days(start, i);
                if (mode == CalendarMode::Week || ((s.work_days >> weekday(d)) & 1)) days.push_back(d);
            }
            break;
        }
        case CalendarMode::Day: days.push_back(anchor); break;
        case CalendarMode::Agenda:
            for (int i = 0; i < std::max(1, s.agenda_days); ++i) days.push_back(add_days(anchor, i));
            break;
    }
    return days;
}

LocalDate calendar_step(CalendarMode mode, LocalDate anchor, int direction, const CalendarSettings& s) {
    switch (mode) {
        case CalendarMode::Month: {
            int months = anchor.year * 12 + (anchor.month - 1) + direction;
            int y = months / 12, m = months % 12 + 1;
            return {y, m, std::min(anchor.day, days_in_month(y, m))};
        }
        case CalendarMode::Week:
        case CalendarMode::WorkWeek: return add_days(anchor, 7 * direction);
        case CalendarMode::Day: return add_days(anchor, direction);
        case CalendarMode::Agenda: return add_days(anchor, std::max(1, s.agenda_days) * direction);
    }
    return anchor;
}

int snap_minutes(int minute, int step) {
    if (step <= 0) return minute;
    int snapped = ((minute + step / 2) / step) * step;
    return std::clamp(snapped, 0, 24 * 60);
}

UtcMillis calendar_instant(LocalDate day, int wall_minute, const TimeZone& zone) {
    wall_minute = std::clamp(wall_minute, 0, 24 * 60);
    if (wall_minute == 24 * 60) return zone.start_of_day(add_days(day, 1));
    return zone.from_local({day, {wall_minute / 60, wall_minute % 60, 0}});
}

CalendarView build_calendar(const Store& store, const ActivityQuery& query, const QueryContext& ctx, CalendarMode mode,
                            LocalDate anchor, const CalendarSettings& settings) {
    const TimeZone& zone = ctx.zone ? *ctx.zone : TimeZone::utc();
    CalendarView view;
    view.mode = mode;
    view.days = calendar_days(mode, anchor, settings);
    std::unordered_map<std::int64_t, int> day_index;
    for (std::size_t i = 0; i < view.days.size(); ++i) day_index[days_from_civil(view.days[i])] = static_cast<int>(i);
    auto index_of = [&](LocalDate d) {
        auto it = day_index.find(days_from_civil(d));
        return it == day_index.end() ? -1 : it->second;
    };
    if (view.days.empty()) return view;
    LocalDate first = view.days.front(), last = view.days.back();

    ActivityQuery q = query;
    q.due = DueFilter::Any;  // the calendar's range is the due filter

    const CalendarItem* occurrence = nullptr;  // set while a series' occurrences are placed
    auto stamp = [&](CalendarItem& it) {
        if (!occurrence) return;
        it.repeating = true;
        it.occurrence = occurrence->occurrence;
    };
    auto add_timed = [&](std::uint32_t row, UtcMillis start, UtcMillis end) {
        if (end <= start) end = start + 30 * 60'000;
        LocalDateTime ls = zone.to_local(start), le = zone.to_local(end);
        LocalDate de = zone.local_date(end - 1);
        if (de < first || ls.date > last) return;
        int guard = 0;
        for (LocalDate d = std::max(ls.date, add_days(first, -1)); d <= de && guard < 400; d = add_days(d, 1), ++guard) {
            int idx = index_of(d);
            if (idx < 0) continue;
            CalendarItem it;
            it.kind = CalendarItemKind::Timed;
            it.index = row;
            it.day = idx;
            it.start = start;
            it.end = end;
            it.continues_before = d != ls.date;
            it.start_minute = it.continues_before ? 0 : minutes_of(ls);
            it.continues_after = d < de;
            it.end_minute = (!it.continues_after && le.date == d) ? minutes_of(le) : 24 * 60;
            if (it.end_minute < it.start_minute + 15) {
                it.end_minute = std::min(24 * 60, it.start_minute + 15);
                it.start_minute = std::min(it.start_minute, it.end_minute - 15);
            }
            stamp(it);
            view.timed.push_back(it);
        }
    };
    auto add_all_day = [&](std::uint32_t row, LocalDate d) {
        int idx = index_of(d);
        if (idx < 0) return;
        CalendarItem it;
        it.kind = CalendarItemKind::AllDay;
        it.index = row;
        it.day = idx;
        it.start = zone.start_of_day(d);
        it.end = zone.start_of_day(add_days(d, 1));
        stamp(it);
        view.all_day.push_back(it);
    };

    const auto& rows = store.activities().rows();
    for (std::uint32_t i : filter_activities(store, q, ctx)) {
        const Activity& a = rows[i];
        if (a.type == ActivityType::Note) continue;
        if (a.recurrence) {
            for (const Occurrence& o : expand_series(a, zone, first, last)) {
                CalendarItem key;
                key.occurrence = o.date;
                occurrence = &key;
                if (o.date_only) {
                    LocalDate to = o.end > o.start ? utc_date_of(o.end - 1) : o.date;
                    for (LocalDate d = std::max(o.date, first); d <= std::min(to, last); d = add_days(d, 1)) add_all_day(i, d);
                } else {
                    add_timed(i, o.start, o.end > o.start ? o.end : o.start + 30 * 60'000);
                }
                occurrence = nullptr;
            }
            continue;
        }
        if (a.type == ActivityType::Appointment) {
            if (!a.scheduled_start) continue;
            if (a.all_day) {
                LocalDate from = utc_date_of(*a.scheduled_start);
                LocalDate to = a.scheduled_end ? utc_date_of(*a.scheduled_end - 1) : from;
                if (to < from) to = from;
                if (to < first || from > last) continue;
                for (LocalDate d = std::max(from, first); d <= std::min(to, last); d = add_days(d, 1)) add_all_day(i, d);
            } else {
                add_timed(i, *a.scheduled_start, a.scheduled_end ? *a.scheduled_end : *a.scheduled_start + 30 * 60'000);
            }
            continue;
        }
        if (a.due.kind == Due::Kind::Date) add_all_day(i, a.due.date);
        else if (a.due.kind == Due::Kind::Instant) {
            int minutes = a.duration_minutes && *a.duration_minutes > 0 ? *a.duration_minutes : 30;
            add_timed(i, a.due.instant, a.due.instant + static_cast<UtcMillis>(minutes) * 60'000);
        }
    }

    // Side by side: each cluster of transitively overlapping segments of a day shares columns.
    std::sort(view.timed.begin(), view.timed.end(), [](const CalendarItem& x, const CalendarItem& y) {
        if (x.day != y.day) return x.day < y.day;
        if (x.start_minute != y.start_minute) return x.start_minute < y.start_minute;
        if (x.end_minute != y.end_minute) return x.end_minute > y.end_minute;  // longer first
        return x.index < y.index;
    });
    std::size_t cluster_begin = 0;
    int cluster_end = -1, cluster_day = -1;
    std::vector<int> column_ends;
    auto close_cluster = [&](std::size_t end) {
        int columns = static_cast<int>(column_ends.size());
        for (std::size_t k = cluster_begin; k < end; ++k) view.timed[k].columns = std::max(1, columns);
    };
    for (std::size_t k = 0; k < view.timed.size(); ++k) {
        CalendarItem& it = view.timed[k];
        if (it.day != cluster_day || it.start_minute >= cluster_end) {
            close_cluster(k);
            cluster_begin = k;
            cluster_day = it.day;
            cluster_end = -1;
            column_ends.clear();
        }
        int column = -1;
        for (std::size_t c = 0; c < column_ends.size(); ++c)
            if (column_ends[c] <= it.start_minute) {
                column = static_cast<int>(c);
                break;
            }
        if (column < 0) {
            column = static_cast<int>(column_ends.size());
            column_ends.push_back(0);
        }
        column_ends[static_cast<std::size_t>(column)] = it.end_minute;
        it.column = column;
        cluster_end = std::max(cluster_end, it.end_minute);
    }
    close_cluster(view.timed.size());

    std::sort(view.all_day.begin(), view.all_day.end(), [&](const CalendarItem& x, const CalendarItem& y) {
        if (x.day != y.day) return x.day < y.day;
        const auto& sx = rows[x.index].subject;
        const auto& sy = rows[y.index].subject;
        if (sx != sy) return sx < sy;
        return x.index < y.index;  // a stable order for equal subjects
    });

    const auto& opps = store.opportunities().rows();
    for (std::uint32_t i = 0; i < opps.size(); ++i) {
        if (opps[i].meta.deleted || !opps[i].estimated_close) continue;
        int idx = index_of(*opps[i].estimated_close);
        if (idx < 0) continue;
        CalendarItem it;
        it.kind = CalendarItemKind::OpportunityClose;
        it.index = i;
        it.day = idx;
        view.closing.push_back(it);
    }
    std::sort(view.closing.begin(), view.closing.end(), [&](const CalendarItem& x, const CalendarItem& y) {
        if (x.day != y.day) return x.day < y.day;
        const auto& nx = opps[x.index].name;
        const auto& ny = opps[y.index].name;
        if (nx != ny) return nx < ny;
        return x.index < y.index;
    });

    view.today = zone.local_date(ctx.now);
    view.today_index = index_of(view.today);
    view.now_minute = minutes_of(zone.to_local(ctx.now));
    return view;
}

}  // namespace crm
