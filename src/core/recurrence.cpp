#include "recurrence.hpp"

#include <algorithm>
#include <charconv>

#include "i18n.hpp"

namespace crm {
namespace {

constexpr const char* kWeekdayCodes[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
constexpr const char* kFrequencyCodes[] = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};

std::string upper_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::optional<int> parse_int(std::string_view s) {
    int v = 0;
    if (s.empty()) return std::nullopt;
    std::size_t start = s[0] == '+' ? 1 : 0;
    auto [end, ec] = std::from_chars(s.data() + start, s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<int> weekday_code(std::string_view s) {
    for (int d = 0; d < 7; ++d)
        if (s == kWeekdayCodes[d]) return d;
    return std::nullopt;
}

// "20270101" or "20270101T120000Z" (or a local "20270101T120000"): the date part.
std::optional<LocalDate> parse_until(std::string_view s) {
    if (s.size() < 8) return std::nullopt;
    for (int i = 0; i < 8; ++i)
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
    if (s.size() > 8) {
        std::string_view t = s.substr(8);
        bool ok = (t.size() == 7 || (t.size() == 8 && t[7] == 'Z')) && t[0] == 'T';
        for (std::size_t i = 1; ok && i < 7; ++i) ok = t[i] >= '0' && t[i] <= '9';
        if (!ok) return std::nullopt;
    }
    LocalDate d{std::stoi(std::string(s.substr(0, 4))), std::stoi(std::string(s.substr(4, 2))),
                std::stoi(std::string(s.substr(6, 2)))};
    if (!is_valid_date(d)) return std::nullopt;
    return d;
}

void append_date(std::string& out, LocalDate d) {
    std::string iso = format_iso_date(d);  // YYYY-MM-DD
    iso.erase(std::remove(iso.begin(), iso.end(), '-'), iso.end());
    out += iso;
}

Status refuse(std::string message, std::string arg = {}) {
    return Status::failure("recurrence", std::move(message), std::move(arg));
}

}  // namespace

const char* frequency_name(Frequency f) {
    switch (f) {
        case Frequency::Daily: return N_("Daily");
        case Frequency::Weekly: return N_("Weekly");
        case Frequency::Monthly: return N_("Monthly");
        case Frequency::Yearly: return N_("Yearly");
    }
    return "";
}

std::string format_rrule(const Recurrence& r) {
    std::string out = "FREQ=";
    out += kFrequencyCodes[static_cast<int>(r.frequency)];
    if (r.interval != 1) out += ";INTERVAL=" + std::to_string(r.interval);
    if (r.frequency == Frequency::Weekly && r.weekdays) {
        out += ";BYDAY=";
        bool first = true;
        // Monday first, as calendar programs write it; the order carries no meaning.
        for (int i = 1; i <= 7; ++i) {
            int d = i % 7;
            if (!(r.weekdays & (1 << d))) continue;
            if (!first) out += ',';
            first = false;
            out += kWeekdayCodes[d];
        }
    }
    if (r.frequency == Frequency::Yearly && r.month) out += ";BYMONTH=" + std::to_string(r.month);
    if (r.frequency == Frequency::Monthly || r.frequency == Frequency::Yearly) {
        if (r.week_of_month) out += ";BYDAY=" + std::to_string(r.week_of_month) + kWeekdayCodes[r.weekday];
        else if (r.month_day) out += ";BYMONTHDAY=" + std::to_string(r.month_day);
    }
    if (r.until) {
        out += ";UNTIL=";
        append_date(out, *r.until);
    }
    if (r.count) out += ";COUNT=" + std::to_string(r.count);
    return out;
}

Result<Recurrence> parse_rrule(std::string_view text) {
    Result<Recurrence> result;
    std::string s = upper_ascii(text);
    if (s.rfind("RRULE:", 0) == 0) s.erase(0, 6);
    Recurrence& r = result.value;
    bool have_freq = false;
    std::optional<int> set_position;
    std::vector<std::pair<int, int>> by_day;  // (ordinal or 0, weekday)
    std::size_t pos = 0;
    while (pos <= s.size()) {
        std::size_t end = s.find(';', pos);
        if (end == std::string::npos) end = s.size();
        std::string_view part = std::string_view(s).substr(pos, end - pos);
        pos = end + 1;
        if (part.empty()) continue;
        std::size_t eq = part.find('=');
        if (eq == std::string_view::npos) {
            result.status = refuse(N_("the repeat rule part \"%s\" has no value"), std::string(part));
            return result;
        }
        std::string_view name = part.substr(0, eq);
        std::string_view value = part.substr(eq + 1);
        auto bad_value = [&] {
            result.status = refuse(N_("the repeat rule part \"%s\" has a value this app cannot read"), std::string(part));
            return result;
        };
        if (name == "FREQ") {
            auto it = std::find(std::begin(kFrequencyCodes), std::end(kFrequencyCodes), value);
            if (it == std::end(kFrequencyCodes)) {
                result.status = refuse(N_("repeating %s is not supported (only daily, weekly, monthly and yearly)"), std::string(value));
                return result;
            }
            r.frequency = static_cast<Frequency>(it - std::begin(kFrequencyCodes));
            have_freq = true;
        } else if (name == "INTERVAL") {
            auto v = parse_int(value);
            if (!v || *v < 1 || *v > kMaxRecurrenceInterval) return bad_value();
            r.interval = *v;
        } else if (name == "COUNT") {
            auto v = parse_int(value);
            if (!v || *v < 1 || *v > kMaxRecurrenceCount) return bad_value();
            r.count = *v;
        } else if (name == "UNTIL") {
            auto d = parse_until(value);
            if (!d) return bad_value();
            r.until = d;
        } else if (name == "BYDAY") {
            std::size_t p = 0;
            while (p <= value.size()) {
                std::size_t e = value.find(',', p);
                if (e == std::string_view::npos) e = value.size();
                std::string_view item = value.substr(p, e - p);
                p = e + 1;
                if (item.size() < 2) return bad_value();
                auto day = weekday_code(item.substr(item.size() - 2));
                int ordinal = 0;
                if (item.size() > 2) {
                    auto o = parse_int(item.substr(0, item.size() - 2));
                    if (!o || *o == 0) return bad_value();
                    ordinal = *o;
                }
                if (!day) return bad_value();
                by_day.emplace_back(ordinal, *day);
            }
        } else if (name == "BYMONTHDAY") {
            auto v = parse_int(value);
            if (!v) {
                result.status = refuse(N_("the repeat rule part \"%s\" is not supported (only one day of the month)"), std::string(part));
                return result;
            }
            if (*v == 0 || *v < -1 || *v > 31) return bad_value();
            r.month_day = *v;
        } else if (name == "BYMONTH") {
            auto v = parse_int(value);
            if (!v || *v < 1 || *v > 12) {
                result.status = refuse(N_("the repeat rule part \"%s\" is not supported (only one month)"), std::string(part));
                return result;
            }
            r.month = *v;
        } else if (name == "BYSETPOS") {
            // Outlook writes "the second Monday" as BYDAY=MO;BYSETPOS=2.
            auto v = parse_int(value);
            if (!v || !((*v >= 1 && *v <= 4) || *v == -1)) return bad_value();
            set_position = *v;
        } else if (name == "WKST") {
            if (!weekday_code(value)) return bad_value();
        } else {
            result.status = refuse(N_("the repeat rule part %s is not supported"), std::string(name));
            return result;
        }
    }
    if (!have_freq) {
        result.status = refuse(N_("the repeat rule has no FREQ"));
        return result;
    }
    if (r.until && r.count) {
        result.status = refuse(N_("the repeat rule has both UNTIL and COUNT"));
        return result;
    }
    if (!by_day.empty()) {
        if (r.frequency == Frequency::Daily && r.interval == 1) {
            // "Every weekday" written as a daily rule is the same set of days as a weekly one.
            r.frequency = Frequency::Weekly;
        }
        if (r.frequency == Frequency::Weekly) {
            for (auto [ordinal, day] : by_day) {
                if (ordinal != 0) {
                    result.status = refuse(N_("the repeat rule part \"%s\" is not supported"), "BYDAY");
                    return result;
                }
                r.weekdays = static_cast<std::uint8_t>(r.weekdays | (1 << day));
            }
        } else if (r.frequency == Frequency::Monthly || r.frequency == Frequency::Yearly) {
            int ordinal = by_day[0].first;
            if (set_position && ordinal == 0) ordinal = *set_position, set_position.reset();
            if (by_day.size() != 1 || !((ordinal >= 1 && ordinal <= 4) || ordinal == -1) || r.month_day) {
                result.status = refuse(N_("the repeat rule part \"%s\" is not supported"), "BYDAY");
                return result;
            }
            r.week_of_month = ordinal;
            r.weekday = by_day[0].second;
        } else {
            result.status = refuse(N_("the repeat rule part \"%s\" is not supported"), "BYDAY");
            return result;
        }
    }
    if (set_position) {
        result.status = refuse(N_("the repeat rule part \"%s\" is not supported"), "BYSETPOS");
        return result;
    }
    if (r.month && r.frequency != Frequency::Yearly) {
        result.status = refuse(N_("the repeat rule part \"%s\" is not supported"), "BYMONTH");
        return result;
    }
    if (r.month_day && r.frequency != Frequency::Monthly && r.frequency != Frequency::Yearly) {
        result.status = refuse(N_("the repeat rule part \"%s\" is not supported"), "BYMONTHDAY");
        return result;
    }
    return result;
}

Status validate_recurrence(const Recurrence& r, LocalDate start) {
    if (r.interval < 1 || r.interval > kMaxRecurrenceInterval)
        return refuse(N_("repeat every 1 to %s"), std::to_string(kMaxRecurrenceInterval));
    if (r.count < 0 || r.count > kMaxRecurrenceCount)
        return refuse(N_("the number of occurrences must be from 1 to %s"), std::to_string(kMaxRecurrenceCount));
    if (r.until && r.count) return refuse(N_("end the series on a date or after a number of occurrences, not both"));
    if (r.until && (!is_valid_date(*r.until) || *r.until < start))
        return refuse(N_("the series must end on or after its first occurrence (%s)"), format_iso_date(start));
    if (r.weekdays > 0x7F || (r.weekdays && r.frequency != Frequency::Weekly))
        return refuse(N_("weekdays can be chosen only for a weekly series"));
    bool monthly_kind = r.frequency == Frequency::Monthly || r.frequency == Frequency::Yearly;
    if ((r.month_day || r.week_of_month) && !monthly_kind)
        return refuse(N_("a day of the month can be chosen only for a monthly or yearly series"));
    if (r.month_day && r.week_of_month) return refuse(N_("choose a day of the month or a weekday, not both"));
    if (r.month_day < -1 || r.month_day > 31) return refuse(N_("the day of the month must be from 1 to 31, or the last day"));
    if (r.week_of_month < -1 || r.week_of_month > 4 || r.weekday < 0 || r.weekday > 6)
        return refuse(N_("the week of the month must be the first to the fourth, or the last"));
    if (r.month < 0 || r.month > 12 || (r.month && r.frequency != Frequency::Yearly))
        return refuse(N_("a month can be chosen only for a yearly series"));
    if (r.frequency == Frequency::Yearly && r.month_day > 0) {
        int month = r.month ? r.month : start.month;
        // The 29th of February occurs in leap years; the 30th never.
        int longest = month == 2 ? 29 : days_in_month(2001, month);
        if (r.month_day > longest) return refuse(N_("this date never occurs: %s"), std::to_string(month) + "/" + std::to_string(r.month_day));
    }
    if (r.exceptions.size() > kMaxRecurrenceExceptions)
        return refuse(N_("a series can have at most %s changed or removed occurrences"), std::to_string(kMaxRecurrenceExceptions));
    for (std::size_t i = 0; i < r.exceptions.size(); ++i) {
        if (!is_valid_date(r.exceptions[i])) return refuse(N_("an occurrence date is not a real date"));
        if (i && !(r.exceptions[i - 1] < r.exceptions[i])) return refuse(N_("occurrence dates must be sorted and unique"));
    }
    return Status::success();
}

void add_recurrence_exception(Recurrence& r, LocalDate date) {
    auto it = std::lower_bound(r.exceptions.begin(), r.exceptions.end(), date);
    if (it == r.exceptions.end() || *it != date) r.exceptions.insert(it, date);
}

}  // namespace crm
