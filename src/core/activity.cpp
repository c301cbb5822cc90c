#include "activity.hpp"
#include "i18n.hpp"

#include <array>

namespace crm {

const char* activity_type_name(ActivityType t) {
    switch (t) {
        case ActivityType::Email: return N_("Email");
        case ActivityType::PhoneCall: return N_("Phone Call");
        case ActivityType::Task: return N_("Task");
        case ActivityType::Appointment: return N_("Appointment");
        case ActivityType::Note: return N_("Note");
    }
    return "?";
}

const char* new_activity_title(ActivityType t) {
    switch (t) {
        case ActivityType::Email: return N_("New Email");
        case ActivityType::PhoneCall: return N_("New Phone Call");
        case ActivityType::Task: return N_("New Task");
        case ActivityType::Appointment: return N_("New Appointment");
        case ActivityType::Note: return N_("New Note");
    }
    return "?";
}

const char* activity_state_name(ActivityState s) {
    switch (s) {
        case ActivityState::Open: return N_("Open");
        case ActivityState::Completed: return N_("Completed");
        case ActivityState::Canceled: return N_("Canceled");
        case ActivityState::Scheduled: return N_("Scheduled");
    }
    return "?";
}

const char* status_reason_name(StatusReason r) {
    switch (r) {
        case StatusReason::NotStarted: return N_("Not Started");
        case StatusReason::InProgress: return N_("In Progress");
        case StatusReason::WaitingOnSomeoneElse: return N_("Waiting on someone else");
        case StatusReason::Deferred: return N_("Deferred");
        case StatusReason::Completed: return N_("Completed");
        case StatusReason::Canceled: return N_("Canceled");
        case StatusReason::Open: return N_("Open");
        case StatusReason::Made: return N_("Made");
        case StatusReason::Received: return N_("Received");
        case StatusReason::Draft: return N_("Draft");
        case StatusReason::Failed: return N_("Failed");
        case StatusReason::Sent: return N_("Sent");
        case StatusReason::PendingSend: return N_("Pending Send");
        case StatusReason::Free: return N_("Free");
        case StatusReason::Tentative: return N_("Tentative");
        case StatusReason::Busy: return N_("Busy");
        case StatusReason::OutOfOffice: return N_("Out of Office");
        case StatusReason::NoteActive: return N_("Active");
    }
    return "?";
}

const char* priority_name(Priority p) {
    switch (p) {
        case Priority::Low: return N_("Low");
        case Priority::Normal: return N_("Normal");
        case Priority::High: return N_("High");
    }
    return "?";
}

const char* direction_name(Direction d) { return d == Direction::Incoming ? N_("Incoming") : N_("Outgoing"); }

namespace {
using R = StatusReason;
// Status reasons per type and state, first one is the default. Mirrors Dynamics 365's statuscode
// option sets for task, phonecall, email and appointment.
constexpr R kTaskOpen[] = {R::NotStarted, R::InProgress, R::WaitingOnSomeoneElse, R::Deferred};
constexpr R kCompletedOnly[] = {R::Completed};
constexpr R kCanceledOnly[] = {R::Canceled};
constexpr R kPhoneOpen[] = {R::Open};
constexpr R kPhoneCompleted[] = {R::Made, R::Received};
constexpr R kEmailOpen[] = {R::Draft, R::Failed};
constexpr R kEmailCompleted[] = {R::Completed, R::Sent, R::Received, R::PendingSend};
constexpr R kAppointmentOpen[] = {R::Free, R::Tentative};
constexpr R kAppointmentScheduled[] = {R::Busy, R::OutOfOffice};
constexpr R kNoteOpen[] = {R::NoteActive};
}  // namespace

std::span<const StatusReason> status_reasons_for(ActivityType type, ActivityState state) {
    switch (type) {
        case ActivityType::Task:
            if (state == ActivityState::Open) return kTaskOpen;
            if (state == ActivityState::Completed) return kCompletedOnly;
            if (state == ActivityState::Canceled) return kCanceledOnly;
            return {};
        case ActivityType::PhoneCall:
            if (state == ActivityState::Open) return kPhoneOpen;
            if (state == ActivityState::Completed) return kPhoneCompleted;
            if (state == ActivityState::Canceled) return kCanceledOnly;
            return {};
        case ActivityType::Email:
            if (state == ActivityState::Open) return kEmailOpen;
            if (state == ActivityState::Completed) return kEmailCompleted;
            if (state == ActivityState::Canceled) return kCanceledOnly;
            return {};
        case ActivityType::Appointment:
            if (state == ActivityState::Open) return kAppointmentOpen;
            if (state == ActivityState::Completed) return kCompletedOnly;
            if (state == ActivityState::Canceled) return kCanceledOnly;
            if (state == ActivityState::Scheduled) return kAppointmentScheduled;
            return {};
        case ActivityType::Note:
            if (state == ActivityState::Open) return kNoteOpen;
            return {};
    }
    return {};
}

bool state_allowed(ActivityType type, ActivityState state) { return !status_reasons_for(type, state).empty(); }

bool reason_valid(ActivityType type, ActivityState state, StatusReason reason) {
    for (auto r : status_reasons_for(type, state))
        if (r == reason) return true;
    return false;
}

StatusReason default_reason(ActivityType type, ActivityState state) {
    auto reasons = status_reasons_for(type, state);
    return reasons.empty() ? StatusReason::Open : reasons.front();
}

ActivityState initial_state(ActivityType) { return ActivityState::Open; }

bool is_closed(ActivityState s) { return s == ActivityState::Completed || s == ActivityState::Canceled; }
bool is_read_only(const Activity& a) { return is_closed(a.state); }

const char* transition_refusal(ActivityType type, ActivityState from, ActivityState to) {
    if (!state_allowed(type, to)) {
        if (type == ActivityType::Note) return N_("Notes have no status: they cannot be completed or canceled.");
        return N_("This activity type has no such state.");
    }
    if (from == to) return nullptr;
    if (is_closed(from)) return N_("Completed and canceled activities are read-only.");
    return nullptr;  // open <-> scheduled, and open/scheduled -> completed/canceled
}

bool can_transition(ActivityType type, ActivityState from, ActivityState to) {
    return transition_refusal(type, from, to) == nullptr;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool utf8_valid(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        int extra;
        std::uint32_t cp;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07; }
        else return false;
        if (i + extra >= s.size()) return false;  // truncated sequence
        for (int k = 1; k <= extra; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // overlong forms, surrogates and out-of-range code points
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += extra + 1;
    }
    return true;
}

bool looks_like_email_address(std::string_view s) {
    // Deliberately permissive (RFC 5322 allows far more than forms usually check): one '@', a
    // non-empty local part, a domain with a dot that is neither first nor last, no spaces.
    auto at = s.find('@');
    if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return false;
    auto domain = s.substr(at + 1);
    auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
    for (char c : s)
        if (c == ' ' || c == '\t' || c == ';' || c == ',' || static_cast<unsigned char>(c) < 0x20) return false;
    return true;
}

bool looks_like_phone_number(std::string_view s) {
    // Digits with the usual separators and an optional leading '+' and extension ("x123").
    int digits = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') ++digits;
        else if (c == '+' && i == 0) continue;
        else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/' || c == 'x') continue;
        else return false;
    }
    return digits >= 3 && digits <= 20;
}

