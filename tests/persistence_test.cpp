// Tests for persistence: the save protocol against an in-memory backend whose writes the test
// completes by hand (ok or failed), loading snapshot chunks plus the change log, retries, and
// compaction into a new snapshot.
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "core/bench_data.hpp"
#include "core/persistence.hpp"
#include "core/record_codec.hpp"
#include "core/store.hpp"
#include "core/sync_merge.hpp"

using namespace crm;

namespace {

constexpr UtcMillis kT0 = 1'795'000'000'000;

// What IndexedDB holds, shared by the backends of several tabs in the multi-tab tests.
struct Durable {
    std::vector<std::string> chunks;          // snapshot
    std::map<std::uint64_t, std::string> log;  // change log by key
    std::uint64_t last_key = 0;
};

// Records each write request; complete() applies it to the "durable" state when ok, the way an
// IndexedDB transaction would (log keys assigned at commit, one past the highest; a snapshot
// refused while the log holds keys this writer has not seen), and reports back to Persistence.
class MemoryBackend : public StorageBackend {
public:
    struct Request {
        std::uint64_t write_id = 0;
        bool snapshot = false;
        LogEntry entry;
        std::vector<std::string> chunks;
        std::uint64_t up_to_seq = 0;
        bool done = false;
        std::uint64_t key = 0;  // the log key it got
    };
    MemoryBackend() : durable(own_durable) {}
    explicit MemoryBackend(Durable& shared) : durable(shared) {}
    Durable own_durable;
    Durable& durable;
    std::vector<Request> requests;
    std::vector<std::string>& chunks = durable.chunks;
    std::map<std::uint64_t, std::string>& log = durable.log;
    std::map<std::uint64_t, std::size_t> own_keys;  // key -> index of the request that wrote it

    void write_log_entry(std::uint64_t write_id, const LogEntry& entry) override {
        requests.push_back({write_id, false, entry, {}, 0, false});
    }
    void write_snapshot(std::uint64_t write_id, const std::vector<std::string>& c, std::uint64_t up_to_seq) override {
        requests.push_back({write_id, true, {}, c, up_to_seq, false});
    }

    // Completes request `i` (index into requests).
    void complete(Persistence& p, std::size_t i, bool ok, UtcMillis now, const std::string& error = {}) {
        REQUIRE(i < requests.size());
        REQUIRE_FALSE(requests[i].done);
        requests[i].done = true;
        Request r = requests[i];  // copy: on_write_done may append
        std::uint64_t key = 0;
        if (ok) {
            if (r.snapshot) {
                std::optional<std::uint64_t> first_kept;
                for (const auto& [k, bytes] : log) {
                    auto own = own_keys.find(k);
                    bool covered = k <= r.up_to_seq || (own != own_keys.end() && own->second < i);
                    if (covered && !first_kept) continue;
                    if (own != own_keys.end() && !covered) {
                        if (!first_kept) first_kept = k;
                        continue;
                    }
                    p.on_snapshot_refused(r.write_id);
                    return;
                }
                chunks = r.chunks;
                for (auto it = log.begin(); it != log.end();) it = !first_kept || it->first < *first_kept ? log.erase(it) : std::next(it);
                if (!first_kept) log[key = ++durable.last_key] = "";  // keys never restart
            } else {
                key = ++durable.last_key;
                log[key] = r.entry.bytes;
                own_keys[key] = i;
                requests[i].key = key;
            }
        }
        p.on_write_done(r.write_id, ok, error, now, key);
    }
    void complete_all(Persistence& p, UtcMillis now) {
        for (std::size_t i = 0; i < requests.size(); ++i)
            if (!requests[i].done) complete(p, i, true, now);
    }
    std::size_t open_requests() const {
        std::size_t n = 0;
        for (const auto& r : requests) n += r.done ? 0 : 1;
        return n;
    }
    std::vector<LogEntry> log_entries() const {
        std::vector<LogEntry> out;
        for (const auto& [seq, bytes] : log) out.push_back({seq, bytes});
        return out;
    }
    // The tail another tab would read: entries past `seen`.
    std::vector<LogEntry> tail(std::uint64_t seen) const {
        std::vector<LogEntry> out;
        for (const auto& [seq, bytes] : log)
            if (seq > seen) out.push_back({seq, bytes});
        return out;
    }
};

std::vector<AnyRecord> decode_all(std::string_view bytes) {
    std::vector<AnyRecord> out;
    auto r = decode_records(log_entry_records(bytes), [&](AnyRecord&& rec) { out.push_back(std::move(rec)); });
    CHECK(r.errors.empty());
    return out;
}

// Every record of `b` equals the one with the same kind and id in `a`, and vice versa. Records are
// compared through their encoding (the codec test checks the encoding field by field) plus the
// fields the save path must never lose.
void check_same_store(const Store& a, const Store& b) {
    std::map<std::pair<int, std::string>, std::string> ea, eb;
    auto collect = [](const Store& s, auto& out) {
        s.for_each_record([&](RecordHandle h) {
            AnyRecord r = s.record_at(h);
            std::string bytes;
            encode_record(r, bytes);
            out[{static_cast<int>(h.kind), meta_of(r).id}] = bytes;
        });
    };
    collect(a, ea);
    collect(b, eb);
    CHECK(ea.size() == eb.size());
    for (const auto& entry : ea) {  // no structured binding: clang cannot capture one in CAPTURE
        const auto& key = entry.first;
        CAPTURE(key.second);
        auto it = eb.find(key);
        REQUIRE(it != eb.end());
        CHECK(it->second == entry.second);
    }
    CHECK(a.activities().size() == b.activities().size());
    CHECK(a.live_activity_count() == b.live_activity_count());
    for (const auto& act : a.activities().rows()) {
        const Activity* other = b.activities().find(act.meta.id);
        REQUIRE(other != nullptr);
        CHECK(other->subject == act.subject);
        CHECK(other->meta.rev == act.meta.rev);
        CHECK(other->meta.deleted == act.meta.deleted);
        CHECK(other->state == act.state);
        CHECK(other->owner == act.owner);
    }
}

struct World {
    Store store{99};
    MemoryBackend backend;
    Persistence persistence{backend};
    std::string user;
    UtcMillis now = kT0;

