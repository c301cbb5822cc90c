// iCalendar export and import (core/ical): the hand-written samples of tests/data/ics import as
// Google Calendar, Outlook and Thunderbird files mean (times checked in UTC), what cannot be mapped
// is reported, export -> import gives the same activities back, folding never splits a character,
// and broken encodings are refused with the line and byte, the store unchanged.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/ical.hpp"
#include "core/ids.hpp"
#include "store_fixture.hpp"

namespace {

std::string read_sample(const char* name) {
    std::ifstream in(std::string(CRM_SOURCE_DIR) + "/tests/data/ics/" + name, std::ios::binary);
    REQUIRE_MESSAGE(in, name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TimeZone warsaw() { return *TimeZone::from_posix("Europe/Warsaw", "CET-1CEST,M3.5.0,M10.5.0/3", 1970, 2100); }
TimeZone new_york() { return *TimeZone::from_posix("America/New_York", "EST5EDT,M3.2.0,M11.1.0", 1970, 2100); }

UtcMillis utc(const char* iso) {
    auto t = parse_iso_utc(iso);
    REQUIRE_MESSAGE(t, iso);
    return *t;
}

// Native stand-in for the browser's Intl sampling: a few IANA names.
std::optional<TimeZone> resolve(const std::string& tzid, int first, int last) {
    if (tzid == "America/New_York") return TimeZone::from_posix(tzid, "EST5EDT,M3.2.0,M11.1.0", first, last);
    if (tzid == "Europe/Berlin") return TimeZone::from_posix(tzid, "CET-1CEST,M3.5.0,M10.5.0/3", first, last);
    return std::nullopt;
}

struct Importing : Fixture {
    TimeZone zone = warsaw();
    IcalImportOptions options() {
        IcalImportOptions o;
        o.user_zone = &zone;
        o.resolve_zone = resolve;
        o.owner = {OwnerKind::User, anna};
        o.actor = {anna, kT0};
        return o;
    }
    IcalImportPlan plan(std::string_view text) {
        auto o = options();
        auto r = plan_ical_import(store, text, o);
        REQUIRE_MESSAGE(r.ok(), (r.status.errors.empty() ? "" : r.status.errors[0].message + " " + r.status.errors[0].arg));
        return r.value;
    }
    Status refusal(std::string_view text) {
        auto o = options();
        auto r = plan_ical_import(store, text, o);
        REQUIRE(!r.ok());
        return r.status;
    }
    const Activity& by_subject(const IcalImportPlan& p, std::string_view subject) {
        for (const auto& a : p.activities)
            if (a.subject == subject) return a;
        FAIL("no activity " << subject);
        return p.activities.front();
    }
};

bool has_note(const IcalImportPlan& p, std::string_view message, std::string_view arg = {}) {
    for (const auto& n : p.notes)
        if (n.message == message && (arg.empty() || n.arg == arg)) return true;
    return false;
}

std::string notes_text(const IcalImportPlan& p) {
    std::string out;
    for (const auto& n : p.notes) out += n.where + ": " + n.message + " [" + n.arg + "] x" + std::to_string(n.count) + "\n";
    return out;
}

std::vector<std::string> physical_lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t e = text.find("\r\n", pos);
        REQUIRE_MESSAGE(e != std::string_view::npos, "every line ends in CRLF");
        out.emplace_back(text.substr(pos, e - pos));
        pos = e + 2;
    }
    return out;
}

}  // namespace

