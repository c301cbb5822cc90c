// platform.hpp over web/crm_platform.js, and the IndexedDB StorageBackend.
#include <emscripten.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/i18n.hpp"
#include "platform.hpp"
#include "ui/views.hpp"
#include "web_app.hpp"
#include "web_bench.hpp"

extern "C" {
double crm_js_now();
int crm_js_time_zone_transitions(int from_year, int to_year, double* out, int max, int* out_initial);
char* crm_js_time_zone_name();
char* crm_js_local_storage_get(const char* key);
void crm_js_local_storage_set(const char* key, const char* value);
char* crm_js_url_param(const char* name, int secret);
double crm_js_random_seed();
char* crm_js_browser_languages();
void crm_js_set_document_language(const char* code);
void crm_js_set_page_texts(const char* app_name, const char* update_ready, const char* reload);
void crm_js_publish_test_state(const char* json);
void crm_js_set_page_status(const char* text, int is_error);
void crm_js_set_unsaved(int flag);
void crm_js_storage_open(const char* name);
void crm_js_storage_write_log(double write_id, double seq, const void* bytes, int len);
void crm_js_storage_stage_chunk(const void* bytes, int len);
void crm_js_storage_commit_snapshot(double write_id, double seen_through);
void crm_js_pick_files(const char* activity_id);
void crm_js_download_blob(const char* key, const char* name, const char* type);
void crm_js_delete_blob(const char* key);
void crm_js_clear_blobs();
void crm_js_install_drop();
}

