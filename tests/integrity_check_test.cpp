// Tests for the stored-data integrity check and for quarantine on load: a damaged record is
// reported with where it was, its bytes are kept, and the records around it still load.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/civil_time.hpp"
#include "core/demo_data.hpp"
#include "core/integrity_check.hpp"
#include "core/persistence.hpp"
#include "core/record_codec.hpp"
#include "core/store.hpp"

using namespace crm;

namespace {

constexpr UtcMillis kNow = 1'795'000'000'000;

class NullBackend : public StorageBackend {
public:
    void write_log_entry(std::uint64_t, const LogEntry&) override {}
    void write_snapshot(std::uint64_t, const std::vector<std::string>&, std::uint64_t) override {}
};

Store demo_store() {
    Store store{7};
    auto z = TimeZone::from_posix("Europe/Warsaw", "CET-1CEST,M3.5.0,M10.5.0/3");
    REQUIRE(z.has_value());
    seed_demo_data(store, *z, kNow);
    store.take_pending_changes();
    return store;
}

IntegrityReport check(const std::vector<std::string>& chunks, const std::vector<LogEntry>& log) {
    IntegrityCheck c;
    for (const auto& chunk : chunks) c.add_chunk(chunk);
    for (const auto& e : log) c.add_log_entry(e.seq, e.bytes);
    return c.finish();
}

std::string encode_one(const AnyRecord& r) {
    std::string out;
    encode_record(r, out);
    return out;
}

bool mentions(const IntegrityReport& r, const std::string& text) {
    for (const auto& p : r.problems)
        if (p.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("integrity_check: revisions") {
    CHECK(revision_well_formed("1-00000000deadbeef"));
    CHECK(revision_well_formed("12-3f9a"));
    CHECK_FALSE(revision_well_formed(""));
    CHECK_FALSE(revision_well_formed("0-abc"));
    CHECK_FALSE(revision_well_formed("-abc"));
    CHECK_FALSE(revision_well_formed("3-"));
    CHECK_FALSE(revision_well_formed("x-abc"));
    CHECK_FALSE(revision_well_formed("2-ab cd"));
}

TEST_CASE("integrity_check: the demo data as snapshot plus log passes") {
    Store store = demo_store();
    auto chunks = encode_snapshot(store);
    REQUIRE(!chunks.empty());
    // a later edit in the log repeats a record of the snapshot: that is allowed
    Activity a = store.activities().rows().front();
    a.subject = "Edited later";
    REQUIRE(store.update_activity(a, {store.users().rows().front().meta.id, kNow + 1}).ok());
    std::string entry;
    for (auto h : store.take_pending_changes()) encode_record(store.record_at(h), entry);
    IntegrityReport r = check(chunks, {{1, entry}});
    CAPTURE(r.problems.empty() ? std::string() : r.problems.front());
    CHECK(r.ok());
    CHECK(r.chunks == chunks.size());
    CHECK(r.log_entries == 1);
    CHECK(r.distinct > store.live_activity_count());
    CHECK(r.records == r.distinct + 1);
}

// Entries as Persistence writes them: records, then the trailer of parent revisions (two tabs),
// and the empty entry a compaction leaves at the next key.
class CapturingBackend : public StorageBackend {
public:
    std::vector<LogEntry> entries;
    void write_log_entry(std::uint64_t, const LogEntry& e) override { entries.push_back(e); }
    void write_snapshot(std::uint64_t, const std::vector<std::string>&, std::uint64_t) override {}
};

TEST_CASE("integrity_check: log entries as Persistence writes them (with their parents' trailer) pass") {
    Store store = demo_store();
    auto chunks = encode_snapshot(store);
    CapturingBackend backend;
    Persistence persistence(backend);
    persistence.load(store, chunks, {});
    Activity a = store.activities().rows().front();
    a.subject = "Edited in one tab";
    REQUIRE(store.update_activity(a, {store.users().rows().front().meta.id, kNow + 1}).ok());
    REQUIRE(persistence.flush(store, kNow + 1));
    REQUIRE(backend.entries.size() == 1);
    std::vector<LogEntry> log{{1, backend.entries.front().bytes}, {2, std::string()}};
    IntegrityReport r = check(chunks, log);
    CAPTURE(r.problems.empty() ? std::string() : r.problems.front());
    CHECK(r.ok());
    CHECK(r.log_entries == 2);
}

TEST_CASE("integrity_check: finds damaged bytes, duplicates, bad revisions and dangling references") {
    Store store = demo_store();
    const Activity& first = store.activities().rows().front();

    SUBCASE("garbage in a chunk") {
        auto chunks = encode_snapshot(store);
        chunks.push_back("\x05garbage");
        auto r = check(chunks, {});
        CHECK(mentions(r, "snapshot chunk " + std::to_string(chunks.size() - 1)));
    }
    SUBCASE("a record twice in the snapshot") {
        auto chunks = encode_snapshot(store);
        chunks.push_back(encode_one(first));
        CHECK(mentions(check(chunks, {}), "stored twice in the snapshot"));
    }
    SUBCASE("a malformed revision in the log") {
        Activity bad = first;
        bad.meta.rev = "garbled";
        CHECK(mentions(check(encode_snapshot(store), {{4, encode_one(bad)}}), "change log entry 4: record " + bad.meta.id + " has a malformed revision"));
    }
    SUBCASE("a Regarding record that does not exist") {
        Activity orphan = first;
        orphan.meta.id = "orphan";
        orphan.regarding = {RegardingKind::Account, "no-such-account"};
        CHECK(mentions(check(encode_snapshot(store), {{2, encode_one(orphan)}}), "no-such-account does not exist"));
    }
    SUBCASE("an unknown owner") {
        Activity orphan = first;
        orphan.meta.id = "orphan2";
        orphan.owner = {OwnerKind::User, "ghost"};
        CHECK(mentions(check(encode_snapshot(store), {{2, encode_one(orphan)}}), "its owner ghost does not exist"));
    }
}

TEST_CASE("quarantine: a damaged record in a chunk is kept and reported, the others load") {
    Store source = demo_store();
    auto chunks = encode_snapshot(source);
    REQUIRE(chunks.size() == 1);
    // damage the second record's kind byte: its length prefix stays intact, so decoding goes on
    std::string& c = chunks[0];
    std::size_t pos = 0;
    auto varint_end = [&](std::size_t at) {
        while (static_cast<unsigned char>(c[at]) & 0x80) ++at;
        return at + 1;
    };
    auto varint_value = [&](std::size_t at) {
        std::uint64_t v = 0;
        int shift = 0;
        while (true) {
            auto b = static_cast<unsigned char>(c[at++]);
            v |= std::uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) break;
            shift += 7;
        }
        return v;
    };
    std::size_t second = varint_end(pos) + varint_value(pos);
    std::size_t second_body = varint_end(second);
    std::size_t second_len = second_body - second + varint_value(second);
    c[second_body] = 99;  // no such kind
    std::string damaged = c.substr(second, second_len);

    Store loaded;
    NullBackend backend;
    Persistence p{backend};
    LoadReport report = p.load(loaded, chunks, {});
    REQUIRE(report.errors.size() == 1);
    REQUIRE(report.quarantined.size() == 1);
    CHECK(report.quarantined[0].where.find("snapshot chunk 0, record 1 at byte " + std::to_string(second)) == 0);
    CHECK(report.quarantined[0].bytes == damaged);
    std::size_t all = 0;
    source.for_each_record([&](RecordHandle) { ++all; });
    CHECK(report.records == all - 1);
    // the same bytes in the same place get the same key (filed once however often they load)
    Store again;
    Persistence p2{backend};
    CHECK(p2.load(again, chunks, {}).quarantined[0].key == report.quarantined[0].key);
    // the rest of the data is still editable
    bool edited = false;
    for (std::size_t i = 0; i < loaded.activities().size() && !edited; ++i) {
        Activity a = loaded.activities().rows()[i];
        a.subject = "Still editable";
        edited = loaded.update_activity(a, {loaded.users().rows().front().meta.id, kNow + 5}).ok();
    }
    CHECK(edited);
}

TEST_CASE("quarantine: a broken log entry keeps its bytes under its sequence number") {
    Store loaded;
    NullBackend backend;
    Persistence p{backend};
    LoadReport report = p.load(loaded, {}, {{7, std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01zz", 13)}});
    REQUIRE(report.quarantined.size() == 1);
    CHECK(report.quarantined[0].where.find("change log entry 7, record 0 at byte 0: truncated batch") == 0);
    CHECK(report.quarantined[0].bytes.size() == 13);
    CHECK(p.next_seq() == 8);  // the broken entry's number is never reused

    p.begin_load(loaded, 1);
    p.load_unreadable("snapshot chunk 0", "stored as text, not bytes", "hello");
    LoadReport whole = p.finish_load(loaded, {});
    REQUIRE(whole.quarantined.size() == 1);
    CHECK(whole.quarantined[0].bytes == "hello");
    CHECK(whole.errors[0] == "snapshot chunk 0: stored as text, not bytes");
    CHECK(whole.chunks == 1);
}