namespace {
bool has_control_chars(std::string_view s, bool allow_newlines) {
    for (unsigned char c : s) {
        if (c == 0x7F) return true;
        if (c < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t'))) return true;
    }
    return false;
}

void check_text(Status& st, const char* field, std::string_view value, std::size_t max_chars, bool multiline) {
    if (!utf8_valid(value)) {
        st.add(field, "Contains invalid UTF-8 text.");
        return;
    }
    if (has_control_chars(value, multiline)) st.add(field, "Contains control characters.");
    if (utf8_length(value) > max_chars) st.add(field, "Too long: at most %s characters.", std::to_string(max_chars));
}

void check_address_list(Status& st, const char* field, std::string_view list) {
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find_first_of(";,", start);
        if (end == std::string_view::npos) end = list.size();
        auto item = list.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty() && !looks_like_email_address(item)) {
            st.add(field, "Not a valid email address: %s", std::string(item));
            return;
        }
        start = end + 1;
    }
}
// Recurrence and reminders: only tasks and appointments have them (as in Dynamics and Outlook).
void check_series_fields(Status& st, const Activity& a) {
    bool schedulable = a.type == ActivityType::Task || a.type == ActivityType::Appointment;
    if (a.recurrence) {
        Due first = effective_due(a);
        if (!schedulable) st.add("recurrence", "Only tasks and appointments can repeat.");
        else if (first.empty()) st.add("recurrence", "A repeating task needs a due date.");
        else if (!a.series_id.empty()) st.add("recurrence", "An occurrence of a series cannot repeat on its own.");
        else {
            // No zone here: an instant's local date is within a day of its UTC date, so the day
            // before is a start no zone can be earlier than (the form checks in the user's zone).
            LocalDate start = first.kind == Due::Kind::Date ? first.date : add_days(utc_date_of(first.instant), -1);
            Status rule = validate_recurrence(*a.recurrence, start);
            for (auto& e : rule.errors) st.errors.push_back(std::move(e));
        }
    }
    if (a.series_id.empty() != !a.occurrence_date.has_value())
        st.add("recurrence", "An occurrence needs both its series and its date.");
    if (a.occurrence_date && !is_valid_date(*a.occurrence_date)) st.add("recurrence", "Not a valid date.");
    if (a.reminder_minutes) {
        if (!schedulable) st.add("reminder", "Only tasks and appointments have reminders.");
        else if (*a.reminder_minutes < 0 || *a.reminder_minutes > kMaxReminderMinutes)
            st.add("reminder", "A reminder must be from 0 minutes to 4 weeks before.");
    }
}
}  // namespace

