#include "csv_import.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "activity.hpp"
#include "grid_export.hpp"
#include "i18n.hpp"
#include "record_rules.hpp"
#include "text_fold.hpp"

namespace crm {

namespace {

constexpr CsvField kActivityFields[] = {
    CsvField::Skip,  CsvField::Type,        CsvField::Subject,  CsvField::Description, CsvField::Regarding,
    CsvField::Owner, CsvField::Priority,    CsvField::State,    CsvField::Reason,      CsvField::Due,
    CsvField::Start, CsvField::End,         CsvField::Duration, CsvField::PhoneNumber, CsvField::Direction,
    CsvField::EmailFrom, CsvField::EmailTo, CsvField::EmailCc,  CsvField::Location,    CsvField::Attendees,
};
constexpr CsvField kContactFields[] = {
    CsvField::Skip, CsvField::FullName, CsvField::Account, CsvField::JobTitle, CsvField::Email, CsvField::Phone, CsvField::Owner,
};

// Header names people and programs write, besides the caption itself and its translation in the
// active catalog: English (Dynamics' own export headers among them), Polish, Traditional Chinese.
// Compared folded (case and Polish diacritics ignored).
struct Synonyms {
    CsvField field;
    std::initializer_list<const char*> names;
};
const Synonyms kActivitySynonyms[] = {
    {CsvField::Type, {"type", "activity type", "typ", "typ działania", "rodzaj", "類型", "活動類型", "類別"}},
    {CsvField::Subject, {"subject", "title", "temat", "tytuł", "主旨", "主題", "標題"}},
    {CsvField::Description, {"description", "notes", "body", "opis", "treść", "notatki", "描述", "說明", "內容"}},
    {CsvField::Regarding, {"regarding", "related to", "dotyczy", "powiązane z", "關於", "相關"}},
    {CsvField::Owner, {"owner", "assigned to", "właściciel", "przypisane do", "擁有者", "負責人"}},
    {CsvField::Priority, {"priority", "priorytet", "優先順序", "優先級", "優先"}},
    {CsvField::State, {"status", "state", "activity status", "stan", "狀態"}},
    {CsvField::Reason, {"status reason", "reason", "przyczyna stanu", "powód stanu", "狀態原因", "原因"}},
    {CsvField::Due, {"due", "due date", "termin", "termin wykonania", "data wykonania", "到期日", "到期", "截止日期"}},
    {CsvField::Start, {"start", "start time", "scheduled start", "start date", "początek", "rozpoczęcie", "開始", "開始時間"}},
    {CsvField::End, {"end", "end time", "scheduled end", "end date", "koniec", "zakończenie", "結束", "結束時間"}},
    {CsvField::Duration, {"duration", "duration (min)", "duration (minutes)", "czas trwania", "持續時間"}},
    {CsvField::PhoneNumber, {"phone number", "phone", "numer telefonu", "telefon", "電話號碼", "電話"}},
    {CsvField::Direction, {"direction", "kierunek", "方向"}},
    {CsvField::EmailFrom, {"from", "od", "寄件者"}},
    {CsvField::EmailTo, {"to", "do", "收件者"}},
    {CsvField::EmailCc, {"cc", "dw", "副本"}},
    {CsvField::Location, {"location", "place", "lokalizacja", "miejsce", "地點", "位置"}},
    {CsvField::Attendees, {"attendees", "required attendees", "uczestnicy", "出席者", "參加者"}},
};
const Synonyms kContactSynonyms[] = {
    {CsvField::FullName, {"full name", "name", "contact", "contact name", "imię i nazwisko", "nazwisko", "kontakt", "全名", "姓名", "名稱", "連絡人", "聯絡人"}},
    {CsvField::Account, {"account", "company", "company name", "parent account", "account name", "firma", "konto", "klient", "nazwa firmy", "公司", "客戶", "帳戶", "公司名稱"}},
    {CsvField::JobTitle, {"job title", "title", "position", "stanowisko", "職稱", "職位"}},
    {CsvField::Email, {"email", "e-mail", "email address", "e-mail address", "adres e-mail", "電子郵件", "電子郵件地址", "郵件"}},
    {CsvField::Phone, {"business phone", "phone", "mobile phone", "telephone", "telefon", "telefon służbowy", "電話", "公司電話", "手機"}},
    {CsvField::Owner, {"owner", "właściciel", "擁有者", "負責人"}},
};

std::string folded_trimmed(std::string_view s) {
    std::string f = fold_for_search(s);
    while (!f.empty() && f.back() == ' ') f.pop_back();
    std::size_t start = 0;
    while (start < f.size() && f[start] == ' ') ++start;
    return f.substr(start);
}

bool name_matches(std::string_view folded_cell, const char* english) {
    return folded_cell == folded_trimmed(english) || folded_cell == folded_trimmed(tr(english));
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

std::span<const CsvField> csv_fields_for(CsvImportKind kind) {
    if (kind == CsvImportKind::Contacts) return kContactFields;
    return kActivityFields;
}

const char* csv_field_caption(CsvField f) {
    switch (f) {
        case CsvField::Skip: return N_("(skip this column)");
        case CsvField::Type: return N_("Type");
        case CsvField::Subject: return N_("Subject");
        case CsvField::Description: return N_("Description");
        case CsvField::Regarding: return N_("Regarding");
        case CsvField::Owner: return N_("Owner");
        case CsvField::Priority: return N_("Priority");
        case CsvField::State: return N_("Status");
        case CsvField::Reason: return N_("Status Reason");
        case CsvField::Due: return N_("Due");
        case CsvField::Start: return N_("Start");
        case CsvField::End: return N_("End");
        case CsvField::Duration: return N_("Duration (min)");
        case CsvField::PhoneNumber: return N_("Phone Number");
        case CsvField::Direction: return N_("Direction");
        case CsvField::EmailFrom: return N_("From");
        case CsvField::EmailTo: return N_("To");
        case CsvField::EmailCc: return N_("Cc");
        case CsvField::Location: return N_("Location");
        case CsvField::Attendees: return N_("Attendees");
        case CsvField::FullName: return N_("Full Name");
        case CsvField::Account: return N_("Account");
        case CsvField::JobTitle: return N_("Job Title");
        case CsvField::Email: return N_("Email");
        case CsvField::Phone: return N_("Business Phone");
    }
    return "";
}

std::vector<CsvField> guess_csv_mapping(CsvImportKind kind, std::span<const std::string> header) {
    std::span<const Synonyms> synonyms = kind == CsvImportKind::Contacts ? std::span<const Synonyms>(kContactSynonyms)
                                                                         : std::span<const Synonyms>(kActivitySynonyms);
    std::vector<CsvField> mapping(header.size(), CsvField::Skip);
    std::vector<bool> taken(static_cast<std::size_t>(CsvField::Phone) + 1, false);
    for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string cell = folded_trimmed(header[c]);
        if (cell.empty()) continue;
        for (const auto& s : synonyms) {
            bool hit = name_matches(cell, csv_field_caption(s.field));
            for (const char* name : s.names) hit = hit || cell == folded_trimmed(name);
            if (hit && !taken[static_cast<std::size_t>(s.field)]) {
                mapping[c] = s.field;
                taken[static_cast<std::size_t>(s.field)] = true;
                break;
            }
            if (hit) break;  // a second "Subject" column is skipped, not mapped to something else
        }
    }
    return mapping;
}

// ---- dates ---------------------------------------------------------------------------------

namespace {

std::optional<int> parse_int(std::string_view s, std::size_t min_digits, std::size_t max_digits) {
    if (s.size() < min_digits || s.size() > max_digits) return std::nullopt;
    int value = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// "15:00", "3:00 PM", "下午3:00", "3:00PM", "15:00:30".
std::optional<LocalTime> parse_clock(std::string_view s, const LocaleFormat* locale) {
    std::string t = trimmed(s);
    int add_hours = -1;  // -1: 24-hour clock
    auto strip = [&](const char* marker, int hours) {
        if (!marker || !*marker) return;
        const std::string_view m = marker;
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        bool suffix = t.size() >= m.size();
        for (std::size_t i = 0; suffix && i < m.size(); ++i) suffix = lower(t[t.size() - m.size() + i]) == lower(m[i]);
        if (suffix) {
            t = trimmed(std::string_view(t).substr(0, t.size() - m.size()));
            add_hours = hours;
        } else if (t.rfind(m, 0) == 0) {
            t = trimmed(std::string_view(t).substr(m.size()));
            add_hours = hours;
        }
    };
    strip("AM", 0);
    if (add_hours < 0) strip("PM", 12);
    if (locale && add_hours < 0) strip(locale->am, 0);
    if (locale && add_hours < 0) strip(locale->pm, 12);
    std::string_view v = t;
    std::size_t colon = v.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto hour = parse_int(v.substr(0, colon), 1, 2);
    std::string_view rest = v.substr(colon + 1);
    int second = 0;
    if (std::size_t c2 = rest.find(':'); c2 != std::string_view::npos) {
        auto sec = parse_int(rest.substr(c2 + 1), 2, 2);
        if (!sec || *sec > 59) return std::nullopt;
        second = *sec;
        rest = rest.substr(0, c2);
    }
    auto minute = parse_int(rest, 2, 2);
    if (!hour || !minute || *minute > 59) return std::nullopt;
    int h = *hour;
    if (add_hours >= 0) {
        if (h < 1 || h > 12) return std::nullopt;
        h = h % 12 + add_hours;
    } else if (h > 23) {
        return std::nullopt;
    }
    return LocalTime{h, *minute, second};
}

std::optional<LocalDate> parse_locale_date(std::string_view s, const LocaleFormat& f) {
    int parts[3];
    std::size_t widths[3];
    std::size_t start = 0;
    for (int k = 0; k < 3; ++k) {
        std::size_t end = k < 2 ? s.find(f.date_separator, start) : s.size();
        if (end == std::string_view::npos) return std::nullopt;
        auto v = parse_int(s.substr(start, end - start), 1, 4);
        if (!v) return std::nullopt;
        parts[k] = *v;
        widths[k] = end - start;
        start = end + 1;
    }
    LocalDate d;
    switch (f.date_order) {
        case LocaleFormat::DateOrder::MonthDayYear: d = {parts[2], parts[0], parts[1]}; if (widths[2] != 4) return std::nullopt; break;
        case LocaleFormat::DateOrder::DayMonthYear: d = {parts[2], parts[1], parts[0]}; if (widths[2] != 4) return std::nullopt; break;
        case LocaleFormat::DateOrder::YearMonthDay: d = {parts[0], parts[1], parts[2]}; if (widths[0] != 4) return std::nullopt; break;
    }
    if (!is_valid_date(d)) return std::nullopt;
    return d;
}

}  // namespace

std::optional<Due> parse_csv_date_time(std::string_view text, const TimeZone& zone, const LocaleFormat* locale) {
    std::string s = trimmed(text);
    if (s.empty()) return Due::none();
    // ISO: the date, then optionally T or a space and a time, then optionally Z or an offset.
    if (s.size() >= 10) {
        if (auto date = parse_iso_date(std::string_view(s).substr(0, 10))) {
            if (s.size() == 10) return Due::on_date(*date);
            if (s[10] == 'T' || s[10] == ' ') {
                std::string rest = trimmed(std::string_view(s).substr(11));
                const bool has_zone = !rest.empty() && (rest.back() == 'Z' || rest.find_first_of("+-") != std::string::npos);
                if (has_zone) {
                    std::string iso = s.substr(0, 10) + "T" + rest;
                    if (auto t = parse_iso_utc(iso)) return Due::at(*t);
                    return std::nullopt;
                }
                if (auto time = parse_clock(rest, nullptr)) return Due::at(zone.from_local({*date, *time}));
                return std::nullopt;
            }
        }
    }
    if (!locale) return std::nullopt;
    // The locale's date, then optionally a space and its time ("11/24/2026 3:00 PM", "2026/11/24 下午3:00").
    std::size_t space = s.find(' ');
    std::string_view date_part = std::string_view(s).substr(0, space);
    auto date = parse_locale_date(date_part, *locale);
    if (!date) return std::nullopt;
    if (space == std::string::npos) return Due::on_date(*date);
    auto time = parse_clock(std::string_view(s).substr(space + 1), locale);
    if (!time) return std::nullopt;
    return Due::at(zone.from_local({*date, *time}));
}

// ---- rows ----------------------------------------------------------------------------------

namespace {

struct NameIndex {
    std::unordered_map<std::string, std::vector<RecordRef>> regarding;  // folded name -> records
    std::unordered_map<std::string, std::vector<OwnerRef>> owners;       // folded user/team name or e-mail
    std::unordered_map<std::string, std::vector<std::string>> accounts;  // folded account name -> ids

