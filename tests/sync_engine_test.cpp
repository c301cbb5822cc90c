// The sync engine's protocol logic: checkpoints, batching, resuming after a reload, revisions,
// merges and conflicts, backoff. The engine does no I/O, so these tests answer its requests with
// `TestCouch`, a small in-memory model of the CouchDB endpoints it uses (_changes, _bulk_docs
// with revision checks, GET doc?rev). The browser tests run the same engine against a real
// pouchdb-server (tests/browser/sync_test.mjs).
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "core/ids.hpp"
#include "core/json_codec.hpp"
#include "core/sync_engine.hpp"
#include "store_fixture.hpp"

using nlohmann::json;

namespace {

std::string url_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else out += s[i];
    }
    return out;
}

std::string query_param(const std::string& path, const std::string& name) {
    auto q = path.find('?');
    if (q == std::string::npos) return {};
    std::string query = path.substr(q + 1);
    std::size_t pos = 0;
    while (pos <= query.size()) {
        auto amp = query.find('&', pos);
        std::string part = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
        if (part.rfind(name + "=", 0) == 0) return url_decode(part.substr(name.size() + 1));
        if (amp == std::string::npos) break;
        pos = amp + 1;
    }
    return {};
}

struct TestCouch {
    struct Doc {
        std::string rev;
        json body;
        std::uint64_t seq = 0;
        std::map<std::string, json> history;  // rev -> body
        std::set<std::string> losing_leaves;  // conflicting branches (new_edits:false over another history)
    };
    std::map<std::string, Doc> docs;
    std::uint64_t seq = 0;
    bool exists = false;
    int requests = 0;
    int new_edits_false_batches = 0;
    std::vector<SyncRequest> log;

    // new_edits:false: the revision given is stored as it is. The same revision again changes
    // nothing; another one over an existing document becomes a second branch, and the winner is
    // CouchDB's: the higher generation, then the greater revision text.
    void replicate_in(const std::string& id, json body) {
        std::string rev = body["_rev"];
        auto it = docs.find(id);
        if (it != docs.end() && it->second.history.count(rev)) return;
        Doc& d = docs[id];
        body["_id"] = id;
        d.history[rev] = body;
        if (!d.rev.empty()) {
            bool wins = revision_generation(rev) > revision_generation(d.rev) ||
                        (revision_generation(rev) == revision_generation(d.rev) && rev > d.rev);
            d.losing_leaves.insert(wins ? d.rev : rev);
            if (!wins) return;
        }
        d.rev = rev;
        d.body = body;
        d.seq = ++seq;
    }

    void put(const std::string& id, json body) {
        Doc& d = docs[id];
        d.rev = std::to_string(revision_generation(d.rev) + 1) + "-" + std::to_string(fnv1a64(body.dump()) % 100000);
        body["_id"] = id;
        body["_rev"] = d.rev;
        d.body = body;
        d.history[d.rev] = body;
        d.seq = ++seq;
    }

    SyncResponse handle(const SyncRequest& r) {
        ++requests;
        log.push_back(r);
        if (r.path.empty()) {
            if (r.method == "PUT") {
                bool was = exists;
                exists = true;
                return {was ? 412 : 201, "{\"ok\":true}", ""};
            }
            return {exists ? 200 : 404, exists ? "{\"db_name\":\"t\"}" : "{\"error\":\"not_found\"}", ""};
        }
        if (r.path.rfind("_changes", 0) == 0) {
            if (!exists) return {404, "{\"error\":\"not_found\",\"reason\":\"Database does not exist.\"}", ""};
            std::uint64_t since = std::stoull(query_param(r.path, "since"));
            std::size_t limit = std::stoul(query_param(r.path, "limit"));
            std::vector<std::pair<std::uint64_t, std::string>> order;
            for (const auto& [id, d] : docs)
                if (d.seq > since) order.emplace_back(d.seq, id);
            std::sort(order.begin(), order.end());
            json results = json::array();
            std::uint64_t last = since;
            for (const auto& [s, id] : order) {
                if (results.size() >= limit) break;
                results.push_back({{"seq", s}, {"id", id}, {"changes", {{{"rev", docs[id].rev}}}}, {"doc", docs[id].body}});
                last = s;
            }
            return {200, json{{"results", results}, {"last_seq", last}}.dump(), ""};
        }
        if (r.path == "_bulk_docs") {
            json answers = json::array();
            const json request = json::parse(r.body);
            if (request.contains("new_edits") && request["new_edits"] == false) {
                ++new_edits_false_batches;
                for (const json& doc : request["docs"]) replicate_in(doc["_id"], doc);
                return {201, "[]", ""};  // CouchDB lists only refused documents here
            }
            for (json doc : request["docs"]) {
                std::string id = doc["_id"];
                auto it = docs.find(id);
                std::string given = doc.value("_rev", std::string());
                if ((it != docs.end() && it->second.rev != given) || (it == docs.end() && !given.empty())) {
                    answers.push_back({{"id", id}, {"error", "conflict"}, {"reason", "Document update conflict."}});
                    continue;
                }
                doc.erase("_rev");
                put(id, doc);
                answers.push_back({{"id", id}, {"ok", true}, {"rev", docs[id].rev}});
            }
            return {201, answers.dump(), ""};
        }
        // GET <doc id>?rev=<rev>
        std::string id = url_decode(r.path.substr(0, r.path.find('?')));
        std::string rev = query_param(r.path, "rev");
        auto it = docs.find(id);
        if (it == docs.end() || !it->second.history.count(rev)) return {404, "{\"error\":\"not_found\"}", ""};
        return {200, it->second.history[rev].dump(), ""};
    }
};

