#include "json_codec.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <initializer_list>

#include "i18n.hpp"
#include "json_safe.hpp"

#include "record_rules.hpp"

namespace crm {
namespace {

using nlohmann::json;

// ---- enum names: one table per enum, used both ways ----
template <typename E>
struct EnumName {
    E value;
    const char* name;
};

constexpr EnumName<ActivityType> kTypeNames[] = {{ActivityType::Email, "email"},
                                                 {ActivityType::PhoneCall, "phone_call"},
                                                 {ActivityType::Task, "task"},
                                                 {ActivityType::Appointment, "appointment"},
                                                 {ActivityType::Note, "note"}};
constexpr EnumName<ActivityState> kStateNames[] = {{ActivityState::Open, "open"},
                                                   {ActivityState::Completed, "completed"},
                                                   {ActivityState::Canceled, "canceled"},
                                                   {ActivityState::Scheduled, "scheduled"}};
constexpr EnumName<StatusReason> kReasonNames[] = {
    {StatusReason::NotStarted, "not_started"}, {StatusReason::InProgress, "in_progress"},
    {StatusReason::WaitingOnSomeoneElse, "waiting_on_someone_else"}, {StatusReason::Deferred, "deferred"},
    {StatusReason::Completed, "completed"}, {StatusReason::Canceled, "canceled"},
    {StatusReason::Open, "open"}, {StatusReason::Made, "made"}, {StatusReason::Received, "received"},
    {StatusReason::Draft, "draft"}, {StatusReason::Failed, "failed"}, {StatusReason::Sent, "sent"},
    {StatusReason::PendingSend, "pending_send"}, {StatusReason::Free, "free"}, {StatusReason::Tentative, "tentative"},
    {StatusReason::Busy, "busy"}, {StatusReason::OutOfOffice, "out_of_office"}, {StatusReason::NoteActive, "note_active"}};
constexpr EnumName<Priority> kPriorityNames[] = {{Priority::Low, "low"}, {Priority::Normal, "normal"}, {Priority::High, "high"}};
constexpr EnumName<Direction> kDirectionNames[] = {{Direction::Outgoing, "outgoing"}, {Direction::Incoming, "incoming"}};
constexpr EnumName<RegardingKind> kRegardingNames[] = {{RegardingKind::Account, "account"},
                                                       {RegardingKind::Contact, "contact"},
                                                       {RegardingKind::Opportunity, "opportunity"},
                                                       {RegardingKind::Case, "case"}};
constexpr EnumName<OwnerKind> kOwnerNames[] = {{OwnerKind::User, "user"}, {OwnerKind::Team, "team"}};
constexpr EnumName<OpportunityStage> kStageNames[] = {{OpportunityStage::Qualify, "qualify"},
                                                      {OpportunityStage::Develop, "develop"},
                                                      {OpportunityStage::Propose, "propose"},
                                                      {OpportunityStage::Close, "close"}};
constexpr EnumName<CaseStatus> kCaseStatusNames[] = {
    {CaseStatus::Active, "active"}, {CaseStatus::Resolved, "resolved"}, {CaseStatus::Canceled, "canceled"}};
constexpr EnumName<CasePriority> kCasePriorityNames[] = {
    {CasePriority::Low, "low"}, {CasePriority::Normal, "normal"}, {CasePriority::High, "high"}};
constexpr EnumName<RecordKind> kKindNames[] = {
    {RecordKind::Activity, "activity"}, {RecordKind::Account, "account"}, {RecordKind::Contact, "contact"},
    {RecordKind::Opportunity, "opportunity"}, {RecordKind::Case, "case"}, {RecordKind::User, "user"},
    {RecordKind::Team, "team"}, {RecordKind::Attachment, "attachment"}};

template <typename E, std::size_t N>
const char* name_of(const EnumName<E> (&table)[N], E v) {
    for (const auto& e : table)
        if (e.value == v) return e.name;
    return "";
}

template <typename E, std::size_t N>
std::string names_list(const EnumName<E> (&table)[N]) {
    std::string out;
    for (const auto& e : table) out += (out.empty() ? "" : ", ") + std::string(e.name);
    return out;
}

// ---- writing: each kind's fields are listed once, in write_fields(); a sink decides what they
// become. DomSink builds an nlohmann object (sync documents, conflict views); TextSink appends
// compact JSON text, which is what lets the export write 100,000 records without a DOM.

class DomSink {
public:
    static constexpr bool kWantsDates = true;
    explicit DomSink(json& j) : j_(j) {}
    void text(const char* key, std::string_view v) { j_[key] = v; }
    void boolean(const char* key, bool v) { j_[key] = v; }
    void integer(const char* key, std::int64_t v) { j_[key] = v; }
    void size(const char* key, std::uint64_t v) { j_[key] = v; }
    void number(const char* key, double v) { j_[key] = v; }
    void texts(const char* key, const std::vector<std::string>& v) { j_[key] = v; }
    void object(const char* key, std::initializer_list<std::pair<const char*, std::string_view>> members) {
        json o = json::object();
        for (const auto& [k, v] : members) o[k] = v;
        j_[key] = std::move(o);
    }

private:
    json& j_;
};

// Writes the members of an object; the caller writes the braces.
class TextSink {
public:
    static constexpr bool kWantsDates = true;
    explicit TextSink(std::string& out) : out_(out) {}

