// Tests for record_codec: every record kind round-trips field by field, truncated and corrupted
// input is reported without losing the good records around it, content_hash ignores the
// revision, and random or truncated input never crashes the decoder.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "core/record_codec.hpp"
#include "core/store.hpp"

using namespace crm;

namespace {

RecordMeta full_meta(const char* id, bool deleted = false) {
    RecordMeta m;
    m.id = id;
    m.rev = "12-00ff00ff00ff00ff";
    m.deleted = deleted;
    m.created_by = "9b2f6a44-1111-4222-8333-444455556666";
    m.created_at = -123'456'789'012;  // before 1970
    m.modified_by = "Łukasz 用户";
    m.modified_at = 1'795'000'000'123;
    return m;
}

Activity full_activity() {
    Activity a;
    a.meta = full_meta("a1b2c3d4-0000-4000-8000-000000000001");
    a.type = ActivityType::Appointment;
    a.subject = "Spotkanie w Krakowie — 会议 📅";
    a.description = "Zażółć gęślą jaźń.\nLine two\r\n\t你好世界";
    a.regarding = {RegardingKind::Opportunity, "opp-1"};
    a.owner = {OwnerKind::Team, "team-7"};
    a.state = ActivityState::Scheduled;
    a.reason = StatusReason::OutOfOffice;
    a.priority = Priority::High;
    a.due = Due::at(-86'400'001);  // negative instant
    a.scheduled_start = -3'600'000;
    a.scheduled_end = 4'102'444'800'000;  // 2100-01-01
    a.duration_minutes = 527'040;
    a.actual_end = 0;  // set, and zero
    a.direction = Direction::Incoming;
    a.phone_number = "+48 12 555 02 10";
    a.email_from = "anna@example.com";
    a.email_to = "a@b.co; c@d.org";
    a.email_cc = "e@f.net";
    a.location = "Kraków, ul. Floriańska 1";
    a.all_day = true;
    a.attendees = "Małgorzata; 王小明";
    return a;
}

Account full_account() {
    Account a;
    a.meta = full_meta("acc-1");
    a.name = "Hurtownia Żółw sp. z o.o.";
    a.city = "Łódź";
    a.phone = "+48 42 555 01 77";
    a.website = "zolw.example";
    a.owner = {OwnerKind::User, "user-1"};
    return a;
}

Contact full_contact() {
    Contact c;
    c.meta = full_meta("con-1", true);
    c.full_name = "陈大文";
    c.parent_account_id = "acc-1";
    c.job_title = "Kierownik zakupów";
    c.email = "chen@example.cn";
    c.phone = "+886 2 5555 0000";
    c.owner = {OwnerKind::Team, "team-1"};
    return c;
}

Opportunity full_opportunity() {
    Opportunity o;
    o.meta = full_meta("opp-1");
    o.name = "Wdrożenie systemu WMS";
    o.account_id = "acc-1";
    o.contact_id = "con-1";
    o.estimated_revenue = -1234.5678e3;
    o.stage = OpportunityStage::Close;
    o.estimated_close = LocalDate{1969, 12, 31};
    o.owner = {OwnerKind::User, "user-2"};
    return o;
}

Case full_case() {
    Case c;
    c.meta = full_meta("case-1");
    c.title = "Reklamacja: brakujące palety";
    c.account_id = "acc-1";
    c.contact_id = "con-1";
    c.status = CaseStatus::Canceled;
    c.priority = CasePriority::High;
    c.owner = {OwnerKind::User, "user-3"};
    return c;
}

User full_user() {
    User u;
    u.meta = full_meta("user-1");
    u.name = "Małgorzata Wiśniewska";
    u.email = "m.wisniewska@zolw.example";
    return u;
}

Team full_team() {
    Team t;
    t.meta = full_meta("team-1");
    t.name = "Zespół Północ 北";
    t.member_ids = {"user-1", "user-2", "", "user-3"};
    return t;
}

Setting full_setting() {
    Setting s;
    s.meta = full_meta("current_user");
    s.value = std::string("binary\0value\xFF", 13);
    return s;
}

Attachment full_attachment() {
    Attachment a;
    a.meta = full_meta("att-1", true);
    a.activity_id = "a1b2c3d4-0000-4000-8000-000000000001";
    a.file_name = "Oferta — 报价 (wersja 2).pdf";
    a.mime_type = "application/pdf";
    a.size = 26'214'400;  // 25 MB: a multi-byte varint
    return a;
}

void check_meta(const RecordMeta& a, const RecordMeta& b) {
    CHECK(a.id == b.id);
    CHECK(a.rev == b.rev);
    CHECK(a.deleted == b.deleted);
    CHECK(a.created_by == b.created_by);
    CHECK(a.created_at == b.created_at);
    CHECK(a.modified_by == b.modified_by);
    CHECK(a.modified_at == b.modified_at);
}

void check_same(const Activity& a, const Activity& b) {
    check_meta(a.meta, b.meta);
    CHECK(a.type == b.type);
    CHECK(a.subject == b.subject);
    CHECK(a.description == b.description);
    CHECK(a.regarding == b.regarding);
    CHECK(a.owner == b.owner);
    CHECK(a.state == b.state);
    CHECK(a.reason == b.reason);
    CHECK(a.priority == b.priority);
    CHECK(a.due.kind == b.due.kind);
    if (a.due.kind == Due::Kind::Date) CHECK(a.due.date == b.due.date);
    if (a.due.kind == Due::Kind::Instant) CHECK(a.due.instant == b.due.instant);
    CHECK(a.scheduled_start == b.scheduled_start);
    CHECK(a.scheduled_end == b.scheduled_end);
    CHECK(a.duration_minutes == b.duration_minutes);
    CHECK(a.actual_end == b.actual_end);
    CHECK(a.direction == b.direction);
    CHECK(a.phone_number == b.phone_number);
    CHECK(a.email_from == b.email_from);
    CHECK(a.email_to == b.email_to);
    CHECK(a.email_cc == b.email_cc);
    CHECK(a.location == b.location);
    CHECK(a.all_day == b.all_day);
    CHECK(a.attendees == b.attendees);
}
void check_same(const Account& a, const Account& b) {
    check_meta(a.meta, b.meta);
    CHECK(a.name == b.name);
    CHECK(a.city == b.city);
    CHECK(a.phone == b.phone);
    CHECK(a.website == b.website);
    CHECK(a.owner == b.owner);
}
void check_same(const Contact& a, const Contact& b) {
    check_meta(a.meta, b.meta);
    CHECK(a.full_name == b.full_name);
    CHECK(a.parent_account_id == b.parent_account_id);
    CHECK(a.job_title == b.job_title);
    CHECK(a.email == b.email);
    CHECK(a.phone == b.phone);
    CHECK(a.owner == b.owner);
}
void check_same(const Opportunity& a, const Opportunity& b) {
    check_meta(a.meta, b.meta);
    CHECK(a.name == b.name);
    CHECK(a.account_id == b.account_id);
    CHECK(a.contact_id == b.contact_id);
    CHECK(a.estimated_revenue == b.estimated_revenue);
    CHECK(a.stage == b.stage);
    CHECK(a.estimated_close == b.estimated_close);
    CHECK(a.owner == b.owner);
}
void check_same(const Case& a, const Case& b) {
    check_meta(a.meta, b.meta);
    CHECK(a.title == b.title);
    CHECK(a.account_id == b.account_id);
    CHECK(a.contact_id == b.contact_id);
    CHECK(a.status == b.status);
    CHECK(a.priority == b.priority);
    CHECK(a.owner == b.owner);
}
void check_same(const User& a, const User& b) {
    check_meta(a.meta, b.meta);
    CHECK(a.name == b.name);
    CHECK(a.email == b.email);
}
void check_same(const Team& a, const Team& b) {
    check_meta(a.meta, b.meta);
    CHECK(a.name == b.name);
    CHECK(a.member_ids == b.member_ids);
}
void check_same(const Setting& a, const Setting& b) {
    check_meta(a.meta, b.meta);
    CHECK(a.value == b.value);
}
void check_same(const Attachment& a, const Attachment& b) {
    check_meta(a.meta, b.meta);
    CHECK(a.activity_id == b.activity_id);
    CHECK(a.file_name == b.file_name);
    CHECK(a.mime_type == b.mime_type);
    CHECK(a.size == b.size);
}

void check_same_any(const AnyRecord& expected, const AnyRecord& actual) {
    REQUIRE(expected.index() == actual.index());
    std::visit(
        [&](const auto& e) {
            using T = std::decay_t<decltype(e)>;
            check_same(e, std::get<T>(actual));
        },
        expected);
}

std::vector<AnyRecord> decode_all(std::string_view bytes, DecodeReport* report = nullptr) {
    std::vector<AnyRecord> out;
    auto r = decode_records(bytes, [&](AnyRecord&& rec) { out.push_back(std::move(rec)); });
    CHECK(r.records == out.size());
    if (report) *report = r;
    return out;
}

std::vector<AnyRecord> every_kind() {
    return {full_activity(), full_account(), full_contact(), full_opportunity(),
            full_case(),     full_user(),    full_team(),    full_setting(), full_attachment()};
}

}  // namespace

