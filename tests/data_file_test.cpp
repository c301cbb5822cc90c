// Export and import of the whole database (data_file): lossless round trips on the demo data and
// on generated data with Polish and Chinese text, attachments with binary bytes, and refusal of
// bad files with the database unchanged. The fast import path (plan_import_fast) is held to the
// checked one: the same plan for every good file, no plan for any bad one.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

#include "core/data_file.hpp"
#include "core/demo_data.hpp"
#include "core/json_codec.hpp"
#include "core/record_codec.hpp"
#include "store_fixture.hpp"

using nlohmann::json;

namespace {

// Applies the plan to `into` and checks it was accepted.
void import_into(Store& into, const std::string& text) {
    auto plan = plan_import(into, text);
    INFO((plan.ok() ? std::string() : plan.status.errors[0].field + ": " + plan.status.errors[0].message));
    REQUIRE(plan.ok());
    apply_import(into, plan.value);
}

std::string all_errors(const Status& st) {
    std::string out;
    for (const auto& e : st.errors) out += e.field + ": " + e.message + "\n";
    return out;
}

// Refused, naming `expected` somewhere, with the store unchanged.
void check_refused(Store& store, const std::string& text, const std::string& expected) {
    std::uint64_t version = store.version();
    std::string before = export_database(store, kT0);
    auto plan = plan_import(store, text);
    CHECK_FALSE(plan.ok());
    CHECK_FALSE(plan_import_fast(store, text).has_value());
    CAPTURE(all_errors(plan.status));
    CHECK(all_errors(plan.status).find(expected) != std::string::npos);
    CHECK(store.version() == version);
    CHECK(export_database(store, kT0) == before);
}

// What a plan would write, as bytes: records in order (binary form), counts, attachment bytes.
std::string plan_signature(const ImportPlan& plan) {
    std::string out = encode_records(plan.records);
    for (auto kind : {RecordKind::User, RecordKind::Team, RecordKind::Account, RecordKind::Contact, RecordKind::Opportunity,
                      RecordKind::Case, RecordKind::Activity, RecordKind::Attachment}) {
        auto it = plan.counts.find(kind);
        ImportCounts c = it == plan.counts.end() ? ImportCounts{} : it->second;
        out += "|" + std::to_string(c.added) + "," + std::to_string(c.updated) + "," + std::to_string(c.unchanged);
    }
    for (const auto& [id, bytes] : plan.attachment_bytes) out += "|" + id + "=" + bytes;
    return out;
}

// Both paths accept `text` into `store` with the same plan, and the fast one did the work.
void check_fast_agrees(const Store& store, const std::string& text) {
    auto checked = plan_import_checked(store, text);
    INFO((checked.ok() ? std::string() : checked.status.errors[0].field + ": " + checked.status.errors[0].message));
    REQUIRE(checked.ok());
    auto fast = plan_import_fast(store, text);
    REQUIRE(fast.has_value());
    CHECK(plan_signature(*fast) == plan_signature(checked.value));
}

// A store with generated data: Polish and Chinese text, all types, tombstones, an attachment.
void fill(Fixture& f, int n) {
    Actor a = f.as(f.anna, kT0);
    for (int i = 0; i < n; ++i) {
        Activity act;
        act.type = kAllActivityTypes[i % 5];
        act.subject = (i % 2 ? "Zażółć gęślą jaźń " : "與客戶開會 ") + std::to_string(i);
        act.description = "Opis: spotkanie w Łodzi. 會議記錄。";
        act.regarding = {RegardingKind::Account, f.account};
        if (act.type == ActivityType::Appointment) {
            act.scheduled_start = kT0 + i * 60'000;
            act.scheduled_end = kT0 + i * 60'000 + 1'800'000;
        } else if (act.type != ActivityType::Note) {
            act.due = i % 3 ? Due::on_date({2026, 12, 1 + i % 28}) : Due::at(kT0 + i * 3'600'000);
        }
        REQUIRE(f.store.create_activity(act, a).ok());
    }
}

}  // namespace