    void text(const char* key, std::string_view v) {
        put_key(key);
        append_json_string(v, out_);
    }
    void boolean(const char* key, bool v) {
        put_key(key);
        out_ += v ? "true" : "false";
    }
    void integer(const char* key, std::int64_t v) {
        put_key(key);
        append_number(v);
    }
    void size(const char* key, std::uint64_t v) {
        put_key(key);
        append_number(v);
    }
    // nlohmann's shortest round-trip form, so the value reads back bit for bit.
    void number(const char* key, double v) {
        put_key(key);
        out_ += json_dump(json(v));
    }
    void texts(const char* key, const std::vector<std::string>& v) {
        put_key(key);
        out_ += '[';
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i) out_ += ',';
            append_json_string(v[i], out_);
        }
        out_ += ']';
    }
    void object(const char* key, std::initializer_list<std::pair<const char*, std::string_view>> members) {
        put_key(key);
        out_ += '{';
        bool first = true;
        for (const auto& [k, v] : members) {
            if (!first) out_ += ',';
            first = false;
            out_ += '"';
            out_ += k;
            out_ += "\":";
            append_json_string(v, out_);
        }
        out_ += '}';
    }

private:
    // Keys are this file's own identifiers: nothing to escape.
    // One append per key: in wasm every std::string call is an out-of-line call into the
    // prebuilt libc++ (basic_string<char> is an extern template there), so char-by-char appends
    // were half of the export's time.
    void put_key(const char* key) {
        char buf[48];
        std::size_t n = 0;
        if (!first_) buf[n++] = ',';
        first_ = false;
        buf[n++] = '"';
        std::size_t len = std::strlen(key);
        if (len > sizeof buf - 4) {  // no key is this long; kept correct all the same
            out_.append(buf, n).append(key, len).append("\":", 2);
            return;
        }
        std::memcpy(buf + n, key, len);
        n += len;
        buf[n++] = '"';
        buf[n++] = ':';
        out_.append(buf, n);
    }
    template <typename N>
    void append_number(N v) {
        char buf[24];
        auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
        out_.append(buf, end);
    }

    std::string& out_;
    bool first_ = true;
};

// Hands each text value to a function and drops the rest (for_each_record_text). Dates are
// skipped before they are formatted: they are ASCII, and formatting them was two thirds of the
// time of a pass over 100,000 activities.
class TextVisitSink {
public:
    static constexpr bool kWantsDates = false;
    explicit TextVisitSink(const std::function<void(std::string_view)>& fn) : fn_(fn) {}
    void text(const char*, std::string_view v) { fn_(v); }
    void boolean(const char*, bool) {}
    void integer(const char*, std::int64_t) {}
    void size(const char*, std::uint64_t) {}
    void number(const char*, double) {}
    void texts(const char*, const std::vector<std::string>& v) {
        for (const auto& t : v) fn_(t);
    }
    void object(const char*, std::initializer_list<std::pair<const char*, std::string_view>> members) {
        for (const auto& m : members) fn_(m.second);
    }

private:
    const std::function<void(std::string_view)>& fn_;
};

template <typename Sink>
void write_owner(Sink& s, const OwnerRef& o) {
    if (!o.empty()) s.object("owner", {{"kind", name_of(kOwnerNames, o.kind)}, {"id", o.id}});
}

template <typename Sink>
void write_meta(Sink& s, const RecordMeta& m) {
    s.text("id", m.id);
    s.text("rev", m.rev);
    s.boolean("deleted", m.deleted);
    s.text("created_by", m.created_by);
    s.text("created_at", format_iso_utc(m.created_at));
    s.text("modified_by", m.modified_by);
    s.text("modified_at", format_iso_utc(m.modified_at));
}