TEST_CASE("record_codec: every record kind round-trips with all fields set") {
    const auto records = every_kind();
    const std::string bytes = encode_records(records);
    DecodeReport report;
    const auto decoded = decode_all(bytes, &report);
    CHECK(report.errors.empty());
    REQUIRE(decoded.size() == records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        CAPTURE(i);
        CHECK(kind_of(decoded[i]) == kind_of(records[i]));
        check_same_any(records[i], decoded[i]);
    }
    // encoding the decoded records gives the same bytes
    CHECK(encode_records(decoded) == bytes);
}

TEST_CASE("record_codec: defaults and empty optionals round-trip") {
    std::vector<AnyRecord> records{Activity{}, Account{}, Contact{}, Opportunity{}, Case{}, User{}, Team{}, Setting{}, Attachment{}};
    const auto decoded = decode_all(encode_records(records));
    REQUIRE(decoded.size() == records.size());
    for (std::size_t i = 0; i < records.size(); ++i) check_same_any(records[i], decoded[i]);
    const Activity& a = std::get<Activity>(decoded[0]);
    CHECK_FALSE(a.scheduled_start.has_value());
    CHECK_FALSE(a.scheduled_end.has_value());
    CHECK_FALSE(a.duration_minutes.has_value());
    CHECK_FALSE(a.actual_end.has_value());
    CHECK(a.due.empty());
    CHECK_FALSE(std::get<Opportunity>(decoded[3]).estimated_close.has_value());
}