TEST_CASE("data_file: the demo data exports and imports into an empty store losslessly") {
    Store demo(11);
    auto zone = TimeZone::from_posix("Europe/Warsaw", "CET-1CEST,M3.5.0,M10.5.0/3");
    REQUIRE(zone);
    seed_demo_data(demo, *zone, kT0);
    std::string text = export_database(demo, kT0);
    json file = json::parse(text);
    CHECK(file["format"] == "activities-crm");
    CHECK(file["version"] == 1);
    CHECK(file["activities"].size() == demo.activities().size());
    CHECK(file["users"].size() == demo.users().size());
    CHECK_FALSE(file.contains("settings"));

    Store copy(12);
    auto plan = plan_import(copy, text);
    REQUIRE(plan.ok());
    CHECK(plan.value.counts[RecordKind::Activity].added == demo.activities().size());
    apply_import(copy, plan.value);
    CHECK(export_database(copy, kT0) == text);
    // Importing the same file again changes nothing.
    auto again = plan_import(copy, text);
    REQUIRE(again.ok());
    CHECK(again.value.records.empty());
    CHECK(again.value.counts[RecordKind::Activity].unchanged == demo.activities().size());
}

TEST_CASE("data_file: generated data with Polish and Chinese text, tombstones and attachment bytes round-trips") {
    Fixture f;
    fill(f, 50);
    std::vector<std::string> ids;
    for (const auto& a : f.store.activities().rows()) ids.push_back(a.meta.id);
    REQUIRE(f.store.delete_activities(std::vector<std::string>{ids[3]}, f.as(f.anna, kT0 + 5)).ok());
    const Activity* note = nullptr;
    for (const auto& a : f.store.activities().rows())
        if (a.type == ActivityType::Note && !a.meta.deleted) note = &a;
    REQUIRE(note);
    Attachment att;
    att.activity_id = note->meta.id;
    att.file_name = "umowa 合約.bin";
    att.mime_type = "application/octet-stream";
    std::string bytes("\x00\xff\x10\x80 binary \x00", 12);
    att.size = bytes.size();
    auto added = f.store.add_attachment(att, f.as(f.anna, kT0 + 6));
    REQUIRE(added.ok());
    std::unordered_map<std::string, std::string> blobs{{added.value, bytes}};

    std::string text = export_database(f.store, kT0, &blobs);
    Store copy(99);
    auto plan = plan_import(copy, text);
    REQUIRE(plan.ok());
    REQUIRE(plan.value.attachment_bytes.size() == 1);
    CHECK(plan.value.attachment_bytes[0] == std::make_pair(added.value, bytes));
    apply_import(copy, plan.value);
    CHECK(export_database(copy, kT0, &blobs) == text);
    CHECK(copy.activities().find(ids[3])->meta.deleted);
    CHECK(copy.activities().size() == 50);
}

TEST_CASE("data_file: import over existing data updates, adds and keeps this device's sync bookkeeping") {
    Fixture f;
    fill(f, 10);
    Store other(5);
    import_into(other, export_database(f.store, kT0));
    // The other device's copy was synced once.
    std::string id = f.store.activities().rows()[0].meta.id;
    Activity synced = *other.activities().find(id);
    synced.meta.remote_rev = "4-server";
    synced.meta.remote_synced_rev = synced.meta.rev;
    other.put_verbatim(std::vector<AnyRecord>{synced});
    // The source changes one activity and adds one.
    Activity edit = *f.store.activities().find(id);
    edit.subject = "Zmieniony temat 已更新";
    REQUIRE(f.store.update_activity(edit, f.as(f.anna, kT0 + 100)).ok());
    f.make(ActivityType::Task, "Nowe zadanie", f.as(f.anna, kT0 + 200));

    auto plan = plan_import(other, export_database(f.store, kT0));
    REQUIRE(plan.ok());
    CHECK(plan.value.counts[RecordKind::Activity].updated == 1);
    CHECK(plan.value.counts[RecordKind::Activity].added == 1);
    CHECK(plan.value.counts[RecordKind::Activity].unchanged == 9);
    CHECK(plan.value.records.size() == 2);
    apply_import(other, plan.value);
    const Activity& imported = *other.activities().find(id);
    CHECK(imported.subject == "Zmieniony temat 已更新");
    CHECK(imported.meta.remote_rev == "4-server");  // a later sync pushes the import as a local change
    CHECK(imported.meta.has_unsynced_changes());
}