template <typename Sink>
void write_fields(Sink& s, const Activity& a) {
    s.text("type", name_of(kTypeNames, a.type));
    s.text("subject", a.subject);
    s.text("description", a.description);
    if (!a.regarding.empty()) s.object("regarding", {{"kind", name_of(kRegardingNames, a.regarding.kind)}, {"id", a.regarding.id}});
    write_owner(s, a.owner);
    s.text("state", name_of(kStateNames, a.state));
    s.text("reason", name_of(kReasonNames, a.reason));
    s.text("priority", name_of(kPriorityNames, a.priority));
    if constexpr (Sink::kWantsDates) {
        if (a.due.kind == Due::Kind::Date) s.object("due", {{"date", format_iso_date(a.due.date)}});
        if (a.due.kind == Due::Kind::Instant) s.object("due", {{"at", format_iso_utc(a.due.instant)}});
        if (a.scheduled_start) s.text("scheduled_start", format_iso_utc(*a.scheduled_start));
        if (a.scheduled_end) s.text("scheduled_end", format_iso_utc(*a.scheduled_end));
    }
    if (a.duration_minutes) s.integer("duration_minutes", *a.duration_minutes);
    if constexpr (Sink::kWantsDates)
        if (a.actual_end) s.text("actual_end", format_iso_utc(*a.actual_end));
    s.text("direction", name_of(kDirectionNames, a.direction));
    s.text("phone_number", a.phone_number);
    s.text("email_from", a.email_from);
    s.text("email_to", a.email_to);
    s.text("email_cc", a.email_cc);
    s.text("location", a.location);
    s.boolean("all_day", a.all_day);
    s.text("attendees", a.attendees);
    // Series and reminder fields are written only when set: most activities have none.
    if constexpr (Sink::kWantsDates) {
        if (a.recurrence) {
            s.text("recurrence", format_rrule(*a.recurrence));
            if (!a.recurrence->exceptions.empty()) {
                std::vector<std::string> dates;
                dates.reserve(a.recurrence->exceptions.size());
                for (const auto& d : a.recurrence->exceptions) dates.push_back(format_iso_date(d));
                s.texts("recurrence_exceptions", dates);
            }
        }
        if (a.occurrence_date) s.text("occurrence_date", format_iso_date(*a.occurrence_date));
        if (a.reminder_dismissed) s.text("reminder_dismissed", format_iso_utc(*a.reminder_dismissed));
    }
    if (!a.series_id.empty()) s.text("series_id", a.series_id);
    if (a.reminder_minutes) s.integer("reminder_minutes", *a.reminder_minutes);
}
template <typename Sink>
void write_fields(Sink& s, const Account& a) {
    s.text("name", a.name);
    s.text("city", a.city);
    s.text("phone", a.phone);
    s.text("website", a.website);
    write_owner(s, a.owner);
}
template <typename Sink>
void write_fields(Sink& s, const Contact& c) {
    s.text("full_name", c.full_name);
    s.text("parent_account_id", c.parent_account_id);
    s.text("job_title", c.job_title);
    s.text("email", c.email);
    s.text("phone", c.phone);
    write_owner(s, c.owner);
}
template <typename Sink>
void write_fields(Sink& s, const Opportunity& o) {
    s.text("name", o.name);
    s.text("account_id", o.account_id);
    s.text("contact_id", o.contact_id);
    s.number("estimated_revenue", o.estimated_revenue);
    s.text("stage", name_of(kStageNames, o.stage));
    if constexpr (Sink::kWantsDates)
        if (o.estimated_close) s.text("estimated_close", format_iso_date(*o.estimated_close));
    write_owner(s, o.owner);
}
template <typename Sink>
void write_fields(Sink& s, const Case& c) {
    s.text("title", c.title);
    s.text("account_id", c.account_id);
    s.text("contact_id", c.contact_id);
    s.text("status", name_of(kCaseStatusNames, c.status));
    s.text("priority", name_of(kCasePriorityNames, c.priority));
    write_owner(s, c.owner);
}
template <typename Sink>
void write_fields(Sink& s, const User& u) {
    s.text("name", u.name);
    s.text("email", u.email);
}
template <typename Sink>
void write_fields(Sink& s, const Team& t) {
    s.text("name", t.name);
    s.texts("member_ids", t.member_ids);
}
template <typename Sink>
void write_fields(Sink& s, const Attachment& a) {
    s.text("activity_id", a.activity_id);
    s.text("file_name", a.file_name);
    s.text("mime_type", a.mime_type);
    s.size("size", a.size);
}
template <typename Sink>
void write_fields(Sink&, const Setting&) {}

