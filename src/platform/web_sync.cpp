// Sends the sync engine's requests with fetch() (web/crm_platform.js) and hands the answers back.
// The engine decides what to send; this file only adds the server address and credentials.
//
// The next request goes out from the answer's callback, not from the next animation frame: the
// server then works on it while the page draws. Progress is drawn at most twice a second while
// a cycle runs (each drawn frame of a big page rebuilds its views after every batch, and on two
// cores that CPU is taken from the server and from the next batch), and once when it ends.
#include <emscripten.h>

#include <algorithm>

#include "platform.hpp"
#include "web_app.hpp"

extern "C" {
void crm_js_http_request(double id, const char* method, const char* url, const char* body, int body_len, const char* user,
                         const char* password);
void crm_js_watch_online();
void crm_js_sync_read_blob(double id, const char* key);
void crm_js_sync_write_blob(double id, const char* key, const char* bytes, int len, const char* name, const char* type);
}

namespace crm {
namespace {

constexpr double kProgressFrameEveryMs = 500;
bool g_status_changed = false;
double g_last_progress_frame_ms = 0;

void send(WebApp& w, const SyncRequest& request) {
    if (request.method == kReadBytes) {  // attachment files: the browser's `blobs` store, not the server
        crm_js_sync_read_blob(static_cast<double>(request.id), request.path.c_str());
        return;
    }
    if (request.method == kWriteBytes) {
        crm_js_sync_write_blob(static_cast<double>(request.id), request.path.c_str(), request.body.data(),
                               static_cast<int>(request.body.size()), request.file_name.c_str(), request.mime_type.c_str());
        return;
    }
    const SyncConfig& c = w.app.sync.config();
    std::string url = c.database_url() + (request.path.empty() ? "" : "/" + request.path);
    crm_js_http_request(static_cast<double>(request.id), request.method.c_str(), url.c_str(), request.body.data(),
                        static_cast<int>(request.body.size()), c.user.c_str(), c.password.c_str());
}

// Everything the engine has to send now (pipelined pushes, the next page); the last call, which
// returns nothing, may apply a pulled page while the next one is on its way.
void send_next(WebApp& w) {
    if (w.app.storage_state != StorageState::Ready) return;
    while (auto request = w.app.sync.next_request(w.app.actor())) {
        send(w, *request);
        g_status_changed = true;
    }
}

void after_answer(WebApp& w) {
    send_next(w);
    g_status_changed = true;
    // The embedding page's user may have just arrived with a pulled page, which send_next()
    // applied (the last page is applied there, after the answer to its request or to the write of
    // its files). Checked only in on_response, a joining device found its user a cycle later.
    sign_in_start_user(w.app);
}

}  // namespace

void start_sync(WebApp& w) {
    w.app.sync.configure(load_sync_config(w.app.store), w.app.actor());
    crm_js_watch_online();
}

// Every animation frame: starts cycles that are due (timers, local edits) and draws progress.
void pump_sync(WebApp& w) {
    send_next(w);
    SyncPhase phase = w.app.sync.status().phase;
    bool cycle_running = w.app.sync.busy() || (phase != SyncPhase::Idle && phase != SyncPhase::Backoff && phase != SyncPhase::Off);
    double now = emscripten_get_now();
    // Nor the frames that follow input for hover delays (700 ms of every frame): the click that
    // started the cycle would otherwise draw 40 of them while the first batches are on the server.
    // Input still draws its own frames, and a tooltip shows at the next progress frame.
    if (cycle_running) w.draw_until_ms = std::min(w.draw_until_ms, now);
    if (!g_status_changed) return;
    if (cycle_running && now - g_last_progress_frame_ms < kProgressFrameEveryMs) return;
    g_status_changed = false;
    g_last_progress_frame_ms = now;
    request_frames(cycle_running ? 1 : 2);
}

}  // namespace crm

extern "C" {
// A server's answer: its bytes as they came (the engine reads them as untrusted JSON).
EMSCRIPTEN_KEEPALIVE void crm_on_sync_response(double id, int status, const char* body, int len, const char* error) {
    crm::WebApp& w = crm::web_app();
    w.app.sync.on_response(static_cast<std::uint64_t>(id),
                           {status, std::string(body ? body : "", body ? static_cast<std::size_t>(len) : 0), error ? error : ""},
                           w.app.actor());
    crm::after_answer(w);
}
// Answers to the file requests: the bytes (binary, with a length) or why not.
EMSCRIPTEN_KEEPALIVE void crm_on_sync_bytes(double id, int status, const char* bytes, int len, const char* error) {
    crm::WebApp& w = crm::web_app();
    w.app.sync.on_response(static_cast<std::uint64_t>(id),
                           {status, std::string(bytes ? bytes : "", bytes ? static_cast<std::size_t>(len) : 0), error ? error : ""},
                           w.app.actor());
    crm::after_answer(w);
}
EMSCRIPTEN_KEEPALIVE void crm_on_online() {
    crm::WebApp& w = crm::web_app();
    w.app.sync.request_sync(w.app.now());
    crm::request_frames();
}
}
