// The in-memory database of all records: the single source of truth the UI reads every frame.
// Reads are synchronous and cheap. Every write goes through a command (create_activity,
// update_activity, set_state, assign, ...) that validates first and changes nothing when it
// refuses, stamps who/when, bumps the revision, bumps `version()` (views key caches off it) and
// queues the changed record for Persistence. `load_*` puts records read from storage or a file
// as they are, without stamping or queuing.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "activity.hpp"
#include "ids.hpp"
#include "records.hpp"
#include "result.hpp"
#include "table.hpp"

namespace crm {

using AnyRecord = std::variant<Activity, Account, Contact, Opportunity, Case, User, Team, Setting, Attachment>;
RecordKind kind_of(const AnyRecord& r);
const RecordMeta& meta_of(const AnyRecord& r);
RecordMeta& meta_of(AnyRecord& r);

// Who is acting and when: every command is stamped with it.
struct Actor {
    std::string user_id;
    UtcMillis now = 0;
};

struct RecordHandle {
    RecordKind kind;
    std::uint32_t index;
    bool operator==(const RecordHandle&) const = default;
};

class Store {
public:
    explicit Store(std::uint64_t id_seed = 0x5eed);
    // Ids must be unique across devices: the browser seeds from crypto.getRandomValues at start.
    void seed_ids(std::uint64_t seed);

    // ---- reads ----
    const Table<Activity>& activities() const { return activities_; }
    const Table<Account>& accounts() const { return accounts_; }
    const Table<Contact>& contacts() const { return contacts_; }
    const Table<Opportunity>& opportunities() const { return opportunities_; }
    const Table<Case>& cases() const { return cases_; }
    const Table<User>& users() const { return users_; }
    const Table<Team>& teams() const { return teams_; }
    const Table<Setting>& settings() const { return settings_; }
    const Table<Attachment>& attachments() const { return attachments_; }
    // The table of records of type T (Activity, Account, ... Setting, Attachment).
    template <typename T>
    const Table<T>& table() const { return table_in<T>(*this); }
    // Calls fn(table) with the table of `kind`.
    template <typename Fn>
    void visit_table(RecordKind kind, Fn&& fn) const;
    // Calls fn(table) for each table whose records leave the device (export file, sync), in the
    // order a reader needs them: references first (users before teams, accounts before contacts,
    // ... activities before their attachments). Settings stay on the device.
    template <typename Fn>
    void for_each_shared_table(Fn&& fn) const {
        fn(users_);
        fn(teams_);
        fn(accounts_);
        fn(contacts_);
        fn(opportunities_);
        fn(cases_);
        fn(activities_);
        fn(attachments_);
    }
    // Live attachments of an activity, in the order they were added.
    std::vector<const Attachment*> attachments_of(std::string_view activity_id) const;
    std::uint64_t version() const { return version_; }

    // Display names of references ("" when empty, "(deleted)"/"(unknown)" when dangling).
    std::string regarding_name(const RecordRef& ref) const;
    std::string owner_name(const OwnerRef& owner) const;
    std::string user_name(std::string_view user_id) const;
    bool regarding_exists(const RecordRef& ref) const;
    bool owner_exists(const OwnerRef& owner) const;
    std::string setting(std::string_view key, std::string_view fallback = {}) const;
    // Users who share at least one team with `user_id` (not including the user), and those teams.
    std::vector<std::string> team_mates_of(std::string_view user_id) const;
    std::vector<std::string> teams_of(std::string_view user_id) const;
    std::size_t live_activity_count() const;