// ---- reading: every accessor records a path-named error and returns a neutral value ----
// V is nlohmann::json or FlatValue (json_scan): the same reader serves sync documents and the
// import's fast path, through the few overloads below.
inline double as_double(const json& v) { return v.get<double>(); }
inline std::int64_t as_int64(const json& v) { return v.get<std::int64_t>(); }
inline std::uint64_t as_uint64(const json& v) { return v.get<std::uint64_t>(); }
inline bool as_bool(const json& v) { return v.get<bool>(); }
inline std::string_view text_view(const json& v) { return v.get_ref<const std::string&>(); }
inline std::string describe(const json& v) { return json_dump(v); }
inline double as_double(const FlatValue& v) { return v.as_double(); }
inline std::int64_t as_int64(const FlatValue& v) { return v.as_int64(); }
inline std::uint64_t as_uint64(const FlatValue& v) { return v.as_uint64(); }
inline bool as_bool(const FlatValue& v) { return v.boolean(); }
inline std::string_view text_view(const FlatValue& v) { return v.text(); }
// JsonScanner refuses malformed UTF-8 (the same rules as utf8_valid), so a FlatValue's text needs
// no second look; nlohmann's strings may come from anywhere (a sync document built in code).
inline bool utf8_checked(const json&) { return false; }
inline bool utf8_checked(const FlatValue&) { return true; }
std::string describe(const FlatValue& v) { return json_dump(to_json(v)); }

// The member `key` of object `j`, or nullptr. `hint` is where the last lookup in this object
// found its key: the fast path's members usually come in the order the reader asks for them
// (the export writes them so), so the search starts just after it and mostly succeeds at once.
inline const json* find_member(const json& j, const char* key, std::size_t&) {
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}
inline const FlatValue* find_member(const FlatValue& j, const char* key, std::size_t& hint) {
    std::string_view k(key);
    std::size_t n = j.size();
    for (std::size_t step = 0; step < n; ++step) {
        std::size_t i = hint + step < n ? hint + step : hint + step - n;
        if (j[i].key() == k) {
            hint = i + 1 < n ? i + 1 : 0;
            return &j[i];
        }
    }
    return nullptr;
}

template <typename V>
class Reader {
public:
    Reader(const V& j, std::string where, Status& st) : j_(j), where_(std::move(where)), st_(st) {}

    std::string path(std::string_view key) const {
        return where_.empty() ? std::string(key) : where_ + "." + std::string(key);
    }
    void error(std::string_view key, std::string message) { st_.add(path(key), std::move(message)); }
    std::size_t error_count() const { return st_.errors.size(); }

