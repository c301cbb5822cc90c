// What happens when storage misbehaves under the running app, and the hooks that check it:
// unreadable stored values (kept in the 'quarantine' object store, listed in Settings, offered
// as a download, discarded when the user says so), the database blocked by an older version in
// another tab, the database cleared or deleted while the app runs (everything in memory is
// written again as a full snapshot), and the integrity check of what is stored (window.crmCheckStoredData, see web/crm_platform.js).
// Test builds also get two small hooks for the crash test: an edit through the store's commands
// (the same path the dialogs use: command, change queue, Persistence, IndexedDB) and a lookup.
#include <emscripten.h>

#include <cstdlib>
#include <cstring>

#include "core/data_file.hpp"
#include "core/i18n.hpp"
#include "core/integrity_check.hpp"
#include "core/json_codec.hpp"
#include "core/locale_format.hpp"
#include "platform.hpp"
#include "ui/views.hpp"
#include "web_app.hpp"

extern "C" {
void crm_js_storage_quarantine(const char* key, const char* where, const char* error, const char* bytes, int len);
void crm_js_storage_discard_quarantine_with_next_snapshot();
void crm_js_download_bytes(const char* bytes, int len, const char* name, const char* type);
}

namespace crm {
namespace {

std::vector<QuarantinedBytes> g_kept;  // what the quarantine store held at start
IntegrityCheck g_check;
bool g_storage_lost = false;

void send_to_quarantine(const QuarantinedBytes& q) {
    crm_js_storage_quarantine(q.key.c_str(), q.where.c_str(), q.error.c_str(), q.bytes.data(), static_cast<int>(q.bytes.size()));
}

}  // namespace

void settle_quarantine(WebApp& w) {
    LoadReport& report = w.app.load_report;
    // newly found damage goes to the quarantine store before anything else is written
    for (const auto& q : report.quarantined) {
        bool known = false;
        for (const auto& k : g_kept) known |= k.key == q.key;
        if (!known) send_to_quarantine(q);
    }
    for (auto& k : g_kept) {
        bool listed = false;
        for (const auto& q : report.quarantined) listed |= k.key == q.key;
        if (listed) continue;
        report.errors.push_back(k.where);
        report.quarantined.push_back(std::move(k));
    }
    g_kept.clear();
    w.app.download_quarantine = [&w] {
        std::string text = export_quarantine(w.app.load_report.quarantined, w.app.now());
        std::string name = "activities-unreadable-" + format_iso_date(w.app.zone.local_date(w.app.now())) + ".json";
        crm_js_download_bytes(text.data(), static_cast<int>(text.size()), name.c_str(), "application/json");
    };
    // The quarantine store is emptied inside the transaction of a snapshot written now, which
    // replaces every chunk and drops the log it covers, where the damage was found: both or
    // neither. A snapshot that fails leaves both, and the next start lists the records again.
    w.app.discard_quarantine = [&w] {
        if (!w.app.persistence) return;
        crm_js_storage_discard_quarantine_with_next_snapshot();
        w.app.persistence->flush(w.app.store, w.app.now());
        w.app.persistence->write_snapshot(w.app.store);
        w.app.load_report.quarantined.clear();
        w.app.load_report.errors.clear();
    };
}

std::string storage_test_state(const WebApp& w) {
    return "{\"message\":" + json_text(w.app.storage_message) + ",\"lost\":" + (g_storage_lost ? "true" : "false") +
           ",\"unreadable\":" + std::to_string(w.app.load_report.quarantined.size()) + ",\"lastError\":" +
           json_text(w.app.persistence ? w.app.persistence->status().last_error : std::string()) + "}";
}

}  // namespace crm

