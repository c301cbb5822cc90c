#include "locale_format.hpp"

#include <cstdio>

#include "i18n.hpp"

namespace crm {
namespace {

constexpr LocaleFormat kEnglish{};
constexpr LocaleFormat kPolish{.date_order = LocaleFormat::DateOrder::DayMonthYear,
                               .date_separator = '.',
                               .pad_day_and_month = true,
                               .twelve_hour = false,
                               .first_day_of_week = 1,
                               .group_separator = "\u00A0",  // no-break space: 12 345 never wraps
                               .decimal_separator = ",",
                               .min_grouping_digits = 5};
constexpr LocaleFormat kTraditionalChinese{.date_order = LocaleFormat::DateOrder::YearMonthDay,
                                           .day_period_first = true,
                                           .am = "上午",
                                           .pm = "下午"};

std::string two_or_one(int v, bool pad) {
    char buf[8];
    std::snprintf(buf, sizeof buf, pad ? "%02d" : "%d", v);
    return buf;
}

}  // namespace

const LocaleFormat& locale_format_for(std::string_view language) {
    if (language == "pl") return kPolish;
    if (language == "zh-Hant") return kTraditionalChinese;
    return kEnglish;
}

const LocaleFormat& active_locale() { return locale_format_for(active_catalog().language()); }

std::string format_date(LocalDate d, const LocaleFormat& f) {
    const std::string sep(1, f.date_separator);
    const std::string day = two_or_one(d.day, f.pad_day_and_month), month = two_or_one(d.month, f.pad_day_and_month);
    const std::string year = std::to_string(d.year);
    switch (f.date_order) {
        case LocaleFormat::DateOrder::MonthDayYear: return month + sep + day + sep + year;
        case LocaleFormat::DateOrder::DayMonthYear: return day + sep + month + sep + year;
        case LocaleFormat::DateOrder::YearMonthDay: return year + sep + month + sep + day;
    }
    return format_iso_date(d);
}

std::string format_day_month(LocalDate d, const LocaleFormat& f) {
    const std::string sep(1, f.date_separator);
    const std::string day = two_or_one(d.day, f.pad_day_and_month), month = two_or_one(d.month, f.pad_day_and_month);
    return f.date_order == LocaleFormat::DateOrder::DayMonthYear ? day + sep + month : month + sep + day;
}

std::string format_time(LocalTime t, const LocaleFormat& f) {
    char buf[32];
    if (!f.twelve_hour) {
        std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
        return buf;
    }
    int h = t.hour % 12;
    if (h == 0) h = 12;
    const char* period = t.hour < 12 ? f.am : f.pm;
    if (f.day_period_first) std::snprintf(buf, sizeof buf, "%s%d:%02d", period, h, t.minute);
    else std::snprintf(buf, sizeof buf, "%d:%02d %s", h, t.minute, period);
    return buf;
}

std::string format_date_time(LocalDateTime t, const LocaleFormat& f) {
    return format_date(t.date, f) + " " + format_time(t.time, f);
}

std::string format_count(long long n, const LocaleFormat& f) {
    const bool negative = n < 0;
    const unsigned long long magnitude = negative ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
    std::string digits = std::to_string(magnitude);
    if (static_cast<int>(digits.size()) >= f.min_grouping_digits) {
        std::string grouped;
        const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
        grouped = digits.substr(0, first);
        for (std::size_t i = first; i < digits.size(); i += 3) grouped += f.group_separator + digits.substr(i, 3);
        digits = std::move(grouped);
    }
    return negative ? "-" + digits : digits;
}

std::string count_phrase(const char* singular, const char* plural, long long n) {
    return fill_args(tr_count(singular, plural, n), {format_count(n)});
}

const char* weekday_short_name(int weekday) {
    static constexpr const char* kNames[] = {N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat")};
    return tr(kNames[((weekday % 7) + 7) % 7]);
}

const char* weekday_name(int weekday) {
    static constexpr const char* kNames[] = {N_("Sunday"),   N_("Monday"), N_("Tuesday"), N_("Wednesday"),
                                             N_("Thursday"), N_("Friday"), N_("Saturday")};
    return tr(kNames[((weekday % 7) + 7) % 7]);
}

const char* month_name(int month) {
    static constexpr const char* kNames[] = {N_("January"), N_("February"), N_("March"),     N_("April"),
                                             N_("May"),     N_("June"),     N_("July"),      N_("August"),
                                             N_("September"), N_("October"), N_("November"), N_("December")};
    return month >= 1 && month <= 12 ? tr(kNames[month - 1]) : "";
}

std::string format_month_year(int year, int month) {
    // The translation places {month} and {year} ("{year}年{month}").
    std::string pattern = tr(N_("{month} {year}"));
    const std::string m = month_name(month), y = std::to_string(year);
    if (auto p = pattern.find("{month}"); p != std::string::npos) pattern.replace(p, 7, m);
    if (auto p = pattern.find("{year}"); p != std::string::npos) pattern.replace(p, 6, y);
    return pattern;
}

}  // namespace crm