Status validate_activity(const Activity& a) {
    Status st;
    std::string_view subject = a.subject;
    bool blank = subject.find_first_not_of(" \t") == std::string_view::npos;
    if (blank) st.add("subject", "Subject is required.");
    else check_text(st, "subject", subject, kMaxSubjectChars, false);
    check_text(st, "description", a.description, kMaxDescriptionChars, true);
    check_text(st, "location", a.location, kMaxShortFieldChars, false);
    check_text(st, "attendees", a.attendees, kMaxShortFieldChars * 4, false);

    if (!state_allowed(a.type, a.state)) st.add("state", "This state is not valid for the activity type.");
    else if (!reason_valid(a.type, a.state, a.reason)) st.add("reason", "This status reason is not valid for the state.");

    if (a.owner.empty()) st.add("owner", "Owner is required.");

    if (a.due.kind == Due::Kind::Date && !is_valid_date(a.due.date)) st.add("due", "Not a valid date.");
    if (a.scheduled_start && a.scheduled_end && *a.scheduled_end < *a.scheduled_start)
        st.add("scheduled_end", "End must not be before start.");
    if (a.type == ActivityType::Appointment) {
        if (!a.scheduled_start) st.add("scheduled_start", "Start is required for an appointment.");
        if (!a.scheduled_end) st.add("scheduled_end", "End is required for an appointment.");
    }
    if (a.duration_minutes && (*a.duration_minutes < 0 || *a.duration_minutes > 60 * 24 * 366))
        st.add("duration", "Duration must be between 0 minutes and one year.");

    if (!a.phone_number.empty() && !looks_like_phone_number(a.phone_number))
        st.add("phone_number", "Not a valid phone number (digits, spaces, + - ( ) only).");
    if (!a.email_from.empty() && !looks_like_email_address(a.email_from))
        st.add("email_from", "Not a valid email address: %s", a.email_from);
    check_text(st, "email_to", a.email_to, kMaxShortFieldChars * 4, false);
    check_text(st, "email_cc", a.email_cc, kMaxShortFieldChars * 4, false);
    check_address_list(st, "email_to", a.email_to);
    check_address_list(st, "email_cc", a.email_cc);
    check_series_fields(st, a);
    return st;
}

Due effective_due(const Activity& a) {
    if (!a.due.empty()) return a.due;
    if (a.type == ActivityType::Appointment && a.scheduled_start) {
        // an all-day appointment's start is midnight UTC of its date by convention (see Store)
        if (a.all_day) return Due::on_date(utc_date_of(*a.scheduled_start));
        return Due::at(*a.scheduled_start);
    }
    return {};
}

}  // namespace crm