TEST_CASE("ical: folding keeps lines within 75 octets and never splits a UTF-8 character") {
    std::string polish = "DESCRIPTION:";
    std::string chinese = "SUMMARY:";
    for (int i = 0; i < 40; ++i) polish += "Zażółć gęślą jaźń ";
    for (int i = 0; i < 60; ++i) chinese += "與台北辦公室的視訊會議";
    for (const std::string& line : {polish, chinese, std::string("SUMMARY:short")}) {
        std::string folded = fold_ical_line(line);
        std::string unfolded;
        auto lines = physical_lines(folded);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            CHECK(lines[i].size() <= 75);
            CHECK_MESSAGE(utf8_valid(lines[i]), "line " << i << " splits a character");
            if (i > 0) {
                REQUIRE(lines[i][0] == ' ');
                unfolded += lines[i].substr(1);
            } else {
                unfolded += lines[i];
            }
        }
        CHECK(unfolded == line);
    }
    CHECK(escape_ical_text("a;b,c\\d\r\ne\nf") == "a\\;b\\,c\\\\d\\ne\\nf");
}

TEST_CASE("ical: the Google Calendar sample") {
    Importing f;
    auto p = f.plan(read_sample("google.ics"));
    INFO(notes_text(p));
    CHECK(p.events_added == 4);
    CHECK(p.tasks_added == 0);
    CHECK(p.skipped == 0);

    const Activity& weekly = f.by_subject(p, "Poniedziałkowy przegląd");
    CHECK(weekly.meta.id == ical_activity_id("7kukuqrfedlm2f9t8vt3ic3pa2@google.com"));
    CHECK(*weekly.scheduled_start == utc("2027-03-01T08:00:00Z"));  // 09:00 CET
    CHECK(*weekly.scheduled_end == utc("2027-03-01T08:30:00Z"));
    CHECK(weekly.state == ActivityState::Scheduled);
    CHECK(weekly.reason == StatusReason::Busy);
    CHECK(weekly.location == "Sala 2, Warszawa");
    CHECK(weekly.description == "Cotygodniowy przegląd lejka sprzedaży.\nProszę przygotować liczby z zeszłego tygodnia.");
    CHECK(weekly.attendees == "anna@example.com; lucja@example.com");
    CHECK(weekly.reminder_minutes == 10);
    CHECK(weekly.owner == OwnerRef{OwnerKind::User, f.anna});
    REQUIRE(weekly.recurrence);
    CHECK(weekly.recurrence->frequency == Frequency::Weekly);
    CHECK(weekly.recurrence->weekdays == (1 << 1));
    // UNTIL=20270531T065959Z is before that Monday's 09:00 CEST: the series ends on the 30th
    // (a Sunday), so the last Monday is 24 May, as in Google Calendar.
    CHECK(weekly.recurrence->until == LocalDate{2027, 5, 30});
    CHECK(weekly.recurrence->exceptions == std::vector<LocalDate>{{2027, 4, 5}, {2027, 4, 12}});

    const Activity& moved = f.by_subject(p, "Poniedziałkowy przegląd (później)");
    CHECK(moved.series_id == weekly.meta.id);
    CHECK(moved.occurrence_date == LocalDate{2027, 4, 5});
    CHECK(*moved.scheduled_start == utc("2027-04-05T09:00:00Z"));  // 11:00 CEST, after the DST change
    CHECK(!moved.recurrence);

    const Activity& fair = f.by_subject(p, "Targi w Poznaniu");
    CHECK(fair.all_day);
    CHECK(*fair.scheduled_start == utc_midnight({2027, 6, 15}));
    CHECK(*fair.scheduled_end == utc_midnight({2027, 6, 17}));  // exclusive, two days
    CHECK(fair.reason == StatusReason::Free);                   // TRANSP:TRANSPARENT

    const Activity& call = f.by_subject(p, "Call with the Taipei office");
    CHECK(*call.scheduled_start == utc("2027-03-10T14:00:00Z"));
    CHECK(call.state == ActivityState::Open);
    CHECK(call.reason == StatusReason::Tentative);

    CHECK(has_note(p, "ATTENDEE %s ignored", "PARTSTAT"));
    CHECK(has_note(p, "property %s not imported", "X-WR-CALNAME"));
    CHECK(has_note(p, "property %s not imported", "ORGANIZER"));
    CHECK(has_note(p, "property %s not imported", "X-GOOGLE-CONFERENCE"));

    // Nothing changes until it is applied; then importing it again changes nothing.
    CHECK(f.store.live_activity_count() == 0);
    REQUIRE(apply_ical_import(f.store, p).ok());
    CHECK(f.store.live_activity_count() == 4);
    auto again = f.plan(read_sample("google.ics"));
    CHECK(again.events_added == 0);
    CHECK(again.events_updated == 0);
    CHECK(again.unchanged == 4);
}