TEST_CASE("data_file: malformed, truncated, wrong-typed and inconsistent files are refused and change nothing") {
    Fixture f;
    fill(f, 6);
    std::string good = export_database(f.store, kT0);
    Store target(77);
    import_into(target, good);
    const json file = json::parse(good);

    check_refused(target, good.substr(0, good.size() / 2), "not valid JSON at line ");
    check_refused(target, "{\n  \"format\": \"activities-crm\",\n  \"version\": 1,,\n}", "line 3, column 16: unexpected ','");
    check_refused(target, "[]", "must be a JSON object");
    check_refused(target, std::string(100000, '['), "more than 16 levels deep at line 1, column 17");
    check_refused(target, "{\"format\": \"activities-crm\",\n \"users\": [{\"name\": " + std::string(30, '[') + "]}", "levels deep at line 2, column 34");
    json j = file;
    j["format"] = "something-else";
    check_refused(target, j.dump(), "not an export of this app");
    j = file;
    j["version"] = 2;
    check_refused(target, j.dump(), "version 2; this app reads version 1");
    j = file;
    j["activities"] = "lots";
    check_refused(target, j.dump(), "activities: expected a list, got string");
    j = file;
    j["activities"][2]["priority"] = "urgent";
    check_refused(target, j.dump(), "activities[2].priority: unknown value \"urgent\"");
    j = file;
    j["activities"][4]["id"] = j["activities"][1]["id"];
    check_refused(target, j.dump(), "activities[4].id: repeats the id");
    j = file;
    j["activities"][0]["regarding"]["id"] = "no-such-account";
    check_refused(target, j.dump(), "activities[0].regarding.id: refers to account no-such-account");
    j = file;
    j["teams"][0]["member_ids"].push_back("ghost");
    check_refused(target, j.dump(), "teams[0].member_ids[2]: refers to user ghost");
    j = file;
    j["extra"] = 1;
    check_refused(target, j.dump(), "extra: is not a known section");
    // Many errors are capped with a count of the rest.
    j = file;
    for (auto& a : j["activities"]) a["type"] = "x";
    for (int i = 0; i < 30; ++i) j["activities"].push_back(j["activities"][0]);
    auto plan = plan_import(target, j.dump());
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.status.errors.size() == 21);
    CHECK(plan.status.errors.back().message.find("more problems") != std::string::npos);
}

TEST_CASE("data_file: bad attachment data is refused") {
    Fixture f;
    fill(f, 5);
    const Activity* note = nullptr;
    for (const auto& a : f.store.activities().rows())
        if (a.type == ActivityType::Note) note = &a;
    REQUIRE(note);
    Attachment att;
    att.activity_id = note->meta.id;
    att.file_name = "a.txt";
    att.size = 3;
    auto added = f.store.add_attachment(att, f.as(f.anna, kT0));
    REQUIRE(added.ok());
    std::unordered_map<std::string, std::string> blobs{{added.value, "abc"}};
    json file = json::parse(export_database(f.store, kT0, &blobs));
    Store target(3);
    json j = file;
    j["attachments"][0]["data_base64"] = "not base64!";
    check_refused(target, j.dump(), "attachments[0].data_base64: is not valid base64");
    j = file;
    j["attachments"][0]["size"] = 4;
    check_refused(target, j.dump(), "attachments[0].size: says 4 bytes but data_base64 has 3");
}

TEST_CASE("data_file: export and import of 100,000 activities (timings reported, not asserted)") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    Activity act;
    act.type = ActivityType::Task;
    act.regarding = {RegardingKind::Account, f.account};
    act.description = "Omówić warunki dostawy. 討論交貨條件。";
    constexpr int kCount = 100'000;
    f.store.reserve_activities(kCount);
    for (int i = 0; i < kCount; ++i) {
        act.subject = "Zadzwonić do klienta 致電客戶 " + std::to_string(i);
        act.due = i % 2 ? Due::on_date({2026, 12, 1 + i % 28}) : Due::at(kT0 + UtcMillis{i} * 60'000);
        REQUIRE(f.store.create_activity(act, a).ok());
    }
    using Clock = std::chrono::steady_clock;
    auto t0 = Clock::now();
    std::string text = export_database(f.store, kT0);
    auto t1 = Clock::now();
    Store target(8);
    auto plan = plan_import(target, text);
    REQUIRE(plan.ok());
    auto t2 = Clock::now();
    apply_import(target, plan.value);
    auto t3 = Clock::now();
    CHECK(target.activities().size() == kCount);
    auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
    MESSAGE(kCount << " activities: export " << ms(t1 - t0) << " ms (" << text.size() / (1 << 20) << " MB), import: plan "
                   << ms(t2 - t1) << " ms, apply " << ms(t3 - t2) << " ms (native build of the tests)");
}

