// Sync with a CouchDB-protocol server (Apache CouchDB, PouchDB Server): the device keeps every
// record; the server holds the shared copy as one JSON document per record ("activity:<id>",
// json_codec's form). A cycle is: pull the changes feed since the checkpoint in batches (a 404 to
// its first request creates the database), then push local changes with _bulk_docs in batches.
//
// Why it never loses or duplicates an edit:
// - Ids are UUIDs, so a record pushed twice (page reloaded before the answer was stored) is the
//   same document. A record's first push goes under its own revision (new_edits:false; only
//   when the pull just before found no document of its id), so sending it again changes nothing;
//   a later edit that is sent twice meets 409, and the next pull adopts the server's revision.
// - A push names the server revision the local copy was based on (`_rev` = RecordMeta::remote_rev),
//   so the server refuses it (409) when someone else changed the document meanwhile; the pull
//   then merges (sync_merge) and the merged record is pushed on the next round.
// - The pull checkpoint ("since") is stored in the same store change as the records that batch
//   brought, so after a crash the feed resumes exactly where the stored data ends.
//
// The engine does no I/O: the platform asks `next_request()` for the HTTP request to send, sends it
// with the user's credentials, and gives the answer to `on_response()`. One request is in flight at
// a time, except pushes: while a _bulk_docs batch is on its way the next one may be sent too (up
// to kSyncPushesInFlight), so the server never waits for this device to encode a batch. Answers
// may come in any order; each names the records it settles. Likewise the next _changes page is
// asked for before the page just received is applied. So: call next_request() until it returns
// nothing, sending each request (the last call may do work: apply a page). Native tests drive it;
// the browser drives it with fetch().
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store.hpp"
#include "sync_merge.hpp"