// The device's attachment files (the browser's `blobs` store): attachment id -> bytes.
using Files = std::map<std::string, std::string>;

// Runs the engine against the server until it has nothing more to send (one cycle or more);
// the file requests are answered from and into `files`, as the platform does.
void run(SyncEngine& engine, TestCouch& server, const Actor& actor, Files* files = nullptr, int max_requests = 1000) {
    for (int i = 0; i < max_requests; ++i) {
        auto req = engine.next_request(actor);
        if (!req) return;
        if (req->method == kReadBytes) {
            auto it = files ? files->find(req->path) : Files::iterator{};
            bool found = files && it != files->end();
            engine.on_response(req->id, {found ? 200 : 404, found ? it->second : "", ""}, actor);
        } else if (req->method == kWriteBytes) {
            REQUIRE(files != nullptr);
            (*files)[req->path] = req->body;
            engine.on_response(req->id, {200, "", ""}, actor);
        } else {
            engine.on_response(req->id, server.handle(*req), actor);
        }
    }
    FAIL("the engine did not finish within " << max_requests << " requests");
}

const SyncConfig kConfig{"http://127.0.0.1:5984", "sales", "alice", "s3cret"};

// Device one (the fixture's store) and device two (an empty store) syncing through one server,
// each with its own attachment files.
struct TwoDevices : Fixture {
    TestCouch server;
    SyncEngine one{store};
    Store other{7};
    SyncEngine two{other};
    Files mine, theirs;
    // Both set up: one pushes what it has, then two pulls it.
    void sync_both(const Actor& a) {
        one.configure(kConfig, a);
        run(one, server, a, &mine);
        two.configure(kConfig, a);
        run(two, server, a, &theirs);
    }
};

std::size_t live_activities_named(const Store& s, const std::string& subject) {
    std::size_t n = 0;
    for (const auto& a : s.activities().rows()) n += (!a.meta.deleted && a.subject == subject) ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("sync: the first sync creates the database and pushes every record; nothing is then waiting") {
    Fixture f;
    Actor a = f.as(f.anna, kT0 + 1000);
    f.make(ActivityType::Task, "Send the offer", a);
    SyncEngine engine(f.store);
    TestCouch server;
    engine.configure(kConfig, a);
    CHECK(engine.changes_waiting() == 4 + 2 + 1 + 1);  // users, teams, account, activity
    run(engine, server, a);
    CHECK(server.exists);
    CHECK(server.docs.size() == 8);
    CHECK(engine.changes_waiting() == 0);
    CHECK(engine.status().phase == SyncPhase::Idle);
    CHECK(engine.status().last_error.empty());
    CHECK(engine.status().last_synced_at == a.now);
    // Documents carry the record's JSON form under "<kind>:<id>", never device settings or credentials.
    for (const auto& [id, d] : server.docs) {
        CHECK(parse_sync_doc_id(id).has_value());
        CHECK(d.body.dump().find("s3cret") == std::string::npos);
    }
    for (const auto& r : server.log) CHECK(r.body.find("s3cret") == std::string::npos);
    CHECK(server.docs.count("account:" + f.account) == 1);
    // The cycle asked for the feed first; its 404 created the database, then the feed again.
    REQUIRE(server.log.size() >= 3);
    CHECK(server.log[0].path.rfind("_changes", 0) == 0);
    CHECK((server.log[1].method == "PUT" && server.log[1].path.empty()));
    CHECK(server.log[2].path.rfind("_changes", 0) == 0);
    // The next cycle finds it: no PUT, the feed is the first request.
    const std::size_t before = server.log.size();
    engine.request_sync(a.now);
    run(engine, server, a);
    REQUIRE(server.log.size() > before);
    CHECK(server.log[before].path.rfind("_changes", 0) == 0);
    for (std::size_t i = before; i < server.log.size(); ++i) CHECK(server.log[i].method != "PUT");
}

TEST_CASE("sync: a database still missing after it was created fails the cycle once, with the status named") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    auto answer = [&](int status, const std::string& body) {
        auto req = engine.next_request(a);
        REQUIRE(req);
        engine.on_response(req->id, {status, body, ""}, a);
        return *req;
    };
    CHECK(answer(404, "{\"error\":\"not_found\"}").path.rfind("_changes", 0) == 0);
    CHECK(answer(201, "{\"ok\":true}").method == "PUT");
    CHECK(answer(404, "{\"error\":\"not_found\"}").path.rfind("_changes", 0) == 0);
    CHECK(engine.status().phase == SyncPhase::Backoff);
    CHECK(engine.status().last_error.find("404") != std::string::npos);
}

TEST_CASE("sync: a second device pulls everything, and pulling its own pushes back changes nothing") {
    TwoDevices f;
    Actor a = f.as(f.anna, kT0 + 1000);
    std::string id = f.make(ActivityType::PhoneCall, "Call Chris Preston", a);
    f.sync_both(a);
    REQUIRE(f.other.activities().find(id) != nullptr);
    CHECK(f.other.activities().find(id)->subject == "Call Chris Preston");
    CHECK(f.other.activities().find(id)->meta.rev == f.get(id).meta.rev);
    CHECK(f.two.changes_waiting() == 0);
    CHECK(f.other.users().size() == 4);

    // The first device syncs again: its own documents come back through the feed and are skipped.
    auto before = f.get(id);
    f.one.request_sync(a.now);
    run(f.one, f.server, a);
    CHECK(f.get(id).meta.rev == before.meta.rev);
    CHECK(f.get(id).meta.remote_rev == before.meta.remote_rev);
    CHECK(f.one.changes_waiting() == 0);
}

