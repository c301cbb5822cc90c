#include "reminders.hpp"

#include <algorithm>
#include <charconv>

#include "i18n.hpp"

namespace crm {

const char* reminder_choice_name(int minutes) {
    switch (minutes) {
        case 0: return N_("At start");
        case 5: return N_("5 minutes before");
        case 10: return N_("10 minutes before");
        case 15: return N_("15 minutes before");
        case 30: return N_("30 minutes before");
        case 60: return N_("1 hour before");
        case 120: return N_("2 hours before");
        case 24 * 60: return N_("1 day before");
        case 7 * 24 * 60: return N_("1 week before");
        default: return N_("Custom");
    }
}

bool takes_reminder(ActivityType type) { return type == ActivityType::Task || type == ActivityType::Appointment; }

std::optional<UtcMillis> reminder_instant(const Activity& a, const TimeZone& zone) {
    if (!a.reminder_minutes || !takes_reminder(a.type)) return std::nullopt;
    UtcMillis before = static_cast<UtcMillis>(*a.reminder_minutes) * 60'000;
    if (a.type == ActivityType::Appointment) {
        if (!a.scheduled_start) return std::nullopt;
        // all-day appointments keep their date as a UTC midnight (calendar date, not an instant)
        if (a.all_day) return zone.from_local({utc_date_of(*a.scheduled_start), kDateOnlyReminderTime}) - before;
        return *a.scheduled_start - before;
    }
    if (a.due.kind == Due::Kind::Instant) return a.due.instant - before;
    if (a.due.kind == Due::Kind::Date) return zone.from_local({a.due.date, kDateOnlyReminderTime}) - before;
    return std::nullopt;
}

std::string encode_snoozes(const Snoozes& s) {
    std::vector<std::pair<std::string, Snooze>> sorted(s.begin(), s.end());  // stable text for equal maps
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out;
    for (const auto& [id, z] : sorted) {
        if (!out.empty()) out += ';';
        out += id + "=" + std::to_string(z.reminder_at) + ":" + std::to_string(z.until);
    }
    return out;
}

Snoozes decode_snoozes(std::string_view text) {
    Snoozes out;
    auto number = [](std::string_view s, UtcMillis& v) {
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        return ec == std::errc{} && p == s.data() + s.size();
    };
    while (!text.empty()) {
        std::size_t end = text.find(';');
        std::string_view part = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        std::size_t eq = part.find('='), colon = part.rfind(':');
        if (eq == std::string_view::npos || colon == std::string_view::npos || colon < eq || eq == 0) continue;
        Snooze z;
        if (!number(part.substr(eq + 1, colon - eq - 1), z.reminder_at) || !number(part.substr(colon + 1), z.until)) continue;
        out[std::string(part.substr(0, eq))] = z;
    }
    return out;
}

namespace {
bool may_remind(const Activity& a) {
    return !a.meta.deleted && (a.state == ActivityState::Open || a.state == ActivityState::Scheduled);
}
}  // namespace

void prune_snoozes(Snoozes& s, const Table<Activity>& activities, const TimeZone& zone) {
    for (auto it = s.begin(); it != s.end();) {
        const Activity* a = activities.find(it->first);
        bool keep = a && may_remind(*a) && reminder_instant(*a, zone) == it->second.reminder_at &&
                    a->reminder_dismissed != it->second.reminder_at;
        it = keep ? std::next(it) : s.erase(it);
    }
}

ReminderScan scan_reminders(const Table<Activity>& activities, const TimeZone& zone, UtcMillis now, const Snoozes* snoozes) {
    ReminderScan out;
    auto wake_at = [&](UtcMillis t) {
        if (!out.next || t < *out.next) out.next = t;
    };
    const auto& rows = activities.rows();
    for (std::uint32_t i = 0; i < rows.size(); ++i) {
        const Activity& a = rows[i];
        if (!a.reminder_minutes || !may_remind(a)) continue;  // the common case: one test, no zone lookup
        auto at = reminder_instant(a, zone);
        if (!at || a.reminder_dismissed == *at) continue;
        if (*at > now) {
            wake_at(*at);
            continue;
        }
        if (snoozes && !snoozes->empty()) {
            auto z = snoozes->find(a.meta.id);
            if (z != snoozes->end() && z->second.reminder_at == *at && z->second.until > now) {
                wake_at(z->second.until);
                continue;
            }
        }
        out.due.push_back({i, *at});
    }
    std::sort(out.due.begin(), out.due.end(), [](const DueReminder& a, const DueReminder& b) {
        return a.at != b.at ? a.at < b.at : a.activity_index < b.activity_index;
    });
    return out;
}

}  // namespace crm