    World() {
        user = store.create_user("Anna Kowalska", "anna@example.com", {"", now}).value;
        REQUIRE(!user.empty());
    }
    Actor actor() { return {user, ++now}; }
    std::string task(std::string subject) {
        Activity a;
        a.type = ActivityType::Task;
        a.subject = std::move(subject);
        a.due = Due::on_date({2026, 11, 24});
        auto r = store.create_activity(a, actor());
        REQUIRE(r.ok());
        return r.value;
    }
};

}  // namespace

TEST_CASE("persistence: flush writes one log entry per command batch") {
    World w;
    CHECK(w.persistence.flush(w.store, w.now));  // the user created in World()
    REQUIRE(w.backend.requests.size() == 1);
    CHECK(w.backend.requests[0].entry.seq == 0);  // the backend assigns keys as it commits
    CHECK(w.persistence.status().writes_in_flight == 1);
    CHECK(w.persistence.status().saving());
    w.backend.complete_all(w.persistence, w.now);
    CHECK(w.persistence.status().all_saved());

    auto a = w.task("One");
    auto b = w.task("Two");
    auto c = w.task("Three");
    CHECK(w.persistence.flush(w.store, w.now));
    REQUIRE(w.backend.requests.size() == 2);
    
    CHECK(decode_all(w.backend.requests[1].entry.bytes).size() == 3);

    // one command on three records is one log entry holding three full images
    std::vector<std::string> ids{a, b, c};
    REQUIRE(w.store.set_state(ids, ActivityState::Completed, StatusReason::Completed, w.actor()).ok());
    CHECK(w.persistence.flush(w.store, w.now));
    REQUIRE(w.backend.requests.size() == 3);
    const auto& req = w.backend.requests[2];
    CHECK_FALSE(req.snapshot);
    auto recs = decode_all(req.entry.bytes);
    REQUIRE(recs.size() == 3);
    for (const auto& r : recs) {
        REQUIRE(std::holds_alternative<Activity>(r));
        CHECK(std::get<Activity>(r).state == ActivityState::Completed);
        CHECK(std::get<Activity>(r).actual_end.has_value());
    }
    // a record changed twice before a flush is written once, in its latest form
    Activity e = *w.store.activities().find(w.task("Four"));
    e.subject = "Four (edited)";
    REQUIRE(w.store.update_activity(e, w.actor()).ok());
    CHECK(w.persistence.flush(w.store, w.now));
    auto four = decode_all(w.backend.requests.back().entry.bytes);
    REQUIRE(four.size() == 1);
    CHECK(std::get<Activity>(four[0]).subject == "Four (edited)");
    // nothing pending: nothing written
    CHECK_FALSE(w.persistence.flush(w.store, w.now));
    CHECK(w.backend.requests.size() == 4);
    CHECK(w.persistence.seen_through() == 1);
    CHECK(w.persistence.status().writes_in_flight == 3);
    w.backend.complete_all(w.persistence, w.now + 5);
    CHECK(w.persistence.seen_through() == 4);
    CHECK(w.backend.requests[1].key == 2);
    CHECK(w.backend.requests[3].key == 4);
    CHECK(w.persistence.status().writes_in_flight == 0);
    CHECK(w.persistence.status().last_saved_at == w.now + 5);
}

