// Dates, times and numbers as each UI language writes them (the CLDR short forms):
//   en       11/24/2026  3:05 PM   1,234   week starts Sunday
//   pl       24.11.2026  15:05     1 234   week starts Monday (grouping from 5 digits: 1234)
//   zh-Hant  2026/11/24  下午3:05  1,234   week starts Sunday
// Month and weekday names come from the translation catalog (N_ keys "January", "Mon", ...), so a
// translator fixes them with the rest of the text. Date *entry* stays ISO (YYYY-MM-DD), which
// every language reads the same way; only display follows the locale.
// Everything formats with the active locale, which follows active_catalog().language().
#pragma once
#include <string>
#include <string_view>

#include "civil_time.hpp"

namespace crm {

struct LocaleFormat {
    enum class DateOrder { MonthDayYear, DayMonthYear, YearMonthDay };
    DateOrder date_order = DateOrder::MonthDayYear;
    char date_separator = '/';
    bool pad_day_and_month = false;  // 05.01.2026 rather than 5.1.2026
    bool twelve_hour = true;
    bool day_period_first = false;   // 下午3:05 rather than 3:05 PM
    const char* am = "AM";
    const char* pm = "PM";
    int first_day_of_week = 0;       // 0 = Sunday ... 6 = Saturday
    const char* group_separator = ",";
    const char* decimal_separator = ".";
    int min_grouping_digits = 4;     // numbers this long or longer get group separators
};

const LocaleFormat& locale_format_for(std::string_view language);
const LocaleFormat& active_locale();

std::string format_date(LocalDate d, const LocaleFormat& f = active_locale());
std::string format_time(LocalTime t, const LocaleFormat& f = active_locale());
std::string format_date_time(LocalDateTime t, const LocaleFormat& f = active_locale());
// Day and month without the year ("11/24", "24.11", "11/24"), for calendar columns.
std::string format_day_month(LocalDate d, const LocaleFormat& f = active_locale());
std::string format_count(long long n, const LocaleFormat& f = active_locale());

// A counted phrase in the active language: tr_count(singular, plural, n) with its "%s" replaced
// by format_count(n): "1 activity", "1,234 activities"; Polish "2 aktywności", "5 aktywności".
std::string count_phrase(const char* singular, const char* plural, long long n);

// Translated names (through tr()).
const char* weekday_short_name(int weekday);  // 0 = Sunday: "Sun", "niedz.", "週日"
const char* weekday_name(int weekday);        // "Sunday", "niedziela", "星期日"
const char* month_name(int month);            // 1 = January (nominative: "listopad")
// "November 2026", "listopad 2026", "2026年11月": the pattern is itself a translation.
std::string format_month_year(int year, int month);

}  // namespace crm