TEST_CASE("sync: the pull checkpoint is stored with the data and resumes in batches") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    TestCouch server;
    server.exists = true;
    // Activities written by another device: three pull batches.
    const int total = 2 * static_cast<int>(kSyncPullBatch) + 203;
    Store source(9);
    source.load(*f.store.find_any(RecordKind::User, f.anna));
    for (int i = 0; i < total; ++i) {
        Activity act;
        act.type = ActivityType::Note;
        act.subject = "Note " + std::to_string(i);
        act.owner = {OwnerKind::User, f.anna};
        auto made = source.create_activity(act, f.setup);
        INFO((made.status.errors.empty() ? std::string() : made.status.errors[0].message));
        REQUIRE(made.ok());
        server.put("activity:" + made.value, sync_document(*source.find_any(RecordKind::Activity, made.value)));
    }
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    // Stop after the first pull batch: the checkpoint moved exactly as far as the stored data.
    std::size_t pulls = 0;
    for (int i = 0; i < 10 && pulls < 2; ++i) {
        auto req = engine.next_request(a);
        REQUIRE(req);
        if (req->path.rfind("_changes", 0) == 0 && ++pulls == 2) {
            CHECK(query_param(req->path, "since") == std::to_string(kSyncPullBatch));
            // The second page is asked for before the first is applied (the server prepares it
            // meanwhile); nothing of the first is stored yet, and neither is its checkpoint.
            CHECK(f.store.activities().size() == 0);
            CHECK(f.store.setting(kSettingSyncSince).empty());
            // While that request is on its way, the next call applies the first page.
            CHECK_FALSE(engine.next_request(a).has_value());
            break;
        }
        engine.on_response(req->id, server.handle(*req), a);
    }
    CHECK(f.store.activities().size() == kSyncPullBatch);
    CHECK(f.store.setting(kSettingSyncSince) == std::to_string(kSyncPullBatch));

    // "Reload": a new engine over the same store continues from the checkpoint, without repeats.
    SyncEngine after_reload(f.store);
    after_reload.configure(kConfig, a);
    auto pull = after_reload.next_request(a);  // the cycle starts with the feed (the database exists)
    REQUIRE(pull);
    CHECK(query_param(pull->path, "since") == std::to_string(kSyncPullBatch));
    after_reload.on_response(pull->id, server.handle(*pull), a);
    run(after_reload, server, a);
    CHECK(f.store.activities().size() == static_cast<std::size_t>(total));
    CHECK(live_activities_named(f.store, "Note 0") == 1);
    CHECK(live_activities_named(f.store, "Note " + std::to_string(total - 1)) == 1);
}

TEST_CASE("sync: a push interrupted by a reload is resumed without duplicates or conflicts") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    for (int i = 0; i < 1200; ++i) f.make(ActivityType::Task, "Task " + std::to_string(i), a);
    TestCouch server;
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    // Run until the first push batch reached the server, then lose its answer (the page reloaded).
    for (;;) {
        auto req = engine.next_request(a);
        REQUIRE(req);
        auto answer = server.handle(*req);
        if (req->path == "_bulk_docs") break;
        engine.on_response(req->id, answer, a);
    }
    CHECK(server.docs.size() == kSyncPushBatch);
    SyncEngine after_reload(f.store);
    after_reload.configure(kConfig, a);
    run(after_reload, server, a);
    CHECK(server.docs.size() == 4 + 2 + 1 + 1200);
    CHECK(after_reload.changes_waiting() == 0);
    CHECK(after_reload.conflicts().empty());
    CHECK(f.store.activities().size() == 1200);
    // Every server document matches the local record.
    for (const auto& act : f.store.activities().rows()) {
        auto& d = server.docs.at("activity:" + act.meta.id);
        CHECK(d.rev == act.meta.remote_rev);
        CHECK(d.body["subject"] == act.subject);
    }
}

TEST_CASE("sync: pushes are pipelined; answers in any order settle their own records") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    const int tasks = 3 * static_cast<int>(kSyncPushBatch);
    for (int i = 0; i < tasks; ++i) f.make(ActivityType::Task, "Task " + std::to_string(i), a);
    TestCouch server;
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    for (;;) {  // database check, creation, empty pull
        auto req = engine.next_request(a);
        REQUIRE(req);
        if (req->path == "_bulk_docs") {
            // While the first batch is on its way the second goes too, but no third.
            auto second = engine.next_request(a);
            REQUIRE(second);
            CHECK(second->path == "_bulk_docs");
            CHECK_FALSE(engine.next_request(a).has_value());
            CHECK(engine.busy());
            std::set<std::string> ids;
            for (const auto* r : {&*req, &*second}) {
                const json body = json::parse(r->body);
                for (const auto& doc : body["docs"]) CHECK(ids.insert(doc["_id"].get<std::string>()).second);
            }
            CHECK(ids.size() == 2 * kSyncPushBatch);  // no record in both
            // The second answer arrives first.
            auto second_answer = server.handle(*second);
            auto first_answer = server.handle(*req);
            engine.on_response(second->id, second_answer, a);
            engine.on_response(req->id, first_answer, a);
            break;
        }
        engine.on_response(req->id, server.handle(*req), a);
    }
    CHECK(engine.status().pushed == 2 * kSyncPushBatch);
    run(engine, server, a);
    CHECK(server.docs.size() == static_cast<std::size_t>(4 + 2 + 1 + tasks));
    CHECK(engine.changes_waiting() == 0);
    CHECK(engine.conflicts().empty());
    CHECK(engine.status().phase == SyncPhase::Idle);
    for (const auto& act : f.store.activities().rows()) CHECK(server.docs.at("activity:" + act.meta.id).rev == act.meta.remote_rev);
}