TEST_CASE("persistence: load of snapshot chunks and log reproduces the store") {
    World w;
    Account acc;
    acc.name = "Imported Sports";
    auto acc_id = w.store.create_record(acc, w.actor()).value;
    auto team = w.store.create_team("North", w.actor()).value;
    REQUIRE(w.store.set_team_member(team, w.user, true, w.actor()).ok());
    REQUIRE(w.store.put_setting("current_user", w.user, w.actor()).ok());
    std::vector<std::string> ids;
    for (int i = 0; i < 30; ++i) ids.push_back(w.task("Task " + std::to_string(i)));
    w.persistence.write_snapshot(w.store);
    w.store.take_pending_changes();  // covered by the snapshot
    w.backend.complete_all(w.persistence, w.now);
    REQUIRE(w.backend.chunks.size() == 1);

    // later changes only reach the log
    std::vector<std::string> some{ids[0], ids[1]};
    REQUIRE(w.store.set_state(some, ActivityState::Canceled, StatusReason::Canceled, w.actor()).ok());
    w.persistence.flush(w.store, w.now);
    std::vector<std::string> gone{ids[2]};
    REQUIRE(w.store.delete_activities(gone, w.actor()).ok());
    w.persistence.flush(w.store, w.now);
    Activity regarding = *w.store.activities().find(ids[3]);
    regarding.regarding = {RegardingKind::Account, acc_id};
    regarding.description = "Zażółć gęślą jaźń — 你好";
    REQUIRE(w.store.update_activity(regarding, w.actor()).ok());
    w.persistence.flush(w.store, w.now);
    w.task("Created after the snapshot");
    w.persistence.flush(w.store, w.now);
    w.backend.complete_all(w.persistence, w.now);
    CHECK(w.backend.log.size() == 5);  // the snapshot's empty entry marking the next key, and 4

    Store loaded(1);
    MemoryBackend b2;
    Persistence p2(b2);
    LoadReport report = p2.load(loaded, w.backend.chunks, w.backend.log_entries());
    CHECK(report.errors.empty());
    CHECK(report.chunks == 1);
    CHECK(report.log_entries == 5);
    CHECK(report.records > 30);
    CHECK_FALSE(loaded.has_pending_changes());
    check_same_store(w.store, loaded);
    CHECK(loaded.activities().find(ids[2])->meta.deleted);
    CHECK(loaded.activities().find(ids[0])->state == ActivityState::Canceled);
    CHECK(loaded.regarding_name(loaded.activities().find(ids[3])->regarding) == "Imported Sports");
    CHECK(loaded.setting("current_user") == w.user);
    // new log entries continue after the loaded ones
    CHECK(p2.next_seq() == w.persistence.next_seq());
}

TEST_CASE("persistence: log replay follows seq, not the order given") {
    Activity a;
    a.meta.id = "a1";
    a.meta.rev = "1-aaaa";
    a.type = ActivityType::Task;
    a.subject = "old";
    a.owner = {OwnerKind::User, "u"};
    std::string older, newer;
    encode_record(a, older);
    a.meta.rev = "2-bbbb";
    a.subject = "new";
    encode_record(a, newer);

    Store s;
    MemoryBackend b;
    Persistence p(b);
    std::vector<LogEntry> log{{7, newer}, {3, older}};  // later entry first
    auto report = p.load(s, {}, log);
    CHECK(report.errors.empty());
    CHECK(report.records == 2);
    REQUIRE(s.activities().find("a1") != nullptr);
    CHECK(s.activities().find("a1")->subject == "new");
    CHECK(s.activities().find("a1")->meta.rev == "2-bbbb");
    CHECK(s.activities().size() == 1);
    CHECK(p.next_seq() == 8);

    // the log also wins over the snapshot
    Store s2;
    Persistence p2(b);
    p2.load(s2, {newer}, {{1, older}});
    CHECK(s2.activities().find("a1")->subject == "old");
}

TEST_CASE("persistence: unreadable records are reported with where they were") {
    std::string good;
    User u;
    u.meta.id = "u1";
    u.name = "Anna";
    encode_record(u, good);
    std::string bad = good;
    bad[1] = 77;  // bad kind
    Store s;
    MemoryBackend b;
    Persistence p(b);
    auto report = p.load(s, {good + bad}, {{5, bad + good}});
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].find("snapshot chunk 0") != std::string::npos);
    CHECK(report.errors[1].find("change log entry 5") != std::string::npos);
    CHECK(report.records == 2);
    CHECK(s.users().find("u1") != nullptr);
}

