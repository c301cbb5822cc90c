#include "ical.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <deque>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "i18n.hpp"
#include "ids.hpp"
#include "record_codec.hpp"

namespace crm {
namespace {

constexpr std::string_view kOwnUidSuffix = "@activities";
constexpr const char* kProductId = "-//Activities CRM//Activities 1.0//EN";

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && upper(s.substr(s.size() - suffix.size())) == upper(suffix);
}

std::string two(int v) {
    char b[8];
    std::snprintf(b, sizeof b, "%02d", v);
    return b;
}

std::string compact_date(LocalDate d) {
    char b[16];
    std::snprintf(b, sizeof b, "%04d%02d%02d", d.year, d.month, d.day);
    return b;
}

std::string compact_local(LocalDateTime t) {
    return compact_date(t.date) + "T" + two(t.time.hour) + two(t.time.minute) + two(t.time.second);
}

// Wall time of an instant at a fixed offset.
LocalDateTime local_at_offset(UtcMillis t, int offset_minutes) {
    std::int64_t local = t + static_cast<std::int64_t>(offset_minutes) * 60'000;
    std::int64_t days = local / kMillisPerDay;
    std::int64_t ms = local % kMillisPerDay;
    if (ms < 0) ms += kMillisPerDay, --days;
    int secs = static_cast<int>(ms / 1000);
    return {civil_from_days(days), {secs / 3600, secs / 60 % 60, secs % 60}};
}

std::int64_t local_millis(LocalDateTime t) {
    return days_from_civil(t.date) * kMillisPerDay + (t.time.hour * 3600LL + t.time.minute * 60 + t.time.second) * 1000;
}

std::string compact_utc(UtcMillis t) { return compact_local(local_at_offset(t, 0)) + "Z"; }

std::string format_offset(int minutes) {
    char sign = minutes < 0 ? '-' : '+';
    int m = minutes < 0 ? -minutes : minutes;
    return std::string(1, sign) + two(m / 60) + two(m % 60);
}

std::string duration_minutes_text(int minutes_before) {
    // "-PT15M": the reminder is that long before the start (or the due).
    return (minutes_before > 0 ? "-PT" : "PT") + std::to_string(minutes_before < 0 ? -minutes_before : minutes_before) + "M";
}

// A parameter value: quoted when it holds a character that would end it.
std::string param_value(std::string_view v) {
    std::string clean;
    for (char c : v)
        if (c != '"' && static_cast<unsigned char>(c) >= 0x20) clean += c;
    if (clean.find_first_of(":;,") != std::string::npos) return "\"" + clean + "\"";
    return clean;
}

// ---- writer --------------------------------------------------------------------------------------

class CalendarWriter {
public:
    CalendarWriter(const Store& store, const TimeZone& zone, UtcMillis now)
        : store_(store), zone_(zone), now_(now),
          utc_(zone.transitions().empty() && zone.initial_offset_minutes() == 0),
          tzid_(param_value(zone.name().empty() ? "Local" : zone.name())) {}

    void add(const Activity& a) {
        if (a.type == ActivityType::Appointment && a.scheduled_start) {
            write_event(a);
            ++result_.events;
        } else if (a.type == ActivityType::Task) {
            write_todo(a);
            ++result_.tasks;
        }
    }

    IcalExport finish() {
        std::string head;
        head += fold_ical_line("BEGIN:VCALENDAR");
        head += fold_ical_line("VERSION:2.0");
        head += fold_ical_line(std::string("PRODID:") + kProductId);
        head += fold_ical_line("CALSCALE:GREGORIAN");
        head += fold_ical_line("METHOD:PUBLISH");
        if (!utc_ && first_year_ <= last_year_) head += timezone_component();
        result_.text = head + body_ + fold_ical_line("END:VCALENDAR");
        return std::move(result_);
    }

private:
    void line(std::string_view name, std::string_view value) {
        std::string l(name);
        l += ':';
        l += value;
        body_ += fold_ical_line(l);
    }
    void text(std::string_view name, std::string_view value) {
        if (!value.empty()) line(name, escape_ical_text(value));
    }
    void note_year(int y) {
        first_year_ = std::min(first_year_, y);
        last_year_ = std::max(last_year_, y);
    }
    // "DTSTART;TZID=Europe/Warsaw:20270301T090000", or UTC when the user's zone is UTC.
    void time(std::string_view name, UtcMillis t) {
        LocalDateTime lt = zone_.to_local(t);
        // The second hour of a fall-back night (and sub-second instants) have no TZID wall time
        // of their own: UTC keeps the instant.
        if (utc_ || zone_.from_local(lt) != t) return line(name, compact_utc(t));
        note_year(lt.date.year);
        line(std::string(name) + ";TZID=" + tzid_, compact_local(lt));
    }
    void date(std::string_view name, LocalDate d) { line(std::string(name) + ";VALUE=DATE", compact_date(d)); }

    // The wall time of a series' occurrences (the master's start), for EXDATE and RECURRENCE-ID.
    std::optional<LocalTime> series_time(const Activity& master) const {
        if (master.type == ActivityType::Appointment) {
            if (master.all_day || !master.scheduled_start) return std::nullopt;
            return zone_.to_local(*master.scheduled_start).time;
        }
        if (master.due.kind == Due::Kind::Instant) return zone_.to_local(master.due.instant).time;
        return std::nullopt;
    }
    void occurrence(std::string_view name, LocalDate d, std::optional<LocalTime> at) {
        if (!at) return date(name, d);
        time(name, zone_.from_local({d, *at}));
    }

    void write_rule(const Activity& a) {
        if (!a.recurrence) return;
        const Recurrence& r = *a.recurrence;
        Recurrence rule = r;
        rule.until.reset();
        rule.exceptions.clear();
        std::string text = format_rrule(rule);
        auto at = series_time(a);
        if (r.until) {
            // RFC 5545: UNTIL is a date-time (UTC) when DTSTART is one; the whole last day counts.
            text += ";UNTIL=";
            text += at ? compact_utc(zone_.from_local({*r.until, {23, 59, 59}})) : compact_date(*r.until);
            if (at) note_year(r.until->year);
        }
        line("RRULE", text);
        if (r.exceptions.empty()) return;
        std::string values;
        for (LocalDate d : r.exceptions) {
            if (!values.empty()) values += ',';
            if (!at) values += compact_date(d);
            else if (utc_) values += compact_utc(zone_.from_local({d, *at}));
            else values += compact_local({d, *at}), note_year(d.year);
        }
        if (!at) line("EXDATE;VALUE=DATE", values);
        else if (utc_) line("EXDATE", values);
        else line("EXDATE;TZID=" + tzid_, values);
    }

    void write_identity(const Activity& a) {
        const std::string& series = a.series_id.empty() ? a.meta.id : a.series_id;
        line("UID", series + std::string(kOwnUidSuffix));
        line("DTSTAMP", compact_utc(now_));
        if (a.meta.created_at) line("CREATED", compact_utc(a.meta.created_at));
        if (a.meta.modified_at) line("LAST-MODIFIED", compact_utc(a.meta.modified_at));
        if (!a.series_id.empty() && a.occurrence_date) {
            const Activity* master = store_.activities().find(a.series_id);
            occurrence("RECURRENCE-ID", *a.occurrence_date, series_time(master ? *master : a));
        }
    }

    void write_common(const Activity& a) {
        text("SUMMARY", a.subject);
        text("DESCRIPTION", a.description);
        line("PRIORITY", a.priority == Priority::High ? "1" : a.priority == Priority::Low ? "9" : "5");
    }

    void write_alarm(const Activity& a, bool related_end) {
        if (!a.reminder_minutes) return;
        body_ += fold_ical_line("BEGIN:VALARM");
        line("ACTION", "DISPLAY");
        text("DESCRIPTION", a.subject);
        line(related_end ? "TRIGGER;RELATED=END" : "TRIGGER", duration_minutes_text(*a.reminder_minutes));
        body_ += fold_ical_line("END:VALARM");
    }

