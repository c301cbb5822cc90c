#include "recurrence_expand.hpp"

#include <algorithm>

#include "i18n.hpp"
#include "locale_format.hpp"

namespace crm {
namespace {

constexpr int kLastYear = 9999;

int month_number(LocalDate d) { return d.year * 12 + (d.month - 1); }  // months since year 0

LocalDate monday_of(LocalDate d) { return add_days(d, -((weekday(d) + 6) % 7)); }

// The day of year/month the rule picks (1..31), or 0 when that month has none.
int rule_day_in_month(const Recurrence& r, int year, int month, LocalDate start) {
    const int length = days_in_month(year, month);
    if (r.week_of_month > 0) {
        int first = 1 + (r.weekday - weekday({year, month, 1}) + 7) % 7;
        int day = first + 7 * (r.week_of_month - 1);
        return day <= length ? day : 0;
    }
    if (r.week_of_month < 0) return length - (weekday({year, month, length}) - r.weekday + 7) % 7;
    int day = r.month_day != 0 ? r.month_day : start.day;
    if (day == -1) return length;
    return day <= length ? day : 0;
}

// Calls emit(date) for each date the rule yields, in order, from the period that holds `skip_to`
// (the start's period when the rule has a COUNT: every earlier occurrence counts), until emit
// returns false or a period begins after `limit`. Dates before `start` are not yielded, and the
// start itself is yielded first whether or not the rule would pick it (RFC 5545: DTSTART is the
// first instance).
template <typename Emit>
void for_each_rule_date(const Recurrence& r, LocalDate start, LocalDate skip_to, LocalDate limit, Emit emit) {
    if (!emit(start)) return;
    if (r.count == 1) return;
    const int interval = std::max(1, r.interval);
    if (r.count) skip_to = start;
    auto later = [&](LocalDate d) { return start < d; };
    switch (r.frequency) {
        case Frequency::Daily: {
            const std::int64_t first = days_from_civil(start);
            std::int64_t k = std::max<std::int64_t>(0, (days_from_civil(skip_to) - first) / interval);
            for (;; ++k) {
                LocalDate d = civil_from_days(first + k * interval);
                if (limit < d || d.year > kLastYear) return;
                if (later(d) && !emit(d)) return;
            }
        }
        case Frequency::Weekly: {
            const std::uint8_t days = r.weekdays ? r.weekdays : static_cast<std::uint8_t>(1u << weekday(start));
            const std::int64_t first_monday = days_from_civil(monday_of(start));
            std::int64_t k = std::max<std::int64_t>(0, (days_from_civil(skip_to) - first_monday) / (7 * interval));
            for (;; ++k) {
                std::int64_t monday = first_monday + k * 7 * interval;
                if (limit < civil_from_days(monday) || civil_from_days(monday).year > kLastYear) return;
                for (int i = 0; i < 7; ++i) {
                    if (!(days & (1u << ((i + 1) % 7)))) continue;  // i = 0 is Monday
                    LocalDate d = civil_from_days(monday + i);
                    if (later(d) && !emit(d)) return;
                }
            }
        }
        case Frequency::Monthly: {
            const int first = month_number(start);
            int k = std::max(0, (month_number(skip_to) - first) / interval);
            for (;; ++k) {
                int m = first + k * interval;
                int year = m / 12, month = m % 12 + 1;
                if (year > kLastYear || limit < LocalDate{year, month, 1}) return;
                int day = rule_day_in_month(r, year, month, start);
                if (!day) continue;
                LocalDate d{year, month, day};
                if (later(d) && !emit(d)) return;
            }
        }
        case Frequency::Yearly: {
            const int month = r.month ? r.month : start.month;
            int k = std::max(0, (skip_to.year - start.year) / interval);
            for (;; ++k) {
                int year = start.year + k * interval;
                if (year > kLastYear || limit < LocalDate{year, 1, 1}) return;
                int day = rule_day_in_month(r, year, month, start);
                if (!day) continue;  // Feb 29 outside leap years
                LocalDate d{year, month, day};
                if (later(d) && !emit(d)) return;
            }
        }
    }
}

bool is_exception(const Recurrence& r, LocalDate d) {
    return std::binary_search(r.exceptions.begin(), r.exceptions.end(), d);
}

// Visits occurrences (exceptions included, flagged) from the period of `from` up to `to`,
// honouring COUNT and UNTIL. visit(date, is_exception) returns false to stop.
template <typename Visit>
void for_each_occurrence(const Recurrence& r, LocalDate start, LocalDate from, LocalDate to, Visit visit) {
    LocalDate limit = r.until && *r.until < to ? *r.until : to;
    if (limit < start) return;
    int seen = 0;
    for_each_rule_date(r, start, std::max(from, start), limit, [&](LocalDate d) {
        if (limit < d) return false;
        if (r.count && seen >= r.count) return false;
        ++seen;
        if (d < from) return true;
        return visit(d, is_exception(r, d));
    });
}

}  // namespace

std::vector<LocalDate> occurrence_dates(const Recurrence& r, LocalDate start, LocalDate from, LocalDate to, std::size_t max) {
    std::vector<LocalDate> out;
    if (to < from || max == 0) return out;
    for_each_occurrence(r, start, from, to, [&](LocalDate d, bool removed) {
        if (!removed) out.push_back(d);
        return out.size() < max;
    });
    return out;
}

bool is_rule_date(const Recurrence& r, LocalDate start, LocalDate date) {
    bool found = false;
    for_each_occurrence(r, start, date, date, [&](LocalDate d, bool) {
        found = d == date;
        return !found;
    });
    return found;
}

std::optional<LocalDate> next_occurrence_date(const Recurrence& r, LocalDate start, LocalDate day) {
    // One call finds it: the walk stops at the first occurrence, at UNTIL, or once COUNT dates
    // are seen. Only a rule that never matches again (the 31st every 12 months from April)
    // walks the whole century, period by period: 1,200 months.
    LocalDate from = std::max(day, start);
    LocalDate to{std::min(kLastYear, from.year + 100), 12, 31};
    auto dates = occurrence_dates(r, start, from, to, 1);
    if (dates.empty()) return std::nullopt;
    return dates.front();
}

std::optional<LocalDate> previous_occurrence_date(const Recurrence& r, LocalDate start, LocalDate day) {
    if (!(start < day)) return std::nullopt;
    LocalDate to = add_days(day, -1);
    if (r.until && *r.until < to) to = *r.until;
    if (r.count) {  // at most 999 occurrences from the start: walk them all
        std::optional<LocalDate> last;
        for_each_occurrence(r, start, start, to, [&](LocalDate d, bool removed) {
            if (!removed) last = d;
            return true;
        });
        return last;
    }
    // Windows of two months walking back: never more than 62 dates in one.
    for (int step = 0; step < 180 && !(to < start); ++step) {
        LocalDate from = std::max(start, add_days(to, -61));
        auto dates = occurrence_dates(r, start, from, to, 100);
        if (!dates.empty()) return dates.back();
        to = add_days(from, -1);
    }
    return std::nullopt;
}

std::optional<SeriesStart> series_start(const Activity& a, const TimeZone& zone) {
    if (!a.recurrence) return std::nullopt;
    SeriesStart s;
    if (a.type == ActivityType::Appointment) {
        if (!a.scheduled_start) return std::nullopt;
        UtcMillis start = *a.scheduled_start;
        UtcMillis end = a.scheduled_end ? *a.scheduled_end : start;
        s.length_ms = std::max<std::int64_t>(0, end - start);
        if (a.all_day) {
            // all-day dates are UTC midnights by convention (see effective_due)
            s.date_only = true;
            s.date = utc_date_of(start);
        } else {
            LocalDateTime local = zone.to_local(start);
            s.date = local.date;
            s.time = local.time;
        }
        return s;
    }
    if (a.due.kind == Due::Kind::Date) {
        s.date_only = true;
        s.date = a.due.date;
    } else if (a.due.kind == Due::Kind::Instant) {
        LocalDateTime local = zone.to_local(a.due.instant);
        s.date = local.date;
        s.time = local.time;
    } else {
        return std::nullopt;
    }
    if (a.duration_minutes && *a.duration_minutes > 0) s.length_ms = static_cast<std::int64_t>(*a.duration_minutes) * 60'000;
    return s;
}

Occurrence occurrence_at(const SeriesStart& s, LocalDate date, const TimeZone& zone) {
    Occurrence o;
    o.date = date;
    o.date_only = s.date_only;
    o.start = s.date_only ? utc_midnight(date) : zone.from_local({date, s.time});
    o.end = o.start + s.length_ms;
    return o;
}

std::vector<Occurrence> expand_series(const Activity& master, const TimeZone& zone, LocalDate from, LocalDate to,
                                      std::size_t max) {
    std::vector<Occurrence> out;
    auto s = series_start(master, zone);
    if (!s) return out;
    // An occurrence longer than a day can start before `from` and still show in it.
    int reach_back = static_cast<int>(std::min<std::int64_t>(s->length_ms / kMillisPerDay + 1, 366));
    for (LocalDate d : occurrence_dates(*master.recurrence, s->date, add_days(from, -reach_back), to, max)) {
        Occurrence o = occurrence_at(*s, d, zone);
        LocalDate last_day = o.date_only ? utc_date_of(std::max(o.start, o.end - 1)) : zone.local_date(std::max(o.start, o.end - 1));
        if (last_day < from) continue;
        out.push_back(o);
    }
    return out;
}

Activity occurrence_activity(const Activity& master, LocalDate date, const TimeZone& zone) {
    Activity a = master;
    a.recurrence.reset();
    auto s = series_start(master, zone);
    if (!s) return a;
    Occurrence o = occurrence_at(*s, date, zone);
    if (master.type == ActivityType::Appointment) {
        a.scheduled_start = o.start;
        if (master.scheduled_end) a.scheduled_end = o.end;
    }
    if (master.due.kind == Due::Kind::Date) a.due = Due::on_date(date);
    else if (master.due.kind == Due::Kind::Instant) {
        // an appointment's due (rare) moves with its start
        a.due = Due::at(master.type == ActivityType::Appointment && master.scheduled_start
                            ? master.due.instant + (o.start - *master.scheduled_start)
                            : o.start);
    }
    return a;
}

namespace {
// A task is done or not: its series shows the first occurrence nobody has completed or taken
// out, overdue when that is before today, as Outlook's repeating tasks do (last Friday's
// timesheet stays on the list until it is done or skipped). An appointment is over once its
// time has passed: its series shows the next one.
std::optional<LocalDate> shown_date(const Activity& a, const SeriesStart& s, LocalDate today) {
    const Recurrence& r = *a.recurrence;
    if (a.type != ActivityType::Appointment)
        if (auto first_open = next_occurrence_date(r, s.date, s.date); first_open && *first_open < today) return first_open;
    auto date = next_occurrence_date(r, s.date, today);
    return date ? date : previous_occurrence_date(r, s.date, today);
}
}  // namespace

std::optional<LocalDate> shown_occurrence_date(const Activity& a, const TimeZone& zone, LocalDate today) {
    auto s = series_start(a, zone);
    return s ? shown_date(a, *s, today) : std::nullopt;
}

Due shown_due(const Activity& a, const TimeZone& zone, LocalDate today) {
    auto s = series_start(a, zone);
    if (!s) return effective_due(a);
    auto date = shown_date(a, *s, today);
    if (!date) return effective_due(a);
    Occurrence o = occurrence_at(*s, *date, zone);
    if (a.type != ActivityType::Appointment && a.due.kind == Due::Kind::Date) return Due::on_date(*date);
    if (o.date_only) return Due::on_date(*date);
    return Due::at(o.start);
}

std::string describe_recurrence(const Recurrence& r, LocalDate start) {
    std::string text;
    const bool every = r.interval > 1;
    const std::string n = std::to_string(r.interval);
    switch (r.frequency) {
        case Frequency::Daily: text = every ? tr_args("Repeats every %s days", {n}) : tr("Repeats daily"); break;
        case Frequency::Weekly: {
            std::string days;
            const std::uint8_t mask = r.weekdays ? r.weekdays : static_cast<std::uint8_t>(1u << weekday(start));
            for (int i = 1; i <= 7; ++i) {  // Monday first, as the rule is written
                if (!(mask & (1u << (i % 7)))) continue;
                if (!days.empty()) days += ", ";
                days += weekday_short_name(i % 7);
            }
            text = every ? tr_args("Repeats every %s weeks on %s", {n, days}) : tr_args("Repeats weekly on %s", {days});
            break;
        }
        case Frequency::Monthly:
        case Frequency::Yearly: {
            static const char* const kOrdinals[] = {N_("first"), N_("second"), N_("third"), N_("fourth")};
            std::string on;
            if (r.week_of_month != 0) {
                const char* nth = r.week_of_month < 0 ? N_("last") : kOrdinals[std::clamp(r.week_of_month, 1, 4) - 1];
                on = tr_args("the %s %s", {tr(nth), weekday_name(r.weekday)});
            } else if (r.month_day == -1) {
                on = tr("the last day");
            } else {
                on = tr_args("day %s", {std::to_string(r.month_day ? r.month_day : start.day)});
            }
            if (r.frequency == Frequency::Monthly) {
                text = every ? tr_args("Repeats every %s months on %s", {n, on}) : tr_args("Repeats monthly on %s", {on});
            } else {
                std::string month = month_name(r.month ? r.month : start.month);
                text = every ? tr_args("Repeats every %s years on %s of %s", {n, on, month})
                             : tr_args("Repeats yearly on %s of %s", {on, month});
            }
            break;
        }
    }
    if (r.until) text += tr_args(", until %s", {format_date(*r.until)});
    else if (r.count) text += ", " + count_phrase("%s time", "%s times", r.count);
    return text;
}

}  // namespace crm