    // Optional text: "" when absent.
    std::string text(const char* key) { return text_of(key, member(key)); }
    // Text that must be present and not empty (ids).
    std::string required_text(const char* key) {
        const V* v = member(key);
        if (!v) {
            error(key, "is missing");
            return {};
        }
        std::string s = text_of(key, v);
        if (s.empty() && v->is_string()) error(key, "must not be empty");
        return s;
    }
    bool boolean(const char* key) {
        const V* v = member(key);
        if (!v) return false;
        if (!v->is_boolean()) {
            error(key, tr_args(N_("expected true or false, got %s"), {v->type_name()}));
            return false;
        }
        return as_bool(*v);
    }
    // Stamps: 0 when absent.
    UtcMillis time(const char* key) { return optional_time(key).value_or(0); }
    std::optional<UtcMillis> optional_time(const char* key) {
        const V* v = member(key);
        if (!v) return std::nullopt;
        std::string s = text_of(key, v);
        if (!v->is_string()) return std::nullopt;
        auto t = parse_iso_utc(s);
        if (!t) error(key, tr_args(N_("expected a time like 2026-11-24T14:00:00.000Z, got \"%s\""), {s}));
        return t;
    }
    std::optional<LocalDate> optional_date(const char* key) {
        const V* v = member(key);
        if (!v) return std::nullopt;
        std::string s = text_of(key, v);
        if (!v->is_string()) return std::nullopt;
        auto d = parse_iso_date(s);
        if (!d) error(key, tr_args(N_("expected a date YYYY-MM-DD, got \"%s\""), {s}));
        return d;
    }
    double number(const char* key) {
        const V* v = member(key);
        if (!v) return 0;
        if (!v->is_number() || !std::isfinite(as_double(*v))) {
            error(key, tr_args(N_("expected a number, got %s"), {v->type_name()}));
            return 0;
        }
        return as_double(*v);
    }
    std::optional<std::int64_t> optional_integer(const char* key, std::int64_t min, std::int64_t max) {
        const V* v = member(key);
        if (!v) return std::nullopt;
        // A huge unsigned value would wrap to a negative int64: it fails the range check either way.
        if (!v->is_number_integer() || as_int64(*v) < min || as_int64(*v) > max ||
            (v->is_number_unsigned() && as_uint64(*v) > static_cast<std::uint64_t>(max))) {
            error(key, tr_args(N_("expected a whole number from %s to %s, got %s"), {std::to_string(min), std::to_string(max), describe(*v)}));
            return std::nullopt;
        }
        return as_int64(*v);
    }
    // Enum names; `required` ones must be present, and a present one must be a known name.
    template <typename E, std::size_t N>
    E enumeration(const char* key, const EnumName<E> (&table)[N], E fallback, bool required = true) {
        const V* v = member(key);
        if (!v) {
            if (required) error(key, "is missing");
            return fallback;
        }
        std::string s = text_of(key, v);
        if (!v->is_string()) return fallback;
        for (const auto& e : table)
            if (s == e.name) return e.value;
        error(key, tr_args(N_("unknown value \"%s\" (expected one of: %s)"), {s, names_list(table)}));
        return fallback;
    }
    // {"kind": ..., "id": ...} objects (owner, regarding).
    template <typename E, std::size_t N>
    std::optional<std::pair<E, std::string>> reference(const char* key, const EnumName<E> (&table)[N]) {
        const V* v = member(key);
        if (!v) return std::nullopt;
        if (!v->is_object()) {
            error(key, tr_args(N_("expected an object with kind and id, got %s"), {v->type_name()}));
            return std::nullopt;
        }
        Reader sub(*v, path(key), st_);
        E kind = sub.enumeration("kind", table, table[0].value);
        std::string id = sub.required_text("id");
        sub.refuse_unknown();
        return std::make_pair(kind, std::move(id));
    }
    OwnerRef owner() {
        auto r = reference("owner", kOwnerNames);
        return r ? OwnerRef{r->first, std::move(r->second)} : OwnerRef{};
    }
    Due due() {
        const V* v = member("due");
        if (!v) return Due::none();
        if (!v->is_object()) {
            error("due", tr_args(N_("expected {\"date\": ...} or {\"at\": ...}, got %s"), {v->type_name()}));
            return Due::none();
        }
        Reader sub(*v, path("due"), st_);
        std::size_t errors_before = error_count();
        auto date = sub.optional_date("date");
        auto at = sub.optional_time("at");
        sub.refuse_unknown();
        if (date && at) sub.error("at", "give either date or at, not both");
        else if (date) return Due::on_date(*date);
        else if (at) return Due::at(*at);
        else if (error_count() == errors_before) error("due", "expected {\"date\": ...} or {\"at\": ...}");
        return Due::none();
    }
    std::vector<std::string> string_list(const char* key) {
        std::vector<std::string> out;
        const V* v = member(key);
        if (!v) return out;
        if (!v->is_array()) {
            error(key, tr_args(N_("expected a list of ids, got %s"), {v->type_name()}));
            return out;
        }
        out.reserve(v->size());
        for (std::size_t i = 0; i < v->size(); ++i) {
            std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
            out.push_back(text_of(item_key, &(*v)[i]));
        }
        return out;
    }
    RecordMeta meta() {
        RecordMeta m;
        m.id = required_text("id");
        m.rev = text("rev");
        m.deleted = boolean("deleted");
        m.created_by = text("created_by");
        m.created_at = time("created_at");
        m.modified_by = text("modified_by");
        m.modified_at = time("modified_at");
        return m;
    }
    // Keys this reader did not ask for are mistakes (a misspelt field would otherwise be lost
    // silently); keys starting with '_' belong to the sync server. When every key was asked for,
    // which is the usual case, there is nothing to scan.
    void refuse_unknown() {
        if (found_ == j_.size()) return;
        if constexpr (std::is_same_v<V, FlatValue>) {
            // A FlatValue keeps repeated keys (nlohmann keeps the last) and its members are in
            // the text's order, not sorted: rather than imitate both, refuse, and the import
            // reads the file again with nlohmann, which reports exactly what is wrong.
            error("", "has an unknown, underscored or repeated key");
        } else {
            for (auto it = j_.begin(); it != j_.end(); ++it) {
                const std::string& k = it.key();
                if (!k.empty() && k[0] == '_') continue;
                auto asked_end = asked_.begin() + static_cast<std::ptrdiff_t>(asked_count_);
                if (std::find(asked_.begin(), asked_end, k) == asked_end &&
                    std::find(asked_beyond_.begin(), asked_beyond_.end(), k) == asked_beyond_.end())
                    error(k, "is not a known field");
            }
        }
    }

private:
    // The member `key`, or nullptr when it is absent or null (null means unset). Each accessor
    // asks for its key once, so `found_` counts the object's known keys.
    const V* member(const char* key) {
        if (asked_count_ < asked_.size()) asked_[asked_count_++] = key;
        else asked_beyond_.push_back(key);
        const V* v = find_member(j_, key, hint_);
        if (!v) return nullptr;
        ++found_;
        return v->is_null() ? nullptr : v;
    }
    std::string text_of(std::string_view key, const V* v) {
        if (!v) return {};
        if (!v->is_string()) {
            error(key, tr_args(N_("expected text, got %s"), {v->type_name()}));
            return {};
        }
        std::string_view s = text_view(*v);
        if (!utf8_checked(*v) && !utf8_valid(s)) error(key, "is not valid UTF-8 text");
        return std::string(s);
    }

