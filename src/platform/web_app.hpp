// The running web application: one App and UiState plus what the frame loop needs between
// frames (pending storage data, whether anything asked for a redraw). Shared by main_web.cpp,
// web_input.cpp and web_platform.cpp; nothing outside src/platform sees it.
#pragma once
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/persistence.hpp"
#include "ui/app.hpp"
#include "ui/ui_state.hpp"

struct ImDrawData;

namespace crm {

struct WebApp {
    App app;
    UiState ui;
    std::unique_ptr<StorageBackend> backend;
    std::vector<LogEntry> loaded_log;
    double decode_started_ms = 0;  // when the first stored chunk arrived
    std::optional<std::pair<bool, std::string>> deferred_storage_answer;  // came before ImGui was ready
    int frames_to_draw = 3;        // ImGui settles over a few frames after any input
    double draw_until_ms = 0;      // keep drawing briefly after input: hover delays, double-clicks
    double last_frame_ms = 0;
    long long frames_drawn = 0;
    double last_retry_ms = 0;
    double last_a11y_publish_ms = 0;  // the screen-reader mirror's last update
    bool a11y_stale = false;          // a frame was drawn since that update
    double retry_delay_ms = 1000;  // backoff for failed writes
    float dpr = 1.0f;
    bool test_mode = false;
    bool ready = false;            // storage loaded and first frame drawn
    bool unsaved = false;          // last value told to the page
};

WebApp& web_app();
// For answers read by the page's JS (test hooks and their state): text as a JSON string with
// quotes and escapes, and a malloc'ed NUL-terminated copy that the JS side frees.
std::string json_text(const std::string& s);
char* malloc_text(const std::string& s);
// New state to show (a storage or sync answer): frames, without the 700 ms of frames that input
// gets for hover delays (during a long sync those would draw at 60 fps all along).
void request_frames(int n = 3);
// After an input event: frames now, and for 700 ms after (hover delays, tooltips).
void request_input_frames();
// Storage start-up: the number of snapshot chunks, then each chunk (decoded at once and let go),
// then the change log and the outcome.
void on_storage_begin(std::size_t chunk_count);
void on_storage_chunk(std::string_view bytes);
void on_storage_loaded(bool ok, const std::string& error);
// ok: 1 written (log entries get `key`), 0 failed, 2 a snapshot refused (see web_tabs.cpp).
void on_storage_written(std::uint64_t write_id, int ok, const std::string& error, std::uint64_t key);
// web_tabs.cpp: listens for other tabs' saves; reads what they wrote since this tab last looked.
void install_tabs();
void read_other_tabs_changes();
void install_input_handlers();  // web_input.cpp
// web_storage_faults.cpp: after loading, files newly found unreadable bytes in the quarantine
// store and lists what it held before; the storage part of the test state.
void settle_quarantine(WebApp& w);
std::string storage_test_state(const WebApp& w);
void start_sync(WebApp& w);     // web_sync.cpp: reads the stored sync settings, starts syncing
void pump_sync(WebApp& w);      // web_sync.cpp: sends the next request when one is due
void install_data_file(WebApp& w);  // web_data_file.cpp: export and import callbacks
// web_follow_ups.cpp: mailto:/tel: links, the reminder wake-up timer, browser notifications
void install_follow_ups(WebApp& w);
std::string follow_ups_test_state(const WebApp& w);
void update_display_size();     // web_input.cpp: canvas size and device pixel ratio
// web_fonts.cpp: the font atlas from the characters the app draws (see the top of that file).
void init_fonts(float dpr);
void note_text_for_glyphs(const char* utf8);   // typed or pasted text
void note_store_loaded(const WebApp& w);       // every record once, after loading
void note_records_for_glyphs(const WebApp& w, std::span<const RecordHandle> changed);  // another tab's records
bool feed_glyphs(WebApp& w);                    // each frame before the flush: changed records, catalog; true = redraw
void note_pending_taken();                      // Persistence took the store's change queue
bool update_fonts(const WebApp& w);             // before NewFrame: rebuilds the atlas if needed
void snap_text_vertices(ImDrawData* data, float dpr);  // after Render: glyphs on whole device pixels
std::string fonts_test_state();
// web_present.cpp: false when the frame would draw what the canvas already shows (or, during a
// sync, when the last change was shown less than 500 ms ago and no input asked for this one).
bool frame_to_canvas(const WebApp& w, const ImDrawData* data);
void forget_frame_on_screen();

// The ImGui text field being edited, for the test state (web_input.cpp).
struct ActiveTextField {
    bool active = false;
    std::string text;    // as edited so far (the bound string may lag until the edit is applied)
    int undo_steps = 0;  // ImGui's undo records for the field
};
ActiveTextField active_text_field();

}  // namespace crm