    void write_event(const Activity& a) {
        body_ += fold_ical_line("BEGIN:VEVENT");
        write_identity(a);
        if (a.all_day) {
            LocalDate first = utc_date_of(*a.scheduled_start);
            LocalDate end = a.scheduled_end && *a.scheduled_end > *a.scheduled_start ? utc_date_of(*a.scheduled_end - 1) : first;
            date("DTSTART", first);
            date("DTEND", add_days(end, 1));  // exclusive, as the app stores it
        } else {
            time("DTSTART", *a.scheduled_start);
            time("DTEND", a.scheduled_end ? *a.scheduled_end : *a.scheduled_start);
        }
        write_common(a);
        text("LOCATION", a.location);
        write_attendees(a.attendees);
        switch (a.state) {
            case ActivityState::Canceled: line("STATUS", "CANCELLED"); break;
            case ActivityState::Open:
                line("STATUS", a.reason == StatusReason::Free ? "CONFIRMED" : "TENTATIVE");
                break;
            default: line("STATUS", "CONFIRMED"); break;
        }
        line("TRANSP", a.reason == StatusReason::Free ? "TRANSPARENT" : "OPAQUE");
        if (a.reason == StatusReason::OutOfOffice) line("X-MICROSOFT-CDO-BUSYSTATUS", "OOF");
        // VEVENT has no "completed": kept for this app, ignored by others.
        if (a.state == ActivityState::Completed) line("X-ACTIVITIES-STATE", "COMPLETED");
        write_rule(a);
        write_alarm(a, false);
        body_ += fold_ical_line("END:VEVENT");
    }

    void write_todo(const Activity& a) {
        body_ += fold_ical_line("BEGIN:VTODO");
        write_identity(a);
        if (a.due.kind == Due::Kind::Date) {
            // RRULE needs a DTSTART: the first occurrence is the first due.
            if (a.recurrence) date("DTSTART", a.due.date);
            date("DUE", a.due.date);
        } else if (a.due.kind == Due::Kind::Instant) {
            if (a.recurrence) time("DTSTART", a.due.instant);
            time("DUE", a.due.instant);
        }
        write_common(a);
        switch (a.state) {
            case ActivityState::Completed: line("STATUS", "COMPLETED"); break;
            case ActivityState::Canceled: line("STATUS", "CANCELLED"); break;
            default: line("STATUS", a.reason == StatusReason::InProgress ? "IN-PROCESS" : "NEEDS-ACTION"); break;
        }
        if (a.reason == StatusReason::WaitingOnSomeoneElse) line("X-ACTIVITIES-REASON", "WAITING");
        if (a.reason == StatusReason::Deferred) line("X-ACTIVITIES-REASON", "DEFERRED");
        if (a.state == ActivityState::Completed && a.actual_end) line("COMPLETED", compact_utc(*a.actual_end));
        if (a.due.kind != Due::Kind::None) write_rule(a);
        write_alarm(a, true);
        body_ += fold_ical_line("END:VTODO");
    }

    void write_attendees(std::string_view list) {
        std::size_t start = 0;
        while (start <= list.size()) {
            std::size_t end = list.find(';', start);
            if (end == std::string_view::npos) end = list.size();
            std::string_view item = list.substr(start, end - start);
            start = end + 1;
            while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
            while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
            if (item.empty()) continue;
            // A name without an address: Outlook's way of writing one is "invalid:nomail".
            if (looks_like_email_address(item)) line("ATTENDEE", "mailto:" + std::string(item));
            else line("ATTENDEE;CN=" + param_value(item), "invalid:nomail");
        }
    }

    // Each change of the user's offset in the years written is one onset (no RRULE: the zone is
    // the table the browser sampled, not a rule), after one that fixes the offset before them.
    std::string timezone_component() const {
        std::string out;
        auto add = [&](std::string_view l) { out += fold_ical_line(l); };
        UtcMillis from = utc_midnight({first_year_, 1, 1}) - kMillisPerDay;
        UtcMillis to = utc_midnight({last_year_ + 1, 1, 1}) + kMillisPerDay;
        add("BEGIN:VTIMEZONE");
        add("TZID:" + tzid_);
        int offset = zone_.offset_minutes_at(from);
        add("BEGIN:STANDARD");
        add("DTSTART:16010101T000000");
        add("TZOFFSETFROM:" + format_offset(offset));
        add("TZOFFSETTO:" + format_offset(offset));
        add("END:STANDARD");
        for (const ZoneTransition& t : zone_.transitions()) {
            if (t.at <= from || t.at >= to) continue;
            const char* kind = t.offset_minutes > offset ? "DAYLIGHT" : "STANDARD";
            add(std::string("BEGIN:") + kind);
            add("DTSTART:" + compact_local(local_at_offset(t.at, offset)));
            add("TZOFFSETFROM:" + format_offset(offset));
            add("TZOFFSETTO:" + format_offset(t.offset_minutes));
            add(std::string("END:") + kind);
            offset = t.offset_minutes;
        }
        add("END:VTIMEZONE");
        return out;
    }

    const Store& store_;
    const TimeZone& zone_;
    UtcMillis now_;
    bool utc_;
    std::string tzid_;
    int first_year_ = 9999, last_year_ = 0;
    std::string body_;
    IcalExport result_;
};

// ---- reader: bytes to content lines to components ------------------------------------------------

struct Param {
    std::string name;
    std::vector<std::string> values;
};

struct Property {
    std::string name;  // upper case
    std::vector<Param> params;
    std::string value;
    std::size_t line = 0;
    const std::string* param(std::string_view name) const {
        for (const auto& p : params)
            if (p.name == name && !p.values.empty()) return &p.values.front();
        return nullptr;
    }
};

struct Component {
    std::string name;  // upper case
    std::vector<Property> props;
    std::vector<Component> children;
    std::size_t line = 0;
    const Property* prop(std::string_view name) const {
        for (const auto& p : props)
            if (p.name == name) return &p;
        return nullptr;
    }
};

Status refuse(const char* message, std::string arg = {}) { return Status::failure("", message, std::move(arg)); }

// UTF-16 (with a byte order mark, or starting with "B\0" / "\0B") to UTF-8.
std::optional<std::string> decode_utf16(std::string_view bytes, bool big_endian, std::size_t skip, std::size_t& bad_at) {
    std::string out;
    out.reserve(bytes.size() / 2 * 3 / 2);
    auto unit = [&](std::size_t i) {
        auto b0 = static_cast<unsigned char>(bytes[i]), b1 = static_cast<unsigned char>(bytes[i + 1]);
        return big_endian ? static_cast<std::uint32_t>(b0 << 8 | b1) : static_cast<std::uint32_t>(b1 << 8 | b0);
    };
    std::size_t i = skip;
    for (; i + 1 < bytes.size(); i += 2) {
        std::uint32_t cp = unit(i);
        if (cp >= 0xDC00 && cp <= 0xDFFF) return bad_at = i, std::nullopt;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 3 >= bytes.size()) return bad_at = i, std::nullopt;
            std::uint32_t lo = unit(i + 2);
            if (lo < 0xDC00 || lo > 0xDFFF) return bad_at = i, std::nullopt;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        }
        if (cp < 0x80) out += static_cast<char>(cp);
        else if (cp < 0x800) out += static_cast<char>(0xC0 | cp >> 6), out += static_cast<char>(0x80 | (cp & 0x3F));
        else if (cp < 0x10000)
            out += static_cast<char>(0xE0 | cp >> 12), out += static_cast<char>(0x80 | (cp >> 6 & 0x3F)),
                out += static_cast<char>(0x80 | (cp & 0x3F));
        else
            out += static_cast<char>(0xF0 | cp >> 18), out += static_cast<char>(0x80 | (cp >> 12 & 0x3F)),
                out += static_cast<char>(0x80 | (cp >> 6 & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    if (i != bytes.size()) return bad_at = i, std::nullopt;  // an odd byte at the end
    return out;
}

// Length of the valid UTF-8 prefix of s.
std::size_t valid_utf8_prefix(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        int extra;
        std::uint32_t cp;
        if ((c & 0xE0) == 0xC0) extra = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0) extra = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0) extra = 3, cp = c & 0x07;
        else return i;
        if (i + static_cast<std::size_t>(extra) >= s.size()) return i;
        for (int k = 1; k <= extra; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return i;
            cp = cp << 6 | (cc & 0x3F);
        }
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return i;
        i += static_cast<std::size_t>(extra) + 1;
    }
    return i;
}