TEST_CASE("ical: the Outlook sample (Windows zone names with VTIMEZONE, BYSETPOS, folded Polish text)") {
    Importing f;
    f.zone = new_york();  // the file's VTIMEZONE decides, not the user's zone
    auto p = f.plan(read_sample("outlook.ics"));
    INFO(notes_text(p));
    CHECK(p.events_added == 3);

    const Activity& review = f.by_subject(p, "Przegląd miesięczny z działem sprzedaży");
    CHECK(*review.scheduled_start == utc("2027-02-08T09:00:00Z"));  // 10:00 CET
    CHECK(*review.scheduled_end == utc("2027-02-08T10:00:00Z"));
    REQUIRE(review.recurrence);
    CHECK(review.recurrence->frequency == Frequency::Monthly);
    CHECK(review.recurrence->week_of_month == 2);
    CHECK(review.recurrence->weekday == 1);
    CHECK(review.recurrence->count == 6);
    CHECK(review.reminder_minutes == 15);
    CHECK(review.location == "Biuro w Krakowie, ul. Łobzowska 57");  // folded inside "Ł"
    CHECK(review.description.find("zaległe płatności klientów oraz przygotowania do targów w Poznaniu") != std::string::npos);
    CHECK(review.description.find("Z poważaniem\nŁucja Wróbel") != std::string::npos);

    const Activity& leave = f.by_subject(p, "Urlop");
    CHECK(leave.all_day);
    CHECK(leave.reason == StatusReason::OutOfOffice);
    CHECK(*leave.scheduled_end == utc_midnight({2027, 8, 20}));

    // "The last weekday of the month" is not in the model: the first occurrence, reported.
    const Activity& close = f.by_subject(p, "Zamknięcie miesiąca");
    CHECK(!close.recurrence);
    CHECK(*close.scheduled_start == utc("2027-01-29T15:00:00Z"));
    CHECK(close.priority == Priority::High);
    CHECK(has_note(p, "repeat rule not supported: only the first occurrence was imported"));
    CHECK(has_note(p, "property %s not imported", "X-MICROSOFT-CDO-IMPORTANCE"));
    CHECK(has_note(p, "property %s not imported", "X-ALT-DESC"));
}

TEST_CASE("ical: the Thunderbird sample (VTODO, DURATION, Chinese text, VJOURNAL)") {
    Importing f;
    auto p = f.plan(read_sample("thunderbird.ics"));
    INFO(notes_text(p));
    CHECK(p.tasks_added == 3);
    CHECK(p.events_added == 1);

    const Activity& report = f.by_subject(p, "準備季度報告");
    CHECK(report.type == ActivityType::Task);
    CHECK(report.state == ActivityState::Open);
    CHECK(report.reason == StatusReason::InProgress);
    CHECK(report.priority == Priority::High);
    CHECK(report.due == Due::at(utc("2027-03-15T09:00:00Z")));  // 17:00 in Taipei

    const Activity& supplies = f.by_subject(p, "Zamówić materiały biurowe");
    CHECK(supplies.due == Due::on_date({2027, 3, 1}));
    CHECK(supplies.priority == Priority::Low);
    CHECK(supplies.reason == StatusReason::NotStarted);
    REQUIRE(supplies.recurrence);
    CHECK(supplies.recurrence->count == 4);
    CHECK(supplies.reminder_minutes == 60);

    const Activity& invoice = f.by_subject(p, "Send the invoice to Żółw Sp. z o.o.");
    CHECK(invoice.state == ActivityState::Completed);
    CHECK(invoice.actual_end == utc("2027-02-20T10:15:00Z"));
    CHECK(invoice.due == Due::at(utc("2027-02-19T11:00:00Z")));

    const Activity& call = f.by_subject(p, "與台北辦公室的視訊會議：討論第二季度的銷售目標、預算分配以及新產品發表的時程安排");
    CHECK(*call.scheduled_start == utc("2027-03-10T14:00:00Z"));  // 22:00 in Taipei
    CHECK(*call.scheduled_end == utc("2027-03-10T15:30:00Z"));    // DURATION:PT1H30M
    CHECK(call.location == "線上會議");

    CHECK(has_note(p, "%s not imported", "VJOURNAL"));
    CHECK(has_note(p, "property %s not imported", "PERCENT-COMPLETE"));
    CHECK(has_note(p, "property %s not imported", "X-MOZ-GENERATION"));
    CHECK(has_note(p, "property %s not imported", "CATEGORIES"));
}

