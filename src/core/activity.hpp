// Activities: the emails, phone calls, tasks, appointments and notes recorded about customers.
// This module owns the activity record, the state/status-reason rules per type (the same rules
// Dynamics 365 applies), validation with field-named errors, and the "effective due" used by
// filters. Use `status_reasons_for(type, state)` to list valid reasons, `can_transition()` before
// changing state, and `validate_activity()` before saving; `Store` calls them for you.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "civil_time.hpp"
#include "records.hpp"
#include "recurrence.hpp"
#include "result.hpp"

namespace crm {

enum class ActivityType : std::uint8_t { Email = 0, PhoneCall = 1, Task = 2, Appointment = 3, Note = 4 };
inline constexpr ActivityType kAllActivityTypes[] = {ActivityType::Email, ActivityType::PhoneCall, ActivityType::Task,
                                                     ActivityType::Appointment, ActivityType::Note};

enum class ActivityState : std::uint8_t { Open = 0, Completed = 1, Canceled = 2, Scheduled = 3 };
inline constexpr ActivityState kAllActivityStates[] = {ActivityState::Open, ActivityState::Scheduled,
                                                       ActivityState::Completed, ActivityState::Canceled};

enum class StatusReason : std::uint8_t {
    // task
    NotStarted, InProgress, WaitingOnSomeoneElse, Deferred,
    // shared
    Completed, Canceled,
    // phone call
    Open, Made, Received,
    // email
    Draft, Failed, Sent, PendingSend,
    // appointment
    Free, Tentative, Busy, OutOfOffice,
    // note
    NoteActive,
};

enum class Priority : std::uint8_t { Low = 0, Normal = 1, High = 2 };
enum class Direction : std::uint8_t { Outgoing = 0, Incoming = 1 };

// A due date is either a calendar date (no time: due "on 2026-11-24" wherever the user is) or an
// instant (due at 15:00 Warsaw time = 14:00Z). Keeping the two apart is what stops date-only dues
// from drifting by a day when the user's time zone changes.
struct Due {
    enum class Kind : std::uint8_t { None = 0, Date = 1, Instant = 2 };
    Kind kind = Kind::None;
    LocalDate date{};      // when kind == Date
    UtcMillis instant = 0; // when kind == Instant
    static Due none() { return {}; }
    static Due on_date(LocalDate d) { return {Kind::Date, d, 0}; }
    static Due at(UtcMillis t) { return {Kind::Instant, {}, t}; }
    bool empty() const { return kind == Kind::None; }
    bool operator==(const Due&) const = default;
};

struct Activity {
    RecordMeta meta;
    ActivityType type = ActivityType::Task;
    std::string subject;
    std::string description;
    RecordRef regarding;
    OwnerRef owner;
    ActivityState state = ActivityState::Open;
    StatusReason reason = StatusReason::NotStarted;
    Priority priority = Priority::Normal;
    Due due;
    std::optional<UtcMillis> scheduled_start;
    std::optional<UtcMillis> scheduled_end;
    std::optional<int> duration_minutes;
    std::optional<UtcMillis> actual_end;
    // phone call and email
    Direction direction = Direction::Outgoing;
    // phone call
    std::string phone_number;
    // email
    std::string email_from;
    std::string email_to;  // addresses separated by ';' or ','
    std::string email_cc;
    // appointment
    std::string location;
    bool all_day = false;
    std::string attendees;  // names or addresses separated by ';'
    // Recurrence (tasks and appointments; recurrence.hpp): a series master carries the rule, and
    // its own due (task) or scheduled start (appointment) is the first occurrence...
    std::optional<Recurrence> recurrence;
    // ...and an occurrence edited on its own is a separate activity naming its series and the
    // occurrence date (in the user's zone) it replaces. Both empty for a one-off activity.
    std::string series_id;
    std::optional<LocalDate> occurrence_date;
    // Reminder (tasks and appointments): minutes before the scheduled start, or before the due.
    // `reminder_dismissed` is the reminder instant the user dismissed: moving the activity moves
    // its reminder to a new instant, which shows again. Stored on the record, so a reminder
    // dismissed on one device is dismissed on the others after sync.
    std::optional<int> reminder_minutes;
    std::optional<UtcMillis> reminder_dismissed;
};

inline constexpr int kMaxReminderMinutes = 4 * 7 * 24 * 60;  // four weeks

inline constexpr std::size_t kMaxSubjectChars = 200;
inline constexpr std::size_t kMaxDescriptionChars = 100'000;
inline constexpr std::size_t kMaxShortFieldChars = 400;

// Names are English source strings; pass through tr() for display.
const char* activity_type_name(ActivityType t);
// "New Task", ...: a whole phrase, since languages inflect "new" by the noun's gender.
const char* new_activity_title(ActivityType t);
const char* activity_state_name(ActivityState s);
const char* status_reason_name(StatusReason r);
const char* priority_name(Priority p);
const char* direction_name(Direction d);

// Valid (state, reason) pairs per type. Notes have no workflow: only Open/NoteActive.
std::span<const StatusReason> status_reasons_for(ActivityType type, ActivityState state);
bool state_allowed(ActivityType type, ActivityState state);
bool reason_valid(ActivityType type, ActivityState state, StatusReason reason);
StatusReason default_reason(ActivityType type, ActivityState state);
// The state a new activity of this type starts in, with its default reason.
ActivityState initial_state(ActivityType type);

// Completed and canceled activities are read-only: they may not be edited or change state.
bool is_read_only(const Activity& a);
bool is_closed(ActivityState s);
// Whether moving `from` -> `to` is allowed for the type (same state counts as allowed: it is a
// change of status reason only).
bool can_transition(ActivityType type, ActivityState from, ActivityState to);
// Why a transition is refused (English), or nullptr when it is allowed.
const char* transition_refusal(ActivityType type, ActivityState from, ActivityState to);

// Number of Unicode code points in UTF-8 text (length limits count characters, not bytes).
std::size_t utf8_length(std::string_view s);
bool utf8_valid(std::string_view s);
bool looks_like_email_address(std::string_view s);
bool looks_like_phone_number(std::string_view s);

// Field checks that need no other records (Store adds the reference checks).
Status validate_activity(const Activity& a);

// The date the activity is due for filtering and sorting: the due field, or for appointments the
// scheduled start (a date for all-day appointments).
Due effective_due(const Activity& a);

}  // namespace crm