class Parser {
public:
    Status run(std::string_view text, std::vector<Component>& roots) {
        std::size_t pos = 0, physical = 0;
        while (pos < text.size()) {
            std::size_t end = text.find_first_of("\r\n", pos);
            if (end == std::string_view::npos) end = text.size();
            std::string_view raw = text.substr(pos, end - pos);
            ++physical;
            pos = end;
            if (pos < text.size() && text[pos] == '\r') ++pos;
            if (pos < text.size() && text[pos] == '\n') ++pos;
            if (!raw.empty() && (raw[0] == ' ' || raw[0] == '\t') && have_logical_) {
                segments_.push_back({logical_.size(), physical, 2});
                logical_.append(raw.substr(1));
                if (logical_.size() > kMaxIcalLineOctets)
                    return refuse(N_("Line %s is too long for a calendar file."), std::to_string(logical_line_));
                continue;
            }
            if (Status st = finish_logical(roots); !st.ok()) return st;
            if (raw.empty()) continue;
            logical_.assign(raw);
            segments_.assign(1, {0, physical, 1});
            logical_line_ = physical;
            have_logical_ = true;
            if (logical_.size() > kMaxIcalLineOctets)
                return refuse(N_("Line %s is too long for a calendar file."), std::to_string(physical));
        }
        if (Status st = finish_logical(roots); !st.ok()) return st;
        if (!stack_.empty()) return refuse(N_("The file ends inside BEGIN:%s: it may be cut off."), stack_.back().name);
        if (roots.empty()) return refuse(N_("This is not an iCalendar file: it does not start with BEGIN:VCALENDAR."));
        return {};
    }

private:
    struct Segment {
        std::size_t logical_offset;
        std::size_t physical_line;
        std::size_t first_column;  // 1-based byte column of the segment's first byte
    };

    Status finish_logical(std::vector<Component>& roots) {
        if (!have_logical_) return {};
        have_logical_ = false;
        // Checked after unfolding: a writer may fold inside a UTF-8 sequence (RFC 5545 3.1).
        std::size_t ok = valid_utf8_prefix(logical_);
        if (ok != logical_.size()) {
            const Segment* seg = &segments_.front();
            for (const auto& s : segments_)
                if (s.logical_offset <= ok) seg = &s;
            std::string where = std::to_string(seg->physical_line) + ":" + std::to_string(seg->first_column + ok - seg->logical_offset);
            return refuse(N_("The file is not UTF-8 text (line:byte %s). It may be saved in another encoding such as "
                             "Windows-1250 or Big5: save or export it as UTF-8 and import it again."),
                          where);
        }
        if (logical_.find('\0') != std::string::npos) return refuse(N_("Line %s holds a NUL byte: this is not a text file."), std::to_string(logical_line_));
        return content_line(roots);
    }

    Status content_line(std::vector<Component>& roots) {
        std::string_view s = logical_;
        std::string line_no = std::to_string(logical_line_);
        if (stack_.empty() && roots.empty() && upper(s.substr(0, 15)) != "BEGIN:VCALENDAR")
            return refuse(N_("This is not an iCalendar file: it does not start with BEGIN:VCALENDAR."));
        std::size_t i = 0;
        while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '-')) ++i;
        if (i == 0 || i == s.size() || (s[i] != ';' && s[i] != ':'))
            return refuse(N_("Line %s is not an iCalendar content line (NAME:value)."), line_no);
        Property p;
        p.name = upper(s.substr(0, i));
        p.line = logical_line_;
        while (i < s.size() && s[i] == ';') {
            std::size_t start = ++i;
            while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '-')) ++i;
            if (i == start || i >= s.size() || s[i] != '=')
                return refuse(N_("Line %s has a parameter without a value."), line_no);
            Param param{upper(s.substr(start, i - start)), {}};
            ++i;
            for (;;) {
                std::string value;
                if (i < s.size() && s[i] == '"') {
                    std::size_t close = s.find('"', i + 1);
                    if (close == std::string_view::npos) return refuse(N_("Line %s has a quote that is not closed."), line_no);
                    value.assign(s.substr(i + 1, close - i - 1));
                    i = close + 1;
                } else {
                    std::size_t e = s.find_first_of(",;:", i);
                    if (e == std::string_view::npos) e = s.size();
                    // A DQUOTE cannot be part of a value (RFC 5545 3.1): a stray one is dropped.
                    for (char ch : s.substr(i, e - i))
                        if (ch != '"') value += ch;
                    i = e;
                }
                // Control characters are not allowed in a value (RFC 5545 3.1); a tab reads as a space.
                std::string clean;
                for (char ch : value)
                    if (ch == '\t') clean += ' ';
                    else if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7F) clean += ch;
                param.values.push_back(std::move(clean));
                if (i < s.size() && s[i] == ',') { ++i; continue; }
                break;
            }
            p.params.push_back(std::move(param));
        }
        if (i >= s.size() || s[i] != ':') return refuse(N_("Line %s is not an iCalendar content line (NAME:value)."), line_no);
        p.value.assign(s.substr(i + 1));

        if (p.name == "BEGIN") {
            if (stack_.empty() && upper(p.value) != "VCALENDAR")
                return refuse(N_("This is not an iCalendar file: it does not start with BEGIN:VCALENDAR."));
            if (stack_.size() >= static_cast<std::size_t>(kMaxIcalNesting))
                return refuse(N_("Line %s: the components are nested too deeply."), line_no);
            if (++components_ > kMaxIcalComponents)
                return refuse(N_("The file has more than %s components: split it into smaller files."), std::to_string(kMaxIcalComponents));
            Component c;
            c.name = upper(p.value);
            c.line = logical_line_;
            stack_.push_back(std::move(c));
            return {};
        }
        if (p.name == "END") {
            if (stack_.empty() || stack_.back().name != upper(p.value))
                return refuse(N_("Line %s: this END does not close the component that is open."), line_no);
            Component done = std::move(stack_.back());
            stack_.pop_back();
            if (stack_.empty()) roots.push_back(std::move(done));
            else stack_.back().children.push_back(std::move(done));
            return {};
        }
        if (stack_.empty()) {
            if (roots.empty()) return refuse(N_("This is not an iCalendar file: it does not start with BEGIN:VCALENDAR."));
            return refuse(N_("Line %s is outside of BEGIN:VCALENDAR ... END:VCALENDAR."), line_no);
        }
        stack_.back().props.push_back(std::move(p));
        return {};
    }

    std::string logical_;
    std::vector<Segment> segments_;
    std::size_t logical_line_ = 0;
    bool have_logical_ = false;
    std::vector<Component> stack_;
    std::size_t components_ = 0;
};

std::string unescape_text(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        char c = v[i];
        if (c == '\\' && i + 1 < v.size()) {
            char n = v[++i];
            out += (n == 'n' || n == 'N') ? '\n' : n;
        } else if ((static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) || c == '\t') {
            out += c;
        }
    }
    return out;
}

// Splits a list value at unescaped commas.
std::vector<std::string_view> split_list(std::string_view v) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= v.size(); ++i) {
        if (i == v.size() || (v[i] == ',' && (i == 0 || v[i - 1] != '\\'))) {
            std::string_view item = v.substr(start, i - start);
            while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
            while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
            if (!item.empty()) out.push_back(item);
            start = i + 1;
        }
    }
    return out;
}