    const V& j_;
    std::string where_;
    Status& st_;
    // Without an allocation per record: an activity asks for 34 keys.
    std::array<std::string_view, 40> asked_;
    std::size_t asked_count_ = 0;
    std::vector<std::string_view> asked_beyond_;
    std::size_t found_ = 0;
    std::size_t hint_ = 0;
};

template <typename R>
void read_fields(R& r, Activity& a) {
    a.type = r.enumeration("type", kTypeNames, ActivityType::Task);
    a.subject = r.text("subject");
    a.description = r.text("description");
    if (auto ref = r.reference("regarding", kRegardingNames)) a.regarding = {ref->first, std::move(ref->second)};
    a.owner = r.owner();
    a.state = r.enumeration("state", kStateNames, ActivityState::Open);
    a.reason = r.enumeration("reason", kReasonNames, default_reason(a.type, a.state));
    a.priority = r.enumeration("priority", kPriorityNames, Priority::Normal, false);
    a.due = r.due();
    a.scheduled_start = r.optional_time("scheduled_start");
    a.scheduled_end = r.optional_time("scheduled_end");
    if (auto d = r.optional_integer("duration_minutes", 0, 1'000'000)) a.duration_minutes = static_cast<int>(*d);
    a.actual_end = r.optional_time("actual_end");
    a.direction = r.enumeration("direction", kDirectionNames, Direction::Outgoing, false);
    a.phone_number = r.text("phone_number");
    a.email_from = r.text("email_from");
    a.email_to = r.text("email_to");
    a.email_cc = r.text("email_cc");
    a.location = r.text("location");
    a.all_day = r.boolean("all_day");
    a.attendees = r.text("attendees");
    std::string rule = r.text("recurrence");
    if (!rule.empty()) {
        auto parsed = parse_rrule(rule);
        if (parsed.ok()) a.recurrence = std::move(parsed.value);
        for (const auto& e : parsed.status.errors) r.error("recurrence", tr_args(e.message.c_str(), {e.arg}));
    }
    std::vector<std::string> exceptions = r.string_list("recurrence_exceptions");
    if (!exceptions.empty() && rule.empty()) r.error("recurrence_exceptions", "needs a recurrence");
    for (const auto& text : exceptions) {
        auto d = parse_iso_date(text);
        if (!d) r.error("recurrence_exceptions", tr_args(N_("expected a date YYYY-MM-DD, got \"%s\""), {text}));
        else if (a.recurrence) add_recurrence_exception(*a.recurrence, *d);
    }
    a.series_id = r.text("series_id");
    a.occurrence_date = r.optional_date("occurrence_date");
    if (auto m = r.optional_integer("reminder_minutes", 0, kMaxReminderMinutes)) a.reminder_minutes = static_cast<int>(*m);
    a.reminder_dismissed = r.optional_time("reminder_dismissed");
}
template <typename R>
void read_fields(R& r, Account& a) {
    a.name = r.text("name");
    a.city = r.text("city");
    a.phone = r.text("phone");
    a.website = r.text("website");
    a.owner = r.owner();
}
template <typename R>
void read_fields(R& r, Contact& c) {
    c.full_name = r.text("full_name");
    c.parent_account_id = r.text("parent_account_id");
    c.job_title = r.text("job_title");
    c.email = r.text("email");
    c.phone = r.text("phone");
    c.owner = r.owner();
}
template <typename R>
void read_fields(R& r, Opportunity& o) {
    o.name = r.text("name");
    o.account_id = r.text("account_id");
    o.contact_id = r.text("contact_id");
    o.estimated_revenue = r.number("estimated_revenue");
    o.stage = r.enumeration("stage", kStageNames, OpportunityStage::Qualify, false);
    o.estimated_close = r.optional_date("estimated_close");
    o.owner = r.owner();
}
template <typename R>
void read_fields(R& r, Case& c) {
    c.title = r.text("title");
    c.account_id = r.text("account_id");
    c.contact_id = r.text("contact_id");
    c.status = r.enumeration("status", kCaseStatusNames, CaseStatus::Active, false);
    c.priority = r.enumeration("priority", kCasePriorityNames, CasePriority::Normal, false);
    c.owner = r.owner();
}
template <typename R>
void read_fields(R& r, User& u) {
    u.name = r.text("name");
    u.email = r.text("email");
}
template <typename R>
void read_fields(R& r, Team& t) {
    t.name = r.text("name");
    t.member_ids = r.string_list("member_ids");
}
template <typename R>
void read_fields(R& r, Attachment& a) {
    a.activity_id = r.text("activity_id");
    a.file_name = r.text("file_name");
    a.mime_type = r.text("mime_type");
    if (auto n = r.optional_integer("size", 0, std::int64_t{1} << 50)) a.size = static_cast<std::uint64_t>(*n);
}

