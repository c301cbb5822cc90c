#include "record_codec.hpp"

#include <cstring>

#include "ids.hpp"

namespace crm {
namespace {

class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}
    void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
            v >>= 7;
        }
        out_.push_back(static_cast<char>(v));
    }
    void svarint(std::int64_t v) { varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63)); }
    void str(std::string_view s) {
        varint(s.size());
        out_.append(s);
    }
    void boolean(bool b) { u8(b ? 1 : 0); }
    void opt_i64(const std::optional<std::int64_t>& v) {
        boolean(v.has_value());
        if (v) svarint(*v);
    }
    void f64(double d) {
        std::uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(bits >> (8 * i)));
    }
    void date(const LocalDate& d) {
        svarint(d.year);
        u8(static_cast<std::uint8_t>(d.month));
        u8(static_cast<std::uint8_t>(d.day));
    }
    void meta(const RecordMeta& m) {
        str(m.id);
        str(m.rev);
        boolean(m.deleted);
        str(m.created_by);
        svarint(m.created_at);
        str(m.modified_by);
        svarint(m.modified_at);
        str(m.remote_rev);
        str(m.remote_synced_rev);
    }
    void owner(const OwnerRef& o) {
        u8(static_cast<std::uint8_t>(o.kind));
        str(o.id);
    }
    void recurrence(const Recurrence& rec) {
        u8(static_cast<std::uint8_t>(rec.frequency));
        varint(static_cast<std::uint64_t>(rec.interval));
        u8(rec.weekdays);
        svarint(rec.month_day);
        svarint(rec.week_of_month);
        u8(static_cast<std::uint8_t>(rec.weekday));
        u8(static_cast<std::uint8_t>(rec.month));
        boolean(rec.until.has_value());
        if (rec.until) date(*rec.until);
        varint(static_cast<std::uint64_t>(rec.count));
        varint(rec.exceptions.size());
        for (const auto& d : rec.exceptions) date(d);
    }

