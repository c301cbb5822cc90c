// Keeps the IndexedDB copy of the Store up to date: the storage layout and the save protocol.
// Layout: a snapshot of every record in binary chunks of up to kChunkRecords records, plus a
// change log. Each save is ONE log entry (all records changed by one command, full images), put
// in one transaction: an edit is durable in one small write. When the log grows past a limit a
// new snapshot replaces the chunks and drops the log entries it covers, in one transaction.
// Usage: `load()` at start with what the backend read; `flush()` after commands; the backend
// calls `on_write_done()` when a transaction completes. `status()` feeds the UI's save indicator.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "store.hpp"

namespace crm {

inline constexpr std::size_t kChunkRecords = 2000;
inline constexpr std::size_t kCompactAfterLogEntries = 200;

struct LogEntry {
    std::uint64_t seq = 0;
    std::string bytes;
};

// Implemented by the platform (IndexedDB) and by tests (in memory). Both calls are asynchronous:
// the backend answers each with Persistence::on_write_done(write_id, ok, error).
class StorageBackend {
public:
    virtual ~StorageBackend() = default;
    virtual void write_log_entry(std::uint64_t write_id, const LogEntry& entry) = 0;
    // Replace all chunks with `chunks` and delete log entries with seq <= up_to_seq, atomically.
    virtual void write_snapshot(std::uint64_t write_id, const std::vector<std::string>& chunks, std::uint64_t up_to_seq) = 0;
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
    void on_write_done(std::uint64_t write_id, bool ok, const std::string& error, UtcMillis now);
    // Re-sends failed writes (called by the app on a backoff timer).
    void retry_failed();
    const SaveStatus& status() const { return status_; }
    std::uint64_t next_seq() const { return next_seq_; }

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

    StorageBackend& backend_;
    std::uint64_t next_seq_ = 1;
    std::uint64_t next_write_id_ = 1;
    std::size_t log_entries_ = 0;
    LoadReport loading_;  // what begin_load and load_chunk have read so far
    std::deque<Pending> pending_;
    SaveStatus status_;
    const Store* store_for_compaction_ = nullptr;
};

// Splits every record of the store into encoded chunks (for snapshots and benchmarks).
std::vector<std::string> encode_snapshot(const Store& store);

}  // namespace crm
