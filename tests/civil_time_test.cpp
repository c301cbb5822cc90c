// Tests for civil_time: calendar maths, strict ISO parsing, and time zones from POSIX rules and
// transition tables. Expected instants are written as ISO strings and compared as ISO strings so
// a failure prints something a human can check against a calendar.
#include <doctest/doctest.h>

#include "test_time.hpp"

#include <string>
#include <vector>

#include "../src/core/civil_time.hpp"

using namespace crm;
using crm::test::at;

namespace {

const char* const kWarsaw = "CET-1CEST,M3.5.0,M10.5.0/3";
const char* const kNewYork = "EST5EDT,M3.2.0,M11.1.0";
const char* const kTaipei = "CST-8";
const char* const kAuckland = "NZST-12NZDT,M9.5.0,M4.1.0/3";
const char* const kOldSaoPaulo = "<-03>3<-02>,M10.1.0/0,M2.3.0/0";

TimeZone zone(const char* name, const char* tz) {
    auto z = TimeZone::from_posix(name, tz);
    REQUIRE(z.has_value());
    return *z;
}

std::string local_str(const TimeZone& z, UtcMillis t) {
    const LocalDateTime l = z.to_local(t);
    return format_iso_date(l.date) + " " + format_time_hm(l.time);
}

LocalDateTime ldt(int y, int mo, int d, int h, int mi) { return {{y, mo, d}, {h, mi, 0}}; }

}  // namespace

TEST_CASE("civil_time: days_from_civil anchors and weekdays") {
    CHECK(days_from_civil({1970, 1, 1}) == 0);
    CHECK(days_from_civil({1969, 12, 31}) == -1);
    CHECK(days_from_civil({2000, 3, 1}) == 11017);
    CHECK(days_from_civil({2000, 2, 29}) == 11016);
    CHECK(days_from_civil({1, 1, 1}) == -719162);
    CHECK(days_from_civil({2026, 11, 23}) == 20780);
    CHECK(format_iso_date(civil_from_days(20780)) == "2026-11-23");
    CHECK(weekday({2026, 11, 23}) == 1);  // Monday
    CHECK(weekday({1970, 1, 1}) == 4);    // Thursday
    CHECK(weekday({1969, 12, 28}) == 0);  // Sunday, before the epoch
    CHECK(weekday({2000, 1, 1}) == 6);    // Saturday
    CHECK(format_iso_date(add_days({2026, 2, 28}, 1)) == "2026-03-01");
    CHECK(format_iso_date(add_days({2024, 2, 28}, 1)) == "2024-02-29");
    CHECK(format_iso_date(add_days({2026, 1, 1}, -1)) == "2025-12-31");
    CHECK(format_iso_date(add_days({2026, 3, 29}, 365)) == "2027-03-29");
    // Out-of-range months normalise, which from_local relies on for date maths.
    CHECK(days_from_civil({2026, 13, 1}) == days_from_civil({2027, 1, 1}));
    CHECK(days_from_civil({2026, 0, 31}) == days_from_civil({2025, 12, 31}));
}

TEST_CASE("civil_time: days round trip every day 1900..2200") {
    const std::int64_t first = days_from_civil({1900, 1, 1});
    const std::int64_t last = days_from_civil({2200, 12, 31});
    LocalDate expected{1900, 1, 1};
    int expected_weekday = weekday(expected);
    long mismatches = 0;
    for (std::int64_t d = first; d <= last; ++d) {
        const LocalDate c = civil_from_days(d);
        if (c != expected || days_from_civil(c) != d || !is_valid_date(c) ||
            weekday(c) != expected_weekday) {
            if (mismatches++ == 0) FAIL_CHECK("first mismatch at day " << d << ": " << format_iso_date(c));
        }
        // Step the expected date by hand so the test does not trust the code under test.
        expected_weekday = (expected_weekday + 1) % 7;
        if (++expected.day > days_in_month(expected.year, expected.month)) {
            expected.day = 1;
            if (++expected.month > 12) {
                expected.month = 1;
                ++expected.year;
            }
        }
    }
    CHECK(mismatches == 0);
    CHECK(last - first + 1 == 301 * 365 + 73);  // 73 leap years in 1900..2200
}

