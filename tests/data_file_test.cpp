// Export and import of the whole database (data_file): lossless round trips on the demo data and
// on generated data with Polish and Chinese text, attachments with binary bytes, and refusal of
// bad files with the database unchanged.
#include <doctest/doctest.h>

#include <chrono>

#include "core/data_file.hpp"
#include "core/demo_data.hpp"
#include "core/json_codec.hpp"
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
    CAPTURE(all_errors(plan.status));
    CHECK(all_errors(plan.status).find(expected) != std::string::npos);
    CHECK(store.version() == version);
    CHECK(export_database(store, kT0) == before);
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
    check_refused(target, std::string(100000, '['), "levels deep");
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

TEST_CASE("data_file: export and import of 20,000 activities (timings reported, not asserted)") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    Activity act;
    act.type = ActivityType::Task;
    act.regarding = {RegardingKind::Account, f.account};
    for (int i = 0; i < 20'000; ++i) {
        act.subject = "Zadzwonić do klienta 致電客戶 " + std::to_string(i);
        act.due = Due::on_date({2026, 12, 1 + i % 28});
        REQUIRE(f.store.create_activity(act, a).ok());
    }
    auto t0 = std::chrono::steady_clock::now();
    std::string text = export_database(f.store, kT0);
    auto t1 = std::chrono::steady_clock::now();
    Store target(8);
    auto plan = plan_import(target, text);
    REQUIRE(plan.ok());
    apply_import(target, plan.value);
    auto t2 = std::chrono::steady_clock::now();
    CHECK(target.activities().size() == 20'000);
    auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
    MESSAGE("20,000 activities: export " << ms(t1 - t0) << " ms (" << text.size() / (1 << 20) << " MB), import "
                                          << ms(t2 - t1) << " ms (native build of the tests)");
}