TEST_CASE("ical: export -> import gives the same activities, series and exceptions (DST-crossing keeps wall clock)") {
    Importing f;
    TimeZone zone = warsaw();
    Actor actor{f.anna, kT0};
    auto create = [&](Activity a) {
        auto r = f.store.create_activity(a, actor);
        REQUIRE_MESSAGE(r.ok(), (r.status.errors.empty() ? "" : r.status.errors[0].field + " " + r.status.errors[0].message));
        return r.value;
    };
    // A weekly series at 09:00 Warsaw from before the spring change to after it.
    Activity series;
    series.type = ActivityType::Appointment;
    series.subject = "Przegląd tygodniowy; zespół, sprzedaż \\ wyniki";
    series.description = "Linia 1\nLinia 2 — 與台北辦公室的視訊會議 " + std::string(200, 'x');
    series.location = "Sala 2, Warszawa";
    series.attendees = "anna@example.com; Łucja Wróbel";
    series.state = ActivityState::Scheduled;
    series.reason = StatusReason::Busy;
    series.priority = Priority::High;
    series.scheduled_start = zone.from_local({{2027, 3, 15}, {9, 0, 0}});
    series.scheduled_end = zone.from_local({{2027, 3, 15}, {10, 0, 0}});
    series.duration_minutes = 60;
    series.reminder_minutes = 15;
    Recurrence r;
    r.frequency = Frequency::Weekly;
    r.weekdays = 1 << 1;
    r.until = LocalDate{2027, 4, 26};
    r.exceptions = {{2027, 3, 29}, {2027, 4, 5}};
    series.recurrence = r;
    std::string series_id = create(series);

    Activity moved = series;
    moved.recurrence.reset();
    moved.subject = "Przegląd (przeniesiony)";
    moved.series_id = series_id;
    moved.occurrence_date = LocalDate{2027, 4, 5};
    moved.scheduled_start = zone.from_local({{2027, 4, 5}, {11, 0, 0}});
    moved.scheduled_end = zone.from_local({{2027, 4, 5}, {12, 0, 0}});
    create(moved);

    Activity holiday;
    holiday.type = ActivityType::Appointment;
    holiday.subject = "Urlop";
    holiday.all_day = true;
    holiday.state = ActivityState::Scheduled;
    holiday.reason = StatusReason::OutOfOffice;
    holiday.scheduled_start = utc_midnight({2027, 8, 9});
    holiday.scheduled_end = utc_midnight({2027, 8, 14});
    holiday.duration_minutes = 5 * 24 * 60;
    create(holiday);

    Activity free_slot = holiday;
    free_slot.subject = "Okno";
    free_slot.all_day = false;
    free_slot.state = ActivityState::Open;
    free_slot.reason = StatusReason::Free;
    free_slot.scheduled_start = utc("2027-10-31T08:00:00Z");  // the autumn change day
    free_slot.scheduled_end = utc("2027-10-31T09:00:00Z");
    free_slot.duration_minutes = 60;
    create(free_slot);

    Activity task;
    task.type = ActivityType::Task;
    task.subject = "Zadzwonić do klienta";
    task.reason = StatusReason::WaitingOnSomeoneElse;
    task.priority = Priority::Low;
    task.due = Due::on_date({2027, 5, 3});
    Recurrence monthly;
    monthly.frequency = Frequency::Monthly;
    monthly.month_day = -1;
    monthly.count = 5;
    task.recurrence = monthly;
    task.reminder_minutes = 120;
    create(task);

    Activity timed_task;
    timed_task.type = ActivityType::Task;
    timed_task.subject = "準備季度報告";
    timed_task.reason = StatusReason::InProgress;
    timed_task.due = Due::at(zone.from_local({{2027, 7, 1}, {17, 30, 0}}));
    std::string timed_id = create(timed_task);

    Activity done;
    done.type = ActivityType::Task;
    done.subject = "Wysłać fakturę";
    done.state = ActivityState::Completed;
    done.reason = StatusReason::Completed;
    done.due = Due::at(utc("2027-02-19T11:00:00Z"));
    done.actual_end = utc("2027-02-20T10:15:00Z");
    create(done);

    Activity note;  // not a calendar item
    note.type = ActivityType::Note;
    note.subject = "Notatka";
    create(note);

    auto out = export_icalendar(f.store, calendar_activity_rows(f.store), zone, kT0);
    CHECK(out.events == 4);
    CHECK(out.tasks == 3);
    for (const auto& l : physical_lines(out.text)) {
        CHECK(l.size() <= 75);
        CHECK(utf8_valid(l));
    }
    CHECK(out.text.find("BEGIN:VTIMEZONE\r\nTZID:Europe/Warsaw") != std::string::npos);
    CHECK(out.text.find("DTSTART;TZID=Europe/Warsaw:20270315T090000") != std::string::npos);
    CHECK(out.text.find("RECURRENCE-ID;TZID=Europe/Warsaw:20270405T090000") != std::string::npos);
    CHECK(out.text.find("DTSTART;VALUE=DATE:20270809") != std::string::npos);
    CHECK(out.text.find("UNTIL=20270426T215959Z") != std::string::npos);  // 23:59:59 CEST

    // Into an empty database whose user lives in UTC: the VTIMEZONE carries the Warsaw offsets.
    for (bool same_store : {false, true}) {
        CAPTURE(same_store);
        Importing g;
        Store& target = same_store ? f.store : g.store;
        TimeZone utc_zone = TimeZone::utc();
        IcalImportOptions o;
        o.user_zone = same_store ? &zone : &utc_zone;
        o.owner = {OwnerKind::User, same_store ? f.anna : g.anna};
        o.actor = {o.owner.id, kT0 + 1000};
        auto planned = plan_ical_import(target, out.text, o);
        REQUIRE(planned.ok());
        INFO(notes_text(planned.value));
        CHECK(planned.value.notes.empty());
        if (same_store) {
            CHECK(planned.value.unchanged == 7);  // ids from our UIDs: the same activities, as they are
            CHECK(planned.value.activities.empty());
            continue;
        }
        CHECK(planned.value.events_added == 4);
        CHECK(planned.value.tasks_added == 3);
        auto find = [&](std::string_view subject) -> const Activity& {
            for (const auto& a : planned.value.activities)
                if (a.subject == subject) return a;
            FAIL("missing " << subject);
            return planned.value.activities.front();
        };
        const Activity& s = find(series.subject);
        CHECK(s.meta.id == series_id);
        CHECK(s.description == series.description);
        CHECK(s.location == series.location);
        CHECK(s.attendees == series.attendees);
        CHECK(s.priority == Priority::High);
        CHECK(s.scheduled_start == series.scheduled_start);
        CHECK(s.scheduled_end == series.scheduled_end);
        CHECK(s.reminder_minutes == 15);
        CHECK(s.state == ActivityState::Scheduled);
        CHECK(s.reason == StatusReason::Busy);
        REQUIRE(s.recurrence);
        CHECK(s.recurrence->weekdays == r.weekdays);
        CHECK(s.recurrence->exceptions == r.exceptions);
        // In a UTC user's zone the last 09:00 CEST (07:00Z) still falls on 26 April.
        CHECK(s.recurrence->until == LocalDate{2027, 4, 26});
        const Activity& m = find(moved.subject);
        CHECK(m.series_id == series_id);
        CHECK(m.occurrence_date == LocalDate{2027, 4, 5});
        CHECK(m.scheduled_start == utc("2027-04-05T09:00:00Z"));  // 11:00 CEST, wall clock kept
        const Activity& h = find("Urlop");
        CHECK(h.all_day);
        CHECK(h.scheduled_start == holiday.scheduled_start);
        CHECK(h.scheduled_end == holiday.scheduled_end);
        CHECK(h.reason == StatusReason::OutOfOffice);
        CHECK(find("Okno").reason == StatusReason::Free);
        CHECK(find("Okno").scheduled_start == free_slot.scheduled_start);
        const Activity& t = find(task.subject);
        CHECK(t.due == task.due);
        CHECK(t.reason == StatusReason::WaitingOnSomeoneElse);
        CHECK(t.priority == Priority::Low);
        CHECK(t.recurrence == task.recurrence);
        CHECK(t.reminder_minutes == 120);
        const Activity& tt = find(timed_task.subject);
        CHECK(tt.meta.id == timed_id);
        CHECK(tt.due == timed_task.due);
        CHECK(tt.reason == StatusReason::InProgress);
        const Activity& d = find(done.subject);
        CHECK(d.state == ActivityState::Completed);
        CHECK(d.actual_end == done.actual_end);
        REQUIRE(apply_ical_import(g.store, planned.value).ok());
        CHECK(g.store.live_activity_count() == 7);
    }
}

