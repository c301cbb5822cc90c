// Reminders for tasks and appointments: `reminder_minutes` before the scheduled start
// (appointments) or the due (tasks). A task due on a date without a time reminds at 09:00 local
// on that day minus the offset (Outlook's rule for date-only tasks); an all-day appointment the
// same, at 09:00 local of its first day. Only open or scheduled activities remind.
// A reminder is shown from its instant until the user dismisses it: `reminder_dismissed` on the
// activity holds the dismissed instant (synced, so every device stops showing it), and a moved
// activity has a new instant that shows again. Snoozes are this device's: a snoozed reminder comes
// back at `until`, and a snooze of an older instant no longer applies once the activity moves.
// Series (recurrence.hpp): a master reminds for its own start or due (its first occurrence); an
// occurrence edited on its own is an activity and reminds as any other. Later occurrences that
// exist only in the rule do not remind yet: the series expansion was not in main when this was
// written.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "activity.hpp"
#include "civil_time.hpp"
#include "table.hpp"

namespace crm {

inline constexpr LocalTime kDateOnlyReminderTime{9, 0, 0};
// The choices of the form's Reminder field (minutes before; 0 = at start). None is "no value".
inline constexpr int kReminderChoices[] = {0, 5, 10, 15, 30, 60, 120, 24 * 60, 7 * 24 * 60};
inline constexpr int kDefaultAppointmentReminderMinutes = 15;  // Outlook's default
const char* reminder_choice_name(int minutes);  // English ("15 minutes before"); pass through tr()

bool takes_reminder(ActivityType type);
// When the activity's reminder goes off, or nullopt (no reminder, no due/start, wrong type).
// Says nothing about state or dismissal.
std::optional<UtcMillis> reminder_instant(const Activity& a, const TimeZone& zone);

struct Snooze {
    UtcMillis reminder_at = 0;  // the instant that was snoozed
    UtcMillis until = 0;
};
using Snoozes = std::unordered_map<std::string, Snooze>;  // activity id -> snooze
// Device-local text form for a setting: "id=reminder_at:until;..." (unreadable parts are skipped).
std::string encode_snoozes(const Snoozes& s);
Snoozes decode_snoozes(std::string_view text);
// Drops snoozes whose activity no longer shows that instant (moved, closed, dismissed or gone).
void prune_snoozes(Snoozes& s, const Table<Activity>& activities, const TimeZone& zone);

struct DueReminder {
    std::uint32_t activity_index = 0;  // row in the activities table
    UtcMillis at = 0;                  // the reminder instant
};
struct ReminderScan {
    std::vector<DueReminder> due;  // showing now: earliest first
    std::optional<UtcMillis> next; // the first instant after now at which the list changes (wake-up)
};
// One pass over the table: the reminders showing at `now` (open or scheduled, live, instant <= now,
// not dismissed for that instant, not snoozed past now) and the next instant one will show.
ReminderScan scan_reminders(const Table<Activity>& activities, const TimeZone& zone, UtcMillis now,
                            const Snoozes* snoozes = nullptr);

}  // namespace crm
