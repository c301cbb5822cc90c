// Recurring tasks and appointments: the rule of a series, its text form, and its checks.
//
// A series is one activity (the master) that carries a Recurrence; its own start (appointments)
// or due (tasks) is the first occurrence. The other occurrences are not stored: they are expanded
// from the rule, in the user's time zone, so 09:00 stays 09:00 across a DST change. An occurrence
// the user edits on its own ("this one") becomes a separate activity that names its series and
// the occurrence date it replaces, and the master lists that date in `exceptions` (as iCalendar's
// RECURRENCE-ID and EXDATE). A deleted occurrence is only an exception.
//
// The rule's text form is the RFC 5545 RRULE value ("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"): the
// data file and sync documents store it, and .ics files carry it unchanged, so one parser serves
// both. Only what the rule model holds is accepted; anything else is refused with a message
// naming the part, never dropped silently.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "civil_time.hpp"
#include "result.hpp"

namespace crm {

enum class Frequency : std::uint8_t { Daily = 0, Weekly = 1, Monthly = 2, Yearly = 3 };

struct Recurrence {
    Frequency frequency = Frequency::Weekly;
    int interval = 1;  // every `interval` days, weeks, months or years: 1..kMaxRecurrenceInterval
    // Weekly: the days, bit (1 << weekday) with 0 = Sunday (weekday() in civil_time). 0 means the
    // weekday of the series start.
    std::uint8_t weekdays = 0;
    // Monthly and yearly: either a day of the month (month_day 1..31, or -1 for the last day) or
    // the nth weekday (week_of_month 1..4, or -1 for the last, of `weekday`). Both 0: the day of
    // the month of the series start. A month without the day (the 31st in April) has no
    // occurrence, as in RFC 5545, so a rule means the same here and in every calendar program
    // that reads our .ics; "the last day" is the rule for month ends.
    int month_day = 0;
    int week_of_month = 0;
    int weekday = 0;  // 0..6, with week_of_month
    int month = 0;    // yearly: 1..12; 0 means the month of the series start
    // The end: the last date an occurrence may fall on (inclusive, in the user's zone), or a
    // number of occurrences (counting removed ones, as RFC 5545 does), or neither (no end).
    std::optional<LocalDate> until;
    int count = 0;
    // Occurrence dates (local, in the user's zone) taken out of the series: deleted, or replaced
    // by an activity edited on its own. Sorted, no duplicates.
    std::vector<LocalDate> exceptions;

    bool operator==(const Recurrence&) const = default;
};

inline constexpr int kMaxRecurrenceInterval = 999;
inline constexpr int kMaxRecurrenceCount = 999;
inline constexpr std::size_t kMaxRecurrenceExceptions = 1000;

const char* frequency_name(Frequency f);  // "Daily", ... (English; pass through tr())

// RFC 5545 RRULE value, parts in a fixed order; exceptions are not part of it (EXDATE).
std::string format_rrule(const Recurrence& r);
// Parses an RRULE value (with or without the "RRULE:" prefix), case-insensitively. UNTIL may be a
// date or a date-time; a date-time's UTC date is taken (the .ics import refines it in its zone).
// WKST is accepted and ignored (it changes nothing for the rules this model holds). Refused with
// a message naming the part: other frequencies, BYSETPOS/BYHOUR/..., several BYMONTHDAY values,
// an ordinal BYDAY in a weekly rule, both UNTIL and COUNT. The result is not yet validated
// against a start: call validate_recurrence.
Result<Recurrence> parse_rrule(std::string_view text);

// Field-named errors ("recurrence") for a rule on a series starting on `start`.
Status validate_recurrence(const Recurrence& r, LocalDate start);

// Adds `date` to the exceptions, keeping them sorted and unique.
void add_recurrence_exception(Recurrence& r, LocalDate date);

}  // namespace crm