namespace {

std::string first_error(const Status& st) { return st.ok() ? std::string("(no error)") : st.errors[0].field + ": " + st.errors[0].message; }

// A small file: the fixture's users, teams and account, one contact, opportunity and case, and
// a few activities.
struct SmallFile : Fixture {
    std::string contact, opportunity, kase;
    SmallFile() {
        Contact c;
        c.full_name = "Łucja Wróbel";
        c.parent_account_id = account;
        c.owner = {OwnerKind::Team, north};
        contact = store.create_record(c, setup).value;
        Opportunity o;
        o.name = "Skanery 掃描器";
        o.account_id = account;
        o.contact_id = contact;
        o.estimated_revenue = 125000.5;
        o.estimated_close = LocalDate{2027, 2, 28};
        opportunity = store.create_record(o, setup).value;
        Case k;
        k.title = "Uszkodzona dostawa";
        k.contact_id = contact;
        kase = store.create_record(k, setup).value;
        REQUIRE(!contact.empty());
        REQUIRE(!opportunity.empty());
        REQUIRE(!kase.empty());
        fill(*this, 5);
    }
};

}  // namespace

TEST_CASE("data_file: the file is one object with a line per record, without settings or sync bookkeeping") {
    SmallFile f;
    REQUIRE(f.store.put_setting("sync.password", "hunter2-secret", f.setup).ok());
    Activity synced = f.store.activities().rows()[0];
    synced.meta.remote_rev = "7-serverrev";
    synced.meta.remote_synced_rev = synced.meta.rev;
    f.store.put_verbatim(std::vector<AnyRecord>{synced});
    std::string text = export_database(f.store, kT0);
    CHECK(text.rfind("{\n\"format\": \"activities-crm\",\n\"version\": 1,\n\"exported_at\": \"2026-11-18T11:06:40.000Z\",\n\"users\": [\n{\"id\":", 0) == 0);
    CHECK(text.find("hunter2-secret") == std::string::npos);
    CHECK(text.find("sync.password") == std::string::npos);
    CHECK(text.find("7-serverrev") == std::string::npos);
    json file = json::parse(text);
    std::size_t records = 0;
    for (const char* section : {"users", "teams", "accounts", "contacts", "opportunities", "cases", "activities", "attachments"}) {
        REQUIRE(file[section].is_array());
        records += file[section].size();
    }
    CHECK(file["attachments"].empty());
    CHECK(file["contacts"][0]["owner"] == json{{"kind", "team"}, {"id", f.north}});
    CHECK(file["opportunities"][0]["estimated_close"] == "2027-02-28");
    // One line per record, each one JSON object: a diff of two exports shows changed records.
    std::size_t record_lines = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        std::string line = text.substr(start, end - start);
        if (line.rfind("{\"id\":", 0) == 0) {
            ++record_lines;
            if (line.back() == ',') line.pop_back();
            CHECK(json::parse(line).is_object());
        }
        start = end + 1;
    }
    CHECK(record_lines == records);
}

TEST_CASE("data_file: a JSON syntax error is reported with its line and column, for any truncation") {
    SmallFile f;
    std::string good = export_database(f.store, kT0);
    Store target(4);
    // Line 3 is "\"version\": 1,," below: the second comma is column 14.
    std::string text = "{\n\"format\": \"activities-crm\",\n\"version\": 1,,\n\"users\": []\n}";
    auto plan = plan_import(target, text);
    CHECK(first_error(plan.status).find(": The file is not valid JSON at line 3, column 14: ") == 0);
    // Non-ASCII text before the error counts as one column per character.
    text = "{\"format\": \"Zażółć 與客戶\" x}";
    plan = plan_import(target, text);
    CHECK(first_error(plan.status).find("line 1, column 25: ") != std::string::npos);
    // Bytes that are not UTF-8 are not JSON text.
    std::string bad = good;
    std::size_t at = bad.find("Zażółć");
    REQUIRE(at != std::string::npos);
    bad[at + 2] = '\xff';
    std::size_t line = static_cast<std::size_t>(std::count(bad.begin(), bad.begin() + static_cast<std::ptrdiff_t>(at), '\n')) + 1;
    check_refused(target, bad, "not valid JSON at line " + std::to_string(line) + ", column ");
    // nlohmann quotes the bad bytes it read; the message stays UTF-8 (found by the import fuzzer).
    CHECK(utf8_valid(first_error(plan_import(target, bad).status)));
    // Every truncation of a good file is refused, and none changes the store.
    std::uint64_t version = target.version();
    int refused = 0;
    for (std::size_t n = 0; n + 1 < good.size(); n += 7) {
        auto p = plan_import(target, std::string_view(good).substr(0, n));
        if (!p.ok()) ++refused;
        CHECK_MESSAGE(!p.ok(), "a prefix of " << n << " bytes was accepted");
        if (!p.ok()) CHECK(p.status.errors[0].message.find("not valid JSON at line ") != std::string::npos);
    }
    CHECK(refused > 100);
    CHECK(target.version() == version);
    CHECK(target.activities().size() == 0);
}