// The record's own rules, with their field names put under `where`.
Status own_rules(const AnyRecord& any) {
    return std::visit(
        [](const auto& rec) -> Status {
            using T = std::decay_t<decltype(rec)>;
            if constexpr (std::is_same_v<T, Activity>) return validate_activity(rec);
            else if constexpr (std::is_same_v<T, Account>) return validate_account(rec);
            else if constexpr (std::is_same_v<T, Contact>) return validate_contact(rec);
            else if constexpr (std::is_same_v<T, Opportunity>) return validate_opportunity(rec);
            else if constexpr (std::is_same_v<T, Case>) return validate_case(rec);
            else if constexpr (std::is_same_v<T, Attachment>) return validate_attachment(rec);
            else if constexpr (std::is_same_v<T, User>) {
                Status st;
                if (rec.name.empty()) st.add("name", "A user needs a name.");
                return st;
            } else if constexpr (std::is_same_v<T, Team>) {
                Status st;
                if (rec.name.empty()) st.add("name", "A team needs a name.");
                return st;
            } else return {};
        },
        any);
}

// The rules name the form's fields; where the JSON key differs, the error names the key.
std::string json_key_of_rule_field(const std::string& field) {
    return field == "duration" ? std::string("duration_minutes") : field;
}

template <typename T, typename V>
AnyRecord read_record(const V& j, const std::string& where, Status& st) {
    T rec;
    Reader<V> r(j, where, st);
    rec.meta = r.meta();
    read_fields(r, rec);
    r.refuse_unknown();
    return rec;
}

}  // namespace

void append_json_string(std::string_view text, std::string& out) {
    // One pass that copies plain runs whole and checks UTF-8 as it goes (two passes, a check and
    // then the escaping, were a third of the export's time).
    static constexpr char kHex[] = "0123456789abcdef";
    // Most values (ids, names, enum names, dates) are short and plain: one append, quotes and all.
    if (text.size() <= 62 && end_of_plain_json_text(text, 0) == text.size()) {
        char buf[64];
        buf[0] = '"';
        std::memcpy(buf + 1, text.data(), text.size());
        buf[text.size() + 1] = '"';
        out.append(buf, text.size() + 2);
        return;
    }
    const std::size_t start_size = out.size();
    out += '"';
    std::size_t run = 0;  // start of the bytes not yet copied
    std::size_t i = 0;
    while ((i = end_of_plain_json_text(text, i)) < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            std::size_t n = utf8_sequence_length(text, i);
            if (n == 0) {
                // Invalid UTF-8 cannot be written as JSON: json_dump replaces it with U+FFFD.
                out.resize(start_size);
                out += json_dump(json(std::string(text)));
                return;
            }
            i += n;
            continue;
        }
        out.append(text.data() + run, i - run);
        run = ++i;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 15];
        }
    }
    out.append(text.data() + run, text.size() - run);
    out += '"';
}

template <typename Record>
void append_record_json(const Record& record, std::string& out) {
    out += '{';
    TextSink sink(out);
    write_meta(sink, record.meta);
    write_fields(sink, record);
    out += '}';
}
template void append_record_json(const Activity&, std::string&);
template void append_record_json(const Account&, std::string&);
template void append_record_json(const Contact&, std::string&);
template void append_record_json(const Opportunity&, std::string&);
template void append_record_json(const Case&, std::string&);
template void append_record_json(const User&, std::string&);
template void append_record_json(const Team&, std::string&);
template void append_record_json(const Attachment&, std::string&);
template void append_record_json(const Setting&, std::string&);  // its meta only, as record_to_json