TEST_CASE("civil_time: leap years and month lengths") {
    CHECK_FALSE(is_leap_year(1900));
    CHECK(is_leap_year(2000));
    CHECK(is_leap_year(2024));
    CHECK_FALSE(is_leap_year(2026));
    CHECK_FALSE(is_leap_year(2100));
    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(2026, 2) == 28);
    CHECK(days_in_month(1900, 2) == 28);
    CHECK(days_in_month(2026, 4) == 30);
    CHECK(days_in_month(2026, 12) == 31);
    CHECK(days_in_month(2026, 13) == 0);
    CHECK(is_valid_date({2024, 2, 29}));
    CHECK_FALSE(is_valid_date({2026, 2, 29}));
    CHECK_FALSE(is_valid_date({0, 1, 1}));
    CHECK_FALSE(is_valid_date({10000, 1, 1}));
}

TEST_CASE("civil_time: parse and format ISO dates and times") {
    auto d = parse_iso_date("2026-03-29");
    REQUIRE(d.has_value());
    CHECK(*d == LocalDate{2026, 3, 29});
    CHECK(format_iso_date({2026, 3, 9}) == "2026-03-09");
    CHECK(format_iso_date({33, 1, 1}) == "0033-01-01");
    CHECK(parse_iso_date("2024-02-29").has_value());
    CHECK(parse_iso_date("0001-01-01").has_value());
    CHECK(parse_iso_date("9999-12-31").has_value());
    for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00",
                            "2026-03-29x", "2026-03-29 ", " 2026-03-29", "2026-3-29", "26-03-29",
                            "2026/03/29", "+026-03-29", "2026-+3-29", "0000-01-01", "", "abcd-ef-gh",
                            "2026-03-29T00:00"}) {
        CHECK_FALSE_MESSAGE(parse_iso_date(bad).has_value(), bad);
    }

    auto t = parse_time_hm("09:05");
    REQUIRE(t.has_value());
    CHECK(t->hour == 9);
    CHECK(t->minute == 5);
    CHECK(format_time_hm(*t) == "09:05");
    CHECK(parse_time_hm("00:00").has_value());
    CHECK(parse_time_hm("23:59").has_value());
    for (const char* bad : {"24:00", "23:60", "9:05", "09:5", "09-05", "09:05:00", "", " 9:05", "+9:05"}) {
        CHECK_FALSE_MESSAGE(parse_time_hm(bad).has_value(), bad);
    }
}

TEST_CASE("civil_time: parse and format ISO UTC instants") {
    CHECK(format_iso_utc(0) == "1970-01-01T00:00:00.000Z");
    CHECK(format_iso_utc(-1) == "1969-12-31T23:59:59.999Z");
    CHECK(at("2026-11-23T18:40:00.000Z") == at("2026-11-23T18:40:00Z"));
    CHECK(at("2026-11-23T18:40:00Z") == at("2026-11-23T18:40Z"));
    CHECK(format_iso_utc(at("2026-11-23T18:40:00Z")) == "2026-11-23T18:40:00.000Z");
    CHECK(format_iso_utc(at("2026-11-23T19:40:00+01:00")) == "2026-11-23T18:40:00.000Z");
    CHECK(format_iso_utc(at("2026-11-24T02:10:00.5+07:30")) == "2026-11-23T18:40:00.500Z");
    CHECK(format_iso_utc(at("2026-11-23T13:40:00.123456-05:00")) == "2026-11-23T18:40:00.123Z");
    CHECK(at("1969-12-31T23:59:59.999Z") == -1);
    CHECK(at("2000-03-01T00:00:00Z") == 11017 * kMillisPerDay);

    // Round trip over a spread of instants, including before the epoch and millisecond detail.
    for (UtcMillis t = -5'000'000'000'000; t < 8'000'000'000'000; t += 123'456'789'017) {
        auto back = parse_iso_utc(format_iso_utc(t));
        REQUIRE(back.has_value());
        CHECK(*back == t);
    }

    for (const char* bad : {"2026-11-23T18:40:00", "2026-11-23 18:40:00Z", "2026-11-23T24:00:00Z",
                            "2026-11-23T18:60:00Z", "2026-11-23T18:40:60Z", "2026-02-29T00:00:00Z",
                            "2026-11-23T18:40:00.Z", "2026-11-23T18:40:00.1234567890Z",
                            "2026-11-23T18:40:00+0100", "2026-11-23T18:40:00+24:00",
                            "2026-11-23T18:40:00Zjunk", "2026-11-23T18:40:00+01:00 ", "2026-11-23",
                            "2026-11-23T18:4Z", "", "2026-11-23T18:40:00z"}) {
        CHECK_FALSE_MESSAGE(parse_iso_utc(bad).has_value(), bad);
    }
}