    // ---- commands (validated, stamped, queued for persistence) ----
    // A new activity from a draft: id, stamps and revision are assigned; the state starts as the
    // draft says if valid for the type (so a completed phone call can be logged after the fact).
    Result<std::string> create_activity(Activity draft, const Actor& actor);
    // Saves an edited copy. Refused when the stored copy is read-only, or when it changed since
    // the copy was taken (`edited.meta.rev` differs from the stored revision): nothing is lost,
    // the user is told to reload.
    Status update_activity(const Activity& edited, const Actor& actor);
    // "Send" on an email: saves the edited copy as sent (Completed, reason Sent, actual end =
    // now) in one revision, refused unless it is an open email with at least one To address.
    // The app only hands the mail to the user's mail client; it records that the user sent it.
    Status send_email(Activity edited, const Actor& actor);
    // Moves many activities to a state with a status reason, all or nothing.
    Status set_state(std::span<const std::string> ids, ActivityState state, StatusReason reason, const Actor& actor);
    Status assign(std::span<const std::string> ids, const OwnerRef& owner, const Actor& actor);
    // Tombstones the activities and their attachments. `removed_attachment_ids`, when given,
    // receives the ids of the attachments whose bytes can now be deleted.
    // Undo: puts back `before` (an earlier copy of the activity) as a new revision, even when
    // the state rules would not allow that move (reopening what the user just completed), but
    // only while the stored copy still has revision `expected_rev`.
    Status restore_activity(const Activity& before, std::string_view expected_rev, const Actor& actor);
    Status delete_activities(std::span<const std::string> ids, const Actor& actor,
                             std::vector<std::string>* removed_attachment_ids = nullptr);

    // ---- series (recurrence_expand.hpp): a master with a rule, and exception activities ----
    // "This one": stores `edited` (the occurrence on `date` as the user changed it, usually from
    // occurrence_activity) as a new activity of the series and adds `date` to the master's
    // exceptions, both or neither, as one change. Refused when the master changed since
    // `master_rev`, is read-only, or has no occurrence on `date` (in `zone`) that is not taken
    // out already. Returns the new activity's id.
    Result<std::string> save_occurrence(std::string_view master_id, std::string_view master_rev, LocalDate date,
                                        Activity edited, const TimeZone& zone, const Actor& actor);
    // Deletes one occurrence: only an exception date on the master (nothing else is stored).
    Status delete_occurrence(std::string_view master_id, LocalDate date, const TimeZone& zone, const Actor& actor);
    // "The whole series": update_activity for the master, and when its first occurrence moves to
    // another date the exception dates and the exception activities' occurrence dates move by
    // the same number of days (their own times stay). Fields an exception activity shares with
    // the old master (subject, description, location, attendees, priority, owner, Regarding) follow the
    // new master; fields the exception changed on its own stay.
    Status update_series(const Activity& edited_master, const TimeZone& zone, const Actor& actor);
    // Tombstones the master and every live activity of the series.
    Status delete_series(std::string_view master_id, const Actor& actor, std::vector<std::string>* removed_attachment_ids = nullptr);
    // Live exception activities of a series, in row order.
    std::vector<std::string> series_members(std::string_view master_id) const;

    Result<std::string> create_user(std::string name, std::string email, const Actor& actor);
    Result<std::string> create_team(std::string name, const Actor& actor);
    Status set_team_member(std::string_view team_id, std::string_view user_id, bool member, const Actor& actor);
    Status put_setting(std::string key, std::string value, const Actor& actor);
    // Creates a record of another kind (used by demo data and, later, the record forms).
    Result<std::string> create_record(AnyRecord record, const Actor& actor);
    // Creates (empty or unknown id) or updates an account, contact, opportunity or case from a
    // form: validated (record_rules) with reference checks, refused with nothing changed when the
    // stored copy changed since the form was opened (revision differs) or was deleted.
    // Returns the record's id.
    Result<std::string> save_record(AnyRecord record, const Actor& actor);
    // Tombstones an account, contact, opportunity or case. Activities regarding it stay (their
    // Regarding then shows the record as deleted).
    Status delete_record(RegardingKind kind, std::string_view id, const Actor& actor);
    // Adds an attachment's metadata to a live note, task or email (refused for other types, for
    // read-only activities and for files over the size limit). Keeps `attachment.meta.id` when it
    // is an unused UUID (the key the platform stored the bytes under), else makes one. Returns
    // the id, which is the key of the bytes in IndexedDB.
    Result<std::string> add_attachment(Attachment attachment, const Actor& actor);
    // The checks add_attachment makes, without adding: the platform asks before reading a file.
    Status check_attachment(const Attachment& attachment) const;
    Status remove_attachment(std::string_view attachment_id, const Actor& actor);