namespace crm::platform {
namespace {
std::string take_js_string(char* p) {
    if (!p) return {};
    std::string s(p);
    std::free(p);
    return s;
}

class IndexedDbBackend final : public StorageBackend {
public:
    void write_log_entry(std::uint64_t write_id, const LogEntry& entry) override {
        bench::write_requested(write_id, false);
        crm_js_storage_write_log(static_cast<double>(write_id), static_cast<double>(entry.seq), entry.bytes.data(),
                                 static_cast<int>(entry.bytes.size()));
    }
    void write_snapshot(std::uint64_t write_id, const std::vector<std::string>& chunks, std::uint64_t seen_through) override {
        bench::write_requested(write_id, true);
        for (const auto& c : chunks) crm_js_storage_stage_chunk(c.data(), static_cast<int>(c.size()));
        crm_js_storage_commit_snapshot(static_cast<double>(write_id), static_cast<double>(seen_through));
    }
};
}  // namespace

UtcMillis now_ms() { return static_cast<UtcMillis>(crm_js_now()); }

TimeZone browser_time_zone() {
    constexpr int kMax = 600;
    std::vector<double> raw(kMax * 2);
    int initial = 0;
    int n = crm_js_time_zone_transitions(1970, 2100, raw.data(), kMax, &initial);
    std::vector<ZoneTransition> transitions;
    transitions.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        transitions.push_back({static_cast<UtcMillis>(raw[static_cast<std::size_t>(2 * i)]),
                               static_cast<int>(raw[static_cast<std::size_t>(2 * i + 1)])});
    return TimeZone::from_transitions(take_js_string(crm_js_time_zone_name()), initial, std::move(transitions));
}

std::string local_storage_get(const std::string& key) { return take_js_string(crm_js_local_storage_get(key.c_str())); }
void local_storage_set(const std::string& key, const std::string& value) { crm_js_local_storage_set(key.c_str(), value.c_str()); }
std::string url_param(const char* name) { return take_js_string(crm_js_url_param(name, 0)); }
std::string config_secret(const char* name) { return take_js_string(crm_js_url_param(name, 1)); }

std::vector<std::string> browser_languages() {
    std::vector<std::string> out;
    std::string list = take_js_string(crm_js_browser_languages());  // "pl-PL,en-US,en"
    for (std::size_t start = 0; start < list.size();) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        if (comma > start) out.push_back(list.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}
void set_document_language(const std::string& code) { crm_js_set_document_language(code.c_str()); }
void set_page_texts(const std::string& app_name, const std::string& update_ready, const std::string& reload) {
    crm_js_set_page_texts(app_name.c_str(), update_ready.c_str(), reload.c_str());
}
std::uint64_t random_seed() { return static_cast<std::uint64_t>(crm_js_random_seed()); }
bool url_flag(const char* name) {
    std::string v = url_param(name);
    return v == "1" || v == "true";
}

void open_storage(const std::string& database_name) { crm_js_storage_open(database_name.c_str()); }
std::unique_ptr<StorageBackend> make_indexeddb_backend() { return std::make_unique<IndexedDbBackend>(); }
void publish_test_state(const std::string& json) { crm_js_publish_test_state(json.c_str()); }
void pick_files(const std::string& activity_id) { crm_js_pick_files(activity_id.c_str()); }
void download_blob(const std::string& key, const std::string& name, const std::string& type) {
    crm_js_download_blob(key.c_str(), name.c_str(), type.c_str());
}
void delete_blob(const std::string& key) { crm_js_delete_blob(key.c_str()); }
void clear_blobs() { crm_js_clear_blobs(); }
void install_file_drop() { crm_js_install_drop(); }
void set_page_status(const std::string& text, bool is_error) { crm_js_set_page_status(text.c_str(), is_error ? 1 : 0); }
void set_unsaved_changes(bool unsaved) { crm_js_set_unsaved(unsaved ? 1 : 0); }

}  // namespace crm::platform

// ---- answers from IndexedDB ---------------------------------------------------------------------
extern "C" {
EMSCRIPTEN_KEEPALIVE void crm_on_storage_begin(int chunk_count) { crm::on_storage_begin(static_cast<std::size_t>(chunk_count)); }
EMSCRIPTEN_KEEPALIVE void crm_on_storage_chunk(const char* bytes, int len) {
    crm::on_storage_chunk(std::string_view(bytes, static_cast<std::size_t>(len)));
}
EMSCRIPTEN_KEEPALIVE void crm_on_storage_log(double seq, const char* bytes, int len) {
    crm::web_app().loaded_log.push_back({static_cast<std::uint64_t>(seq), std::string(bytes, static_cast<std::size_t>(len))});
}
EMSCRIPTEN_KEEPALIVE void crm_on_storage_loaded(int ok, const char* error) {
    crm::on_storage_loaded(ok != 0, error ? error : "");
}
// ok: 1 written (`key`: the log key it got), 0 failed, 2 a snapshot refused (other tabs' entries
// not applied here yet, or another tab is compacting).
EMSCRIPTEN_KEEPALIVE void crm_on_storage_written(double write_id, int ok, const char* error, double key) {
    crm::on_storage_written(static_cast<std::uint64_t>(write_id), ok, error ? error : "", static_cast<std::uint64_t>(key));
    crm::bench::write_done(static_cast<std::uint64_t>(write_id));
}
}

// ---- attachments ----------------------------------------------------------------------------------
namespace {
char* malloc_string(const std::string& s) {
    if (s.empty()) return nullptr;
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}
}  // namespace

extern "C" {
// Before the bytes are read: may this file be attached? Returns the reason (and shows it) or null.
EMSCRIPTEN_KEEPALIVE char* crm_validate_attachment(const char* activity_id, const char* name, double size) {
    crm::WebApp& w = crm::web_app();
    crm::Attachment a;
    a.activity_id = activity_id;
    a.file_name = name;
    a.size = size < 0 ? 0 : static_cast<std::uint64_t>(size);
    crm::Status st = w.app.store.check_attachment(a);
    if (st.ok()) return nullptr;
    std::string message = crm::format_message(st.errors.front()) + " (" + a.file_name + ")";
    crm::show_notice(w.ui, message, true);
    crm::request_frames();
    return malloc_string(message);
}

// After the bytes are stored under `key` (size < 0: storing failed with `error`).
EMSCRIPTEN_KEEPALIVE char* crm_on_attachment_stored(const char* activity_id, const char* key, const char* name,
                                                   const char* type, const char* error, double size) {
    crm::WebApp& w = crm::web_app();
    crm::request_frames();
    if (size < 0) {
        crm::show_notice(w.ui, std::string(crm::tr("Could not store the file")) + " " + name + ": " + error, true);
        return nullptr;
    }
    crm::Attachment a;
    a.meta.id = key;
    a.activity_id = activity_id;
    a.file_name = name;
    a.mime_type = type;
    a.size = static_cast<std::uint64_t>(size);
    auto added = w.app.store.add_attachment(a, w.app.actor());
    if (!added.ok()) {
        crm_js_delete_blob(key);  // the activity changed meanwhile: do not keep orphaned bytes
        crm::show_notice(w.ui, crm::format_message(added.status.errors.front()) + " (" + a.file_name + ")", true);
        return nullptr;
    }
    crm::show_notice(w.ui, std::string(crm::tr("Attached")) + " " + a.file_name + ".");
    return nullptr;
}

EMSCRIPTEN_KEEPALIVE char* crm_drop_target(double) { return malloc_string(crm::web_app().app.drop_target_activity_id); }

EMSCRIPTEN_KEEPALIVE char* crm_on_drop_refused(double) {
    crm::show_notice(crm::web_app().ui, crm::tr("Open a saved note, task or email to attach files to it."), true);
    crm::request_frames();
    return nullptr;
}

EMSCRIPTEN_KEEPALIVE void crm_on_download_failed(const char* message) {
    crm::show_notice(crm::web_app().ui, std::string(crm::tr("Download failed:")) + " " + message, true);
    crm::request_frames();
}
}