namespace crm {

struct SyncConfig {
    std::string server_url;  // "https://couch.example.com:6984" (no credentials, no database)
    std::string database;    // "sales"
    std::string user;        // empty: no authentication
    std::string password;
    bool configured() const { return !server_url.empty() && !database.empty(); }
    // Identifies the server and database whose revisions the records' sync bookkeeping refers to.
    std::string server_key() const;
    // The database's URL, the name escaped for the path ("sales/eu" -> ".../sales%2Feu").
    std::string database_url() const;
};
// Checks the URL (http or https, a host, no user:password@, no query) and the database name
// (CouchDB's rule: lower-case letter first, then a-z 0-9 _ $ ( ) + - /). Field-named errors.
Status validate_sync_config(const SyncConfig& config);

// Settings that hold the sync configuration and state on this device (never exported or synced).
inline constexpr const char* kSettingSyncUrl = "sync.url";
inline constexpr const char* kSettingSyncDatabase = "sync.database";
inline constexpr const char* kSettingSyncUser = "sync.user";
inline constexpr const char* kSettingSyncPassword = "sync.password";
inline constexpr const char* kSettingSyncServerKey = "sync.server_key";  // whose revisions we hold
inline constexpr const char* kSettingSyncSince = "sync.since";            // pull checkpoint (JSON)
inline constexpr const char* kSettingSyncLastSynced = "sync.last_synced_at";
SyncConfig load_sync_config(const Store& store);

// Attachment bytes live in the browser's `blobs` store, not in the Store, so the engine asks the
// platform for them with two local "requests" that never go to the server:
inline constexpr const char* kReadBytes = "READ_BYTES";    // path: attachment id; answer: 200 + bytes, or 404
inline constexpr const char* kWriteBytes = "WRITE_BYTES";  // path: attachment id, body: bytes; answer: 200
struct SyncRequest {
    std::uint64_t id = 0;
    std::string method;  // GET, PUT, POST, or kReadBytes / kWriteBytes (answered by the platform)
    std::string path;    // relative to the database URL: "" (the database), "_changes?...", "_bulk_docs"
    std::string body;    // JSON, bytes for kWriteBytes, or empty
    std::string file_name, mime_type;  // kWriteBytes: stored with the bytes
};
struct SyncResponse {
    int status = 0;        // HTTP status; 0 when the request failed (network down, CORS, timeout)
    std::string body;
    std::string network_error;  // why, when status == 0
};

enum class SyncPhase { Off, Idle, CreateDatabase, Pull, FetchBase, Push, Backoff };
const char* sync_phase_name(SyncPhase phase);  // English, for tr()

struct SyncStatus {
    SyncPhase phase = SyncPhase::Off;
    UtcMillis last_synced_at = 0;    // end of the last cycle that completed
    std::string last_error;          // empty after a cycle that completed
    UtcMillis next_attempt_at = 0;   // the next automatic cycle (after an error: backoff)
    int failures_in_a_row = 0;
    std::size_t pulled = 0;          // documents taken from the server in the current/last cycle
    std::size_t pushed = 0;          // documents the server accepted in the current/last cycle
    std::size_t skipped = 0;         // server documents this app cannot read (kept out, reported)
    std::string skipped_example;     // the first reason, for the user
};

// Batches are large because each round trip costs the same few milliseconds whatever its size,
// and each pulled page is one store change and one durable write (the views rebuild after each).
// 2,000 documents of ~1 KB are a ~2 MB answer; a push of 1,000 is ~1 MB, two in flight.
inline constexpr std::size_t kSyncPullBatch = 2000;
inline constexpr std::size_t kSyncPushBatch = 1000;
inline constexpr std::size_t kSyncPushesInFlight = 2;
// Accepted pushes become the records' bookkeeping in one store change per this many records (and
// whenever no push is on its way).
inline constexpr std::size_t kSyncPushSettleEvery = 3 * kSyncPushBatch;
// Attachment files travel inline (base64) in the attachment's document, at most this many bytes
// of them per push (always at least one file).
inline constexpr std::uint64_t kSyncPushBytes = 16ull << 20;
inline constexpr UtcMillis kSyncInterval = 30'000;        // a cycle every 30 s while configured
inline constexpr UtcMillis kSyncFirstBackoff = 2'000;     // doubled per failure ...
inline constexpr UtcMillis kSyncMaxBackoff = 5 * 60'000;  // ... up to 5 minutes

// Sync document id of a record ("activity:<uuid>") and back. Settings have none.
std::string sync_doc_id(RecordKind kind, const std::string& id);
std::optional<std::pair<RecordKind, std::string>> parse_sync_doc_id(std::string_view doc_id);
// The document pushed for a record: json_codec's form plus "_id", "kind" and, when the record
// came from (or went to) the server before, "_rev".
nlohmann::json sync_document(const AnyRecord& record);
// The same document appended to `out` as compact JSON text without building a DOM (what a push
// sends); `file_bytes`, when given, travels inline as the "_attachments" entry "file". Its "_rev"
// is the server revision the edit is based on, or (Own: a first push with new_edits:false) the
// record's own revision, which the server then stores as its revision.
enum class PushRevision { Server, Own };
void append_sync_document(const AnyRecord& record, const std::string* file_bytes, std::string& out,
                          PushRevision revision = PushRevision::Server);

class SyncEngine {
public:
    explicit SyncEngine(Store& store) : store_(store) {}

    // Applies a (changed) configuration. When the server or database changed, the records' sync
    // bookkeeping and the checkpoint are reset (they referred to the other server).
    void configure(const SyncConfig& config, const Actor& actor);
    const SyncConfig& config() const { return config_; }
    // Start a cycle as soon as possible ("Sync now", a local change, the browser came online).
    void request_sync(UtcMillis now);
    // The next request to send, when none is in flight: starts due cycles too.
    std::optional<SyncRequest> next_request(const Actor& actor);
    void on_response(std::uint64_t request_id, const SyncResponse& response, const Actor& actor);
    bool busy() const { return !in_flight_.empty(); }

    const SyncStatus& status() const { return status_; }
    // Records with local changes not yet accepted by the server (cheap to call every frame: cached
    // by store version).
    std::size_t changes_waiting() const;

