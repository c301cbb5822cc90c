#include "sync_engine.hpp"
#include "json_safe.hpp"

#include <algorithm>
#include <cstdio>

#include "base64.hpp"
#include "i18n.hpp"
#include "ids.hpp"
#include "json_codec.hpp"
#include "record_codec.hpp"
#include "sync_detail.hpp"

namespace crm {

namespace sync_detail {

using nlohmann::json;

std::string url_encode(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

json content_of(const json& doc) {
    json out = json::object();
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const std::string& k = it.key();
        if (k.empty() || k[0] == '_' || k == "kind" || k == "id" || k == "rev" || k == "created_by" ||
            k == "created_at" || k == "modified_by" || k == "modified_at")
            continue;
        out[k] = it.value();
    }
    return out;
}

json record_part(const json& doc) {
    json out = doc;
    out.erase("kind");
    return out;
}

AnyRecord with_meta(AnyRecord record, const RecordMeta& meta) {
    std::visit([&](auto& r) { r.meta = meta; }, record);
    return record;
}

std::string http_problem(int status) {
    if (status == 401 || status == 403)
        return tr_args(N_("The sync server refused the user name or password (HTTP %s)."), {std::to_string(status)});
    if (status == 404) return N_("The sync database does not exist and could not be created (HTTP 404).");
    if (status >= 500) return tr_args(N_("The sync server had an error (HTTP %s); retrying."), {std::to_string(status)});
    return tr_args(N_("The sync server answered HTTP %s."), {std::to_string(status)});
}

}  // namespace sync_detail

namespace {

using nlohmann::json;
using namespace sync_detail;

// The browser's fetch layer (web/crm_platform.js) names a failed request with one of these.
[[maybe_unused]] constexpr const char* kNetworkErrors[] = {
    N_("no answer within 60 s"), N_("this device is offline"),
    N_("the server is down, or it does not allow this page's origin (CORS)"), N_("network error")};
std::string network_problem(const std::string& error) {
    return tr(error.empty() ? "network error" : error.c_str());
}

std::string server_without_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

}  // namespace

std::string SyncConfig::server_key() const { return server_without_slash(server_url) + "/" + database; }
std::string SyncConfig::database_url() const { return server_without_slash(server_url) + "/" + url_encode(database); }

Status validate_sync_config(const SyncConfig& c) {
    Status st;
    const std::string& u = c.server_url;
    auto scheme_end = u.find("://");
    if (u.empty()) st.add("server_url", "Enter the sync server's address, for example https://couch.example.com.");
    else if (scheme_end == std::string::npos || (u.compare(0, scheme_end, "http") != 0 && u.compare(0, scheme_end, "https") != 0))
        st.add("server_url", "The server address must start with http:// or https://.");
    else {
        std::string rest = u.substr(scheme_end + 3);
        std::string host = rest.substr(0, rest.find('/'));
        if (host.empty()) st.add("server_url", "The server address has no host name.");
        else if (host.find('@') != std::string::npos)
            st.add("server_url", "Put the user name and password in their own fields, not in the address.");
        else if (rest.find_first_of("?# ") != std::string::npos)
            st.add("server_url", "The server address must not contain spaces, '?' or '#'.");
    }
    const std::string& d = c.database;
    bool db_ok = !d.empty() && d.size() <= 238 && d[0] >= 'a' && d[0] <= 'z';
    for (char ch : d)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || std::string_view("_$()+-/").find(ch) != std::string_view::npos))
            db_ok = false;
    if (!db_ok)
        st.add("database", "A database name starts with a lower-case letter and has only a-z, 0-9 and _ $ ( ) + - /.");
    return st;
}

SyncConfig load_sync_config(const Store& store) {
    return {store.setting(kSettingSyncUrl), store.setting(kSettingSyncDatabase), store.setting(kSettingSyncUser),
            store.setting(kSettingSyncPassword)};
}

const char* sync_phase_name(SyncPhase phase) {
    switch (phase) {
        case SyncPhase::Off: return N_("Not set up");
        case SyncPhase::Idle: return N_("Up to date");
        case SyncPhase::CreateDatabase: return N_("Creating the database");
        case SyncPhase::Pull: return N_("Receiving changes");
        case SyncPhase::FetchBase: return N_("Merging changes");
        case SyncPhase::Push: return N_("Sending changes");
        case SyncPhase::Backoff: return N_("Waiting to retry");
    }
    return "";
}

