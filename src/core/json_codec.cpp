#include "json_codec.hpp"
#include "json_safe.hpp"

#include <array>
#include <cmath>

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

// ---- writing ----
json owner_json(const OwnerRef& o) { return {{"kind", name_of(kOwnerNames, o.kind)}, {"id", o.id}}; }

void put_meta(json& j, const RecordMeta& m) {
    j["id"] = m.id;
    j["rev"] = m.rev;
    j["deleted"] = m.deleted;
    j["created_by"] = m.created_by;
    j["created_at"] = format_iso_utc(m.created_at);
    j["modified_by"] = m.modified_by;
    j["modified_at"] = format_iso_utc(m.modified_at);
}

void put_owner(json& j, const OwnerRef& o) {
    if (!o.empty()) j["owner"] = owner_json(o);
}

void put_fields(json& j, const Activity& a) {
    j["type"] = name_of(kTypeNames, a.type);
    j["subject"] = a.subject;
    j["description"] = a.description;
    if (!a.regarding.empty()) j["regarding"] = {{"kind", name_of(kRegardingNames, a.regarding.kind)}, {"id", a.regarding.id}};
    put_owner(j, a.owner);
    j["state"] = name_of(kStateNames, a.state);
    j["reason"] = name_of(kReasonNames, a.reason);
    j["priority"] = name_of(kPriorityNames, a.priority);
    if (a.due.kind == Due::Kind::Date) j["due"] = {{"date", format_iso_date(a.due.date)}};
    if (a.due.kind == Due::Kind::Instant) j["due"] = {{"at", format_iso_utc(a.due.instant)}};
    if (a.scheduled_start) j["scheduled_start"] = format_iso_utc(*a.scheduled_start);
    if (a.scheduled_end) j["scheduled_end"] = format_iso_utc(*a.scheduled_end);
    if (a.duration_minutes) j["duration_minutes"] = *a.duration_minutes;
    if (a.actual_end) j["actual_end"] = format_iso_utc(*a.actual_end);
    j["direction"] = name_of(kDirectionNames, a.direction);
    j["phone_number"] = a.phone_number;
    j["email_from"] = a.email_from;
    j["email_to"] = a.email_to;
    j["email_cc"] = a.email_cc;
    j["location"] = a.location;
    j["all_day"] = a.all_day;
    j["attendees"] = a.attendees;
}
void put_fields(json& j, const Account& a) {
    j["name"] = a.name;
    j["city"] = a.city;
    j["phone"] = a.phone;
    j["website"] = a.website;
    put_owner(j, a.owner);
}
void put_fields(json& j, const Contact& c) {
    j["full_name"] = c.full_name;
    j["parent_account_id"] = c.parent_account_id;
    j["job_title"] = c.job_title;
    j["email"] = c.email;
    j["phone"] = c.phone;
    put_owner(j, c.owner);
}
void put_fields(json& j, const Opportunity& o) {
    j["name"] = o.name;
    j["account_id"] = o.account_id;
    j["contact_id"] = o.contact_id;
    j["estimated_revenue"] = o.estimated_revenue;
    j["stage"] = name_of(kStageNames, o.stage);
    if (o.estimated_close) j["estimated_close"] = format_iso_date(*o.estimated_close);
    put_owner(j, o.owner);
}
void put_fields(json& j, const Case& c) {
    j["title"] = c.title;
    j["account_id"] = c.account_id;
    j["contact_id"] = c.contact_id;
    j["status"] = name_of(kCaseStatusNames, c.status);
    j["priority"] = name_of(kCasePriorityNames, c.priority);
    put_owner(j, c.owner);
}
void put_fields(json& j, const User& u) {
    j["name"] = u.name;
    j["email"] = u.email;
}
void put_fields(json& j, const Team& t) {
    j["name"] = t.name;
    j["member_ids"] = t.member_ids;
}
void put_fields(json& j, const Attachment& a) {
    j["activity_id"] = a.activity_id;
    j["file_name"] = a.file_name;
    j["mime_type"] = a.mime_type;
    j["size"] = a.size;
}
void put_fields(json&, const Setting&) {}

// ---- reading: every accessor records a path-named error and returns a neutral value ----
class Reader {
public:
    Reader(const json& j, const std::string& where, Status& st) : j_(j), where_(where), st_(st) {}

    std::string path(const std::string& key) const { return where_.empty() ? key : where_ + "." + key; }
    void error(const std::string& key, std::string message) { st_.add(path(key), std::move(message)); }
    bool has(const char* key) const { return j_.contains(key) && !j_[key].is_null(); }
    void mark(const char* key) { seen_.push_back(key); }

