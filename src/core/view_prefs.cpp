#include "view_prefs.hpp"
#include "i18n.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>

namespace crm {

const char* show_as_name(ShowAs s) {
    switch (s) {
        case ShowAs::Grid: return N_("Grid");
        case ShowAs::Kanban: return N_("Kanban");
        case ShowAs::Calendar: return N_("Calendar");
        case ShowAs::Dashboard: return N_("Dashboard");
    }
    return "?";
}

namespace {

using nlohmann::json;

constexpr int kVersion = 1;
constexpr std::size_t kMaxPrefsBytes = 64 * 1024;
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxTextChars = kMaxShortFieldChars;

// nlohmann's parser recurses once per nesting level: refuse deep input before it gets there.
// Brackets inside strings do not count (escaped quotes are skipped).
bool nesting_within(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '[' || c == '{') {
            if (++depth > max_depth) return false;
        } else if (c == ']' || c == '}') {
            if (depth > 0) --depth;
        }
    }
    return true;
}

// The integer at `key` if it is one within [lo, hi]; floats, strings, huge numbers -> nothing.
bool read_integer(const json& obj, const char* key, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
    auto it = obj.find(key);
    if (it == obj.end()) return false;
    std::int64_t v;
    if (it->is_number_unsigned()) {
        auto u = it->get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(INT64_MAX)) return false;
        v = static_cast<std::int64_t>(u);
    } else if (it->is_number_integer()) {
        v = it->get<std::int64_t>();
    } else {
        return false;
    }
    if (v < lo || v > hi) return false;
    out = v;
    return true;
}

template <typename E>
void read_enum(const json& obj, const char* key, E& out, int last) {
    std::int64_t v;
    if (read_integer(obj, key, 0, last, v)) out = static_cast<E>(v);
}

void read_int(const json& obj, const char* key, int& out, int lo, int hi) {
    std::int64_t v;
    if (read_integer(obj, key, lo, hi, v)) out = static_cast<int>(v);
}

void read_bool(const json& obj, const char* key, bool& out) {
    auto it = obj.find(key);
    if (it != obj.end() && it->is_boolean()) out = it->get<bool>();
}

const json* object_at(const json& obj, const char* key) {
    auto it = obj.find(key);
    return it != obj.end() && it->is_object() ? &*it : nullptr;
}

void read_query(const json& j, ActivityQuery& q) {
    read_enum(j, "view", q.view, static_cast<int>(ActivityView::AllActivities));
    std::int64_t mask;
    if (read_integer(j, "type_mask", 0, 0x1F, mask)) q.type_mask = static_cast<std::uint8_t>(mask);
    read_enum(j, "due", q.due, static_cast<int>(DueFilter::Next7Days));
    read_enum(j, "state", q.state, static_cast<int>(StateFilter::Any));
    read_enum(j, "regarding", q.regarding, static_cast<int>(RegardingFilter::Empty));
    auto it = j.find("text");
    if (it != j.end() && it->is_string()) {
        const auto& t = it->get_ref<const std::string&>();
        if (utf8_valid(t) && utf8_length(t) <= kMaxTextChars) q.text = t;
    }
    // the dashboard's drill-down filters; each is dropped on its own when malformed
    it = j.find("owner_id");
    if (it != j.end() && it->is_string()) {
        const auto& id = it->get_ref<const std::string&>();
        if (utf8_valid(id) && utf8_length(id) <= kMaxTextChars) q.owner_id = id;
    }
    std::int64_t states;
    if (read_integer(j, "state_mask", 1, kAllStatesMask, states)) q.state_mask = static_cast<std::uint8_t>(states);
    it = j.find("due_from");
    std::int64_t days;
    if (it != j.end() && it->is_string() && read_integer(j, "due_days", 1, 366, days))
        if (auto first = parse_iso_date(it->get_ref<const std::string&>())) q.due_range = {*first, static_cast<int>(days)};
}

void read_sort(const json& j, SortSpec& s) {
    read_enum(j, "column", s.column, kSortColumnCount - 1);
    read_bool(j, "descending", s.descending);
    read_bool(j, "blanks_last", s.blanks_last);
}

void read_calendar(const json& j, CalendarSettings& c) {
    read_int(j, "first_day_of_week", c.first_day_of_week, -1, 6);
    // working hours only as a pair that makes sense
    int start = c.work_start_minute, end = c.work_end_minute;
    read_int(j, "work_start_minute", start, 0, 24 * 60 - 1);
    read_int(j, "work_end_minute", end, 1, 24 * 60);
    if (start < end) {
        c.work_start_minute = start;
        c.work_end_minute = end;
    }
    std::int64_t days;
    if (read_integer(j, "work_days", 1, 0x7F, days)) c.work_days = static_cast<std::uint8_t>(days);
    read_int(j, "agenda_days", c.agenda_days, 1, 62);
}

ViewPrefs decode(std::string_view text) {
    ViewPrefs p;
    if (text.empty() || text.size() > kMaxPrefsBytes || !nesting_within(text, kMaxDepth)) return p;
    json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return p;
    // A newer version may add fields; what this one knows is read all the same.
    read_enum(j, "show_as", p.show_as, static_cast<int>(ShowAs::Dashboard));
    if (const json* q = object_at(j, "query")) read_query(*q, p.query);
    if (const json* s = object_at(j, "sort")) read_sort(*s, p.sort);
    read_enum(j, "grouping", p.grouping, static_cast<int>(KanbanGrouping::Owner));
    read_enum(j, "calendar_mode", p.calendar_mode, static_cast<int>(CalendarMode::Agenda));
    if (const json* c = object_at(j, "calendar")) read_calendar(*c, p.calendar);
    return p;
}

}  // namespace

std::string encode_view_prefs(const ViewPrefs& p) {
    json j = json::object();
    j["version"] = kVersion;
    j["show_as"] = static_cast<int>(p.show_as);
    j["query"] = {
        {"view", static_cast<int>(p.query.view)},
        {"type_mask", static_cast<int>(p.query.type_mask)},
        {"due", static_cast<int>(p.query.due)},
        {"state", static_cast<int>(p.query.state)},
        {"regarding", static_cast<int>(p.query.regarding)},
        {"text", p.query.text},
    };
    // written only when set, so preferences without a drill-down read as before
    if (!p.query.owner_id.empty()) j["query"]["owner_id"] = p.query.owner_id;
    if (p.query.state_mask != kAllStatesMask) j["query"]["state_mask"] = static_cast<int>(p.query.state_mask);
    if (p.query.due_range.active()) {
        j["query"]["due_from"] = format_iso_date(p.query.due_range.first);
        j["query"]["due_days"] = p.query.due_range.days;
    }
    j["sort"] = {
        {"column", static_cast<int>(p.sort.column)},
        {"descending", p.sort.descending},
        {"blanks_last", p.sort.blanks_last},
    };
    j["grouping"] = static_cast<int>(p.grouping);
    j["calendar_mode"] = static_cast<int>(p.calendar_mode);
    j["calendar"] = {
        {"first_day_of_week", p.calendar.first_day_of_week},
        {"work_start_minute", p.calendar.work_start_minute},
        {"work_end_minute", p.calendar.work_end_minute},
        {"work_days", static_cast<int>(p.calendar.work_days)},
        {"agenda_days", p.calendar.agenda_days},
    };
    // invalid UTF-8 in the search text must not make dump() throw
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

ViewPrefs decode_view_prefs(std::string_view text) {
    try {
        return decode(text);
    } catch (...) {  // not expected (types are checked before every read); defaults all the same
        return {};
    }
}

}  // namespace crm