TEST_CASE("ical: a TZID without VTIMEZONE goes to the resolver; an unknown one is read in the user's zone and reported") {
    Importing f;
    std::string text =
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n"
        "BEGIN:VEVENT\nUID:a\nSUMMARY:NY\nDTSTART;TZID=America/New_York:20270701T090000\nDTEND;TZID=America/New_York:20270701T100000\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:b\nSUMMARY:Mars\nDTSTART;TZID=Mars/Olympus:20270701T090000\nDURATION:PT30M\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:c\nSUMMARY:Floating\nDTSTART:20270701T090000\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:d\nSUMMARY:Hourly\nDTSTART:20270701T090000Z\nRRULE:FREQ=DAILY;BYHOUR=9,15\nEND:VEVENT\n"
        "END:VCALENDAR\n";  // LF line ends, as some tools write
    auto p = f.plan(text);
    INFO(notes_text(p));
    CHECK(*f.by_subject(p, "NY").scheduled_start == utc("2027-07-01T13:00:00Z"));
    CHECK(*f.by_subject(p, "Mars").scheduled_start == utc("2027-07-01T07:00:00Z"));  // as Warsaw time
    CHECK(*f.by_subject(p, "Floating").scheduled_start == utc("2027-07-01T07:00:00Z"));
    CHECK(has_note(p, "time zone %s is unknown: its times were read in your time zone", "Mars/Olympus"));
    CHECK(!f.by_subject(p, "Hourly").recurrence);
    CHECK(has_note(p, "the repeat rule part %s is not supported", "BYHOUR"));
}