TEST_CASE("persistence: a failed write is kept, retried, and cleared on success") {
    World w;
    w.task("Important");
    REQUIRE(w.persistence.flush(w.store, w.now));
    REQUIRE(w.backend.requests.size() == 1);
    const LogEntry sent = w.backend.requests[0].entry;

    w.backend.complete(w.persistence, 0, false, w.now, "QuotaExceededError");
    CHECK(w.persistence.status().failed_writes == 1);
    CHECK(w.persistence.status().last_error == "QuotaExceededError");
    CHECK(w.persistence.status().writes_in_flight == 0);
    CHECK_FALSE(w.persistence.status().all_saved());
    CHECK(w.persistence.status().last_saved_at == 0);
    CHECK(w.backend.log.empty());

    // retry, and fail again: still one failed write, not two
    w.persistence.retry_failed();
    REQUIRE(w.backend.requests.size() == 2);
    CHECK(w.persistence.status().writes_in_flight == 1);
    CHECK(w.backend.requests[1].entry.seq == sent.seq);
    CHECK(w.backend.requests[1].entry.bytes == sent.bytes);
    w.backend.complete(w.persistence, 1, false, w.now, "");
    CHECK(w.persistence.status().failed_writes == 1);
    CHECK_FALSE(w.persistence.status().last_error.empty());  // a message even without one from the backend

    // a later write succeeding does not hide the failed one
    w.task("Later");
    REQUIRE(w.persistence.flush(w.store, w.now));
    w.backend.complete(w.persistence, 2, true, w.now + 1);
    CHECK(w.persistence.status().failed_writes == 1);
    CHECK_FALSE(w.persistence.status().last_error.empty());

    // retry succeeds: everything saved, error cleared
    w.persistence.retry_failed();
    REQUIRE(w.backend.requests.size() == 4);
    CHECK(w.backend.requests[3].entry.seq == sent.seq);
    w.backend.complete(w.persistence, 3, true, w.now + 2);
    CHECK(w.persistence.status().failed_writes == 0);
    CHECK(w.persistence.status().last_error.empty());
    CHECK(w.persistence.status().all_saved());
    CHECK(w.persistence.status().last_saved_at == w.now + 2);
    CHECK(w.backend.log.count(w.backend.requests[3].key) == 1);
    // nothing left to retry
    w.persistence.retry_failed();
    CHECK(w.backend.requests.size() == 4);

    Store loaded;
    Persistence p2(w.backend);
    p2.load(loaded, w.backend.chunks, w.backend.log_entries());
    check_same_store(w.store, loaded);
}

TEST_CASE("persistence: a snapshot covers earlier failed log writes") {
    World w;
    w.task("Lost write");
    REQUIRE(w.persistence.flush(w.store, w.now));
    w.backend.complete(w.persistence, 0, false, w.now, "disk full");
    REQUIRE(w.persistence.status().failed_writes == 1);
    w.persistence.write_snapshot(w.store);
    REQUIRE(w.backend.requests.size() == 2);
    CHECK(w.backend.requests[1].snapshot);
    CHECK(w.backend.requests[1].up_to_seq == 0);  // nothing was committed before it
    w.backend.complete(w.persistence, 1, true, w.now + 1);
    CHECK(w.persistence.status().failed_writes == 0);
    CHECK(w.persistence.status().all_saved());
    w.persistence.retry_failed();
    CHECK(w.backend.requests.size() == 2);  // the covered log write is not re-sent
    Store loaded;
    Persistence p2(w.backend);
    p2.load(loaded, w.backend.chunks, w.backend.log_entries());
    check_same_store(w.store, loaded);
}

TEST_CASE("persistence: a retry while a snapshot is in flight does not resurrect an old image") {
    World w;
    auto id = w.task("Version 1");
    REQUIRE(w.persistence.flush(w.store, w.now));          // seq 1
    w.backend.complete(w.persistence, 0, false, w.now, "busy");
    Activity e = *w.store.activities().find(id);
    e.subject = "Version 2";
    REQUIRE(w.store.update_activity(e, w.actor()).ok());
    REQUIRE(w.persistence.flush(w.store, w.now));          // seq 2
    w.backend.complete(w.persistence, 1, true, w.now);
    w.persistence.write_snapshot(w.store);                  // covers seq 1 and 2, in flight
    w.persistence.retry_failed();                           // the app's backoff timer fires
    w.backend.complete_all(w.persistence, w.now + 1);       // in the order they were issued
    CHECK(w.persistence.status().writes_in_flight == 0);
    CHECK(w.persistence.status().failed_writes == 0);
    CHECK(w.persistence.status().all_saved());

    Store loaded;
    Persistence p2(w.backend);
    p2.load(loaded, w.backend.chunks, w.backend.log_entries());
    REQUIRE(loaded.activities().find(id) != nullptr);
    CHECK(loaded.activities().find(id)->subject == "Version 2");
    check_same_store(w.store, loaded);
}