std::string sync_doc_id(RecordKind kind, const std::string& id) { return std::string(record_kind_json_name(kind)) + ":" + id; }

std::optional<std::pair<RecordKind, std::string>> parse_sync_doc_id(std::string_view doc_id) {
    auto colon = doc_id.find(':');
    if (colon == std::string_view::npos || colon + 1 >= doc_id.size()) return std::nullopt;
    auto kind = record_kind_from_json_name(doc_id.substr(0, colon));
    if (!kind || *kind == RecordKind::Setting) return std::nullopt;
    return std::make_pair(*kind, std::string(doc_id.substr(colon + 1)));
}

// ---- configuration ----

void SyncEngine::configure(const SyncConfig& config, const Actor& actor) {
    apply_settled_pushes();  // they refer to the server configured until now
    store_.put_setting(kSettingSyncUrl, config.server_url, actor);
    store_.put_setting(kSettingSyncDatabase, config.database, actor);
    store_.put_setting(kSettingSyncUser, config.user, actor);
    store_.put_setting(kSettingSyncPassword, config.password, actor);
    if (config.configured() && store_.setting(kSettingSyncServerKey) != config.server_key()) {
        // The revisions we hold belong to another server: forget them. Every record then counts
        // as a local change; pushing it meets 409 where the new server has it, and the pull adopts
        // the server's copy without a conflict when the contents are equal.
        std::vector<AnyRecord> reset;
        store_.for_each_shared_table([&](const auto& table) {
            for (const auto& r : table.rows())
                if (!r.meta.remote_rev.empty() || !r.meta.remote_synced_rev.empty()) {
                    auto copy = r;
                    copy.meta.remote_rev.clear();
                    copy.meta.remote_synced_rev.clear();
                    reset.emplace_back(std::move(copy));
                }
        });
        store_.put_verbatim(reset);
        const auto stale = conflicts();  // a copy: clearing them changes the store
        for (const auto& c : stale) store_.put_setting(kConflictSettingPrefix + c.doc_id, "", actor);
        store_.put_setting(kSettingSyncSince, "", actor);
        store_.put_setting(kSettingSyncLastSynced, "", actor);
        store_.put_setting(kSettingSyncServerKey, config.server_key(), actor);
    }
    config_ = config;
    in_flight_.clear();
    pending_step_ = Step::None;
    batch_.clear();
    batch_ready_ = false;
    pushing_.clear();
    pushing_ids_.clear();
    status_ = {};
    status_.phase = config_.configured() ? SyncPhase::Idle : SyncPhase::Off;
    std::string last = store_.setting(kSettingSyncLastSynced);
    if (!last.empty()) status_.last_synced_at = std::strtoll(last.c_str(), nullptr, 10);
    if (config_.configured()) request_sync(actor.now);
}

void SyncEngine::request_sync(UtcMillis now) {
    if (!config_.configured()) return;
    sync_requested_ = true;
    if (status_.phase == SyncPhase::Backoff) status_.next_attempt_at = now;
}

// ---- the cycle ----

SyncRequest SyncEngine::make_request(Step step, std::string method, std::string path, std::string body) {
    SyncRequest r{next_request_id_++, std::move(method), std::move(path), std::move(body)};
    in_flight_[r.id] = step;
    return r;
}

void SyncEngine::start_cycle() {
    sync_requested_ = false;
    another_round_ = false;
    rounds_ = 0;
    database_known_ = false;
    refused_this_cycle_.clear();
    outgoing_bytes_.clear();
    bytes_read_.clear();
    status_.pulled = status_.pushed = 0;
    status_.skipped = 0;
    status_.skipped_example.clear();
    // Straight to the changes feed: a database that is not there answers 404 and is created then
    // (one round trip a cycle less than asking first, as every cycle after the first finds it).
    pending_step_ = Step::Pull;
}

void SyncEngine::fail(std::string message, UtcMillis now) {
    status_.last_error = std::move(message);
    status_.failures_in_a_row++;
    UtcMillis delay = kSyncFirstBackoff;
    for (int i = 1; i < status_.failures_in_a_row && delay < kSyncMaxBackoff; ++i) delay *= 2;
    status_.next_attempt_at = now + std::min(delay, kSyncMaxBackoff);
    status_.phase = SyncPhase::Backoff;
    pending_step_ = Step::None;
    batch_.clear();  // not applied, and the checkpoint did not move: the next cycle asks again
    batch_ready_ = false;
    bases_.clear();
    bases_to_fetch_.clear();
    files_to_store_.clear();
    // What the server accepted is kept. Answers to pushes still on their way are not waited for:
    // their records stay waiting, and the next cycle's pull finds them on the server (equal
    // contents: adopted) or its push of them changes nothing (as after a reload).
    apply_settled_pushes();
    in_flight_.clear();
    pushing_.clear();
    pushing_ids_.clear();
    outgoing_bytes_.clear();
    bytes_read_.clear();
}