TEST_CASE("record_codec: every due kind and every enum value round-trips") {
    std::vector<AnyRecord> records;
    for (auto t : kAllActivityTypes)
        for (auto s : kAllActivityStates)
            for (auto r : status_reasons_for(t, s)) {
                Activity a;
                a.meta.id = "x";
                a.type = t;
                a.state = s;
                a.reason = r;
                a.priority = static_cast<Priority>(records.size() % 3);
                switch (records.size() % 3) {
                    case 0: a.due = Due::none(); break;
                    case 1: a.due = Due::on_date({static_cast<int>(1900 + records.size()), 2, 28}); break;
                    default: a.due = Due::at(static_cast<UtcMillis>(records.size()) * -1'000'003); break;
                }
                records.push_back(a);
            }
    REQUIRE(records.size() > 20);
    const auto decoded = decode_all(encode_records(records));
    REQUIRE(decoded.size() == records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        CAPTURE(i);
        check_same_any(records[i], decoded[i]);
    }
}

TEST_CASE("record_codec: a truncated batch reports an error and keeps the records before it") {
    const auto records = every_kind();
    const std::string bytes = encode_records(records);
    std::string first_three;
    for (int i = 0; i < 3; ++i) encode_record(records[static_cast<std::size_t>(i)], first_three);
    std::string fourth;
    encode_record(records[3], fourth);
    // cut the fourth record in half
    const std::string cut = bytes.substr(0, first_three.size() + fourth.size() / 2);
    DecodeReport report;
    const auto decoded = decode_all(cut, &report);
    REQUIRE(decoded.size() == 3);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].find("truncated") != std::string::npos);
    CHECK(report.errors[0].find("byte " + std::to_string(first_three.size())) != std::string::npos);
    for (std::size_t i = 0; i < 3; ++i) check_same_any(records[i], decoded[i]);
}

TEST_CASE("record_codec: count_records counts one kind from the length prefixes") {
    std::vector<AnyRecord> records = every_kind();
    records.push_back(full_activity());
    const std::string bytes = encode_records(records);
    CHECK(count_records(bytes, RecordKind::Activity) == 2);
    CHECK(count_records(bytes, RecordKind::Team) == 1);
    CHECK(count_records("", RecordKind::Activity) == 0);
    // a truncated batch counts the records before the cut, like decode_records keeps them
    std::string first;
    encode_record(records[0], first);
    CHECK(count_records(std::string_view(bytes).substr(0, first.size() + 3), RecordKind::Activity) == 1);
    CHECK(count_records(std::string("\x00", 1) + first, RecordKind::Activity) == 1);  // an empty record
}