    // Removes every record except users, teams and settings (the "clear demo data" action).
    // Returns how many records were removed. Persistence must then write a full snapshot.
    std::size_t clear_customer_data();

    // ---- records that arrive already complete (import, sync) ----
    // Stores each record exactly as given (id, revision, stamps and sync bookkeeping kept),
    // replacing the record with the same id, and queues them all for persistence as one change.
    // The caller has validated them (json_codec, import, sync merge); nothing is checked here.
    void put_verbatim(std::span<const AnyRecord> records);
    // The stored copy of a record of any kind, or nullopt.
    std::optional<AnyRecord> find_any(RecordKind kind, std::string_view id) const;

    // ---- loading (no validation of references, no stamping, no queuing) ----
    void load(AnyRecord record);
    void reserve_activities(std::size_t n) { activities_.reserve(n); }

    // ---- change queue for Persistence ----
    // `parent_revs`, when given, receives for each record the revision it had before its first
    // queued change ("" for a new record): other tabs tell a concurrent write from a later one by it.
    std::vector<RecordHandle> take_pending_changes(std::vector<std::string>* parent_revs = nullptr);
    bool has_pending_changes() const { return !pending_.empty(); }
    // The queue as it stands, for readers that follow changes without taking them (the font's glyph set).
    const std::vector<RecordHandle>& pending_changes() const { return pending_; }
    AnyRecord record_at(RecordHandle h) const;
    // Every record in the store (for snapshots and export), in a stable order.
    void for_each_record(const std::function<void(RecordHandle)>& fn) const;

private:
    template <typename T, typename Self>
    static auto& table_in(Self& self) {
        if constexpr (std::is_same_v<T, Activity>) return self.activities_;
        else if constexpr (std::is_same_v<T, Account>) return self.accounts_;
        else if constexpr (std::is_same_v<T, Contact>) return self.contacts_;
        else if constexpr (std::is_same_v<T, Opportunity>) return self.opportunities_;
        else if constexpr (std::is_same_v<T, Case>) return self.cases_;
        else if constexpr (std::is_same_v<T, User>) return self.users_;
        else if constexpr (std::is_same_v<T, Team>) return self.teams_;
        else if constexpr (std::is_same_v<T, Setting>) return self.settings_;
        else if constexpr (std::is_same_v<T, Attachment>) return self.attachments_;
        else static_assert(sizeof(T) == 0, "Store: no table for this type");
    }
    template <typename T> std::uint32_t put(Table<T>& table, RecordKind kind, T record, const Actor& actor, bool is_new);
    std::string new_id();
    Status check_references(const Activity& a) const;
    // A new activity from a draft: a fresh id and meta, the owner (`default_owner` when the draft
    // has none), a state and reason the type allows, the actual end of a closed one; then every
    // check. Nothing is stored: the caller puts it once all of its command's records passed.
    Status prepare_new_activity(Activity& draft, const OwnerRef& default_owner, const Actor& actor);
    template <typename T> Result<std::string> save_customer_record(Table<T>& table, T record, const Actor& actor);
    template <typename T> Status check_record_references(const T& record, const T* stored) const;

    Table<Activity> activities_;
    Table<Account> accounts_;
    Table<Contact> contacts_;
    Table<Opportunity> opportunities_;
    Table<Case> cases_;
    Table<User> users_;
    Table<Team> teams_;
    Table<Setting> settings_;
    Table<Attachment> attachments_;
    IdGenerator ids_;
    std::uint64_t version_ = 1;
    std::vector<RecordHandle> pending_;
    std::vector<std::string> pending_parents_;  // parallel to pending_
};

template <typename Fn>
void Store::visit_table(RecordKind kind, Fn&& fn) const {
    switch (kind) {
        case RecordKind::Activity: return fn(activities_);
        case RecordKind::Account: return fn(accounts_);
        case RecordKind::Contact: return fn(contacts_);
        case RecordKind::Opportunity: return fn(opportunities_);
        case RecordKind::Case: return fn(cases_);
        case RecordKind::User: return fn(users_);
        case RecordKind::Team: return fn(teams_);
        case RecordKind::Setting: return fn(settings_);
        case RecordKind::Attachment: return fn(attachments_);
    }
}

}  // namespace crm