TEST_CASE("sync: a failed pipelined push drops the other answer; the next cycle finishes without duplicates") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    const int tasks = 2 * static_cast<int>(kSyncPushBatch);
    for (int i = 0; i < tasks; ++i) f.make(ActivityType::Task, "Task " + std::to_string(i), a);
    TestCouch server;
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    for (;;) {
        auto req = engine.next_request(a);
        REQUIRE(req);
        if (req->path == "_bulk_docs") {
            auto second = engine.next_request(a);
            REQUIRE(second);
            // The first is refused by an overloaded server; the second reaches it, but its answer
            // comes after the failure and is not taken.
            engine.on_response(req->id, {503, "{\"error\":\"unavailable\"}", ""}, a);
            auto late = server.handle(*second);
            engine.on_response(second->id, late, a);
            break;
        }
        engine.on_response(req->id, server.handle(*req), a);
    }
    CHECK(engine.status().phase == SyncPhase::Backoff);
    CHECK_FALSE(engine.busy());
    CHECK(server.docs.size() == kSyncPushBatch);
    engine.request_sync(a.now);
    run(engine, server, f.as(f.anna, a.now + 10));
    CHECK(server.docs.size() == static_cast<std::size_t>(4 + 2 + 1 + tasks));
    CHECK(engine.changes_waiting() == 0);
    CHECK(engine.conflicts().empty());
    CHECK(f.store.activities().size() == static_cast<std::size_t>(tasks));
    for (const auto& act : f.store.activities().rows()) {
        CHECK(server.docs.at("activity:" + act.meta.id).rev == act.meta.remote_rev);
        CHECK(server.docs.at("activity:" + act.meta.id).body["subject"] == act.subject);
    }
}

TEST_CASE("sync: the pushed text of a document is the document") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    std::string id = f.make(ActivityType::Email, "Oferta — Łódź 台北 \"quoted\"", a);
    AnyRecord task = *f.store.find_any(RecordKind::Activity, id);
    std::visit([](auto& r) { r.meta.remote_rev = "3-abc"; }, task);
    std::string text;
    append_sync_document(task, nullptr, text);
    CHECK(json::parse(text) == sync_document(task));
    Attachment att;
    att.meta.id = "a1";
    att.activity_id = id;
    att.file_name = "x.bin";
    att.mime_type = "";
    std::string bytes("\x00\x01\xfe", 3);
    text.clear();
    append_sync_document(AnyRecord(att), &bytes, text);
    json doc = json::parse(text);
    CHECK(doc["_id"] == "attachment:a1");
    CHECK(doc["kind"] == "attachment");
    CHECK_FALSE(doc.contains("_rev"));
    CHECK(doc["_attachments"]["file"]["content_type"] == "application/octet-stream");
    CHECK(doc["_attachments"]["file"]["data"] == "AAH+");
    doc.erase("_attachments");
    CHECK(doc == sync_document(AnyRecord(att)));
}

TEST_CASE("sync: edits of different fields on two devices merge and reach both") {
    TwoDevices f;
    Actor a = f.as(f.anna, kT0);
    std::string id = f.make(ActivityType::Task, "Prepare the offer", a);
    f.sync_both(a);

    // Offline on both: device one changes the subject, device two the description.
    Activity e1 = f.get(id);
    e1.subject = "Prepare the offer for Imported Sports";
    REQUIRE(f.store.update_activity(e1, f.as(f.anna, kT0 + 10)).ok());
    Activity e2 = *f.other.activities().find(id);
    e2.description = "Include the 2027 price list";
    REQUIRE(f.other.update_activity(e2, f.as(f.bob, kT0 + 20)).ok());

    run(f.one, f.server, f.as(f.anna, kT0 + 30));  // one pushes first
    run(f.two, f.server, f.as(f.bob, kT0 + 40));   // two meets the newer copy: fetches the base and merges
    CHECK(f.two.conflicts().empty());
    const Activity& merged = *f.other.activities().find(id);
    CHECK(merged.subject == "Prepare the offer for Imported Sports");
    CHECK(merged.description == "Include the 2027 price list");
    CHECK(f.two.changes_waiting() == 0);  // the merge was pushed
    bool fetched_base = false;
    for (const auto& r : f.server.log) fetched_base |= r.method == "GET" && r.path.find("?rev=") != std::string::npos;
    CHECK(fetched_base);

    f.one.request_sync(kT0 + 50);
    run(f.one, f.server, f.as(f.anna, kT0 + 50));
    CHECK(f.get(id).subject == "Prepare the offer for Imported Sports");
    CHECK(f.get(id).description == "Include the 2027 price list");
    CHECK(f.one.changes_waiting() == 0);
}