TEST_CASE("record_codec: a corrupted record is reported and the next one still decodes") {
    std::string a, b, c;
    encode_record(full_user(), a);
    Account small;  // short enough for a one-byte length prefix
    small.meta.id = "acc-2";
    small.name = "Small";
    encode_record(small, b);
    encode_record(full_team(), c);

    SUBCASE("bad kind byte") {
        std::string bad = b;
        REQUIRE(static_cast<unsigned char>(bad[0]) < 0x80);  // one-byte length prefix
        REQUIRE(bad[1] == static_cast<char>(RecordKind::Account));
        bad[1] = 42;
        DecodeReport report;
        auto decoded = decode_all(a + bad + c, &report);
        REQUIRE(decoded.size() == 2);
        REQUIRE(report.errors.size() == 1);
        CHECK(report.errors[0].find("kind 42") != std::string::npos);
        CHECK(report.errors[0].find("byte " + std::to_string(a.size())) != std::string::npos);
        check_same_any(full_user(), decoded[0]);
        check_same_any(full_team(), decoded[1]);
    }
    SUBCASE("bad format byte") {
        std::string bad = b;
        bad[2] = static_cast<char>(kRecordFormatVersion + 1);
        DecodeReport report;
        auto decoded = decode_all(a + bad + c, &report);
        CHECK(decoded.size() == 2);
        CHECK(report.errors.size() == 1);
    }
    SUBCASE("bad enum value") {
        // find the activity type byte by encoding two activities that differ only in type
        Activity t = full_activity();
        Activity n = t;
        n.type = ActivityType::Note;
        std::string et, en;
        encode_record(t, et);
        encode_record(n, en);
        REQUIRE(et.size() == en.size());
        std::size_t pos = 0;
        int diffs = 0;
        for (std::size_t i = 0; i < et.size(); ++i)
            if (et[i] != en[i]) {
                pos = i;
                ++diffs;
            }
        REQUIRE(diffs == 1);
        REQUIRE(et[pos] == static_cast<char>(ActivityType::Appointment));
        std::string bad = et;
        bad[pos] = 5;  // one past Note
        DecodeReport report;
        auto decoded = decode_all(a + bad + c, &report);
        REQUIRE(decoded.size() == 2);
        CHECK(report.errors.size() == 1);
        CHECK(std::holds_alternative<User>(decoded[0]));
        CHECK(std::holds_alternative<Team>(decoded[1]));
        // the same position with a valid value decodes
        bad[pos] = static_cast<char>(ActivityType::Task);
        auto ok = decode_all(bad, &report);
        REQUIRE(ok.size() == 1);
        CHECK(report.errors.empty());
        CHECK(std::get<Activity>(ok[0]).type == ActivityType::Task);
    }
    SUBCASE("bad boolean and trailing garbage") {
        // the tombstone flag of a user: encode deleted=false and deleted=true and find the byte
        User u0, u1;
        u0.meta.id = u1.meta.id = "u";
        u0.name = u1.name = "Short";
        u1.meta.deleted = true;
        std::string e0, e1;
        encode_record(u0, e0);
        encode_record(u1, e1);
        std::size_t pos = 0;
        for (std::size_t i = 0; i < e0.size(); ++i)
            if (e0[i] != e1[i]) pos = i;
        std::string bad = e0;
        bad[pos] = 2;
        DecodeReport report;
        auto decoded = decode_all(bad + c, &report);
        CHECK(decoded.size() == 1);
        CHECK(report.errors.size() == 1);
        // a record whose body has an extra byte is refused (length prefix bumped by one)
        std::string longer = e0;
        REQUIRE(static_cast<unsigned char>(longer[0]) < 0x7F);
        longer[0] = static_cast<char>(longer[0] + 1);
        longer.push_back('\0');
        decoded = decode_all(longer + c, &report);
        CHECK(decoded.size() == 1);
        CHECK(report.errors.size() == 1);
    }
}