TEST_CASE("data_file: format and version are checked first") {
    SmallFile f;
    const json file = json::parse(export_database(f.store, kT0));
    Store target(4);
    json j = file;
    j.erase("format");
    check_refused(target, j.dump(), "format: This is not an export of this app");
    j = file;
    j.erase("version");
    check_refused(target, j.dump(), "version: The file has no version number");
    j = file;
    j["version"] = "1";
    check_refused(target, j.dump(), "version: The file has no version number");
    j = file;
    j["version"] = 2;
    check_refused(target, j.dump(), "version: The file is version 2; this app reads version 1. Update the app to import it.");
    j = file;
    j["exported_at"] = "yesterday";
    check_refused(target, j.dump(), "exported_at: expected a time like 2026-11-24T14:00:00.000Z, got \"yesterday\"");
    // Sections may be missing: a file of users only is a valid file.
    json users_only = {{"format", "activities-crm"}, {"version", 1}, {"users", file["users"]}};
    auto plan = plan_import(target, users_only.dump());
    REQUIRE(plan.ok());
    CHECK(plan.value.counts[RecordKind::User].added == f.store.users().size());
}

TEST_CASE("data_file: wrong types, unknown names and bad dates inside records name the record's path") {
    SmallFile f;
    const json file = json::parse(export_database(f.store, kT0));
    Store target(4);
    json j = file;
    j["activities"][3]["subject"] = 7;
    check_refused(target, j.dump(), "activities[3].subject: expected text, got number");
    j = file;
    j["activities"][1]["due"] = {{"date", "2026-02-30"}};
    check_refused(target, j.dump(), "activities[1].due.date: expected a date YYYY-MM-DD, got \"2026-02-30\"");
    j = file;
    j["activities"][2]["modified_at"] = "2026-11-23T25:00:00.000Z";
    check_refused(target, j.dump(), "activities[2].modified_at: expected a time like");
    j = file;
    j["cases"][0]["status"] = "open";
    check_refused(target, j.dump(), "cases[0].status: unknown value \"open\" (expected one of: active, resolved, canceled)");
    j = file;
    j["opportunities"][0]["estimated_revenue"] = -5;
    check_refused(target, j.dump(), "opportunities[0].estimated_revenue: Estimated revenue must be between 0 and %s.");
    j = file;
    j["users"][1]["nickname"] = "Bobby";
    check_refused(target, j.dump(), "users[1].nickname: is not a known field");
    j = file;
    j["contacts"][0] = "Łucja";
    check_refused(target, j.dump(), "contacts[0]: expected an object, got string");
}