TEST_CASE("persistence: a retried write that a snapshot overtakes still leaves nothing in flight") {
    World w;
    w.task("x");
    REQUIRE(w.persistence.flush(w.store, w.now));  // seq 1
    w.backend.complete(w.persistence, 0, false, w.now, "busy");
    w.persistence.retry_failed();                   // request 1, in flight
    w.persistence.write_snapshot(w.store);          // request 2
    w.backend.complete(w.persistence, 2, true, w.now);  // the snapshot finishes first
    w.backend.complete(w.persistence, 1, true, w.now);
    CHECK(w.persistence.status().writes_in_flight == 0);
    CHECK(w.persistence.status().failed_writes == 0);
    CHECK(w.persistence.status().all_saved());
}

TEST_CASE("persistence: compaction after kCompactAfterLogEntries flushes") {
    World w;
    auto id = w.task("Counter 0");
    for (std::size_t i = 1; i <= kCompactAfterLogEntries; ++i) {
        if (i > 1) {
            Activity e = *w.store.activities().find(id);
            e.subject = "Counter " + std::to_string(i);
            REQUIRE(w.store.update_activity(e, w.actor()).ok());
            if (i % 10 == 0) w.task("Extra " + std::to_string(i));
        }
        REQUIRE(w.persistence.flush(w.store, w.now));
        const std::size_t last = w.backend.requests.size() - 1;
        REQUIRE_FALSE(w.backend.requests[last].snapshot);
        w.backend.complete(w.persistence, last, true, w.now);
        CHECK(w.backend.requests[last].key == i);
        if (i < kCompactAfterLogEntries) {
            if (w.backend.requests.size() != i) {
                FAIL_CHECK("unexpected snapshot after " << i << " log entries");
                break;
            }
        }
    }
    // the completion of the 200th log write issued a snapshot covering all of them
    REQUIRE(w.backend.requests.size() == kCompactAfterLogEntries + 1);
    const auto& snap = w.backend.requests.back();
    REQUIRE(snap.snapshot);
    CHECK(snap.up_to_seq == kCompactAfterLogEntries);
    CHECK(w.backend.log.size() == kCompactAfterLogEntries);
    w.backend.complete(w.persistence, w.backend.requests.size() - 1, true, w.now);
    REQUIRE(w.backend.log.size() == 1);  // every entry it covers is gone; an empty one marks the next key
    CHECK(w.backend.log.begin()->first == kCompactAfterLogEntries + 1);
    CHECK(w.backend.log.begin()->second.empty());
    CHECK(w.persistence.status().all_saved());

    // the snapshot alone is the store
    {
        Store loaded;
        Persistence p2(w.backend);
        auto report = p2.load(loaded, w.backend.chunks, {});
        CHECK(report.errors.empty());
        check_same_store(w.store, loaded);
        CHECK(loaded.activities().find(id)->subject == "Counter " + std::to_string(kCompactAfterLogEntries));
    }
    // further changes go to the log after the covered seq, and snapshot + log is the store
    Activity e = *w.store.activities().find(id);
    e.subject = "After compaction";
    REQUIRE(w.store.update_activity(e, w.actor()).ok());
    REQUIRE(w.persistence.flush(w.store, w.now));
    w.backend.complete_all(w.persistence, w.now);
    CHECK(w.backend.requests[kCompactAfterLogEntries + 1].key == kCompactAfterLogEntries + 2);
    CHECK(w.backend.requests.size() == kCompactAfterLogEntries + 2);  // no new snapshot yet
    Store loaded;
    Persistence p2(w.backend);
    p2.load(loaded, w.backend.chunks, w.backend.log_entries());
    check_same_store(w.store, loaded);
    CHECK(loaded.activities().find(id)->subject == "After compaction");
}

TEST_CASE("persistence: no compaction while a write is failing") {
    World w;
    auto id = w.task("x");
    REQUIRE(w.persistence.flush(w.store, w.now));
    w.backend.complete(w.persistence, 0, false, w.now, "busy");
    for (std::size_t i = 2; i <= kCompactAfterLogEntries + 5; ++i) {
        Activity e = *w.store.activities().find(id);
        e.subject = "x" + std::to_string(i);
        REQUIRE(w.store.update_activity(e, w.actor()).ok());
        REQUIRE(w.persistence.flush(w.store, w.now));
        w.backend.complete(w.persistence, w.backend.requests.size() - 1, true, w.now);
    }
    for (const auto& r : w.backend.requests) CHECK_FALSE(r.snapshot);
    CHECK(w.persistence.status().failed_writes == 1);
}