TEST_CASE("sync: the same field edited on two devices becomes a conflict; the choice syncs back") {
    TwoDevices f;
    Actor a = f.as(f.anna, kT0);
    std::string id = f.make(ActivityType::Task, "Call back", a);
    f.sync_both(a);

    Activity e1 = f.get(id);
    e1.subject = "Call back on Monday";
    REQUIRE(f.store.update_activity(e1, f.as(f.anna, kT0 + 10)).ok());
    Activity e2 = *f.other.activities().find(id);
    e2.subject = "Call back on Tuesday";
    e2.priority = Priority::High;
    REQUIRE(f.other.update_activity(e2, f.as(f.bob, kT0 + 20)).ok());

    run(f.one, f.server, f.as(f.anna, kT0 + 30));
    run(f.two, f.server, f.as(f.bob, kT0 + 40));
    auto conflicts = f.two.conflicts();
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].doc_id == "activity:" + id);
    REQUIRE(conflicts[0].fields.size() == 1);
    CHECK(conflicts[0].fields[0].field == "subject");
    CHECK(conflicts[0].fields[0].local == "Call back on Tuesday");
    CHECK(conflicts[0].fields[0].remote == "Call back on Monday");
    // Both values are kept: the local one in the record, the server's in the conflict and on the f.server.
    CHECK(f.other.activities().find(id)->subject == "Call back on Tuesday");
    CHECK(f.server.docs.at("activity:" + id).body["subject"] == "Call back on Monday");
    CHECK(f.two.changes_waiting() == 1);  // held back until the user decides

    // The user takes the other device's subject; the rest of the local edit (priority) stays.
    REQUIRE(f.two.resolve_conflict("activity:" + id, {"subject"}, f.as(f.bob, kT0 + 50)).ok());
    CHECK(f.two.conflicts().empty());
    run(f.two, f.server, f.as(f.bob, kT0 + 50));
    CHECK(f.two.changes_waiting() == 0);
    CHECK(f.server.docs.at("activity:" + id).body["subject"] == "Call back on Monday");
    CHECK(f.server.docs.at("activity:" + id).body["priority"] == "high");

    f.one.request_sync(kT0 + 60);
    run(f.one, f.server, f.as(f.anna, kT0 + 60));
    CHECK(f.get(id).subject == "Call back on Monday");
    CHECK(f.get(id).priority == Priority::High);
    CHECK(f.one.conflicts().empty());
}

TEST_CASE("sync: network errors back off 2 s, 4 s, 8 s ...; Sync now retries at once; a good cycle resets") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    auto req = engine.next_request(a);
    REQUIRE(req);
    engine.on_response(req->id, {0, "", "this device is offline"}, a);
    CHECK(engine.status().phase == SyncPhase::Backoff);
    CHECK(engine.status().next_attempt_at == kT0 + 2000);
    CHECK(engine.status().last_error.find("this device is offline") != std::string::npos);
    CHECK_FALSE(engine.next_request(f.as(f.anna, kT0 + 1999)).has_value());
    req = engine.next_request(f.as(f.anna, kT0 + 2000));
    REQUIRE(req);
    engine.on_response(req->id, {503, "", ""}, f.as(f.anna, kT0 + 2000));
    CHECK(engine.status().next_attempt_at == kT0 + 2000 + 4000);
    CHECK(engine.status().last_error.find("HTTP 503") != std::string::npos);
    engine.request_sync(kT0 + 2500);
    req = engine.next_request(f.as(f.anna, kT0 + 2500));
    REQUIRE(req);
    TestCouch server;
    engine.on_response(req->id, server.handle(*req), f.as(f.anna, kT0 + 2500));
    run(engine, server, f.as(f.anna, kT0 + 2500));
    CHECK(engine.status().phase == SyncPhase::Idle);
    CHECK(engine.status().failures_in_a_row == 0);
    CHECK(engine.status().last_error.empty());
    CHECK(engine.changes_waiting() == 0);
}

TEST_CASE("sync: a refused password is named, and the backoff is capped at five minutes") {
    Fixture f;
    SyncEngine engine(f.store);
    engine.configure(kConfig, f.as(f.anna, kT0));
    UtcMillis now = kT0;
    for (int i = 0; i < 12; ++i) {
        auto req = engine.next_request(f.as(f.anna, now));
        REQUIRE(req);
        engine.on_response(req->id, {401, "{\"error\":\"unauthorized\"}", ""}, f.as(f.anna, now));
        now = engine.status().next_attempt_at;
    }
    CHECK(engine.status().last_error.find("user name or password") != std::string::npos);
    auto req = engine.next_request(f.as(f.anna, now));
    REQUIRE(req);
    engine.on_response(req->id, {401, "", ""}, f.as(f.anna, now));
    CHECK(engine.status().next_attempt_at - now == kSyncMaxBackoff);
}

TEST_CASE("sync: a local edit after a cycle starts the next one; an unreadable server document is skipped and reported") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    TestCouch server;
    server.exists = true;
    server.put("activity:bad", {{"id", "bad"}, {"type", "telepathy"}});
    server.put("shopping-list", {{"milk", true}});
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    run(engine, server, a);
    CHECK(engine.status().skipped == 2);
    CHECK_FALSE(engine.status().skipped_example.empty());
    CHECK(f.store.activities().find("bad") == nullptr);
    CHECK_FALSE(engine.next_request(a).has_value());  // idle until the interval or a change
    f.make(ActivityType::Note, "Met at the fair", a);
    auto req = engine.next_request(a);
    REQUIRE(req);
    engine.on_response(req->id, server.handle(*req), a);
    run(engine, server, a);
    CHECK(engine.changes_waiting() == 0);
}

