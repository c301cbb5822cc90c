#include "integrity_check.hpp"

#include <algorithm>
#include <set>

#include "persistence.hpp"  // log_entry_records
#include "record_codec.hpp"

namespace crm {

bool revision_well_formed(std::string_view rev) {
    auto dash = rev.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 >= rev.size()) return false;
    if (rev[0] == '0') return false;
    for (std::size_t i = 0; i < dash; ++i)
        if (rev[i] < '0' || rev[i] > '9') return false;
    for (std::size_t i = dash + 1; i < rev.size(); ++i) {
        char c = rev[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    }
    return true;
}

void IntegrityCheck::check_record(const AnyRecord& record, const std::string& where) {
    const RecordMeta& m = meta_of(record);
    if (m.id.empty()) report_.problems.push_back(where + ": a record without an id");
    if (!revision_well_formed(m.rev))
        report_.problems.push_back(where + ": record " + m.id + " has a malformed revision \"" + m.rev + "\"");
}

void IntegrityCheck::add_chunk(std::string_view bytes) {
    std::string where = "snapshot chunk " + std::to_string(report_.chunks);
    ++report_.chunks;
    auto decoded = decode_records(bytes, [&](AnyRecord&& r) {
        check_record(r, where);
        Key key{kind_of(r), meta_of(r).id};
        if (snapshot_image_.count(key)) report_.problems.push_back(where + ": record " + key.second + " is stored twice in the snapshot");
        snapshot_image_.insert_or_assign(std::move(key), std::move(r));
    });
    report_.records += decoded.records;
    for (auto& e : decoded.errors) report_.problems.push_back(where + ", " + e);
}

void IntegrityCheck::add_log_entry(std::uint64_t seq, std::string_view bytes) { log_.emplace_back(seq, std::string(bytes)); }

IntegrityReport IntegrityCheck::finish() {
    std::map<Key, AnyRecord> image = std::move(snapshot_image_);
    std::sort(log_.begin(), log_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < log_.size(); ++i) {
        if (i > 0 && log_[i].first == log_[i - 1].first)
            report_.problems.push_back("change log entry " + std::to_string(log_[i].first) + " is stored twice");
        std::string where = "change log entry " + std::to_string(log_[i].first);
        std::set<Key> in_entry;
        auto decoded = decode_records(log_entry_records(log_[i].second), [&](AnyRecord&& r) {  // records, without the parents' trailer
            check_record(r, where);
            Key key{kind_of(r), meta_of(r).id};
            if (!in_entry.insert(key).second) report_.problems.push_back(where + ": record " + key.second + " appears twice");
            image.insert_or_assign(std::move(key), std::move(r));
        });
        report_.records += decoded.records;
        for (auto& e : decoded.errors) report_.problems.push_back(where + ", " + e);
    }
    report_.log_entries = log_.size();
    report_.distinct = image.size();

    auto exists = [&](RecordKind kind, const std::string& id) { return image.count(Key{kind, id}) > 0; };
    auto need = [&](const RecordMeta& m, RecordKind kind, const std::string& id, const char* what) {
        if (!id.empty() && !exists(kind, id))
            report_.problems.push_back("record " + m.id + ": its " + std::string(what) + " " + id + " does not exist");
    };
    auto need_owner = [&](const RecordMeta& m, const OwnerRef& owner) {
        need(m, owner.kind == OwnerKind::Team ? RecordKind::Team : RecordKind::User, owner.id, "owner");
    };
    for (const auto& [key, record] : image) {
        std::visit(
            [&](const auto& r) {
                using T = std::decay_t<decltype(r)>;
                if constexpr (std::is_same_v<T, Activity>) {
                    if (!r.regarding.empty()) need(r.meta, record_kind_of(r.regarding.kind), r.regarding.id, "Regarding record");
                    need_owner(r.meta, r.owner);
                } else if constexpr (std::is_same_v<T, Account>) {
                    need_owner(r.meta, r.owner);
                } else if constexpr (std::is_same_v<T, Contact>) {
                    need(r.meta, RecordKind::Account, r.parent_account_id, "parent account");
                    need_owner(r.meta, r.owner);
                } else if constexpr (std::is_same_v<T, Opportunity> || std::is_same_v<T, Case>) {
                    need(r.meta, RecordKind::Account, r.account_id, "account");
                    need(r.meta, RecordKind::Contact, r.contact_id, "contact");
                    need_owner(r.meta, r.owner);
                } else if constexpr (std::is_same_v<T, Team>) {
                    for (const auto& u : r.member_ids) need(r.meta, RecordKind::User, u, "member");
                } else if constexpr (std::is_same_v<T, Attachment>) {
                    need(r.meta, RecordKind::Activity, r.activity_id, "activity");
                }
            },
            record);
    }
    IntegrityReport out = std::move(report_);
    *this = IntegrityCheck{};
    return out;
}

}  // namespace crm