TEST_CASE("record_codec: a non-minimal length prefix does not misalign the records after it") {
    User small;
    small.meta.id = "u";
    small.name = "Short";
    std::string one;
    encode_record(small, one);
    REQUIRE(static_cast<unsigned char>(one[0]) < 0x80);
    // the same length written in two bytes (continuation bit set, then a zero group)
    std::string padded;
    padded.push_back(static_cast<char>(one[0] | 0x80));
    padded.push_back('\0');
    padded.append(one, 1);
    std::string next;
    encode_record(full_team(), next);
    DecodeReport report;
    auto decoded = decode_all(padded + next, &report);
    CHECK(report.errors.empty());
    REQUIRE(decoded.size() == 2);
    CHECK(std::get<User>(decoded[0]).name == "Short");
    check_same_any(full_team(), decoded[1]);
}

TEST_CASE("record_codec: content_hash ignores the revision but not the fields") {
    const Activity a = full_activity();
    Activity b = a;
    b.meta.rev = "99-ffffffffffffffff";
    CHECK(content_hash(a) == content_hash(b));
    b.meta.modified_at += 1000;  // who/when stamps are not content either
    b.meta.modified_by = "someone else";
    CHECK(content_hash(a) == content_hash(b));

    Activity c = a;
    c.subject += "!";
    CHECK(content_hash(a) != content_hash(c));
    c = a;
    c.priority = Priority::Low;
    CHECK(content_hash(a) != content_hash(c));
    c = a;
    c.actual_end.reset();
    CHECK(content_hash(a) != content_hash(c));
    c = a;
    c.meta.deleted = true;
    CHECK(content_hash(a) != content_hash(c));
    // the same fields in another kind hash differently
    User u;
    Setting s;
    CHECK(content_hash(u) != content_hash(s));
    Team t = full_team();
    Team t2 = t;
    t2.member_ids.pop_back();
    CHECK(content_hash(t) != content_hash(t2));
    // stable across calls
    CHECK(content_hash(a) == content_hash(full_activity()));
}

TEST_CASE("record_codec: random bytes never crash the decoder") {
    std::mt19937_64 rng(12345);
    const std::string valid = encode_records(every_kind());
    std::size_t decoded_total = 0, errors_total = 0;
    for (int iter = 0; iter < 20000; ++iter) {
        std::size_t len = rng() % 300;
        std::string bytes(len, '\0');
        for (auto& ch : bytes) ch = static_cast<char>(rng());
        // bias towards plausible headers so the field readers get exercised
        if (len > 3 && iter % 3 == 0) {
            bytes[0] = static_cast<char>(len - 1 < 0x80 ? len - 1 : 0x7F);
            bytes[1] = static_cast<char>(1 + rng() % 9);
            bytes[2] = static_cast<char>(kRecordFormatVersion);
        }
        // and towards valid batches with a few bytes changed and a random end
        if (iter % 3 == 1) {
            bytes = valid;
            for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n; ++k)
                bytes[rng() % bytes.size()] = static_cast<char>(rng());
            bytes.resize(rng() % (bytes.size() + 1));
        }
        std::size_t seen = 0;
        auto report = decode_records(bytes, [&](AnyRecord&&) { ++seen; });
        CHECK(report.records == seen);
        decoded_total += seen;
        errors_total += report.errors.size();
    }
    CHECK(errors_total > 0);
    CHECK(decoded_total > 0);
    MESSAGE("random inputs: " << decoded_total << " records decoded, " << errors_total << " errors");
}

TEST_CASE("record_codec: every truncation and every byte flip of a valid batch") {
    const auto records = every_kind();
    std::vector<std::size_t> boundaries{0};
    std::string bytes;
    for (const auto& r : records) {
        encode_record(r, bytes);
        boundaries.push_back(bytes.size());
    }
    for (std::size_t k = 0; k <= bytes.size(); ++k) {
        std::size_t complete = 0;
        bool at_boundary = false;
        for (std::size_t i = 1; i < boundaries.size(); ++i) {
            if (boundaries[i] <= k) complete = i;
            if (boundaries[i] == k) at_boundary = true;
        }
        if (k == 0) at_boundary = true;
        std::vector<AnyRecord> out;
        auto report = decode_records(std::string_view(bytes).substr(0, k), [&](AnyRecord&& r) { out.push_back(std::move(r)); });
        if (out.size() != complete || report.errors.size() != (at_boundary ? 0u : 1u)) {
            FAIL_CHECK("truncation at " << k << ": " << out.size() << " records, " << report.errors.size() << " errors");
            break;
        }
    }
    // flipping any single byte never crashes and never loses more than the record it hits
    // (unless it hits a length prefix, which may swallow the rest)
    for (std::size_t k = 0; k < bytes.size(); ++k) {
        std::string bad = bytes;
        bad[k] = static_cast<char>(bad[k] ^ 0x5A);
        std::size_t seen = 0;
        auto report = decode_records(bad, [&](AnyRecord&&) { ++seen; });
        CHECK(report.records == seen);
        bool is_prefix = false;
        for (std::size_t i = 0; i + 1 < boundaries.size(); ++i) {
            std::size_t p = boundaries[i];
            while (static_cast<unsigned char>(bytes[p]) & 0x80) ++p;  // varint continuation bytes
            if (k >= boundaries[i] && k <= p) is_prefix = true;
        }
        if (!is_prefix && seen + 1 < records.size()) {
            FAIL_CHECK("byte " << k << " flipped: only " << seen << " records decoded");
            break;
        }
    }
}

