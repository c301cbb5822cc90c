// Keeps the IndexedDB copy of the Store up to date: the storage layout and the save protocol.
// Layout: a snapshot of every record in binary chunks of up to kChunkRecords records, plus a
// change log. Each save is ONE log entry (all records changed by one command, full images, and
// the revision each record had before), put in one transaction: an edit is durable in one small
// write. When the log grows past a limit a new snapshot replaces the chunks and drops the log.
// Usage: `load()` at start with what the backend read; `flush()` after commands; the backend
// calls `on_write_done()` when a transaction completes. `status()` feeds the UI's save indicator.
//
// Several tabs of the app on one origin share the database, each with its own Store:
// - Log keys are assigned by the backend inside the write transaction (one past the highest key
//   in the log), never counted by a tab: readwrite transactions on the log run one after another,
//   so keys are unique and ascend in commit order. The backend reports the key with the answer.
// - A tab learns of another's entries from a message (BroadcastChannel naming the new key) and
//   reads the log tail past `seen_through()`, the highest key up to which it has applied every
//   entry (its own count as applied); on focus / visibilitychange it reads the tail anyway, in
//   case a message was missed. `apply_entries()` puts the other tabs' records into the Store as
//   given (Store::load: no stamping, no queuing, views refresh off the version), skipping this
//   tab's own entries.
// - Each record image in an entry carries its parent revision. An image whose parent is the
//   stored revision (or unknown to this tab) is newer and taken. One whose parent is an older
//   revision this tab knew is a concurrent write (two tabs saved the same record from rev N): the
//   deterministic winner (higher generation, then the greater revision text) is kept in every
//   tab, and the tab that wrote later records the loser's values as a conflict the user settles
//   (the Setting sync conflicts use, shown on the Sync page), so neither side is lost.
// - Compaction runs only while the tab holds the Web Lock of the database (exclusive), and its
//   readwrite transaction first checks that every key in the log is <= seen_through() or one
//   this tab wrote; otherwise nothing is written, the backend answers on_snapshot_refused(), the
//   tab catches up and tries again. A compaction deletes the whole log and leaves an empty entry
//   at the next key, so keys never restart and a tab whose tail read starts past a gap knows that
//   entries it never saw went into the chunks: it re-reads chunks and log (`apply_reload()`).
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "store.hpp"

namespace crm {

inline constexpr std::size_t kChunkRecords = 2000;
inline constexpr std::size_t kCompactAfterLogEntries = 200;

struct LogEntry {
    std::uint64_t seq = 0;  // the log key (0 until the backend assigned it)
    std::string bytes;
};

// Implemented by the platform (IndexedDB) and by tests (in memory). Both calls are asynchronous:
// the backend answers each with Persistence::on_write_done(write_id, ok, error, key) or, for a
// snapshot it may not write, on_snapshot_refused(write_id).
class StorageBackend {
public:
    virtual ~StorageBackend() = default;
    // Appends `entry.bytes` under the next log key, assigned inside the write transaction.
    virtual void write_log_entry(std::uint64_t write_id, const LogEntry& entry) = 0;
    // Atomically, only if every log key is <= seen_through or was written by this writer:
    // replaces all chunks with `chunks`, deletes the whole log and puts an empty entry at the next
    // key. Else refuses and changes nothing.
    virtual void write_snapshot(std::uint64_t write_id, const std::vector<std::string>& chunks, std::uint64_t seen_through) = 0;
};

// What applying other tabs' log entries did.
struct ApplyReport {
    std::size_t taken = 0;      // records put into the store
    std::vector<RecordHandle> changed;  // where they are (the font follows their text)
    std::size_t conflicts = 0;  // concurrent writes recorded for the user
    bool gap = false;           // entries were compacted away unseen: call apply_reload()
    std::vector<std::string> errors;
};

// Stored bytes that could not be read, kept rather than dropped: the platform copies them into
// a quarantine store before any snapshot could replace the chunk they came from, Settings lists
// them, and an export carries them. `key` is stable for the same bytes in the same place, so
// loading the same damaged chunk again files it once.
struct QuarantinedBytes {
    std::string key;
    std::string where;  // "snapshot chunk 3, record 17 at byte 5120" / "change log entry 42, ..."
    std::string error;
    std::string bytes;
};

struct LoadReport {
    std::size_t records = 0;
    std::size_t chunks = 0;
    std::size_t log_entries = 0;
    std::vector<std::string> errors;  // unreadable records, with where they were
    std::vector<QuarantinedBytes> quarantined;  // their bytes (one per error)
};

struct SaveStatus {
    std::size_t writes_in_flight = 0;
    std::size_t failed_writes = 0;   // kept in memory and retried; never dropped
    std::string last_error;          // from the backend, for the user
    UtcMillis last_saved_at = 0;
    bool saving() const { return writes_in_flight > 0; }
    bool all_saved() const { return writes_in_flight == 0 && failed_writes == 0; }
};

class Persistence {
public:
    explicit Persistence(StorageBackend& backend) : backend_(backend) {}

