#include "activity_format.hpp"

#include "locale_format.hpp"
#include "recurrence_expand.hpp"

namespace crm {

std::string format_local_datetime(UtcMillis t, const TimeZone& zone) {
    return format_date_time(zone.to_local(t));
}

std::string format_due(const Due& due, const TimeZone& zone) {
    switch (due.kind) {
        case Due::Kind::None: return {};
        case Due::Kind::Date: return format_date(due.date);
        case Due::Kind::Instant: return format_local_datetime(due.instant, zone);
    }
    return {};
}

ActivityRowText format_activity_row(const Store& store, const Activity& a, const TimeZone& zone, const DueWindow& w) {
    ActivityRowText row;
    row.type = activity_type_name(a.type);
    row.priority = priority_name(a.priority);
    row.state = activity_state_name(a.state);
    row.reason = status_reason_name(a.reason);
    row.regarding_kind = a.regarding.empty() ? "" : regarding_kind_name(a.regarding.kind);
    row.regarding = store.regarding_name(a.regarding);
    row.owner = store.owner_name(a.owner);
    // A series shows its next occurrence (recurrence_expand.hpp), as the grid sorts it.
    const Due due = shown_due(a, zone, w.today);
    row.due = format_due(due, zone);
    row.due_tone = due_tone(due, a.type, a.state, w);
    row.repeats = a.recurrence.has_value();
    row.created_by = store.user_name(a.meta.created_by);
    row.created_on = format_local_datetime(a.meta.created_at, zone);
    row.modified_on = format_local_datetime(a.meta.modified_at, zone);
    return row;
}

}  // namespace crm