TEST_CASE("sync: answers nested 100,000 deep are refused as unreadable, without overflowing the stack") {
    // Found by tests/fuzz/sync_fuzz.cpp: nlohmann parses such text without recursion, but copying
    // or dumping the value recursed once per level (last_seq was copied, then dumped).
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    const std::string bomb = std::string(100000, '[') + std::string(100000, ']');
    auto answer = [&](int status, const std::string& body) {
        auto req = engine.next_request(a);
        REQUIRE(req);
        engine.on_response(req->id, {status, body, ""}, a);
    };
    std::uint64_t version = f.store.version();
    answer(200, "{\"results\":[],\"last_seq\":" + bomb + "}");
    CHECK(engine.status().phase == SyncPhase::Backoff);
    CHECK(engine.status().last_error.find("changes feed") != std::string::npos);
    CHECK(f.store.version() == version);
    CHECK(f.store.setting(kSettingSyncSince).empty());

    // A document nested that deep refuses its page the same way (the user sees why).
    a.now += kSyncMaxBackoff + 1;
    engine.request_sync(a.now);
    answer(200, "{\"results\":[{\"id\":\"activity:x\",\"doc\":{\"_rev\":\"1-a\",\"subject\":" + bomb + "}}],\"last_seq\":1}");
    CHECK(engine.status().phase == SyncPhase::Backoff);
    CHECK(f.store.activities().find("x") == nullptr);
    CHECK(f.store.version() == version);

    a.now += 2 * kSyncMaxBackoff + 1;
    engine.request_sync(a.now);
    answer(200, "{\"results\":[],\"last_seq\":1}");
    auto push = engine.next_request(a);
    REQUIRE(push);
    CHECK(push->path == "_bulk_docs");
    engine.on_response(push->id, {201, bomb, ""}, a);
    CHECK(engine.status().last_error.find("could not be read") != std::string::npos);
}

TEST_CASE("sync: switching to another server forgets the old revisions and starts over safely") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    TestCouch first, second;
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    run(engine, first, a);
    CHECK(engine.changes_waiting() == 0);
    SyncConfig other = kConfig;
    other.database = "sales-2027";
    engine.configure(other, a);
    CHECK(f.store.setting(kSettingSyncSince).empty());
    CHECK(engine.changes_waiting() == 7);  // 4 users, 2 teams, 1 account
    run(engine, second, a);
    CHECK(second.docs.size() == 7);
    CHECK(engine.changes_waiting() == 0);
}

TEST_CASE("sync: an attachment's file travels with its document and is stored before the record on the other device") {
    TwoDevices f;
    Actor a = f.as(f.anna, kT0);
    std::string note = f.make(ActivityType::Note, "Signed contract", a);
    Attachment att;
    att.activity_id = note;
    att.file_name = "umowa 合約.pdf";
    att.mime_type = "application/pdf";
    std::string bytes("%PDF\x00\xff\x10 binary\x00\x00", 16);  // NULs inside: the length is given
    att.size = bytes.size();
    auto added = f.store.add_attachment(att, a);
    REQUIRE(added.ok());
    f.mine[added.value] = bytes;
    f.sync_both(a);
    CHECK(f.one.changes_waiting() == 0);
    const json& doc = f.server.docs.at("attachment:" + added.value).body;
    REQUIRE(doc.contains("_attachments"));
    CHECK(doc["_attachments"]["file"]["content_type"] == "application/pdf");
    CHECK(doc["_attachments"]["file"]["data"] == "JVBERgD/ECBiaW5hcnkAAA==");  // the 16 bytes above
    REQUIRE(f.other.attachments().find(added.value) != nullptr);
    REQUIRE(f.theirs.count(added.value) == 1);
    CHECK(f.theirs[added.value] == bytes);
    // Pulling its own upload back does not write the file again.
    f.one.request_sync(a.now);
    Files before = f.mine;
    run(f.one, f.server, a, &f.mine);
    CHECK(f.mine == before);
}

TEST_CASE("sync: a file that cannot be stored stops the batch before its record; the next cycle retries") {
    TwoDevices f;
    Actor a = f.as(f.anna, kT0);
    std::string note = f.make(ActivityType::Note, "Photo of the stand", a);
    Attachment att;
    att.activity_id = note;
    att.file_name = "stand.jpg";
    att.size = 3;
    auto added = f.store.add_attachment(att, a);
    REQUIRE(added.ok());
    f.mine[added.value] = "abc";
    f.one.configure(kConfig, a);
    run(f.one, f.server, a, &f.mine);
    f.two.configure(kConfig, a);
    for (;;) {  // the disk is full when the file arrives
        auto req = f.two.next_request(a);
        REQUIRE(req);
        if (req->method == kWriteBytes) {
            f.two.on_response(req->id, {500, "", "QuotaExceededError"}, a);
            break;
        }
        f.two.on_response(req->id, f.server.handle(*req), a);
    }
    CHECK(f.two.status().phase == SyncPhase::Backoff);
    CHECK(f.other.attachments().find(added.value) == nullptr);  // no record without its file
    CHECK(f.other.setting(kSettingSyncSince).empty());           // the checkpoint did not move
    f.two.request_sync(a.now);
    run(f.two, f.server, a, &f.theirs);
    CHECK(f.other.attachments().find(added.value) != nullptr);
    CHECK(f.theirs[added.value] == "abc");
}

