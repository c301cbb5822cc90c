// Calendar arithmetic (Howard Hinnant's days_from_civil algorithms), strict ISO parsing, and
// time zones as sorted offset-transition tables, optionally expanded from POSIX TZ rules.
// See civil_time.hpp for the contract; this file has no dependency on <chrono> or a tz database.
#include "civil_time.hpp"

#include <algorithm>
#include <utility>

namespace crm {

namespace {

constexpr std::int64_t kMillisPerSecond = 1000;
constexpr std::int64_t kMillisPerMinute = 60'000;
constexpr std::int64_t kMillisPerHour = 3'600'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

// Fixed-width zero-padded decimal; negatives keep their sign in front of the padding.
void append_padded(std::string& out, std::int64_t v, int width) {
    if (v < 0) {
        out.push_back('-');
        v = -v;
    }
    std::string digits = std::to_string(v);
    if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
    out += digits;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Exactly `n` digits at s[pos..]; no signs or spaces, unlike from_chars/strtol.
std::optional<int> fixed_digits(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!is_digit(s[i])) return std::nullopt;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

std::int64_t local_millis_of(const LocalDateTime& lt) {
    return days_from_civil(lt.date) * kMillisPerDay + lt.time.hour * kMillisPerHour +
           lt.time.minute * kMillisPerMinute + lt.time.second * kMillisPerSecond;
}

int clamp_offset(int minutes) {
    return std::clamp(minutes, -TimeZone::kMaxOffsetMinutes, TimeZone::kMaxOffsetMinutes);
}

// ---- POSIX TZ parsing ------------------------------------------------------------------------

class Cursor {
public:
    explicit Cursor(std::string_view s) : s_(s) {}
    bool done() const { return i_ >= s_.size(); }
    char peek() const { return done() ? '\0' : s_[i_]; }
    bool consume(char c) {
        if (peek() != c || done()) return false;
        ++i_;
        return true;
    }
    char take() { return s_[i_++]; }

    // Unsigned decimal of 1..max_digits digits.
    std::optional<int> number(int max_digits) {
        int v = 0, n = 0;
        while (!done() && is_digit(peek()) && n < max_digits) {
            v = v * 10 + (take() - '0');
            ++n;
        }
        if (n == 0) return std::nullopt;
        if (!done() && is_digit(peek())) return std::nullopt;  // too many digits
        return v;
    }

private:
    std::string_view s_;
    std::size_t i_ = 0;
};

// Zone abbreviation: 3+ letters, or <...> with letters, digits, '+', '-' (needed for "<+0545>").
bool parse_zone_name(Cursor& c) {
    int n = 0;
    if (c.consume('<')) {
        while (!c.done() && c.peek() != '>') {
            char ch = c.take();
            if (!is_alpha(ch) && !is_digit(ch) && ch != '+' && ch != '-') return false;
            ++n;
        }
        return c.consume('>') && n >= 3;
    }
    while (!c.done() && is_alpha(c.peek())) {
        c.take();
        ++n;
    }
    return n >= 3;
}

// [+-]hh[:mm[:ss]] in seconds; hours limited to max_hours (24 for offsets, 167 for rule times).
std::optional<int> parse_hms(Cursor& c, int max_hours) {
    int sign = 1;
    if (c.consume('-')) sign = -1;
    else c.consume('+');
    auto h = c.number(3);
    if (!h || *h > max_hours) return std::nullopt;
    int secs = *h * 3600;
    if (c.consume(':')) {
        auto m = c.number(2);
        if (!m || *m > 59) return std::nullopt;
        secs += *m * 60;
        if (c.consume(':')) {
            auto s = c.number(2);
            if (!s || *s > 59) return std::nullopt;
            secs += *s;
        }
    }
    return sign * secs;
}

// POSIX offsets count hours *west* of Greenwich; we store minutes east, rounded.
std::optional<int> parse_posix_offset(Cursor& c) {
    auto west = parse_hms(c, 24);
    if (!west) return std::nullopt;
    int east = -*west;
    return static_cast<int>(floor_div(east + 30, 60));
}

struct RuleDate {
    enum class Kind { Julian1, Julian0, MonthWeekDay } kind = Kind::MonthWeekDay;
    int a = 0, b = 0, c = 0;  // Jn: a=n; n: a=n; Mm.w.d: a=m, b=w, c=d
    int time_seconds = 2 * 3600;

    std::int64_t day(int year) const {
        const std::int64_t jan1 = days_from_civil({year, 1, 1});
        switch (kind) {
            case Kind::Julian1:  // Feb 29 is never counted, so day 60 is always March 1
                return jan1 + (a - 1) + ((is_leap_year(year) && a >= 60) ? 1 : 0);
            case Kind::Julian0:
                return jan1 + a;
            case Kind::MonthWeekDay: {
                const LocalDate first{year, a, 1};
                const int dom = 1 + (c - weekday(first) + 7) % 7 + (b - 1) * 7;
                const int last = days_in_month(year, a);
                return days_from_civil(first) + (dom > last ? dom - 7 : dom) - 1;
            }
        }
        return jan1;
    }
};

std::optional<RuleDate> parse_rule_date(Cursor& c) {
    RuleDate r;
    if (c.consume('J')) {
        auto n = c.number(3);
        if (!n || *n < 1 || *n > 365) return std::nullopt;
        r.kind = RuleDate::Kind::Julian1;
        r.a = *n;
    } else if (c.consume('M')) {
        auto m = c.number(2);
        if (!m || *m < 1 || *m > 12 || !c.consume('.')) return std::nullopt;
        auto w = c.number(1);
        if (!w || *w < 1 || *w > 5 || !c.consume('.')) return std::nullopt;
        auto d = c.number(1);
        if (!d || *d > 6) return std::nullopt;
        r.kind = RuleDate::Kind::MonthWeekDay;
        r.a = *m;
        r.b = *w;
        r.c = *d;
    } else {
        auto n = c.number(3);
        if (!n || *n > 365) return std::nullopt;
        r.kind = RuleDate::Kind::Julian0;
        r.a = *n;
    }
    if (c.consume('/')) {
        auto t = parse_hms(c, 167);
        if (!t) return std::nullopt;
        r.time_seconds = *t;
    }
    return r;
}

}  // namespace

// ---- calendar --------------------------------------------------------------------------------

std::int64_t days_from_civil(LocalDate d) {
    // Normalise the month first so the March-based year below stays correct for any month value.
    std::int64_t y = d.year + floor_div(std::int64_t{d.month} - 1, 12);
    const std::int64_t m = floor_mod(std::int64_t{d.month} - 1, 12) + 1;
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

LocalDate civil_from_days(std::int64_t days) {
    const std::int64_t z = days + 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

LocalDate add_days(LocalDate d, int days) { return civil_from_days(days_from_civil(d) + days); }

int weekday(LocalDate d) {
    return static_cast<int>(floor_mod(days_from_civil(d) + 4, 7));  // 1970-01-01 was a Thursday
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return (m == 2 && is_leap_year(y)) ? 29 : kDays[m - 1];
}

bool is_valid_date(LocalDate d) {
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= days_in_month(d.year, d.month);
}

// ---- text ------------------------------------------------------------------------------------

std::string format_iso_date(LocalDate d) {
    std::string out;
    append_padded(out, d.year, 4);
    out.push_back('-');
    append_padded(out, d.month, 2);
    out.push_back('-');
    append_padded(out, d.day, 2);
    return out;
}

std::optional<LocalDate> parse_iso_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto y = fixed_digits(s, 0, 4), m = fixed_digits(s, 5, 2), d = fixed_digits(s, 8, 2);
    if (!y || !m || !d) return std::nullopt;
    LocalDate date{*y, *m, *d};
    if (!is_valid_date(date)) return std::nullopt;
    return date;
}

std::optional<LocalTime> parse_time_hm(std::string_view s) {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    auto h = fixed_digits(s, 0, 2), m = fixed_digits(s, 3, 2);
    if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
    return LocalTime{*h, *m, 0};
}

std::string format_time_hm(LocalTime t) {
    std::string out;
    append_padded(out, t.hour, 2);
    out.push_back(':');
    append_padded(out, t.minute, 2);
    return out;
}

std::string format_iso_utc(UtcMillis t) {
    const std::int64_t days = floor_div(t, kMillisPerDay);
    const std::int64_t ms = t - days * kMillisPerDay;
    std::string out = format_iso_date(civil_from_days(days));
    out.push_back('T');
    append_padded(out, ms / kMillisPerHour, 2);
    out.push_back(':');
    append_padded(out, ms / kMillisPerMinute % 60, 2);
    out.push_back(':');
    append_padded(out, ms / kMillisPerSecond % 60, 2);
    out.push_back('.');
    append_padded(out, ms % 1000, 3);
    out.push_back('Z');
    return out;
}

std::optional<UtcMillis> parse_iso_utc(std::string_view s) {
    if (s.size() < 17 || s[10] != 'T') return std::nullopt;
    auto date = parse_iso_date(s.substr(0, 10));
    if (!date) return std::nullopt;
    auto hh = fixed_digits(s, 11, 2), mi = fixed_digits(s, 14, 2);
    if (s[13] != ':' || !hh || !mi || *hh > 23 || *mi > 59) return std::nullopt;
    std::size_t pos = 16;
    int sec = 0;
    std::int64_t millis = 0;
    if (pos < s.size() && s[pos] == ':') {
        auto ss = fixed_digits(s, pos + 1, 2);
        if (!ss || *ss > 59) return std::nullopt;  // no leap seconds: instants are POSIX time
        sec = *ss;
        pos += 3;
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            int n = 0;
            while (pos < s.size() && is_digit(s[pos])) {
                if (n < 3) millis = millis * 10 + (s[pos] - '0');
                ++n;
                ++pos;
            }
            if (n == 0 || n > 9) return std::nullopt;
            for (int i = n; i < 3; ++i) millis *= 10;
        }
    }
    std::int64_t offset_minutes = 0;
    if (pos < s.size() && s[pos] == 'Z') {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        const int sign = s[pos] == '-' ? -1 : 1;
        auto oh = fixed_digits(s, pos + 1, 2), om = fixed_digits(s, pos + 4, 2);
        if (pos + 3 >= s.size() || s[pos + 3] != ':' || !oh || !om || *oh > 23 || *om > 59)
            return std::nullopt;
        offset_minutes = sign * (*oh * 60 + *om);
        pos += 6;
    } else {
        return std::nullopt;  // a bare local time is ambiguous: refuse rather than guess
    }
    if (pos != s.size()) return std::nullopt;
    return local_millis_of({*date, {*hh, *mi, sec}}) + millis - offset_minutes * kMillisPerMinute;
}

// ---- TimeZone --------------------------------------------------------------------------------

TimeZone TimeZone::utc() { return fixed("UTC", 0); }

TimeZone TimeZone::fixed(std::string name, int offset_minutes) {
    return from_transitions(std::move(name), offset_minutes, {});
}

TimeZone TimeZone::from_transitions(std::string name, int initial_offset_minutes,
                                    std::vector<ZoneTransition> transitions) {
    TimeZone z;
    z.name_ = std::move(name);
    z.initial_offset_ = clamp_offset(initial_offset_minutes);
    std::stable_sort(transitions.begin(), transitions.end(),
                     [](const ZoneTransition& a, const ZoneTransition& b) { return a.at < b.at; });
    int current = z.initial_offset_;
    for (std::size_t i = 0; i < transitions.size(); ++i) {
        if (i + 1 < transitions.size() && transitions[i + 1].at == transitions[i].at) continue;
        const int off = clamp_offset(transitions[i].offset_minutes);
        if (off == current) continue;
        z.transitions_.push_back({transitions[i].at, off});
        current = off;
    }
    return z;
}

std::optional<TimeZone> TimeZone::from_posix(std::string name, std::string_view posix_tz,
                                             int first_year, int last_year) {
    if (first_year < 1 || last_year > 9999 || first_year > last_year) return std::nullopt;
    Cursor c(posix_tz);
    if (!parse_zone_name(c)) return std::nullopt;
    auto std_offset = parse_posix_offset(c);
    if (!std_offset) return std::nullopt;
    if (c.done()) return fixed(std::move(name), *std_offset);

    if (!parse_zone_name(c)) return std::nullopt;
    int dst_offset = *std_offset + 60;
    if (!c.done() && c.peek() != ',') {
        auto off = parse_posix_offset(c);
        if (!off) return std::nullopt;
        dst_offset = *off;
    }
    RuleDate start{RuleDate::Kind::MonthWeekDay, 3, 2, 0};  // glibc's default: US rules
    RuleDate end{RuleDate::Kind::MonthWeekDay, 11, 1, 0};
    if (c.consume(',')) {
        auto s = parse_rule_date(c);
        if (!s || !c.consume(',')) return std::nullopt;
        auto e = parse_rule_date(c);
        if (!e) return std::nullopt;
        start = *s;
        end = *e;
    }
    if (!c.done()) return std::nullopt;

    // The start time is given in standard time and the end time in DST, as POSIX specifies.
    auto start_at = [&](int y) {
        return (start.day(y) * 86400 + start.time_seconds) * kMillisPerSecond -
               std::int64_t{*std_offset} * kMillisPerMinute;
    };
    auto end_at = [&](int y) {
        return (end.day(y) * 86400 + end.time_seconds) * kMillisPerSecond -
               std::int64_t{dst_offset} * kMillisPerMinute;
    };
    std::vector<ZoneTransition> raw;
    raw.reserve(static_cast<std::size_t>(last_year - first_year + 1) * 2);
    for (int y = first_year; y <= last_year; ++y) {
        raw.push_back({start_at(y), dst_offset});
        raw.push_back({end_at(y), *std_offset});
    }
    // Southern zones end DST before starting it within a calendar year, so New Year is in DST.
    const int initial = end_at(first_year) < start_at(first_year) ? dst_offset : *std_offset;
    return from_transitions(std::move(name), initial, std::move(raw));
}

int TimeZone::offset_minutes_at(UtcMillis t) const {
    auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t,
                               [](UtcMillis v, const ZoneTransition& z) { return v < z.at; });
    return it == transitions_.begin() ? initial_offset_ : std::prev(it)->offset_minutes;
}

LocalDateTime TimeZone::to_local(UtcMillis t) const {
    const std::int64_t local = t + offset_minutes_at(t) * kMillisPerMinute;
    const std::int64_t days = floor_div(local, kMillisPerDay);
    const std::int64_t ms = local - days * kMillisPerDay;
    return {civil_from_days(days),
            {static_cast<int>(ms / kMillisPerHour), static_cast<int>(ms / kMillisPerMinute % 60),
             static_cast<int>(ms / kMillisPerSecond % 60)}};
}

LocalDate TimeZone::local_date(UtcMillis t) const { return to_local(t).date; }

TimeZone::Resolved TimeZone::resolve(std::int64_t local) const {
    // Any instant with this wall time lies within kMaxOffsetMinutes of it, so only the periods
    // overlapping that window matter. Period k runs from transitions_[k] (k = -1: from the
    // beginning of time) to transitions_[k + 1]; periods are visited in time order, so the
    // first match is the earliest instant.
    const std::int64_t window = (kMaxOffsetMinutes + 60) * kMillisPerMinute;
    auto by_at = [](const ZoneTransition& z, UtcMillis v) { return z.at < v; };
    const auto lo = std::lower_bound(transitions_.begin(), transitions_.end(), local - window, by_at);
    const auto hi = std::lower_bound(lo, transitions_.end(), local + window, by_at);
    const std::ptrdiff_t first = (lo - transitions_.begin()) - 1;
    const std::ptrdiff_t last = (hi - transitions_.begin()) - 1;
    const auto n = static_cast<std::ptrdiff_t>(transitions_.size());

    auto offset_of = [&](std::ptrdiff_t k) {
        return k < 0 ? initial_offset_ : transitions_[static_cast<std::size_t>(k)].offset_minutes;
    };
    for (std::ptrdiff_t k = first; k <= last; ++k) {
        const UtcMillis t = local - offset_of(k) * kMillisPerMinute;
        const bool after_start = k < 0 || t >= transitions_[static_cast<std::size_t>(k)].at;
        const bool before_end = k + 1 >= n || t < transitions_[static_cast<std::size_t>(k + 1)].at;
        if (after_start && before_end) return {true, t, 0, 0};
        if (!after_start) {
            // The previous period ended before this wall time and this one starts after it:
            // the wall time was skipped by transition k.
            return {false, 0, transitions_[static_cast<std::size_t>(k)].at, offset_of(k - 1)};
        }
    }
    // Unreachable for a consistent table; fall back to the offset at the naive instant.
    return {true, local - offset_minutes_at(local) * kMillisPerMinute, 0, 0};
}

UtcMillis TimeZone::from_local(LocalDateTime lt) const {
    const std::int64_t local = local_millis_of(lt);
    const Resolved r = resolve(local);
    return r.exists ? r.earliest : local - r.offset_before * kMillisPerMinute;
}

UtcMillis TimeZone::start_of_day(LocalDate d) const {
    const Resolved r = resolve(days_from_civil(d) * kMillisPerDay);
    // In a gap, the first instant of the day is the transition itself (e.g. 01:00 when clocks
    // jump from 00:00), not midnight shifted by the old offset, which may land later.
    return r.exists ? r.earliest : r.gap_start;
}

}  // namespace crm