    std::string str(const char* key, bool required = false) {
        mark(key);
        if (!has(key)) {
            if (required) error(key, "is missing");
            return {};
        }
        const json& v = j_[key];
        if (!v.is_string()) {
            error(key, std::string("expected text, got ") + v.type_name());
            return {};
        }
        std::string s = v.get<std::string>();
        if (!utf8_valid(s)) error(key, "is not valid UTF-8 text");
        return s;
    }
    bool boolean(const char* key) {
        mark(key);
        if (!has(key)) return false;
        if (!j_[key].is_boolean()) {
            error(key, std::string("expected true or false, got ") + j_[key].type_name());
            return false;
        }
        return j_[key].get<bool>();
    }
    UtcMillis time(const char* key) {
        std::string s = str(key);
        if (s.empty()) return 0;
        auto t = parse_iso_utc(s);
        if (!t) error(key, "expected a time like 2026-11-24T14:00:00.000Z, got \"" + s + "\"");
        return t.value_or(0);
    }
    std::optional<UtcMillis> optional_time(const char* key) {
        if (!has(key)) {
            mark(key);
            return std::nullopt;
        }
        return time(key);
    }
    std::optional<LocalDate> optional_date(const char* key) {
        std::string s = str(key);
        if (s.empty()) return std::nullopt;
        auto d = parse_iso_date(s);
        if (!d) error(key, "expected a date YYYY-MM-DD, got \"" + s + "\"");
        return d;
    }
    double number(const char* key) {
        mark(key);
        if (!has(key)) return 0;
        if (!j_[key].is_number() || !std::isfinite(j_[key].get<double>())) {
            error(key, std::string("expected a number, got ") + j_[key].type_name());
            return 0;
        }
        return j_[key].get<double>();
    }
    std::optional<std::int64_t> optional_integer(const char* key, std::int64_t min, std::int64_t max) {
        mark(key);
        if (!has(key)) return std::nullopt;
        const json& v = j_[key];
        if (!v.is_number_integer() || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max) {
            error(key, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + json_dump(v));
            return std::nullopt;
        }
        return v.get<std::int64_t>();
    }
    template <typename E, std::size_t N>
    E enumeration(const char* key, const EnumName<E> (&table)[N], E fallback, bool required = true) {
        std::string s = str(key, required);
        if (s.empty()) return fallback;
        for (const auto& e : table)
            if (s == e.name) return e.value;
        error(key, "unknown value \"" + s + "\" (expected one of: " + names_list(table) + ")");
        return fallback;
    }
    // {"kind": ..., "id": ...} objects (owner, regarding).
    template <typename E, std::size_t N>
    std::optional<std::pair<E, std::string>> reference(const char* key, const EnumName<E> (&table)[N]) {
        mark(key);
        if (!has(key)) return std::nullopt;
        if (!j_[key].is_object()) {
            error(key, std::string("expected an object with kind and id, got ") + j_[key].type_name());
            return std::nullopt;
        }
        Reader sub(j_[key], path(key), st_);
        E kind = sub.enumeration("kind", table, table[0].value);
        std::string id = sub.str("id", true);
        sub.refuse_unknown();
        return std::make_pair(kind, id);
    }
    OwnerRef owner() {
        auto r = reference("owner", kOwnerNames);
        return r ? OwnerRef{r->first, r->second} : OwnerRef{};
    }
    Due due() {
        mark("due");
        if (!has("due")) return Due::none();
        if (!j_["due"].is_object()) {
            error("due", std::string("expected {\"date\": ...} or {\"at\": ...}, got ") + j_["due"].type_name());
            return Due::none();
        }
        Reader sub(j_["due"], path("due"), st_);
        Due d = Due::none();
        if (sub.has("date") && sub.has("at")) sub.error("at", "give either date or at, not both");
        else if (sub.has("date")) {
            if (auto date = sub.optional_date("date")) d = Due::on_date(*date);
        } else if (sub.has("at")) d = Due::at(sub.time("at"));
        else error("due", "expected {\"date\": ...} or {\"at\": ...}");
        sub.mark("date");
        sub.mark("at");
        sub.refuse_unknown();
        return d;
    }
    std::vector<std::string> string_list(const char* key) {
        mark(key);
        std::vector<std::string> out;
        if (!has(key)) return out;
        if (!j_[key].is_array()) {
            error(key, std::string("expected a list of ids, got ") + j_[key].type_name());
            return out;
        }
        for (std::size_t i = 0; i < j_[key].size(); ++i) {
            const json& v = j_[key][i];
            if (!v.is_string()) error(std::string(key) + "[" + std::to_string(i) + "]", "expected text");
            else out.push_back(v.get<std::string>());
        }
        return out;
    }
    RecordMeta meta() {
        RecordMeta m;
        m.id = str("id", true);
        m.rev = str("rev");
        m.deleted = boolean("deleted");
        m.created_by = str("created_by");
        m.created_at = time("created_at");
        m.modified_by = str("modified_by");
        m.modified_at = time("modified_at");
        return m;
    }
    // Keys this reader did not ask for are mistakes (a misspelt field would otherwise be lost
    // silently); keys starting with '_' belong to the sync server.
    void refuse_unknown() {
        for (auto it = j_.begin(); it != j_.end(); ++it) {
            const std::string& k = it.key();
            if (!k.empty() && k[0] == '_') continue;
            if (std::find(seen_.begin(), seen_.end(), k) == seen_.end()) error(k, "is not a known field");
        }
    }

private:
    const json& j_;
    std::string where_;
    Status& st_;
    std::vector<std::string> seen_;
};