TEST_CASE("ical: broken encodings and broken files are refused with where, and the store is unchanged") {
    Importing f;
    auto before = f.store.version();
    auto first_message = [](const Status& st) { return st.errors.at(0).message + " | " + st.errors.at(0).arg; };
    std::string head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n";
    std::string tail = "\r\nDTSTART:20270101T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    // Windows-1250 "ł" (0xB3) on line 5, byte 19.
    auto cp1250 = f.refusal(head + "SUMMARY:Spotkanie z \xB3ukaszem" + tail);
    CHECK(cp1250.errors.at(0).arg == "5:21");
    CHECK(first_message(cp1250).find("Windows-1250") != std::string::npos);
    // Big5 "會議".
    auto big5 = f.refusal(head + "SUMMARY:\xB7\x7C\xC4\xB3" + tail);
    CHECK(big5.errors.at(0).arg == "5:9");
    // UTF-16 with a lone surrogate.
    std::string utf16 = "\xFF\xFE";
    for (char c : std::string("BEGIN:VCALENDAR\r\n")) utf16 += c, utf16 += '\0';
    auto broken16 = f.refusal(utf16 + std::string("\x00\xD8", 2) + std::string("A\0", 2));
    CHECK(first_message(broken16).find("UTF-16") != std::string::npos);
    // Cut off, not iCalendar, unbalanced.
    CHECK(first_message(f.refusal(head + "SUMMARY:x")).find("cut off") != std::string::npos);
    CHECK(first_message(f.refusal("{\"format\":\"activities\"}")).find("BEGIN:VCALENDAR") != std::string::npos);
    CHECK(f.refusal(head + "END:VTODO\r\n").errors.at(0).arg == "5");
    CHECK(f.refusal(head + "SUMMARY;X=\"open:value\r\n").errors.at(0).arg == "5");
    CHECK(f.store.version() == before);
    CHECK(f.store.live_activity_count() == 0);

    // Well-formed UTF-16 (Outlook on Windows can save it): read, and said so.
    std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u16\r\nSUMMARY:Zażółć 會議\r\nDTSTART:20270101T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    std::string le = "\xFF\xFE";
    // UTF-8 -> UTF-16LE for the BMP characters used here
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        std::uint32_t cp;
        int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : 3;
        cp = n == 1 ? c : n == 2 ? (c & 0x1F) : (c & 0x0F);
        for (int k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        i += n;
        le += static_cast<char>(cp & 0xFF);
        le += static_cast<char>(cp >> 8);
    }
    auto p = f.plan(le);
    CHECK(p.events_added == 1);
    CHECK(f.by_subject(p, "Zażółć 會議").type == ActivityType::Appointment);
    CHECK(has_note(p, "The file is UTF-16 text; it was read as such."));
}