TEST_CASE("persistence: encode_snapshot splits at kChunkRecords") {
    auto count = [](const std::string& chunk) {
        std::size_t n = 0;
        auto r = decode_records(chunk, [&](AnyRecord&&) { ++n; });
        CHECK(r.errors.empty());
        return n;
    };
    Store s;
    CHECK(encode_snapshot(s).empty());
    for (std::size_t i = 0; i < kChunkRecords; ++i) {
        Setting st;
        st.meta.id = "key-" + std::to_string(i);
        st.value = std::to_string(i);
        s.load(st);
    }
    auto chunks = encode_snapshot(s);
    REQUIRE(chunks.size() == 1);  // exactly full: no empty trailing chunk
    CHECK(count(chunks[0]) == kChunkRecords);

    for (std::size_t i = 0; i < kChunkRecords + 1; ++i) {
        Activity a;
        a.meta.id = "act-" + std::to_string(i);
        a.subject = "Activity " + std::to_string(i);
        s.load(a);
    }
    chunks = encode_snapshot(s);
    REQUIRE(chunks.size() == 3);
    CHECK(count(chunks[0]) == kChunkRecords);
    CHECK(count(chunks[1]) == kChunkRecords);
    CHECK(count(chunks[2]) == 1);

    // and loading them gives the same store back
    Store loaded;
    MemoryBackend b;
    Persistence p(b);
    auto report = p.load(loaded, chunks, {});
    CHECK(report.records == 2 * kChunkRecords + 1);
    CHECK(report.chunks == 3);
    check_same_store(s, loaded);
}

TEST_CASE("persistence: records saved from forms, tombstones and attachments survive a reload") {
    World w;
    Account acc;
    acc.name = "Hurtownia Żółw";
    auto acc_id = w.store.save_record(acc, w.actor()).value;
    REQUIRE(!acc_id.empty());
    Contact c;
    c.full_name = "Chris Preston";
    c.parent_account_id = acc_id;
    auto contact_id = w.store.save_record(c, w.actor()).value;
    REQUIRE(!contact_id.empty());
    auto task = w.task("With files");
    Attachment file;
    file.activity_id = task;
    file.file_name = "oferta.pdf";
    file.mime_type = "application/pdf";
    file.size = 4096;
    auto kept = w.store.add_attachment(file, w.actor()).value;
    auto dropped = w.store.add_attachment(file, w.actor()).value;
    REQUIRE(!kept.empty());
    REQUIRE(!dropped.empty());
    w.persistence.write_snapshot(w.store);
    w.store.take_pending_changes();  // covered by the snapshot
    w.backend.complete_all(w.persistence, w.now);

    // later changes reach the log: one entry per command
    REQUIRE(w.store.remove_attachment(dropped, w.actor()).ok());
    CHECK(w.persistence.flush(w.store, w.now));
    REQUIRE(w.store.delete_record(RegardingKind::Contact, contact_id, w.actor()).ok());
    CHECK(w.persistence.flush(w.store, w.now));
    auto entry = decode_all(w.backend.requests.back().entry.bytes);
    REQUIRE(entry.size() == 1);
    REQUIRE(std::holds_alternative<Contact>(entry[0]));
    CHECK(std::get<Contact>(entry[0]).meta.deleted);
    w.backend.complete_all(w.persistence, w.now);

    Store loaded(1);
    MemoryBackend b2;
    Persistence p2(b2);
    LoadReport report = p2.load(loaded, w.backend.chunks, w.backend.log_entries());
    CHECK(report.errors.empty());
    check_same_store(w.store, loaded);
    CHECK(loaded.attachments().size() == 2);
    CHECK(loaded.attachments().find(dropped)->meta.deleted);
    auto live = loaded.attachments_of(task);
    REQUIRE(live.size() == 1);
    CHECK(live[0]->meta.id == kept);
    CHECK(live[0]->size == 4096);
    CHECK(loaded.contacts().find(contact_id)->meta.deleted);
    CHECK(loaded.accounts().find_live(acc_id)->name == "Hurtownia Żółw");
}

TEST_CASE("persistence: loading a chunk at a time gives what loading them all at once gives") {
    Store source;
    seed_bench_data(source, {.activities = 5000});
    source.take_pending_changes();
    std::vector<std::string> chunks = encode_snapshot(source);
    REQUIRE(chunks.size() > 2);
    // one damaged record in the middle chunk is reported with its chunk, in both ways
    chunks[1][chunks[1].size() / 2] ^= 0x5A;
    MemoryBackend backend;
    Store all_at_once, streamed;
    Persistence a(backend), b(backend);
    LoadReport ra = a.load(all_at_once, chunks, {});
    b.begin_load(streamed, chunks.size());
    for (const auto& c : chunks) b.load_chunk(streamed, c);
    LoadReport rb = b.finish_load(streamed, {});
    CHECK(ra.records == rb.records);
    CHECK(ra.chunks == rb.chunks);
    CHECK(ra.errors == rb.errors);
    CHECK(encode_snapshot(all_at_once) == encode_snapshot(streamed));
    CHECK(streamed.activities().size() >= 4990);
    CHECK_FALSE(streamed.has_pending_changes());
}

