// The rules for two copies of one record edited apart (two devices offline, or this device and
// the sync server): a three-way merge by field against the last copy both sides shared.
// A field changed on one side only takes that side's value; a field changed on both sides to
// different values is a conflict the user settles (ConflictRecord), and until then the local
// value stays in the record and the remote one is kept beside it, so neither is ever lost.
// Works on the JSON form of records (json_codec), so one rule serves every record kind.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "civil_time.hpp"

namespace crm {

// Keys that identify a record or stamp it (id, rev, who/when, _-prefixed): they never conflict and
// are never merged field by field (sync merges and stale form saves).
bool is_bookkeeping_key(const std::string& key);

struct FieldConflict {
    std::string field;      // top-level JSON key ("subject", "due", "status" for state+reason)
    nlohmann::json local;   // null when the field is absent on that side
    nlohmann::json remote;
    bool operator==(const FieldConflict&) const = default;
};

struct MergeOutcome {
    nlohmann::json merged;                 // the record to keep (local values where in conflict)
    std::vector<FieldConflict> conflicts;  // empty: merged without asking
};

// `base` is the copy both sides started from, or null when it is unknown (then every field that
// differs is a conflict). Identity and creation stamps come from `local`; the modification stamp
// from whichever side changed last. "state" and "reason" merge as one field, "status", because a
// reason is only valid with its state.
MergeOutcome merge_record_fields(const nlohmann::json& base, const nlohmann::json& local, const nlohmann::json& remote);

// One merge field's value in a document (null when absent); "status" is {state, reason}.
nlohmann::json merge_field_value(const nlohmann::json& doc, const std::string& field);

// `local` with the conflicting fields set as the user chose: for each field in `take_remote`, the
// remote value (a null remote value removes the field).
nlohmann::json resolve_conflicts(const nlohmann::json& local, const std::vector<FieldConflict>& conflicts,
                                 const std::vector<std::string>& take_remote);

// A record with open conflicts, kept device-locally (a Setting "sync.conflict:<doc id>") until the
// user settles it. While it exists the record is not pushed.
struct ConflictRecord {
    std::string doc_id;       // "activity:<uuid>"
    std::string remote_rev;   // the server revision the remote values came from
    UtcMillis detected_at = 0;
    std::vector<FieldConflict> fields;
};
inline constexpr const char* kConflictSettingPrefix = "sync.conflict:";
std::string encode_conflict(const ConflictRecord& c);
std::optional<ConflictRecord> decode_conflict(const std::string& text);

}  // namespace crm
