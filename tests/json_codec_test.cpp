// The JSON form of records (json_codec): lossless round trips for every kind and field, and
// strict reading with errors that name the path of the bad field.
#include <doctest/doctest.h>

#include "core/json_codec.hpp"
#include "core/json_safe.hpp"
#include "core/record_codec.hpp"
#include "store_fixture.hpp"

using nlohmann::json;

namespace {

AnyRecord round_trip(const AnyRecord& r) {
    Result<AnyRecord> back = record_from_json(kind_of(r), record_to_json(r), "x");
    INFO((back.ok() ? std::string() : back.status.errors[0].field + ": " + back.status.errors[0].message));
    REQUIRE(back.ok());
    return back.value;
}

RecordMeta meta(const char* id) {
    RecordMeta m;
    m.id = id;
    m.rev = "3-00ff";
    m.created_by = "u1";
    m.created_at = kT0;
    m.modified_by = "u2";
    m.modified_at = kT0 + 1234;
    return m;
}

std::string first_error(const Result<AnyRecord>& r) {
    return r.ok() ? std::string("(no error)") : r.status.errors[0].field + ": " + r.status.errors[0].message;
}

json valid_task() {
    return {{"id", "a1"}, {"rev", "1-0"}, {"type", "task"}, {"subject", "Call"}, {"state", "open"},
            {"reason", "not_started"}, {"owner", {{"kind", "user"}, {"id", "u1"}}}};
}

}  // namespace

TEST_CASE("json_codec: every field of an activity round-trips, with Polish and Chinese text") {
    Activity a;
    a.meta = meta("act-1");
    a.type = ActivityType::Appointment;
    a.subject = "Spotkanie w Łodzi — 與客戶開會";
    a.description = "Zażółć gęślą jaźń\n第二行\t\"quoted\"";
    a.regarding = {RegardingKind::Opportunity, "opp-1"};
    a.owner = {OwnerKind::Team, "team-1"};
    a.state = ActivityState::Scheduled;
    a.reason = StatusReason::OutOfOffice;
    a.priority = Priority::High;
    a.due = Due::at(kT0 + 3'600'000);
    a.scheduled_start = kT0 + 3'600'000;
    a.scheduled_end = kT0 + 7'200'000;
    a.duration_minutes = 60;
    a.actual_end = kT0 + 7'300'000;
    a.direction = Direction::Incoming;
    a.location = "Piotrkowska 1, Łódź";
    a.all_day = false;
    a.attendees = "anna@example.com; 王小明";
    AnyRecord back = round_trip(a);
    const Activity& b = std::get<Activity>(back);
    CHECK(b.meta.id == a.meta.id);
    CHECK(b.meta.rev == a.meta.rev);
    CHECK(b.meta.created_at == a.meta.created_at);
    CHECK(b.meta.modified_by == a.meta.modified_by);
    CHECK(record_to_json(back) == record_to_json(a));

    a.due = Due::on_date({2026, 11, 24});
    a.scheduled_start.reset();
    a.scheduled_end.reset();
    a.duration_minutes.reset();
    a.type = ActivityType::Task;
    a.state = ActivityState::Open;
    a.reason = StatusReason::WaitingOnSomeoneElse;
    const AnyRecord back_again = round_trip(a);
    const Activity& c = std::get<Activity>(back_again);
    CHECK(c.due == Due::on_date({2026, 11, 24}));
    CHECK_FALSE(c.scheduled_start.has_value());
    CHECK(c.reason == StatusReason::WaitingOnSomeoneElse);
    CHECK(record_to_json(a)["due"] == json{{"date", "2026-11-24"}});
    CHECK(record_to_json(a)["reason"] == "waiting_on_someone_else");
}