void SyncEngine::finish_cycle(const Actor& actor) {
    apply_settled_pushes();  // none while no push is on its way; kept for safety
    if (another_round_ && rounds_ < 3) {
        // A push met a newer server copy: take it (merge) and push the result.
        ++rounds_;
        another_round_ = false;
        refused_this_cycle_.clear();
        pending_step_ = Step::Pull;
        return;
    }
    pending_step_ = Step::None;
    status_.phase = SyncPhase::Idle;
    status_.failures_in_a_row = 0;
    status_.last_synced_at = actor.now;
    status_.next_attempt_at = actor.now + kSyncInterval;
    if (refused_this_cycle_.empty()) status_.last_error.clear();
    // Stored (for the status after a reload) when the cycle moved data or every 10 minutes: each
    // store change invalidates the views' caches, which is not worth it for a clock tick.
    std::string stored = store_.setting(kSettingSyncLastSynced);
    UtcMillis stored_at = stored.empty() ? 0 : std::strtoll(stored.c_str(), nullptr, 10);
    if (status_.pulled || status_.pushed || actor.now - stored_at > 10 * 60'000)
        store_.put_setting(kSettingSyncLastSynced, std::to_string(actor.now), actor);
    version_after_cycle_ = store_.version();
}

std::optional<SyncRequest> SyncEngine::next_request(const Actor& actor) {
    if (!config_.configured()) return std::nullopt;
    if (!in_flight_.empty()) return next_pipelined(actor);
    if (pending_step_ == Step::None) {
        bool local_edit = status_.phase == SyncPhase::Idle && store_.version() != version_after_cycle_ &&
                          changes_waiting() > conflicts().size();
        if (!sync_requested_ && !local_edit && actor.now < status_.next_attempt_at) return std::nullopt;
        start_cycle();
    }
    for (;;) {
        switch (pending_step_) {
            case Step::None: return std::nullopt;
            case Step::CreateDatabase:
                status_.phase = SyncPhase::CreateDatabase;
                return make_request(Step::CreateDatabase, "PUT", "", "");
            case Step::Pull: {
                status_.phase = SyncPhase::Pull;
                std::string stored = store_.setting(kSettingSyncSince);
                return make_request(Step::Pull, "GET", changes_path(stored.empty() ? json(0) : parse_untrusted_json(stored)), "");
            }
            case Step::FetchBase:
                status_.phase = SyncPhase::FetchBase;
                if (auto r = next_base_fetch()) return r;
                pending_step_ = Step::WriteBytes;
                continue;
            case Step::WriteBytes:
                // Attachment files of the batch are stored before the records that point at them.
                if (auto r = next_file_write()) return r;
                if (batch_full_ && !batch_ready_) {
                    // The next page is asked for before this one is applied, so the server prepares
                    // it meanwhile; this one is applied while that request is on its way (at the
                    // latest when its answer arrives). The checkpoint still moves with the data.
                    batch_ready_ = true;
                    return make_request(Step::Pull, "GET", changes_path(batch_last_seq_), "");
                }
                commit_pull_batch(actor);
                continue;
            case Step::ReadBytes:
            case Step::Push:
                status_.phase = SyncPhase::Push;
                if (auto r = next_bytes_read()) return r;
                if (auto r = next_push(actor)) return r;
                finish_cycle(actor);
                continue;
        }
    }
}

void SyncEngine::on_response(std::uint64_t request_id, const SyncResponse& response, const Actor& actor) {
    auto flying = in_flight_.find(request_id);
    if (flying == in_flight_.end()) return;  // an answer to a request from before configure() or a failure
    Step step = flying->second;
    in_flight_.erase(flying);
    if (response.status == 0) {
        fail(tr_args(N_("Cannot reach the sync server (%s). Changes stay on this device and are sent when it can be reached."),
                     {network_problem(response.network_error)}),
             actor.now);
        return;
    }
    switch (step) {
        case Step::CreateDatabase:
            // 412: someone else created it meanwhile.
            if (response.status == 201 || response.status == 202 || response.status == 412) {
                database_known_ = true;
                pending_step_ = Step::Pull;
            } else {
                fail(http_problem(response.status), actor.now);
            }
            return;
        case Step::Pull:
            // 404 to the cycle's first feed request: no database of that name yet (once only: a
            // database that is still missing after it was created is the server's problem).
            if (response.status == 404 && !database_known_) {
                database_known_ = true;
                pending_step_ = Step::CreateDatabase;
                return;
            }
            if (response.status != 200) return fail(http_problem(response.status), actor.now);
            database_known_ = true;
            handle_changes(response, actor);
            return;
        case Step::FetchBase: {
            // The answer is the base document, or 404 when the server no longer has that revision
            // (compacted): then the base is unknown and every differing field is a conflict.
            std::string doc_id = bases_to_fetch_.empty() ? std::string() : bases_to_fetch_.front();
            if (!bases_to_fetch_.empty()) bases_to_fetch_.erase(bases_to_fetch_.begin());
            if (response.status == 200) {
                json doc = parse_untrusted_json(response.body);
                bases_[doc_id] = doc.is_object() ? record_part(doc) : json(nullptr);
            } else if (response.status == 404) {
                bases_[doc_id] = nullptr;
            } else {
                return fail(http_problem(response.status), actor.now);
            }
            pending_step_ = Step::FetchBase;
            return;
        }
        case Step::WriteBytes:
            if (response.status != 200)
                return fail(tr_args(N_("An attachment file from the sync server could not be stored on this device (%s); retrying."),
                                    {response.network_error}),
                            actor.now);
            if (!files_to_store_.empty()) files_to_store_.erase(files_to_store_.begin());
            pending_step_ = Step::WriteBytes;
            return;
        case Step::ReadBytes: {
            // 404: this device has no bytes for it (they were never stored here); the record goes
            // without them rather than never.
            if (response.status == 200) outgoing_bytes_[reading_bytes_of_] = response.body;
            pending_step_ = Step::Push;
            return;
        }
        case Step::Push:
            if (response.status != 201 && response.status != 200) return fail(http_problem(response.status), actor.now);
            handle_push(request_id, response, actor);
            return;
        case Step::None: return;
    }
}

// ---- status and conflicts ----

std::size_t SyncEngine::changes_waiting() const {
    if (waiting_version_ == store_.version()) return waiting_;
    std::size_t n = 0;
    store_.for_each_shared_table([&](const auto& table) {
        for (const auto& r : table.rows()) n += r.meta.has_unsynced_changes() ? 1 : 0;
    });
    waiting_ = n;
    waiting_version_ = store_.version();
    return n;
}

const std::vector<ConflictRecord>& SyncEngine::conflicts() const {
    // Asked several times a frame (navigation, status bar, page, the engine itself): decoded once
    // per store change.
    if (conflicts_version_ == store_.version()) return conflicts_;
    conflicts_.clear();
    for (const auto& s : store_.settings().rows())
        if (!s.meta.deleted && !s.value.empty() && s.meta.id.rfind(kConflictSettingPrefix, 0) == 0)
            if (auto c = decode_conflict(s.value)) conflicts_.push_back(std::move(*c));
    std::sort(conflicts_.begin(), conflicts_.end(), [](const auto& a, const auto& b) { return a.detected_at < b.detected_at; });
    conflicts_version_ = store_.version();
    return conflicts_;
}

Status SyncEngine::resolve_conflict(const std::string& doc_id, const std::vector<std::string>& take_remote, const Actor& actor) {
    auto c = decode_conflict(store_.setting(kConflictSettingPrefix + doc_id));
    auto parsed = parse_sync_doc_id(doc_id);
    if (!c || !parsed) return Status::failure("", "This conflict was already settled.");
    auto local = store_.find_any(parsed->first, parsed->second);
    if (!local) return Status::failure("", "The record of this conflict no longer exists.");
    json resolved = resolve_conflicts(record_to_json(*local), c->fields, take_remote);
    Result<AnyRecord> rec = record_from_json(parsed->first, resolved, doc_id);
    if (!rec.ok()) return rec.status;
    RecordMeta m = meta_of(*local);
    m.modified_by = actor.user_id;
    m.modified_at = actor.now;
    AnyRecord out = with_meta(rec.value, m);
    meta_of(out).rev = next_revision(m.rev, content_hash(out));
    store_.put_verbatim(std::vector<AnyRecord>{out});
    store_.put_setting(kConflictSettingPrefix + doc_id, "", actor);
    request_sync(actor.now);
    return {};
}

}  // namespace crm