std::optional<int> digits(std::string_view s) {
    int v = 0;
    if (s.empty()) return std::nullopt;
    for (char c : s)
        if (c < '0' || c > '9') return std::nullopt;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

struct RawTime {
    LocalDateTime local;
    bool is_date = false;
    bool utc = false;
};

// "20270301", "20270301T090000", "20270301T090000Z".
std::optional<RawTime> parse_raw_time(std::string_view s) {
    RawTime t;
    if (s.size() < 8) return std::nullopt;
    auto y = digits(s.substr(0, 4)), m = digits(s.substr(4, 2)), d = digits(s.substr(6, 2));
    if (!y || !m || !d) return std::nullopt;
    t.local.date = {*y, *m, *d};
    if (!is_valid_date(t.local.date)) return std::nullopt;
    if (s.size() == 8) {
        t.is_date = true;
        return t;
    }
    if (s.size() != 15 && !(s.size() == 16 && (s[15] == 'Z' || s[15] == 'z'))) return std::nullopt;
    if (s[8] != 'T' && s[8] != 't') return std::nullopt;
    auto hh = digits(s.substr(9, 2)), mm = digits(s.substr(11, 2)), ss = digits(s.substr(13, 2));
    if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 60) return std::nullopt;
    t.local.time = {*hh, *mm, std::min(*ss, 59)};  // a leap second is the second before it
    t.utc = s.size() == 16;
    return t;
}

// "-PT15M", "P1D", "PT1H30M", "P2W": seconds.
std::optional<std::int64_t> parse_duration(std::string_view s) {
    if (s.empty()) return std::nullopt;
    int sign = 1;
    if (s[0] == '+' || s[0] == '-') sign = s[0] == '-' ? -1 : 1, s.remove_prefix(1);
    if (s.empty() || (s[0] != 'P' && s[0] != 'p')) return std::nullopt;
    s.remove_prefix(1);
    std::int64_t total = 0;
    bool in_time = false, any = false;
    while (!s.empty()) {
        if (s[0] == 'T' || s[0] == 't') {
            in_time = true;
            s.remove_prefix(1);
            continue;
        }
        std::size_t n = 0;
        while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
        if (n == 0 || n > 9 || n == s.size()) return std::nullopt;
        std::int64_t v = std::stoll(std::string(s.substr(0, n)));
        char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(s[n])));
        s.remove_prefix(n + 1);
        if (!in_time && unit == 'W') total += v * 7 * 86400;
        else if (!in_time && unit == 'D') total += v * 86400;
        else if (in_time && unit == 'H') total += v * 3600;
        else if (in_time && unit == 'M') total += v * 60;
        else if (in_time && unit == 'S') total += v;
        else return std::nullopt;
        any = true;
    }
    if (!any) return std::nullopt;
    return sign * total;
}

// "+0100", "-0500", "+053000": minutes.
std::optional<int> parse_utc_offset(std::string_view s) {
    if (s.size() != 5 && s.size() != 7) return std::nullopt;
    if (s[0] != '+' && s[0] != '-') return std::nullopt;
    auto h = digits(s.substr(1, 2)), m = digits(s.substr(3, 2));
    if (!h || !m || *m > 59 || *h > 25) return std::nullopt;
    int v = *h * 60 + *m;
    return s[0] == '-' ? -v : v;
}

std::optional<LocalDate> nth_weekday(int year, int month, int n, int wd) {
    int dim = days_in_month(year, month);
    if (dim == 0) return std::nullopt;
    if (n > 0) {
        int first = weekday({year, month, 1});
        int day = 1 + (wd - first + 7) % 7 + 7 * (n - 1);
        if (day > dim) return std::nullopt;
        return LocalDate{year, month, day};
    }
    int last = weekday({year, month, dim});
    int day = dim - (last - wd + 7) % 7 - 7 * (-n - 1);
    if (day < 1) return std::nullopt;
    return LocalDate{year, month, day};
}

// ---- mapping ------------------------------------------------------------------------------------

std::string cut_chars(std::string_view s, std::size_t max_chars, bool& cut) {
    std::size_t chars = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (chars == max_chars) break;
            ++chars;
        }
    }
    cut = i < s.size();
    return std::string(s.substr(0, i));
}

std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return s;
}

struct Mapped {
    Activity activity;
    std::string uid;
    bool is_override = false;
    std::optional<LocalDate> occurrence;  // of an override, in the user's zone
    std::string rid_key;
    std::string where;
};

class Importer {
public:
    Importer(const Store& store, const IcalImportOptions& options) : store_(store), options_(options) {
        user_zone_ = options.user_zone ? *options.user_zone : TimeZone::utc();
    }

    Result<IcalImportPlan> run(std::string_view bytes) {
        Result<IcalImportPlan> result;
        std::string decoded;
        std::string_view text = bytes;
        auto b = [&](std::size_t i) { return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0; };
        bool le_bom = b(0) == 0xFF && b(1) == 0xFE, be_bom = b(0) == 0xFE && b(1) == 0xFF;
        bool le_bare = bytes.size() >= 2 && b(0) != 0 && b(1) == 0, be_bare = bytes.size() >= 2 && b(0) == 0 && b(1) != 0;
        if (le_bom || be_bom || le_bare || be_bare) {
            std::size_t bad = 0;
            auto utf8 = decode_utf16(bytes, be_bom || be_bare, (le_bom || be_bom) ? 2 : 0, bad);
            if (!utf8) {
                result.status = refuse(N_("The file is UTF-16 text with a broken character at byte %s: save it as UTF-8 and import it again."),
                                       std::to_string(bad + 1));
                return result;
            }
            decoded = std::move(*utf8);
            text = decoded;
            note("", N_("The file is UTF-16 text; it was read as such."));
        }
        if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
        std::vector<Component> roots;
        Parser parser;
        result.status = parser.run(text, roots);
        if (!result.ok()) return result;
        if (!options_.regarding.empty() && !store_.regarding_exists(options_.regarding)) {
            result.status = Status::failure("regarding", "The Regarding record does not exist or was deleted.");
            return result;
        }

        for (const auto& cal : roots) scan_years(cal);
        if (first_year_ > last_year_) first_year_ = last_year_ = user_zone_.local_date(options_.actor.now).year;
        first_year_ = std::clamp(first_year_ - 1, 1, 9999);
        last_year_ = std::clamp(last_year_ + 1, first_year_, std::min(9999, first_year_ + 400));

        std::vector<Mapped> mapped;
        for (const auto& cal : roots) {
            for (const auto& p : cal.props) {
                if (p.name == "VERSION" && p.value != "2.0") note("VCALENDAR", N_("VERSION %s is not iCalendar 2.0: read as 2.0"), p.value);
                else if (p.name == "CALSCALE" && upper(p.value) != "GREGORIAN") note("VCALENDAR", N_("CALSCALE %s not supported: read as Gregorian"), p.value);
                else if (p.name != "VERSION" && p.name != "PRODID" && p.name != "CALSCALE" && p.name != "METHOD")
                    note("VCALENDAR", N_("property %s not imported"), p.name);
            }
            for (const auto& c : cal.children)
                if (c.name == "VTIMEZONE") read_timezone(c);
            for (const auto& c : cal.children) {
                if (c.name == "VTIMEZONE") continue;
                if (c.name == "VEVENT" || c.name == "VTODO") {
                    if (auto m = map_component(c)) mapped.push_back(std::move(*m));
                    else ++plan_.skipped;
                } else {
                    note("", N_("%s not imported"), c.name);
                }
            }
        }
        link_series(mapped);
        decide(mapped);
        result.value = std::move(plan_);
        return result;
    }

private:
    void note(std::string where, std::string_view message, std::string arg = {}) {
        std::string key = std::string(message) + '\x1f' + arg;
        auto it = note_index_.find(key);
        if (it != note_index_.end()) {
            ++plan_.notes[it->second].count;
            return;
        }
        note_index_.emplace(std::move(key), plan_.notes.size());
        plan_.notes.push_back({std::move(where), std::string(message), std::move(arg), 1});
    }

