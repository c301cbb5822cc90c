// The JSON form of records (json_codec): lossless round trips for every kind and field, and
// strict reading with errors that name the path of the bad field.
#include <doctest/doctest.h>

#include "core/json_codec.hpp"
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
    const Activity& c = std::get<Activity>(round_trip(a));
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
