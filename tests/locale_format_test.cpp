// Dates, times, numbers and week starts as each UI language writes them, and the translated
// names and patterns behind them.
#include <doctest/doctest.h>

#include "core/calendar_layout.hpp"
#include "core/i18n.hpp"
#include "core/locale_format.hpp"

using namespace crm;

TEST_CASE("locale: short dates and times in English, Polish and Traditional Chinese") {
    const LocaleFormat& en = locale_format_for("en");
    const LocaleFormat& pl = locale_format_for("pl");
    const LocaleFormat& zh = locale_format_for("zh-Hant");
    const LocalDate d{2026, 1, 5};
    CHECK(format_date(d, en) == "1/5/2026");
    CHECK(format_date(d, pl) == "05.01.2026");
    CHECK(format_date(d, zh) == "2026/1/5");
    CHECK(format_day_month(d, en) == "1/5");
    CHECK(format_day_month(d, pl) == "05.01");
    CHECK(format_day_month(d, zh) == "1/5");
    CHECK(format_time({15, 5}, en) == "3:05 PM");
    CHECK(format_time({0, 30}, en) == "12:30 AM");
    CHECK(format_time({12, 0}, en) == "12:00 PM");
    CHECK(format_time({15, 5}, pl) == "15:05");
    CHECK(format_time({9, 0}, pl) == "09:00");
    CHECK(format_time({15, 5}, zh) == "下午3:05");
    CHECK(format_time({9, 0}, zh) == "上午9:00");
    CHECK(format_date_time({{2026, 11, 24}, {15, 0}}, pl) == "24.11.2026 15:00");
}

TEST_CASE("locale: numbers are grouped the way each language groups them") {
    const LocaleFormat& en = locale_format_for("en");
    const LocaleFormat& pl = locale_format_for("pl");
    CHECK(format_count(0, en) == "0");
    CHECK(format_count(999, en) == "999");
    CHECK(format_count(1234, en) == "1,234");
    CHECK(format_count(1234567, en) == "1,234,567");
    CHECK(format_count(-100000, en) == "-100,000");
    CHECK(format_count(1234, pl) == "1234");  // Polish groups from five digits
    CHECK(format_count(12345, pl) == "12\u00A0345");
    CHECK(format_count(100000, locale_format_for("zh-Hant")) == "100,000");
}

TEST_CASE("locale: the week starts on Sunday in English and Chinese, Monday in Polish") {
    CHECK(locale_format_for("en").first_day_of_week == 0);
    CHECK(locale_format_for("pl").first_day_of_week == 1);
    CHECK(locale_format_for("zh-Hant").first_day_of_week == 0);
    CalendarSettings language_default;  // -1
    CHECK(calendar_first_day(language_default) == 0);
    active_catalog().set_language("pl");
    CHECK(calendar_first_day(language_default) == 1);
    CalendarSettings saturday{.first_day_of_week = 6};
    CHECK(calendar_first_day(saturday) == 6);
    active_catalog() = Catalog{};
}

TEST_CASE("locale: names, counted phrases and the month heading follow the catalog") {
    CHECK(std::string(weekday_short_name(0)) == "Sun");
    CHECK(std::string(weekday_name(8)) == "Monday");  // wraps
    CHECK(std::string(month_name(11)) == "November");
    CHECK(std::string(month_name(13)).empty());
    CHECK(format_month_year(2026, 11) == "November 2026");
    CHECK(count_phrase("%s activity", "%s activities", 1) == "1 activity");
    CHECK(count_phrase("%s activity", "%s activities", 100000) == "100,000 activities");

    auto pl = parse_catalog(R"({"November": "Listopad", "{month} {year}": "{month} {year}",
        "%s activity": ["%s działanie", "%s działania", "%s działań"]})", "pl");
    active_catalog() = pl.value;
    CHECK(format_month_year(2026, 11) == "Listopad 2026");
    CHECK(count_phrase("%s activity", "%s activities", 3) == "3 działania");
    CHECK(count_phrase("%s activity", "%s activities", 12345) == "12\u00A0345 działań");
    auto zh = parse_catalog(R"({"November": "十一月", "{month} {year}": "{year}年{month}"})", "zh-Hant");
    active_catalog() = zh.value;
    CHECK(format_month_year(2026, 11) == "2026年十一月");
    CHECK(format_date({2026, 11, 24}) == "2026/11/24");  // the active locale follows the catalog
    active_catalog() = Catalog{};
}
