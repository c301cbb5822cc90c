// Tests for view_prefs: a round trip of every field, and decoding that never fails: empty,
// truncated, wrongly typed, out-of-range, huge, deeply nested and oversized input all fall back
// to the defaults (field by field where the rest is fine).
#include <doctest/doctest.h>

#include <string>

#include "core/view_prefs.hpp"

using namespace crm;

namespace {

ViewPrefs non_default() {
    ViewPrefs p;
    p.show_as = ShowAs::Kanban;
    p.query.view = ActivityView::MyTeamMembers;
    p.query.type_mask = 0b10101;
    p.query.due = DueFilter::Next7Days;
    p.query.state = StateFilter::Canceled;
    p.query.regarding = RegardingFilter::Empty;
    p.query.text = "spotkanie z klientem";
    p.sort.column = SortColumn::ModifiedOn;
    p.sort.descending = true;
    p.sort.blanks_last = false;
    p.grouping = KanbanGrouping::Owner;
    p.calendar_mode = CalendarMode::Agenda;
    p.calendar.first_day_of_week = 0;
    p.calendar.work_start_minute = 7 * 60 + 30;
    p.calendar.work_end_minute = 19 * 60;
    p.calendar.work_days = 0b1111111;
    p.calendar.agenda_days = 30;
    return p;
}

}  // namespace

TEST_CASE("view_prefs: non-default preferences round-trip") {
    const ViewPrefs p = non_default();
    REQUIRE_FALSE(p == ViewPrefs{});
    const std::string text = encode_view_prefs(p);
    CHECK(text.find("\"version\":1") != std::string::npos);
    CHECK(decode_view_prefs(text) == p);
    // defaults round-trip too
    CHECK(decode_view_prefs(encode_view_prefs(ViewPrefs{})) == ViewPrefs{});
    // every enum value survives
    for (auto s : {ShowAs::Grid, ShowAs::Kanban, ShowAs::Calendar}) {
        ViewPrefs q;
        q.show_as = s;
        CHECK(decode_view_prefs(encode_view_prefs(q)).show_as == s);
    }
    for (auto g : {KanbanGrouping::State, KanbanGrouping::Type, KanbanGrouping::Priority, KanbanGrouping::Owner}) {
        ViewPrefs q;
        q.grouping = g;
        CHECK(decode_view_prefs(encode_view_prefs(q)).grouping == g);
    }
    for (auto m : {CalendarMode::Month, CalendarMode::Week, CalendarMode::WorkWeek, CalendarMode::Day, CalendarMode::Agenda}) {
        ViewPrefs q;
        q.calendar_mode = m;
        CHECK(decode_view_prefs(encode_view_prefs(q)).calendar_mode == m);
    }
    for (int c = 0; c < kSortColumnCount; ++c) {
        ViewPrefs q;
        q.sort.column = static_cast<SortColumn>(c);
        CHECK(decode_view_prefs(encode_view_prefs(q)).sort.column == q.sort.column);
    }
    CHECK(std::string(show_as_name(ShowAs::Calendar)) == "Calendar");
}

TEST_CASE("view_prefs: Polish and Chinese search text round-trips") {
    for (const char* text : {"Zażółć gęślą jaźń", "客户会议 下周", "ŁÓDŹ 東京 \"quoted\" \\ back\\slash"}) {
        ViewPrefs p;
        p.query.text = text;
        CHECK(decode_view_prefs(encode_view_prefs(p)).query.text == text);
    }
    // invalid UTF-8 does not make encoding throw; decoding yields valid text
    ViewPrefs bad;
    bad.query.text = "abc\xff\xfe";
    std::string encoded;
    CHECK_NOTHROW(encoded = encode_view_prefs(bad));
    CHECK(utf8_valid(decode_view_prefs(encoded).query.text));
}

TEST_CASE("view_prefs: malformed input gives the defaults") {
    const ViewPrefs d;
    for (const char* text : {"", "{", "}", "[]", "null", "true", "42", "\"text\"", "{\"show_as\":", "{,}", "not json",
                             "{\"show_as\":1,}", "\xff\xfe{}", "{\"query\":\"x\",\"sort\":[],\"calendar\":null}"}) {
        CAPTURE(text);
        ViewPrefs p;
        CHECK_NOTHROW(p = decode_view_prefs(text));
        CHECK(p == d);
    }
}