// ---- several tabs on one database ---------------------------------------------------------------
namespace {

// One tab of the app: its own Store and Persistence over the shared durable state.
struct Tab {
    Store store;
    MemoryBackend backend;
    Persistence persistence{backend};
    UtcMillis now = kT0;

    std::string user;

    Tab(Durable& d, std::uint64_t seed) : store(seed), backend(d) {
        persistence.load(store, d.chunks, backend.log_entries());
        if (store.users().size() == 0) {  // the first tab on a new database
            user = store.create_user("Anna Kowalska", "anna@example.com", {"", now}).value;
            save();
        } else {
            user = store.users().rows().front().meta.id;
        }
    }
    Actor actor() { return {user, ++now}; }
    // What the BroadcastChannel message (or focus) sets off: the tail past what this tab applied.
    ApplyReport catch_up() {
        ApplyReport r = persistence.apply_entries(store, backend.tail(persistence.seen_through()), actor());
        if (r.gap) r = persistence.apply_reload(store, backend.chunks, backend.log_entries(), actor());
        return r;
    }
    void save() {
        if (persistence.flush(store, now)) backend.complete_all(persistence, now);
    }
    std::string task(const std::string& subject) {
        Activity a;
        a.type = ActivityType::Task;
        a.subject = subject;
        a.due = Due::on_date({2026, 11, 24});
        auto r = store.create_activity(a, actor());
        REQUIRE(r.ok());
        return r.value;
    }
    void edit(const std::string& id, const std::string& subject, const std::string& description = {}) {
        Activity e = *store.activities().find(id);
        e.subject = subject;
        if (!description.empty()) e.description = description;
        REQUIRE(store.update_activity(e, actor()).ok());
    }
};

}  // namespace

TEST_CASE("tabs: log keys stay unique when two tabs write, and a third tab reads everything") {
    Durable d;
    Tab a(d, 1), b(d, 2);
    b.catch_up();  // the user A created
    std::vector<std::string> ids;
    for (int i = 0; i < 10; ++i) {
        ids.push_back(a.task("A" + std::to_string(i)));
        ids.push_back(b.task("B" + std::to_string(i)));
        REQUIRE(a.persistence.flush(a.store, a.now));
        REQUIRE(b.persistence.flush(b.store, b.now));
        // commits interleave: each write gets the next key whichever tab wrote it
        b.backend.complete_all(b.persistence, b.now);
        a.backend.complete_all(a.persistence, a.now);
    }
    CHECK(d.log.size() == 21);
    CHECK(d.log.rbegin()->first == 21);
    Tab c(d, 3);
    for (const auto& id : ids) CHECK(c.store.activities().find(id) != nullptr);
    CHECK(c.store.live_activity_count() == 20);
}

TEST_CASE("tabs: a tab applies another tab's entries as given and skips its own") {
    Durable d;
    Tab a(d, 1), b(d, 2);
    b.catch_up();  // the user A created
    auto id = a.task("From A");
    a.save();
    auto r = b.catch_up();
    CHECK(r.taken == 1);
    CHECK_FALSE(b.store.has_pending_changes());  // applied, not queued to be written again
    REQUIRE(b.store.activities().find(id) != nullptr);
    b.edit(id, "Edited in B");
    b.save();
    CHECK(b.catch_up().taken == 0);  // its own entry
    r = a.catch_up();
    CHECK(r.taken == 1);
    CHECK(r.conflicts == 0);
    CHECK(a.store.activities().find(id)->subject == "Edited in B");
    CHECK(a.store.activities().find(id)->meta.rev == b.store.activities().find(id)->meta.rev);
    // A edits on top of B's revision: a plain newer revision for B, no conflict
    a.edit(id, "Edited in A again");
    a.save();
    r = b.catch_up();
    CHECK(r.conflicts == 0);
    CHECK(b.store.activities().find(id)->subject == "Edited in A again");
    CHECK(a.persistence.seen_through() == b.persistence.seen_through());
}

TEST_CASE("tabs: compaction refuses while another tab's entries are unseen, then succeeds after catching up") {
    Durable d;
    Tab a(d, 1), b(d, 2);
    b.catch_up();  // the user A created
    a.task("A's");
    a.save();
    auto from_b = b.task("B's, not yet seen by A");
    b.save();
    auto log_before = d.log;
    a.persistence.write_snapshot(a.store);
    a.backend.complete_all(a.persistence, a.now);
    CHECK(d.log == log_before);  // nothing deleted
    CHECK(d.chunks.empty());
    CHECK(a.persistence.wants_catch_up());
    CHECK(a.persistence.status().all_saved());
    a.catch_up();  // applies B's entry and tries the compaction again
    CHECK_FALSE(a.persistence.wants_catch_up());
    a.backend.complete_all(a.persistence, a.now);
    CHECK_FALSE(d.chunks.empty());
    REQUIRE(d.log.size() == 1);  // only the empty entry marking the next key
    Tab c(d, 3);
    CHECK(c.store.activities().find(from_b) != nullptr);
    CHECK(c.store.live_activity_count() == 2);
}

