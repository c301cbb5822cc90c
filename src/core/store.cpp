#include "store.hpp"

#include "contact_links.hpp"

#include <algorithm>
#include <atomic>
#include <unordered_set>

#include "i18n.hpp"
#include "record_codec.hpp"
#include "record_rules.hpp"
#include "recurrence_expand.hpp"

namespace crm {

RecordKind kind_of(const AnyRecord& r) {
    struct V {
        RecordKind operator()(const Activity&) const { return RecordKind::Activity; }
        RecordKind operator()(const Account&) const { return RecordKind::Account; }
        RecordKind operator()(const Contact&) const { return RecordKind::Contact; }
        RecordKind operator()(const Opportunity&) const { return RecordKind::Opportunity; }
        RecordKind operator()(const Case&) const { return RecordKind::Case; }
        RecordKind operator()(const User&) const { return RecordKind::User; }
        RecordKind operator()(const Team&) const { return RecordKind::Team; }
        RecordKind operator()(const Setting&) const { return RecordKind::Setting; }
        RecordKind operator()(const Attachment&) const { return RecordKind::Attachment; }
    };
    return std::visit(V{}, r);
}

const RecordMeta& meta_of(const AnyRecord& r) {
    return std::visit([](const auto& rec) -> const RecordMeta& { return rec.meta; }, r);
}
RecordMeta& meta_of(AnyRecord& r) {
    return std::visit([](auto& rec) -> RecordMeta& { return rec.meta; }, r);
}

namespace {
// Each store starts its version() in its own range, so a cache keyed by (store address, version)
// never mistakes a new store at a reused address for the old one.
std::uint64_t first_version() {
    static std::atomic<std::uint64_t> stores{0};
    return (stores.fetch_add(1, std::memory_order_relaxed) << 32) + 1;
}
}  // namespace

Store::Store(std::uint64_t id_seed) : ids_(id_seed), version_(first_version()) {}

void Store::seed_ids(std::uint64_t seed) { ids_ = IdGenerator(seed); }

std::string Store::new_id() {
    // A repeated seed (a test's fixed seed, a browser without crypto) must never hand out an id a
    // stored record already has: that would overwrite the record.
    for (;;) {
        std::string id = ids_.uuid_v4();
        bool used = activities_.find(id) || accounts_.find(id) || contacts_.find(id) || opportunities_.find(id) ||
                    cases_.find(id) || users_.find(id) || teams_.find(id) || attachments_.find(id);
        if (!used) return id;
    }
}

std::vector<const Attachment*> Store::attachments_of(std::string_view activity_id) const {
    std::vector<const Attachment*> out;
    for (const Attachment& a : attachments_.rows())
        if (!a.meta.deleted && a.activity_id == activity_id) out.push_back(&a);
    return out;
}

std::string Store::regarding_name(const RecordRef& ref) const {
    auto name_or = [](const auto* rec, auto get) -> std::string {
        if (!rec) return tr("(unknown record)");
        if (rec->meta.deleted) return get(*rec) + " " + tr("(deleted)");
        return get(*rec);
    };
    switch (ref.kind) {
        case RegardingKind::None: return {};
        case RegardingKind::Account: return name_or(accounts_.find(ref.id), [](const Account& a) { return a.name; });
        case RegardingKind::Contact: return name_or(contacts_.find(ref.id), [](const Contact& c) { return c.full_name; });
        case RegardingKind::Opportunity:
            return name_or(opportunities_.find(ref.id), [](const Opportunity& o) { return o.name; });
        case RegardingKind::Case: return name_or(cases_.find(ref.id), [](const Case& c) { return c.title; });
    }
    return {};
}

std::string Store::user_name(std::string_view user_id) const {
    const User* u = users_.find(user_id);
    return u ? u->name : std::string(user_id.empty() ? "" : tr("(unknown user)"));
}

std::string Store::owner_name(const OwnerRef& owner) const {
    if (owner.empty()) return {};
    if (owner.kind == OwnerKind::User) return user_name(owner.id);
    const Team* t = teams_.find(owner.id);
    return t ? t->name : tr("(unknown team)");
}

bool Store::regarding_exists(const RecordRef& ref) const {
    switch (ref.kind) {
        case RegardingKind::None: return true;
        case RegardingKind::Account: return accounts_.find_live(ref.id) != nullptr;
        case RegardingKind::Contact: return contacts_.find_live(ref.id) != nullptr;
        case RegardingKind::Opportunity: return opportunities_.find_live(ref.id) != nullptr;
        case RegardingKind::Case: return cases_.find_live(ref.id) != nullptr;
    }
    return false;
}

bool Store::owner_exists(const OwnerRef& owner) const {
    if (owner.kind == OwnerKind::User) return users_.find_live(owner.id) != nullptr;
    return teams_.find_live(owner.id) != nullptr;
}

std::string Store::setting(std::string_view key, std::string_view fallback) const {
    const Setting* s = settings_.find_live(key);
    return s ? s->value : std::string(fallback);
}

std::vector<std::string> Store::teams_of(std::string_view user_id) const {
    std::vector<std::string> out;
    for (const Team& t : teams_.rows())
        if (!t.meta.deleted && std::find(t.member_ids.begin(), t.member_ids.end(), user_id) != t.member_ids.end())
            out.push_back(t.meta.id);
    return out;
}

std::vector<std::string> Store::team_mates_of(std::string_view user_id) const {
    std::unordered_set<std::string> mates;
    for (const Team& t : teams_.rows()) {
        if (t.meta.deleted || std::find(t.member_ids.begin(), t.member_ids.end(), user_id) == t.member_ids.end())
            continue;
        for (const auto& m : t.member_ids)
            if (m != user_id) mates.insert(m);
    }
    std::vector<std::string> out(mates.begin(), mates.end());
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t Store::live_activity_count() const {
    std::size_t n = 0;
    for (const auto& a : activities_.rows()) n += a.meta.deleted ? 0 : 1;
    return n;
}

template <typename T>
std::uint32_t Store::put(Table<T>& table, RecordKind kind, T record, const Actor& actor, bool is_new) {
    if (is_new) {
        record.meta.created_by = actor.user_id;
        record.meta.created_at = actor.now;
    }
    record.meta.modified_by = actor.user_id;
    record.meta.modified_at = actor.now;
    record.meta.rev = next_revision(record.meta.rev, content_hash(AnyRecord(record)));
    // The sync bookkeeping belongs to the stored copy: an edited copy taken before a sync round
    // finished must not roll it back (the next push would then be based on an old revision).
    std::string parent_rev;
    if (const T* stored = table.find(record.meta.id)) {
        record.meta.remote_rev = stored->meta.remote_rev;
        record.meta.remote_synced_rev = stored->meta.remote_synced_rev;
        parent_rev = stored->meta.rev;
    }
    auto index = table.upsert(std::move(record));
    pending_.push_back({kind, index});
    pending_parents_.push_back(std::move(parent_rev));
    ++version_;
    return index;
}

Status Store::check_references(const Activity& a) const {
    Status st;
    if (!a.regarding.empty() && !regarding_exists(a.regarding))
        st.add("regarding", "The Regarding record does not exist or was deleted.");
    if (!a.owner.empty() && !owner_exists(a.owner)) st.add("owner", "The owner does not exist.");
    return st;
}

Result<std::string> Store::create_activity(Activity draft, const Actor& actor) {
    Result<std::string> result;
    result.status = prepare_new_activity(draft, {OwnerKind::User, actor.user_id}, actor);
    if (!result.ok()) return result;
    result.value = draft.meta.id;
    put(activities_, RecordKind::Activity, std::move(draft), actor, true);
    return result;
}

Status Store::prepare_new_activity(Activity& draft, const OwnerRef& default_owner, const Actor& actor) {
    draft.meta = RecordMeta{};
    draft.meta.id = new_id();
    if (draft.owner.empty()) draft.owner = default_owner;
    if (!state_allowed(draft.type, draft.state)) draft.state = initial_state(draft.type);
    if (!reason_valid(draft.type, draft.state, draft.reason)) draft.reason = default_reason(draft.type, draft.state);
    if (is_closed(draft.state) && !draft.actual_end) draft.actual_end = actor.now;
    Status st = validate_activity(draft);
    for (auto& e : check_references(draft).errors) st.errors.push_back(e);
    return st;
}

Status Store::update_activity(const Activity& edited, const Actor& actor) {
    auto index = activities_.index_of(edited.meta.id);
    if (!index || activities_.at(*index).meta.deleted) return Status::failure("", "This activity no longer exists.");
    const Activity& stored = activities_.at(*index);
    if (stored.meta.rev != edited.meta.rev)
        return Status::failure("", "This activity was changed elsewhere since you opened it. Close and reopen it to see the latest version.");
    if (is_read_only(stored)) return Status::failure("", "Completed and canceled activities are read-only.");
    if (const char* why = transition_refusal(stored.type, stored.state, edited.state)) return Status::failure("state", why);
    if (edited.type != stored.type) return Status::failure("type", "The type of an existing activity cannot change.");
    Status st = validate_activity(edited);
    for (auto& e : check_references(edited).errors) st.errors.push_back(e);
    if (!st.ok()) return st;
    Activity next = edited;
    next.meta.created_by = stored.meta.created_by;  // creation stamps are not editable
    next.meta.created_at = stored.meta.created_at;
    if (is_closed(next.state) && !next.actual_end) next.actual_end = actor.now;
    put(activities_, RecordKind::Activity, std::move(next), actor, false);
    return {};
}

Status Store::send_email(Activity edited, const Actor& actor) {
    if (edited.type != ActivityType::Email) return Status::failure("type", "Only an email can be sent.");
    const Activity* stored = activities_.find_live(edited.meta.id);
    if (stored && is_read_only(*stored)) return Status::failure("", "Completed and canceled activities are read-only.");
    if (split_addresses(edited.email_to).empty()) return Status::failure("email_to", "Enter at least one address in To.");
    edited.state = ActivityState::Completed;
    edited.reason = StatusReason::Sent;
    edited.direction = Direction::Outgoing;
    edited.actual_end = actor.now;
    return update_activity(edited, actor);
}

Status Store::restore_activity(const Activity& before, std::string_view expected_rev, const Actor& actor) {
    // Undo: the copy taken before a change goes back, state rules aside (it was valid then), but
    // only while the stored activity is exactly as that change left it.
    const Activity* stored = activities_.find_live(before.meta.id);
    if (!stored || stored->meta.rev != expected_rev)
        return Status::failure("", "This activity was changed elsewhere since; the change cannot be undone.", before.subject);
    if (before.type != stored->type) return Status::failure("type", "The type of an existing activity cannot change.");
    Status st = validate_activity(before);
    // references are checked only where they differ from the stored copy: undo may put back an
    // owner or Regarding that was live when the change was made
    if (before.owner != stored->owner && !before.owner.empty() && !owner_exists(before.owner))
        st.add("owner", "The owner does not exist.");
    if (before.regarding != stored->regarding && !before.regarding.empty() && !regarding_exists(before.regarding))
        st.add("regarding", "The Regarding record does not exist or was deleted.");
    if (!st.ok()) return st;
    Activity next = before;
    next.meta.rev = stored->meta.rev;  // the new revision follows the current one
    // A tombstone as `before` undoes a creation (an occurrence split off its series).
    next.meta.deleted = before.meta.deleted;
    next.meta.created_by = stored->meta.created_by;  // creation stamps are not editable
    next.meta.created_at = stored->meta.created_at;
    put(activities_, RecordKind::Activity, std::move(next), actor, false);
    return {};
}

Status Store::set_state(std::span<const std::string> ids, ActivityState state, StatusReason reason, const Actor& actor) {
    Status st;
    std::vector<std::uint32_t> indexes;
    for (const auto& id : ids) {
        auto index = activities_.index_of(id);
        if (!index || activities_.at(*index).meta.deleted) {
            st.add("", "Activity %s no longer exists.", id);
            continue;
        }
        const Activity& a = activities_.at(*index);
        if (const char* why = transition_refusal(a.type, a.state, state)) {
            st.add("state", why, a.subject);
            continue;
        }
        // same closed state with another reason would still edit a read-only record
        if (is_read_only(a) && a.reason != reason) {
            st.add("state", "Completed and canceled activities are read-only.", a.subject);
            continue;
        }
        if (!reason_valid(a.type, state, reason)) {
            st.add("reason", "The status reason is not valid for this activity type.", a.subject);
            continue;
        }
        indexes.push_back(*index);
    }
    if (!st.ok()) return st;  // all or nothing
    for (auto index : indexes) {
        Activity next = activities_.at(index);
        if (next.state == state && next.reason == reason) continue;
        next.state = state;
        next.reason = reason;
        if (is_closed(state)) next.actual_end = actor.now;
        put(activities_, RecordKind::Activity, std::move(next), actor, false);
    }
    return st;
}

Status Store::assign(std::span<const std::string> ids, const OwnerRef& owner, const Actor& actor) {
    if (owner.empty() || !owner_exists(owner)) return Status::failure("owner", "Choose an existing user or team.");
    Status st;
    for (const auto& id : ids) {
        const Activity* a = activities_.find_live(id);
        if (!a) st.add("", "Activity %s no longer exists.", id);
        else if (is_read_only(*a)) st.add("", "Completed and canceled activities are read-only.", a->subject);
    }
    if (!st.ok()) return st;
    for (const auto& id : ids) {
        Activity next = *activities_.find(id);
        if (next.owner == owner) continue;
        next.owner = owner;
        put(activities_, RecordKind::Activity, std::move(next), actor, false);
    }
    return st;
}

Status Store::delete_activities(std::span<const std::string> ids, const Actor& actor,
                                std::vector<std::string>* removed_attachment_ids) {
    Status st;
    for (const auto& id : ids)
        if (!activities_.find_live(id)) st.add("", "Activity %s no longer exists.", id);
    if (!st.ok()) return st;
    std::unordered_set<std::string_view> doomed;
    for (const auto& id : ids) {
        if (!doomed.insert(id).second) continue;  // the same id twice is deleted once
        Activity next = *activities_.find(id);
        next.meta.deleted = true;
        put(activities_, RecordKind::Activity, std::move(next), actor, false);
    }
    // one pass over the attachments for the whole batch
    for (std::uint32_t i = 0; i < attachments_.size(); ++i) {
        const Attachment& a = attachments_.at(i);
        if (a.meta.deleted || !doomed.contains(a.activity_id)) continue;
        Attachment next = a;
        next.meta.deleted = true;
        if (removed_attachment_ids) removed_attachment_ids->push_back(next.meta.id);
        put(attachments_, RecordKind::Attachment, std::move(next), actor, false);
    }
    return st;
}

std::vector<std::string> Store::series_members(std::string_view master_id) const {
    std::vector<std::string> out;
    if (master_id.empty()) return out;
    for (const Activity& a : activities_.rows())
        if (!a.meta.deleted && a.series_id == master_id) out.push_back(a.meta.id);
    return out;
}

namespace {
// The checks every "this one" command makes on the master and the occurrence date.
Status check_occurrence(const Activity* master, LocalDate date, const TimeZone& zone) {
    if (!master) return Status::failure("", "This activity no longer exists.");
    if (!master->recurrence) return Status::failure("recurrence", "This activity does not repeat.");
    if (is_read_only(*master)) return Status::failure("", "Completed and canceled activities are read-only.");
    auto start = series_start(*master, zone);
    if (!start || !is_rule_date(*master->recurrence, start->date, date))
        return Status::failure("occurrence_date", "The series has no occurrence on %s.", format_iso_date(date));
    if (std::binary_search(master->recurrence->exceptions.begin(), master->recurrence->exceptions.end(), date))
        return Status::failure("occurrence_date", "This occurrence was already changed or removed.");
    if (master->recurrence->exceptions.size() >= kMaxRecurrenceExceptions)
        return Status::failure("recurrence", "a series can have at most %s changed or removed occurrences",
                               std::to_string(kMaxRecurrenceExceptions));
    return {};
}
}  // namespace

Result<std::string> Store::save_occurrence(std::string_view master_id, std::string_view master_rev, LocalDate date,
                                           Activity edited, const TimeZone& zone, const Actor& actor) {
    Result<std::string> result;
    const Activity* master = activities_.find_live(master_id);
    result.status = check_occurrence(master, date, zone);
    if (!result.ok()) return result;
    if (master->meta.rev != master_rev) {
        result.status = Status::failure("", "This activity was changed elsewhere since you opened it. Close and reopen it to see the latest version.");
        return result;
    }
    if (edited.type != master->type) {
        result.status = Status::failure("type", "The type of an existing activity cannot change.");
        return result;
    }
    edited.recurrence.reset();
    edited.series_id = master->meta.id;
    edited.occurrence_date = date;
    Activity next_master = *master;
    add_recurrence_exception(*next_master.recurrence, date);
    // Both are checked before either is stored: all or nothing.
    Activity draft = std::move(edited);
    result.status = prepare_new_activity(draft, master->owner, actor);
    if (!result.ok()) return result;
    result.value = draft.meta.id;
    put(activities_, RecordKind::Activity, std::move(next_master), actor, false);
    put(activities_, RecordKind::Activity, std::move(draft), actor, true);
    return result;
}

Status Store::delete_occurrence(std::string_view master_id, LocalDate date, const TimeZone& zone, const Actor& actor) {
    const Activity* master = activities_.find_live(master_id);
    Status st = check_occurrence(master, date, zone);
    if (!st.ok()) return st;
    Activity next = *master;
    add_recurrence_exception(*next.recurrence, date);
    put(activities_, RecordKind::Activity, std::move(next), actor, false);
    return st;
}

Status Store::update_series(const Activity& edited, const TimeZone& zone, const Actor& actor) {
    const Activity* stored_ptr = activities_.find_live(edited.meta.id);
    if (!stored_ptr) return Status::failure("", "This activity no longer exists.");
    const Activity old = *stored_ptr;  // update_activity replaces the stored copy
    Activity next = edited;
    auto old_start = series_start(old, zone);
    auto new_start = next.recurrence ? series_start(next, zone) : std::nullopt;
    const int shift = old_start && new_start
                          ? static_cast<int>(days_from_civil(new_start->date) - days_from_civil(old_start->date))
                          : 0;
    if (shift != 0 && next.recurrence) {
        for (auto& d : next.recurrence->exceptions) d = add_days(d, shift);
    }
    // The members are checked before anything is stored, so the command is all or nothing.
    std::vector<Activity> members;
    for (const auto& id : series_members(old.meta.id)) {
        Activity m = *activities_.find(id);
        if (is_read_only(m)) {
            if (shift != 0 && m.occurrence_date) {  // a completed occurrence keeps its place in the series
                m.occurrence_date = add_days(*m.occurrence_date, shift);
                members.push_back(std::move(m));
            }
            continue;
        }
        bool changed = false;
        auto follow = [&](auto& field, const auto& was, const auto& now) {
            if (field == was && !(was == now)) field = now, changed = true;
        };
        follow(m.subject, old.subject, next.subject);
        follow(m.description, old.description, next.description);
        follow(m.location, old.location, next.location);
        follow(m.attendees, old.attendees, next.attendees);
        follow(m.priority, old.priority, next.priority);
        follow(m.owner, old.owner, next.owner);
        follow(m.regarding, old.regarding, next.regarding);
        if (shift != 0 && m.occurrence_date) m.occurrence_date = add_days(*m.occurrence_date, shift), changed = true;
        if (!next.recurrence) {  // the series stopped repeating: its members stand alone
            m.series_id.clear();
            m.occurrence_date.reset();
            changed = true;
        }
        if (changed) {
            Status st = validate_activity(m);
            for (auto& e : check_references(m).errors) st.errors.push_back(e);
            if (!st.ok()) return st;
            members.push_back(std::move(m));
        }
    }
    Status st = update_activity(next, actor);
    if (!st.ok()) return st;
    for (auto& m : members) put(activities_, RecordKind::Activity, std::move(m), actor, false);
    return st;
}

Status Store::delete_series(std::string_view master_id, const Actor& actor, std::vector<std::string>* removed_attachment_ids) {
    if (!activities_.find_live(master_id)) return Status::failure("", "This activity no longer exists.");
    std::vector<std::string> ids{std::string(master_id)};
    for (auto& id : series_members(master_id)) ids.push_back(std::move(id));
    return delete_activities(ids, actor, removed_attachment_ids);
}

Result<std::string> Store::create_user(std::string name, std::string email, const Actor& actor) {
    Result<std::string> result;
    auto trim = [](std::string& s) {
        s.erase(0, s.find_first_not_of(" \t"));
        s.erase(s.find_last_not_of(" \t") + 1);
    };
    trim(name);
    trim(email);
    if (name.empty()) result.status.add("name", "Name is required.");
    else if (!utf8_valid(name) || utf8_length(name) > 100) result.status.add("name", "Too long: at most %s characters.", "100");
    if (!email.empty() && !looks_like_email_address(email)) result.status.add("email", "Not a valid email address: %s", email);
    if (!result.ok()) return result;
    User u;
    u.meta.id = new_id();
    u.name = std::move(name);
    u.email = std::move(email);
    result.value = u.meta.id;
    put(users_, RecordKind::User, std::move(u), actor, true);
    return result;
}

Result<std::string> Store::create_team(std::string name, const Actor& actor) {
    Result<std::string> result;
    if (name.find_first_not_of(" \t") == std::string::npos) {
        result.status.add("name", "Name is required.");
        return result;
    }
    Team t;
    t.meta.id = new_id();
    t.name = std::move(name);
    result.value = t.meta.id;
    put(teams_, RecordKind::Team, std::move(t), actor, true);
    return result;
}

Status Store::set_team_member(std::string_view team_id, std::string_view user_id, bool member, const Actor& actor) {
    const Team* t = teams_.find_live(team_id);
    if (!t) return Status::failure("team", "The team does not exist.");
    if (!users_.find_live(user_id)) return Status::failure("user", "The user does not exist.");
    Team next = *t;
    auto it = std::find(next.member_ids.begin(), next.member_ids.end(), user_id);
    if (member == (it != next.member_ids.end())) return {};
    if (member) next.member_ids.emplace_back(user_id);
    else next.member_ids.erase(it);
    put(teams_, RecordKind::Team, std::move(next), actor, false);
    return {};
}

Status Store::put_setting(std::string key, std::string value, const Actor& actor) {
    const Setting* existing = settings_.find(key);
    if (existing && !existing->meta.deleted && existing->value == value) return {};
    Setting s;
    if (existing) s.meta = existing->meta;
    s.meta.id = std::move(key);
    s.meta.deleted = false;
    s.value = std::move(value);
    put(settings_, RecordKind::Setting, std::move(s), actor, existing == nullptr);
    return {};
}

Result<std::string> Store::create_record(AnyRecord record, const Actor& actor) {
    Result<std::string> result;
    std::visit(
        [&](auto& rec) {
            using T = std::decay_t<decltype(rec)>;
            if (rec.meta.id.empty()) rec.meta.id = new_id();
            result.value = rec.meta.id;
            if constexpr (std::is_same_v<T, Activity>) {
                auto r = create_activity(std::move(rec), actor);
                result = r;
            } else if constexpr (std::is_same_v<T, Account>) put(accounts_, RecordKind::Account, std::move(rec), actor, true);
            else if constexpr (std::is_same_v<T, Contact>) put(contacts_, RecordKind::Contact, std::move(rec), actor, true);
            else if constexpr (std::is_same_v<T, Opportunity>) put(opportunities_, RecordKind::Opportunity, std::move(rec), actor, true);
            else if constexpr (std::is_same_v<T, Case>) put(cases_, RecordKind::Case, std::move(rec), actor, true);
            else if constexpr (std::is_same_v<T, User>) put(users_, RecordKind::User, std::move(rec), actor, true);
            else if constexpr (std::is_same_v<T, Team>) put(teams_, RecordKind::Team, std::move(rec), actor, true);
            else if constexpr (std::is_same_v<T, Setting>) put(settings_, RecordKind::Setting, std::move(rec), actor, true);
            else if constexpr (std::is_same_v<T, Attachment>) result = add_attachment(std::move(rec), actor);
            else static_assert(sizeof(T) == 0, "create_record: unhandled record kind");
        },
        record);
    return result;
}

namespace {

template <typename T> struct SavableKind;
template <> struct SavableKind<Account> {
    static constexpr RecordKind kind = RecordKind::Account;
    static Status validate(const Account& r) { return validate_account(r); }
};
template <> struct SavableKind<Contact> {
    static constexpr RecordKind kind = RecordKind::Contact;
    static Status validate(const Contact& r) { return validate_contact(r); }
};
template <> struct SavableKind<Opportunity> {
    static constexpr RecordKind kind = RecordKind::Opportunity;
    static Status validate(const Opportunity& r) { return validate_opportunity(r); }
};
template <> struct SavableKind<Case> {
    static constexpr RecordKind kind = RecordKind::Case;
    static Status validate(const Case& r) { return validate_case(r); }
};

}  // namespace

template <typename T>
Result<std::string> Store::save_customer_record(Table<T>& table, T record, const Actor& actor) {
    Result<std::string> result;
    auto index = record.meta.id.empty() ? std::nullopt : table.index_of(record.meta.id);
    const T* stored = index ? &table.at(*index) : nullptr;
    if (stored) {
        if (stored->meta.deleted) {
            result.status.add("", "This record was deleted.");
            return result;
        }
        if (stored->meta.rev != record.meta.rev) {
            result.status.add("", "This record was changed elsewhere since you opened it. Close and reopen it to see the latest version.");
            return result;
        }
    } else {
        record.meta = RecordMeta{};
        record.meta.id = new_id();
        if (record.owner.empty() && !actor.user_id.empty()) record.owner = {OwnerKind::User, actor.user_id};
    }
    result.status = SavableKind<T>::validate(record);
    for (auto& e : check_record_references(record, stored).errors) result.status.errors.push_back(std::move(e));
    if (!result.ok()) return result;
    if (stored) {
        record.meta.deleted = false;
        record.meta.created_by = stored->meta.created_by;  // creation stamps are not editable
        record.meta.created_at = stored->meta.created_at;
    }
    result.value = record.meta.id;
    put(table, SavableKind<T>::kind, std::move(record), actor, stored == nullptr);
    return result;
}

// A reference must name a live record of the right kind when the record is new or the reference
// was changed. A reference the stored copy already has is accepted as it is even when its target
// was deleted since: editing a contact's phone must not require first clearing a parent account
// someone else deleted (the form shows that reference as deleted).
template <typename T>
Status Store::check_record_references(const T& record, const T* stored) const {
    Status st;
    auto check = [&](const char* field, const std::string& id, const std::string* stored_id, const auto& table,
                     const char* message) {
        if (id.empty() || (stored_id && *stored_id == id)) return;
        if (!table.find_live(id)) st.add(field, message);
    };
    constexpr const char* kNoAccount = N_("The account does not exist or was deleted.");
    constexpr const char* kNoContact = N_("The contact does not exist or was deleted.");
    if constexpr (std::is_same_v<T, Contact>) {
        check("parent_account_id", record.parent_account_id, stored ? &stored->parent_account_id : nullptr, accounts_,
              kNoAccount);
    } else if constexpr (std::is_same_v<T, Opportunity> || std::is_same_v<T, Case>) {
        check("account_id", record.account_id, stored ? &stored->account_id : nullptr, accounts_, kNoAccount);
        check("contact_id", record.contact_id, stored ? &stored->contact_id : nullptr, contacts_, kNoContact);
    }
    if (!record.owner.empty() && !owner_exists(record.owner) && !(stored && stored->owner == record.owner))
        st.add("owner", "The owner does not exist.");
    return st;
}

Result<std::string> Store::save_record(AnyRecord record, const Actor& actor) {
    return std::visit(
        [&](auto& rec) -> Result<std::string> {
            using T = std::decay_t<decltype(rec)>;
            if constexpr (std::is_same_v<T, Account>) return save_customer_record(accounts_, std::move(rec), actor);
            else if constexpr (std::is_same_v<T, Contact>) return save_customer_record(contacts_, std::move(rec), actor);
            else if constexpr (std::is_same_v<T, Opportunity>)
                return save_customer_record(opportunities_, std::move(rec), actor);
            else if constexpr (std::is_same_v<T, Case>) return save_customer_record(cases_, std::move(rec), actor);
            else {
                Result<std::string> refused;
                refused.status.add("", "Only accounts, contacts, opportunities and cases can be saved here.");
                return refused;
            }
        },
        record);
}

Status Store::delete_record(RegardingKind kind, std::string_view id, const Actor& actor) {
    auto tombstone = [&](auto& table, RecordKind record_kind) -> Status {
        const auto* live = table.find_live(id);
        if (!live) return Status::failure("", "Record %s no longer exists.", std::string(id));
        auto next = *live;
        next.meta.deleted = true;
        put(table, record_kind, std::move(next), actor, false);
        return {};
    };
    switch (kind) {
        case RegardingKind::None: break;
        case RegardingKind::Account: return tombstone(accounts_, RecordKind::Account);
        case RegardingKind::Contact: return tombstone(contacts_, RecordKind::Contact);
        case RegardingKind::Opportunity: return tombstone(opportunities_, RecordKind::Opportunity);
        case RegardingKind::Case: return tombstone(cases_, RecordKind::Case);
    }
    return Status::failure("", "Only accounts, contacts, opportunities and cases can be deleted here.");
}

Status Store::check_attachment(const Attachment& attachment) const {
    const Activity* activity = activities_.find_live(attachment.activity_id);
    if (!activity) return Status::failure("activity_id", "The activity does not exist or was deleted.");
    if (activity->type != ActivityType::Note && activity->type != ActivityType::Task &&
        activity->type != ActivityType::Email)
        return Status::failure("activity_id", "Attachments can be added to notes, tasks and emails.");
    if (is_read_only(*activity)) return Status::failure("activity_id", "Completed and canceled activities are read-only.");
    return validate_attachment(attachment);
}

Result<std::string> Store::add_attachment(Attachment attachment, const Actor& actor) {
    Result<std::string> result;
    result.status = check_attachment(attachment);
    if (!result.ok()) return result;
    // The platform stores the bytes first under a fresh UUID and passes it as the id, so the
    // metadata never points at bytes that were not written; otherwise a new id is made here.
    std::string preset = attachment.meta.id;
    attachment.meta = RecordMeta{};
    bool usable = looks_like_uuid(preset) && !attachments_.find(preset);
    attachment.meta.id = usable ? preset : new_id();
    result.value = attachment.meta.id;
    put(attachments_, RecordKind::Attachment, std::move(attachment), actor, true);
    return result;
}

Status Store::remove_attachment(std::string_view attachment_id, const Actor& actor) {
    const Attachment* a = attachments_.find_live(attachment_id);
    if (!a) return Status::failure("", "This attachment no longer exists.");
    // attachments are part of the activity: a completed or canceled one keeps them
    const Activity* activity = activities_.find_live(a->activity_id);
    if (activity && is_read_only(*activity))
        return Status::failure("", "Completed and canceled activities are read-only.", activity->subject);
    Attachment next = *a;
    next.meta.deleted = true;
    put(attachments_, RecordKind::Attachment, std::move(next), actor, false);
    return {};
}

std::size_t Store::clear_customer_data() {
    std::size_t n = activities_.size() + accounts_.size() + contacts_.size() + opportunities_.size() + cases_.size() +
                    attachments_.size();
    activities_.clear();
    attachments_.clear();
    accounts_.clear();
    contacts_.clear();
    opportunities_.clear();
    cases_.clear();
    pending_parents_.clear();
    pending_.clear();  // the snapshot that follows writes everything that is left
    ++version_;
    return n;
}

void Store::load(AnyRecord record) {
    std::visit([&](auto& rec) { table_in<std::decay_t<decltype(rec)>>(*this).upsert(std::move(rec)); }, record);
    ++version_;
}

void Store::put_verbatim(std::span<const AnyRecord> records) {
    for (const auto& any : records)
        std::visit(
            [&](const auto& rec) {
                using T = std::decay_t<decltype(rec)>;
                auto& table = table_in<T>(*this);
                const T* stored = table.find(rec.meta.id);
                pending_parents_.push_back(stored ? stored->meta.rev : std::string());
                pending_.push_back({kind_of(any), table.upsert(rec)});
            },
            any);
    if (!records.empty()) ++version_;
}

std::optional<AnyRecord> Store::find_any(RecordKind kind, std::string_view id) const {
    std::optional<AnyRecord> out;
    visit_table(kind, [&](const auto& table) {
        if (auto i = table.index_of(id)) out = AnyRecord(table.at(*i));
    });
    return out;
}

std::vector<RecordHandle> Store::take_pending_changes(std::vector<std::string>* parent_revs) {
    std::vector<RecordHandle> out;
    out.swap(pending_);
    std::vector<std::string> parents;
    parents.swap(pending_parents_);
    // one entry per record, keeping the order of first change (and the revision before it)
    std::vector<RecordHandle> unique;
    std::unordered_set<std::uint64_t> seen;
    if (parent_revs) parent_revs->clear();
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto& h = out[i];
        if (!seen.insert((static_cast<std::uint64_t>(h.kind) << 32) | h.index).second) continue;
        unique.push_back(h);
        if (parent_revs) parent_revs->push_back(i < parents.size() ? std::move(parents[i]) : std::string());
    }
    return unique;
}

AnyRecord Store::record_at(RecordHandle h) const {
    AnyRecord out = Setting{};
    visit_table(h.kind, [&](const auto& table) { out = table.at(h.index); });
    return out;
}

void Store::for_each_record(const std::function<void(RecordHandle)>& fn) const {
    auto each = [&](const auto& table, RecordKind kind) {
        for (std::uint32_t i = 0; i < table.size(); ++i) fn({kind, i});
    };
    each(users_, RecordKind::User);
    each(teams_, RecordKind::Team);
    each(settings_, RecordKind::Setting);
    each(accounts_, RecordKind::Account);
    each(contacts_, RecordKind::Contact);
    each(opportunities_, RecordKind::Opportunity);
    each(cases_, RecordKind::Case);
    each(activities_, RecordKind::Activity);
    each(attachments_, RecordKind::Attachment);  // after the activities they belong to
}

}  // namespace crm