    explicit NameIndex(const Store& store, CsvImportKind kind) {
        auto add_regarding = [&](RegardingKind k, const auto& table, auto name_of) {
            for (const auto& r : table.rows())
                if (!r.meta.deleted) regarding[folded_trimmed(name_of(r))].push_back({k, r.meta.id});
        };
        if (kind == CsvImportKind::Activities) {
            add_regarding(RegardingKind::Account, store.accounts(), [](const Account& a) { return a.name; });
            add_regarding(RegardingKind::Contact, store.contacts(), [](const Contact& c) { return c.full_name; });
            add_regarding(RegardingKind::Opportunity, store.opportunities(), [](const Opportunity& o) { return o.name; });
            add_regarding(RegardingKind::Case, store.cases(), [](const Case& c) { return c.title; });
        } else {
            for (const auto& a : store.accounts().rows())
                if (!a.meta.deleted) accounts[folded_trimmed(a.name)].push_back(a.meta.id);
        }
        for (const auto& u : store.users().rows()) {
            if (u.meta.deleted) continue;
            owners[folded_trimmed(u.name)].push_back({OwnerKind::User, u.meta.id});
            if (!u.email.empty() && folded_trimmed(u.email) != folded_trimmed(u.name))
                owners[folded_trimmed(u.email)].push_back({OwnerKind::User, u.meta.id});
        }
        for (const auto& t : store.teams().rows())
            if (!t.meta.deleted) owners[folded_trimmed(t.name)].push_back({OwnerKind::Team, t.meta.id});
    }
};

struct RowReader {
    const csv::Table& table;
    std::span<const CsvField> mapping;
    const std::vector<std::string>& cells;
    CsvRowPlan& out;