TEST_CASE("data_file: duplicate ids name both records, and dangling references name the path and the id") {
    SmallFile f;
    const json file = json::parse(export_database(f.store, kT0));
    Store target(4);
    json j = file;
    j["activities"][3]["id"] = j["activities"][0]["id"];
    check_refused(target, j.dump(), "activities[3].id: repeats the id " + j["activities"][0]["id"].get<std::string>() + " of activities[0]");
    j = file;
    j["contacts"][0]["parent_account_id"] = "acc-missing";
    check_refused(target, j.dump(), "contacts[0].parent_account_id: refers to account acc-missing, which is neither in the file nor in the database");
    j = file;
    j["opportunities"][0]["contact_id"] = "con-missing";
    check_refused(target, j.dump(), "opportunities[0].contact_id: refers to contact con-missing");
    j = file;
    j["cases"][0]["account_id"] = "acc-missing";
    check_refused(target, j.dump(), "cases[0].account_id: refers to account acc-missing");
    j = file;
    j["contacts"][0]["owner"]["id"] = "team-missing";
    check_refused(target, j.dump(), "contacts[0].owner.id: refers to team team-missing");
    j = file;
    j["activities"][2]["regarding"] = {{"kind", "opportunity"}, {"id", f.account}};  // an account's id is not an opportunity's
    check_refused(target, j.dump(), "activities[2].regarding.id: refers to opportunity " + f.account);
    j = file;
    j["attachments"].push_back({{"id", "att-1"}, {"activity_id", "act-missing"}, {"file_name", "a.txt"}, {"size", 1}});
    check_refused(target, j.dump(), "attachments[0].activity_id: refers to activity act-missing");

    // A record with errors still counts as present: records referring to it are not reported too.
    j = file;
    j["accounts"][0]["name"] = 5;
    auto plan = plan_import(target, j.dump());
    REQUIRE_FALSE(plan.ok());
    CHECK(all_errors(plan.status) == "accounts[0].name: expected text, got number\n");
    // A tombstone's references are not checked: nothing shows it.
    j = file;
    j["activities"][0]["deleted"] = true;
    j["activities"][0]["regarding"]["id"] = "acc-long-gone";
    CHECK(plan_import(target, j.dump()).ok());
}

TEST_CASE("data_file: references may point into the database as well as into the file") {
    SmallFile f;
    Store target(4);
    import_into(target, export_database(f.store, kT0));
    // A second file with only a new activity about the account the database already has.
    Activity a;
    a.meta.id = "0e6f7a10-2b3c-4d5e-8f90-a1b2c3d4e5f6";
    a.meta.rev = "1-abc";
    a.type = ActivityType::Note;
    a.state = ActivityState::Open;
    a.reason = StatusReason::NoteActive;
    a.subject = "Notatka 筆記";
    a.regarding = {RegardingKind::Account, f.account};
    a.owner = {OwnerKind::User, f.anna};
    json file = {{"format", "activities-crm"}, {"version", 1}, {"activities", {record_to_json(a)}}};
    auto plan = plan_import(target, file.dump());
    REQUIRE(plan.ok());
    CHECK(plan.value.counts[RecordKind::Activity].added == 1);
    CHECK(plan.value.records.size() == 1);
    // The same file into an empty database is refused: the account is nowhere.
    Store empty(5);
    auto refused = plan_import(empty, file.dump());
    CHECK(first_error(refused.status) == "activities[0].regarding.id: refers to account " + f.account +
                                             ", which is neither in the file nor in the database");
}

TEST_CASE("data_file: errors are capped at 20 with an exact count of the rest") {
    SmallFile f;
    json j = json::parse(export_database(f.store, kT0));
    json bad = j["activities"][0];
    bad["type"] = "fax";
    j["activities"] = json::array();
    for (int i = 0; i < 57; ++i) {
        bad["id"] = "id-" + std::to_string(i);
        j["activities"].push_back(bad);
    }
    Store target(4);
    auto plan = plan_import(target, j.dump());
    REQUIRE(plan.status.errors.size() == 21);
    CHECK(plan.status.errors[0].field == "activities[0].type");
    CHECK(plan.status.errors[19].field == "activities[19].type");
    CHECK(plan.status.errors[20].message == "... and 37 more problems");
}

TEST_CASE("data_file: import over existing data counts added, updated and unchanged per kind, with attachment bytes") {
    SmallFile f;
    const Activity* note = nullptr;
    for (const auto& a : f.store.activities().rows())
        if (a.type == ActivityType::Note) note = &a;
    REQUIRE(note);
    Attachment att;
    att.activity_id = note->meta.id;
    att.file_name = "zdjęcie 照片.png";
    att.mime_type = "image/png";
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
    att.size = bytes.size();
    auto added = f.store.add_attachment(att, f.as(f.anna, kT0));
    REQUIRE(added.ok());
    std::unordered_map<std::string, std::string> blobs{{added.value, bytes}};
    Store target(4);
    import_into(target, export_database(f.store, kT0, &blobs));

    Account acc = *f.store.accounts().find(f.account);
    acc.city = "Gdańsk";
    REQUIRE(f.store.save_record(acc, f.as(f.anna, kT0 + 10)).ok());
    REQUIRE(f.store.create_user("Zofia Nowak", "zofia@example.com", f.as(f.anna, kT0 + 11)).ok());
    const std::uint64_t version = target.version();
    auto plan = plan_import(target, export_database(f.store, kT0, &blobs));
    REQUIRE(plan.ok());
    CHECK(target.version() == version);  // planning changes nothing
    auto& counts = plan.value.counts;
    CHECK(counts[RecordKind::Account].updated == 1);
    CHECK(counts[RecordKind::Account].unchanged == 0);
    CHECK(counts[RecordKind::User].added == 1);
    CHECK(counts[RecordKind::User].unchanged == f.store.users().size() - 1);
    CHECK(counts[RecordKind::Activity].unchanged == f.store.activities().size());
    CHECK(counts[RecordKind::Attachment].unchanged == 1);
    CHECK(plan.value.records.size() == 2);
    // The bytes come along for an unchanged attachment: this device may not have them.
    REQUIRE(plan.value.attachment_bytes.size() == 1);
    CHECK(plan.value.attachment_bytes[0].second == bytes);
    apply_import(target, plan.value);
    CHECK(target.version() == version + 1);
    CHECK(target.accounts().find(f.account)->city == "Gdańsk");
    CHECK(export_database(target, kT0) == export_database(f.store, kT0));
}