template <typename Record>
void for_each_record_text(const Record& record, const std::function<void(std::string_view)>& fn) {
    TextVisitSink sink(fn);
    write_fields(sink, record);
}
template void for_each_record_text(const Activity&, const std::function<void(std::string_view)>&);
template void for_each_record_text(const Account&, const std::function<void(std::string_view)>&);
template void for_each_record_text(const Contact&, const std::function<void(std::string_view)>&);
template void for_each_record_text(const Opportunity&, const std::function<void(std::string_view)>&);
template void for_each_record_text(const Case&, const std::function<void(std::string_view)>&);
template void for_each_record_text(const User&, const std::function<void(std::string_view)>&);
template void for_each_record_text(const Team&, const std::function<void(std::string_view)>&);
template void for_each_record_text(const Attachment&, const std::function<void(std::string_view)>&);
template void for_each_record_text(const Setting&, const std::function<void(std::string_view)>&);

const char* record_kind_json_name(RecordKind kind) { return name_of(kKindNames, kind); }

std::optional<RecordKind> record_kind_from_json_name(std::string_view name) {
    for (const auto& e : kKindNames)
        if (name == e.name) return e.value;
    return std::nullopt;
}

json record_to_json(const AnyRecord& record) {
    json j = json::object();
    DomSink sink(j);
    std::visit(
        [&](const auto& rec) {
            write_meta(sink, rec.meta);
            write_fields(sink, rec);
        },
        record);
    return j;
}

namespace {

template <typename V>
Result<AnyRecord> read_any_record(RecordKind kind, const V& j, const std::string& where) {
    Result<AnyRecord> out;
    if (!j.is_object()) {
        out.status.add(where, tr_args(N_("expected an object, got %s"), {j.type_name()}));
        return out;
    }
    switch (kind) {
        case RecordKind::Activity: out.value = read_record<Activity, V>(j, where, out.status); break;
        case RecordKind::Account: out.value = read_record<Account, V>(j, where, out.status); break;
        case RecordKind::Contact: out.value = read_record<Contact, V>(j, where, out.status); break;
        case RecordKind::Opportunity: out.value = read_record<Opportunity, V>(j, where, out.status); break;
        case RecordKind::Case: out.value = read_record<Case, V>(j, where, out.status); break;
        case RecordKind::User: out.value = read_record<User, V>(j, where, out.status); break;
        case RecordKind::Team: out.value = read_record<Team, V>(j, where, out.status); break;
        case RecordKind::Attachment: out.value = read_record<Attachment, V>(j, where, out.status); break;
        case RecordKind::Setting: out.status.add(where, "device settings have no JSON form"); return out;
    }
    if (!out.ok()) return out;
    // Tombstones keep whatever they had; the rules apply to live records.
    if (!meta_of(out.value).deleted)
        for (auto& e : own_rules(out.value).errors) {
            std::string field = json_key_of_rule_field(e.field);
            out.status.add(field.empty() ? where : where.empty() ? field : where + "." + field, e.message, e.arg);
        }
    return out;
}

}  // namespace

Result<AnyRecord> record_from_json(RecordKind kind, const json& j, const std::string& where) {
    return read_any_record(kind, j, where);
}
Result<AnyRecord> record_from_json(RecordKind kind, const FlatValue& j, const std::string& where) {
    return read_any_record(kind, j, where);
}

json to_json(const FlatValue& v) {
    switch (v.type()) {
        case FlatValue::Type::Null: return nullptr;
        case FlatValue::Type::Boolean: return v.boolean();
        case FlatValue::Type::Integer: return v.as_int64();
        case FlatValue::Type::Unsigned: return v.as_uint64();
        case FlatValue::Type::Float: return v.as_double();
        case FlatValue::Type::String: return std::string(v.text());
        case FlatValue::Type::Object: {
            json o = json::object();
            for (std::size_t i = 0; i < v.size(); ++i) o[std::string(v[i].key())] = crm::to_json(v[i]);
            return o;
        }
        case FlatValue::Type::Array: {
            json a = json::array();
            for (std::size_t i = 0; i < v.size(); ++i) a.push_back(crm::to_json(v[i]));
            return a;
        }
    }
    return nullptr;
}

}  // namespace crm