TEST_CASE("json_codec: accounts, contacts, opportunities, cases, users, teams, attachments and tombstones round-trip") {
    Account acc{meta("acc"), "台北貿易 Żółw", "Kraków", "+48 12 345 67 89", "https://example.com", {OwnerKind::User, "u1"}};
    Contact con{meta("con"), "Łukasz Zieliński", "acc", "Buyer", "lukasz@example.com", "+48 600 000 000", {}};
    Opportunity opp{meta("opp"), "Scanners 2027", "acc", "con", 125000.5, OpportunityStage::Propose, LocalDate{2027, 2, 28}, {}};
    Case cas{meta("cas"), "Damaged shipment", "acc", "", CaseStatus::Resolved, CasePriority::High, {}};
    User usr{meta("usr"), "Anna Kowalska", "anna@example.com"};
    Team team{meta("team"), "North", {"u1", "u2"}};
    Attachment att{meta("att"), "act-1", "oferta 報價.pdf", "application/pdf", 123456};
    Account gone = acc;
    gone.meta.deleted = true;
    gone.name = "";  // a tombstone may lack what a live record needs
    for (const AnyRecord& r : {AnyRecord(acc), AnyRecord(con), AnyRecord(opp), AnyRecord(cas), AnyRecord(usr), AnyRecord(team),
                               AnyRecord(att), AnyRecord(gone)}) {
        CAPTURE(record_kind_json_name(kind_of(r)));
        CHECK(record_to_json(round_trip(r)) == record_to_json(r));
    }
    CHECK(std::get<Opportunity>(round_trip(opp)).estimated_revenue == 125000.5);
    CHECK(std::get<Team>(round_trip(team)).member_ids == std::vector<std::string>{"u1", "u2"});
}

TEST_CASE("json_codec: sync bookkeeping and settings never appear in the JSON form") {
    Activity a;
    a.meta = meta("a");
    a.meta.remote_rev = "9-server";
    a.meta.remote_synced_rev = "2-local";
    std::string text = record_to_json(a).dump();
    CHECK(text.find("9-server") == std::string::npos);
    CHECK(text.find("2-local") == std::string::npos);
    CHECK_FALSE(record_from_json(RecordKind::Setting, json::object(), "s").ok());
}

TEST_CASE("json_codec: wrong types, unknown names, bad dates and unknown keys are refused with their path") {
    auto read = [](json j) { return first_error(record_from_json(RecordKind::Activity, j, "activities[7]")); };
    CHECK(record_from_json(RecordKind::Activity, valid_task(), "a").ok());

    json j = valid_task();
    j["subject"] = 42;
    CHECK(read(j) == "activities[7].subject: expected text, got number");
    j = valid_task();
    j["type"] = "telegram";
    CHECK(read(j).rfind("activities[7].type: unknown value \"telegram\"", 0) == 0);
    j = valid_task();
    j["due"] = {{"date", "2026-02-30"}};
    CHECK(read(j) == "activities[7].due.date: expected a date YYYY-MM-DD, got \"2026-02-30\"");
    j = valid_task();
    j["due"] = {{"at", "tomorrow"}};
    CHECK(read(j).rfind("activities[7].due.at: expected a time", 0) == 0);
    j = valid_task();
    j["subjcet"] = "typo";
    CHECK(read(j) == "activities[7].subjcet: is not a known field");
    j = valid_task();
    j["_rev"] = "5-abc";  // sync server keys are not the record's
    CHECK(read(j) == "(no error)");
    j = valid_task();
    j.erase("id");
    CHECK(read(j) == "activities[7].id: is missing");
    j = valid_task();
    j["owner"] = "u1";
    CHECK(read(j).rfind("activities[7].owner: expected an object", 0) == 0);
    j = valid_task();
    j["duration_minutes"] = 1.5;
    CHECK(read(j).rfind("activities[7].duration_minutes: expected a whole number", 0) == 0);
    j = valid_task();
    j["subject"] = std::string("\xff\xfe bad", 6);
    CHECK(read(j) == "activities[7].subject: is not valid UTF-8 text");
    CHECK(first_error(record_from_json(RecordKind::Activity, json::array(), "activities[7]")) ==
          "activities[7]: expected an object, got array");
}

TEST_CASE("json_codec: the record's own rules apply, named under the record's path") {
    json j = valid_task();
    j["reason"] = "made";  // a phone call's reason on a task
    CHECK_FALSE(record_from_json(RecordKind::Activity, j, "activities[1]").ok());
    j = valid_task();
    j["subject"] = "";
    auto r = record_from_json(RecordKind::Activity, j, "activities[1]");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status.errors[0].field == "activities[1].subject");
    json contact = {{"id", "c"}, {"full_name", "Ann"}, {"email", "not an address"}};
    auto c = record_from_json(RecordKind::Contact, contact, "contacts[0]");
    REQUIRE_FALSE(c.ok());
    CHECK(c.status.errors[0].field == "contacts[0].email");
}