    // The cell of `field` (trimmed, formula guard undone), "" when unmapped or missing.
    std::string get(CsvField field) const {
        for (std::size_t c = 0; c < mapping.size(); ++c)
            if (mapping[c] == field) return c < cells.size() ? trimmed(csv::unguard_cell(cells[c])) : std::string();
        return {};
    }
    std::string column_of(CsvField field) const {
        for (std::size_t c = 0; c < mapping.size(); ++c)
            if (mapping[c] == field) return c < table.header.size() ? table.header[c] : std::string();
        return tr(csv_field_caption(field));
    }
    void problem(CsvField field, const char* message, std::vector<std::string> args = {}) const {
        out.problems.push_back({.row = out.row, .column = field == CsvField::Skip ? std::string() : column_of(field),
                                .message = message, .args = std::move(args)});
    }
};

template <typename Enum, std::size_t N>
std::optional<Enum> match_enum(std::string_view cell, const Enum (&values)[N], const char* (*name)(Enum)) {
    const std::string folded = folded_trimmed(cell);
    for (Enum v : values)
        if (name_matches(folded, name(v))) return v;
    return std::nullopt;
}

constexpr Priority kPriorities[] = {Priority::Low, Priority::Normal, Priority::High};
constexpr Direction kDirections[] = {Direction::Outgoing, Direction::Incoming};

std::optional<OwnerRef> resolve_owner(const RowReader& r, const NameIndex& names, const std::string& cell) {
    auto it = names.owners.find(folded_trimmed(cell));
    if (it == names.owners.end()) {
        r.problem(CsvField::Owner, N_("There is no user or team named \"%s\"."), {cell});
        return std::nullopt;
    }
    if (it->second.size() > 1) {
        r.problem(CsvField::Owner, N_("More than one user or team is named \"%s\"."), {cell});
        return std::nullopt;
    }
    return it->second.front();
}

std::optional<UtcMillis> instant_cell(const RowReader& r, CsvField field, const CsvImportContext& ctx, bool& date_only) {
    std::string cell = r.get(field);
    if (cell.empty()) return std::nullopt;
    auto due = parse_csv_date_time(cell, *ctx.zone, ctx.locale);
    if (!due) {
        r.problem(field, N_("\"%s\" is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM)."), {cell});
        return std::nullopt;
    }
    if (due->kind == Due::Kind::Date) {
        date_only = true;
        return utc_midnight(due->date);
    }
    return due->instant;
}

void add_validation(const RowReader& r, const Status& st) {
    // Field names of validate_activity / validate_contact, back to the columns they came from.
    static const std::pair<const char*, CsvField> kFields[] = {
        {"subject", CsvField::Subject}, {"description", CsvField::Description}, {"due", CsvField::Due},
        {"scheduled_start", CsvField::Start}, {"scheduled_end", CsvField::End}, {"duration_minutes", CsvField::Duration},
        {"phone_number", CsvField::PhoneNumber}, {"email_from", CsvField::EmailFrom}, {"email_to", CsvField::EmailTo},
        {"email_cc", CsvField::EmailCc}, {"location", CsvField::Location}, {"attendees", CsvField::Attendees},
        {"state", CsvField::State}, {"reason", CsvField::Reason}, {"full_name", CsvField::FullName},
        {"job_title", CsvField::JobTitle}, {"email", CsvField::Email}, {"phone", CsvField::Phone},
        {"parent_account_id", CsvField::Account}, {"owner", CsvField::Owner}, {"regarding", CsvField::Regarding},
    };
    for (const auto& e : st.errors) {
        CsvField field = CsvField::Skip;
        for (const auto& [name, f] : kFields)
            if (e.field == name) field = f;
        // Status messages carry their own argument; translated here, as the Status is not kept.
        r.problem(field, "%s", {format_message(e)});
    }
}

Activity activity_from_row(const RowReader& r, const NameIndex& names, const CsvImportContext& ctx) {
    Activity a;
    if (std::string cell = r.get(CsvField::Type); !cell.empty()) {
        if (auto t = match_enum(cell, kAllActivityTypes, activity_type_name)) a.type = *t;
        else r.problem(CsvField::Type, N_("\"%s\" is not an activity type (Email, Phone Call, Task, Appointment or Note)."), {cell});
    }
    a.state = initial_state(a.type);
    a.reason = default_reason(a.type, a.state);
    a.subject = r.get(CsvField::Subject);
    a.description = r.get(CsvField::Description);
    if (std::string cell = r.get(CsvField::Regarding); !cell.empty()) {
        auto it = names.regarding.find(folded_trimmed(cell));
        if (it == names.regarding.end())
            r.problem(CsvField::Regarding, N_("There is no account, contact, opportunity or case named \"%s\"."), {cell});
        else if (it->second.size() > 1)
            r.problem(CsvField::Regarding, N_("More than one record is named \"%s\"; rename one, or leave Regarding empty and set it in the app."), {cell});
        else
            a.regarding = it->second.front();
    }
    a.owner = {OwnerKind::User, ctx.user_id};
    if (std::string cell = r.get(CsvField::Owner); !cell.empty())
        if (auto owner = resolve_owner(r, names, cell)) a.owner = *owner;
    if (std::string cell = r.get(CsvField::Priority); !cell.empty()) {
        if (auto p = match_enum(cell, kPriorities, priority_name)) a.priority = *p;
        else r.problem(CsvField::Priority, N_("\"%s\" is not a priority (Low, Normal or High)."), {cell});
    }
    if (std::string cell = r.get(CsvField::Direction); !cell.empty()) {
        if (auto d = match_enum(cell, kDirections, direction_name)) a.direction = *d;
        else r.problem(CsvField::Direction, N_("\"%s\" is not a direction (Outgoing or Incoming)."), {cell});
    }
    // Status and reason: a reason alone names its state; a state alone takes its default reason.
    std::optional<ActivityState> state;
    if (std::string cell = r.get(CsvField::State); !cell.empty()) {
        state = match_enum(cell, kAllActivityStates, activity_state_name);
        if (!state) r.problem(CsvField::State, N_("\"%s\" is not a status (Open, Scheduled, Completed or Canceled)."), {cell});
        else if (!state_allowed(a.type, *state))
            r.problem(CsvField::State, N_("A %s cannot have the status %s."), {std::string("@tr:") + activity_type_name(a.type), cell});
    }
    if (std::string cell = r.get(CsvField::Reason); !cell.empty()) {
        const std::string folded = folded_trimmed(cell);
        std::optional<std::pair<ActivityState, StatusReason>> found;
        for (ActivityState s : kAllActivityStates) {
            if (state && s != *state) continue;
            for (StatusReason reason : status_reasons_for(a.type, s))
                if (!found && name_matches(folded, status_reason_name(reason))) found = {s, reason};
        }
        if (found) {
            a.state = found->first;
            a.reason = found->second;
        } else if (!state || state_allowed(a.type, *state)) {
            r.problem(CsvField::Reason, N_("\"%s\" is not a status reason of this type and status."), {cell});
        }
    } else if (state && state_allowed(a.type, *state)) {
        a.state = *state;
        a.reason = default_reason(a.type, a.state);
    }
    if (std::string cell = r.get(CsvField::Duration); !cell.empty()) {
        int minutes = 0;
        auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), minutes);
        if (ec != std::errc() || end != cell.data() + cell.size() || minutes < 0)
            r.problem(CsvField::Duration, N_("\"%s\" is not a number of minutes."), {cell});
        else
            a.duration_minutes = minutes;
    }
    a.phone_number = r.get(CsvField::PhoneNumber);
    a.email_from = r.get(CsvField::EmailFrom);
    a.email_to = r.get(CsvField::EmailTo);
    a.email_cc = r.get(CsvField::EmailCc);
    a.location = r.get(CsvField::Location);
    a.attendees = r.get(CsvField::Attendees);