TEST_CASE("ical: apply refuses a plan whose activities changed since the preview") {
    Importing f;
    auto p = f.plan(read_sample("google.ics"));
    REQUIRE(apply_ical_import(f.store, p).ok());
    auto q = f.plan(read_sample("outlook.ics"));
    auto again = f.plan(read_sample("google.ics"));
    CHECK(again.activities.empty());
    // Edit one activity, then re-plan Google's file: the edit is overwritten by the file (update)...
    Activity edited = *f.store.activities().find(ical_activity_id("2a8c0f1e9bq3v7t5k0s1n4m6d8@google.com"));
    edited.subject = "Targi (zmienione)";
    REQUIRE(f.store.update_activity(edited, {f.anna, kT0 + 5}).ok());
    auto update = f.plan(read_sample("google.ics"));
    CHECK(update.events_updated == 1);
    CHECK(update.unchanged == 3);
    // ...but not when it changes again between the preview and Import.
    edited = *f.store.activities().find(edited.meta.id);
    edited.subject = "Targi (znowu)";
    REQUIRE(f.store.update_activity(edited, {f.anna, kT0 + 6}).ok());
    auto version = f.store.version();
    CHECK(!apply_ical_import(f.store, update).ok());
    CHECK(f.store.version() == version);
    CHECK(apply_ical_import(f.store, q).ok());
}