namespace {

// Every field, through an independent encoder (record_codec), so that a field json_codec forgot
// to write or read cannot hide behind comparing JSON with JSON.
std::string all_fields(const AnyRecord& r) {
    std::string out;
    encode_record(r, out);
    return out;
}

std::string all_errors(const Result<AnyRecord>& r) {
    std::string out;
    for (const auto& e : r.status.errors) out += e.field + ": " + e.message + "\n";
    return out;
}

Activity full_task() {
    Activity a;
    a.meta = meta("9b2f6a44-1111-4222-8333-444455556666");
    a.meta.created_at = -123'456'789'012;  // before 1970
    a.type = ActivityType::Task;
    a.subject = "Zażółć gęślą jaźń — 與客戶開會 📅";
    a.description = "tabs\tquotes \" backslash \\ slash / </script>\r\nend";
    a.regarding = {RegardingKind::Case, "case-1"};
    a.owner = {OwnerKind::User, "u1"};
    a.state = ActivityState::Open;
    a.reason = StatusReason::WaitingOnSomeoneElse;
    a.priority = Priority::Low;
    a.due = Due::at(-86'400'001);
    a.scheduled_start = 0;  // set, and zero
    a.duration_minutes = 0;
    a.actual_end = kT0;
    a.direction = Direction::Incoming;
    a.phone_number = "+48 (12) 555-02-10 x7";
    a.email_from = "anna@example.com";
    a.email_to = "a@b.co; c@d.org";
    a.email_cc = "e@f.net";
    a.location = "Łódź";
    a.all_day = true;
    a.attendees = "Małgorzata; 王小明";
    return a;
}

}  // namespace

TEST_CASE("json_codec: every field survives the round trip, checked by an independent encoder") {
    Activity task = full_task();
    Activity bare;  // every optional unset, every text empty
    bare.meta.id = "bare";
    bare.owner = {OwnerKind::User, "u1"};
    bare.subject = "x";
    Activity dated = full_task();
    dated.due = Due::on_date({1, 1, 1});
    Activity gone = full_task();
    gone.meta.deleted = true;
    gone.subject = "";  // a tombstone may lack what a live record needs
    gone.description = "control \x01\x1f del \x7f";  // and is read as it is
    Opportunity opp{meta("opp"), "Skanery", "acc", "con", 0.1 + 0.2, OpportunityStage::Close, LocalDate{9999, 12, 31}, {OwnerKind::Team, "t"}};
    Opportunity big = opp;
    big.estimated_revenue = 9'999'999'999'999.99;
    big.estimated_close.reset();
    Attachment att{meta("att"), "act", "umowa 合約.pdf", "application/pdf", kMaxAttachmentBytes};
    Team empty_team{meta("team"), "Pusty", {}};
    for (const AnyRecord& r : {AnyRecord(task), AnyRecord(bare), AnyRecord(dated), AnyRecord(gone), AnyRecord(opp), AnyRecord(big),
                               AnyRecord(att), AnyRecord(empty_team)}) {
        CAPTURE(meta_of(r).id);
        CHECK(all_fields(round_trip(r)) == all_fields(r));
        // The text form reads back the same as the DOM form.
        std::string text;
        std::visit([&](const auto& rec) { append_record_json(rec, text); }, r);
        json parsed = json::parse(text);
        CHECK(parsed == record_to_json(r));
        Result<AnyRecord> back = record_from_json(kind_of(r), parsed, "x");
        REQUIRE(back.ok());
        CHECK(all_fields(back.value) == all_fields(r));
    }
    json bare_json = record_to_json(bare);
    for (const char* unset : {"regarding", "due", "scheduled_start", "scheduled_end", "duration_minutes", "actual_end"})
        CHECK_FALSE(bare_json.contains(unset));
    CHECK(record_to_json(task)["duration_minutes"] == 0);
    CHECK(record_to_json(task)["scheduled_start"] == "1970-01-01T00:00:00.000Z");
    CHECK(record_to_json(task)["created_at"] == "1966-02-02T02:26:50.988Z");
}