    LoadReport load(Store& store, const std::vector<std::string>& chunks, std::vector<LogEntry> log);
    // The same, a chunk at a time as the backend reads them, so the raw chunks never all sit in
    // memory beside the records decoded from them (at 100k: 50 MB of the wasm heap's peak).
    // `chunk_count` bounds the rows to reserve (a chunk holds at most kChunkRecords records).
    void begin_load(Store& store, std::size_t chunk_count);
    void load_chunk(Store& store, std::string_view bytes);
    LoadReport finish_load(Store& store, std::vector<LogEntry> log);
    // A stored value that is not bytes at all (the platform renders it as text): all of it is
    // quarantined. `where` names the place ("snapshot chunk 2", "change log entry 9").
    void load_unreadable(std::string where, std::string error, std::string bytes);
    // Writes the store's pending changes as one log entry. Returns false when there was nothing.
    bool flush(Store& store, UtcMillis now);
    // Writes a full snapshot now (after "clear data", or when the log is long).
    void write_snapshot(const Store& store);
    // `key`: the log key the backend gave a log entry, or the empty entry a snapshot left (0: none).
    void on_write_done(std::uint64_t write_id, bool ok, const std::string& error, UtcMillis now, std::uint64_t key = 0);
    // Another tab's entries were not applied here yet: nothing was written. The app catches up
    // (wants_catch_up) and the compaction is tried again after the next apply.
    void on_snapshot_refused(std::uint64_t write_id);
    // Other tabs' log entries (the tail past seen_through(), in any order), applied as given.
    // Conflict settings are stamped by `actor`; they are queued like any command.
    ApplyReport apply_entries(Store& store, std::vector<LogEntry> entries, const Actor& actor);
    // After a gap: every chunk and log entry read again in one transaction. Records this tab has
    // not written since are taken from the chunks as they are, then the log applies as above.
    ApplyReport apply_reload(Store& store, const std::vector<std::string>& chunks, std::vector<LogEntry> log, const Actor& actor);
    std::uint64_t seen_through() const { return seen_through_; }
    // A compaction was refused: the app should read the log tail now.
    bool wants_catch_up() const { return catch_up_wanted_; }
    // Re-sends failed writes (called by the app on a backoff timer).
    void retry_failed();
    const SaveStatus& status() const { return status_; }
    std::uint64_t next_seq() const { return seen_through_ + 1; }

private:
    struct Pending {
        std::uint64_t write_id;
        bool snapshot;
        LogEntry entry;  // for log writes
        std::vector<std::string> chunks;
        std::uint64_t up_to_seq = 0;
        bool failed = false;
    };
    void send(Pending& p);
    void advance_seen();
    void remember_rev(const std::string& doc, const std::string& rev);
    bool knows_rev(const std::string& doc, const std::string& rev) const;
    // One record image from another writer's entry `key` (0 at load: nothing is this tab's).
    void apply_record(Store& store, AnyRecord&& incoming, const std::string& parent, std::uint64_t key, bool live,
                      const Actor& actor, ApplyReport& report);
    void maybe_compact();

    StorageBackend& backend_;
    std::uint64_t seen_through_ = 0;
    std::set<std::uint64_t> own_keys_;  // keys of this tab's entries past seen_through_
    // Revisions this tab knew for records that changed while it ran (doc key -> revisions, oldest
    // first), and those it wrote itself (doc key -> rev -> log key, 0 while in flight).
    std::unordered_map<std::string, std::vector<std::string>> known_revs_;
    std::unordered_map<std::string, std::map<std::string, std::uint64_t>> own_revs_;
    std::unordered_map<std::uint64_t, std::vector<std::pair<std::string, std::string>>> in_flight_revs_;  // write id -> (doc, rev)
    bool catch_up_wanted_ = false;
    bool snapshot_wanted_ = false;  // a refused explicit snapshot (clear data) is tried again
    std::uint64_t next_write_id_ = 1;
    std::size_t log_entries_ = 0;
    LoadReport loading_;  // what begin_load and load_chunk have read so far
    std::deque<Pending> pending_;
    SaveStatus status_;
    const Store* store_for_compaction_ = nullptr;
};

// Splits every record of the store into encoded chunks (for snapshots and benchmarks).
std::vector<std::string> encode_snapshot(const Store& store);

// A log entry's bytes: the encoded records, then their parent revisions (a trailer that
// log_entry_records splits off; entries written before it have unknown parents, and builds from
// before it would report the trailer as one unreadable record).
std::string encode_log_entry(std::string records, const std::vector<std::string>& parent_revs);
std::string_view log_entry_records(std::string_view entry, std::vector<std::string>* parent_revs = nullptr);

}  // namespace crm
