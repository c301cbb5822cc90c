// View preferences: a round trip, and hostile or broken input falling back to defaults.
#include <doctest/doctest.h>

#include <string>

#include "core/view_prefs.hpp"

using namespace crm;

TEST_CASE("view_prefs: round trip of non-default preferences") {
    ViewPrefs p;
    p.show_as = ShowAs::Calendar;
    p.query.view = ActivityView::AllActivities;
    p.query.type_mask = 0b00101;
    p.query.due = DueFilter::Next7Days;
    p.query.state = StateFilter::Any;
    p.query.regarding = RegardingFilter::Empty;
    p.query.text = "Żółw 客戶";
    p.sort = SortSpec{SortColumn::Regarding, true, false};
    p.grouping = KanbanGrouping::Owner;
    p.calendar_mode = CalendarMode::Month;
    p.calendar.first_day_of_week = 0;
    p.calendar.work_start_minute = 7 * 60;
    p.calendar.work_end_minute = 19 * 60;
    p.calendar.work_days = 0b1111110;
    CHECK(decode_view_prefs(encode_view_prefs(p)) == p);
}

TEST_CASE("view_prefs: malformed, wrong-typed, out-of-range and hostile input give defaults") {
    ViewPrefs defaults;
    for (const char* text : {"", "{", "[]", "null", "42", "\"x\"", "{\"show_as\":\"x\"}", "{\"show_as\":99}",
                             "{\"show_as\":-1}", "{\"show_as\":1e400}", "{\"text\":17}", "{\"work_days\":255}"})
        CHECK(decode_view_prefs(text) == defaults);
    std::string bomb(10000, '[');
    CHECK(decode_view_prefs(bomb) == defaults);
    std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + ",\"show_as\":1}";
    CHECK(decode_view_prefs(deep) == defaults);
    std::string huge = "{\"text\":\"" + std::string(70'000, 'a') + "\"}";
    CHECK(decode_view_prefs(huge) == defaults);
    ViewPrefs partial = decode_view_prefs("{\"show_as\":1,\"unknown\":{\"x\":[1,2]},\"due\":7}");
    CHECK(partial.show_as == ShowAs::Kanban);
    CHECK(partial.query.due == DueFilter::Any);
}
