// Measurement hooks for the benchmark (scripts/bench.sh, tests/bench/run.mjs). The app calls these
// at a few points (start-up, frames, import/export, storage writes); they only record times with
// emscripten_get_now() (performance.now(), same origin as the page's marks) into bounded buffers.
// The bench reads them through the exported crm_bench_* functions in web_bench.cpp.
#pragma once
#include <cstdint>

namespace crm {
struct WebApp;
}

namespace crm::bench {

// StartupRest: what on_storage_loaded does after decoding (start options, glyphs, sync, data file).
enum class Span : std::uint8_t { Decode, ImportPlan, ImportApply, Export, StartupRest, kCount };

// Records [start_ms, now] as the latest `span`.
void record_span(Span span, double start_ms);

// Records the time from construction to destruction as the latest `span` (one line at a call site).
class ScopedSpan {
public:
    explicit ScopedSpan(Span span);
    ~ScopedSpan();
    ScopedSpan(const ScopedSpan&) = delete;
    ScopedSpan& operator=(const ScopedSpan&) = delete;

private:
    Span span_;
    double start_ms_;
};

void mark_main_started();
void frame_begin();
void frame_drawn(const WebApp& w);  // after a frame was drawn: notes the first interactive one
void frame_end();                   // after the drawn frame's a11y publication

// The parts of a drawn frame, in the order they run: frame_part(p) ends part p at now (it began
// at the previous mark, or at frame_begin). Where the p95 frames spend their time; a part not
// marked in a frame counts 0 for it.
enum class FramePart : std::uint8_t {
    Before,        // flush, retries, sync pump
    NewFrame,      // registry reset, backend and ImGui NewFrame
    Views,         // draw_app: our views and ImGui's widgets
    Render,        // ImGui::Render and text snapping
    Compare,       // the identical-frame hash
    Gl,            // ImGui_ImplOpenGL3_RenderDrawData (WebGL calls)
    After,         // ini, flush after drawing
    MirrorBuild,   // the mirror's description of the frame (C++)
    MirrorPublish, // handing it to web/a11y_mirror.js: copy, JSON.parse and the DOM diff
    kCount
};
void frame_part(FramePart part);
void write_requested(std::uint64_t write_id, bool snapshot);
void write_done(std::uint64_t write_id);

}  // namespace crm::bench
