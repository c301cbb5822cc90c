// "Complete & schedule next" (Dynamics' "Follow up"): the draft of the activity that follows a
// completed one. Same Regarding, the chosen type, "Follow-up: <subject>", owned by the current
// user, due at an offset from today in the user's zone. A date-only due (or none) gives a
// date-only due, so it never moves by a day; an instant keeps its local time of day on the target
// date, resolved in the zone on that date (a DST change in between does not shift it by an hour).
// The draft is not stored: the form opens on it and the user saves it or not.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "activity.hpp"
#include "civil_time.hpp"

namespace crm {

enum class FollowUpOffset : std::uint8_t { Tomorrow = 0, In3Days, NextWeek, In2Weeks, OnDate };
inline constexpr FollowUpOffset kAllFollowUpOffsets[] = {FollowUpOffset::Tomorrow, FollowUpOffset::In3Days, FollowUpOffset::NextWeek,
                                                         FollowUpOffset::In2Weeks, FollowUpOffset::OnDate};
const char* follow_up_offset_name(FollowUpOffset o);  // English; pass through tr()

struct FollowUpChoice {
    ActivityType type = ActivityType::Task;
    FollowUpOffset offset = FollowUpOffset::Tomorrow;
    LocalDate date{};  // for OnDate
};

// Types that can be followed up (notes have no workflow to complete).
bool can_follow_up(ActivityType type);
// The day the follow-up is due: today in `zone` plus the offset (the chosen date for OnDate).
LocalDate follow_up_date(const FollowUpChoice& choice, const TimeZone& zone, UtcMillis now);
// "Follow-up: <subject>" from the (translated) prefix pattern with one %s; a subject that already
// starts with the prefix is not prefixed twice, and the result is cut to kMaxSubjectChars.
std::string follow_up_subject(std::string_view pattern, std::string_view subject);
// The new activity's draft (no id, not stored). `subject_pattern` is tr("Follow-up: %s").
Activity follow_up_draft(const Activity& done, const FollowUpChoice& choice, std::string_view current_user_id,
                         const TimeZone& zone, UtcMillis now, std::string_view subject_pattern = "Follow-up: %s");

}  // namespace crm