extern "C" {

EMSCRIPTEN_KEEPALIVE void crm_on_storage_unreadable(const char* where, const char* error, const char* bytes, int len) {
    crm::WebApp& w = crm::web_app();
    if (w.app.persistence) w.app.persistence->load_unreadable(where, error, std::string(bytes, static_cast<std::size_t>(len)));
}

EMSCRIPTEN_KEEPALIVE void crm_on_storage_kept(const char* key, const char* where, const char* error, const char* bytes, int len) {
    crm::g_kept.push_back({.key = key, .where = where, .error = error, .bytes = std::string(bytes, static_cast<std::size_t>(len))});
}

EMSCRIPTEN_KEEPALIVE void crm_on_storage_blocked() {
    crm::WebApp& w = crm::web_app();
    w.app.storage_message = crm::tr(
        "Another tab with an older version of this app keeps the data open. Close that tab: this one opens your data as soon as it is gone.");
    crm::platform::set_page_status(w.app.storage_message, true);
    crm::request_frames();
}

// why: "cleared" (the browser removed the site's data), "deleted" (another page deleted the
// database) or "newer" (a newer version of the app took it over in another tab).
EMSCRIPTEN_KEEPALIVE void crm_on_storage_lost(const char* why) {
    crm::WebApp& w = crm::web_app();
    crm::g_storage_lost = true;
    bool newer = std::strcmp(why, "newer") == 0;
    w.app.storage_message = newer ? crm::tr("A newer version of this app opened in another tab, so this tab can no longer save. "
                                            "Export your data (Sync & data) before reloading this tab.")
                                  : crm::tr("The browser removed this app's stored data. Everything is still here in this tab "
                                            "and is being written again; keep this tab open until it says all changes are saved.");
    crm::show_notice(w.ui, w.app.storage_message, true);
    crm::request_frames();
}

EMSCRIPTEN_KEEPALIVE void crm_on_storage_reopened() {
    crm::WebApp& w = crm::web_app();
    crm::g_storage_lost = false;
    if (!w.app.persistence) return;
    // Everything the tab holds, in one snapshot: it covers every write that failed meanwhile.
    w.app.persistence->write_snapshot(w.app.store);
    for (const auto& q : w.app.load_report.quarantined) crm::send_to_quarantine(q);
    w.app.storage_message = crm::tr("Your data was written to storage again. Attached files saved before were removed by the browser.");
    crm::show_notice(w.ui, w.app.storage_message, true);
    crm::request_frames(2);
}

EMSCRIPTEN_KEEPALIVE void crm_integrity_begin() { crm::g_check = {}; }
EMSCRIPTEN_KEEPALIVE void crm_integrity_chunk(const char* bytes, int len) {
    crm::g_check.add_chunk(std::string_view(bytes, static_cast<std::size_t>(len)));
}
EMSCRIPTEN_KEEPALIVE void crm_integrity_log(double seq, const char* bytes, int len) {
    crm::g_check.add_log_entry(static_cast<std::uint64_t>(seq), std::string_view(bytes, static_cast<std::size_t>(len)));
}
EMSCRIPTEN_KEEPALIVE char* crm_integrity_finish() {
    crm::IntegrityReport r = crm::g_check.finish();
    std::string json = "{\"ok\":" + std::string(r.ok() ? "true" : "false") + ",\"chunks\":" + std::to_string(r.chunks) +
                       ",\"logEntries\":" + std::to_string(r.log_entries) + ",\"records\":" + std::to_string(r.records) +
                       ",\"distinct\":" + std::to_string(r.distinct) + ",\"problems\":[";
    for (std::size_t i = 0; i < r.problems.size() && i < 50; ++i) json += (i ? "," : "") + crm::json_text(r.problems[i]);
    json += "],\"problemCount\":" + std::to_string(r.problems.size()) + "}";
    return crm::malloc_text(json);
}

// Test builds only (?test=1): op "create" makes a task with `subject`, "update" sets the subject
// of activity `id` ("create+snapshot", "update+snapshot": then a full snapshot). Both go through the store's commands, so the edit is queued, flushed by the
// next frame and written to IndexedDB exactly as a dialog's Save would. Answers {"id","rev"}
// or {"error"}.
EMSCRIPTEN_KEEPALIVE char* crm_test_edit(const char* op, const char* id, const char* subject) {
    crm::WebApp& w = crm::web_app();
    if (!w.test_mode || w.app.storage_state == crm::StorageState::Opening) return crm::malloc_text("{\"error\":\"not available\"}");
    std::string error, made_id = id;
    if (std::strncmp(op, "create", 6) == 0) {
        crm::Activity draft;
        draft.type = crm::ActivityType::Task;
        draft.subject = subject;
        draft.owner = {crm::OwnerKind::User, w.app.current_user_id};
        draft.due = crm::Due::on_date(w.app.zone.local_date(w.app.now()));
        auto made = w.app.store.create_activity(draft, w.app.actor());
        if (made.ok()) made_id = made.value;
        else error = "refused";
    } else {
        const crm::Activity* a = w.app.store.activities().find(id);
        if (!a) error = "no such activity";
        else {
            crm::Activity edited = *a;
            edited.subject = subject;
            if (!w.app.store.update_activity(edited, w.app.actor()).ok()) error = "refused";
        }
    }
    // "...+snapshot": the edit, flushed at once, then a full snapshot, as compaction writes one
    // after kCompactAfterLogEntries log entries (so a kill can land in the middle of one).
    if (error.empty() && std::strstr(op, "+snapshot") && w.app.persistence) {
        w.app.persistence->flush(w.app.store, w.app.now());
        w.app.persistence->write_snapshot(w.app.store);
    }
    crm::request_frames(2);
    if (!error.empty()) return crm::malloc_text("{\"error\":" + crm::json_text(error) + "}");
    const crm::Activity* a = w.app.store.activities().find(made_id);
    return crm::malloc_text("{\"id\":" + crm::json_text(made_id) + ",\"rev\":" + crm::json_text(a ? a->meta.rev : "") + "}");
}

// Test builds only: the activity with this id (or subject), {"id","subject","rev","deleted"} or null.
EMSCRIPTEN_KEEPALIVE char* crm_test_activity(const char* id) {
    crm::WebApp& w = crm::web_app();
    if (!w.test_mode) return crm::malloc_text("null");
    // by id, or else by subject (an edit made through the dialogs, whose id the test never saw)
    const crm::Activity* a = w.app.store.activities().find(id);
    for (std::size_t i = 0; !a && i < w.app.store.activities().size(); ++i)
        if (w.app.store.activities().rows()[i].subject == id) a = &w.app.store.activities().rows()[i];
    if (!a) return crm::malloc_text("null");
    return crm::malloc_text("{\"id\":" + crm::json_text(a->meta.id) + ",\"subject\":" + crm::json_text(a->subject) + ",\"rev\":" + crm::json_text(a->meta.rev) +
                            ",\"deleted\":" + (a->meta.deleted ? "true" : "false") + "}");
}

}  // extern "C"