    bool start_date_only = false, end_date_only = false;
    std::optional<UtcMillis> start = instant_cell(r, CsvField::Start, ctx, start_date_only);
    std::optional<UtcMillis> end = instant_cell(r, CsvField::End, ctx, end_date_only);
    std::optional<Due> due;
    if (std::string cell = r.get(CsvField::Due); !cell.empty()) {
        due = parse_csv_date_time(cell, *ctx.zone, ctx.locale);
        if (!due) r.problem(CsvField::Due, N_("\"%s\" is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM)."), {cell});
    }
    if (a.type == ActivityType::Appointment) {
        // The grid export writes an appointment's start as its Due: read it back as the start.
        if (!start && due && !due->empty()) {
            start_date_only = due->kind == Due::Kind::Date;
            start = start_date_only ? utc_midnight(due->date) : due->instant;
        }
        if (start) {
            a.all_day = start_date_only && (!end || end_date_only);
            // All-day appointments keep calendar dates, end exclusive (as the dialog saves them).
            if (a.all_day) end = end ? *end + kMillisPerDay : *start + kMillisPerDay;
            // Without an end: its duration, or the calendar's 30 minutes.
            if (!end) end = *start + static_cast<UtcMillis>(a.duration_minutes.value_or(30)) * 60'000;
            a.scheduled_start = start;
            a.scheduled_end = end;
        }
    } else {
        if (due) a.due = *due;
        a.scheduled_start = start;
        a.scheduled_end = end;
    }
    if (is_closed(a.state)) a.actual_end = ctx.now;
    return a;
}

Contact contact_from_row(const RowReader& r, const NameIndex& names, const CsvImportContext& ctx) {
    Contact c;
    c.full_name = r.get(CsvField::FullName);
    c.job_title = r.get(CsvField::JobTitle);
    c.email = r.get(CsvField::Email);
    c.phone = r.get(CsvField::Phone);
    c.owner = {OwnerKind::User, ctx.user_id};
    if (std::string cell = r.get(CsvField::Owner); !cell.empty())
        if (auto owner = resolve_owner(r, names, cell)) c.owner = *owner;
    if (std::string cell = r.get(CsvField::Account); !cell.empty()) {
        auto it = names.accounts.find(folded_trimmed(cell));
        if (it == names.accounts.end()) r.problem(CsvField::Account, N_("There is no account named \"%s\"."), {cell});
        else if (it->second.size() > 1) r.problem(CsvField::Account, N_("More than one account is named \"%s\"."), {cell});
        else c.parent_account_id = it->second.front();
    }
    return c;
}

// The duplicate rule of the header comment as one string per record: equal strings, same
// record. Only what the file has a column for is compared: a file without a Regarding column
// matches a stored activity whatever it regards, one without dates whatever its date.
struct DuplicateRule {
    bool dates = false, regarding = false, email = false, account = false;

