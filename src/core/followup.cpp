#include "followup.hpp"

#include "i18n.hpp"

namespace crm {
namespace {

constexpr int kDefaultAppointmentMinutes = 30;
constexpr LocalTime kDefaultAppointmentTime{9, 0, 0};

// The local time of day the completed activity was due or scheduled at, when it had one.
std::optional<LocalTime> time_of_day(const Activity& a, const TimeZone& zone) {
    if (a.type == ActivityType::Appointment && a.scheduled_start && !a.all_day) return zone.to_local(*a.scheduled_start).time;
    if (a.due.kind == Due::Kind::Instant) return zone.to_local(a.due.instant).time;
    return std::nullopt;
}

std::string cut_to_chars(std::string s, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
        if (chars == max_chars) {
            s.resize(i);
            break;
        }
        ++chars;
    }
    return s;
}

}  // namespace

const char* follow_up_offset_name(FollowUpOffset o) {
    switch (o) {
        case FollowUpOffset::Tomorrow: return N_("Tomorrow");
        case FollowUpOffset::In3Days: return N_("In 3 days");
        case FollowUpOffset::NextWeek: return N_("Next week");
        case FollowUpOffset::In2Weeks: return N_("In 2 weeks");
        case FollowUpOffset::OnDate: return N_("On a date");
    }
    return "";
}

bool can_follow_up(ActivityType type) { return type != ActivityType::Note; }

LocalDate follow_up_date(const FollowUpChoice& choice, const TimeZone& zone, UtcMillis now) {
    LocalDate today = zone.local_date(now);
    switch (choice.offset) {
        case FollowUpOffset::Tomorrow: return add_days(today, 1);
        case FollowUpOffset::In3Days: return add_days(today, 3);
        case FollowUpOffset::NextWeek: return add_days(today, 7);
        case FollowUpOffset::In2Weeks: return add_days(today, 14);
        case FollowUpOffset::OnDate: return choice.date;
    }
    return today;
}

std::string follow_up_subject(std::string_view pattern, std::string_view subject) {
    std::string p(pattern);
    std::size_t slot = p.find("%s");
    if (slot == std::string::npos) return cut_to_chars(std::string(subject), kMaxSubjectChars);
    std::string prefix = p.substr(0, slot);
    if (!prefix.empty() && subject.substr(0, prefix.size()) == prefix) return cut_to_chars(std::string(subject), kMaxSubjectChars);
    return cut_to_chars(prefix + std::string(subject) + p.substr(slot + 2), kMaxSubjectChars);
}

Activity follow_up_draft(const Activity& done, const FollowUpChoice& choice, std::string_view current_user_id,
                         const TimeZone& zone, UtcMillis now, std::string_view subject_pattern) {
    Activity a;
    a.type = choice.type;
    a.state = initial_state(a.type);
    a.reason = a.type == ActivityType::Email ? StatusReason::Draft : default_reason(a.type, a.state);
    a.subject = follow_up_subject(subject_pattern, done.subject);
    a.regarding = done.regarding;
    a.owner = {OwnerKind::User, std::string(current_user_id)};
    a.priority = done.priority;
    // the same counterpart: a call back to the same number, a mail to the same people
    if (a.type == done.type) {
        a.direction = done.direction;
        a.phone_number = done.phone_number;
        a.email_from = done.email_from;
        a.email_to = done.email_to;
        a.email_cc = done.email_cc;
        a.location = done.location;
        a.attendees = done.attendees;
        a.reminder_minutes = done.reminder_minutes;
    }
    LocalDate day = follow_up_date(choice, zone, now);
    std::optional<LocalTime> time = time_of_day(done, zone);
    if (a.type == ActivityType::Appointment) {
        int minutes = kDefaultAppointmentMinutes;
        if (done.type == ActivityType::Appointment && done.scheduled_start && done.scheduled_end && !done.all_day &&
            *done.scheduled_end > *done.scheduled_start)
            minutes = static_cast<int>((*done.scheduled_end - *done.scheduled_start) / 60'000);
        UtcMillis start = zone.from_local({day, time.value_or(kDefaultAppointmentTime)});
        a.scheduled_start = start;
        a.scheduled_end = start + static_cast<UtcMillis>(minutes) * 60'000;
        a.duration_minutes = minutes;
        if (!a.reminder_minutes) a.reminder_minutes = 15;  // as a new appointment's form
    } else if (a.type != ActivityType::Note) {
        a.due = time ? Due::at(zone.from_local({day, *time})) : Due::on_date(day);
    }
    return a;
}

}  // namespace crm
