// The CRM records an activity can be about or owned by: accounts, contacts, opportunities, cases,
// users and teams. Every record carries `RecordMeta` (id, revision, tombstone, who/when stamps) so
// that all kinds replicate the same way. Activities live in activity.hpp.
// References between records are by id (`RecordRef`, `OwnerRef`), never by pointer or index.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "civil_time.hpp"

namespace crm {

enum class RecordKind : std::uint8_t {
    Activity = 1, Account = 2, Contact = 3, Opportunity = 4, Case = 5, User = 6, Team = 7, Setting = 8,
    Attachment = 9,
};

struct RecordMeta {
    std::string id;             // UUID v4
    std::string rev;            // "N-hash"; empty until first saved
    bool deleted = false;       // tombstone: kept so deletions replicate
    std::string created_by;     // user id
    UtcMillis created_at = 0;
    std::string modified_by;    // user id
    UtcMillis modified_at = 0;
    // Sync bookkeeping (device-local; never part of exports or synced documents):
    // `remote_rev` is the sync server's revision of the copy this record was last synced with
    // (empty: never synced), and `remote_synced_rev` is the local `rev` that copy matched. When
    // `rev` differs from `remote_synced_rev`, the record has local changes waiting to be pushed.
    std::string remote_rev;
    std::string remote_synced_rev;
    bool has_unsynced_changes() const { return rev != remote_synced_rev; }
};

// What an activity is "Regarding". kind None means a standalone activity.
enum class RegardingKind : std::uint8_t { None = 0, Account = 1, Contact = 2, Opportunity = 3, Case = 4 };
// The record kind a Regarding reference points at (None has none; callers skip empty references).
inline RecordKind record_kind_of(RegardingKind k) {
    switch (k) {
        case RegardingKind::Account: return RecordKind::Account;
        case RegardingKind::Contact: return RecordKind::Contact;
        case RegardingKind::Opportunity: return RecordKind::Opportunity;
        case RegardingKind::Case: return RecordKind::Case;
        case RegardingKind::None: break;
    }
    return RecordKind::Account;
}
struct RecordRef {
    RegardingKind kind = RegardingKind::None;
    std::string id;
    bool empty() const { return kind == RegardingKind::None; }
    bool operator==(const RecordRef&) const = default;
};

enum class OwnerKind : std::uint8_t { User = 0, Team = 1 };
struct OwnerRef {
    OwnerKind kind = OwnerKind::User;
    std::string id;
    bool empty() const { return id.empty(); }
    bool operator==(const OwnerRef&) const = default;
};

struct User {
    RecordMeta meta;
    std::string name;
    std::string email;
};

struct Team {
    RecordMeta meta;
    std::string name;
    std::vector<std::string> member_ids;  // user ids
};

struct Account {
    RecordMeta meta;
    std::string name;
    std::string city;
    std::string phone;
    std::string website;
    OwnerRef owner;
};

struct Contact {
    RecordMeta meta;
    std::string full_name;
    std::string parent_account_id;  // may be empty
    std::string job_title;
    std::string email;
    std::string phone;
    OwnerRef owner;
};

enum class OpportunityStage : std::uint8_t { Qualify = 0, Develop = 1, Propose = 2, Close = 3 };
struct Opportunity {
    RecordMeta meta;
    std::string name;
    std::string account_id;
    std::string contact_id;
    double estimated_revenue = 0;
    OpportunityStage stage = OpportunityStage::Qualify;
    std::optional<LocalDate> estimated_close;
    OwnerRef owner;
};

enum class CaseStatus : std::uint8_t { Active = 0, Resolved = 1, Canceled = 2 };
enum class CasePriority : std::uint8_t { Low = 0, Normal = 1, High = 2 };
struct Case {
    RecordMeta meta;
    std::string title;
    std::string account_id;  // the customer is an account or a contact
    std::string contact_id;
    CaseStatus status = CaseStatus::Active;
    CasePriority priority = CasePriority::Normal;
    OwnerRef owner;
};

// A file attached to a note, task or email. The bytes live in IndexedDB's `blobs` store under
// the attachment's id (written by the platform layer); this record is the metadata that
// replicates with the activity. Deleting the activity tombstones its attachments.
struct Attachment {
    RecordMeta meta;
    std::string activity_id;
    std::string file_name;
    std::string mime_type;
    std::uint64_t size = 0;  // bytes
};

// Device-local key/value settings (current user, preferences) stored with the data so they
// survive reload together with it. Not synced.
struct Setting {
    RecordMeta meta;  // meta.id is the key
    std::string value;
};

const char* regarding_kind_name(RegardingKind k);  // English, for tr()
const char* new_record_title(RegardingKind k);     // "New Account", ... (English, for tr())
const char* opportunity_stage_name(OpportunityStage s);
const char* case_status_name(CaseStatus s);

}  // namespace crm