    explicit DuplicateRule(std::span<const CsvField> mapping) {
        auto mapped = [&](CsvField f) { return std::find(mapping.begin(), mapping.end(), f) != mapping.end(); };
        dates = mapped(CsvField::Due) || mapped(CsvField::Start);
        regarding = mapped(CsvField::Regarding);
        email = mapped(CsvField::Email);
        account = mapped(CsvField::Account);
    }

    std::string key(const Activity& a) const {
        std::string key = std::to_string(static_cast<int>(a.type)) + '\x1f' + folded_trimmed(a.subject);
        if (dates) {
            const Due due = effective_due(a);  // the due, or an appointment's start: what the grid shows
            key += '\x1f' + std::to_string(static_cast<int>(due.kind)) + ':' + format_iso_date(due.date) + ':' + std::to_string(due.instant);
        }
        if (regarding) key += '\x1f' + std::to_string(static_cast<int>(a.regarding.kind)) + ':' + a.regarding.id;
        return key;
    }

    std::string key(const Contact& c) const {
        if (email && !trimmed(c.email).empty()) return "@" + folded_trimmed(c.email);
        return folded_trimmed(c.full_name) + '\x1f' + (account ? c.parent_account_id : std::string());
    }

    std::string key(const AnyRecord& r) const {
        if (const auto* a = std::get_if<Activity>(&r)) return key(*a);
        if (const auto* c = std::get_if<Contact>(&r)) return key(*c);
        return {};
    }
};

// Marks the valid rows that repeat a stored record or an earlier row of the file.
void mark_duplicates(const Store& store, std::span<const CsvField> mapping, CsvImportPlan& plan) {
    const DuplicateRule rule(mapping);
    std::unordered_map<std::string, std::string> stored;  // key -> id
    auto index = [&](const auto& table) {
        for (const auto& r : table.rows())
            if (!r.meta.deleted) stored.emplace(rule.key(r), r.meta.id);
    };
    if (plan.kind == CsvImportKind::Activities) index(store.activities());
    else index(store.contacts());
    std::unordered_map<std::string, std::size_t> earlier;  // key -> spreadsheet row
    for (auto& row : plan.rows) {
        if (!row.record) continue;
        std::string key = rule.key(*row.record);
        if (auto it = stored.find(key); it != stored.end()) row.duplicate_of_id = it->second;
        else if (auto [at, added] = earlier.emplace(std::move(key), row.row); !added) row.duplicate_of_row = at->second;
        if (row.duplicate()) ++plan.duplicates;
    }
}

}  // namespace

CsvImportPlan plan_csv_import(const Store& store, CsvImportKind kind, const csv::Table& table, std::span<const CsvField> mapping,
                              const CsvImportContext& ctx) {
    CsvImportPlan plan;
    plan.kind = kind;
    const CsvField required = kind == CsvImportKind::Contacts ? CsvField::FullName : CsvField::Subject;
    if (std::find(mapping.begin(), mapping.end(), required) == mapping.end())
        plan.mapping_problems.push_back({.row = 0, .column = {}, .message = N_("No column is imported as %s, which every row needs."),
                                         .args = {std::string("@tr:") + csv_field_caption(required)}});
    for (std::size_t i = 0; i < mapping.size(); ++i)
        for (std::size_t j = i + 1; j < mapping.size(); ++j)
            if (mapping[i] != CsvField::Skip && mapping[i] == mapping[j])
                plan.mapping_problems.push_back({.row = 0, .column = {}, .message = N_("The columns \"%s\" and \"%s\" are both imported as %s."),
                                                 .args = {i < table.header.size() ? table.header[i] : "", j < table.header.size() ? table.header[j] : "",
                                                          std::string("@tr:") + csv_field_caption(mapping[i])}});
    const NameIndex names(store, kind);
    plan.rows.reserve(table.rows.size());
    for (std::size_t k = 0; k < table.rows.size(); ++k) {
        CsvRowPlan& row = plan.rows.emplace_back();
        row.row = k < table.row_numbers.size() ? table.row_numbers[k] : k + 2;
        const RowReader reader{.table = table, .mapping = mapping, .cells = table.rows[k], .out = row};
        const auto& cells = table.rows[k];
        for (std::size_t c = table.header.size(); c < cells.size(); ++c)
            if (!trimmed(cells[c]).empty()) {
                reader.problem(CsvField::Skip, N_("This row has %s cells but the header only %s."),
                               {std::to_string(cells.size()), std::to_string(table.header.size())});
                break;
            }
        if (kind == CsvImportKind::Activities) {
            Activity a = activity_from_row(reader, names, ctx);
            if (row.problems.empty()) add_validation(reader, validate_activity(a));
            if (row.problems.empty()) row.record = std::move(a);
        } else {
            Contact c = contact_from_row(reader, names, ctx);
            if (row.problems.empty()) add_validation(reader, validate_contact(c));
            if (row.problems.empty()) row.record = std::move(c);
        }
        if (row.record) ++plan.valid;
        else ++plan.refused;
    }
    mark_duplicates(store, mapping, plan);
    return plan;
}

CsvImportReport apply_csv_import(Store& store, const CsvImportPlan& plan, const Actor& actor, bool with_duplicates) {
    CsvImportReport report;
    if (!plan.mapping_problems.empty()) return report;
    for (const auto& row : plan.rows) {
        if (!row.record) continue;
        if (row.duplicate() && !with_duplicates) {
            ++report.skipped_duplicates;
            continue;
        }
        Status st;
        if (const auto* a = std::get_if<Activity>(&*row.record)) st = store.create_activity(*a, actor).status;
        else st = store.save_record(*row.record, actor).status;
        if (st.ok()) {
            ++report.imported;
            continue;
        }
        for (const auto& e : st.errors)
            report.refused.push_back({.row = row.row, .column = {}, .message = "%s", .args = {format_message(e)}});
    }
    return report;
}

std::string refused_rows_csv(const CsvImportPlan& plan, const csv::Table& table) {
    std::string out(csv::kUtf8Bom);
    std::vector<std::string_view> cells = {tr("Row"), tr("Column"), tr("Problem")};
    for (const auto& h : table.header) cells.push_back(h);
    csv::append_row(out, cells);
    for (std::size_t k = 0; k < plan.rows.size(); ++k) {
        const auto& row = plan.rows[k];
        for (const auto& p : row.problems) {
            csv::Problem without_row = p;
            without_row.row = 0;
            const std::string number = std::to_string(row.row), message = csv::describe(without_row);
            cells = {number, p.column, message};
            if (k < table.rows.size())
                for (const auto& c : table.rows[k]) cells.push_back(c);
            csv::append_row(out, cells);
        }
    }
    return out;
}

}  // namespace crm