TEST_CASE("civil_time: Europe/Warsaw transitions") {
    const TimeZone waw = zone("Europe/Warsaw", kWarsaw);
    CHECK(waw.name() == "Europe/Warsaw");
    const UtcMillis spring = at("2026-03-29T01:00:00Z");
    const UtcMillis autumn = at("2026-10-25T01:00:00Z");
    CHECK(waw.offset_minutes_at(spring - 1) == 60);
    CHECK(waw.offset_minutes_at(spring) == 120);
    CHECK(waw.offset_minutes_at(autumn - 1) == 120);
    CHECK(waw.offset_minutes_at(autumn) == 60);
    CHECK(local_str(waw, spring - 60'000) == "2026-03-29 01:59");
    CHECK(local_str(waw, spring) == "2026-03-29 03:00");
    CHECK(local_str(waw, autumn - 60'000) == "2026-10-25 02:59");
    CHECK(local_str(waw, autumn) == "2026-10-25 02:00");
    // Two transitions per year for 1970..2100, strictly increasing.
    CHECK(waw.transitions().size() == 2 * 131);
    bool increasing = true;
    for (std::size_t i = 1; i < waw.transitions().size(); ++i)
        increasing = increasing && waw.transitions()[i - 1].at < waw.transitions()[i].at;
    CHECK(increasing);

    CHECK(format_iso_utc(waw.start_of_day({2026, 3, 29})) == "2026-03-28T23:00:00.000Z");
    CHECK(format_iso_utc(waw.start_of_day({2026, 3, 30})) == "2026-03-29T22:00:00.000Z");
    CHECK(format_iso_utc(waw.start_of_day({2026, 10, 25})) == "2026-10-24T22:00:00.000Z");
    CHECK(format_iso_utc(waw.start_of_day({2026, 10, 26})) == "2026-10-25T23:00:00.000Z");
    // A day's length follows from consecutive start_of_day values.
    CHECK(waw.start_of_day({2026, 3, 30}) - waw.start_of_day({2026, 3, 29}) == 23 * 3'600'000);
    CHECK(waw.start_of_day({2026, 10, 26}) - waw.start_of_day({2026, 10, 25}) == 25 * 3'600'000);
}

TEST_CASE("civil_time: from_local in gap and overlap") {
    const TimeZone waw = zone("Europe/Warsaw", kWarsaw);
    // Gap: 02:30 does not exist on 2026-03-29; read with the pre-gap offset it is 03:30 CEST.
    const UtcMillis gap = waw.from_local(ldt(2026, 3, 29, 2, 30));
    CHECK(format_iso_utc(gap) == "2026-03-29T01:30:00.000Z");
    CHECK(local_str(waw, gap) == "2026-03-29 03:30");
    CHECK(format_iso_utc(waw.from_local(ldt(2026, 3, 29, 1, 59))) == "2026-03-29T00:59:00.000Z");
    CHECK(format_iso_utc(waw.from_local(ldt(2026, 3, 29, 3, 0))) == "2026-03-29T01:00:00.000Z");
    // Overlap: 02:30 occurs at 00:30Z (CEST) and 01:30Z (CET); the earlier one wins.
    CHECK(format_iso_utc(waw.from_local(ldt(2026, 10, 25, 2, 30))) == "2026-10-25T00:30:00.000Z");
    CHECK(format_iso_utc(waw.from_local(ldt(2026, 10, 25, 3, 0))) == "2026-10-25T02:00:00.000Z");
    CHECK(format_iso_utc(waw.from_local(ldt(2026, 10, 25, 1, 59))) == "2026-10-24T23:59:00.000Z");
    CHECK(format_iso_utc(waw.from_local(ldt(2026, 7, 1, 9, 0))) == "2026-07-01T07:00:00.000Z");

    const TimeZone ny = zone("America/New_York", kNewYork);
    CHECK(format_iso_utc(ny.from_local(ldt(2026, 3, 8, 2, 30))) == "2026-03-08T07:30:00.000Z");
    CHECK(format_iso_utc(ny.from_local(ldt(2026, 11, 1, 1, 30))) == "2026-11-01T05:30:00.000Z");

    // Every existing wall time round-trips through to_local, across a full year in 15-min steps.
    long bad = 0;
    const UtcMillis year_end = at("2027-01-01T00:00:00Z");
    for (UtcMillis t = at("2026-01-01T00:00:00Z"); t < year_end; t += 900'000) {
        for (const TimeZone* z : {&waw, &ny}) {
            const UtcMillis back = z->from_local(z->to_local(t));
            // In an overlap the earlier instant is returned, which is up to one hour before t.
            if (!(back == t || (back == t - 3'600'000 && z->to_local(back) == z->to_local(t)))) ++bad;
        }
    }
    CHECK(bad == 0);
}

TEST_CASE("civil_time: local_date around midnight") {
    const TimeZone waw = zone("Europe/Warsaw", kWarsaw);
    const TimeZone tpe = zone("Asia/Taipei", kTaipei);
    const TimeZone ny = zone("America/New_York", kNewYork);
    const UtcMillis t = at("2026-11-23T23:30:00Z");
    CHECK(format_iso_date(waw.local_date(t)) == "2026-11-24");
    CHECK(local_str(waw, t) == "2026-11-24 00:30");
    CHECK(format_iso_date(tpe.local_date(t)) == "2026-11-24");
    CHECK(local_str(tpe, t) == "2026-11-24 07:30");
    CHECK(format_iso_date(ny.local_date(t)) == "2026-11-23");
    CHECK(local_str(ny, t) == "2026-11-23 18:30");
    CHECK(format_iso_date(TimeZone::utc().local_date(t)) == "2026-11-23");
    CHECK(format_iso_date(waw.local_date(at("2026-11-23T22:59:59.999Z"))) == "2026-11-23");
    CHECK(format_iso_date(waw.local_date(at("2026-11-23T23:00:00Z"))) == "2026-11-24");
    CHECK(format_iso_date(waw.local_date(at("2026-07-01T21:59:59Z"))) == "2026-07-01");
    CHECK(format_iso_date(waw.local_date(at("2026-07-01T22:00:00Z"))) == "2026-07-02");
    // Before the epoch, floor division must still pick the right day.
    CHECK(format_iso_date(ny.local_date(at("1960-01-01T03:00:00Z"))) == "1959-12-31");
    // A date-only due date chosen in one zone maps to that same date's start in the zone.
    for (const TimeZone* z : {&waw, &tpe, &ny}) {
        const LocalDate due{2026, 11, 24};
        CHECK(format_iso_date(z->local_date(z->start_of_day(due))) == "2026-11-24");
        CHECK(format_iso_date(z->local_date(z->start_of_day(due) - 1)) == "2026-11-23");
    }
}

TEST_CASE("civil_time: fixed zones have no transitions") {
    const TimeZone tpe = zone("Asia/Taipei", kTaipei);
    CHECK(tpe.transitions().empty());
    for (const char* iso : {"1970-01-01T00:00:00Z", "2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z",
                            "2099-07-01T12:00:00Z", "1950-01-01T00:00:00Z"}) {
        CHECK(tpe.offset_minutes_at(at(iso)) == 480);
    }
    CHECK(format_iso_utc(tpe.start_of_day({2026, 11, 24})) == "2026-11-23T16:00:00.000Z");
    const TimeZone kath = TimeZone::fixed("Asia/Kathmandu", 345);
    CHECK(local_str(kath, at("2026-11-23T18:40:00Z")) == "2026-11-24 00:25");
    CHECK(TimeZone::utc().offset_minutes_at(0) == 0);
    CHECK(TimeZone::utc().name() == "UTC");
}

TEST_CASE("civil_time: southern hemisphere DST spans new year") {
    const TimeZone akl = zone("Pacific/Auckland", kAuckland);
    CHECK(akl.offset_minutes_at(at("2026-01-15T00:00:00Z")) == 780);
    CHECK(akl.offset_minutes_at(at("2026-07-01T00:00:00Z")) == 720);
    CHECK(akl.offset_minutes_at(at("2026-12-25T00:00:00Z")) == 780);
    CHECK(akl.offset_minutes_at(at("1970-01-01T00:00:00Z")) == 780);
    // Ends first Sunday of April 03:00 NZDT; starts last Sunday of September 02:00 NZST.
    CHECK(akl.offset_minutes_at(at("2026-04-04T13:59:59Z")) == 780);
    CHECK(akl.offset_minutes_at(at("2026-04-04T14:00:00Z")) == 720);
    CHECK(akl.offset_minutes_at(at("2026-09-26T13:59:59Z")) == 720);
    CHECK(akl.offset_minutes_at(at("2026-09-26T14:00:00Z")) == 780);
    CHECK(local_str(akl, at("2026-11-23T23:30:00Z")) == "2026-11-24 12:30");
    CHECK(format_iso_utc(akl.from_local(ldt(2026, 9, 27, 2, 30))) == "2026-09-26T14:30:00.000Z");
    CHECK(format_iso_utc(akl.from_local(ldt(2026, 4, 5, 2, 30))) == "2026-04-04T13:30:00.000Z");
    CHECK(format_iso_utc(akl.start_of_day({2026, 1, 1})) == "2025-12-31T11:00:00.000Z");
}

TEST_CASE("civil_time: DST starting at midnight") {
    const TimeZone sp = zone("America/Sao_Paulo (2018)", kOldSaoPaulo);
    // 2026-10-04 (first Sunday of October): 00:00 -03 jumps to 01:00 -02, so the day starts at 01:00.
    const UtcMillis start = sp.start_of_day({2026, 10, 4});
    CHECK(format_iso_utc(start) == "2026-10-04T03:00:00.000Z");
    CHECK(local_str(sp, start) == "2026-10-04 01:00");
    CHECK(local_str(sp, start - 1) == "2026-10-03 23:59");
    CHECK(format_iso_utc(sp.start_of_day({2026, 10, 3})) == "2026-10-03T03:00:00.000Z");
    // 2026-02-15 (third Sunday of February): 00:00 -02 falls back to 23:00 -03 on the 14th.
    CHECK(format_iso_utc(sp.start_of_day({2026, 2, 15})) == "2026-02-15T03:00:00.000Z");
    CHECK(format_iso_utc(sp.start_of_day({2026, 2, 14})) == "2026-02-14T02:00:00.000Z");
    CHECK(format_iso_utc(sp.from_local(ldt(2026, 2, 14, 23, 30))) == "2026-02-15T01:30:00.000Z");
    // Every day of the year: start_of_day is on that date and the instant before it is not.
    long bad = 0;
    for (LocalDate d{2026, 1, 1}; d < LocalDate{2027, 1, 1}; d = add_days(d, 1)) {
        const UtcMillis s = sp.start_of_day(d);
        if (sp.local_date(s) != d || sp.local_date(s - 1) == d) ++bad;
    }
    CHECK(bad == 0);
}

TEST_CASE("civil_time: start_of_day when the gap straddles midnight") {
    // Clocks jump from 23:30 +00:00 to 00:30 +01:00: the day begins at 00:30, not 01:00.
    const UtcMillis jump = at("2026-05-01T23:30:00Z");
    const TimeZone z = TimeZone::from_transitions("Test/Straddle", 0, {{jump, 60}});
    CHECK(format_iso_utc(z.start_of_day({2026, 5, 2})) == "2026-05-01T23:30:00.000Z");
    CHECK(local_str(z, z.start_of_day({2026, 5, 2})) == "2026-05-02 00:30");
    // Samoa 2011: Friday 2011-12-30 was skipped entirely.
    const TimeZone apia = TimeZone::from_transitions("Pacific/Apia", -600, {{at("2011-12-30T10:00:00Z"), 840}});
    CHECK(local_str(apia, at("2011-12-30T09:59:00Z")) == "2011-12-29 23:59");
    CHECK(local_str(apia, at("2011-12-30T10:00:00Z")) == "2011-12-31 00:00");
    CHECK(format_iso_utc(apia.start_of_day({2011, 12, 31})) == "2011-12-30T10:00:00.000Z");
    CHECK(format_iso_utc(apia.start_of_day({2011, 12, 30})) == "2011-12-30T10:00:00.000Z");
}

TEST_CASE("civil_time: from_transitions equals from_posix for the same rules") {
    // EU rule computed independently: last Sunday of March/October at 01:00 UTC.
    std::vector<ZoneTransition> eu;
    for (int y = 2100; y >= 1970; --y) {  // deliberately unsorted
        for (int month : {10, 3}) {
            LocalDate d{y, month, 31};
            while (weekday(d) != 0) d = add_days(d, -1);
            eu.push_back({days_from_civil(d) * kMillisPerDay + 3'600'000, month == 3 ? 120 : 60});
        }
    }
    eu.push_back(eu.back());  // duplicate entry is tolerated
    const TimeZone table = TimeZone::from_transitions("Europe/Warsaw", 60, eu);
    const TimeZone posix = zone("Europe/Warsaw", kWarsaw);
    CHECK(table.initial_offset_minutes() == posix.initial_offset_minutes());
    CHECK(table.transitions() == posix.transitions());
    CHECK(table == posix);
    long bad = 0;
    const UtcMillis range_end = at("2101-01-01T00:00:00Z");
    for (UtcMillis t = at("1970-01-01T00:00:00Z"); t < range_end; t += 3'600'000 * 37)
        if (table.offset_minutes_at(t) != posix.offset_minutes_at(t)) ++bad;
    CHECK(bad == 0);

    // Southern rule as a table, too: first Sunday of April 14:00Z, last Sunday of September 14:00Z
    // (the UTC times shift by a day since NZ is ahead of UTC).
    std::vector<ZoneTransition> nz;
    for (int y = 1970; y <= 2100; ++y) {
        LocalDate end{y, 4, 1};
        while (weekday(end) != 0) end = add_days(end, 1);
        LocalDate start{y, 9, 30};
        while (weekday(start) != 0) start = add_days(start, -1);
        nz.push_back({(days_from_civil(end) - 1) * kMillisPerDay + 14 * 3'600'000, 720});
        nz.push_back({(days_from_civil(start) - 1) * kMillisPerDay + 14 * 3'600'000, 780});
    }
    CHECK(TimeZone::from_transitions("Pacific/Auckland", 780, nz) == zone("Pacific/Auckland", kAuckland));
}

TEST_CASE("civil_time: POSIX TZ string variants") {
    // Quoted names and minute offsets (Chatham Islands).
    auto chatham = TimeZone::from_posix("Pacific/Chatham", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45");
    REQUIRE(chatham.has_value());
    CHECK(chatham->offset_minutes_at(at("2026-07-01T00:00:00Z")) == 765);
    CHECK(chatham->offset_minutes_at(at("2026-01-01T00:00:00Z")) == 825);
    // Explicit DST offset and Jn / n day rules: DST from day 60 (always March 1) to zero-based day 300.
    auto j = TimeZone::from_posix("Test/J", "AAA3BBB2,J60/0,300/0", 2024, 2026);
    REQUIRE(j.has_value());
    CHECK(j->transitions().size() == 6);
    CHECK(format_iso_utc(j->transitions()[0].at) == "2024-03-01T03:00:00.000Z");
    CHECK(format_iso_utc(j->transitions()[2].at) == "2025-03-01T03:00:00.000Z");
    CHECK(format_iso_utc(j->transitions()[1].at) == "2024-10-27T02:00:00.000Z");  // leap: day 300 = Oct 27
    CHECK(format_iso_utc(j->transitions()[3].at) == "2025-10-28T02:00:00.000Z");
    CHECK(j->transitions()[0].offset_minutes == -120);
    // Negative and >24 h rule times (as in America/Godthab and permanent-DST strings).
    auto neg = TimeZone::from_posix("America/Nuuk", "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 2026, 2026);
    REQUIRE(neg.has_value());
    REQUIRE(neg->transitions().size() == 2);
    CHECK(format_iso_utc(neg->transitions()[0].at) == "2026-03-29T01:00:00.000Z");  // Sat 23:00 local
    CHECK(format_iso_utc(neg->transitions()[1].at) == "2026-10-25T01:00:00.000Z");
    auto perm = TimeZone::from_posix("Test/PermanentDST", "EST5EDT,0/0,J365/25", 2025, 2027);
    REQUIRE(perm.has_value());
    // Back-to-back year boundaries merge away: DST from the first year's start to the last year's end.
    REQUIRE(perm->transitions().size() == 2);
    CHECK(format_iso_utc(perm->transitions()[0].at) == "2025-01-01T05:00:00.000Z");
    CHECK(format_iso_utc(perm->transitions()[1].at) == "2028-01-01T05:00:00.000Z");
    CHECK(perm->offset_minutes_at(at("2026-06-01T00:00:00Z")) == -240);
    CHECK(perm->offset_minutes_at(at("2026-12-31T23:00:00Z")) == -240);
    // DST name without rules uses the US default, like glibc.
    auto us = TimeZone::from_posix("Test/US", "EST5EDT");
    REQUIRE(us.has_value());
    CHECK(*us == TimeZone::from_posix("Test/US", kNewYork).value());
    // hh:mm:ss offsets round to whole minutes.
    auto secs = TimeZone::from_posix("Test/Secs", "LMT-0:19:32");
    REQUIRE(secs.has_value());
    CHECK(secs->offset_minutes_at(0) == 20);

    for (const char* bad : {"", "CET", "CE-1", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0/3",
                            "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,J0,J100",
                            "CET-1CEST,366,100", "CET-25", "CET-1:60", "CET-1CEST,M3.5.0/168,M10.5.0",
                            "CET-1CEST,M3.5.0,M10.5.0/3junk", "<+1345>-13:45<+1245>-12:45,M4.1.0/3,M9.5.0/2.75",
                            "<AB>3", "<ABC3", ":Europe/Warsaw", "CET-1CEST!"}) {
        CHECK_FALSE_MESSAGE(TimeZone::from_posix("bad", bad).has_value(), bad);
    }
    CHECK_FALSE(TimeZone::from_posix("Europe/Warsaw", kWarsaw, 2000, 1999).has_value());
}
