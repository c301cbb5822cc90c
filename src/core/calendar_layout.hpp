// The calendar's layout, decided without pixels: which days a mode shows (month grid with the
// leading and trailing days of neighbouring months, week, work week, day, agenda), and where
// each activity goes: appointments by start and end, tasks, phone calls and emails by due date
// (an instant due is a 30-minute block, or its duration; a date-only due sits in the all-day
// row), overlapping items side by side in columns, multi-day items split per day. Positions are
// wall-clock minutes from local midnight in the user's zone, so a week that crosses a DST change
// keeps 09:00 at 09:00 on every day. The view draws CalendarView as it is.
#pragma once
#include <cstdint>
#include <vector>

#include "activity_query.hpp"
#include "civil_time.hpp"
#include "store.hpp"

namespace crm {

enum class CalendarMode : std::uint8_t { Month = 0, Week = 1, WorkWeek = 2, Day = 3, Agenda = 4 };
const char* calendar_mode_name(CalendarMode m);  // English, for tr()

struct CalendarSettings {
    int first_day_of_week = -1;          // 0 = Sunday ... 6 = Saturday; -1: the UI language's (locale_format)
    int work_start_minute = 8 * 60;      // working hours, shaded in day/week views
    int work_end_minute = 17 * 60;
    std::uint8_t work_days = 0b0111110;  // bit n = weekday n works (Mon-Fri)
    int agenda_days = 14;
    bool operator==(const CalendarSettings&) const = default;
};
// The first day of the week in effect: the setting, or the UI language's when it is -1.
int calendar_first_day(const CalendarSettings& s);

// The days shown for `anchor`. Month: whole weeks from the week containing the 1st to the week
// containing the last day (35 or 42 days, or 28), starting on first_day_of_week. Week: the 7
// days of anchor's week. WorkWeek: the working days of that week. Day: anchor. Agenda: anchor
// and the following agenda_days - 1 days.
std::vector<LocalDate> calendar_days(CalendarMode mode, LocalDate anchor, const CalendarSettings& settings);
// The anchor of the previous / next page (a month, a week, a day, or agenda_days).
LocalDate calendar_step(CalendarMode mode, LocalDate anchor, int direction, const CalendarSettings& settings);

enum class CalendarItemKind : std::uint8_t { Timed, AllDay, OpportunityClose };

struct CalendarItem {
    CalendarItemKind kind = CalendarItemKind::Timed;
    std::uint32_t index = 0;      // row in store.activities(), or store.opportunities() for closes
    int day = 0;                  // index into CalendarView::days
    int start_minute = 0;         // Timed: wall-clock minutes from local midnight, clipped to [0, 1440]
    int end_minute = 0;           //   end > start (at least 15 minutes, so short items stay visible)
    int column = 0;               // Timed: overlap column within its cluster...
    int columns = 1;              //   ...of this many side by side
    bool continues_before = false;  // the item started on an earlier day (multi-day split)
    bool continues_after = false;   // it goes on after this day
    UtcMillis start = 0;          // the item's real start and end (whole item, not the segment)
    UtcMillis end = 0;
    // An occurrence of a series (recurrence_expand.hpp): `index` is the master, `occurrence` the
    // occurrence's date (what "this one" edits and exceptions name).
    bool repeating = false;
    LocalDate occurrence{};
};

struct CalendarView {
    CalendarMode mode = CalendarMode::Week;
    std::vector<LocalDate> days;
    std::vector<CalendarItem> timed;      // sorted by day, then start
    std::vector<CalendarItem> all_day;    // date-only dues and all-day appointments, by day then subject
    std::vector<CalendarItem> closing;    // opportunities whose estimated close is that day
    LocalDate today;
    int today_index = -1;                 // index of today in days, or -1
    int now_minute = 0;                   // wall-clock minute of now (for the current-time line)
};

// Activities matching `query` (everything but its due filter) that fall on the shown days.
// Notes and deleted activities are never placed. A series is placed once per occurrence on the
// shown days (at most kMaxOccurrencesPerCall each); its exception activities as themselves.
CalendarView build_calendar(const Store& store, const ActivityQuery& query, const QueryContext& ctx, CalendarMode mode,
                            LocalDate anchor, const CalendarSettings& settings);

// Drag results, in the user's zone: the start instant of a block dropped on `day` at
// `wall_minute` (snapped to 15 minutes; for a wall time skipped by DST the first valid instant
// after it), and the end instant for a bottom edge dragged to `wall_minute` on `day`.
UtcMillis calendar_instant(LocalDate day, int wall_minute, const TimeZone& zone);
int snap_minutes(int minute, int step = 15);

}  // namespace crm