private:
    std::string& out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    bool at_end() const { return pos_ >= in_.size(); }
    std::size_t position() const { return pos_; }
    std::uint8_t u8() {
        if (pos_ >= in_.size()) return fail(), 0;
        return static_cast<std::uint8_t>(in_[pos_++]);
    }
    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= in_.size()) return fail(), 0;
            auto b = static_cast<std::uint8_t>(in_[pos_++]);
            v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
            if (!(b & 0x80)) return v;
        }
        return fail(), 0;
    }
    std::int64_t svarint() {
        auto u = varint();
        return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
    }
    std::string str() {
        auto n = varint();
        if (!ok_ || n > in_.size() - pos_) return fail(), std::string{};
        std::string s(in_.substr(pos_, n));
        pos_ += n;
        return s;
    }
    bool boolean() {
        auto b = u8();
        if (b > 1) fail();
        return b == 1;
    }
    std::optional<std::int64_t> opt_i64() {
        if (!boolean()) return std::nullopt;
        return svarint();
    }
    double f64() {
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(u8()) << (8 * i);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    LocalDate date() {
        LocalDate d;
        d.year = static_cast<int>(svarint());
        d.month = u8();
        d.day = u8();
        return d;
    }
    template <typename E>
    E enumeration(int max_value) {
        auto v = u8();
        if (v > max_value) fail();
        return static_cast<E>(v);
    }
    RecordMeta meta(std::uint8_t format) {
        RecordMeta m;
        m.id = str();
        m.rev = str();
        m.deleted = boolean();
        m.created_by = str();
        m.created_at = svarint();
        m.modified_by = str();
        m.modified_at = svarint();
        if (format >= 2) {
            m.remote_rev = str();
            m.remote_synced_rev = str();
        }
        return m;
    }
    OwnerRef owner() {
        OwnerRef o;
        o.kind = enumeration<OwnerKind>(1);
        o.id = str();
        return o;
    }
    // Ranges are checked here so a corrupted record fails to decode instead of reaching the
    // expansion with an interval of zero.
    Recurrence recurrence() {
        Recurrence rec;
        rec.frequency = enumeration<Frequency>(3);
        auto interval = varint();
        rec.weekdays = u8();
        auto month_day = svarint();
        auto week = svarint();
        rec.weekday = u8();
        rec.month = u8();
        if (boolean()) rec.until = date();
        auto count = varint();
        auto exceptions = varint();
        if (interval < 1 || interval > kMaxRecurrenceInterval || count > kMaxRecurrenceCount || month_day < -1 ||
            month_day > 31 || week < -1 || week > 4 || rec.weekday > 6 || rec.month > 12 || rec.weekdays > 0x7F ||
            exceptions > kMaxRecurrenceExceptions) {
            fail();
            return rec;
        }
        rec.interval = static_cast<int>(interval);
        rec.month_day = static_cast<int>(month_day);
        rec.week_of_month = static_cast<int>(week);
        rec.count = static_cast<int>(count);
        for (std::uint64_t i = 0; i < exceptions && ok(); ++i) rec.exceptions.push_back(date());
        return rec;
    }
    void fail() { ok_ = false; }
    void skip(std::size_t n) { pos_ += n; }

private:
    std::string_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

void write_fields(Writer& w, const Activity& a) {
    w.u8(static_cast<std::uint8_t>(a.type));
    w.str(a.subject);
    w.str(a.description);
    w.u8(static_cast<std::uint8_t>(a.regarding.kind));
    w.str(a.regarding.id);
    w.owner(a.owner);
    w.u8(static_cast<std::uint8_t>(a.state));
    w.u8(static_cast<std::uint8_t>(a.reason));
    w.u8(static_cast<std::uint8_t>(a.priority));
    w.u8(static_cast<std::uint8_t>(a.due.kind));
    if (a.due.kind == Due::Kind::Date) w.date(a.due.date);
    if (a.due.kind == Due::Kind::Instant) w.svarint(a.due.instant);
    w.opt_i64(a.scheduled_start);
    w.opt_i64(a.scheduled_end);
    w.opt_i64(a.duration_minutes ? std::optional<std::int64_t>(*a.duration_minutes) : std::nullopt);
    w.opt_i64(a.actual_end);
    w.u8(static_cast<std::uint8_t>(a.direction));
    w.str(a.phone_number);
    w.str(a.email_from);
    w.str(a.email_to);
    w.str(a.email_cc);
    w.str(a.location);
    w.boolean(a.all_day);
    w.str(a.attendees);
    // format 3: series and reminder
    w.boolean(a.recurrence.has_value());
    if (a.recurrence) w.recurrence(*a.recurrence);
    w.str(a.series_id);
    w.boolean(a.occurrence_date.has_value());
    if (a.occurrence_date) w.date(*a.occurrence_date);
    w.opt_i64(a.reminder_minutes ? std::optional<std::int64_t>(*a.reminder_minutes) : std::nullopt);
    w.opt_i64(a.reminder_dismissed);
}

void read_fields(Reader& r, Activity& a, std::uint8_t format) {
    a.type = r.enumeration<ActivityType>(4);
    a.subject = r.str();
    a.description = r.str();
    a.regarding.kind = r.enumeration<RegardingKind>(4);
    a.regarding.id = r.str();
    a.owner = r.owner();
    a.state = r.enumeration<ActivityState>(3);
    a.reason = r.enumeration<StatusReason>(static_cast<int>(StatusReason::NoteActive));
    a.priority = r.enumeration<Priority>(2);
    a.due.kind = r.enumeration<Due::Kind>(2);
    if (a.due.kind == Due::Kind::Date) a.due.date = r.date();
    if (a.due.kind == Due::Kind::Instant) a.due.instant = r.svarint();
    a.scheduled_start = r.opt_i64();
    a.scheduled_end = r.opt_i64();
    if (auto d = r.opt_i64()) a.duration_minutes = static_cast<int>(*d);
    a.actual_end = r.opt_i64();
    a.direction = r.enumeration<Direction>(1);
    a.phone_number = r.str();
    a.email_from = r.str();
    a.email_to = r.str();
    a.email_cc = r.str();
    a.location = r.str();
    a.all_day = r.boolean();
    a.attendees = r.str();
    if (format < 3) return;
    if (r.boolean()) a.recurrence = r.recurrence();
    a.series_id = r.str();
    if (r.boolean()) a.occurrence_date = r.date();
    if (auto m = r.opt_i64()) {
        if (*m < 0 || *m > kMaxReminderMinutes) return r.fail();
        a.reminder_minutes = static_cast<int>(*m);
    }
    a.reminder_dismissed = r.opt_i64();
}

void write_fields(Writer& w, const Account& a) {
    w.str(a.name);
    w.str(a.city);
    w.str(a.phone);
    w.str(a.website);
    w.owner(a.owner);
}
void read_fields(Reader& r, Account& a) {
    a.name = r.str();
    a.city = r.str();
    a.phone = r.str();
    a.website = r.str();
    a.owner = r.owner();
}

void write_fields(Writer& w, const Contact& c) {
    w.str(c.full_name);
    w.str(c.parent_account_id);
    w.str(c.job_title);
    w.str(c.email);
    w.str(c.phone);
    w.owner(c.owner);
}
void read_fields(Reader& r, Contact& c) {
    c.full_name = r.str();
    c.parent_account_id = r.str();
    c.job_title = r.str();
    c.email = r.str();
    c.phone = r.str();
    c.owner = r.owner();
}

void write_fields(Writer& w, const Opportunity& o) {
    w.str(o.name);
    w.str(o.account_id);
    w.str(o.contact_id);
    w.f64(o.estimated_revenue);
    w.u8(static_cast<std::uint8_t>(o.stage));
    w.boolean(o.estimated_close.has_value());
    if (o.estimated_close) w.date(*o.estimated_close);
    w.owner(o.owner);
}
void read_fields(Reader& r, Opportunity& o) {
    o.name = r.str();
    o.account_id = r.str();
    o.contact_id = r.str();
    o.estimated_revenue = r.f64();
    o.stage = r.enumeration<OpportunityStage>(3);
    if (r.boolean()) o.estimated_close = r.date();
    o.owner = r.owner();
}

void write_fields(Writer& w, const Case& c) {
    w.str(c.title);
    w.str(c.account_id);
    w.str(c.contact_id);
    w.u8(static_cast<std::uint8_t>(c.status));
    w.u8(static_cast<std::uint8_t>(c.priority));
    w.owner(c.owner);
}
void read_fields(Reader& r, Case& c) {
    c.title = r.str();
    c.account_id = r.str();
    c.contact_id = r.str();
    c.status = r.enumeration<CaseStatus>(2);
    c.priority = r.enumeration<CasePriority>(2);
    c.owner = r.owner();
}

void write_fields(Writer& w, const User& u) {
    w.str(u.name);
    w.str(u.email);
}
void read_fields(Reader& r, User& u) {
    u.name = r.str();
    u.email = r.str();
}

void write_fields(Writer& w, const Team& t) {
    w.str(t.name);
    w.varint(t.member_ids.size());
    for (const auto& m : t.member_ids) w.str(m);
}
void read_fields(Reader& r, Team& t) {
    t.name = r.str();
    auto n = r.varint();
    if (n > 100'000) return r.fail();
    for (std::uint64_t i = 0; i < n && r.ok(); ++i) t.member_ids.push_back(r.str());
}

void write_fields(Writer& w, const Setting& s) { w.str(s.value); }
void read_fields(Reader& r, Setting& s) { s.value = r.str(); }

void write_fields(Writer& w, const Attachment& a) {
    w.str(a.activity_id);
    w.str(a.file_name);
    w.str(a.mime_type);
    w.varint(a.size);
}
void read_fields(Reader& r, Attachment& a) {
    a.activity_id = r.str();
    a.file_name = r.str();
    a.mime_type = r.str();
    a.size = r.varint();
}

// Decodes in place (no move of the record afterwards); on failure `out` is left half-read.
template <typename T>
bool read_record(Reader& r, std::uint8_t format, AnyRecord& out) {
    T& rec = out.emplace<T>();
    rec.meta = r.meta(format);
    if constexpr (std::is_same_v<T, Activity>) read_fields(r, rec, format);
    else read_fields(r, rec);
    return r.ok() && r.at_end();
}

void encode_body(const AnyRecord& record, std::string& body, bool with_meta) {
    Writer w(body);
    w.u8(static_cast<std::uint8_t>(kind_of(record)));
    w.u8(kRecordFormatVersion);
    std::visit(
        [&](const auto& rec) {
            if (with_meta) w.meta(rec.meta);
            write_fields(w, rec);
        },
        record);
}

}  // namespace

void encode_record(const AnyRecord& record, std::string& out) {
    std::string body;
    encode_body(record, body, true);
    Writer w(out);
    w.varint(body.size());
    out.append(body);
}

std::string encode_records(std::span<const AnyRecord> records) {
    std::string out;
    for (const auto& r : records) encode_record(r, out);
    return out;
}

std::uint64_t content_hash(const AnyRecord& record) {
    std::string body;
    encode_body(record, body, false);
    const auto& m = meta_of(record);
    return fnv1a64(body, fnv1a64(m.deleted ? "deleted" : "live"));
}

std::size_t count_records(std::string_view bytes, RecordKind kind) {
    std::size_t count = 0;
    Reader r(bytes);
    while (!r.at_end()) {
        std::uint64_t len = r.varint();
        if (!r.ok() || len > bytes.size() - r.position()) break;
        if (len > 0) count += static_cast<RecordKind>(bytes[r.position()]) == kind;
        r.skip(static_cast<std::size_t>(len));
    }
    return count;
}

DecodeReport decode_records(std::string_view bytes, const std::function<void(AnyRecord&&)>& sink) {
    DecodeReport report;
    std::size_t offset = 0;
    std::size_t index = 0;
    for (; offset < bytes.size(); ++index) {
        Reader len_reader(bytes.substr(offset));
        std::uint64_t len = len_reader.varint();
        // size of the varint itself, as read (a non-minimal varint is longer than its value needs)
        std::size_t prefix = len_reader.position();
        if (!len_reader.ok() || len > bytes.size() - offset - prefix) {
            report.errors.push_back("record " + std::to_string(index) + " at byte " + std::to_string(offset) + ": truncated batch");
            report.unreadable.push_back({index, offset, bytes.size() - offset});
            break;
        }
        std::string_view body = bytes.substr(offset + prefix, len);
        offset += prefix + len;
        Reader r(body);
        auto kind = r.u8();
        auto format = r.u8();
        AnyRecord rec;
        bool ok = r.ok() && format >= 1 && format <= kRecordFormatVersion;
        if (ok) {
            switch (static_cast<RecordKind>(kind)) {
                case RecordKind::Activity: ok = read_record<Activity>(r, format, rec); break;
                case RecordKind::Account: ok = read_record<Account>(r, format, rec); break;
                case RecordKind::Contact: ok = read_record<Contact>(r, format, rec); break;
                case RecordKind::Opportunity: ok = read_record<Opportunity>(r, format, rec); break;
                case RecordKind::Case: ok = read_record<Case>(r, format, rec); break;
                case RecordKind::User: ok = read_record<User>(r, format, rec); break;
                case RecordKind::Team: ok = read_record<Team>(r, format, rec); break;
                case RecordKind::Setting: ok = read_record<Setting>(r, format, rec); break;
                case RecordKind::Attachment: ok = read_record<Attachment>(r, format, rec); break;
                default: ok = false;
            }
        }
        if (!ok) {
            std::size_t start = offset - len - prefix;
            report.errors.push_back("record " + std::to_string(index) + " at byte " + std::to_string(start) + ": unreadable (kind " +
                                    std::to_string(kind) + ", format " + std::to_string(format) + ")");
            report.unreadable.push_back({index, start, prefix + static_cast<std::size_t>(len)});
            continue;
        }
        ++report.records;
        sink(std::move(rec));
    }
    return report;
}

}  // namespace crm