TEST_CASE("data_file: the fast path gives the checked path's plan for good files in any shape") {
    SmallFile f;
    const Activity* note = nullptr;
    for (const auto& a : f.store.activities().rows())
        if (a.type == ActivityType::Note && !a.meta.deleted) note = &a;
    REQUIRE(note);
    Attachment att;
    att.activity_id = note->meta.id;
    att.file_name = "umowa 合約.bin";
    att.size = 5;
    auto added = f.store.add_attachment(att, f.as(f.anna, kT0 + 6));
    REQUIRE(added.ok());
    std::unordered_map<std::string, std::string> blobs{{added.value, std::string("\x00\xff ab", 5)}};
    const std::string text = export_database(f.store, kT0, &blobs);
    const json file = json::parse(text);
    Store empty(5);
    check_fast_agrees(empty, text);
    check_fast_agrees(f.store, text);  // everything unchanged
    check_fast_agrees(empty, file.dump());  // sorted keys: sections and fields in another order
    check_fast_agrees(empty, file.dump(2, ' ', /*ensure_ascii=*/true));  // every non-ASCII letter as \u escapes
    check_fast_agrees(empty, "{\"version\":1,\"format\":\"activities-crm\"}");
    json j = file;
    j["activities"][0]["description"] = "line one\nline \"two\"\t\\ end \u00e9 \U0001F600";
    j["opportunities"][0]["estimated_revenue"] = 0.1;
    j["activities"][1]["due"] = nullptr;  // null means unset
    check_fast_agrees(empty, j.dump());
    // Legal but left to nlohmann: the checked path decides, and plan_import gives its answer.
    for (const std::string& odd : {std::string(text).insert(text.find("\"rev\""), "\"_rev\":\"x\","),
                                   std::string(text).insert(text.find("\"rev\""), "\"rev\":\"dup\","),
                                   "\xef\xbb\xbf" + text}) {
        CHECK_FALSE(plan_import_fast(empty, odd).has_value());
        auto a = plan_import(empty, odd);
        auto b = plan_import_checked(empty, odd);
        CHECK(a.ok() == b.ok());
        CHECK(all_errors(a.status) == all_errors(b.status));
        if (a.ok() && b.ok()) CHECK(plan_signature(a.value) == plan_signature(b.value));
    }
}

TEST_CASE("data_file: whatever the fast path accepts of a mutated file, the checked path accepts the same way") {
    SmallFile f;
    const std::string good = export_database(f.store, kT0);
    Store target(6);
    const char replacements[] = {'"', '\\', '{', '}', ']', ',', ':', '0', '9', '-', '.', ' ', 'x', '\x01', '\xc3'};
    int accepted = 0, refused = 0;
    auto check_one = [&](const std::string& text) {
        auto fast = plan_import_fast(target, text);
        if (!fast) {
            ++refused;
            return;
        }
        ++accepted;
        auto checked = plan_import_checked(target, text);
        CAPTURE(text);
        REQUIRE(checked.ok());
        CHECK(plan_signature(*fast) == plan_signature(checked.value));
    };
    for (std::size_t i = 0; i < good.size(); i += 5) {
        check_one(good.substr(0, i) + good.substr(i + 1));
        std::string m = good;
        m[i] = replacements[i % sizeof replacements];
        check_one(m);
    }
    CHECK(accepted > 100);
    CHECK(refused > 100);
}