TEST_CASE("view_prefs: wrong types and out-of-range values fall back field by field") {
    const ViewPrefs d;
    CHECK(decode_view_prefs(R"({"show_as":"x"})") == d);
    CHECK(decode_view_prefs(R"({"show_as":99})") == d);
    CHECK(decode_view_prefs(R"({"show_as":-1})") == d);
    CHECK(decode_view_prefs(R"({"show_as":1.0})") == d);
    CHECK(decode_view_prefs(R"({"show_as":true})") == d);
    CHECK(decode_view_prefs(R"({"show_as":[1]})") == d);
    CHECK(decode_view_prefs(R"({"grouping":4,"calendar_mode":5})") == d);
    CHECK(decode_view_prefs(R"({"query":{"view":3,"due":4,"state":4,"regarding":3,"type_mask":32,"text":7}})") == d);
    CHECK(decode_view_prefs(R"({"sort":{"column":11,"descending":"yes","blanks_last":0}})") == d);
    CHECK(decode_view_prefs(
              R"({"calendar":{"first_day_of_week":7,"work_start_minute":-5,"work_end_minute":1441,"work_days":128,"agenda_days":0}})") ==
          d);
    // working hours must make sense as a pair
    CHECK(decode_view_prefs(R"({"calendar":{"work_start_minute":600,"work_end_minute":600}})") == d);
    CHECK(decode_view_prefs(R"({"calendar":{"work_start_minute":1000,"work_end_minute":500}})") == d);
    // huge numbers
    CHECK(decode_view_prefs(R"({"show_as":18446744073709551615})") == d);
    CHECK(decode_view_prefs(R"({"show_as":9223372036854775808})") == d);
    CHECK(decode_view_prefs(R"({"show_as":-9223372036854775808})") == d);
    CHECK(decode_view_prefs(R"({"show_as":123456789012345678901234567890})") == d);
    CHECK(decode_view_prefs(R"({"show_as":1e308,"grouping":1e999})") == d);
    CHECK(decode_view_prefs(R"({"calendar":{"agenda_days":4294967297}})") == d);

    // the good fields of a partly bad preference are kept
    ViewPrefs p = decode_view_prefs(R"({"version":1,"show_as":2,"grouping":"Owner","query":{"state":3,"view":77},
                                        "calendar":{"agenda_days":7,"first_day_of_week":"Monday"}})");
    CHECK(p.show_as == ShowAs::Calendar);
    CHECK(p.grouping == KanbanGrouping::State);
    CHECK(p.query.state == StateFilter::Any);
    CHECK(p.query.view == d.query.view);
    CHECK(p.calendar.agenda_days == 7);
    CHECK(p.calendar.first_day_of_week == d.calendar.first_day_of_week);
}

TEST_CASE("view_prefs: unknown fields and newer versions are read as far as known") {
    ViewPrefs p = decode_view_prefs(
        R"({"version":7,"show_as":1,"future":{"a":[1,2,{"b":null}]},"query":{"text":"abc","new_filter":true},"x":"y"})");
    CHECK(p.show_as == ShowAs::Kanban);
    CHECK(p.query.text == "abc");
    // missing version is fine as well
    CHECK(decode_view_prefs(R"({"grouping":2})").grouping == KanbanGrouping::Priority);
    // the last of duplicate keys wins, as in JSON.parse
    CHECK(decode_view_prefs(R"({"grouping":2,"grouping":3})").grouping == KanbanGrouping::Owner);
}

TEST_CASE("view_prefs: deep nesting and oversized input do not crash") {
    const ViewPrefs d;
    CHECK(decode_view_prefs(std::string(10000, '[')) == d);
    CHECK(decode_view_prefs(std::string(10000, '[') + std::string(10000, ']')) == d);
    CHECK(decode_view_prefs(std::string(100000, '{')) == d);
    // junk nested deeper than the cap inside an otherwise good object
    std::string deep = R"({"show_as":1,"junk":)" + std::string(70, '[') + std::string(70, ']') + "}";
    CHECK(decode_view_prefs(deep) == d);
    // moderate nesting is fine
    std::string ok = R"({"show_as":1,"junk":)" + std::string(20, '[') + std::string(20, ']') + "}";
    CHECK(decode_view_prefs(ok).show_as == ShowAs::Kanban);
    // brackets inside strings do not count as nesting
    ViewPrefs p;
    p.query.text = std::string(100, '[');
    p.show_as = ShowAs::Calendar;
    CHECK(decode_view_prefs(encode_view_prefs(p)) == p);
    // over 64 KB: ignored as a whole
    std::string big = R"({"show_as":1,"pad":")" + std::string(70 * 1024, 'x') + "\"}";
    CHECK(decode_view_prefs(big) == d);
    // an over-long search text is dropped, not cut mid-character
    std::string long_text = R"({"query":{"text":")" + std::string(5000, 'a') + "\"}}";
    CHECK(decode_view_prefs(long_text).query.text.empty());
    // an embedded NUL does not crash
    std::string nul = std::string("{\"show_as\":1", 12) + std::string(1, '\0') + "}";
    CHECK_NOTHROW(decode_view_prefs(nul));
}
