// The push half of a sync cycle: the documents sent, attachment files read for them, the
// _bulk_docs batches (pipelined) and what their answers settle.
#include "sync_engine.hpp"
#include "json_safe.hpp"

#include <algorithm>

#include "base64.hpp"
#include "i18n.hpp"
#include "json_codec.hpp"
#include "record_codec.hpp"
#include "sync_detail.hpp"

namespace crm {

using nlohmann::json;
using namespace sync_detail;

json sync_document(const AnyRecord& record) {
    json doc = record_to_json(record);
    const RecordMeta& m = meta_of(record);
    doc["_id"] = sync_doc_id(kind_of(record), m.id);
    doc["kind"] = record_kind_json_name(kind_of(record));
    if (!m.remote_rev.empty()) doc["_rev"] = m.remote_rev;
    return doc;
}

void append_sync_document(const AnyRecord& record, const std::string* file_bytes, std::string& out, PushRevision revision) {
    std::visit([&](const auto& r) { append_record_json(r, out); }, record);
    // The record's object always has "id"; the sync keys go in before its closing brace.
    out.pop_back();
    const RecordMeta& m = meta_of(record);
    out += ",\"_id\":";
    append_json_string(sync_doc_id(kind_of(record), m.id), out);
    out += ",\"kind\":";
    append_json_string(record_kind_json_name(kind_of(record)), out);
    const std::string& rev = revision == PushRevision::Own ? m.rev : m.remote_rev;
    if (!rev.empty()) {
        out += ",\"_rev\":";
        append_json_string(rev, out);
    }
    if (file_bytes) {
        const auto* a = std::get_if<Attachment>(&record);
        out += ",\"_attachments\":{\"file\":{\"content_type\":";
        append_json_string(a && !a->mime_type.empty() ? a->mime_type : "application/octet-stream", out);
        out += ",\"data\":\"";
        out += base64_encode(*file_bytes);
        out += "\"}}";
    }
    out += '}';
}

std::vector<const Attachment*> SyncEngine::attachments_to_push() const {
    std::vector<const Attachment*> out;
    for (const auto& a : store_.attachments().rows())
        if (a.meta.has_unsynced_changes() && a.meta.remote_rev.empty() && !a.meta.deleted &&
            !refused_this_cycle_.count(sync_doc_id(RecordKind::Attachment, a.meta.id)))
            out.push_back(&a);
    return out;
}

std::optional<SyncRequest> SyncEngine::next_bytes_read() {
    std::uint64_t loaded = 0;
    for (const auto& [id, bytes] : outgoing_bytes_) loaded += bytes.size();
    if (loaded >= kSyncPushBytes) return std::nullopt;
    for (const Attachment* a : attachments_to_push()) {
        if (bytes_read_.count(a->meta.id)) continue;
        bytes_read_.insert(a->meta.id);
        reading_bytes_of_ = a->meta.id;
        return make_request(Step::ReadBytes, kReadBytes, a->meta.id, "");
    }
    return std::nullopt;
}

// ---- push ----

// A record goes as a new document under its own revision (`new_edits:false`) when the server
// cannot hold a document of its id: it has no server revision, and the pull that precedes every
// push of a cycle read the server's feed to its end without finding one (a document of that id
// would have been taken or merged, leaving a server revision here). Ids are UUIDs, so the only
// other writer of the same id would be another device holding the same never-synced record (the
// same import file), and only in the moments between that pull and this push.
// The server then skips what a normal edit costs it (a revision to compute, its revision check),
// and a push resent after a lost answer is a no-op rather than a 409 and another round.
// Attachments keep the checked path (their files are large and rare); a revision that is not
// CouchDB's "<generation>-<hash>" form too.
bool SyncEngine::pushes_as_new(const RecordMeta& m, RecordKind kind) const {
    if (!m.remote_rev.empty() || kind == RecordKind::Attachment) return false;
    std::size_t dash = m.rev.find('-');
    if (dash == 0 || dash == std::string::npos || dash + 1 == m.rev.size()) return false;
    for (std::size_t i = 0; i < dash; ++i)
        if (m.rev[i] < '0' || m.rev[i] > '9') return false;
    return true;
}

// One batch: first the records that go as new documents, then (when none are left) the edits
// checked against the server's revision, so each request is one kind.
std::optional<SyncRequest> SyncEngine::next_push(const Actor&) {
    std::set<std::string> blocked;
    for (const auto& c : conflicts()) blocked.insert(c.doc_id);
    for (bool as_new : {true, false}) {
        PushBatch batch;
        batch.as_new = as_new;
        std::string body = as_new ? "{\"new_edits\":false,\"docs\":[" : "{\"docs\":[";
        store_.for_each_shared_table([&](const auto& table) {
            for (const auto& r : table.rows()) {
                if (batch.records.size() >= kSyncPushBatch) return;
                if (!r.meta.has_unsynced_changes()) continue;
                AnyRecord any(r);
                if (pushes_as_new(r.meta, kind_of(any)) != as_new) continue;
                std::string doc_id = sync_doc_id(kind_of(any), r.meta.id);
                if (blocked.count(doc_id) || refused_this_cycle_.count(doc_id) || pushing_ids_.count(doc_id)) continue;
                const std::string* file = nullptr;
                if (const auto* a = std::get_if<Attachment>(&any); a && a->meta.remote_rev.empty() && !a->meta.deleted) {
                    if (!bytes_read_.count(a->meta.id)) continue;  // its file is read first (next_bytes_read)
                    auto bytes = outgoing_bytes_.find(a->meta.id);
                    if (bytes != outgoing_bytes_.end()) file = &bytes->second;
                }
                if (!batch.records.empty()) body += ',';
                append_sync_document(any, file, body, as_new ? PushRevision::Own : PushRevision::Server);
                batch.records.push_back({kind_of(any), r.meta.id, r.meta.rev});
                pushing_ids_.insert(std::move(doc_id));
            }
        });
        if (batch.records.empty()) continue;
        body += "]}";
        SyncRequest request = make_request(Step::Push, "POST", "_bulk_docs", std::move(body));
        pushing_[request.id] = std::move(batch);
        return request;
    }
    return std::nullopt;
}

// While a request is on its way: a pulled page waiting for the next one's answer is applied, and
// while pushes are on their way the next batch may go too; anything else waits for the answers
// (a pull or a file read must see the store as the answers leave it).
std::optional<SyncRequest> SyncEngine::next_pipelined(const Actor& actor) {
    if (batch_ready_) {
        apply_pull_batch(actor);
        return std::nullopt;
    }
    if (pending_step_ != Step::Push || in_flight_.size() >= kSyncPushesInFlight) return std::nullopt;
    for (const auto& [id, step] : in_flight_)
        if (step != Step::Push) return std::nullopt;
    return next_push(actor);
}

void SyncEngine::handle_push(std::uint64_t request_id, const SyncResponse& response, const Actor& actor) {
    PushBatch batch;
    if (auto it = pushing_.find(request_id); it != pushing_.end()) {
        batch = std::move(it->second);
        pushing_.erase(it);
    }
    const std::vector<PushedRecord>& pushed = batch.records;
    json answers = parse_untrusted_json(response.body);
    if (!answers.is_array()) return fail(tr(N_("The sync server's answer to a push could not be read.")), actor.now);
    std::map<std::string, const json*> by_id;
    for (const auto& a : answers)
        if (a.is_object() && a.contains("id") && a["id"].is_string()) by_id[a["id"].get<std::string>()] = &a;
    for (const auto& p : pushed) {
        std::string doc_id = sync_doc_id(p.kind, p.id);
        auto it = by_id.find(doc_id);
        // With new_edits:false CouchDB lists only the documents it refused; the others now hold
        // the revision sent.
        if (it == by_id.end() && !batch.as_new) {
            refused_this_cycle_.insert(doc_id);  // no answer for it: try again next cycle
            pushing_ids_.erase(doc_id);
            continue;
        }
        const json* a = it == by_id.end() ? nullptr : it->second;
        std::string accepted_rev = batch.as_new ? p.local_rev : json_string(*a, "rev");
        bool accepted = batch.as_new ? !a || !a->contains("error") : json_bool(*a, "ok") && !accepted_rev.empty();
        if (accepted) {
            settled_.push_back({p.kind, p.id, std::move(accepted_rev), p.local_rev});  // stays in pushing_ids_ until applied
            status_.pushed++;
        } else {
            refused_this_cycle_.insert(doc_id);
            pushing_ids_.erase(doc_id);
            std::string error = json_string(*a, "error", "unknown");
            if (error == "conflict") another_round_ = true;
            else status_.last_error = tr_args(N_("The sync server refused %s: %s %s"), {doc_id, error, json_string(*a, "reason")});
        }
    }
    for (const auto& p : pushed) outgoing_bytes_.erase(p.id);
    if (pushing_.empty() || settled_.size() >= kSyncPushSettleEvery) apply_settled_pushes();
    pending_step_ = Step::Push;
}

// What the server accepted becomes the records' sync bookkeeping in one store change for several
// batches: each store change is a durable write and a rebuild of the views on the next drawn
// frame, work the browser would otherwise do beside the server during the push. Applied at the
// latest when no push is on its way (before a pull, the end of the cycle, a failure), so a pull
// never sees them unsettled; lost by a reload, they come back from the server on the next pull
// (our own revision, equal contents).
void SyncEngine::apply_settled_pushes() {
    if (settled_.empty()) return;
    std::vector<AnyRecord> writes;
    writes.reserve(settled_.size());
    for (auto& s : settled_) {
        pushing_ids_.erase(sync_doc_id(s.kind, s.id));
        auto local = store_.find_any(s.kind, s.id);
        if (!local) continue;
        RecordMeta m = meta_of(*local);
        m.remote_rev = std::move(s.remote_rev);
        m.remote_synced_rev = std::move(s.local_rev);  // edits made while the push was on its way stay waiting
        writes.push_back(with_meta(std::move(*local), m));
    }
    settled_.clear();
    store_.put_verbatim(writes);
}

}  // namespace crm
