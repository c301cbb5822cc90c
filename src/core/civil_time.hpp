// Calendar dates, wall-clock times and time zones, so that due dates are never off by one day.
// Instants are stored as UTC milliseconds (UtcMillis); date-only due dates are stored as LocalDate
// and never pass through an instant. To show or enter an instant, convert it with a TimeZone:
// the browser builds one with from_transitions() from offsets sampled in JS, tests use from_posix().
// No tzdb is needed (none exists in the wasm libc): zones are explicit offset/transition tables.
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm {

using UtcMillis = std::int64_t;  // ms since 1970-01-01T00:00:00Z
constexpr std::int64_t kMillisPerDay = 86'400'000;

struct LocalDate {
    int year = 1970;
    int month = 1;
    int day = 1;
    auto operator<=>(const LocalDate&) const = default;
};

struct LocalTime {
    int hour = 0;
    int minute = 0;
    int second = 0;
    auto operator<=>(const LocalTime&) const = default;
};

struct LocalDateTime {
    LocalDate date;
    LocalTime time;
    auto operator<=>(const LocalDateTime&) const = default;
};

// Proleptic Gregorian. Out-of-range months/days are normalised arithmetically (month 13 is January
// of the next year, day 0 is the last day of the previous month) so callers can do date maths.
std::int64_t days_from_civil(LocalDate d);  // days since 1970-01-01, negative before
LocalDate civil_from_days(std::int64_t days);
LocalDate add_days(LocalDate d, int days);
int weekday(LocalDate d);  // 0 = Sunday ... 6 = Saturday
bool is_leap_year(int y);
int days_in_month(int y, int m);  // 0 for a month outside 1..12
bool is_valid_date(LocalDate d);  // year 1..9999, real month and day

// All-day items keep calendar dates encoded as the UTC midnight of the date (zone-independent).
inline UtcMillis utc_midnight(LocalDate d) { return days_from_civil(d) * kMillisPerDay; }
// The UTC calendar date of an instant (floor division, so instants before 1970 work too).
inline LocalDate utc_date_of(UtcMillis t) {
    std::int64_t days = t / kMillisPerDay;
    if (t % kMillisPerDay < 0) --days;
    return civil_from_days(days);
}

std::string format_iso_date(LocalDate d);                     // "2026-03-29"
std::optional<LocalDate> parse_iso_date(std::string_view s);  // strict YYYY-MM-DD, must be a real date
std::optional<LocalTime> parse_time_hm(std::string_view s);   // strict "HH:MM", 00:00..23:59
std::string format_time_hm(LocalTime t);                      // "09:05"
std::string format_iso_utc(UtcMillis t);                      // "2026-11-23T18:40:00.000Z"
// YYYY-MM-DDTHH:MM[:SS[.fff]] followed by Z or ±HH:MM. Fractions beyond milliseconds are truncated.
std::optional<UtcMillis> parse_iso_utc(std::string_view s);

struct ZoneTransition {
    UtcMillis at;        // from this instant on...
    int offset_minutes;  // ...local = utc + offset
    bool operator==(const ZoneTransition&) const = default;
};

class TimeZone {
public:
    // Offsets are clamped to ±26 h; anything larger is not a real zone and would break from_local.
    static constexpr int kMaxOffsetMinutes = 26 * 60;

    static TimeZone utc();
    static TimeZone fixed(std::string name, int offset_minutes);
    // POSIX TZ string as in glibc's TZ variable, e.g. "CET-1CEST,M3.5.0,M10.5.0/3". Supports <...>
    // quoted names, [+-]hh[:mm[:ss]] offsets (seconds are rounded to whole minutes), Jn / n / Mm.w.d
    // rules with /time in -167..167 hours, DST spanning new year, and "std off dst" without rules
    // (US rules, as glibc). Transitions are expanded for first_year..last_year (within 1..9999).
    // nullopt on a malformed string or bad year range.
    static std::optional<TimeZone> from_posix(std::string name, std::string_view posix_tz,
                                              int first_year = 1970, int last_year = 2100);
    // Sorted by `at` if not already; entries at the same instant keep the last one, and entries
    // that do not change the offset are dropped, so equal rules give equal tables.
    static TimeZone from_transitions(std::string name, int initial_offset_minutes,
                                     std::vector<ZoneTransition> transitions);

    const std::string& name() const { return name_; }
    int initial_offset_minutes() const { return initial_offset_; }  // before the first transition
    const std::vector<ZoneTransition>& transitions() const { return transitions_; }

    int offset_minutes_at(UtcMillis t) const;
    LocalDateTime to_local(UtcMillis t) const;
    LocalDate local_date(UtcMillis t) const;
    // Gap (wall time skipped by spring-forward): interpreted with the offset before the gap, so
    // 02:30 on Warsaw's spring-forward day is 03:30 CEST. Overlap (fall-back): the earlier instant.
    UtcMillis from_local(LocalDateTime lt) const;
    // First instant whose local date is d, even when midnight itself is skipped. If the whole day
    // is skipped (Samoa 2011-12-30), the first instant after the skip.
    UtcMillis start_of_day(LocalDate d) const;

    bool operator==(const TimeZone&) const = default;

private:
    struct Resolved {
        bool exists = false;       // wall time occurs at least once
        UtcMillis earliest = 0;    // if exists: the earlier instant
        UtcMillis gap_start = 0;   // if not: the transition that skips it...
        int offset_before = 0;     // ...and the offset in effect before that transition
    };
    Resolved resolve(std::int64_t local_millis) const;

    std::string name_;
    int initial_offset_ = 0;
    std::vector<ZoneTransition> transitions_;
};

}  // namespace crm