TEST_CASE("tabs: a tab that missed entries another tab compacted away reloads them") {
    Durable d;
    Tab a(d, 1), b(d, 2);
    b.catch_up();  // the user A created
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(a.task("A" + std::to_string(i)));
        a.save();
    }
    a.persistence.write_snapshot(a.store);  // A has seen everything: allowed
    a.backend.complete_all(a.persistence, a.now);
    REQUIRE(d.log.size() == 1);
    auto mine = b.task("B's own, not yet saved");
    auto r = b.catch_up();
    CHECK(r.taken == 5);
    for (const auto& id : ids) CHECK(b.store.activities().find(id) != nullptr);
    REQUIRE(b.store.activities().find(mine) != nullptr);
    b.save();
    CHECK(a.catch_up().taken == 1);
    CHECK(a.store.live_activity_count() == 6);
    CHECK(b.store.live_activity_count() == 6);
}

TEST_CASE("tabs: two tabs saving one record from the same revision keep one winner and a conflict") {
    Durable d;
    Tab a(d, 1), b(d, 2);
    b.catch_up();  // the user A created
    auto id = a.task("Base");
    a.save();
    b.catch_up();
    a.edit(id, "Subject from A");
    b.edit(id, "Base", "Description from B");
    REQUIRE(a.persistence.flush(a.store, a.now));
    REQUIRE(b.persistence.flush(b.store, b.now));
    a.backend.complete_all(a.persistence, a.now);  // A commits first, B writes later
    b.backend.complete_all(b.persistence, b.now);
    const std::string rev_a = a.store.activities().find(id)->meta.rev, rev_b = b.store.activities().find(id)->meta.rev;
    REQUIRE(rev_a != rev_b);
    auto ra = a.catch_up();
    auto rb = b.catch_up();
    CHECK(ra.conflicts == 0);  // the later writer records it
    CHECK(rb.conflicts == 1);
    // the same deterministic winner in both tabs
    CHECK(a.store.activities().find(id)->meta.rev == b.store.activities().find(id)->meta.rev);
    const std::string doc = "sync.conflict:activity:" + id;
    auto conflict = decode_conflict(b.store.setting(doc));
    REQUIRE(conflict.has_value());
    bool subject = false, description = false;
    for (const auto& f : conflict->fields) {
        subject = subject || f.field == "subject";
        description = description || f.field == "description";
    }
    CHECK(subject);
    CHECK(description);
    // the conflict record reaches the other tab too, and a fresh load agrees with both
    b.save();
    a.catch_up();
    CHECK(decode_conflict(a.store.setting(doc)).has_value());
    Tab c(d, 3);
    CHECK(c.store.activities().find(id)->meta.rev == a.store.activities().find(id)->meta.rev);
    CHECK(decode_conflict(c.store.setting(doc)).has_value());
}

TEST_CASE("tabs: log entries carry the parent revision of each record") {
    std::string records;
    User u;
    u.meta.id = "u1";
    u.meta.rev = "2-abc";
    encode_record(u, records);
    std::string entry = encode_log_entry(records, {"1-xyz"});
    std::vector<std::string> parents;
    CHECK(log_entry_records(entry, &parents) == records);
    REQUIRE(parents.size() == 1);
    CHECK(parents[0] == "1-xyz");
    CHECK(log_entry_records(records, &parents) == records);  // an entry from before parents
    CHECK(parents.empty());
}

TEST_CASE("persistence: a log entry of the same revision with newer sync bookkeeping wins at load") {
    Activity a;
    a.meta.id = "a1";
    a.meta.rev = "2-bbbb";
    a.type = ActivityType::Task;
    a.subject = "synced";
    a.owner = {OwnerKind::User, "u"};
    std::string chunk, entry;
    encode_record(a, chunk);
    a.meta.remote_rev = "1-server";
    a.meta.remote_synced_rev = "2-bbbb";  // a push marked it synced, same revision
    encode_record(a, entry);
    Store s;
    MemoryBackend b;
    Persistence p(b);
    p.load(s, {chunk}, {{1, encode_log_entry(entry, {"2-bbbb"})}});
    CHECK(s.activities().find("a1")->meta.remote_synced_rev == "2-bbbb");
}