    // Conflicts waiting for the user, oldest first.
    const std::vector<ConflictRecord>& conflicts() const;
    // Settles a conflict: keeps the local values except the fields in `take_remote`, saves the
    // result as a local edit and lets it be pushed.
    Status resolve_conflict(const std::string& doc_id, const std::vector<std::string>& take_remote, const Actor& actor);

private:
    enum class Step { None, CreateDatabase, Pull, FetchBase, WriteBytes, ReadBytes, Push };
    struct PulledDoc {
        RecordKind kind;
        std::string id;
        nlohmann::json doc;
        bool server_deleted = false;
    };
    struct IncomingFile {
        std::string attachment_id, file_name, mime_type, bytes;
    };
    struct PushedRecord {
        RecordKind kind;
        std::string id;
        std::string local_rev;
    };
    struct SettledPush {  // accepted by the server, not yet in the store
        RecordKind kind;
        std::string id, remote_rev, local_rev;
    };
    struct PushBatch {
        std::vector<PushedRecord> records;
        bool as_new = false;  // sent with new_edits:false under the records' own revisions
    };

    SyncRequest make_request(Step step, std::string method, std::string path, std::string body);
    void start_cycle();
    void fail(std::string message, UtcMillis now);
    void finish_cycle(const Actor& actor);
    void handle_changes(const SyncResponse& response, const Actor& actor);
    std::string changes_path(const nlohmann::json& since) const;
    void commit_pull_batch(const Actor& actor);  // applies the batch and picks the next step
    void apply_pull_batch(const Actor& actor);
    void apply_pulled(const PulledDoc& pulled, std::vector<AnyRecord>& writes, const Actor& actor);
    bool pushes_as_new(const RecordMeta& meta, RecordKind kind) const;
    std::optional<SyncRequest> next_push(const Actor& actor);
    std::optional<SyncRequest> next_pipelined(const Actor& actor);
    void handle_push(std::uint64_t request_id, const SyncResponse& response, const Actor& actor);
    void apply_settled_pushes();
    std::optional<SyncRequest> next_base_fetch();
    std::optional<SyncRequest> next_file_write();
    std::optional<SyncRequest> next_bytes_read();
    std::vector<const Attachment*> attachments_to_push() const;

    Store& store_;
    SyncConfig config_;
    SyncStatus status_;
    std::uint64_t next_request_id_ = 1;
    std::map<std::uint64_t, Step> in_flight_;  // request id -> what it was for
    Step pending_step_ = Step::None;  // what to send next within the cycle
    bool sync_requested_ = false;
    bool another_round_ = false;      // a push met a 409: pull and push again
    int rounds_ = 0;
    bool database_known_ = false;     // this cycle: the server answered for the database, or it was created

    // the pull batch being applied
    std::vector<PulledDoc> batch_;
    nlohmann::json batch_last_seq_;
    bool batch_full_ = false;
    bool batch_ready_ = false;  // parsed, its files stored, the next page asked for; not applied yet
    std::vector<std::string> bases_to_fetch_;          // doc ids
    std::map<std::string, nlohmann::json> bases_;      // doc id -> base document (null: unknown)
    std::vector<IncomingFile> files_to_store_;         // stored before the batch's records

    // attachment bytes read for the next push (id -> bytes; absent: no bytes on this device)
    std::map<std::string, std::string> outgoing_bytes_;
    std::set<std::string> bytes_read_;                 // asked for this cycle (found or not)
    std::string reading_bytes_of_;                     // the attachment of the read in flight

    // the push batches in flight (request id -> their records; their doc ids), and records the
    // server refused this cycle (not retried in it)
    std::map<std::uint64_t, PushBatch> pushing_;
    std::set<std::string> pushing_ids_;  // in flight, or accepted and not yet applied (settled_)
    std::vector<SettledPush> settled_;
    std::set<std::string> refused_this_cycle_;

    std::uint64_t version_after_cycle_ = 0;  // a later store change (a local edit) starts a cycle
    mutable std::uint64_t conflicts_version_ = 0;
    mutable std::vector<ConflictRecord> conflicts_;
    mutable std::uint64_t waiting_version_ = 0;
    mutable std::size_t waiting_ = 0;
};

}  // namespace crm