TEST_CASE("sync: configuration is checked with field-named messages") {
    CHECK(validate_sync_config(kConfig).ok());
    CHECK(validate_sync_config({"https://couch.example.com:6984/", "a_b-c(1)", "", ""}).ok());
    CHECK(validate_sync_config({"ftp://x", "sales", "", ""}).error_for("server_url"));
    CHECK(validate_sync_config({"http://bob:pw@host", "sales", "", ""}).error_for("server_url"));
    CHECK(validate_sync_config({"http://", "sales", "", ""}).error_for("server_url"));
    CHECK(validate_sync_config({"http://host", "Sales", "", ""}).error_for("database"));
    CHECK(validate_sync_config({"http://host", "", "", ""}).error_for("database"));
    CHECK(validate_sync_config({"http://host", "1abc", "", ""}).error_for("database"));
    CHECK(SyncConfig{"https://couch.example.com/", "sales/eu(2)", "", ""}.database_url() ==
          "https://couch.example.com/sales%2Feu%282%29");
}

TEST_CASE("store: edits keep the sync bookkeeping of the stored copy; ids never repeat after a reload") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    std::string id = f.make(ActivityType::Task, "x", a);
    Activity stale = f.get(id);  // a form opened before the sync answered
    Activity synced = stale;
    synced.meta.remote_rev = "1-server";
    synced.meta.remote_synced_rev = synced.meta.rev;
    f.store.put_verbatim(std::vector<AnyRecord>{synced});
    stale.subject = "y";
    REQUIRE(f.store.update_activity(stale, a).ok());
    CHECK(f.get(id).meta.remote_rev == "1-server");
    CHECK(f.get(id).meta.has_unsynced_changes());

    // A store started with the same seed (a reload without fresh randomness) skips used ids.
    Store reloaded(42);
    f.store.for_each_record([&](RecordHandle h) { reloaded.load(f.store.record_at(h)); });
    Activity draft;
    draft.type = ActivityType::Note;
    draft.subject = "new";
    auto made = reloaded.create_activity(draft, a);
    REQUIRE(made.ok());
    CHECK(f.store.find_any(RecordKind::Activity, made.value) == std::nullopt);
    CHECK(f.store.find_any(RecordKind::User, made.value) == std::nullopt);
    CHECK(reloaded.users().size() == 4);
}

// ---- first pushes under the records' own revisions (new_edits:false) ----

namespace {
bool sent_as_new(const SyncRequest& r) {
    if (r.path != "_bulk_docs") return false;
    const json body = json::parse(r.body);
    return body.contains("new_edits") && body["new_edits"] == false;
}
std::set<std::string> pushed_ids(const SyncRequest& r) {
    std::set<std::string> ids;
    const json body = json::parse(r.body);
    for (const auto& doc : body["docs"]) ids.insert(doc["_id"].get<std::string>());
    return ids;
}
}  // namespace

TEST_CASE("sync: records never synced go as new documents under their own revision; later edits are checked") {
    TwoDevices f;
    Actor a = f.as(f.anna, kT0);
    std::string id = f.make(ActivityType::Task, "Call back", a);
    f.sync_both(a);
    // Every first push went with new_edits:false, each document carrying its own revision, and
    // the server stored that revision as its own.
    std::size_t as_new = 0, checked = 0;
    for (const auto& r : f.server.log)
        if (r.path == "_bulk_docs") (sent_as_new(r) ? as_new : checked)++;
    CHECK(as_new == 1);
    CHECK(checked == 0);
    CHECK(f.server.docs.at("activity:" + id).rev == f.get(id).meta.rev);
    CHECK(f.get(id).meta.remote_rev == f.get(id).meta.rev);
    CHECK(f.other.activities().find(id)->meta.remote_rev == f.get(id).meta.rev);
    CHECK(f.one.changes_waiting() == 0);
    CHECK(f.two.changes_waiting() == 0);

    // An edit of a synced record names the server revision and is checked: the second device's
    // edit of the same field meets 409 and becomes a conflict, as before.
    Activity e1 = f.get(id);
    e1.subject = "Call back on Monday";
    REQUIRE(f.store.update_activity(e1, f.as(f.anna, kT0 + 10)).ok());
    Activity e2 = *f.other.activities().find(id);
    e2.subject = "Call back on Tuesday";
    REQUIRE(f.other.update_activity(e2, f.as(f.bob, kT0 + 20)).ok());
    std::size_t logged = f.server.log.size();
    run(f.one, f.server, f.as(f.anna, kT0 + 30));
    run(f.two, f.server, f.as(f.bob, kT0 + 40));
    for (std::size_t i = logged; i < f.server.log.size(); ++i) CHECK_FALSE(sent_as_new(f.server.log[i]));
    REQUIRE(f.two.conflicts().size() == 1);
    CHECK(f.two.conflicts()[0].fields[0].field == "subject");
    CHECK(f.server.docs.at("activity:" + id).body["subject"] == "Call back on Monday");
    CHECK(f.server.docs.at("activity:" + id).losing_leaves.empty());
}

