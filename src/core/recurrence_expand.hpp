// The occurrences of a series (recurrence.hpp), expanded on demand for the range a view shows.
// Dates are expanded first (occurrence_dates: the rule in calendar dates, pure), then each date
// gets its instants in the user's zone (occurrence_at): a timed series keeps its wall-clock time,
// so 09:00 stays 09:00 across DST, and a time skipped by spring-forward resolves as
// TimeZone::from_local does; a date-only due or an all-day appointment stays a date. Every
// occurrence keeps the master's length (end - start).
//
// Rules as RFC 5545 reads them: the master's own start is always the first occurrence; COUNT
// counts removed occurrences too; UNTIL is an inclusive local date; a month without the chosen
// day (the 31st, or Feb 29 in a yearly series) has no occurrence; an interval counts from the
// start's day, week (weeks begin on Monday, RFC's default WKST=MO), month or year. Each call
// returns at most `max` occurrences, so a daily series asked for a century cannot stall a frame.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "activity.hpp"
#include "civil_time.hpp"
#include "recurrence.hpp"

namespace crm {

inline constexpr std::size_t kMaxOccurrencesPerCall = 1000;

// Occurrence dates of a series whose first occurrence is on `start`, within [from, to]
// (inclusive local dates), exceptions left out, in order.
std::vector<LocalDate> occurrence_dates(const Recurrence& r, LocalDate start, LocalDate from, LocalDate to,
                                        std::size_t max = kMaxOccurrencesPerCall);
// Whether the rule has an occurrence on `date` (exceptions count as occurrences here: an edited
// occurrence still belongs to the series).
bool is_rule_date(const Recurrence& r, LocalDate start, LocalDate date);
// The first occurrence on or after `day`, exceptions left out; nullopt when the series has ended.
std::optional<LocalDate> next_occurrence_date(const Recurrence& r, LocalDate start, LocalDate day);
// The last occurrence before `day` (exceptions left out), looking back at most ~30 years; nullopt
// when there is none.
std::optional<LocalDate> previous_occurrence_date(const Recurrence& r, LocalDate start, LocalDate day);

// Where the master's own first occurrence sits, read from its start (appointment) or due (task).
struct SeriesStart {
    LocalDate date;              // the first occurrence's date in the user's zone
    LocalTime time;              // timed: the wall-clock time every occurrence starts at
    bool date_only = false;      // a date-only due, or an all-day appointment
    std::int64_t length_ms = 0;  // end - start (appointments; a task's duration), kept by every occurrence
};
// nullopt when the activity is not a series or has no start/due to repeat from.
std::optional<SeriesStart> series_start(const Activity& master, const TimeZone& zone);

struct Occurrence {
    LocalDate date;        // the occurrence date: the key of exceptions and exception activities
    UtcMillis start = 0;   // timed: the instant; date-only: UTC midnight of the date (as all-day items)
    UtcMillis end = 0;     // start + the master's length
    bool date_only = false;
};
Occurrence occurrence_at(const SeriesStart& s, LocalDate date, const TimeZone& zone);

// Occurrences of `master` that overlap the local dates [from, to] (one that starts the day
// before and runs into `from` is included), exceptions left out. Empty for a non-series.
std::vector<Occurrence> expand_series(const Activity& master, const TimeZone& zone, LocalDate from, LocalDate to,
                                      std::size_t max = kMaxOccurrencesPerCall);

// The master as it would look on `date`: its due or scheduled start/end moved to that
// occurrence, recurrence cleared. The starting point of an exception activity.
Activity occurrence_activity(const Activity& master, LocalDate date, const TimeZone& zone);

// The due a grid, kanban or timeline shows for a series. A task series: its first occurrence not
// completed or taken out (before `today` it is overdue). An appointment series: the next
// occurrence on or after `today`. Either: the last one when the series has ended (so an ended
// series reads as past, not as its first date). For a non-series, effective_due().
Due shown_due(const Activity& a, const TimeZone& zone, LocalDate today);
// The date of that occurrence: what "Mark complete" or "Open" on such a row acts on. nullopt for
// a non-series, or a series with no occurrence left at all (every one taken out).
std::optional<LocalDate> shown_occurrence_date(const Activity& a, const TimeZone& zone, LocalDate today);

// "Repeats weekly on Mon, Wed until 1/31/2027", translated, in the active language.
std::string describe_recurrence(const Recurrence& r, LocalDate start);

}  // namespace crm
