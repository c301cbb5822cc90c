// The Activities page's view preferences (show as grid/kanban/calendar/dashboard, filters, sort, grouping,
// calendar mode and settings) as JSON, kept in a device-local Setting so the page comes back as
// the user left it after a reload. Decoding never fails: unknown or malformed parts fall back
// to the defaults, so a preference written by a newer version cannot break an older one.
#pragma once
#include <string>
#include <string_view>

#include "activity_query.hpp"
#include "calendar_layout.hpp"
#include "kanban.hpp"

namespace crm {

enum class ShowAs : std::uint8_t { Grid = 0, Kanban = 1, Calendar = 2, Dashboard = 3 };
const char* show_as_name(ShowAs s);

struct ViewPrefs {
    ShowAs show_as = ShowAs::Grid;
    ActivityQuery query;
    SortSpec sort;
    KanbanGrouping grouping = KanbanGrouping::State;
    CalendarMode calendar_mode = CalendarMode::Week;
    CalendarSettings calendar;
    bool operator==(const ViewPrefs&) const = default;
};

inline constexpr const char* kSettingViewPrefs = "activities_view";
std::string encode_view_prefs(const ViewPrefs& prefs);     // {"version":1, ...}
ViewPrefs decode_view_prefs(std::string_view json);

}  // namespace crm