TEST_CASE("sync: a never-synced record the server already holds (same import on two devices) is merged, not branched") {
    // Two devices imported the same file: the same record, never synced, then edited differently.
    TwoDevices f;
    Actor a = f.as(f.anna, kT0);
    std::string id = f.make(ActivityType::Task, "Quarterly review", a);
    f.store.for_each_shared_table([&](const auto& table) {
        for (const auto& r : table.rows()) f.other.load(AnyRecord(r));
    });
    Activity mine = f.get(id);
    mine.subject = "Quarterly review (room 4)";
    REQUIRE(f.store.update_activity(mine, f.as(f.anna, kT0 + 10)).ok());
    Activity theirs = *f.other.activities().find(id);
    theirs.priority = Priority::High;
    REQUIRE(f.other.update_activity(theirs, f.as(f.bob, kT0 + 20)).ok());

    f.one.configure(kConfig, a);
    run(f.one, f.server, f.as(f.anna, kT0 + 30));
    // The second device's pull finds the document, so its copy is no longer "never synced": it
    // is merged with the server's and pushed as a checked edit, never as a second branch.
    f.two.configure(kConfig, a);
    std::size_t logged = f.server.log.size();
    run(f.two, f.server, f.as(f.bob, kT0 + 40));
    for (std::size_t i = logged; i < f.server.log.size(); ++i)
        if (sent_as_new(f.server.log[i])) CHECK(pushed_ids(f.server.log[i]).count("activity:" + id) == 0);
    const auto& doc = f.server.docs.at("activity:" + id);
    CHECK(doc.losing_leaves.empty());
    CHECK(doc.body["subject"] == "Quarterly review (room 4)");  // the first device's, not overwritten
    CHECK(doc.body["priority"] == "normal");
    // No common base is known (neither copy came from the server), so each field that differs
    // is the user's choice, exactly as when the server answers 409 to a checked push.
    REQUIRE(f.two.conflicts().size() == 1);
    std::set<std::string> fields;
    for (const auto& c : f.two.conflicts()[0].fields) fields.insert(c.field);
    CHECK(fields == std::set<std::string>{"priority", "subject"});
    CHECK(f.two.changes_waiting() == 1);
}

TEST_CASE("sync: a first push resent after its answer was lost changes nothing on the server") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    for (int i = 0; i < 1500; ++i) f.make(ActivityType::Task, "Task " + std::to_string(i), a);
    TestCouch server;
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    // The first batch reaches the server; its answer is lost; the same batch is sent again as it
    // was (a retry by the platform, before any pull could tell the engine).
    SyncRequest first;
    for (;;) {
        auto req = engine.next_request(a);
        REQUIRE(req);
        if (req->path == "_bulk_docs") {
            first = *req;
            break;
        }
        engine.on_response(req->id, server.handle(*req), a);
    }
    REQUIRE(sent_as_new(first));
    server.handle(first);
    const std::uint64_t seq_after_first = server.seq;
    auto again = server.handle(first);
    CHECK(again.status == 201);
    CHECK(server.seq == seq_after_first);  // idempotent: no new revision, no branch
    engine.on_response(first.id, again, a);
    run(engine, server, a);
    CHECK(server.docs.size() == 4 + 2 + 1 + 1500);
    CHECK(engine.changes_waiting() == 0);
    CHECK(engine.conflicts().empty());
    for (const auto& [doc_id, d] : server.docs) CHECK(d.losing_leaves.empty());
    for (const auto& act : f.store.activities().rows()) CHECK(server.docs.at("activity:" + act.meta.id).rev == act.meta.rev);
}

TEST_CASE("sync: attachments and records with a server revision never go as new documents") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    std::string id = f.make(ActivityType::Note, "Signed contract", a);
    Attachment att;
    att.activity_id = id;
    att.file_name = "contract.pdf";
    att.mime_type = "application/pdf";
    att.size = 3;
    auto made = f.store.add_attachment(att, a);
    REQUIRE(made.ok());
    Files files{{made.value, "pdf"}};
    TestCouch server;
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    run(engine, server, a, &files);
    int attachment_pushes = 0;
    for (const auto& r : server.log) {
        if (r.path != "_bulk_docs" || !pushed_ids(r).count("attachment:" + made.value)) continue;
        ++attachment_pushes;
        CHECK_FALSE(sent_as_new(r));
    }
    CHECK(attachment_pushes == 1);
    CHECK(engine.changes_waiting() == 0);
    CHECK(server.docs.at("attachment:" + made.value).body["_attachments"]["file"]["data"] == "cGRm");
}

TEST_CASE("sync: accepted pushes are applied several batches at a time, never re-sent meanwhile, all before the cycle ends") {
    Fixture f;
    Actor a = f.as(f.anna, kT0);
    const int tasks = 3 * static_cast<int>(kSyncPushBatch);
    for (int i = 0; i < tasks; ++i) f.make(ActivityType::Task, "Task " + std::to_string(i), a);
    TestCouch server;
    SyncEngine engine(f.store);
    engine.configure(kConfig, a);
    std::set<std::string> sent;
    std::size_t versions_during_push = 0;
    std::uint64_t version = 0;
    bool pushing = false;
    // As the platform does: send everything the engine has to send, then answer what is in flight.
    for (int i = 0; i < 100; ++i) {
        std::vector<SyncRequest> flying;
        while (auto req = engine.next_request(a)) flying.push_back(*req);
        if (flying.empty()) break;
        for (const auto& req : flying) {
            if (req.path == "_bulk_docs") {
                if (!pushing) version = f.store.version();
                pushing = true;
                for (const auto& id : pushed_ids(req)) CHECK(sent.insert(id).second);  // nothing twice
            }
            engine.on_response(req.id, server.handle(req), a);
            if (pushing && f.store.version() != version) {
                ++versions_during_push;
                version = f.store.version();
            }
        }
    }
    CHECK(sent.size() == static_cast<std::size_t>(4 + 2 + 1 + tasks));
    CHECK(engine.changes_waiting() == 0);
    CHECK(engine.status().phase == SyncPhase::Idle);
    // Four batches' answers: one store change for the first three, one for the last (and the
    // cycle's own last-synced stamp), instead of one per answer.
    CHECK(versions_during_push <= 3);
    for (const auto& act : f.store.activities().rows()) CHECK(act.meta.remote_rev == act.meta.rev);
}