TEST_CASE("record_codec: format 1 records (before sync bookkeeping) are still read") {
    // [kind 9][format 1][meta: "att", "", false, "", 0, "", 0][fields]
    const std::string body = std::string("\x09\x01", 2) + "\x03" "att" + std::string("\x00\x00\x00\x00\x00\x00", 6) +
                             "\x03" "act" "\x05" "f.txt" "\x0a" "text/plain" "\xac\x02";
    DecodeReport report;
    auto decoded = decode_all(static_cast<char>(body.size()) + body, &report);
    CHECK(report.errors.empty());
    REQUIRE(decoded.size() == 1);
    const auto& a = std::get<Attachment>(decoded[0]);
    CHECK(a.meta.id == "att");
    CHECK(a.size == 300);
    CHECK(a.meta.remote_rev.empty());
}

TEST_CASE("record_codec: the sync bookkeeping round-trips") {
    Activity a;
    a.meta.id = "x";
    a.meta.rev = "3-abc";
    a.meta.remote_rev = "2-def";
    a.meta.remote_synced_rev = "2-abc";
    std::string bytes;
    encode_record(a, bytes);
    auto decoded = decode_all(bytes, nullptr);
    REQUIRE(decoded.size() == 1);
    const auto& b = std::get<Activity>(decoded[0]);
    CHECK(b.meta.remote_rev == "2-def");
    CHECK(b.meta.remote_synced_rev == "2-abc");
    CHECK(b.meta.has_unsynced_changes());
}

TEST_CASE("record_codec: an attachment round-trips with its kind byte and exact layout") {
    Attachment a;
    a.meta.id = "att";
    a.activity_id = "act";
    a.file_name = "f.txt";
    a.mime_type = "text/plain";
    a.size = 300;  // varint 0xAC 0x02
    std::string bytes;
    encode_record(a, bytes);
    // [len][kind 9][format 3][meta: "att", "", false, "", 0, "", 0, remote "", ""][fields]
    const std::string body = std::string("\x09\x03", 2) + "\x03" "att" + std::string("\x00\x00\x00\x00\x00\x00\x00\x00", 8) +
                             "\x03" "act" "\x05" "f.txt" "\x0a" "text/plain" "\xac\x02";
    CHECK(bytes == static_cast<char>(body.size()) + body);
    DecodeReport report;
    auto decoded = decode_all(bytes, &report);
    CHECK(report.errors.empty());
    REQUIRE(decoded.size() == 1);
    REQUIRE(std::holds_alternative<Attachment>(decoded[0]));
    CHECK(kind_of(decoded[0]) == RecordKind::Attachment);
    check_same(a, std::get<Attachment>(decoded[0]));

    // the largest size survives (ten-byte varint)
    a.size = ~std::uint64_t{0};
    auto big = decode_all(encode_records(std::vector<AnyRecord>{a}));
    REQUIRE(big.size() == 1);
    CHECK(std::get<Attachment>(big[0]).size == ~std::uint64_t{0});

    // a truncated attachment body is refused, not guessed at
    std::string cut = bytes.substr(0, bytes.size() - 1);
    cut[0] = static_cast<char>(cut[0] - 1);
    auto none = decode_all(cut, &report);
    CHECK(none.empty());
    CHECK(report.errors.size() == 1);

    // content_hash sees the attachment fields
    Attachment b = a;
    b.size = 1;
    CHECK(content_hash(a) != content_hash(b));
    b = a;
    b.file_name = "g.txt";
    CHECK(content_hash(a) != content_hash(b));
}
