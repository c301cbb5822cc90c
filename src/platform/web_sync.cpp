// Sends the sync engine's requests with fetch() (web/crm_platform.js) and hands the answers back.
// The engine decides what to send; this file only adds the server address and credentials.
#include <emscripten.h>

#include "platform.hpp"
#include "web_app.hpp"

extern "C" {
void crm_js_http_request(double id, const char* method, const char* url, const char* body, const char* user,
                         const char* password);
void crm_js_watch_online();
void crm_js_sync_read_blob(double id, const char* key);
void crm_js_sync_write_blob(double id, const char* key, const char* bytes, int len, const char* name, const char* type);
}

namespace crm {

void start_sync(WebApp& w) {
    w.app.sync.configure(load_sync_config(w.app.store), w.app.actor());
    crm_js_watch_online();
}

void pump_sync(WebApp& w) {
    if (w.app.storage_state != StorageState::Ready) return;
    auto request = w.app.sync.next_request(w.app.actor());
    if (!request) return;
    if (request->method == kReadBytes) {  // attachment files: the browser's `blobs` store, not the server
        crm_js_sync_read_blob(static_cast<double>(request->id), request->path.c_str());
        return;
    }
    if (request->method == kWriteBytes) {
        crm_js_sync_write_blob(static_cast<double>(request->id), request->path.c_str(), request->body.data(),
                               static_cast<int>(request->body.size()), request->file_name.c_str(), request->mime_type.c_str());
        return;
    }
    const SyncConfig& c = w.app.sync.config();
    std::string url = c.database_url() + (request->path.empty() ? "" : "/" + request->path);
    crm_js_http_request(static_cast<double>(request->id), request->method.c_str(), url.c_str(), request->body.c_str(),
                        c.user.c_str(), c.password.c_str());
    request_frames(1);
}

}  // namespace crm

extern "C" {
EMSCRIPTEN_KEEPALIVE void crm_on_sync_response(double id, int status, const char* body, const char* error) {
    crm::WebApp& w = crm::web_app();
    w.app.sync.on_response(static_cast<std::uint64_t>(id), {status, body ? body : "", error ? error : ""}, w.app.actor());
    crm::sign_in_start_user(w.app);  // the embedding page's user may have just arrived
    crm::request_frames();
}
// Answers to the file requests: the bytes (binary, with a length) or why not.
EMSCRIPTEN_KEEPALIVE void crm_on_sync_bytes(double id, int status, const char* bytes, int len, const char* error) {
    crm::WebApp& w = crm::web_app();
    w.app.sync.on_response(static_cast<std::uint64_t>(id),
                           {status, std::string(bytes ? bytes : "", bytes ? static_cast<std::size_t>(len) : 0), error ? error : ""},
                           w.app.actor());
    crm::request_frames();
}
EMSCRIPTEN_KEEPALIVE void crm_on_online() {
    crm::WebApp& w = crm::web_app();
    w.app.sync.request_sync(w.app.now());
    crm::request_frames();
}
}