void read_fields(Reader& r, Activity& a) {
    a.type = r.enumeration("type", kTypeNames, ActivityType::Task);
    a.subject = r.str("subject");
    a.description = r.str("description");
    if (auto ref = r.reference("regarding", kRegardingNames)) a.regarding = {ref->first, ref->second};
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
    a.phone_number = r.str("phone_number");
    a.email_from = r.str("email_from");
    a.email_to = r.str("email_to");
    a.email_cc = r.str("email_cc");
    a.location = r.str("location");
    a.all_day = r.boolean("all_day");
    a.attendees = r.str("attendees");
}
void read_fields(Reader& r, Account& a) {
    a.name = r.str("name");
    a.city = r.str("city");
    a.phone = r.str("phone");
    a.website = r.str("website");
    a.owner = r.owner();
}
void read_fields(Reader& r, Contact& c) {
    c.full_name = r.str("full_name");
    c.parent_account_id = r.str("parent_account_id");
    c.job_title = r.str("job_title");
    c.email = r.str("email");
    c.phone = r.str("phone");
    c.owner = r.owner();
}
void read_fields(Reader& r, Opportunity& o) {
    o.name = r.str("name");
    o.account_id = r.str("account_id");
    o.contact_id = r.str("contact_id");
    o.estimated_revenue = r.number("estimated_revenue");
    o.stage = r.enumeration("stage", kStageNames, OpportunityStage::Qualify, false);
    o.estimated_close = r.optional_date("estimated_close");
    o.owner = r.owner();
}
void read_fields(Reader& r, Case& c) {
    c.title = r.str("title");
    c.account_id = r.str("account_id");
    c.contact_id = r.str("contact_id");
    c.status = r.enumeration("status", kCaseStatusNames, CaseStatus::Active, false);
    c.priority = r.enumeration("priority", kCasePriorityNames, CasePriority::Normal, false);
    c.owner = r.owner();
}
void read_fields(Reader& r, User& u) {
    u.name = r.str("name");
    u.email = r.str("email");
}
void read_fields(Reader& r, Team& t) {
    t.name = r.str("name");
    t.member_ids = r.string_list("member_ids");
}
void read_fields(Reader& r, Attachment& a) {
    a.activity_id = r.str("activity_id");
    a.file_name = r.str("file_name");
    a.mime_type = r.str("mime_type");
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

template <typename T>
AnyRecord read_record(const json& j, const std::string& where, Status& st) {
    T rec;
    Reader r(j, where, st);
    rec.meta = r.meta();
    read_fields(r, rec);
    r.refuse_unknown();
    return rec;
}

}  // namespace

const char* record_kind_json_name(RecordKind kind) { return name_of(kKindNames, kind); }

std::optional<RecordKind> record_kind_from_json_name(std::string_view name) {
    for (const auto& e : kKindNames)
        if (name == e.name) return e.value;
    return std::nullopt;
}

json record_to_json(const AnyRecord& record) {
    json j = json::object();
    std::visit(
        [&](const auto& rec) {
            put_meta(j, rec.meta);
            put_fields(j, rec);
        },
        record);
    return j;
}

Result<AnyRecord> record_from_json(RecordKind kind, const json& j, const std::string& where) {
    Result<AnyRecord> out;
    if (!j.is_object()) {
        out.status.add(where, std::string("expected an object, got ") + j.type_name());
        return out;
    }
    switch (kind) {
        case RecordKind::Activity: out.value = read_record<Activity>(j, where, out.status); break;
        case RecordKind::Account: out.value = read_record<Account>(j, where, out.status); break;
        case RecordKind::Contact: out.value = read_record<Contact>(j, where, out.status); break;
        case RecordKind::Opportunity: out.value = read_record<Opportunity>(j, where, out.status); break;
        case RecordKind::Case: out.value = read_record<Case>(j, where, out.status); break;
        case RecordKind::User: out.value = read_record<User>(j, where, out.status); break;
        case RecordKind::Team: out.value = read_record<Team>(j, where, out.status); break;
        case RecordKind::Attachment: out.value = read_record<Attachment>(j, where, out.status); break;
        case RecordKind::Setting: out.status.add(where, "device settings have no JSON form"); return out;
    }
    if (!out.ok()) return out;
    // Tombstones keep whatever they had; the rules apply to live records.
    if (!meta_of(out.value).deleted)
        for (auto& e : own_rules(out.value).errors)
            out.status.add(e.field.empty() ? where : where + "." + e.field, e.message, e.arg);
    return out;
}

}  // namespace crm