    void scan_years(const Component& c) {
        static const char* kTimed[] = {"DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE"};
        if (c.name == "VEVENT" || c.name == "VTODO") {
            for (const auto& p : c.props) {
                bool timed = std::find(std::begin(kTimed), std::end(kTimed), p.name) != std::end(kTimed);
                if (timed) {
                    for (auto item : split_list(p.value))
                        if (auto y = digits(item.substr(0, std::min<std::size_t>(4, item.size()))); y && item.size() >= 8) year(*y);
                } else if (p.name == "RRULE") {
                    std::string v = upper(p.value);
                    auto at = v.find("UNTIL=");
                    if (at != std::string::npos)
                        if (auto y = digits(std::string_view(v).substr(at + 6, 4))) year(*y);
                }
            }
        }
        for (const auto& child : c.children) scan_years(child);
    }
    void year(int y) {
        if (y < 1 || y > 9999) return;
        first_year_ = std::min(first_year_, y);
        last_year_ = std::max(last_year_, y);
    }

    // A VTIMEZONE: each STANDARD/DAYLIGHT onset (DTSTART, its yearly RRULE, RDATEs) becomes a
    // transition; the zone covers the years the file's times use.
    void read_timezone(const Component& vtz) {
        const Property* id = vtz.prop("TZID");
        if (!id || id->value.empty()) return note("VTIMEZONE", N_("VTIMEZONE without TZID not imported"));
        std::vector<ZoneTransition> transitions;
        std::optional<std::pair<std::int64_t, int>> earliest;  // (local millis, offset before)
        std::string where = "VTIMEZONE " + id->value;
        for (const auto& rule : vtz.children) {
            if (rule.name != "STANDARD" && rule.name != "DAYLIGHT") continue;
            const Property* start = rule.prop("DTSTART");
            const Property* from = rule.prop("TZOFFSETFROM");
            const Property* to = rule.prop("TZOFFSETTO");
            auto raw = start ? parse_raw_time(start->value) : std::nullopt;
            auto off_from = from ? parse_utc_offset(from->value) : std::nullopt;
            auto off_to = to ? parse_utc_offset(to->value) : std::nullopt;
            if (!raw || !off_from || !off_to) {
                note(where, N_("a time zone rule without DTSTART, TZOFFSETFROM or TZOFFSETTO was left out"));
                continue;
            }
            std::vector<LocalDateTime> onsets{raw->local};
            if (const Property* rr = rule.prop("RRULE")) {
                auto r = parse_rrule(rr->value);
                if (!r.ok() || r.value.frequency != Frequency::Yearly || r.value.interval != 1) {
                    note(where, N_("a time zone rule that does not repeat yearly was read as one change"));
                } else {
                    const Recurrence& rec = r.value;
                    int month = rec.month ? rec.month : raw->local.date.month;
                    int from_year = std::max(raw->local.date.year, first_year_ - 1);
                    if (rec.count) from_year = raw->local.date.year;  // counted from the first onset
                    int n = 0;
                    for (int y = from_year; y <= last_year_; ++y) {
                        std::optional<LocalDate> d;
                        if (rec.week_of_month) d = nth_weekday(y, month, rec.week_of_month, rec.weekday);
                        else {
                            int day = rec.month_day ? rec.month_day : raw->local.date.day;
                            if (day == -1) day = days_in_month(y, month);
                            if (day <= days_in_month(y, month)) d = LocalDate{y, month, day};
                        }
                        if (!d || *d < raw->local.date) continue;
                        if (rec.until && *d > *rec.until) break;
                        if (rec.count && ++n > rec.count) break;
                        onsets.push_back({*d, raw->local.time});
                    }
                }
            }
            for (const auto& rd : rule.props) {
                if (rd.name != "RDATE") continue;
                for (auto item : split_list(rd.value))
                    if (auto t = parse_raw_time(item)) onsets.push_back(t->local);
            }
            for (const auto& at : onsets) {
                std::int64_t local = local_millis(at);
                transitions.push_back({local - static_cast<std::int64_t>(*off_from) * 60'000, *off_to});
                if (!earliest || local < earliest->first) earliest = {local, *off_from};
            }
        }
        if (!earliest) return note(where, N_("a time zone without rules was left out"));
        zones_[id->value] = TimeZone::from_transitions(id->value, earliest->second, std::move(transitions));
    }

    // The zone of a TZID: the file's VTIMEZONE, else the resolver, else the user's (reported).
    const TimeZone& zone_for(const std::string& tzid, const std::string& where) {
        auto it = zones_.find(tzid);
        if (it != zones_.end()) return it->second;
        std::optional<TimeZone> z;
        if (options_.resolve_zone) z = options_.resolve_zone(tzid, first_year_, last_year_);
        if (!z) note(where, N_("time zone %s is unknown: its times were read in your time zone"), tzid);
        return zones_.emplace(tzid, z ? std::move(*z) : user_zone_).first->second;
    }

    struct When {
        bool is_date = false;
        LocalDate date;        // is_date
        UtcMillis instant = 0; // !is_date
    };
    std::optional<When> when(const Property& p, std::string_view item, const std::string& where, const TimeZone** zone_out = nullptr) {
        auto raw = parse_raw_time(item);
        if (!raw) {
            note(where, N_("%s has a date this app cannot read"), p.name);
            return std::nullopt;
        }
        const std::string* value_type = p.param("VALUE");
        When w;
        if (raw->is_date || (value_type && upper(*value_type) == "DATE")) {
            w.is_date = true;
            w.date = raw->local.date;
            return w;
        }
        const TimeZone* zone = &user_zone_;
        if (raw->utc) zone = nullptr;
        else if (const std::string* tzid = p.param("TZID")) zone = &zone_for(*tzid, where);
        if (zone_out) *zone_out = zone;
        w.instant = zone ? zone->from_local(raw->local) : local_millis(raw->local);
        return w;
    }
    std::optional<When> when(const Property* p, const std::string& where, const TimeZone** zone_out = nullptr) {
        if (!p) return std::nullopt;
        return when(*p, p->value, where, zone_out);
    }
    LocalDate local_date(const When& w) const { return w.is_date ? w.date : user_zone_.local_date(w.instant); }

    std::optional<Mapped> map_component(const Component& c) {
        bool event = c.name == "VEVENT";
        Mapped m;
        Activity& a = m.activity;
        a.type = event ? ActivityType::Appointment : ActivityType::Task;
        std::string summary;
        if (const Property* s = c.prop("SUMMARY")) summary = one_line(unescape_text(s->value));
        bool cut = false;
        std::string short_summary = cut_chars(summary, 40, cut);
        m.where = c.name + " \"" + short_summary + (cut ? "…\"" : "\"");
        const std::string& where = m.where;

        a.subject = cut_chars(summary, kMaxSubjectChars, cut);
        if (cut) note(where, N_("SUMMARY shortened to %s characters"), std::to_string(kMaxSubjectChars));
        if (a.subject.find_first_not_of(' ') == std::string::npos) {
            a.subject = "(no subject)";
            note(where, N_("no SUMMARY: imported as \"(no subject)\""));
        }
        if (const Property* d = c.prop("DESCRIPTION")) {
            a.description = cut_chars(unescape_text(d->value), kMaxDescriptionChars, cut);
            if (cut) note(where, N_("DESCRIPTION shortened to %s characters"), std::to_string(kMaxDescriptionChars));
        }
        if (const Property* uid = c.prop("UID"); uid && !uid->value.empty()) {
            m.uid = uid->value;
        } else {
            const Property* start = c.prop("DTSTART");
            m.uid = "no-uid:" + (start ? start->value : std::string()) + ":" + summary;
            note(where, N_("no UID: matched by start and summary when imported again"));
        }

        // times
        const Property* dtstart = c.prop("DTSTART");
        const TimeZone* start_zone = &user_zone_;
        auto start = when(dtstart, where, &start_zone);
        if (event) {
            if (!start) {
                note(where, N_("an event without a start (DTSTART) was not imported"));
                return std::nullopt;
            }
            auto end = when(c.prop("DTEND"), where);
            std::optional<std::int64_t> duration;
            if (const Property* d = c.prop("DURATION")) {
                duration = parse_duration(d->value);
                if (!duration) note(where, N_("%s has a date this app cannot read"), "DURATION");
            }
            if (start->is_date) {
                a.all_day = true;
                LocalDate last = start->date;  // exclusive end, one day by default
                LocalDate end_date = add_days(start->date, 1);
                if (end) end_date = local_date(*end);
                else if (duration) end_date = add_days(start->date, static_cast<int>(std::max<std::int64_t>(1, *duration / 86400)));
                if (end_date <= last) end_date = add_days(last, 1);
                if (end_date > add_days(last, 366)) {
                    note(where, N_("an event longer than a year was shortened to a year"));
                    end_date = add_days(last, 366);
                }
                a.scheduled_start = utc_midnight(start->date);
                a.scheduled_end = utc_midnight(end_date);
            } else {
                a.scheduled_start = start->instant;
                // A date as the end of a timed event: its midnight, in the start's zone (UTC for "Z").
                if (end && end->is_date) a.scheduled_end = start_zone ? start_zone->start_of_day(end->date) : utc_midnight(end->date);
                else if (end) a.scheduled_end = end->instant;
                else if (duration) a.scheduled_end = start->instant + *duration * 1000;
                else a.scheduled_end = start->instant;
                if (*a.scheduled_end < *a.scheduled_start) {
                    note(where, N_("the end is before the start: the end was set to the start"));
                    a.scheduled_end = a.scheduled_start;
                }
                if (*a.scheduled_end - *a.scheduled_start > 366 * kMillisPerDay) {
                    note(where, N_("an event longer than a year was shortened to a year"));
                    a.scheduled_end = *a.scheduled_start + 366 * kMillisPerDay;
                }
            }
            a.duration_minutes = static_cast<int>(std::min<std::int64_t>((*a.scheduled_end - *a.scheduled_start) / 60'000, 60 * 24 * 366));
        } else {
            if (auto due = when(c.prop("DUE"), where)) {
                a.due = due->is_date ? Due::on_date(due->date) : Due::at(due->instant);
                if (start && !(start->is_date == due->is_date && start->date == due->date && start->instant == due->instant))
                    note(where, N_("the start date (DTSTART) of a task is not imported; the due date is"));
            } else if (start) {
                a.due = start->is_date ? Due::on_date(start->date) : Due::at(start->instant);
                note(where, N_("a task without a due date (DUE): its start (DTSTART) was taken as the due date"));
            }
        }

        map_state(c, a, where, event);
        if (const Property* p = c.prop("PRIORITY")) {
            auto v = digits(p->value);
            if (v && *v >= 1 && *v <= 4) a.priority = Priority::High;
            else if (v && *v >= 6 && *v <= 9) a.priority = Priority::Low;
        }
        map_rest(c, a, where, event);

        // series
        if (const Property* rid = c.prop("RECURRENCE-ID")) {
            if (auto w = when(*rid, rid->value, where)) {
                m.is_override = true;
                m.occurrence = local_date(*w);
                m.rid_key = w->is_date ? compact_date(w->date) : compact_utc(w->instant);
                if (const std::string* range = rid->param("RANGE"); range && upper(*range) == "THISANDFUTURE")
                    note(where, N_("RECURRENCE-ID RANGE=THISANDFUTURE: only this occurrence was changed"));
            }
        } else {
            map_recurrence(c, a, where, start_zone);
        }
        map_alarm(c, a, where, event);
        for (const auto& child : c.children)
            if (child.name != "VALARM") note(where, N_("%s not imported"), child.name);
        return m;
    }

    void map_state(const Component& c, Activity& a, const std::string& where, bool event) {
        std::string status;
        if (const Property* s = c.prop("STATUS")) status = upper(s->value);
        if (event) {
            bool transparent = false;
            if (const Property* t = c.prop("TRANSP")) transparent = upper(t->value) == "TRANSPARENT";
            std::string busy;
            if (const Property* b = c.prop("X-MICROSOFT-CDO-BUSYSTATUS")) busy = upper(b->value);
            if (status == "CANCELLED") a.state = ActivityState::Canceled, a.reason = StatusReason::Canceled;
            else if (status == "TENTATIVE" || busy == "TENTATIVE") a.state = ActivityState::Open, a.reason = StatusReason::Tentative;
            else if (busy == "OOF") a.state = ActivityState::Scheduled, a.reason = StatusReason::OutOfOffice;
            else if (transparent || busy == "FREE") a.state = ActivityState::Open, a.reason = StatusReason::Free;
            else a.state = ActivityState::Scheduled, a.reason = StatusReason::Busy;
            if (!status.empty() && status != "CONFIRMED" && status != "TENTATIVE" && status != "CANCELLED")
                note(where, N_("STATUS %s not supported: read as confirmed"), status);
            if (const Property* x = c.prop("X-ACTIVITIES-STATE"); x && upper(x->value) == "COMPLETED" && status != "CANCELLED")
                a.state = ActivityState::Completed, a.reason = StatusReason::Completed;
        } else {
            if (status == "COMPLETED") a.state = ActivityState::Completed, a.reason = StatusReason::Completed;
            else if (status == "CANCELLED") a.state = ActivityState::Canceled, a.reason = StatusReason::Canceled;
            else if (status == "IN-PROCESS") a.state = ActivityState::Open, a.reason = StatusReason::InProgress;
            else {
                a.state = ActivityState::Open, a.reason = StatusReason::NotStarted;
                if (!status.empty() && status != "NEEDS-ACTION") note(where, N_("STATUS %s not supported: read as needs action"), status);
                if (const Property* x = c.prop("X-ACTIVITIES-REASON")) {
                    if (upper(x->value) == "WAITING") a.reason = StatusReason::WaitingOnSomeoneElse;
                    if (upper(x->value) == "DEFERRED") a.reason = StatusReason::Deferred;
                }
            }
            if (a.state == ActivityState::Completed)
                if (auto done = when(c.prop("COMPLETED"), where); done && !done->is_date) a.actual_end = done->instant;
        }
        if (a.state == ActivityState::Completed && !a.actual_end) a.actual_end = options_.actor.now;
        if (a.state == ActivityState::Canceled) a.actual_end = options_.actor.now;
    }

    void map_rest(const Component& c, Activity& a, const std::string& where, bool event) {
        static const char* kHandled[] = {"UID", "DTSTAMP", "SEQUENCE", "CREATED", "LAST-MODIFIED", "SUMMARY",
                                         "DESCRIPTION", "STATUS", "PRIORITY", "DTSTART", "DTEND", "DURATION", "DUE",
                                         "COMPLETED", "RRULE", "EXDATE", "RECURRENCE-ID", "TRANSP",
                                         "X-MICROSOFT-CDO-BUSYSTATUS", "X-ACTIVITIES-STATE", "X-ACTIVITIES-REASON"};
        std::vector<std::string> attendees;
        for (const auto& p : c.props) {
            if (std::find(std::begin(kHandled), std::end(kHandled), p.name) != std::end(kHandled)) continue;
            if (event && p.name == "LOCATION") {
                bool cut = false;
                a.location = cut_chars(one_line(unescape_text(p.value)), kMaxShortFieldChars, cut);
                if (cut) note(where, N_("LOCATION shortened to %s characters"), std::to_string(kMaxShortFieldChars));
            } else if (event && p.name == "ATTENDEE") {
                std::string address = p.value;
                if (upper(address.substr(0, 7)) == "MAILTO:") address.erase(0, 7);
                else address.clear();
                if (!looks_like_email_address(address)) {
                    const std::string* cn = p.param("CN");
                    address = cn ? one_line(*cn) : std::string();
                    for (char& ch : address)
                        if (ch == ';' || ch == ',') ch = ' ';
                }
                // Trimmed as the list is split when it is written back (and as a person reads it).
                address.erase(0, address.find_first_not_of(' '));
                address.erase(address.find_last_not_of(' ') + 1);
                if (!address.empty()) attendees.push_back(address);
                for (const auto& param : p.params)
                    if (param.name != "CN" && param.name != "EMAIL") note(where, N_("ATTENDEE %s ignored"), param.name);
            } else if (p.name == "RDATE" || p.name == "EXRULE") {
                note(where, N_("%s not supported: those occurrences were not imported"), p.name);
            } else {
                note(where, N_("property %s not imported"), p.name);
            }
        }
        std::string joined;
        for (const auto& x : attendees) {
            if (utf8_length(joined) + utf8_length(x) + 2 > kMaxShortFieldChars * 4) {
                note(where, N_("more attendees than fit: the first ones were imported"));
                break;
            }
            if (!joined.empty()) joined += "; ";
            joined += x;
        }
        a.attendees = std::move(joined);
    }

    void map_recurrence(const Component& c, Activity& a, const std::string& where, const TimeZone* start_zone) {
        std::vector<const Property*> rules;
        for (const auto& p : c.props)
            if (p.name == "RRULE") rules.push_back(&p);
        if (rules.empty()) return;
        if (rules.size() > 1) note(where, N_("several RRULEs: only the first was imported"));
        Due first = effective_due(a);
        if (first.empty()) {
            note(where, N_("a repeating task without a due date: only one task was imported"));
            return;
        }
        auto rule = parse_rrule(rules[0]->value);
        auto first_only = [&] { note(where, N_("repeat rule not supported: only the first occurrence was imported")); };
        if (!rule.ok()) {
            for (const auto& e : rule.status.errors) note(where, e.message, e.arg);
            return first_only();
        }
        Recurrence r = rule.value;
        // UNTIL as a date-time is the last instant an occurrence may start: its date in the user's zone.
        std::string v = upper(rules[0]->value);
        if (auto at = v.find("UNTIL="); at != std::string::npos) {
            std::string_view value = std::string_view(v).substr(at + 6);
            value = value.substr(0, value.find(';'));
            if (auto raw = parse_raw_time(value); raw && !raw->is_date) {
                UtcMillis t = raw->utc ? local_millis(raw->local) : (start_zone ? start_zone : &user_zone_)->from_local(raw->local);
                LocalDate d = user_zone_.local_date(t);
                // Google ends a 09:00 series with UNTIL 06:59:59Z of a day: that day's 09:00 is out.
                if (first.kind == Due::Kind::Instant &&
                    user_zone_.from_local({d, user_zone_.to_local(first.instant).time}) > t)
                    d = add_days(d, -1);
                r.until = d;
            }
        }
        LocalDate start_date = first.kind == Due::Kind::Date ? first.date : user_zone_.local_date(first.instant);
        if (r.until && *r.until < start_date) r.until = start_date;
        for (const auto& p : c.props) {
            if (p.name != "EXDATE") continue;
            for (auto item : split_list(p.value))
                if (auto w = when(p, item, where)) {
                    if (r.exceptions.size() >= kMaxRecurrenceExceptions) {
                        note(where, N_("more than %s removed occurrences: the rest were not removed"), std::to_string(kMaxRecurrenceExceptions));
                        break;
                    }
                    add_recurrence_exception(r, local_date(*w));
                }
        }
        if (Status st = validate_recurrence(r, start_date); !st.ok()) {
            for (const auto& e : st.errors) note(where, e.message, e.arg);
            return first_only();
        }
        a.recurrence = std::move(r);
    }

    void map_alarm(const Component& c, Activity& a, const std::string& where, bool event) {
        bool first = true;
        for (const auto& alarm : c.children) {
            if (alarm.name != "VALARM") continue;
            if (!first) {
                note(where, N_("only the first reminder (VALARM) was imported"));
                break;
            }
            first = false;
            const Property* trigger = alarm.prop("TRIGGER");
            if (!trigger) continue;
            std::optional<std::int64_t> before_seconds;
            const std::string* type = trigger->param("VALUE");
            Due anchor = effective_due(a);
            if (type && upper(*type) == "DATE-TIME") {
                auto w = when(*trigger, trigger->value, where);
                if (w && !w->is_date && anchor.kind == Due::Kind::Instant) before_seconds = (anchor.instant - w->instant) / 1000;
            } else if (auto d = parse_duration(trigger->value)) {
                before_seconds = -*d;
                const std::string* related = trigger->param("RELATED");
                if (event && related && upper(*related) == "END" && a.duration_minutes) before_seconds = *before_seconds - *a.duration_minutes * 60LL;
            }
            if (!before_seconds) {
                note(where, N_("a reminder (VALARM) this app cannot read was not imported"));
                continue;
            }
            if (*before_seconds < 0 || *before_seconds > kMaxReminderMinutes * 60LL) {
                note(where, N_("a reminder after the start or over 4 weeks before it was not imported"));
                continue;
            }
            a.reminder_minutes = static_cast<int>(*before_seconds / 60);
        }
    }

    // Ids, and the series an edited occurrence belongs to.
    void link_series(std::vector<Mapped>& mapped) {
        // Keyed by the activity id, not the UID text: "X@activities" and "X@ACTIVITIES" are one.
        std::unordered_map<std::string, std::size_t> masters;  // id -> index in mapped
        std::vector<bool> drop(mapped.size(), false);
        auto duplicate = [&](std::size_t i) {
            note(mapped[i].where, N_("UID %s appears twice in the file: the later one was not imported"), mapped[i].uid);
            drop[i] = true;
            ++plan_.skipped;
        };
        for (std::size_t i = 0; i < mapped.size(); ++i) {
            Mapped& m = mapped[i];
            if (m.is_override) continue;
            m.activity.meta.id = ical_activity_id(m.uid);
            if (!masters.emplace(m.activity.meta.id, i).second) duplicate(i);
        }
        std::map<std::string, Activity*> stored_masters;           // series already here, with the exceptions added
        std::set<std::pair<std::string, LocalDate>> occurrences;   // (series id, date) taken by an override of the file
        std::optional<std::map<std::pair<std::string, LocalDate>, std::string>> stored_overrides;
        for (std::size_t i = 0; i < mapped.size(); ++i) {
            Mapped& m = mapped[i];
            if (!m.is_override) continue;
            std::string master_id = ical_activity_id(m.uid);
            Activity* master = nullptr;
            if (auto it = masters.find(master_id); it != masters.end() && !drop[it->second]) {
                master = &mapped[it->second].activity;
            } else if (auto sm = stored_masters.find(master_id); sm != stored_masters.end()) {
                master = sm->second;
            } else if (const Activity* stored = store_.activities().find_live(master_id); stored && stored->recurrence) {
                // The series is here already (an export of some occurrences only): it gets the exception.
                extra_masters_.push_back(*stored);
                master = stored_masters[master_id] = &extra_masters_.back();
            }
            m.activity.meta.id = ical_activity_id(m.uid, m.rid_key);
            if (!master || !master->recurrence || master->type != m.activity.type) {
                note(m.where, N_("a changed occurrence (RECURRENCE-ID) whose series is not in the file was imported on its own"));
                if (!occurrences.emplace(m.activity.meta.id, LocalDate{}).second) duplicate(i);
                continue;
            }
            if (!occurrences.emplace(master->meta.id, *m.occurrence).second) {
                duplicate(i);
                continue;
            }
            m.activity.series_id = master->meta.id;
            m.activity.occurrence_date = m.occurrence;
            add_recurrence_exception(*master->recurrence, *m.occurrence);
            // Our own export: the occurrence may already be an activity here, with its own id.
            if (!stored_overrides) {
                stored_overrides.emplace();
                for (const Activity& s : store_.activities().rows())
                    if (!s.meta.deleted && !s.series_id.empty() && s.occurrence_date)
                        stored_overrides->emplace(std::make_pair(s.series_id, *s.occurrence_date), s.meta.id);
            }
            if (auto so = stored_overrides->find({master->meta.id, *m.occurrence}); so != stored_overrides->end())
                m.activity.meta.id = so->second;
        }
        std::vector<Mapped> kept;
        for (std::size_t i = 0; i < mapped.size(); ++i)
            if (!drop[i]) kept.push_back(std::move(mapped[i]));
        for (auto& extra : extra_masters_) {
            Mapped m;
            m.activity = extra;
            m.where = (extra.type == ActivityType::Appointment ? "VEVENT \"" : "VTODO \"") + extra.subject + "\"";
            m.uid = extra.meta.id + std::string(kOwnUidSuffix);
            kept.push_back(std::move(m));
        }
        mapped = std::move(kept);
    }

    void decide(std::vector<Mapped>& mapped) {
        const Actor& actor = options_.actor;
        // Series first: an edited occurrence of a series that cannot be imported stands on its own
        // (else it would name a series that is not there, and an export of it could not say which).
        std::stable_partition(mapped.begin(), mapped.end(), [](const Mapped& m) { return m.activity.series_id.empty(); });
        std::set<std::string> refused, planned_ids;
        for (auto& m : mapped) {
            Activity& a = m.activity;
            if (!a.series_id.empty() && refused.count(a.series_id)) {
                note(m.where, N_("a changed occurrence (RECURRENCE-ID) whose series is not in the file was imported on its own"));
                a.series_id.clear();
                a.occurrence_date.reset();
            }
            // Two components can still reach one id (a UID that is another's derived id): the first wins.
            if (!planned_ids.insert(a.meta.id).second) {
                note(m.where, N_("UID %s appears twice in the file: the later one was not imported"), m.uid);
                ++plan_.skipped;
                continue;
            }
            const Activity* stored = store_.activities().find(a.meta.id);
            if (stored && stored->type != a.type) {
                note(m.where, N_("UID %s belongs to an activity of another type here: not imported"), m.uid);
                ++plan_.skipped;
                refused.insert(a.meta.id);
                continue;
            }
            bool live = stored && !stored->meta.deleted;
            if (live) {
                a.owner = stored->owner;
                a.regarding = options_.regarding.empty() ? stored->regarding : options_.regarding;
                a.reminder_dismissed = stored->reminder_dismissed;
                if (stored->state == a.state && stored->actual_end) a.actual_end = stored->actual_end;
            } else {
                a.owner = options_.owner.empty() ? OwnerRef{OwnerKind::User, actor.user_id} : options_.owner;
                a.regarding = options_.regarding;
            }
            Status st = validate_activity(a);
            if (!st.ok()) {
                for (const auto& e : st.errors) note(m.where, e.message, e.arg);
                note(m.where, N_("%s not imported"), m.where);
                ++plan_.skipped;
                refused.insert(a.meta.id);
                continue;
            }
            bool event = a.type == ActivityType::Appointment;
            const std::string id = a.meta.id;
            std::string expected;
            if (stored) {
                RecordMeta meta = stored->meta;
                meta.deleted = false;
                a.meta = meta;
                expected = stored->meta.rev;
            } else {
                a.meta = RecordMeta{};
                a.meta.id = id.empty() ? ical_activity_id(m.uid) : id;
                a.meta.created_by = actor.user_id;
                a.meta.created_at = actor.now;
            }
            std::uint64_t hash = content_hash(AnyRecord(a));
            if (live && hash == content_hash(AnyRecord(*stored))) {
                ++plan_.unchanged;
                continue;
            }
            a.meta.modified_by = actor.user_id;
            a.meta.modified_at = actor.now;
            a.meta.rev = next_revision(expected, hash);
            if (live) ++(event ? plan_.events_updated : plan_.tasks_updated);
            else ++(event ? plan_.events_added : plan_.tasks_added);
            plan_.expected_revs.push_back(expected);
            plan_.activities.push_back(std::move(a));
        }
    }

    const Store& store_;
    const IcalImportOptions& options_;
    TimeZone user_zone_;
    std::map<std::string, TimeZone> zones_;
    std::deque<Activity> extra_masters_;  // stable addresses while overrides are linked
    std::unordered_map<std::string, std::size_t> note_index_;
    int first_year_ = 10000, last_year_ = 0;
    IcalImportPlan plan_;
};

}  // namespace

std::string escape_ical_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        switch (c) {
            case '\\': out += "\\\\"; break;
            case ';': out += "\\;"; break;
            case ',': out += "\\,"; break;
            case '\n': out += "\\n"; break;
            case '\r':
                if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF is one line break
                out += "\\n";
                break;
            default:
                if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') out += c;
        }
    }
    return out;
}

std::string fold_ical_line(std::string_view line) {
    std::string out;
    out.reserve(line.size() + line.size() / 70 * 3 + 2);
    std::size_t limit = 75;  // octets on the first line; continuation lines spend one on the space
    while (line.size() > limit) {
        std::size_t cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
        if (cut == 0) cut = limit;
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = 74;
    }
    out.append(line);
    out += "\r\n";
    return out;
}

std::vector<std::uint32_t> calendar_activity_rows(const Store& store) {
    std::vector<std::uint32_t> rows;
    const auto& table = store.activities();
    for (std::uint32_t i = 0; i < table.size(); ++i) {
        const Activity& a = table.at(i);
        if (!a.meta.deleted && (a.type == ActivityType::Task || a.type == ActivityType::Appointment)) rows.push_back(i);
    }
    return rows;
}

IcalExport export_icalendar(const Store& store, std::span<const std::uint32_t> activity_rows, const TimeZone& zone,
                            UtcMillis now) {
    CalendarWriter writer(store, zone, now);
    const auto& table = store.activities();
    for (std::uint32_t row : activity_rows) {
        if (row >= table.size()) continue;
        const Activity& a = table.at(row);
        if (!a.meta.deleted) writer.add(a);
    }
    return writer.finish();
}

std::string ical_activity_id(std::string_view uid, std::string_view recurrence_id) {
    if (recurrence_id.empty() && ends_with_ci(uid, kOwnUidSuffix)) {
        std::string_view id = uid.substr(0, uid.size() - kOwnUidSuffix.size());
        if (looks_like_uuid(id)) return std::string(id);
    }
    std::string key(uid);
    if (!recurrence_id.empty()) key += '\x1f', key += recurrence_id;
    std::uint64_t hi = fnv1a64(key, 0x6963616c2d686921ull), lo = fnv1a64(key, 0x6963616c2d6c6f21ull);
    hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000008000ull;  // version 8: derived, not random
    lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                  static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
    return buf;
}

Result<IcalImportPlan> plan_ical_import(const Store& store, std::string_view file_bytes, const IcalImportOptions& options) {
    Importer importer(store, options);
    return importer.run(file_bytes);
}

Status apply_ical_import(Store& store, const IcalImportPlan& plan) {
    for (std::size_t i = 0; i < plan.activities.size(); ++i) {
        const Activity* stored = store.activities().find(plan.activities[i].meta.id);
        std::string now_rev = stored ? stored->meta.rev : std::string();
        if (i >= plan.expected_revs.size() || now_rev != plan.expected_revs[i])
            return Status::failure("", N_("An activity in this calendar file changed since the preview. Nothing was imported: import the file again."));
    }
    std::vector<AnyRecord> records;
    records.reserve(plan.activities.size());
    for (const auto& a : plan.activities) {
        Activity copy = a;
        if (const Activity* stored = store.activities().find(a.meta.id)) {
            // The sync bookkeeping belongs to the stored copy (a later sync pushes the import).
            copy.meta.remote_rev = stored->meta.remote_rev;
            copy.meta.remote_synced_rev = stored->meta.remote_synced_rev;
        }
        records.emplace_back(std::move(copy));
    }
    store.put_verbatim(records);
    return {};
}

}  // namespace crm
