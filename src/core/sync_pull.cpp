// The pull half of a sync cycle: the changes feed in pages, the bases of records changed on both
// sides, incoming attachment files, and applying a page (merging where both sides changed).
#include "sync_engine.hpp"
#include "json_safe.hpp"

#include <algorithm>

#include "base64.hpp"
#include "i18n.hpp"
#include "ids.hpp"
#include "json_codec.hpp"
#include "record_codec.hpp"
#include "sync_detail.hpp"

namespace crm {

using nlohmann::json;
using namespace sync_detail;

std::string SyncEngine::changes_path(const json& since) const {
    std::string s = "0";
    if (since.is_string()) s = url_encode(since.get<std::string>());
    else if (since.is_number()) s = json_dump(since);
    return "_changes?style=main_only&include_docs=true&attachments=true&limit=" + std::to_string(kSyncPullBatch) + "&since=" + s;
}

void SyncEngine::handle_changes(const SyncResponse& response, const Actor& actor) {
    if (batch_ready_) apply_pull_batch(actor);  // the page before this one, if still waiting
    // Bounded depth: the feed's values are copied and dumped, which recurse once per level, so
    // a server's "JSON bomb" overflowed the stack (found by tests/fuzz/sync_fuzz.cpp).
    json feed = parse_untrusted_json(response.body);
    if (!feed.is_object() || !feed.contains("results") || !feed["results"].is_array() || !feed.contains("last_seq"))
        return fail(tr(N_("The sync server sent a changes feed this app cannot read.")), actor.now);
    batch_.clear();
    bases_.clear();
    bases_to_fetch_.clear();
    files_to_store_.clear();
    const auto& results = feed["results"];
    batch_full_ = results.size() >= kSyncPullBatch;
    batch_last_seq_ = feed["last_seq"];
    for (const auto& change : results) {
        if (!change.is_object() || !change.contains("id") || !change["id"].is_string()) continue;
        std::string doc_id = change["id"].get<std::string>();
        if (doc_id.rfind("_design/", 0) == 0) continue;
        auto parsed = parse_sync_doc_id(doc_id);
        if (!parsed) {
            if (status_.skipped++ == 0) status_.skipped_example = doc_id + ": not a document of this app";
            continue;
        }
        PulledDoc p{parsed->first, parsed->second, json_member(change, "doc"), false};
        p.server_deleted = json_bool(change, "deleted") || json_bool(p.doc, "_deleted");
        if (!p.doc.is_object() || !p.doc.contains("_rev") || !p.doc["_rev"].is_string()) {
            if (status_.skipped++ == 0) status_.skipped_example = doc_id + ": the feed did not include the document";
            continue;
        }
        // An attachment's file travels inline; keep it unless it is our own push coming back.
        if (p.kind == RecordKind::Attachment && !p.server_deleted) {
            auto local = store_.find_any(p.kind, p.id);
            std::string data = json_string(json_member(json_member(p.doc, "_attachments"), "file"), "data");
            if (!data.empty() && (!local || meta_of(*local).remote_rev != json_string(p.doc, "_rev"))) {
                if (auto bytes = base64_decode(data))
                    files_to_store_.push_back({p.id, json_string(p.doc, "file_name"), json_string(p.doc, "mime_type"), std::move(*bytes)});
                else if (status_.skipped++ == 0)
                    status_.skipped_example = doc_id + ": the attached file is not valid base64";
            }
        }
        // A base is needed where both sides changed the record since they last agreed.
        if (!p.server_deleted) {
            if (auto local = store_.find_any(p.kind, p.id)) {
                const RecordMeta& m = meta_of(*local);
                std::string remote_rev = p.doc["_rev"].get<std::string>();
                if (m.has_unsynced_changes() && !m.remote_rev.empty() && m.remote_rev != remote_rev &&
                    content_of(record_to_json(*local)) != content_of(p.doc))
                    bases_to_fetch_.push_back(doc_id);
            }
        }
        batch_.push_back(std::move(p));
    }
    pending_step_ = Step::FetchBase;
}

std::optional<SyncRequest> SyncEngine::next_base_fetch() {
    if (bases_to_fetch_.empty()) return std::nullopt;
    const std::string& doc_id = bases_to_fetch_.front();
    auto parsed = parse_sync_doc_id(doc_id);
    auto local = parsed ? store_.find_any(parsed->first, parsed->second) : std::nullopt;
    if (!local) {  // gone meanwhile: nothing to merge
        bases_to_fetch_.erase(bases_to_fetch_.begin());
        return next_base_fetch();
    }
    return make_request(Step::FetchBase, "GET", url_encode(doc_id) + "?rev=" + url_encode(meta_of(*local).remote_rev), "");
}

std::optional<SyncRequest> SyncEngine::next_file_write() {
    if (files_to_store_.empty()) return std::nullopt;
    const IncomingFile& f = files_to_store_.front();
    SyncRequest r = make_request(Step::WriteBytes, kWriteBytes, f.attachment_id, f.bytes);
    r.file_name = f.file_name;
    r.mime_type = f.mime_type;
    return r;
}

// Attachments whose document goes to the server for the first time: their file goes with it.
void SyncEngine::commit_pull_batch(const Actor& actor) {
    bool full = batch_full_;
    apply_pull_batch(actor);
    pending_step_ = full ? Step::Pull : Step::Push;
}

void SyncEngine::apply_pull_batch(const Actor& actor) {
    batch_ready_ = false;
    std::vector<AnyRecord> writes;
    for (const auto& p : batch_) apply_pulled(p, writes, actor);
    store_.put_verbatim(writes);
    // The checkpoint goes into the same store change as the records: both are written or neither.
    store_.put_setting(kSettingSyncSince, json_dump(batch_last_seq_), actor);
    status_.pulled += writes.size();
    batch_.clear();
    bases_.clear();
}

void SyncEngine::apply_pulled(const PulledDoc& p, std::vector<AnyRecord>& writes, const Actor& actor) {
    const std::string doc_id = sync_doc_id(p.kind, p.id);
    const std::string remote_rev = p.doc["_rev"].get<std::string>();
    auto local = store_.find_any(p.kind, p.id);
    if (local && meta_of(*local).remote_rev == remote_rev) return;  // our own push coming back

    if (p.server_deleted) {
        // Deleted on the server by another client (this app keeps tombstones as documents).
        if (!local || meta_of(*local).has_unsynced_changes() || meta_of(*local).deleted) return;
        RecordMeta m = meta_of(*local);
        m.deleted = true;
        m.rev = next_revision(m.rev, content_hash(with_meta(*local, m)));
        m.remote_rev = remote_rev;
        m.remote_synced_rev = m.rev;
        writes.push_back(with_meta(*local, m));
        return;
    }

    json remote = record_part(p.doc);
    Result<AnyRecord> read = record_from_json(p.kind, remote, doc_id);
    if (read.ok() && meta_of(read.value).id != p.id)
        read.status.add(doc_id + ".id", "does not match the document id");
    if (!read.ok()) {
        if (status_.skipped++ == 0) {
            const auto& e = read.status.errors.front();
            status_.skipped_example = e.field + ": " + e.message;
        }
        return;
    }
    AnyRecord incoming = std::move(read.value);
    RecordMeta& in = meta_of(incoming);
    if (in.rev.empty()) in.rev = remote_rev;
    in.remote_rev = remote_rev;
    in.remote_synced_rev = in.rev;

    if (!local || !meta_of(*local).has_unsynced_changes()) {  // nothing of ours to keep: take it
        writes.push_back(std::move(incoming));
        return;
    }
    const RecordMeta lm = meta_of(*local);
    json local_json = record_to_json(*local);
    if (content_of(local_json) == content_of(remote)) {  // the same edit on both sides (or our push)
        RecordMeta m = lm;
        m.remote_rev = remote_rev;
        m.remote_synced_rev = m.rev;
        writes.push_back(with_meta(*local, m));
        return;
    }

    auto base_it = bases_.find(doc_id);
    json base = base_it != bases_.end() ? base_it->second : json(nullptr);
    MergeOutcome merge = merge_record_fields(base, local_json, remote);
    Result<AnyRecord> merged = record_from_json(p.kind, merge.merged, doc_id);
    if (!merged.ok()) {
        // The field-by-field result breaks a rule (two edits that are only valid apart): the user
        // decides every field that differs.
        merge = merge_record_fields(nullptr, local_json, remote);
        merged = record_from_json(p.kind, merge.merged, doc_id);
        if (!merged.ok()) return;  // cannot happen: merge.merged is the local record
    }
    // Conflicts found earlier and not settled yet stay listed, with the newest remote value.
    std::string conflict_key = kConflictSettingPrefix + doc_id;
    if (auto earlier = decode_conflict(store_.setting(conflict_key))) {
        for (const auto& f : earlier->fields) {
            bool listed = std::any_of(merge.conflicts.begin(), merge.conflicts.end(), [&](const FieldConflict& c) { return c.field == f.field; });
            json l = merge_field_value(local_json, f.field), r = merge_field_value(remote, f.field);
            if (!listed && l != r) merge.conflicts.push_back({f.field, l, r});
        }
    }
    RecordMeta m = meta_of(merged.value);
    m.created_by = lm.created_by;
    m.created_at = lm.created_at;
    m.rev = next_revision(lm.rev, content_hash(merged.value));
    m.remote_rev = remote_rev;                   // the push that follows builds on the server's copy
    m.remote_synced_rev = lm.remote_synced_rev;  // and there is a local change to push
    if (m.remote_synced_rev == m.rev) m.remote_synced_rev.clear();
    writes.push_back(with_meta(merged.value, m));
    if (!merge.conflicts.empty())
        store_.put_setting(conflict_key, encode_conflict({doc_id, remote_rev, actor.now, merge.conflicts}), actor);
}

}  // namespace crm
