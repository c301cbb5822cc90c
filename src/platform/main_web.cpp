// The browser entry point: WebGL2 context, ImGui setup (fonts: web_fonts.cpp; layout
// preferences in localStorage), storage start-up, and the frame function. The frame function
// runs on every animation frame but draws only when input, storage answers or a dialog asked
// for it, so an idle page uses no GPU and almost no CPU.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/i18n.hpp"
#include "core/json_codec.hpp"
#include "core/locale_format.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // the input event queue
#include "imgui_impl_opengl3.h"
#include "platform.hpp"
#include "ui/item_registry.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"
#include "web_app.hpp"
#include "web_bench.hpp"

namespace crm {
namespace {

constexpr const char* kDatabaseName = "activities-crm";
constexpr const char* kIniKey = "activities-crm.imgui.ini";

WebApp* g_app = nullptr;

// ImGui's OpenGL3 backend saves the GL state before drawing and restores it after, reading it
// with glGetIntegerv. WebGL answers most of those reads in the page's own process, but not the
// scissor box and the blend state: each of those is a synchronous round trip to the GPU process,
// which first finishes everything queued before it. With software WebGL that process is still
// drawing the previous frame, so the scissor-box read alone blocked a frame for 0.5-6 ms (most
// of the slowest frames' time while scrolling, measured with tests/bench/frame_parts_bench.mjs).
// Nothing but this app draws on the context, so it can answer those reads itself: it keeps the
// values the app last set, read once here.
EM_JS(void, crm_js_shadow_gl_state, (), {
    var canvas = Module['canvas'] || document.getElementById('canvas');
    var gl = canvas && canvas.getContext('webgl2');
    if (!gl || gl.crmShadowState) return;
    var shadow = new Map();
    gl.crmShadowState = shadow;
    var read = gl.getParameter.bind(gl);
    function read_all() {
        [gl.VIEWPORT, gl.SCISSOR_BOX, gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB, gl.BLEND_SRC_ALPHA, gl.BLEND_DST_ALPHA,
         gl.BLEND_EQUATION_RGB, gl.BLEND_EQUATION_ALPHA].forEach(function (p) { shadow.set(p, read(p)); });
    }
    read_all();
    canvas.addEventListener('webglcontextrestored', read_all);  // a restored context starts from the defaults
    gl.getParameter = function (p) {
        var v = shadow.get(p);
        return v === undefined ? read(p) : v;
    };
    function after(name, note) {
        var call = gl[name].bind(gl);
        gl[name] = function (a, b, c, d) {
            call(a, b, c, d);
            note(a, b, c, d);
        };
    }
    after('viewport', function (x, y, w, h) { shadow.set(gl.VIEWPORT, new Int32Array([x, y, w, h])); });
    after('scissor', function (x, y, w, h) { shadow.set(gl.SCISSOR_BOX, new Int32Array([x, y, w, h])); });
    function blend(src_rgb, dst_rgb, src_alpha, dst_alpha) {
        shadow.set(gl.BLEND_SRC_RGB, src_rgb);
        shadow.set(gl.BLEND_DST_RGB, dst_rgb);
        shadow.set(gl.BLEND_SRC_ALPHA, src_alpha);
        shadow.set(gl.BLEND_DST_ALPHA, dst_alpha);
    }
    after('blendFunc', function (src, dst) { blend(src, dst, src, dst); });
    after('blendFuncSeparate', blend);
    after('blendEquation', function (mode) {
        shadow.set(gl.BLEND_EQUATION_RGB, mode);
        shadow.set(gl.BLEND_EQUATION_ALPHA, mode);
    });
    after('blendEquationSeparate', function (rgb, alpha) {
        shadow.set(gl.BLEND_EQUATION_RGB, rgb);
        shadow.set(gl.BLEND_EQUATION_ALPHA, alpha);
    });
});


std::string json_escape(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
        else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else out += static_cast<char>(c);
    }
    return out;
}

std::string sync_test_state(const WebApp& w) {
    const SyncStatus& s = w.app.sync.status();
    return "{\"phase\":\"" + std::string(sync_phase_name(s.phase)) + "\",\"waiting\":" + std::to_string(w.app.sync.changes_waiting()) +
           ",\"conflicts\":" + std::to_string(w.app.sync.conflicts().size()) + ",\"pulled\":" + std::to_string(s.pulled) +
           ",\"pushed\":" + std::to_string(s.pushed) + ",\"lastSyncedAt\":" + std::to_string(s.last_synced_at) +
           ",\"lastError\":\"" + json_escape(s.last_error) + "\",\"busy\":" + (w.app.sync.busy() ? "true" : "false") + "}";
}

std::string text_field_json() {
    ActiveTextField f = active_text_field();
    if (!f.active) return "null";
    return "{\"text\":\"" + json_escape(f.text) + "\",\"undoSteps\":" + std::to_string(f.undo_steps) + "}";
}

void publish_test_state(WebApp& w, const std::string& items_json) {
    const char* save = "opening";
    if (w.app.storage_state == StorageState::Unavailable) save = "unavailable";
    else if (w.app.persistence) {
        const SaveStatus& s = w.app.persistence->status();
        save = s.failed_writes ? "failed" : (s.saving() || w.app.store.has_pending_changes()) ? "saving" : "saved";
    }
    std::string json = "{\"ready\":" + std::string(w.ready ? "true" : "false") + ",\"save\":\"" + save +
                       "\",\"framesDrawn\":" + std::to_string(w.frames_drawn) +
                       ",\"activities\":" + std::to_string(w.app.store.live_activity_count()) +
                       ",\"gridRows\":" + std::to_string(w.ui.grid.view.size()) +
                       ",\"user\":\"" + json_escape(w.app.store.user_name(w.app.current_user_id)) +
                       "\",\"zone\":\"" + json_escape(w.app.zone.name()) + "\",\"language\":\"" + json_escape(active_catalog().language()) + "\",\"notice\":\"" + json_escape(w.ui.notice) +
                       "\",\"dialogs\":" + std::to_string(w.ui.dialogs.size()) + ",\"sync\":" + sync_test_state(w) + ",\"storage\":" + storage_test_state(w) +
                       ",\"followUps\":" + follow_ups_test_state(w) +
                       ",\"inputQueued\":" + std::to_string(GImGui->InputEventsQueue.Size) +
                       ",\"textField\":" + text_field_json() + ",\"fonts\":" + fonts_test_state() + ",\"items\":" + items_json + "}";
    platform::publish_test_state(json);
}

void publish_a11y(WebApp& w) {
    const std::string& update = item_registry_mirror_update();
    bench::frame_part(bench::FramePart::MirrorBuild);
    if (!update.empty()) platform::publish_a11y(update);
    bench::frame_part(bench::FramePart::MirrorPublish);
    w.last_a11y_publish_ms = emscripten_get_now();
    w.a11y_stale = false;
}

void draw_frame(WebApp& w) {
    ImGuiIO& io = ImGui::GetIO();
    // Real elapsed time: frames are drawn on demand, so a fixed step would make double-click and
    // tooltip timing depend on how many frames happened to be drawn.
    double now = emscripten_get_now();
    io.DeltaTime = w.last_frame_ms > 0 ? static_cast<float>(std::clamp((now - w.last_frame_ms) / 1000.0, 0.0001, 0.5)) : 1.0f / 60;
    w.last_frame_ms = now;
    if (std::abs(static_cast<float>(emscripten_get_device_pixel_ratio()) - w.dpr) > 0.01f) update_display_size();
    // The atlas follows the ratio and the characters in use; rebuilt here, between frames.
    if (update_fonts(w)) {
        request_frames(2);
        forget_frame_on_screen();  // the new atlas draws differently even where nothing changed
    }
    bench::frame_part(bench::FramePart::Before);
    item_registry_begin_frame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    bench::frame_part(bench::FramePart::NewFrame);
    draw_app(w.app, w.ui);
    bench::frame_part(bench::FramePart::Views);
    ImGui::Render();
    snap_text_vertices(ImGui::GetDrawData(), w.dpr);
    bench::frame_part(bench::FramePart::Render);
    bool to_canvas = frame_to_canvas(w, ImGui::GetDrawData());
    bench::frame_part(bench::FramePart::Compare);
    if (to_canvas) {
        glViewport(0, 0, static_cast<int>(io.DisplaySize.x * w.dpr), static_cast<int>(io.DisplaySize.y * w.dpr));
        glClearColor(0.97f, 0.97f, 0.98f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        bench::frame_part(bench::FramePart::Gl);
    }
    ++w.frames_drawn;
    if (io.WantSaveIniSettings) {
        platform::local_storage_set(kIniKey, ImGui::SaveIniSettingsToMemory());
        io.WantSaveIniSettings = false;
    }
}

}  // namespace

// What the page was opened with (window.crmConfig from URL parameters or a JSON config file).
StartOptions start_options_from_page() {
    StartOptions o;
    o.user = platform::url_param("user");
    o.language = platform::url_param("lang");
    o.view = platform::url_param("view");
    o.sync.server_url = platform::url_param("syncUrl");
    o.sync.database = platform::url_param("syncDb");
    o.sync.user = platform::url_param("syncUser");
    o.sync.password = platform::config_secret("syncPassword");
    o.config_error = platform::config_secret("configError");
    o.sync_from_url = platform::config_secret("syncFromUrl") == "1";
    return o;
}

namespace {

// The store's pending changes become one durable write.
void flush_changes(WebApp& w) {
    // The font follows the text of the changed records before Persistence takes the queue.
    if (feed_glyphs(w)) request_frames(1);
    if (w.app.persistence && w.app.store.has_pending_changes()) {
        w.app.persistence->flush(w.app.store, w.app.now());
        note_pending_taken();
        request_frames(1);
    }
}

void frame(void* arg) {
    WebApp& w = *static_cast<WebApp*>(arg);
    bench::frame_begin();
    // What arrived between frames (sync, import, a file read) is written before anything else.
    flush_changes(w);
    // Failed writes are retried with backoff (1 s doubling to 30 s); they are never dropped.
    if (w.app.persistence && w.app.persistence->status().failed_writes > 0) {
        double now = emscripten_get_now();
        if (now - w.last_retry_ms > w.retry_delay_ms) {
            w.last_retry_ms = now;
            w.retry_delay_ms = std::min(w.retry_delay_ms * 2, 30000.0);
            w.app.persistence->retry_failed();
        }
    }
    // Sync runs on its own timers (periodic, backoff) and on local changes; requests go one at a time.
    pump_sync(w);
    bool unsaved = w.app.store.has_pending_changes() || w.app.storage_state == StorageState::Unavailable ||
                   (w.app.persistence && !w.app.persistence->status().all_saved());
    if (unsaved != w.unsaved) {
        w.unsaved = unsaved;
        platform::set_unsaved_changes(unsaved);
    }
    bool settling = emscripten_get_now() < w.draw_until_ms;
    if (w.frames_to_draw <= 0 && !settling) {
        if (w.a11y_stale) publish_a11y(w);  // the burst is over: the mirror shows its last frame
        return;
    }
    if (w.frames_to_draw > 0) --w.frames_to_draw;
    draw_frame(w);
    bench::frame_drawn(w);
    // ImGui takes queued input a little at a time (a key's down and up, and the characters
    // between, in separate frames): while any is left, the next frame must come, however long
    // ago the last event arrived.
    if (!GImGui->InputEventsQueue.empty()) request_frames(1);
    // This frame's commands go to IndexedDB now, not a frame later: an edit is on its way to
    // disk before the screen-reader mirror and the next frame's work. Likewise a sync this frame
    // asked for ("Sync now", a saved edit) sends its first request now.
    flush_changes(w);
    pump_sync(w);
    if (w.app.storage_state != StorageState::Opening && !w.ready) {
        w.ready = true;
        platform::set_page_status("", false);
        request_frames(2);
    }
    bench::frame_part(bench::FramePart::After);
    // The registry describes each drawn frame for the screen-reader mirror: what changed since
    // its last update, whose DOM work runs in a task of its own after this frame. While frames
    // come one after another (scrolling, dragging) the mirror follows ten times a second, and
    // always takes the last frame of a burst: updating its DOM sixty times a second would take
    // that much more of the page's one thread and tell a screen reader nothing more.
    w.a11y_stale = true;
    if (emscripten_get_now() - w.last_a11y_publish_ms >= 100) publish_a11y(w);
    bench::frame_end();  // before the test-mode state, which only the test builds publish
    if (w.test_mode) publish_test_state(w, item_registry_json());
}

}  // namespace

WebApp& web_app() { return *g_app; }

std::string json_text(const std::string& s) {
    std::string out;
    append_json_string(s, out);
    return out;
}

char* malloc_text(const std::string& s) {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

void request_frames(int n) {
    if (!g_app) return;
    if (g_app->frames_to_draw < n) g_app->frames_to_draw = n;
}

void request_input_frames() {
    if (!g_app) return;
    request_frames();
    // Hover tooltips appear after a delay and need a frame then; stop 700 ms after the last
    // input event. Only input: a storage answer or a sync step needs its frames, not 700 ms of
    // them (each costs the GPU process a redraw, which delays the next IndexedDB answer).
    g_app->draw_until_ms = emscripten_get_now() + 700;
}

void on_storage_begin(std::size_t chunk_count) {
    WebApp& w = web_app();
    w.decode_started_ms = emscripten_get_now();
    w.backend = platform::make_indexeddb_backend();
    w.app.persistence = std::make_unique<Persistence>(*w.backend);
    w.app.persistence->begin_load(w.app.store, chunk_count);
}

void on_storage_chunk(std::string_view bytes) {
    WebApp& w = web_app();
    if (w.app.persistence) w.app.persistence->load_chunk(w.app.store, bytes);
}

void on_storage_loaded(bool ok, const std::string& error) {
    WebApp& w = web_app();
    // Storage opens before WebGL and ImGui are set up, and a browser without IndexedDB answers
    // at once: main() takes the answer up when it is ready (or, without WebGL, never).
    if (!ImGui::GetCurrentContext()) {
        w.deferred_storage_answer = {ok, error};
        return;
    }
    App& app = w.app;
    if (ok) {
        if (!app.persistence) on_storage_begin(0);  // an empty database: no chunks
        app.load_report = app.persistence->finish_load(app.store, std::move(w.loaded_log));
        w.loaded_log.clear();
        settle_quarantine(w);
        bench::record_span(bench::Span::Decode, w.decode_started_ms);
        app.storage_state = StorageState::Ready;
        app.on_clear_data = [&w] {
            w.app.persistence->write_snapshot(w.app.store);
            platform::clear_blobs();
        };
        app.pick_files = [](const std::string& activity_id) { platform::pick_files(activity_id); };
        app.download_attachment = [](const Attachment& a) { platform::download_blob(a.meta.id, a.file_name, a.mime_type); };
        app.delete_attachment_bytes = [](const std::vector<std::string>& ids) {
            for (const auto& id : ids) platform::delete_blob(id);
        };
        if (!app.load_report.errors.empty())
            show_notice(w.ui,
                        count_phrase("%s stored record could not be read; see Settings.", "%s stored records could not be read; see Settings.",
                                     static_cast<long long>(app.load_report.errors.size())),
                        true);
    } else {
        app.persistence.reset();  // nothing read counts: the app runs in memory and says so
        app.storage_state = StorageState::Unavailable;
        app.storage_message = error;
    }
    bench::ScopedSpan rest_span(bench::Span::StartupRest);
    StartOptions start = start_options_from_page();
    // A device that joins a sync server gets its data from there, not the demo data.
    finish_startup(app, /*seed_demo=*/start.sync.server_url.empty());
    apply_start_options(app, w.ui, start, [&w](const std::string& problem) { show_notice(w.ui, problem, true); });
    note_store_loaded(w);
    // Export works without storage too: it is how the user keeps what is in memory.
    install_data_file(w);
    install_follow_ups(w);
    if (app.storage_state == StorageState::Ready) {
        install_tabs();
        start_sync(w);
    }
    request_frames();
}

void on_storage_written(std::uint64_t write_id, int ok, const std::string& error, std::uint64_t key) {
    WebApp& w = web_app();
    if (!w.app.persistence) return;
    if (ok == 2) {
        // another tab's entries first: the compaction is tried again once they are applied
        w.app.persistence->on_snapshot_refused(write_id);
        read_other_tabs_changes();
        return;
    }
    w.app.persistence->on_write_done(write_id, ok == 1, error, w.app.now(), key);
    if (ok && w.app.persistence->status().failed_writes == 0) w.retry_delay_ms = 1000;
    request_frames(2);
}

}  // namespace crm

int main() {
    using namespace crm;
    bench::mark_main_started();
    static WebApp w;
    g_app = &w;
    w.app.clock = [] { return platform::now_ms(); };
    w.app.zone = platform::browser_time_zone();
    w.app.store.seed_ids(platform::random_seed());
    w.app.browser_language = pick_language(platform::browser_languages());
    w.app.catalog_dir = "/i18n";  // assets/i18n, embedded in the wasm file system
    w.app.on_language_applied = [](const std::string& code) {
        platform::set_document_language(code);
        platform::set_page_texts(tr("Activities"), tr("Update ready — a new version of Activities is installed."), tr("Reload"));
    };
    w.test_mode = platform::url_flag("test");
    // The browser's language at once (the stored choice, if another, follows when storage is
    // open), so even the start-up messages below are in it.
    apply_language(w.app);
    // Storage opens first: IndexedDB reads the stored records in the browser's own process while
    // this thread sets up WebGL, ImGui and the fonts (its answers arrive only after main returns).
    platform::set_page_status(tr("Opening your data..."), false);
    platform::open_storage(platform::url_param("db").empty() ? kDatabaseName : platform::url_param("db"));

    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = false;
    attrs.antialias = false;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_create_context("#canvas", &attrs);
    if (ctx <= 0) {
        platform::set_page_status(tr("This browser cannot draw the app: WebGL2 is not available."), true);
        return 1;
    }
    emscripten_webgl_make_context_current(ctx);
    crm_js_shadow_gl_state();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout preferences live in localStorage
    // ImGui times a double-click between the frames that take its two presses, not between the
    // events; on a busy device frames come late. Half a second is also what desktops default to.
    io.MouseDoubleClickTime = 0.5f;
    // ImGui's keyboard navigation (Tab order, arrows, Space/Enter, Esc) for every widget; the
    // grid and the board claim the arrow keys for their own cursor (activity_grid_view.cpp).
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.ConfigInputTextCursorBlink = false;  // a blinking cursor would need frames while idle
    io.BackendPlatformName = "crm_web";
    std::string ini = platform::local_storage_get(kIniKey);
    if (!ini.empty()) ImGui::LoadIniSettingsFromMemory(ini.c_str(), ini.size());
    ui::apply_style();
    item_registry_enable(true);  // the screen-reader mirror is built from it, for everyone

    ImGui_ImplOpenGL3_Init("#version 300 es");
    update_display_size();
    init_fonts(w.dpr);
    install_input_handlers();
    platform::install_file_drop();

    if (w.deferred_storage_answer) {
        auto [ok, error] = *w.deferred_storage_answer;
        w.deferred_storage_answer.reset();
        on_storage_loaded(ok, error);
    }
    emscripten_set_main_loop_arg(frame, &w, 0, false);
    return 0;
}
