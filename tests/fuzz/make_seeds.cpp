// Writes the seed corpora of tests/fuzz/corpus/ (committed; run again only when the base store or
// the formats change): `build-fuzz/crm_fuzz_seeds tests/fuzz/corpus`. Seeds are small real inputs
// and the known kinds of bad input: a valid export, truncated, nested 100,000 deep, wrong types,
// repeated ids, huge numbers, invalid UTF-8, a byte-order mark, NUL bytes; for sync, whole
// conversations with a server (pull, merge, conflicts, push answers) and broken answers.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/json_codec.hpp"
#include "core/persistence.hpp"
#include "core/record_codec.hpp"
#include "core/sync_engine.hpp"
#include "fuzz_support.hpp"

using namespace crm;
using namespace crm::fuzz;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path root;

void write(const std::string& target, const std::string& name, const std::string& bytes) {
    fs::create_directories(root / target);
    std::ofstream(root / target / name, std::ios::binary) << bytes;
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

void import_seeds(const Store& base) {
    const std::string good = export_database(base, kFuzzNow);
    write("import", "valid_export.json", good);
    write("import", "empty_store.json", export_database(Store(3), kFuzzNow));
    write("import", "truncated.json", good.substr(0, good.size() / 2));
    write("import", "nested_100k.json", nested(100'000));
    write("import", "nested_objects.json", [] {
        std::string s;
        for (int i = 0; i < 2000; ++i) s += "{\"a\":";
        s += "1";
        for (int i = 0; i < 2000; ++i) s += "}";
        return s;
    }());
    write("import", "bom.json", "\xEF\xBB\xBF" + good);
    write("import", "nul_bytes.json", std::string("{\"format\":\"activities-crm\",\0\"version\":1}", 39));
    write("import", "not_an_object.json", "[1,2,3]");
    write("import", "empty.json", "");

    json file = json::parse(good);
    auto variant = [&](const std::string& name, auto&& change) {
        json j = file;
        change(j);
        write("import", name, j.dump());
    };
    variant("nested_in_record.json", [](json& j) { j["activities"][0]["subject"] = json::parse(nested(20)); });
    variant("wrong_types.json", [](json& j) {
        j["activities"][0]["subject"] = 42;
        j["users"][0]["name"] = nullptr;
        j["accounts"][0]["owner"] = "anna";
    });
    variant("duplicate_ids.json", [](json& j) { j["activities"].push_back(j["activities"][0]); });
    variant("dangling_reference.json", [](json& j) { j["activities"][0]["regarding"]["id"] = "00000000-0000-4000-8000-000000000000"; });
    variant("huge_numbers.json", [](json& j) {
        j["opportunities"][0]["estimated_revenue"] = 1.7976931348623157e308;
        j["attachments"][0]["size"] = 18446744073709551615ull;
    });
    variant("version_2.json", [](json& j) { j["version"] = 2; });
    variant("unknown_section.json", [](json& j) { j["settings"] = json::array(); });
    variant("attachment_bytes.json", [](json& j) { j["attachments"][0]["data_base64"] = "aGVsbG8="; });
    variant("tombstones.json", [](json& j) {
        for (auto& a : j["activities"]) a["deleted"] = true;
    });
    variant("edited.json", [](json& j) {
        j["activities"][1]["subject"] = "Zmieniony temat 已更改";
        j["activities"][1]["rev"] = "9-abc";
    });
    // Text the exporter never writes but JSON allows: escapes, spaces, other key order.
    write("import", "pretty.json", file.dump(2));
    std::string escaped = good;
    if (auto at = escaped.find("Spotkanie"); at != std::string::npos) escaped.replace(at, 9, "Spotkani\\u0065\\n");
    write("import", "escapes.json", escaped);
    std::string bad_utf8 = good;
    if (auto at = bad_utf8.find("Spotkanie"); at != std::string::npos) bad_utf8.replace(at, 2, "\xC3\x28");
    write("import", "invalid_utf8.json", bad_utf8);
    std::string huge_int = good;
    if (auto at = huge_int.find("\"version\": 1"); at != std::string::npos) huge_int.replace(at, 12, "\"version\": 100000000000000000000000");
    write("import", "huge_version.json", huge_int);
}

// A server's copy of each record, as a _changes feed entry.
json change_of(const AnyRecord& r, std::uint64_t seq, const std::string& rev) {
    json doc = sync_document(r);
    doc["_rev"] = rev;
    return {{"seq", seq}, {"id", doc["_id"]}, {"changes", {{{"rev", rev}}}}, {"doc", doc}};
}

void sync_seeds(const Store& base) {
    const std::string sep = "\n---\n";
    // Everything the device has, as another device changed it; one new record; one deleted.
    json results = json::array();
    std::uint64_t seq = 0;
    json push = json::array();
    base.for_each_shared_table([&](const auto& table) {
        for (const auto& r : table.rows()) {
            AnyRecord any(r);
            AnyRecord theirs = any;
            std::visit(
                [](auto& rec) {
                    using T = std::decay_t<decltype(rec)>;
                    if constexpr (std::is_same_v<T, Activity>) rec.subject += " (edited elsewhere)";
                    else if constexpr (std::is_same_v<T, Account>) rec.name += " S.A.";
                    rec.meta.rev = "2-remote";
                },
                theirs);
            results.push_back(change_of(theirs, ++seq, "2-remote"));
            push.push_back({{"id", sync_doc_id(kind_of(any), meta_of(any).id)}, {"ok", true}, {"rev", "3-pushed"}});
        }
    });
    Activity fresh;
    fresh.meta = {.id = "0f0f0f0f-0000-4000-8000-000000000001", .rev = "1-new"};
    fresh.type = ActivityType::Task;
    fresh.subject = "Nowe zadanie 新任務";
    results.push_back(change_of(AnyRecord(fresh), ++seq, "1-new"));
    results.push_back({{"seq", ++seq}, {"id", "activity:0f0f0f0f-0000-4000-8000-000000000002"}, {"deleted", true},
                       {"doc", {{"_id", "activity:0f0f0f0f-0000-4000-8000-000000000002"}, {"_rev", "2-x"}, {"_deleted", true}}}});
    results.push_back({{"seq", ++seq}, {"id", "_design/app"}, {"doc", {{"_id", "_design/app"}, {"_rev", "1-d"}}}});
    results.push_back({{"seq", ++seq}, {"id", "note:not-ours"}, {"doc", {{"_rev", "1-n"}}}});
    const std::string feed = json{{"results", results}, {"last_seq", std::to_string(seq) + "-g1AAAA"}}.dump();
    const std::string empty_feed = json{{"results", json::array()}, {"last_seq", seq}}.dump();
    const std::string db = "{\"db_name\":\"fuzz\"}";

    // Pulled: the records edited elsewhere become conflicts (no base known), the rest is synced;
    // then, after the harness's local edits, a cycle that pushes them.
    write("sync", "full_cycle.txt", db + sep + feed + sep + db + sep + empty_feed + sep + "201 " + push.dump());
    write("sync", "create_database.txt", "404 {\"error\":\"not_found\"}" + sep + "201 {\"ok\":true}" + sep + empty_feed + sep +
                                             "201 " + push.dump());
    json conflicts = json::array();
    for (const auto& p : push) conflicts.push_back({{"id", p["id"]}, {"error", "conflict"}, {"reason", "Document update conflict."}});
    write("sync", "push_conflicts.txt", db + sep + empty_feed + sep + "201 " + conflicts.dump() + sep + feed + sep + "201 " + push.dump());
    write("sync", "errors.txt", "401 {\"error\":\"unauthorized\"}" + sep + "500 oops" + sep + "000 " + sep + db + sep + "200 not json");
    write("sync", "nested_feed.txt", db + sep + "{\"results\":" + nested(100'000) + ",\"last_seq\":1}");
    write("sync", "nested_last_seq.txt", db + sep + "{\"results\":[],\"last_seq\":" + nested(100'000) + "}" + sep + empty_feed);
    json deep_doc = results[0];
    deep_doc["doc"]["subject"] = json::parse(nested(50));
    write("sync", "nested_doc.txt", db + sep + json{{"results", {deep_doc}}, {"last_seq", 1}}.dump() + sep + "201 []");
    json attachment = json::array();
    for (const auto& c : results)
        if (c["id"].get<std::string>().rfind("attachment:", 0) == 0) {
            json a = c;
            a["doc"]["_attachments"] = {{"file", {{"content_type", "text/plain"}, {"data", "aGVsbG8="}}}};
            attachment.push_back(a);
        }
    write("sync", "attachment_file.txt", db + sep + json{{"results", attachment}, {"last_seq", 9}}.dump() + sep + "201 " + push.dump());
    // Synced, then edited here (the harness edits every activity when the engine is first idle)
    // and there: the engine fetches each activity's base (the copy both last agreed on) to merge.
    json remote_edits = json::array(), bases;
    std::vector<std::string> base_docs;
    for (const auto& c : results) {
        if (c["id"].get<std::string>().rfind("activity:", 0) != 0 || !c["doc"].contains("subject")) continue;
        json base = c["doc"];
        base["_rev"] = "3-pushed";
        base_docs.push_back(base.dump());
        json edit = c;
        edit["doc"]["_rev"] = "4-remote";
        edit["doc"]["subject"] = "Zmiana na serwerze";
        edit["doc"]["priority"] = "high";
        remote_edits.push_back(edit);
    }
    std::string merge = db + sep + empty_feed + sep + "201 " + push.dump() + sep + db + sep +
                        json{{"results", remote_edits}, {"last_seq", 99}}.dump();
    for (const auto& b : base_docs) merge += sep + b;
    merge += sep + "201 " + push.dump();
    write("sync", "merge_with_base.txt", merge);
    write("sync", "bulk_docs_not_array.txt", db + sep + empty_feed + sep + "201 {\"ok\":true}");
}

void storage_seeds(const Store& base) {
    std::vector<std::string> chunks = encode_snapshot(base);
    std::string all;
    for (const auto& c : chunks) all += c;
    write("storage", "snapshot.bin", all);
    write("storage", "snapshot_truncated.bin", all.substr(0, all.size() * 2 / 3));
    std::vector<AnyRecord> some;
    base.for_each_record([&](RecordHandle h) {
        if (some.size() < 3) some.push_back(base.record_at(h));
    });
    write("storage", "snapshot_and_log.bin", all + "\n---\n" + encode_records(some));
    std::string flipped = all;
    for (std::size_t i = 7; i < flipped.size(); i += 97) flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    write("storage", "snapshot_flipped.bin", flipped);
    write("storage", "huge_length.bin", std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f\x01\x02", 12));
}

void text_seeds() {
    auto seed = [](int selector, const std::string& name, const std::string& text) {
        write("text", name, std::string(1, static_cast<char>(selector)) + text);
    };
    seed(0, "date", "2026-02-28");
    seed(0, "date_leap", "2024-02-29");
    seed(1, "instant", "2026-11-23T18:40:00.123Z");
    seed(1, "instant_offset", "2026-03-29T02:30:00+02:00");
    seed(1, "instant_far", "9999-12-31T23:59:59.999999Z");
    seed(2, "time", "09:05");
    seed(3, "zone_warsaw", "CET-1CEST,M3.5.0,M10.5.0/3");
    seed(3, "zone_quoted", "<+0545>-5:45");
    seed(3, "zone_southern", "AEST-10AEDT,M10.1.0,M4.1.0/3");
    seed(3, "zone_julian", "XXX3YYY,J60/-167,300/167");
    seed(3, "zone_us", "EST5EDT");
    seed(4, "base64", "aGVsbG8gd29ybGQ=");
    seed(5, "sync_config", "https://couch.example.com:6984/\nsales/eu");
    seed(5, "sync_config_bad", "http://user:pw@host?x\n9bad");
    seed(6, "doc_id", "activity:0f0f0f0f-0000-4000-8000-000000000001");
    seed(7, "catalog", "{\"@comment\":\"x\",\"Save\":\"Zapisz\",\"%s activity\":[\"%s aktywność\",\"%s aktywności\",\"%s aktywności\"],\"bad\":[1]}");
    seed(8, "view_prefs", "{\"version\":1,\"show_as\":\"kanban\",\"sort\":{\"column\":\"due\",\"ascending\":false}}");
    seed(9, "conflict", "{\"doc_id\":\"activity:x\",\"remote_rev\":\"2-a\",\"detected_at\":5,\"fields\":[{\"field\":\"subject\",\"local\":\"a\",\"remote\":\"b\"}]}");
    seed(10, "languages", "pl-PL\nzh-TW\nen");
    // Deep enough for the depth limits, small enough for text.options' -max_len.
    seed(7, "catalog_nested", "{\"Save\":" + nested(3'000) + "}");
    seed(8, "view_prefs_nested", "{\"version\":1,\"query\":" + nested(3'000) + "}");
    seed(9, "conflict_nested", "{\"doc_id\":\"activity:x\",\"fields\":[{\"field\":\"subject\",\"local\":" + nested(3'000) + "}]}");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: crm_fuzz_seeds <tests/fuzz/corpus>\n";
        return 2;
    }
    root = argv[1];
    Store base = make_base_store();
    import_seeds(base);
    sync_seeds(base);
    storage_seeds(base);
    text_seeds();
    return 0;
}