TEST_CASE("json_codec: enum names are the snake-case enumerators, and every one reads back") {
    CHECK(record_to_json(full_task())["reason"] == "waiting_on_someone_else");
    CHECK(record_to_json(full_task())["regarding"] == json{{"kind", "case"}, {"id", "case-1"}});
    int pairs = 0;
    for (ActivityType type : kAllActivityTypes)
        for (ActivityState state : kAllActivityStates)
            for (StatusReason reason : status_reasons_for(type, state)) {
                Activity a = full_task();
                a.type = type;
                a.state = state;
                a.reason = reason;
                a.scheduled_end = kT0;  // appointments need both ends
                json j = record_to_json(a);
                CHECK(j["reason"].get<std::string>().find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
                CHECK(all_fields(round_trip(a)) == all_fields(a));
                ++pairs;
            }
    CHECK(pairs >= 18);
    Activity call = full_task();
    call.type = ActivityType::PhoneCall;
    call.state = ActivityState::Completed;
    call.reason = StatusReason::Made;
    CHECK(record_to_json(call)["type"] == "phone_call");
    Activity note = full_task();
    note.type = ActivityType::Note;
    note.reason = StatusReason::NoteActive;
    CHECK(record_to_json(note)["reason"] == "note_active");
    Activity meeting = full_task();
    meeting.type = ActivityType::Appointment;
    meeting.state = ActivityState::Scheduled;
    meeting.reason = StatusReason::OutOfOffice;
    CHECK(record_to_json(meeting)["reason"] == "out_of_office");
    meeting.reason = StatusReason::PendingSend;
    CHECK(record_to_json(meeting)["reason"] == "pending_send");

    for (RecordKind k : {RecordKind::Activity, RecordKind::Account, RecordKind::Contact, RecordKind::Opportunity, RecordKind::Case,
                         RecordKind::User, RecordKind::Team, RecordKind::Attachment})
        CHECK(record_kind_from_json_name(record_kind_json_name(k)) == k);
    CHECK(std::string(record_kind_json_name(RecordKind::Activity)) == "activity");
    CHECK_FALSE(record_kind_from_json_name("setting").has_value());
}

TEST_CASE("json_codec: text is escaped as JSON, and invalid UTF-8 is written as U+FFFD") {
    std::string out;
    append_json_string("a\"b\\c\n\t\x01 Łódź 會議", out);
    CHECK(out == "\"a\\\"b\\\\c\\n\\t\\u0001 Łódź 會議\"");
    CHECK(json::parse(out) == "a\"b\\c\n\t\x01 Łódź 會議");
    out.clear();
    append_json_string(std::string("ok \xff end"), out);
    CHECK(json::parse(out) == "ok \xEF\xBF\xBD end");
    out.clear();
    append_json_string(std::string("\0", 1), out);
    CHECK(out == "\"\\u0000\"");
}

TEST_CASE("json_codec: append_json_string writes what json_dump writes, for any bytes at any offset") {
    // plain runs longer than a word, every escape, valid and broken UTF-8 across word boundaries
    const std::string base = std::string("Plain ASCII text, long enough. \"q\" \\ \n\t\x01\x1f\x7f Łódź 會議 😀 ") +
                             std::string("\xff \xc3 \xe4\xb8 \xed\xa0\x80 \xc0\x80 \xf4\x90\x80\x80 end \xc3\x28 \xe2\x82 \xf0\x9f\x98 fin");
    int compared = 0;
    for (std::size_t from = 0; from < base.size(); from += 3)
        for (std::size_t len = 0; from + len <= base.size(); len += 5) {
            std::string text = base.substr(from, len);
            std::string out = "prefix:";
            append_json_string(text, out);
            CAPTURE(text);
            CHECK(out == "prefix:" + json_dump(json(text)));
            ++compared;
        }
    CHECK(compared > 300);
}

TEST_CASE("json_codec: empty, missing and malformed values are refused with their path, not read as unset") {
    auto errors = [](json j, RecordKind kind = RecordKind::Activity) { return all_errors(record_from_json(kind, j, "activities[7]")); };
    auto with = [](const char* key, json value) {
        json j = valid_task();
        j[key] = std::move(value);
        return j;
    };
    CHECK(errors(with("type", "")).find("activities[7].type: unknown value \"\"") == 0);
    CHECK(errors(with("id", "")) == "activities[7].id: must not be empty\n");
    CHECK(errors(with("created_at", "")).find("activities[7].created_at: expected a time") == 0);
    CHECK(errors(with("created_at", "2026-11-23 21:00")).find("activities[7].created_at: expected a time") == 0);
    CHECK(errors(with("scheduled_start", "")).find("activities[7].scheduled_start: expected a time") == 0);
    CHECK(errors(with("actual_end", 1795000000000)).find("activities[7].actual_end: expected text, got number") == 0);
    CHECK(errors(with("due", json::object())) == "activities[7].due: expected {\"date\": ...} or {\"at\": ...}\n");
    CHECK(errors(with("due", {{"date", ""}})) == "activities[7].due.date: expected a date YYYY-MM-DD, got \"\"\n");
    CHECK(errors(with("due", {{"date", "2026-11-24"}, {"at", "2026-11-24T10:00:00Z"}})) ==
          "activities[7].due.at: give either date or at, not both\n");
    CHECK(errors(with("due", {{"date", "2026-11-24"}, {"time", "10:00"}})) == "activities[7].due.time: is not a known field\n");
    CHECK(errors(with("owner", {{"kind", "user"}})) == "activities[7].owner.id: is missing\n");
    CHECK(errors(with("owner", {{"kind", "group"}, {"id", "g"}})).find("activities[7].owner.kind: unknown value \"group\"") == 0);
    CHECK(errors(with("regarding", {{"kind", "lead"}, {"id", "l"}})).find("activities[7].regarding.kind: unknown value \"lead\"") == 0);
    CHECK(errors(with("deleted", "yes")) == "activities[7].deleted: expected true or false, got string\n");
    CHECK(errors(with("duration_minutes", -5)).find("activities[7].duration_minutes: expected a whole number from 0") == 0);
    CHECK(errors(with("duration_minutes", 18446744073709551615ull)).find("activities[7].duration_minutes: expected a whole") == 0);
    json no_type = valid_task();
    no_type.erase("type");
    CHECK(errors(no_type) == "activities[7].type: is missing\n");
    // null means unset, as a sync server may write it.
    CHECK(errors(with("due", nullptr)).empty());
    CHECK(errors(with("priority", nullptr)).empty());

    json team = {{"id", "t"}, {"name", "North"}, {"member_ids", {"u1", 2}}};
    CHECK(all_errors(record_from_json(RecordKind::Team, team, "teams[0]")) == "teams[0].member_ids[1]: expected text, got number\n");
    json opp = {{"id", "o"}, {"name", "Deal"}, {"estimated_revenue", "12"}, {"estimated_close", "2026-13-01"}};
    CHECK(all_errors(record_from_json(RecordKind::Opportunity, opp, "opportunities[2]")) ==
          "opportunities[2].estimated_revenue: expected a number, got string\n"
          "opportunities[2].estimated_close: expected a date YYYY-MM-DD, got \"2026-13-01\"\n");
    json att = {{"id", "f"}, {"activity_id", "a"}, {"file_name", "a.pdf"}, {"size", -1}};
    CHECK(all_errors(record_from_json(RecordKind::Attachment, att, "attachments[0]")).find("attachments[0].size: expected a whole number") == 0);
}

TEST_CASE("json_codec: the record's rules name the JSON key, and the state and reason must suit the type") {
    json j = valid_task();
    j["duration_minutes"] = 600'000;  // over a year: a rule of validate_activity, not of the reader
    CHECK(all_errors(record_from_json(RecordKind::Activity, j, "activities[1]")) ==
          "activities[1].duration_minutes: Duration must be between 0 minutes and one year.\n");
    j = valid_task();
    j["type"] = "phone_call";
    j["state"] = "scheduled";
    j["reason"] = "free";
    CHECK(all_errors(record_from_json(RecordKind::Activity, j, "activities[1]")) ==
          "activities[1].state: This state is not valid for the activity type.\n");
    j = valid_task();
    j["type"] = "appointment";
    j["state"] = "scheduled";
    j["reason"] = "not_started";
    j["scheduled_start"] = "2026-11-24T10:00:00.000Z";
    j["scheduled_end"] = "2026-11-24T11:00:00.000Z";
    CHECK(all_errors(record_from_json(RecordKind::Activity, j, "activities[1]")) ==
          "activities[1].reason: This status reason is not valid for the state.\n");
    j["reason"] = "busy";
    CHECK(record_from_json(RecordKind::Activity, j, "activities[1]").ok());
    j.erase("owner");
    CHECK(all_errors(record_from_json(RecordKind::Activity, j, "activities[1]")) == "activities[1].owner: Owner is required.\n");
    // A tombstone is read as it is.
    j["deleted"] = true;
    j["reason"] = "made";
    CHECK(record_from_json(RecordKind::Activity, j, "activities[1]").ok());
    // Attachments follow validate_attachment.
    json att = {{"id", "f"}, {"activity_id", "a"}, {"file_name", "../etc/passwd"}, {"size", 10}};
    CHECK(all_errors(record_from_json(RecordKind::Attachment, att, "attachments[3]")).find("attachments[3].file_name: ") == 0);
}
